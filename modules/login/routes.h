// The login module's routes: password login, logout, the session.
#pragma once

#include "common/http/context.h"
#include "common/http/router.h"

namespace ap::login {

void AddRoutes(Router& router, const App& app);

}  // namespace ap::login
