#include "modules/login/oidc_settings.h"

#include <algorithm>

#include "common/config/config.h"

namespace ap::login {
namespace {

constexpr size_t kMaxNextLength = 512;
constexpr size_t kMaxNameLength = 32;

bool ValidName(const std::string& name) {
  if (name.empty() || name.size() > kMaxNameLength) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

std::string Trim(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  size_t end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = Trim(text.substr(start, comma - start));
    if (!item.empty()) out.push_back(item);
    start = comma + 1;
  }
  return out;
}

Status ConfigError(const std::string& key, const std::string& message) {
  return Status(Code::kInternal, "bad_config", key + ": " + message);
}

Result<OidcProvider> LoadProvider(const Config& config,
                                  const std::string& name) {
  std::string prefix = "oauth." + name + ".";
  OidcProvider p;
  p.name = name;
  p.label = config.GetString(prefix + "label", name);
  p.discovery_url = config.GetString(prefix + "discovery_url");
  p.client_id = config.GetString(prefix + "client_id");
  p.client_secret = config.GetString(prefix + "client_secret");
  p.scope = config.GetString(prefix + "scope", p.scope);
  p.extra_issuers = SplitList(config.GetString(prefix + "extra_issuers"));

  if (!IsAllowedProviderUrl(p.discovery_url)) {
    return ConfigError(prefix + "discovery_url",
                       "must be an https URL (http only on the loopback)");
  }
  if (p.client_id.empty()) {
    return ConfigError(prefix + "client_id", "is required");
  }
  if (p.client_secret.empty()) {
    return ConfigError(prefix + "client_secret", "is required");
  }
  if ((" " + p.scope + " ").find(" openid ") == std::string::npos) {
    return ConfigError(prefix + "scope", "must include openid");
  }
  return p;
}

}  // namespace

const OidcProvider* OidcSettings::Find(const std::string& name) const {
  for (const OidcProvider& p : providers) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

Result<OidcSettings> OidcSettingsFromConfig(const Config& config) {
  OidcSettings s;
  s.state_seconds = config.GetInt("oauth.state_seconds", s.state_seconds);
  if (s.state_seconds < 60 || s.state_seconds > 3600) {
    return ConfigError("oauth.state_seconds", "must be from 60 to 3600");
  }

  for (const std::string& name :
       SplitList(config.GetString("oauth.providers"))) {
    if (!ValidName(name)) {
      return ConfigError("oauth.providers",
                         "'" + name + "' is not a valid provider name");
    }
    if (s.Find(name) != nullptr) {
      return ConfigError("oauth.providers", "'" + name + "' appears twice");
    }
    Result<OidcProvider> p = LoadProvider(config, name);
    if (!p.ok()) return p.status();
    s.providers.push_back(std::move(*p));
  }
  return s;
}

bool IsAllowedProviderUrl(const std::string& url) {
  // No user part in the authority: "http://127.0.0.1:80@host/" names
  // another host behind what looks like the loopback.
  size_t scheme_end = url.find("://");
  size_t authority_end = url.find_first_of("/?#", scheme_end + 3);
  if (scheme_end == std::string::npos ||
      url.substr(0, authority_end).find('@') != std::string::npos) {
    return false;
  }

  if (url.rfind("https://", 0) == 0) return url.size() > 8;
  for (const char* loopback : {"http://127.0.0.1:", "http://127.0.0.1/",
                               "http://localhost:", "http://localhost/",
                               "http://[::1]:", "http://[::1]/"}) {
    if (url.rfind(loopback, 0) == 0) return true;
  }
  return false;
}

std::string SafeNextPath(const std::string& next) {
  if (next.empty() || next.size() > kMaxNextLength || next[0] != '/') {
    return "/";
  }
  if (next.size() > 1 && (next[1] == '/' || next[1] == '\\')) return "/";
  for (unsigned char c : next) {
    if (c <= 0x20 || c == 0x7F || c == '\\') return "/";
  }
  return next;
}

}  // namespace ap::login
