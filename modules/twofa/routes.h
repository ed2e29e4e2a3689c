// The twofa module's routes.
#pragma once

#include "common/http/context.h"
#include "common/http/router.h"

namespace ap::twofa {

void AddRoutes(Router& router, const App& app);

}  // namespace ap::twofa
