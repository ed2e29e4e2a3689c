// The demo organisations' action plans, tasks and comments.
#pragma once

#include "modules/apctl/admin.h"

namespace ap::apctl {

// Fills the demo tenants' schemas; returns an exit code like a command.
int SeedDemoPlans(AdminEnv& env);

}  // namespace ap::apctl
