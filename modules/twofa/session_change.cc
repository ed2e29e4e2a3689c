#include "modules/twofa/session_change.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "common/session/session_store.h"

namespace ap::twofa {
namespace {

// Rotate() makes a new CSRF token but does not return it.
std::string CsrfTokenOf(Db& core, int64_t session_id) {
  auto st = core.Prepare("SELECT csrf_token FROM sessions WHERE id = ?");
  st->setInt64(1, session_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  return rs->next() ? std::string(rs->getString("csrf_token")) : "";
}

}  // namespace

RotatedSession RotateSession(Context& ctx, SessionState state) {
  SessionStore store(ctx.config());
  RotatedSession rotated;
  rotated.session = ctx.session();
  rotated.token = store.Rotate(ctx.core(), rotated.session.id, state);
  rotated.session.state = state;
  rotated.session.csrf_token = CsrfTokenOf(ctx.core(), rotated.session.id);
  return rotated;
}

Response AnswerWithToken(Context& ctx, Json body,
                         const RotatedSession& rotated) {
  if (ctx.session().via_bearer) {
    body["token"] = rotated.token;
    return JsonResponse(200, body);
  }
  Response response = JsonResponse(200, body);
  response.AddHeader("Set-Cookie",
                     SessionStore(ctx.config()).CookieFor(rotated.token));
  return response;
}

Response AnswerSessionEnded(const Status& status) {
  Response response = Response::Error(status);
  response.AddHeader("Set-Cookie", SessionStore::ClearingCookie());
  return response;
}

}  // namespace ap::twofa
