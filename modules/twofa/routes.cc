#include "modules/twofa/routes.h"

namespace ap::twofa {

void AddRoutes(Router& router, const App& app) {
  (void)router;
  (void)app;
}

}  // namespace ap::twofa
