// What the login module reads from configuration once, at start-up.
#pragma once

#include <cstdint>
#include <string>

#include "common/account/login_throttle.h"
#include "common/account/password_policy.h"
#include "common/base/status.h"
#include "common/crypto/password.h"
#include "modules/login/captcha.h"
#include "modules/login/oidc_settings.h"

namespace ap {
class Config;
}

namespace ap::login {

// Lifetimes of the links sent by mail (the customer's security page).
inline constexpr int64_t kInvitationSeconds = 7 * 24 * 3600;
inline constexpr int64_t kResetSeconds = 30 * 60;

struct LoginSettings {
  PasswordParams password_params;
  size_t max_concurrent_hashes = 1;  // auth.max_concurrent_hashes
  ThrottleLimits limits;
  CaptchaSettings captcha;
  OidcSettings oidc;
  const CommonPasswords* common = nullptr;  // the process's list
  std::string public_url;                   // no trailing slash
  int64_t session_idle_seconds = 1800;
  int64_t session_pending_seconds = 300;
};

// Loads and checks everything; an error names the key.
Result<LoginSettings> LoginSettingsFromConfig(const Config& config);

}  // namespace ap::login
