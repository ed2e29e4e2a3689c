#include "modules/plans/routes.h"

namespace ap::plans {

void AddRoutes(Router& router, const App& app) {
  (void)router;
  (void)app;
}

}  // namespace ap::plans
