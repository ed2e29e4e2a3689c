// Talks to one OpenID Connect provider: its discovery document, its key
// set and its token endpoint, with libcurl. What it fetched is cached for
// the process (all worker threads): the discovery document for a day, the
// key set for an hour, refetched at once when a token names a key the set
// lacks (providers rotate keys), but not more than twice a minute.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/base/status.h"
#include "common/oidc/id_token.h"
#include "modules/login/oidc_settings.h"

namespace ap::login {

struct ProviderMetadata {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string jwks_uri;
};

// Checks a discovery document: the issuer must be the URL it was fetched
// from (less /.well-known/openid-configuration) and every endpoint https
// (or http on the loopback), code flow and S256 PKCE offered.
Result<ProviderMetadata> ParseDiscovery(const std::string& discovery_url,
                                        const std::string& json);

class OidcClient {
 public:
  explicit OidcClient(OidcProvider provider) : provider_(std::move(provider)) {}

  OidcClient(const OidcClient&) = delete;
  OidcClient& operator=(const OidcClient&) = delete;

  const OidcProvider& provider() const { return provider_; }

  // The URL to send the browser to for one sign-in.
  Result<std::string> AuthorizeUrl(const std::string& redirect_uri,
                                   const std::string& state,
                                   const std::string& nonce,
                                   const std::string& code_challenge);

  // Redeems an authorization code (client_secret_post, with the PKCE
  // verifier) and returns the ID token it was exchanged for.
  Result<std::string> ExchangeCode(const std::string& code,
                                   const std::string& redirect_uri,
                                   const std::string& code_verifier);

  // Verifies the ID token in full (signature, iss, aud, times, nonce).
  Result<oidc::Claims> Verify(const std::string& id_token,
                              const std::string& nonce, int64_t now);

 private:
  Result<ProviderMetadata> Metadata();
  Result<std::shared_ptr<const oidc::KeySet>> Keys(const std::string& kid,
                                                   int64_t now);

  const OidcProvider provider_;
  std::mutex mu_;
  std::optional<ProviderMetadata> metadata_;
  int64_t metadata_at_ = 0;
  std::shared_ptr<const oidc::KeySet> keys_;
  int64_t keys_at_ = 0;
};

}  // namespace ap::login
