// Sessions, password login and tenancy through the real stack.
#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "test/integration/fixtures.h"
#include "test/integration/http_client.h"

namespace ap::test {

class AuthTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(AuthTest);
  CPPUNIT_TEST(testLoginShowsOwnTenant);
  CPPUNIT_TEST(testCookieHasAllAttributes);
  CPPUNIT_TEST(testWrongPasswordAndUnknownLoginLookAlike);
  CPPUNIT_TEST(testLoginByEmail);
  CPPUNIT_TEST(testLogoutKillsCookieAndBearer);
  CPPUNIT_TEST(testPulseGetsBearerTokenNotCookie);
  CPPUNIT_TEST(testMissingCsrfTokenIsRefused);
  CPPUNIT_TEST(testForeignOriginIsRefused);
  CPPUNIT_TEST(testBearerNeedsNoCsrf);
  CPPUNIT_TEST(testBearerWorksFromAnyOrigin);
  CPPUNIT_TEST(testClientOfOtherTypeIsBadRequest);
  CPPUNIT_TEST(testLoginRotatesToken);
  CPPUNIT_TEST(testTokenIsStoredOnlyAsHash);
  CPPUNIT_TEST(testDisabledUserIsLockedOut);
  CPPUNIT_TEST(testDisabledTenantIsLockedOut);
  CPPUNIT_TEST(testNoSessionIs401);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    tenant_ = CreateTenant("auth");
    user_ = CreateUser(tenant_);
  }

  void testLoginShowsOwnTenant() {
    HttpClient http;
    CPPUNIT_ASSERT_EQUAL(200L, http.Login(user_.login, user_.password).status);
    HttpResult r = http.Get("/api/auth/session");
    CPPUNIT_ASSERT_EQUAL(200L, r.status);
    Json j = r.json();
    CPPUNIT_ASSERT_EQUAL(tenant_.slug, j["tenant"]["slug"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(user_.login, j["user"]["login"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(std::string("member"),
                         j["user"]["role"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(std::string("full"), j["state"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(size_t{43}, j["csrf_token"].get<std::string>().size());
  }

  void testCookieHasAllAttributes() {
    HttpClient http;
    HttpResult r = http.Login(user_.login, user_.password);
    std::string cookie = r.Header("set-cookie");
    CPPUNIT_ASSERT(cookie.rfind("__Host-ap_session=", 0) == 0);
    for (const char* attribute :
         {"; Secure", "; HttpOnly", "; SameSite=Lax", "; Path=/"}) {
      CPPUNIT_ASSERT_MESSAGE(attribute,
                             cookie.find(attribute) != std::string::npos);
    }
    CPPUNIT_ASSERT(cookie.find("Domain=") == std::string::npos);
    CPPUNIT_ASSERT(!r.json().contains("token"));
  }

  void testWrongPasswordAndUnknownLoginLookAlike() {
    HttpClient http;
    HttpResult wrong = http.Login(user_.login, "Wrong-Passw0rd!");
    HttpResult unknown = http.Login("nobody-" + UniqueSuffix(), "Whatever1!");
    CPPUNIT_ASSERT_EQUAL(401L, wrong.status);
    CPPUNIT_ASSERT_EQUAL(wrong.status, unknown.status);
    CPPUNIT_ASSERT_EQUAL(wrong.body, unknown.body);
    CPPUNIT_ASSERT(wrong.Header("set-cookie").empty());
  }

  void testLoginByEmail() {
    HttpClient http;
    CPPUNIT_ASSERT_EQUAL(200L, http.Login(user_.email, user_.password).status);
  }

  void testLogoutKillsCookieAndBearer() {
    HttpClient web;
    web.Login(user_.login, user_.password);
    std::string token = web.SessionCookie();
    CPPUNIT_ASSERT_EQUAL(size_t{43}, token.size());
    CPPUNIT_ASSERT_EQUAL(204L,
                         web.Send("POST", "/api/auth/logout", "", {}).status);

    HttpClient cookie_replay;
    cookie_replay.SetCookie("__Host-ap_session", token);
    CPPUNIT_ASSERT_EQUAL(401L, cookie_replay.Get("/api/auth/session").status);
    HttpClient bearer_replay;
    bearer_replay.set_bearer(token);
    CPPUNIT_ASSERT_EQUAL(401L, bearer_replay.Get("/api/auth/session").status);
  }

  void testPulseGetsBearerTokenNotCookie() {
    HttpClient pulse;
    HttpResult r = pulse.LoginPulse(user_.login, user_.password);
    CPPUNIT_ASSERT_EQUAL(200L, r.status);
    CPPUNIT_ASSERT(r.Header("set-cookie").empty());
    CPPUNIT_ASSERT_EQUAL(size_t{43}, pulse.bearer().size());
    HttpResult me = pulse.Get("/api/auth/session");
    CPPUNIT_ASSERT_EQUAL(200L, me.status);
    CPPUNIT_ASSERT_EQUAL(std::string("pulse"),
                         me.json()["client"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(204L,
                         pulse.Send("POST", "/api/auth/logout", "", {}).status);
    CPPUNIT_ASSERT_EQUAL(401L, pulse.Get("/api/auth/session").status);
  }

  void testMissingCsrfTokenIsRefused() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    http.set_send_csrf(false);
    HttpResult r = http.Send("POST", "/api/auth/logout", "", {});
    CPPUNIT_ASSERT_EQUAL(403L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("csrf"),
                         r.json()["error"].get<std::string>());
    // Nothing changed: the session still works.
    CPPUNIT_ASSERT_EQUAL(200L, http.Get("/api/auth/session").status);
  }

  void testForeignOriginIsRefused() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    http.set_origin("https://evil.example");
    CPPUNIT_ASSERT_EQUAL(403L,
                         http.Send("POST", "/api/auth/logout", "", {}).status);
    CPPUNIT_ASSERT_EQUAL(200L, http.Get("/api/auth/session").status);
  }

  void testBearerNeedsNoCsrf() {
    HttpClient pulse;
    pulse.LoginPulse(user_.login, user_.password);
    pulse.set_send_csrf(false);
    pulse.set_origin("");
    CPPUNIT_ASSERT_EQUAL(204L,
                         pulse.Send("POST", "/api/auth/logout", "", {}).status);
  }

  // An app's web view sends its own origin; the bearer token, not the
  // origin, is what proves the request. A cookie from there is refused.
  void testBearerWorksFromAnyOrigin() {
    HttpClient pulse;
    pulse.LoginPulse(user_.login, user_.password);
    pulse.set_send_csrf(false);
    pulse.set_origin("capacitor://localhost");
    HttpResult created =
        pulse.PostJson("/api/plans", {{"title", "From an app"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(created.body, 201L, created.status);

    HttpClient browser;
    browser.Login(user_.login, user_.password);
    browser.set_origin("capacitor://localhost");
    CPPUNIT_ASSERT_EQUAL(
        403L, browser.PostJson("/api/plans", {{"title", "Cross-site"}}).status);
    CPPUNIT_ASSERT_EQUAL(
        std::string("1"),
        QueryOne(AdminTenantDb(tenant_),
                 "SELECT COUNT(*) FROM plans WHERE title LIKE 'From an app'"
                 " OR title LIKE 'Cross-site'"));
  }

  // Regression: a number for "client" threw inside the handler (500).
  void testClientOfOtherTypeIsBadRequest() {
    HttpClient http;
    HttpResult r = http.PostJson(
        "/api/auth/login",
        {{"login", user_.login}, {"password", user_.password}, {"client", 1}});
    CPPUNIT_ASSERT_EQUAL(400L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_client"),
                         r.json()["error"].get<std::string>());
    CPPUNIT_ASSERT(r.Header("set-cookie").empty());
  }

  void testLoginRotatesToken() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    std::string first = http.SessionCookie();
    http.Login(user_.login, user_.password);
    std::string second = http.SessionCookie();
    CPPUNIT_ASSERT(first != second);

    HttpClient old;
    old.SetCookie("__Host-ap_session", first);
    CPPUNIT_ASSERT_EQUAL(401L, old.Get("/api/auth/session").status);
  }

  void testTokenIsStoredOnlyAsHash() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    std::string token = http.SessionCookie();
    std::string found = QueryOne(
        AdminCore(),
        "SELECT COUNT(*) FROM sessions WHERE token_hash ="
        " UNHEX(SHA2('" +
            token + "', 256)) AND user_id = " + std::to_string(user_.id));
    CPPUNIT_ASSERT_EQUAL(std::string("1"), found);
    std::string plain = QueryOne(
        AdminCore(), "SELECT COUNT(*) FROM sessions WHERE token_hash = '" +
                         token + "' OR csrf_token = '" + token + "'");
    CPPUNIT_ASSERT_EQUAL(std::string("0"), plain);
  }

  void testDisabledUserIsLockedOut() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    CPPUNIT_ASSERT_EQUAL(0,
                         RunApctl("user disable " + user_.login, "", nullptr));
    CPPUNIT_ASSERT_EQUAL(401L, http.Get("/api/auth/session").status);
    HttpClient again;
    CPPUNIT_ASSERT_EQUAL(401L, again.Login(user_.login, user_.password).status);
  }

  void testDisabledTenantIsLockedOut() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    CPPUNIT_ASSERT_EQUAL(
        0, RunApctl("tenant disable " + tenant_.slug, "", nullptr));
    CPPUNIT_ASSERT_EQUAL(401L, http.Get("/api/auth/session").status);
    HttpClient again;
    CPPUNIT_ASSERT_EQUAL(401L, again.Login(user_.login, user_.password).status);
  }

  void testNoSessionIs401() {
    HttpClient http;
    HttpResult r = http.Get("/api/auth/session");
    CPPUNIT_ASSERT_EQUAL(401L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("unauthenticated"),
                         r.json()["error"].get<std::string>());
  }

 private:
  TestTenant tenant_;
  TestUser user_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(AuthTest);

}  // namespace ap::test
