#include "common/http/dispatcher.h"

#include <cppconn/exception.h>

#include <chrono>
#include <cstdio>
#include <exception>

#include "common/db/db.h"
#include "common/log/log.h"

namespace ap {
namespace {

bool IsIdempotent(const Request& request) { return !request.ChangesState(); }

Status DbUnavailable() {
  return Unavailable("db_unavailable",
                     "The database is unavailable. Please try again.");
}

}  // namespace

bool SecureEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

Response Dispatcher::Handle(const Request& request) const {
  auto start = std::chrono::steady_clock::now();
  std::optional<Session> session;
  Response response;

  Router::Match match = router_.Find(request.method, request.path);
  if (match.route == nullptr) {
    response = match.path_known
                   ? Response::Error(Status(Code::kMethodNotAllowed,
                                            "method_not_allowed",
                                            "Method not allowed here."))
                   : Response::Error(NotFound("No such endpoint."));
  } else {
    // A connection that died while the module idled is detected on first
    // use; one retry on a fresh connection hides a database restart from
    // readers. Writes are not retried: the first attempt may have landed.
    int attempts = IsIdempotent(request) ? 2 : 1;
    for (int i = 0; i < attempts; ++i) {
      try {
        response = Attempt(request, match, session);
        break;
      } catch (const sql::SQLException& e) {
        if (!IsConnectionError(e)) {
          LogError("database error in " + request.method + " " + request.path +
                   ": " + e.what() + " (SQLSTATE " + e.getSQLState() +
                   ", code " + std::to_string(e.getErrorCode()) + ")");
          response = Response::Error(Internal("Internal error."));
          break;
        }
        DbPool::ForThread().ResetAll();
        LogWarn(std::string("database connection lost: ") + e.what());
        response = Response::Error(DbUnavailable());
      } catch (const std::exception& e) {
        LogError("unhandled error in " + request.method + " " + request.path +
                 ": " + e.what());
        response = Response::Error(Internal("Internal error."));
        break;
      }
    }
  }

  auto elapsed = std::chrono::steady_clock::now() - start;
  LogOutcome(request, response, session,
             std::chrono::duration<double, std::milli>(elapsed).count());
  return response;
}

Response Dispatcher::Attempt(const Request& request, const Router::Match& match,
                             std::optional<Session>& session) const {
  session.reset();
  if (authenticator_ != nullptr)
    session = authenticator_->Authenticate(request);

  Status access = CheckAccess(request, *match.route, session);
  if (!access.ok()) {
    if (access.code() == Code::kForbidden && access.error() == "csrf") {
      LogWarn("security: csrf check failed for " + request.method + " " +
              request.path + " from " + request.remote_addr);
    }
    return Response::Error(access);
  }

  Context context(request, match.params, app_, session ? &*session : nullptr);
  return match.route->handler(context);
}

Status Dispatcher::CheckAccess(const Request& request, const Route& route,
                               const std::optional<Session>& session) const {
  // Cross-site requests that change state are refused outright when the
  // browser says where they come from, with or without a session: this
  // also stops login CSRF on public routes. A bearer token is never sent
  // by a browser on its own, so an app's web view (with an origin of its
  // own) may use one from anywhere.
  std::string origin = request.Header("origin");
  bool bearer = session && session->via_bearer;
  if (request.ChangesState() && !bearer && !origin.empty() &&
      origin != app_.public_origin) {
    return Status(Code::kForbidden, "csrf", "Cross-site request refused.");
  }

  if (route.access == Access::kPublic) return Status::Ok();
  if (!session) {
    return Status(Code::kUnauthorized, "unauthenticated", "Please sign in.");
  }

  bool allowed = session->state == SessionState::kFull ||
                 route.access == Access::kPending ||
                 (route.access == Access::kEnrol &&
                  session->state == SessionState::kEnrolOnly);
  if (!allowed) {
    bool enrol = session->state == SessionState::kEnrolOnly;
    return Status(Code::kForbidden,
                  enrol ? "2fa_enrolment_required" : "2fa_required",
                  enrol ? "Your organisation requires two-factor sign-in: "
                          "please set it up first."
                        : "Please enter your two-factor code first.");
  }

  // Bearer tokens are never sent by a browser on its own, so only cookie
  // sessions need proof that the request comes from our pages.
  if (request.ChangesState() && !session->via_bearer &&
      !SecureEquals(request.Header("x-csrf-token"), session->csrf_token)) {
    return Status(Code::kForbidden, "csrf", "Missing or wrong CSRF token.");
  }
  return Status::Ok();
}

void Dispatcher::LogOutcome(const Request& request, const Response& response,
                            const std::optional<Session>& session,
                            double millis) const {
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.1fms", millis);
  std::string line = request.method + " " + request.path + " " +
                     std::to_string(response.status) + " " + duration +
                     " id=" + request.request_id +
                     " client=" + request.remote_addr;
  if (session) {
    line += " tenant=" + std::to_string(session->tenant_id) +
            " user=" + std::to_string(session->user_id);
  }
  Log(response.status >= 500 ? LogLevel::kError : LogLevel::kInfo, line);
}

}  // namespace ap
