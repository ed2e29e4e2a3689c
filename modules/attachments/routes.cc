#include "modules/attachments/routes.h"

namespace ap::attachments {

void AddRoutes(Router& router, const App& app) {
  (void)router;
  (void)app;
}

}  // namespace ap::attachments
