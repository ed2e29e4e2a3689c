#include "modules/login/oidc_settings.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "common/config/config.h"
#include "modules/login/oidc_client.h"

namespace ap::login {
namespace {

Config ProviderConfig(const std::string& names) {
  Config config;
  config.Set("oauth.providers", names);
  for (const char* name : {"google", "corp"}) {
    std::string prefix = std::string("oauth.") + name + ".";
    config.Set(prefix + "discovery_url",
               "https://id.example/.well-known/openid-configuration");
    config.Set(prefix + "client_id", "client");
    config.Set(prefix + "client_secret", "secret");
  }
  return config;
}

std::string Discovery(const std::string& issuer) {
  return R"({"issuer": ")" + issuer +
         R"(", "authorization_endpoint": "https://id.example/authorize",)"
         R"( "token_endpoint": "https://id.example/token",)"
         R"( "jwks_uri": "https://id.example/jwks",)"
         R"( "response_types_supported": ["code", "id_token"],)"
         R"( "code_challenge_methods_supported": ["plain", "S256"]})";
}

const char kDiscoveryUrl[] =
    "https://id.example/.well-known/openid-configuration";

}  // namespace

class OidcSettingsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(OidcSettingsTest);
  CPPUNIT_TEST(testNextInsideTheAppIsKept);
  CPPUNIT_TEST(testNextOutsideTheAppGivesRoot);
  CPPUNIT_TEST(testProviderUrlMustBeHttpsOrLoopback);
  CPPUNIT_TEST(testProviderUrlWithUserPartIsRefused);
  CPPUNIT_TEST(testAnotherProviderNeedsOnlyConfiguration);
  CPPUNIT_TEST(testProviderWithoutSecretIsRefused);
  CPPUNIT_TEST(testBadProviderNameIsRefused);
  CPPUNIT_TEST(testNoProvidersIsValid);
  CPPUNIT_TEST(testDiscoveryIsAccepted);
  CPPUNIT_TEST(testDiscoveryForAnotherIssuerIsRefused);
  CPPUNIT_TEST(testDiscoveryWithoutS256IsRefused);
  CPPUNIT_TEST(testDiscoveryWithPlainHttpEndpointIsRefused);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testNextInsideTheAppIsKept() {
    CPPUNIT_ASSERT_EQUAL(std::string("/plans/12?tab=tasks"),
                         SafeNextPath("/plans/12?tab=tasks"));
    CPPUNIT_ASSERT_EQUAL(std::string("/s/abc"), SafeNextPath("/s/abc"));
  }

  void testNextOutsideTheAppGivesRoot() {
    for (const char* next :
         {"", "https://evil.example/", "//evil.example/", "/\\evil.example",
          "evil", "/a b", "/a\tb", "javascript:alert(1)", "/\x7f"}) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(next, std::string("/"), SafeNextPath(next));
    }
    CPPUNIT_ASSERT_EQUAL(std::string("/"),
                         SafeNextPath("/" + std::string(600, 'a')));
  }

  void testProviderUrlMustBeHttpsOrLoopback() {
    CPPUNIT_ASSERT(IsAllowedProviderUrl("https://accounts.google.com/x"));
    CPPUNIT_ASSERT(IsAllowedProviderUrl("http://127.0.0.1:9190/x"));
    CPPUNIT_ASSERT(IsAllowedProviderUrl("http://[::1]:9190/x"));
    CPPUNIT_ASSERT(!IsAllowedProviderUrl("http://accounts.google.com/x"));
    CPPUNIT_ASSERT(!IsAllowedProviderUrl("http://127.0.0.1.evil.example/x"));
    CPPUNIT_ASSERT(!IsAllowedProviderUrl("ftp://127.0.0.1/x"));
    CPPUNIT_ASSERT(!IsAllowedProviderUrl(""));
  }

  void testProviderUrlWithUserPartIsRefused() {
    CPPUNIT_ASSERT(!IsAllowedProviderUrl("http://127.0.0.1:80@evil.example/"));
    CPPUNIT_ASSERT(!IsAllowedProviderUrl("https://user@id.example/"));
    CPPUNIT_ASSERT(IsAllowedProviderUrl("https://id.example/a@b"));
  }

  void testAnotherProviderNeedsOnlyConfiguration() {
    Config config = ProviderConfig("google, corp");
    config.Set("oauth.corp.label", "Corporate SSO");
    Result<OidcSettings> s = OidcSettingsFromConfig(config);
    CPPUNIT_ASSERT(s.ok());
    CPPUNIT_ASSERT_EQUAL(size_t{2}, s->providers.size());
    const OidcProvider* corp = s->Find("corp");
    CPPUNIT_ASSERT(corp != nullptr);
    CPPUNIT_ASSERT_EQUAL(std::string("Corporate SSO"), corp->label);
    CPPUNIT_ASSERT_EQUAL(std::string("openid email profile"), corp->scope);
  }

  void testProviderWithoutSecretIsRefused() {
    Config config = ProviderConfig("google");
    config.Set("oauth.google.client_secret", "");
    Result<OidcSettings> s = OidcSettingsFromConfig(config);
    CPPUNIT_ASSERT(!s.ok());
    CPPUNIT_ASSERT(s.status().message().find("oauth.google.client_secret") !=
                   std::string::npos);
  }

  void testBadProviderNameIsRefused() {
    CPPUNIT_ASSERT(!OidcSettingsFromConfig(ProviderConfig("Goo gle")).ok());
    CPPUNIT_ASSERT(
        !OidcSettingsFromConfig(ProviderConfig("google,google")).ok());
  }

  void testNoProvidersIsValid() {
    Result<OidcSettings> s = OidcSettingsFromConfig(ProviderConfig(""));
    CPPUNIT_ASSERT(s.ok());
    CPPUNIT_ASSERT(s->providers.empty());
  }

  void testDiscoveryIsAccepted() {
    Result<ProviderMetadata> m =
        ParseDiscovery(kDiscoveryUrl, Discovery("https://id.example"));
    CPPUNIT_ASSERT(m.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("https://id.example/token"),
                         m->token_endpoint);
  }

  void testDiscoveryForAnotherIssuerIsRefused() {
    CPPUNIT_ASSERT(
        !ParseDiscovery(kDiscoveryUrl, Discovery("https://evil.example")).ok());
    CPPUNIT_ASSERT(!ParseDiscovery(kDiscoveryUrl, "not json").ok());
  }

  void testDiscoveryWithoutS256IsRefused() {
    std::string doc = Discovery("https://id.example");
    doc.replace(doc.find("\"plain\", \"S256\""), 15, "\"plain\"");
    CPPUNIT_ASSERT(!ParseDiscovery(kDiscoveryUrl, doc).ok());
  }

  void testDiscoveryWithPlainHttpEndpointIsRefused() {
    std::string doc = Discovery("https://id.example");
    doc.replace(doc.find("https://id.example/token"), 24,
                "http://id.example/token");
    CPPUNIT_ASSERT(!ParseDiscovery(kDiscoveryUrl, doc).ok());
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OidcSettingsTest);

}  // namespace ap::login
