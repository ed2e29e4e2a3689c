#include "modules/twofa/routes.h"

#include <cstdlib>
#include <memory>

#include "common/account/password_params.h"
#include "common/log/log.h"
#include "modules/twofa/secret_box.h"
#include "modules/twofa/twofa_handlers.h"

namespace ap::twofa {
namespace {

using SettingsHandler = Response (*)(Context&, const Settings&);

// The key is configuration: without it no secret could be sealed or
// opened, so the module refuses to start rather than fail every request.
// RouteSetup cannot return an error, hence the exit here, before any
// thread or socket exists.
Settings LoadSettingsOrExit(const App& app) {
  Result<std::string> key = TwofaKeyFromConfig(app.config);
  if (!key.ok()) {
    LogError("configuration: " + key.status().message());
    std::exit(2);
  }
  Result<ThrottleLimits> limits = ThrottleLimits::FromConfig(app.config);
  if (!limits.ok()) {
    LogError("configuration: " + limits.status().message());
    std::exit(2);
  }
  // Disabling 2FA checks the password: the same bound as in login.
  Result<size_t> hashes = HashLimitFromConfig(app.config);
  if (!hashes.ok()) {
    LogError("configuration: " + hashes.status().message());
    std::exit(2);
  }
  LimitConcurrentHashes(*hashes);
  Result<PasswordParams> params = PasswordParamsFromConfig(app.config);
  if (!params.ok()) {
    LogError("configuration: " + params.status().message());
    std::exit(2);
  }
  return {*key, app.config.GetString("twofa.issuer", "Action Plan"), *limits,
          *params};
}

}  // namespace

void AddRoutes(Router& router, const App& app) {
  auto settings = std::make_shared<const Settings>(LoadSettingsOrExit(app));
  auto bind = [settings](SettingsHandler handler) {
    return
        [settings, handler](Context& ctx) { return handler(ctx, *settings); };
  };

  router.Add("POST", "/api/2fa/setup", Access::kEnrol, bind(HandleSetup));
  router.Add("POST", "/api/2fa/enable", Access::kEnrol, bind(HandleEnable));
  router.Add("GET", "/api/2fa/status", Access::kEnrol, bind(HandleStatus));
  router.Add("POST", "/api/2fa/verify", Access::kPending, bind(HandleVerify));
  router.Add("POST", "/api/2fa/disable", Access::kSession, bind(HandleDisable));
  router.Add("POST", "/api/2fa/recovery", Access::kSession,
             bind(HandleNewRecoveryCodes));
  router.Add("GET", "/api/2fa/enforcement", Access::kSession,
             bind(HandleEnforcement));
}

}  // namespace ap::twofa
