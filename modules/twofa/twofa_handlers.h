// The /api/2fa/ endpoints. Each takes the module's settings, read once at
// start (routes.cc). Changes of the second factor re-authenticate first
// (reauth.h) and give the session a new token (session_change.h).
//
//   POST /api/2fa/setup        (enrol)   new unconfirmed secret, URI, QR
//   POST /api/2fa/enable       (enrol)   {"code", "password"} -> on, codes
//   GET  /api/2fa/status       (enrol)   enabled?, codes left, enforced?
//   POST /api/2fa/verify       (pending) {"code"} -> full session
//   POST /api/2fa/disable      (full)    {"password", "code"} -> off
//   POST /api/2fa/recovery     (full)    {"password", "code"} -> new codes
//   GET  /api/2fa/enforcement  (admin)   who is not enrolled yet
#pragma once

#include <string>

#include "common/account/login_throttle.h"
#include "common/crypto/password.h"
#include "common/http/context.h"
#include "common/http/response.h"

namespace ap::twofa {

struct Settings {
  std::string key;     // 32 bytes: seals TOTP secrets (twofa.key)
  std::string issuer;  // the name authenticator apps show (twofa.issuer)
  // Wrong codes count as failed sign-ins of the account, in the same
  // counter as wrong passwords (auth.* limits).
  ThrottleLimits limits;
  // The hash cost (auth.argon2_*) that an account without a password is
  // made to wait for, so it answers in the time a real check takes.
  PasswordParams password_params;
};

Response HandleSetup(Context& ctx, const Settings& settings);
Response HandleEnable(Context& ctx, const Settings& settings);
Response HandleStatus(Context& ctx, const Settings& settings);
Response HandleVerify(Context& ctx, const Settings& settings);
Response HandleDisable(Context& ctx, const Settings& settings);
Response HandleNewRecoveryCodes(Context& ctx, const Settings& settings);
Response HandleEnforcement(Context& ctx, const Settings& settings);

}  // namespace ap::twofa
