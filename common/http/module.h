// RunModule: the whole main() of a FastCGI module, shared by all of them.
#pragma once

#include <functional>
#include <string>

#include "common/http/context.h"
#include "common/http/router.h"

namespace ap {

// Registers the module's routes. Called once before threads start.
using RouteSetup = std::function<void(Router& router, const App& app)>;

// Loads the configuration, opens the socket (--socket PATH, else fd 0),
// registers /api/health/<module> and the module's routes, and serves until
// SIGTERM. Bad configuration stops the start with a clear message.
int RunModule(const std::string& module, int argc, char** argv,
              const RouteSetup& setup);

// Adds GET /api/health/<module>.
void AddHealthRoute(Router& router, const std::string& module);

}  // namespace ap
