// The OpenID Connect providers people may sign in with, as configured
// (oauth.providers and oauth.<name>.*), and the rules for the "next" path a
// sign-in returns to.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/base/status.h"

namespace ap {
class Config;
}

namespace ap::login {

struct OidcProvider {
  std::string name;  // in URLs and the database: [a-z0-9_-], 1 to 32
  std::string label;
  std::string discovery_url;
  std::string client_id;
  std::string client_secret;
  std::string scope = "openid email profile";
  // The issuer the discovery document names is always accepted; these are
  // other spellings a provider uses in tokens (Google's bare host name).
  std::vector<std::string> extra_issuers;
};

struct OidcSettings {
  std::vector<OidcProvider> providers;  // in configuration order
  int64_t state_seconds = 600;          // how long a sign-in may take

  const OidcProvider* Find(const std::string& name) const;
};

// Loads and checks every provider; an error names the key. No providers
// is valid (sign-in by password only).
Result<OidcSettings> OidcSettingsFromConfig(const Config& config);

// Whether a provider URL may be used: https, or http on the loopback only
// (the local stand-in servers).
bool IsAllowedProviderUrl(const std::string& url);

// The path to return to after signing in, if `next` is one inside the app:
// it starts with a single "/", holds no backslash, no control character or
// space and at most 512 bytes. Anything else (another site, "//host",
// "/\host", a scheme) gives "/".
std::string SafeNextPath(const std::string& next);

}  // namespace ap::login
