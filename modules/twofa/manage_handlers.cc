// Managing 2FA with a full session: turning it off, new recovery codes,
// and the admin's view of who has not enrolled yet.
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <optional>

#include "common/http/json.h"
#include "common/session/session_json.h"
#include "modules/twofa/handler_support.h"
#include "modules/twofa/reauth.h"
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
  auto fields = ReadStringFields(ctx.request(), {"code"}, {"password"});
  if (!fields.ok()) return Response::Error(fields.status());
  const Session& s = ctx.session();
  Db& core = ctx.core();
  if (!IsEnabled(core, s.user_id)) return Response::Error(NotEnabled());

  std::optional<Response> refused = ReauthenticateOwner(
      ctx, settings, *fields, &fields->at("code"), "disabling");
  if (refused) return *refused;

  // Turning 2FA off changes what the session is worth, so it gets a new
  // token like every privilege change, in the same commit as the change;
  // when the organisation demands 2FA, the session is left able to enrol
  // again and nothing else.
  bool enforced = TenantEnforces(core, s.tenant_id);
  Transaction tx(core);
  DeleteTwofa(core, s.user_id);
  RevokeOtherSessions(ctx);
  RotatedSession rotated = RotateSession(
      ctx, enforced ? SessionState::kEnrolOnly : SessionState::kFull);
  tx.Commit();
  Audit(ctx, "2fa_disabled", "other sessions revoked; new token");
  return AnswerWithToken(
      ctx, {{"enabled", false}, {"session", SessionJson(rotated.session)}},
      rotated);
}

// New recovery codes are a second factor of their own, so making them
// takes the factor they stand for (a current TOTP code, or one of the old
// recovery codes, which is then used up) and the password: the Pulse app
// and the authenticator often live on the same phone, and one stolen,
// unlocked phone must not be enough to mint codes that pass the 2FA step.
Response HandleNewRecoveryCodes(Context& ctx, const Settings& settings) {
  auto fields = ReadStringFields(ctx.request(), {"code"}, {"password"});
  if (!fields.ok()) return Response::Error(fields.status());
  const Session& s = ctx.session();
  Db& core = ctx.core();
  if (!IsEnabled(core, s.user_id)) return Response::Error(NotEnabled());
  std::optional<Response> refused = ReauthenticateOwner(
      ctx, settings, *fields, &fields->at("code"), "renewing recovery codes");
  if (refused) return *refused;

  Transaction tx(core);
  std::vector<std::string> codes = IssueRecoveryCodes(core, s.user_id);
  tx.Commit();
  RevokeOtherSessions(ctx);
  Audit(ctx, "2fa_recovery_codes_renewed",
        "old codes void; other sessions revoked");
  return JsonResponse(200, {{"recovery_codes", codes}});
}

Response HandleEnforcement(Context& ctx, const Settings& settings) {
  (void)settings;
  const Session& s = ctx.session();
  if (!s.is_admin()) {
    return Response::Error(Status(Code::kForbidden, "forbidden",
                                  "Only an organisation admin may see this."));
  }
  Db& core = ctx.core();
  return JsonResponse(200, {{"enforced", TenantEnforces(core, s.tenant_id)},
                            {"not_enrolled", NotEnrolled(core, s.tenant_id)}});
}

}  // namespace ap::twofa
