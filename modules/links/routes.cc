#include "modules/links/routes.h"

#include <cstdlib>

#include "common/log/log.h"
#include "modules/links/link_handlers.h"
#include "modules/links/resolve_handler.h"
#include "modules/links/short_url.h"

namespace ap::links {

void AddRoutes(Router& router, const App& app) {
  // A wrong links.base_url would print unusable URLs on paper: refuse to
  // start instead.
  Status base = ValidateBaseUrl(ShortLinkBase(app.config));
  if (!base.ok()) {
    LogError("configuration: " + base.message());
    std::exit(2);
  }

  router.Add("GET", "/s/{code}", Access::kPublic, HandleResolve);
  // "/s/" and "/s/a/b" can name no link: the same page as any other code
  // that leads nowhere, not the API's JSON 404.
  router.AddFallback("GET", "/s", Access::kPublic,
                     [](Context&) { return NotFoundPage(); });
  router.Add("POST", "/api/links", Access::kSession, HandleCreate);
  router.Add("GET", "/api/links", Access::kSession, HandleList);
  router.Add("DELETE", "/api/links/{code}", Access::kSession, HandleDelete);
  router.Add("GET", "/api/links/{code}/qr", Access::kSession, HandleQr);
}

}  // namespace ap::links
