// Managing 2FA with a full session: turning it off, new recovery codes,
// and the admin's view of who has not enrolled yet.
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <optional>

#include "common/crypto/password.h"
#include "common/http/json.h"
#include "common/session/session_json.h"
#include "modules/twofa/handler_support.h"
#include "modules/twofa/second_factor.h"
#include "modules/twofa/session_change.h"
#include "modules/twofa/twofa_handlers.h"
#include "modules/twofa/twofa_store.h"

namespace ap::twofa {
namespace {

Status NotEnabled() {
  return Status(Code::kConflict, "2fa_not_enabled",
                "Two-factor sign-in is not on.");
}

bool IsEnabled(Db& core, int64_t user_id) {
  std::optional<TotpRow> row = LoadTotp(core, user_id);
  return row && row->enabled;
}

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

// When the organisation demands 2FA, turning it off leaves the session
// able to enrol again and nothing else.
Response DisabledAnswer(Context& ctx) {
  Json body{{"enabled", false}};
  if (!TenantEnforces(ctx.core(), ctx.session().tenant_id)) {
    body["session"] = SessionJson(ctx.session());
    return JsonResponse(200, body);
  }
  RotatedSession rotated = RotateSession(ctx, SessionState::kEnrolOnly);
  body["session"] = SessionJson(rotated.session);
  return AnswerWithToken(ctx, body, rotated);
}

Json NotEnrolled(Db& core, int64_t tenant_id) {
  auto st = core.Prepare(
      "SELECT u.id, u.login, u.display_name FROM users u"
      " WHERE u.tenant_id = ? AND u.status <> 'disabled' AND NOT EXISTS"
      " (SELECT 1 FROM user_totp x WHERE x.user_id = u.id"
      "  AND x.enabled_at IS NOT NULL) ORDER BY u.login");
  st->setInt64(1, tenant_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  Json users = Json::array();
  while (rs->next()) {
    users.push_back(
        {{"id", rs->getInt64("id")},
         {"login", std::string(rs->getString("login"))},
         {"display_name", std::string(rs->getString("display_name"))}});
  }
  return users;
}

}  // namespace

Response HandleDisable(Context& ctx, const Settings& settings) {
  auto fields = ReadStringFields(ctx.request(), {"password", "code"});
  if (!fields.ok()) return Response::Error(fields.status());
  const Session& s = ctx.session();
  Db& core = ctx.core();
  if (!IsEnabled(core, s.user_id)) return Response::Error(NotEnabled());

  // The password first: a wrong one must not use up a code.
  if (!PasswordMatches(core, s.user_id, fields->at("password"))) {
    Audit(ctx, "2fa_disable_refused", "wrong password");
    return Response::Error(Status(Code::kUnprocessable, "invalid_password",
                                  "The password is not right."));
  }
  Result<Factor> factor = CheckSecondFactor(core, settings.key, s.user_id,
                                            fields->at("code"), NowUnix());
  if (!factor.ok()) return Response::Error(factor.status());
  if (!Proven(*factor)) {
    RecordCodeFailure(ctx, settings.limits, "wrong code while disabling");
    return Response::Error(InvalidCode());
  }

  Transaction tx(core);
  DeleteTwofa(core, s.user_id);
  tx.Commit();
  RevokeOtherSessions(ctx);
  Audit(ctx, "2fa_disabled", "other sessions revoked");
  return DisabledAnswer(ctx);
}

Response HandleNewRecoveryCodes(Context& ctx, const Settings& settings) {
  (void)settings;
  const Session& s = ctx.session();
  Db& core = ctx.core();
  if (!IsEnabled(core, s.user_id)) return Response::Error(NotEnabled());

  Transaction tx(core);
  std::vector<std::string> codes = IssueRecoveryCodes(core, s.user_id);
  tx.Commit();
  RevokeOtherSessions(ctx);
  Audit(ctx, "2fa_recovery_codes_renewed",
        "old codes void; other sessions"
        " revoked");
  return JsonResponse(200, {{"recovery_codes", codes}});
}

Response HandleEnforcement(Context& ctx, const Settings& settings) {
  (void)settings;
  const Session& s = ctx.session();
  if (!s.is_admin()) {
    return Response::Error(Status(Code::kForbidden, "admin_only",
                                  "Only an organisation admin may see this."));
  }
  Db& core = ctx.core();
  return JsonResponse(200, {{"enforced", TenantEnforces(core, s.tenant_id)},
                            {"not_enrolled", NotEnrolled(core, s.tenant_id)}});
}

}  // namespace ap::twofa
