// The attachments module's routes.
#pragma once

#include "common/http/context.h"
#include "common/http/router.h"

namespace ap::attachments {

void AddRoutes(Router& router, const App& app);

}  // namespace ap::attachments
