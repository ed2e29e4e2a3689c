#include "modules/apctl/seed_plans.h"

namespace ap::apctl {

int SeedDemoPlans(AdminEnv& env) {
  (void)env;
  return 0;
}

}  // namespace ap::apctl
