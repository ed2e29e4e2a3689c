// The plans module's routes.
#pragma once

#include "common/http/context.h"
#include "common/http/router.h"

namespace ap::plans {

void AddRoutes(Router& router, const App& app);

}  // namespace ap::plans
