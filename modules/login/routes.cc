#include "modules/login/routes.h"

#include <cstdlib>
#include <memory>

#include "common/http_client/http_post.h"
#include "common/log/log.h"
#include "common/mail/smtp_sender.h"
#include "modules/login/auth_handlers.h"
#include "modules/login/oauth_handlers.h"
#include "modules/login/org_handlers.h"
#include "modules/login/password_handlers.h"
#include "modules/login/session_handlers.h"
#include "modules/login/user_handlers.h"

namespace ap::login {
namespace {

// Bad configuration stops the start: a login that silently ran without
// its throttle, captcha or mail settings would be worse than none.
[[noreturn]] void StopStart(const std::string& message) {
  LogError("configuration: " + message);
  std::exit(2);
}

std::shared_ptr<const LoginSettings> LoadSettings(const App& app) {
  Result<LoginSettings> settings = LoginSettingsFromConfig(app.config);
  if (!settings.ok()) StopStart(settings.status().message());
  Result<SmtpSettings> smtp = SmtpSettingsFromConfig(app.config);
  if (!smtp.ok()) StopStart(smtp.status().message());

  InitCurlGlobal();  // before the worker threads start
  LimitConcurrentHashes(settings->max_concurrent_hashes);
  LogInfo("at most " + std::to_string(settings->max_concurrent_hashes) +
          " password hashes at once (auth.max_concurrent_hashes)");
  if (!settings->captcha.enabled()) {
    LogWarn(
        "recaptcha.site_key is not set: no captcha is ever asked;"
        " failed sign-ins are only locked out (auth.lockout_after)");
  } else {
    LogInfo(std::string("reCAPTCHA verify service ") +
            settings->captcha.verify_url +
            "; when it cannot be reached, "
            "sign-ins that need a captcha " +
            (settings->captcha.fail_open ? "are let through (fail open)"
                                         : "are refused (fail closed)"));
  }
  if (!smtp->enabled()) {
    LogWarn(
        "mail.smtp_url is not set: invitation and reset mails are"
        " not sent");
  }
  MailOutbox::Instance().Start(*smtp);
  for (const OidcProvider& p : settings->oidc.providers) {
    LogInfo("sign-in with " + p.name + " (" + p.label +
            "): " + p.discovery_url);
  }
  return std::make_shared<const LoginSettings>(std::move(*settings));
}

}  // namespace

void AddRoutes(Router& router, const App& app) {
  std::shared_ptr<const LoginSettings> s = LoadSettings(app);
  auto with = [s](Response (*handler)(Context&, const LoginSettings&)) {
    return [s, handler](Context& ctx) { return handler(ctx, *s); };
  };

  router.Add("POST", "/api/auth/login", Access::kPublic, with(HandleLogin));
  router.Add("POST", "/api/auth/logout", Access::kPending, HandleLogout);
  router.Add("GET", "/api/auth/session", Access::kPending, HandleSession);
  router.Add("GET", "/api/auth/policy", Access::kPublic, HandlePolicy);
  router.Add("POST", "/api/auth/password", Access::kSession,
             with(HandleChangePassword));
  router.Add("POST", "/api/auth/reset", Access::kPublic,
             with(HandleResetRequest));
  router.Add("POST", "/api/auth/reset/confirm", Access::kPublic,
             with(HandleResetConfirm));
  router.Add("GET", "/api/auth/sessions", Access::kSession,
             with(HandleListSessions));
  router.Add("DELETE", "/api/auth/sessions/{id}", Access::kSession,
             HandleRevokeSession);

  auto clients = std::make_shared<OidcClients>(s->oidc);
  auto with_clients = [s, clients](Response (*handler)(
                          Context&, const LoginSettings&, OidcClients&)) {
    return [s, clients, handler](Context& ctx) {
      return handler(ctx, *s, *clients);
    };
  };
  router.Add("GET", "/api/auth/providers", Access::kPublic,
             with(HandleProviders));
  router.Add("GET", "/auth/oauth/{provider}/start", Access::kPublic,
             with_clients(HandleOauthStart));
  router.Add("GET", "/auth/oauth/{provider}/callback", Access::kPublic,
             with_clients(HandleOauthCallback));
  router.Add("GET", "/api/auth/identities", Access::kSession,
             with(HandleListIdentities));
  router.Add("POST", "/api/auth/identities/{provider}", Access::kSession,
             with_clients(HandleLinkIdentity));
  router.Add("DELETE", "/api/auth/identities/{provider}", Access::kSession,
             with(HandleUnlinkIdentity));

  router.Add("GET", "/api/users", Access::kSession, HandleListUsers);
  router.Add("POST", "/api/users", Access::kSession, with(HandleInviteUser));
  router.Add("GET", "/api/users/{id}", Access::kSession, HandleGetUser);
  router.Add("PATCH", "/api/users/{id}", Access::kSession, HandleUpdateUser);

  router.Add("GET", "/api/org", Access::kSession, with(HandleGetOrg));
  router.Add("PATCH", "/api/org", Access::kSession, with(HandleUpdateOrg));
  router.Add("GET", "/api/org/audit", Access::kSession, HandleOrgAudit);
}

}  // namespace ap::login
