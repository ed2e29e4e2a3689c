#include "modules/attachments/routes.h"

#include <cstdlib>
#include <memory>

#include "common/log/log.h"
#include "modules/attachments/attachment_handlers.h"
#include "modules/attachments/settings.h"

namespace ap::attachments {

void AddRoutes(Router& router, const App& app) {
  Result<Settings> loaded = SettingsFromConfig(app.config);
  if (!loaded.ok()) {
    // Start-up, not a request: bad configuration stops the module.
    LogError("configuration: " + loaded.status().message());
    std::exit(2);
  }
  auto settings = std::make_shared<const Settings>(std::move(*loaded));

  router.Add("POST", "/api/plans/{id}/attachments", Access::kSession,
             [settings](Context& ctx) { return Upload(ctx, *settings); });
  router.Add("GET", "/api/plans/{id}/attachments", Access::kSession, List);
  router.Add("GET", "/api/attachments/{id}", Access::kSession,
             [settings](Context& ctx) { return Download(ctx, *settings); });
  router.Add("DELETE", "/api/attachments/{id}", Access::kSession, Trash);
  router.Add("POST", "/api/attachments/{id}/restore", Access::kSession,
             Restore);
}

}  // namespace ap::attachments
