#include "modules/links/routes.h"

namespace ap::links {

void AddRoutes(Router& router, const App& app) {
  (void)router;
  (void)app;
}

}  // namespace ap::links
