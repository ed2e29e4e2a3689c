// The reCAPTCHA gate: the settings, and the server-side check of a
// widget's token against the verify service (Google's protocol: POST
// secret, response, remoteip; JSON {"success": bool, "error-codes": [...]}).
#pragma once

#include <string>
#include <string_view>

#include "common/base/status.h"

namespace ap {
class Config;
}

namespace ap::login {

struct CaptchaSettings {
  std::string site_key;    // recaptcha.site_key; empty: the gate is off
  std::string secret;      // recaptcha.secret
  std::string verify_url;  // recaptcha.verify_url
  bool always = false;     // recaptcha.always: every login needs an answer
  bool fail_open = false;  // recaptcha.fail_open: service down lets in
  long timeout_seconds = 5;

  bool enabled() const { return !site_key.empty(); }
};

// Reads recaptcha.*; a site key without a secret is an error.
Result<CaptchaSettings> CaptchaSettingsFromConfig(const Config& config);

enum class CaptchaVerdict {
  kPassed,
  kFailed,       // the service said no (or the token is empty/too long)
  kUnavailable,  // the service could not be asked or answered nonsense
};

// Reads the verify service's JSON answer. `detail` gets the error codes
// or what was wrong with the answer (for the log and the audit).
CaptchaVerdict ParseVerifyAnswer(long http_status, std::string_view body,
                                 std::string* detail);

// Asks the verify service about `token` for the client at `remote_ip`.
CaptchaVerdict VerifyCaptcha(const CaptchaSettings& settings,
                             const std::string& token,
                             const std::string& remote_ip, std::string* detail);

}  // namespace ap::login
