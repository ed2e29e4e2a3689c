// The second step of login: a pending session proves the second factor
// and becomes full, with a new token.
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_connection.h>

#include <memory>

#include "common/http/json.h"
#include "common/session/session_json.h"
#include "common/session/session_store.h"
#include "modules/twofa/codes.h"
#include "modules/twofa/handler_support.h"
#include "modules/twofa/second_factor.h"
#include "modules/twofa/session_change.h"
#include "modules/twofa/twofa_handlers.h"
#include "modules/twofa/twofa_store.h"

namespace ap::twofa {
namespace {

// Counts this attempt before checking the code, so that parallel guesses
// cannot exceed the limit: the attempt's number (1 to kMaxCodeFailures),
// or 0 when the session has used them all up.
int64_t TakeAttempt(Db& core, int64_t session_id) {
  auto st = core.Prepare(
      "UPDATE sessions SET twofa_failures = LAST_INSERT_ID(twofa_failures + 1)"
      " WHERE id = ? AND twofa_failures < ? AND revoked_at IS NULL");
  st->setInt64(1, session_id);
  st->setInt(2, kMaxCodeFailures);
  if (st->executeUpdate() != 1) return 0;

  std::unique_ptr<sql::Statement> q(core.Conn().createStatement());
  std::unique_ptr<sql::ResultSet> rs(
      q->executeQuery("SELECT LAST_INSERT_ID() AS n"));
  return rs->next() ? rs->getInt64("n") : kMaxCodeFailures;
}

// A successful step forgets the attempts it counted.
void ClearAttempts(Db& core, int64_t session_id) {
  auto st = core.Prepare("UPDATE sessions SET twofa_failures = 0 WHERE id = ?");
  st->setInt64(1, session_id);
  st->executeUpdate();
}

Status LockedOut() {
  return Status(Code::kUnauthorized, "2fa_locked",
                "Too many wrong codes. Please sign in again.");
}

Response Lockout(Context& ctx) {
  SessionStore(ctx.config()).Revoke(ctx.core(), ctx.session().id);
  Audit(ctx, "2fa_lockout",
        std::to_string(kMaxCodeFailures) + " wrong codes; session revoked");
  return AnswerSessionEnded(LockedOut());
}

// A wrong or replayed code: audited as a failure of the account (the
// login throttle counts these), and the session ends at the limit.
Response WrongCode(Context& ctx, const Settings& settings, Factor factor,
                   int64_t attempt) {
  RecordCodeFailure(
      ctx, settings.limits,
      factor == Factor::kReplayed ? "code already used" : "wrong code");
  if (attempt >= kMaxCodeFailures) return Lockout(ctx);

  Status wrong = factor == Factor::kReplayed ? CodeReused() : InvalidCode();
  Json body{{"error", wrong.error()},
            {"message", wrong.message()},
            {"attempts_left", kMaxCodeFailures - attempt}};
  return JsonResponse(HttpStatusFor(wrong.code()), body);
}

}  // namespace

Response HandleVerify(Context& ctx, const Settings& settings) {
  const Session& s = ctx.session();
  if (s.state != SessionState::kPending2fa) {
    return Response::Error(Status(Code::kConflict, "not_pending",
                                  "This session is not waiting for a code."));
  }
  auto fields = ReadStringFields(ctx.request(), {"code"});
  if (!fields.ok()) return Response::Error(fields.status());

  Db& core = ctx.core();
  ThrottleState throttle =
      LoginThrottle(settings.limits)
          .Check(core, LoginThrottle::AccountKey(s.user_id, ""), "");
  // The account has failed too often (passwords and codes together): no
  // code is checked until the window ends.
  if (throttle.locked()) return TooManyAttempts(ctx, throttle.retry_after);
  int64_t attempt = TakeAttempt(core, s.id);
  if (attempt == 0) return Lockout(ctx);
  Result<Factor> factor = CheckSecondFactor(core, settings.key, s.user_id,
                                            fields->at("code"), NowUnix());
  if (!factor.ok()) return Response::Error(factor.status());
  if (!Proven(*factor)) return WrongCode(ctx, settings, *factor, attempt);

  // Signed in completely: the account's failed attempts are forgotten, as
  // after a password-only sign-in.
  ClearAttempts(core, s.id);
  LoginThrottle(settings.limits)
      .Reset(core, LoginThrottle::AccountKey(s.user_id, ""));
  RotatedSession rotated = RotateSession(ctx, SessionState::kFull);
  Audit(ctx, "2fa_verified",
        *factor == Factor::kRecovery
            ? "recovery code; " +
                  std::to_string(UnusedRecoveryCodes(core, s.user_id)) + " left"
            : "totp");
  return AnswerWithToken(ctx, SessionJson(rotated.session), rotated);
}

}  // namespace ap::twofa
