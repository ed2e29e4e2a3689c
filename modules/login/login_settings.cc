#include "modules/login/login_settings.h"

#include "common/account/password_params.h"
#include "common/config/config.h"

namespace ap::login {

Result<LoginSettings> LoginSettingsFromConfig(const Config& config) {
  LoginSettings s;
  Result<PasswordParams> params = PasswordParamsFromConfig(config);
  if (!params.ok()) return params.status();
  s.password_params = *params;
  Result<size_t> hashes = HashLimitFromConfig(config);
  if (!hashes.ok()) return hashes.status();
  s.max_concurrent_hashes = *hashes;

  Result<ThrottleLimits> limits = ThrottleLimits::FromConfig(config);
  if (!limits.ok()) return limits.status();
  s.limits = *limits;

  Result<CaptchaSettings> captcha = CaptchaSettingsFromConfig(config);
  if (!captcha.ok()) return captcha.status();
  s.captcha = *captcha;

  Result<OidcSettings> oidc = OidcSettingsFromConfig(config);
  if (!oidc.ok()) return oidc.status();
  s.oidc = std::move(*oidc);

  Result<const CommonPasswords*> common = ProcessCommonPasswords(config);
  if (!common.ok()) return common.status();
  s.common = *common;

  s.public_url = config.GetString("public_url");
  while (!s.public_url.empty() && s.public_url.back() == '/') {
    s.public_url.pop_back();
  }
  s.session_idle_seconds = config.GetInt("session.idle_seconds", 1800);
  s.session_pending_seconds = config.GetInt("session.pending_seconds", 300);
  return s;
}

}  // namespace ap::login
