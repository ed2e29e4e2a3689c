#include "common/http/module.h"

#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_connection.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "common/config/config.h"
#include "common/db/db.h"
#include "common/http/fcgi_server.h"
#include "common/http/json.h"
#include "common/log/log.h"
#include "common/session/session_store.h"

namespace ap {
namespace {

struct Flags {
  std::string socket_path;
  int threads = 0;
};

bool ParseFlags(int argc, char** argv, Flags* flags) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--socket" && i + 1 < argc) {
      flags->socket_path = argv[++i];
    } else if (arg == "--threads" && i + 1 < argc) {
      flags->threads = std::atoi(argv[++i]);
    } else {
      return false;
    }
  }
  return true;
}

// Public origin without path: "https://host:port".
std::string OriginOf(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  size_t slash = url.find('/', scheme + 3);
  return url.substr(0, slash);
}

// One round trip to ap_core. Health reports an outage instead of failing
// with it: a connection error is an answer here, not an exception.
bool DatabaseAnswers(Db& core) {
  try {
    std::unique_ptr<sql::Statement> st(core.Conn().createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT 1"));
    return rs->next();
  } catch (const sql::SQLException& e) {
    DbPool::ForThread().ResetAll();
    return false;
  }
}

}  // namespace

void AddHealthRoute(Router& router, const std::string& module) {
  router.Add(
      "GET", "/api/health/" + module, Access::kPublic, [module](Context& ctx) {
        // A connection left from before a database restart fails
        // once; the second try is on a fresh connection.
        bool up = DatabaseAnswers(ctx.core()) || DatabaseAnswers(ctx.core());
        return JsonResponse(up ? 200 : 503,
                            {{"module", module}, {"db", up ? "ok" : "down"}});
      });
}

int RunModule(const std::string& module, int argc, char** argv,
              const RouteSetup& setup) {
  InitLog(module);
  Flags flags;
  if (!ParseFlags(argc, argv, &flags)) {
    std::fprintf(stderr, "usage: %s [--socket PATH] [--threads N]\n", argv[0]);
    return 2;
  }

  Result<Config> config = Config::LoadDefault();
  if (!config.ok()) {
    LogError("configuration: " + config.status().message());
    return 2;
  }

  App app;
  app.module = module;
  app.config = *config;
  app.public_origin = OriginOf(app.config.GetString("public_url"));
  if (app.public_origin.empty()) {
    LogError("configuration: public_url is not set in " + app.config.origin());
    return 2;
  }

  DbGlobalInit();
  DbPool::Configure(CoreAddressFromConfig(app.config),
                    CredentialsFromConfig(app.config));

  Router router;
  AddHealthRoute(router, module);
  setup(router, app);

  SessionStore sessions(app.config);
  Dispatcher dispatcher(app, router, &sessions);

  ServerOptions options;
  options.socket_path = flags.socket_path;
  options.threads =
      flags.threads > 0
          ? flags.threads
          : static_cast<int>(app.config.GetInt("http.threads", 4));
  options.max_body_bytes =
      static_cast<size_t>(app.config.GetInt("http.max_body_bytes", 1 << 20));
  FcgiServer server(options, dispatcher);
  return server.Run();
}

}  // namespace ap
