#include "modules/twofa/reauth.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "common/account/login_throttle.h"
#include "common/account/password_state.h"
#include "common/crypto/password.h"
#include "modules/twofa/handler_support.h"
#include "modules/twofa/second_factor.h"

namespace ap::twofa {
namespace {

// An account without a password (OAuth only) never matches; it costs the
// same time as a real check with the configured cost.
bool PasswordMatches(Db& core, int64_t user_id, const std::string& password,
                     const PasswordParams& params) {
  auto st = core.Prepare("SELECT password_hash FROM users WHERE id = ?");
  st->setInt64(1, user_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next() || rs->isNull("password_hash")) {
    BurnPasswordTime(params);
    return false;
  }
  return VerifyPassword(password, rs->getString("password_hash"));
}

// A wrong password counts for the account and the address, as a wrong
// current password at /api/auth/password does.
Response WrongPassword(Context& ctx, const LoginThrottle& throttle,
                       const std::string& action) {
  const Session& s = ctx.session();
  throttle.RecordFailure(ctx.core(), LoginThrottle::AccountKey(s.user_id, ""),
                         LoginThrottle::IpKey(ctx.request().remote_addr));
  Audit(ctx, "2fa_password_failure", "wrong password while " + action);
  return Response::Error(Status(Code::kUnprocessable, "invalid_password",
                                "The password is not right."));
}

std::optional<Response> CheckCode(Context& ctx, const Settings& settings,
                                  const std::string& code,
                                  const std::string& action) {
  Result<Factor> factor = CheckSecondFactor(
      ctx.core(), settings.key, ctx.session().user_id, code, NowUnix());
  if (!factor.ok()) return Response::Error(factor.status());
  if (Proven(*factor)) return std::nullopt;
  bool replayed = *factor == Factor::kReplayed;
  RecordCodeFailure(
      ctx, settings.limits,
      (replayed ? "code already used while " : "wrong code while ") + action);
  return Response::Error(replayed ? CodeReused() : InvalidCode());
}

}  // namespace

std::optional<Response> Reauthenticate(Context& ctx, const Settings& settings,
                                       const ReauthAnswers& answers,
                                       const std::string& action) {
  const Session& s = ctx.session();
  LoginThrottle throttle(settings.limits);
  ThrottleState state =
      throttle.Check(ctx.core(), LoginThrottle::AccountKey(s.user_id, ""),
                     LoginThrottle::IpKey(ctx.request().remote_addr));
  if (state.locked()) return TooManyAttempts(ctx, state.retry_after);

  if (answers.password != nullptr &&
      !PasswordMatches(ctx.core(), s.user_id, *answers.password,
                       settings.password_params)) {
    return WrongPassword(ctx, throttle, action);
  }
  if (answers.code != nullptr) {
    return CheckCode(ctx, settings, *answers.code, action);
  }
  return std::nullopt;
}

bool SignedInRecently(Db& core, int64_t session_id) {
  auto st = core.Prepare(
      "SELECT 1 FROM sessions WHERE id = ?"
      " AND created_at > UTC_TIMESTAMP(3) - INTERVAL ? SECOND");
  st->setInt64(1, session_id);
  st->setInt64(2, kFreshSignInSeconds);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  return rs->next();
}

Status SignInAgain() {
  return Status(Code::kForbidden, "reauth_required",
                "Sign in again, then make this change within ten minutes.");
}

std::optional<Response> ReauthenticateOwner(Context& ctx,
                                            const Settings& settings,
                                            const Fields& fields,
                                            const std::string* code,
                                            const std::string& action) {
  const Session& s = ctx.session();
  if (!UserHasPassword(ctx.core(), s.user_id)) {
    if (!SignedInRecently(ctx.core(), s.id)) {
      return Response::Error(SignInAgain());
    }
    return Reauthenticate(ctx, settings, {nullptr, code}, action);
  }
  return ReauthenticateWithPassword(ctx, settings, fields, code, action);
}

std::optional<Response> ReauthenticateWithPassword(Context& ctx,
                                                   const Settings& settings,
                                                   const Fields& fields,
                                                   const std::string* code,
                                                   const std::string& action) {
  auto password = fields.find("password");
  if (password == fields.end()) {
    return Response::Error(
        BadRequest("missing_field",
                   "The field 'password' is required and must be a "
                   "string."));
  }
  return Reauthenticate(ctx, settings, {&password->second, code}, action);
}

}  // namespace ap::twofa
