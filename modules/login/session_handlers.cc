#include "modules/login/session_handlers.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "common/audit/audit.h"
#include "common/db/sql_time.h"
#include "common/http/json.h"
#include "common/session/session_store.h"

namespace ap::login {

Response HandleListSessions(Context& ctx, const LoginSettings& settings) {
  const Session& session = ctx.session();
  // Live as SessionStore sees them: not revoked, not expired, not idle
  // beyond the limit of their state.
  auto st = ctx.core().Prepare(
      "SELECT id, client, ip, user_agent,"
      " " AP_SQL_ISO_MILLIS("created_at") " AS created,"
      " " AP_SQL_ISO_MILLIS("last_seen_at") " AS seen"
      " FROM sessions WHERE user_id = ? AND revoked_at IS NULL"
      " AND expires_at > UTC_TIMESTAMP(3)"
      " AND last_seen_at > UTC_TIMESTAMP(3) - INTERVAL"
      "  IF(state = 'full', ?, ?) SECOND"
      " ORDER BY last_seen_at DESC, id DESC LIMIT 200");
  st->setInt64(1, session.user_id);
  st->setInt64(2, settings.session_idle_seconds);
  st->setInt64(3, settings.session_pending_seconds);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());

  Json list = Json::array();
  while (rs->next()) {
    int64_t id = rs->getInt64("id");
    list.push_back({{"id", id},
                    {"created_at", rs->getString("created")},
                    {"last_seen_at", rs->getString("seen")},
                    {"ip", rs->getString("ip")},
                    {"user_agent", rs->getString("user_agent")},
                    {"client", rs->getString("client")},
                    {"current", id == session.id}});
  }
  return JsonResponse(200, {{"sessions", list}});
}

Response HandleRevokeSession(Context& ctx) {
  Result<int64_t> id = ctx.IdParam("id");
  if (!id.ok()) return Response::Error(id.status());
  const Session& session = ctx.session();

  auto st = ctx.core().Prepare(
      "UPDATE sessions SET revoked_at = UTC_TIMESTAMP(3)"
      " WHERE id = ? AND user_id = ? AND revoked_at IS NULL");
  st->setInt64(1, *id);
  st->setInt64(2, session.user_id);
  if (st->executeUpdate() != 1) return Response::Error(NotFound());

  WriteAudit(ctx.core(), {session.tenant_id, session.user_id,
                          ctx.request().remote_addr, "session_revoked",
                          "session " + std::to_string(*id) +
                              (*id == session.id ? " (the current one)" : "")});
  Response response = Response::NoContent();
  if (*id == session.id && !session.via_bearer) {
    response.AddHeader("Set-Cookie", SessionStore::ClearingCookie());
  }
  return response;
}

}  // namespace ap::login
