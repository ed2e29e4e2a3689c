// Context: what a handler is given for one request.
//
// The tenant's database is reachable only through tenant(), which takes
// the schema from the authenticated session and nowhere else: module code
// never names a schema, and a request without a session has no tenant.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/base/status.h"
#include "common/config/config.h"
#include "common/db/db.h"
#include "common/http/request.h"
#include "common/http/router.h"
#include "common/session/session.h"

namespace ap {

// What stays the same for the life of a module process.
struct App {
  std::string module;
  Config config;
  std::string public_origin;  // "https://host[:port]", no trailing slash
};

class Context {
 public:
  Context(const Request& request, Params params, const App& app,
          const Session* session)
      : request_(request),
        params_(std::move(params)),
        app_(app),
        session_(session) {}

  const Request& request() const { return request_; }

  const App& app() const { return app_; }

  const Config& config() const { return app_.config; }

  // A path parameter such as {id}; "" when absent.
  std::string Param(std::string_view name) const;

  // A positive integer path parameter; anything else is 404, since a
  // malformed ID names no object.
  Result<int64_t> IdParam(std::string_view name) const;

  bool has_session() const { return session_ != nullptr; }

  // The session; only for routes that require one.
  const Session& session() const;

  Db& core() { return DbPool::ForThread().Core(); }

  // The session tenant's schema; only for routes that require a session.
  Db& tenant();

 private:
  const Request& request_;
  Params params_;
  const App& app_;
  const Session* session_;
};

}  // namespace ap
