#include "modules/login/captcha.h"

#include "common/config/config.h"
#include "common/http/json.h"
#include "common/http_client/http_post.h"

namespace ap::login {
namespace {

// Widget tokens are a few hundred characters; anything far longer is not
// worth sending anywhere.
constexpr size_t kMaxTokenLength = 4096;

constexpr const char* kGoogleVerifyUrl =
    "https://www.google.com/recaptcha/api/siteverify";

}  // namespace

Result<CaptchaSettings> CaptchaSettingsFromConfig(const Config& config) {
  CaptchaSettings s;
  s.site_key = config.GetString("recaptcha.site_key");
  s.secret = config.GetString("recaptcha.secret");
  s.verify_url = config.GetString("recaptcha.verify_url", kGoogleVerifyUrl);
  s.always = config.GetBool("recaptcha.always", false);
  s.fail_open = config.GetBool("recaptcha.fail_open", false);
  s.timeout_seconds = config.GetInt("recaptcha.timeout_seconds", 5);
  if (s.enabled() && s.secret.empty()) {
    return Internal("recaptcha.site_key is set but recaptcha.secret is not");
  }
  if (s.enabled() && !s.verify_url.starts_with("https://") &&
      !s.verify_url.starts_with("http://")) {
    return Internal("recaptcha.verify_url must be an http(s) URL");
  }
  if (s.timeout_seconds < 1) {
    return Internal("recaptcha.timeout_seconds must be positive");
  }
  return s;
}

CaptchaVerdict ParseVerifyAnswer(long http_status, std::string_view body,
                                 std::string* detail) {
  if (http_status != 200) {
    *detail = "verify service answered HTTP " + std::to_string(http_status);
    return CaptchaVerdict::kUnavailable;
  }
  Json answer = Json::parse(body, nullptr, false);
  if (!answer.is_object() || !answer.contains("success") ||
      !answer["success"].is_boolean()) {
    *detail = "verify service answered something that is not its JSON";
    return CaptchaVerdict::kUnavailable;
  }
  if (answer["success"].get<bool>()) {
    detail->clear();
    return CaptchaVerdict::kPassed;
  }
  *detail = "rejected";
  if (answer.contains("error-codes") && answer["error-codes"].is_array()) {
    for (const Json& code : answer["error-codes"]) {
      if (code.is_string()) *detail += " " + code.get<std::string>();
    }
  }
  return CaptchaVerdict::kFailed;
}

CaptchaVerdict VerifyCaptcha(const CaptchaSettings& settings,
                             const std::string& token,
                             const std::string& remote_ip,
                             std::string* detail) {
  if (token.empty() || token.size() > kMaxTokenLength) {
    *detail = "no usable token";
    return CaptchaVerdict::kFailed;
  }
  Result<HttpAnswer> answer = PostForm(settings.verify_url,
                                       {{"secret", settings.secret},
                                        {"response", token},
                                        {"remoteip", remote_ip}},
                                       settings.timeout_seconds);
  if (!answer.ok()) {
    *detail = "verify service unreachable: " + answer.status().message();
    return CaptchaVerdict::kUnavailable;
  }
  return ParseVerifyAnswer(answer->status, answer->body, detail);
}

}  // namespace ap::login
