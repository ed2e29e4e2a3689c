// Re-authentication before a change of the second factor. Whoever holds a
// session is not necessarily its owner (a cookie or a Pulse token can be
// stolen, a phone left unlocked), so turning 2FA on or off and making new
// recovery codes ask again for what only the owner knows.
//
// Wrong answers are failed sign-ins of the account, in the counter and
// with the limits of POST /api/auth/login and /api/auth/password, and a
// locked-out account is refused before any answer is checked: a session
// must not be a way to guess the password or codes past the lockout.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/http/context.h"
#include "common/http/response.h"
#include "modules/twofa/handler_support.h"
#include "modules/twofa/twofa_handlers.h"

namespace ap::twofa {

// What the request answered; nullptr for what is not asked.
struct ReauthAnswers {
  const std::string* password = nullptr;
  const std::string* code = nullptr;  // a TOTP code or a recovery code
};

// Checks the throttle, then the password, then the code (so a wrong
// password never uses up a code). nullopt when everything asked is right
// (a right code is then used up); else the answer to give: 429
// too_many_attempts, 422 invalid_password, 422 invalid_code or
// code_reused. `action` ("enabling", ...) goes into the audit detail.
std::optional<Response> Reauthenticate(Context& ctx, const Settings& settings,
                                       const ReauthAnswers& answers,
                                       const std::string& action);

// A session signed in this recently counts as having just proved the
// password (or the provider's sign-in).
constexpr int64_t kFreshSignInSeconds = 600;

bool SignedInRecently(Db& core, int64_t session_id);

// 403 reauth_required: the session must sign in again first.
Status SignInAgain();

// Reauthenticate with the "password" of `fields` (400 missing_field when
// absent) and `code` (may be nullptr).
std::optional<Response> ReauthenticateWithPassword(Context& ctx,
                                                   const Settings& settings,
                                                   const Fields& fields,
                                                   const std::string* code,
                                                   const std::string& action);

// ReauthenticateWithPassword for an account that has one. An account
// without a password signs in only through a provider and has none to
// give: a sign-in of the last kFreshSignInSeconds is its proof instead,
// else 403 reauth_required.
std::optional<Response> ReauthenticateOwner(Context& ctx,
                                            const Settings& settings,
                                            const Fields& fields,
                                            const std::string* code,
                                            const std::string& action);

}  // namespace ap::twofa
