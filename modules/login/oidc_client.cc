#include "modules/login/oidc_client.h"

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>

#include "common/http/json.h"
#include "common/http_client/http_post.h"
#include "common/log/log.h"

namespace ap::login {
namespace {

using Json = nlohmann::json;

constexpr long kTimeoutSeconds = 10;
constexpr int64_t kMetadataSeconds = 24 * 3600;
constexpr int64_t kKeysSeconds = 3600;
constexpr int64_t kMinRefetchSeconds = 30;
constexpr std::string_view kWellKnown = "/.well-known/openid-configuration";

int64_t Now() { return static_cast<int64_t>(std::time(nullptr)); }

Status ProviderUnavailable(const std::string& what) {
  return Unavailable("oauth_provider_unavailable", what);
}

Status BadDiscovery(const std::string& what) {
  return Unavailable("oauth_provider_unavailable",
                     "discovery document: " + what);
}

bool Offers(const Json& doc, const char* list, const char* value) {
  auto it = doc.find(list);
  if (it == doc.end() || !it->is_array()) return false;
  return std::any_of(it->begin(), it->end(),
                     [&](const Json& v) { return v == value; });
}

}  // namespace

Result<ProviderMetadata> ParseDiscovery(const std::string& discovery_url,
                                        const std::string& json) {
  Json doc = Json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return BadDiscovery("not JSON");

  ProviderMetadata m;
  m.issuer = StringMember(doc, "issuer");
  m.authorization_endpoint = StringMember(doc, "authorization_endpoint");
  m.token_endpoint = StringMember(doc, "token_endpoint");
  m.jwks_uri = StringMember(doc, "jwks_uri");

  // OpenID Connect Discovery 1.0, section 4.3: the issuer must be exactly
  // the URL the document was asked of, or a look-alike could speak for
  // another provider.
  std::string expected = discovery_url;
  if (expected.size() > kWellKnown.size() &&
      expected.compare(expected.size() - kWellKnown.size(), kWellKnown.size(),
                       kWellKnown) == 0) {
    expected.resize(expected.size() - kWellKnown.size());
  }
  if (m.issuer != expected && m.issuer != expected + "/") {
    return BadDiscovery("issuer '" + m.issuer + "' is not " + expected);
  }
  for (const std::string* url :
       {&m.authorization_endpoint, &m.token_endpoint, &m.jwks_uri}) {
    if (!IsAllowedProviderUrl(*url)) {
      return BadDiscovery("an endpoint is missing or not https");
    }
  }
  if (doc.contains("response_types_supported") &&
      !Offers(doc, "response_types_supported", "code")) {
    return BadDiscovery("the code flow is not offered");
  }
  if (doc.contains("code_challenge_methods_supported") &&
      !Offers(doc, "code_challenge_methods_supported", "S256")) {
    return BadDiscovery("PKCE with S256 is not offered");
  }
  return m;
}

Result<ProviderMetadata> OidcClient::Metadata() {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t now = Now();
  if (metadata_ && now - metadata_at_ < kMetadataSeconds) return *metadata_;

  Result<HttpAnswer> answer = GetUrl(provider_.discovery_url, kTimeoutSeconds);
  if (!answer.ok()) return ProviderUnavailable(answer.status().message());
  if (answer->status != 200) {
    return BadDiscovery("HTTP " + std::to_string(answer->status));
  }
  Result<ProviderMetadata> parsed =
      ParseDiscovery(provider_.discovery_url, answer->body);
  if (!parsed.ok()) return parsed.status();
  metadata_ = *parsed;
  metadata_at_ = now;
  return *metadata_;
}

Result<std::shared_ptr<const oidc::KeySet>> OidcClient::Keys(
    const std::string& kid, int64_t now) {
  Result<ProviderMetadata> meta = Metadata();
  if (!meta.ok()) return meta.status();

  std::lock_guard<std::mutex> lock(mu_);
  bool fresh = keys_ && now - keys_at_ < kKeysSeconds;
  bool knows_kid = keys_ && (kid.empty() || keys_->Has(kid));
  if (fresh && (knows_kid || now - keys_at_ < kMinRefetchSeconds)) {
    return keys_;
  }

  Result<HttpAnswer> answer = GetUrl(meta->jwks_uri, kTimeoutSeconds);
  if (!answer.ok()) return ProviderUnavailable(answer.status().message());
  if (answer->status != 200) {
    return ProviderUnavailable("key set: HTTP " +
                               std::to_string(answer->status));
  }
  Result<oidc::KeySet> parsed = oidc::KeySet::Parse(answer->body);
  if (!parsed.ok()) return ProviderUnavailable(parsed.status().message());
  keys_ = std::make_shared<const oidc::KeySet>(std::move(*parsed));
  keys_at_ = now;
  LogInfo("oauth: " + provider_.name + " key set loaded (" +
          std::to_string(keys_->size()) + " signing keys)");
  return keys_;
}

Result<std::string> OidcClient::AuthorizeUrl(
    const std::string& redirect_uri, const std::string& state,
    const std::string& nonce, const std::string& code_challenge) {
  Result<ProviderMetadata> meta = Metadata();
  if (!meta.ok()) return meta.status();

  const std::string& endpoint = meta->authorization_endpoint;
  char joiner = endpoint.find('?') == std::string::npos ? '?' : '&';
  return endpoint + joiner +
         FormEncode({{"response_type", "code"},
                     {"client_id", provider_.client_id},
                     {"redirect_uri", redirect_uri},
                     {"scope", provider_.scope},
                     {"state", state},
                     {"nonce", nonce},
                     {"code_challenge", code_challenge},
                     {"code_challenge_method", "S256"}});
}

Result<std::string> OidcClient::ExchangeCode(const std::string& code,
                                             const std::string& redirect_uri,
                                             const std::string& code_verifier) {
  Result<ProviderMetadata> meta = Metadata();
  if (!meta.ok()) return meta.status();

  Result<HttpAnswer> answer =
      PostForm(meta->token_endpoint,
               {{"grant_type", "authorization_code"},
                {"code", code},
                {"redirect_uri", redirect_uri},
                {"client_id", provider_.client_id},
                {"client_secret", provider_.client_secret},
                {"code_verifier", code_verifier}},
               kTimeoutSeconds);
  if (!answer.ok()) return ProviderUnavailable(answer.status().message());

  // The provider's own error code (invalid_grant for a used or expired
  // code) is worth logging; its description may echo input, so not that.
  Json body = Json::parse(answer->body, nullptr, false);
  if (answer->status != 200) {
    std::string error = StringMember(body, "error");
    return Status(Code::kUnauthorized, "oauth_code_refused",
                  "token endpoint: HTTP " + std::to_string(answer->status) +
                      (error.empty() ? "" : " " + error.substr(0, 64)));
  }
  if (!body.is_object() || !body.contains("id_token") ||
      !body["id_token"].is_string()) {
    return Status(Code::kUnauthorized, "oauth_code_refused",
                  "token endpoint: no id_token in the answer");
  }
  return body["id_token"].get<std::string>();
}

Result<oidc::Claims> OidcClient::Verify(const std::string& id_token,
                                        const std::string& nonce, int64_t now) {
  Result<ProviderMetadata> meta = Metadata();
  if (!meta.ok()) return meta.status();
  Result<std::shared_ptr<const oidc::KeySet>> keys =
      Keys(oidc::TokenKeyId(id_token), now);
  if (!keys.ok()) return keys.status();

  oidc::Expectations expect;
  expect.issuers = {meta->issuer};
  expect.issuers.insert(expect.issuers.end(), provider_.extra_issuers.begin(),
                        provider_.extra_issuers.end());
  expect.client_id = provider_.client_id;
  expect.nonce = nonce;
  expect.now = now;
  return oidc::VerifyIdToken(id_token, **keys, expect);
}

}  // namespace ap::login
