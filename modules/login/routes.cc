#include "modules/login/routes.h"

#include "modules/login/auth_handlers.h"

namespace ap::login {

void AddRoutes(Router& router, const App& app) {
  (void)app;
  router.Add("POST", "/api/auth/login", Access::kPublic, HandleLogin);
  router.Add("POST", "/api/auth/logout", Access::kPending, HandleLogout);
  router.Add("GET", "/api/auth/session", Access::kPending, HandleSession);
}

}  // namespace ap::login
