// The links module's routes.
#pragma once

#include "common/http/context.h"
#include "common/http/router.h"

namespace ap::links {

void AddRoutes(Router& router, const App& app);

}  // namespace ap::links
