#include "modules/twofa/reauth.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "common/account/login_throttle.h"
#include "common/crypto/password.h"
#include "modules/twofa/handler_support.h"
#include "modules/twofa/second_factor.h"

namespace ap::twofa {
namespace {

// An account without a password (OAuth only) never matches; it costs the
// same time as a real check.
bool PasswordMatches(Db& core, int64_t user_id, const std::string& password) {
  auto st = core.Prepare("SELECT password_hash FROM users WHERE id = ?");
  st->setInt64(1, user_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next() || rs->isNull("password_hash")) {
    BurnPasswordTime(PasswordParams());
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
      !PasswordMatches(ctx.core(), s.user_id, *answers.password)) {
    return WrongPassword(ctx, throttle, action);
  }
  if (answers.code != nullptr) {
    return CheckCode(ctx, settings, *answers.code, action);
  }
  return std::nullopt;
}

}  // namespace ap::twofa
