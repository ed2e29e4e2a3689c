// LoginThrottle: counts failed sign-ins per account and per client IP in
// ap_core.login_attempts, so that every app server shares the counts.
//
// A key's window opens at its first failure and lasts auth.window_seconds.
// Within it, from captcha_after failures on the account (or ip_captcha_after
// on the IP) a reCAPTCHA answer is demanded; from lockout_after (or
// ip_lockout_after) every attempt is refused until the window ends. An
// account is keyed by its user ID when the name is known, else by the
// name as typed (lower-cased), so unknown names are counted exactly like
// real accounts and the answers never tell which exist.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/base/status.h"
#include "common/db/db.h"

namespace ap {

class Config;

struct ThrottleLimits {
  int64_t captcha_after = 5;
  int64_t lockout_after = 10;
  int64_t ip_captcha_after = 50;
  int64_t ip_lockout_after = 100;
  int64_t window_seconds = 900;

  // auth.captcha_after, auth.lockout_after, auth.ip_captcha_after,
  // auth.ip_lockout_after, auth.window_seconds; all must be positive and
  // each captcha limit at most its lockout limit.
  static Result<ThrottleLimits> FromConfig(const Config& config);
};

struct ThrottleState {
  bool captcha = false;     // a reCAPTCHA answer is required
  int64_t retry_after = 0;  // > 0: locked out for this many seconds

  bool locked() const { return retry_after > 0; }
};

class LoginThrottle {
 public:
  explicit LoginThrottle(ThrottleLimits limits) : limits_(limits) {}

  // The stored keys (raw SHA-256). `user_id` 0 means the name is unknown.
  static std::string AccountKey(int64_t user_id, std::string_view typed);
  static std::string IpKey(std::string_view ip);

  ThrottleState Check(Db& core, const std::string& account_key,
                      const std::string& ip_key) const;

  // One more failure for the account and the IP (ip_key may be empty).
  void RecordFailure(Db& core, const std::string& account_key,
                     const std::string& ip_key) const;

  // A successful sign-in forgets the account's failures (not the IP's).
  void Reset(Db& core, const std::string& account_key) const;

  const ThrottleLimits& limits() const { return limits_; }

 private:
  void Count(Db& core, const char* kind, const std::string& key) const;

  ThrottleLimits limits_;
};

}  // namespace ap
