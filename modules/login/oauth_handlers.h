// Sign-in with OpenID Connect providers (the authorization code flow with
// PKCE), linking and unlinking provider identities, and the list of
// providers for the login page.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "common/http/context.h"
#include "common/http/response.h"
#include "modules/login/login_settings.h"
#include "modules/login/oidc_client.h"

namespace ap::login {

// One client (with its caches) per configured provider, shared by the
// process's worker threads.
class OidcClients {
 public:
  explicit OidcClients(const OidcSettings& settings);

  OidcClient* Find(const std::string& name) const;

 private:
  std::map<std::string, std::unique_ptr<OidcClient>> clients_;
};

// GET /api/auth/providers
Response HandleProviders(Context& ctx, const LoginSettings& settings);

// GET /auth/oauth/{provider}/start?next=/path
Response HandleOauthStart(Context& ctx, const LoginSettings& settings,
                          OidcClients& clients);

// GET /auth/oauth/{provider}/callback?code=...&state=... (or error=...)
Response HandleOauthCallback(Context& ctx, const LoginSettings& settings,
                             OidcClients& clients);

// GET /api/auth/identities
Response HandleListIdentities(Context& ctx, const LoginSettings& settings);

// POST /api/auth/identities/{provider}: starts linking; {"url": ...}.
Response HandleLinkIdentity(Context& ctx, const LoginSettings& settings,
                            OidcClients& clients);

// DELETE /api/auth/identities/{provider}
Response HandleUnlinkIdentity(Context& ctx, const LoginSettings& settings);

}  // namespace ap::login
