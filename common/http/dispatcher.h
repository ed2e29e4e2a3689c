// Dispatcher: the one path every request takes through a module.
//
// It finds the route, establishes the session, enforces the route's access
// and the CSRF rule, calls the handler inside the one try/catch of the
// request, turns database outages into 503 (retrying idempotent requests
// once on a fresh connection) and writes the request's log line. Safe to
// use from many threads at once: it only reads its members.
#pragma once

#include <optional>
#include <string>

#include "common/http/context.h"
#include "common/http/request.h"
#include "common/http/response.h"
#include "common/http/router.h"
#include "common/session/session.h"

namespace ap {

// Finds the session a request presents. Implemented by the session store;
// an interface so the dispatcher can be unit-tested without a database.
class Authenticator {
 public:
  virtual ~Authenticator() = default;

  // The live session named by the request's cookie or bearer token, or
  // nullopt. May throw sql::SQLException.
  virtual std::optional<Session> Authenticate(const Request& request) = 0;
};

class Dispatcher {
 public:
  Dispatcher(const App& app, const Router& router, Authenticator* authenticator)
      : app_(app), router_(router), authenticator_(authenticator) {}

  // Never throws.
  Response Handle(const Request& request) const;

 private:
  Response Attempt(const Request& request, const Router::Match& match,
                   std::optional<Session>& session) const;

  Status CheckAccess(const Request& request, const Route& route,
                     const std::optional<Session>& session) const;

  void LogOutcome(const Request& request, const Response& response,
                  const std::optional<Session>& session, double millis) const;

  const App& app_;
  const Router& router_;
  Authenticator* authenticator_;
};

// Constant-time comparison for secrets.
bool SecureEquals(std::string_view a, std::string_view b);

}  // namespace ap
