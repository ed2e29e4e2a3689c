// Signing in with OpenID Connect providers through the real stack: nginx,
// the login module, MariaDB, and the stack's stand-in providers
// (test/fixtures/oidc), which speak the real protocol: discovery, a JWKS,
// /authorize and /token with PKCE, RS256 ID tokens.
//
// The test plays the browser: it follows our redirect to the provider,
// adding "mock_*" parameters that tell the stand-in whom to answer for
// and how to spoil the token, then follows the provider's redirect back
// to our callback.

#include <cppunit/extensions/HelperMacros.h>

#include <cctype>
#include <string>

#include "common/crypto/hash.h"
#include "test/integration/fixtures.h"
#include "test/integration/http_client.h"
#include "test/integration/login_hardening_util.h"

namespace ap::test {
namespace {

std::string Q(const std::string& sql) { return QueryOne(AdminCore(), sql); }

std::string Id(int64_t id) { return std::to_string(id); }

// The value of a query parameter of a URL, percent-decoded ("" if none).
std::string QueryParam(const std::string& url, const std::string& name) {
  size_t q = url.find('?');
  if (q == std::string::npos) return "";
  std::string query = url.substr(q + 1);
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t amp = query.find('&', pos);
    if (amp == std::string::npos) amp = query.size();
    std::string pair = query.substr(pos, amp - pos);
    size_t eq = pair.find('=');
    if (eq != std::string::npos && pair.substr(0, eq) == name) {
      std::string raw = pair.substr(eq + 1);
      std::string out;
      for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '%' && i + 2 < raw.size()) {
          out +=
              static_cast<char>(std::stoi(raw.substr(i + 1, 2), nullptr, 16));
          i += 2;
        } else {
          out += raw[i] == '+' ? ' ' : raw[i];
        }
      }
      return out;
    }
    pos = amp + 1;
  }
  return "";
}

std::string UrlEncode(const std::string& text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

// One sign-in: our start (or link) answer and the provider URL it names.
struct Flow {
  HttpResult start;
  std::string authorize_url;
  std::string state;
};

Flow Start(HttpClient& http, const std::string& provider,
           const std::string& next = "/plans") {
  Flow flow;
  flow.start =
      http.Get("/auth/oauth/" + provider + "/start?next=" + UrlEncode(next));
  CPPUNIT_ASSERT_EQUAL(302L, flow.start.status);
  flow.authorize_url = flow.start.Header("location");
  flow.state = QueryParam(flow.authorize_url, "state");
  return flow;
}

// The provider's answer to the browser: a redirect to our callback.
std::string Authorize(HttpClient& http, const Flow& flow,
                      const std::string& mock) {
  HttpResult r = http.Get(flow.authorize_url + "&" + mock);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 302L, r.status);
  std::string callback = r.Header("location");
  CPPUNIT_ASSERT_MESSAGE(callback,
                         callback.find("/callback?") != std::string::npos);
  return callback;
}

HttpResult Finish(HttpClient& http, const Flow& flow, const std::string& mock) {
  return http.Get(Authorize(http, flow, mock));
}

HttpResult SignIn(HttpClient& http, const std::string& mock,
                  const std::string& provider = "google",
                  const std::string& next = "/plans") {
  return Finish(http, Start(http, provider, next), mock);
}

std::string Mail(const TestUser& user) {
  return "mock_email=" + UrlEncode(user.email);
}

// After a cookie sign-in: who the session is, and its CSRF token kept.
Json SessionOf(HttpClient& http) {
  HttpResult r = http.Get("/api/auth/session");
  Json j = r.json();
  if (r.status == 200 && j.contains("csrf_token"))
    http.set_csrf(j["csrf_token"]);
  return r.status == 200 ? j : Json();
}

std::string ErrorOf(const HttpResult& r) {
  return QueryParam(r.Header("location"), "error");
}

void AssertRefused(HttpClient& http, const HttpResult& r,
                   const std::string& error) {
  CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 302L, r.status);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(r.Header("location"), error, ErrorOf(r));
  CPPUNIT_ASSERT_EQUAL(0UL, r.Header("location").rfind("/login?", 0));
  CPPUNIT_ASSERT(r.Header("set-cookie").find("__Host-ap_session=") ==
                 std::string::npos);
  CPPUNIT_ASSERT(SessionOf(http).is_null());
}

// The user's linked identities (an unlinked one is kept, marked).
std::string Identities(const TestUser& user) {
  return Q(
      "SELECT COUNT(*) FROM user_identities WHERE unlinked_at IS NULL"
      " AND user_id = " +
      Id(user.id));
}

std::string AuditCount(const TestUser& user, const std::string& event) {
  return Q("SELECT COUNT(*) FROM audit_log WHERE user_id = " + Id(user.id) +
           " AND event = '" + event + "'");
}

std::string Sub() { return "sub-" + UniqueSuffix() + UniqueSuffix(); }

}  // namespace

class OauthTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(OauthTest);
  CPPUNIT_TEST(testProvidersAreListed);
  CPPUNIT_TEST(testStartSendsPkceStateAndNonceBoundToBrowser);
  CPPUNIT_TEST(testUnknownProviderEndsOnLoginPage);
  CPPUNIT_TEST(testFirstSignInWithVerifiedEmailLinksAndSignsIn);
  CPPUNIT_TEST(testLinkedIdentitySignsInWhateverTheEmail);
  CPPUNIT_TEST(testUnknownEmailIsRefused);
  CPPUNIT_TEST(testUnverifiedEmailIsRefused);
  CPPUNIT_TEST(testLookAlikeEmailIsRefused);
  CPPUNIT_TEST(testTokenSignedByAnotherKeyIsRefused);
  CPPUNIT_TEST(testTokenWithUnknownKidIsRefused);
  CPPUNIT_TEST(testTokenForAnotherAudienceIsRefused);
  CPPUNIT_TEST(testExpiredTokenIsRefused);
  CPPUNIT_TEST(testWrongNonceIsRefused);
  CPPUNIT_TEST(testUnsignedTokenIsRefused);
  CPPUNIT_TEST(testStateUsedTwiceIsRefused);
  CPPUNIT_TEST(testStateFromAnotherBrowserIsRefused);
  CPPUNIT_TEST(testExpiredStateIsRefused);
  CPPUNIT_TEST(testReplayedCodeIsRefused);
  CPPUNIT_TEST(testProviderDenialEndsOnLoginPage);
  CPPUNIT_TEST(testUserWith2faLandsInPendingSession);
  CPPUNIT_TEST(testEnforcingOrganisationGivesEnrolment);
  CPPUNIT_TEST(testNextOutsideTheAppIsIgnored);
  CPPUNIT_TEST(testDisabledUserAndOrganisationAreRefused);
  CPPUNIT_TEST(testOrganisationCanTurnProviderOff);
  CPPUNIT_TEST(testOnlyAdminsSwitchProviders);
  CPPUNIT_TEST(testThrottledAddressIsRefused);
  CPPUNIT_TEST(testLinkFromAccountThenUnlink);
  CPPUNIT_TEST(testLinkNeedsCsrfAndBrowserSession);
  CPPUNIT_TEST(testIdentityOfAnotherUserCannotBeLinked);
  CPPUNIT_TEST(testUnlinkedProviderDoesNotLinkAgainByEmail);
  CPPUNIT_TEST(testEmailDoesNotReplaceAnotherLinkedIdentity);
  CPPUNIT_TEST(testLastWayToSignInCannotBeUnlinked);
  CPPUNIT_TEST_SUITE_END();

 public:
  void tearDown() override { ResetIpThrottle(); }

  void testProvidersAreListed() {
    HttpClient http;
    HttpResult r = http.Get("/api/auth/providers");
    CPPUNIT_ASSERT_EQUAL(200L, r.status);
    Json list = r.json()["providers"];
    CPPUNIT_ASSERT_EQUAL(size_t{2}, list.size());
    CPPUNIT_ASSERT_EQUAL(std::string("google"),
                         list[0]["name"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(std::string("Google"),
                         list[0]["label"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(std::string("linkedin"),
                         list[1]["name"].get<std::string>());
  }

  void testStartSendsPkceStateAndNonceBoundToBrowser() {
    HttpClient http;
    Flow flow = Start(http, "google");
    const std::string& url = flow.authorize_url;
    CPPUNIT_ASSERT_MESSAGE(url, url.find("/authorize?") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(std::string("code"), QueryParam(url, "response_type"));
    CPPUNIT_ASSERT_EQUAL(std::string("S256"),
                         QueryParam(url, "code_challenge_method"));
    CPPUNIT_ASSERT_EQUAL(size_t{43}, QueryParam(url, "code_challenge").size());
    CPPUNIT_ASSERT_EQUAL(size_t{43}, flow.state.size());
    CPPUNIT_ASSERT_EQUAL(size_t{43}, QueryParam(url, "nonce").size());
    CPPUNIT_ASSERT(
        QueryParam(url, "redirect_uri").find("/auth/oauth/google/callback") !=
        std::string::npos);
    std::string cookie = flow.start.Header("set-cookie");
    CPPUNIT_ASSERT_MESSAGE(cookie, cookie.rfind("__Host-ap_oauth=", 0) == 0);
    CPPUNIT_ASSERT(cookie.find("Secure") != std::string::npos);
    CPPUNIT_ASSERT(cookie.find("HttpOnly") != std::string::npos);

    // Stored hashed, with where to go back to; never in plain.
    CPPUNIT_ASSERT_EQUAL(
        std::string("/plans"),
        Q("SELECT next_path FROM oauth_states WHERE state_hash = UNHEX('" +
          Sha256Hex(flow.state) + "')"));
    CPPUNIT_ASSERT_EQUAL(
        std::string("0"),
        Q("SELECT COUNT(*) FROM oauth_states WHERE HEX(state_hash) = HEX('" +
          flow.state + "')"));

    // A second sign-in in the same browser keeps its binding.
    Flow again = Start(http, "google");
    CPPUNIT_ASSERT_EQUAL(
        cookie.substr(0, cookie.find(';')),
        again.start.Header("set-cookie")
            .substr(0, again.start.Header("set-cookie").find(';')));
  }

  void testUnknownProviderEndsOnLoginPage() {
    HttpClient http;
    HttpResult r = http.Get("/auth/oauth/myspace/start?next=%2Fplans");
    CPPUNIT_ASSERT_EQUAL(302L, r.status);
    CPPUNIT_ASSERT_EQUAL(
        std::string("/login?error=oauth_unavailable&next=%2Fplans"),
        r.Header("location"));
  }

  void testFirstSignInWithVerifiedEmailLinksAndSignsIn() {
    TestUser user = CreateUser(CreateTenant("oa"));
    std::string sub = Sub();
    HttpClient http;
    HttpResult r = SignIn(http, Mail(user) + "&mock_sub=" + sub);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.Header("location"), 302L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("/plans"), r.Header("location"));
    CPPUNIT_ASSERT(r.Header("set-cookie").find("__Host-ap_session=") == 0);

    Json session = SessionOf(http);
    CPPUNIT_ASSERT_EQUAL(user.login,
                         session["user"]["login"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(std::string("full"),
                         session["state"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(200L, http.Get("/api/plans").status);
    CPPUNIT_ASSERT_EQUAL(
        sub, Q("SELECT subject FROM user_identities WHERE provider = 'google'"
               " AND user_id = " +
               Id(user.id)));
    CPPUNIT_ASSERT_EQUAL(std::string("1"), AuditCount(user, "identity_linked"));
    CPPUNIT_ASSERT_EQUAL(
        std::string("client=web method=google state=full"),
        Q("SELECT detail FROM audit_log WHERE event = 'login_success' AND"
          " user_id = " +
          Id(user.id)));
  }

  void testLinkedIdentitySignsInWhateverTheEmail() {
    TestUser user = CreateUser(CreateTenant("oa"));
    std::string sub = Sub();
    HttpClient first;
    CPPUNIT_ASSERT_EQUAL(302L,
                         SignIn(first, Mail(user) + "&mock_sub=" + sub).status);

    // The provider's e-mail changed and is not even verified: the linked
    // subject is what counts.
    HttpClient http;
    HttpResult r =
        SignIn(http, "mock_email=changed-" + UniqueSuffix() +
                         "%40elsewhere.example&mock_email_verified=false"
                         "&mock_sub=" +
                         sub);
    CPPUNIT_ASSERT_EQUAL(std::string("/plans"), r.Header("location"));
    CPPUNIT_ASSERT_EQUAL(user.login,
                         SessionOf(http)["user"]["login"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(std::string("1"), Identities(user));
  }

  void testUnknownEmailIsRefused() {
    HttpClient http;
    HttpResult r =
        SignIn(http, "mock_email=nobody-" + UniqueSuffix() + "%40x.example");
    AssertRefused(http, r, "oauth_no_account");
    CPPUNIT_ASSERT_EQUAL(
        std::string("/login?error=oauth_no_account&next=%2Fplans"),
        r.Header("location"));
  }

  void testUnverifiedEmailIsRefused() {
    TestUser user = CreateUser(CreateTenant("oa"));
    HttpClient http;
    HttpResult r = SignIn(http, Mail(user) + "&mock_email_verified=false");
    AssertRefused(http, r, "oauth_not_verified");
    CPPUNIT_ASSERT_EQUAL(std::string("0"), Identities(user));
    CPPUNIT_ASSERT_EQUAL(std::string("0"), AuditCount(user, "login_success"));
  }

  // The users' e-mail column compares accents as equal; a verified
  // look-alike address at the provider must still match nobody, while
  // letter case does not matter.
  void testLookAlikeEmailIsRefused() {
    TestUser user = CreateUser(CreateTenant("oa"));
    std::string domain = "@example.test";
    std::string local = user.email.substr(0, user.email.size() - domain.size());
    HttpClient http;
    HttpResult r =
        SignIn(http, "mock_email=" + UrlEncode(local + "@\xC3\xA9xample.test"));
    AssertRefused(http, r, "oauth_no_account");
    CPPUNIT_ASSERT_EQUAL(std::string("0"), Identities(user));

    std::string upper = user.email;
    for (char& c : upper) c = static_cast<char>(std::toupper(c));
    HttpClient same;
    r = SignIn(same, "mock_email=" + UrlEncode(upper));
    CPPUNIT_ASSERT_EQUAL(std::string("/plans"), r.Header("location"));
    CPPUNIT_ASSERT_EQUAL(std::string("1"), Identities(user));
  }

  void testTokenSignedByAnotherKeyIsRefused() {
    AssertTokenRefused("mock_key=rogue", "the signature does not verify");
  }

  void testTokenWithUnknownKidIsRefused() {
    AssertTokenRefused("mock_kid=no-such-key", "no key with the token's kid");
  }

  void testTokenForAnotherAudienceIsRefused() {
    AssertTokenRefused("mock_aud=someone-else", "aud is another client's");
  }

  void testExpiredTokenIsRefused() {
    AssertTokenRefused("mock_exp_offset=-600&mock_iat_offset=-900", "expired");
  }

  void testWrongNonceIsRefused() {
    AssertTokenRefused("mock_nonce=guessed", "nonce does not match");
  }

  void testUnsignedTokenIsRefused() {
    AssertTokenRefused("mock_alg=none", "alg is not RS256");
    AssertTokenRefused("mock_alg=HS256", "alg is not RS256");
  }

  void testStateUsedTwiceIsRefused() {
    TestUser user = CreateUser(CreateTenant("oa"));
    HttpClient http;
    Flow flow = Start(http, "google");
    std::string callback = Authorize(http, flow, Mail(user));
    CPPUNIT_ASSERT_EQUAL(std::string("/plans"),
                         http.Get(callback).Header("location"));
    http.ClearCookies();
    http.SetCookie(
        "__Host-ap_oauth",
        flow.start.Header("set-cookie")
            .substr(16, flow.start.Header("set-cookie").find(';') - 16));

    HttpResult again = http.Get(callback);
    AssertRefused(http, again, "oauth_failed");
    CPPUNIT_ASSERT_EQUAL(std::string("1"), AuditCount(user, "login_success"));
  }

  void testStateFromAnotherBrowserIsRefused() {
    TestUser user = CreateUser(CreateTenant("oa"));
    HttpClient victim;
    Flow flow = Start(victim, "google");
    std::string callback = Authorize(victim, flow, Mail(user));

    // Someone else's browser (no binding cookie, or another one) brings
    // the callback: refused, and the state is spent.
    HttpClient other;
    Start(other, "google");
    AssertRefused(other, other.Get(callback), "oauth_failed");
    AssertRefused(victim, victim.Get(callback), "oauth_failed");
    CPPUNIT_ASSERT_EQUAL(std::string("0"), AuditCount(user, "login_success"));
  }

  void testExpiredStateIsRefused() {
    TestUser user = CreateUser(CreateTenant("oa"));
    HttpClient http;
    Flow flow = Start(http, "google");
    AdminCore().Execute(
        "UPDATE oauth_states SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1"
        " SECOND WHERE state_hash = UNHEX('" +
        Sha256Hex(flow.state) + "')");
    AssertRefused(http, Finish(http, flow, Mail(user)), "oauth_expired");
  }

  void testReplayedCodeIsRefused() {
    TestUser user = CreateUser(CreateTenant("oa"));
    HttpClient http;
    Flow used = Start(http, "google");
    std::string callback = Authorize(http, used, Mail(user));
    CPPUNIT_ASSERT_EQUAL(std::string("/plans"),
                         http.Get(callback).Header("location"));

    // A fresh state of the same browser with the code already redeemed.
    Flow fresh = Start(http, "google");
    std::string code = QueryParam(callback, "code");
    HttpResult r = http.Get("/auth/oauth/google/callback?code=" + code +
                            "&state=" + fresh.state);
    CPPUNIT_ASSERT_EQUAL(302L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("oauth_failed"), ErrorOf(r));
    CPPUNIT_ASSERT(r.Header("set-cookie").find("__Host-ap_session=") ==
                   std::string::npos);
    CPPUNIT_ASSERT_EQUAL(std::string("1"), AuditCount(user, "login_success"));
  }

  void testProviderDenialEndsOnLoginPage() {
    HttpClient http;
    Flow flow = Start(http, "linkedin", "/plans/7");
    HttpResult r =
        Finish(http, flow, "mock_error=access_denied&mock_email=x%40y.example");
    AssertRefused(http, r, "oauth_denied");
    CPPUNIT_ASSERT_EQUAL(std::string("/plans/7"),
                         QueryParam(r.Header("location"), "next"));
  }

  void testUserWith2faLandsInPendingSession() {
    TestUser user = CreateUser(CreateTenant("oa"));
    AdminCore().Execute(
        "INSERT INTO user_totp (user_id, secret_sealed, enabled_at) VALUES (" +
        Id(user.id) + ", 'x', UTC_TIMESTAMP(3))");
    HttpClient http;
    HttpResult r = SignIn(http, Mail(user), "google", "/plans/3");
    CPPUNIT_ASSERT_EQUAL(std::string("/2fa?next=%2Fplans%2F3"),
                         r.Header("location"));
    CPPUNIT_ASSERT_EQUAL(std::string("pending_2fa"),
                         SessionOf(http)["state"].get<std::string>());
    HttpResult plans = http.Get("/api/plans");
    CPPUNIT_ASSERT_EQUAL(403L, plans.status);
    CPPUNIT_ASSERT_EQUAL(std::string("2fa_required"),
                         plans.json()["error"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(
        std::string("client=web method=google state=pending_2fa"),
        Q("SELECT detail FROM audit_log WHERE event = 'login_success' AND"
          " user_id = " +
          Id(user.id)));
  }

  void testEnforcingOrganisationGivesEnrolment() {
    TestTenant tenant = CreateTenant("oa");
    TestUser user = CreateUser(tenant);
    AdminCore().Execute("UPDATE tenants SET enforce_2fa = 1 WHERE id = " +
                        Id(tenant.id));
    HttpClient http;
    HttpResult r = SignIn(http, Mail(user));
    CPPUNIT_ASSERT_EQUAL(std::string("/2fa/enrol?next=%2Fplans"),
                         r.Header("location"));
    CPPUNIT_ASSERT_EQUAL(std::string("enrol_only"),
                         SessionOf(http)["state"].get<std::string>());
  }

  void testNextOutsideTheAppIsIgnored() {
    TestUser user = CreateUser(CreateTenant("oa"));
    for (const char* next :
         {"https://evil.example/", "//evil.example/x", "/\\evil.example",
          "javascript:alert(1)", "/plans\r\nSet-Cookie: x=1"}) {
      HttpClient http;
      HttpResult r = SignIn(http, Mail(user), "google", next);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(next, std::string("/"),
                                   r.Header("location"));
    }
    HttpClient http;
    HttpResult r = SignIn(http, Mail(user), "google", "/s/abc123?x=1");
    CPPUNIT_ASSERT_EQUAL(std::string("/s/abc123?x=1"), r.Header("location"));
  }

  void testDisabledUserAndOrganisationAreRefused() {
    TestTenant tenant = CreateTenant("oa");
    TestUser user = CreateUser(tenant);
    std::string sub = Sub();
    HttpClient first;
    CPPUNIT_ASSERT_EQUAL(302L,
                         SignIn(first, Mail(user) + "&mock_sub=" + sub).status);

    AdminCore().Execute("UPDATE users SET status = 'disabled' WHERE id = " +
                        Id(user.id));
    HttpClient http;
    AssertRefused(http, SignIn(http, "mock_sub=" + sub + "&" + Mail(user)),
                  "oauth_no_account");

    AdminCore().Execute("UPDATE users SET status = 'active' WHERE id = " +
                        Id(user.id));
    AdminCore().Execute("UPDATE tenants SET status = 'disabled' WHERE id = " +
                        Id(tenant.id));
    AssertRefused(http, SignIn(http, "mock_sub=" + sub + "&" + Mail(user)),
                  "oauth_no_account");
    AdminCore().Execute("UPDATE tenants SET status = 'active' WHERE id = " +
                        Id(tenant.id));
  }

  void testOrganisationCanTurnProviderOff() {
    TestTenant tenant = CreateTenant("oa");
    TestUser admin = CreateUser(tenant, "admin");
    TestUser user = CreateUser(tenant);
    HttpClient http;
    CPPUNIT_ASSERT_EQUAL(200L, http.Login(admin.login, admin.password).status);
    Json org = http.Get("/api/org").json();
    CPPUNIT_ASSERT_EQUAL(true, org["oauth_providers"]["google"].get<bool>());

    HttpResult off =
        http.PatchJson("/api/org", {{"oauth_providers", {{"google", false}}}});
    CPPUNIT_ASSERT_EQUAL(200L, off.status);
    CPPUNIT_ASSERT_EQUAL(false,
                         off.json()["oauth_providers"]["google"].get<bool>());
    CPPUNIT_ASSERT_EQUAL(true,
                         off.json()["oauth_providers"]["linkedin"].get<bool>());

    HttpClient browser;
    AssertRefused(browser, SignIn(browser, Mail(user)), "oauth_disabled");
    CPPUNIT_ASSERT_EQUAL(std::string("0"), Identities(user));
    // The other provider still works.
    CPPUNIT_ASSERT_EQUAL(
        std::string("/plans"),
        SignIn(browser, Mail(user), "linkedin").Header("location"));

    CPPUNIT_ASSERT_EQUAL(
        400L,
        http.PatchJson("/api/org", {{"oauth_providers", {{"myspace", true}}}})
            .status);
    CPPUNIT_ASSERT_EQUAL(
        400L,
        http.PatchJson("/api/org", {{"oauth_providers", {{"google", "no"}}}})
            .status);
    CPPUNIT_ASSERT_EQUAL(
        std::string("0"),
        Q("SELECT enabled FROM tenant_oauth_providers WHERE tenant_id = " +
          Id(tenant.id) + " AND provider = 'google'"));
  }

  void testOnlyAdminsSwitchProviders() {
    TestTenant tenant = CreateTenant("oa");
    TestUser member = CreateUser(tenant);
    HttpClient http;
    CPPUNIT_ASSERT_EQUAL(200L,
                         http.Login(member.login, member.password).status);
    CPPUNIT_ASSERT_EQUAL(
        403L,
        http.PatchJson("/api/org", {{"oauth_providers", {{"google", false}}}})
            .status);
    CPPUNIT_ASSERT_EQUAL(
        std::string("0"),
        Q("SELECT COUNT(*) FROM tenant_oauth_providers WHERE tenant_id = " +
          Id(tenant.id)));
  }

  void testThrottledAddressIsRefused() {
    TestUser user = CreateUser(CreateTenant("oa"));
    SetIpFailures(1000);
    HttpClient http;
    AssertRefused(http, SignIn(http, Mail(user)), "oauth_throttled");
    ResetIpThrottle();
    CPPUNIT_ASSERT_EQUAL(std::string("/plans"),
                         SignIn(http, Mail(user)).Header("location"));
  }

  void testLinkFromAccountThenUnlink() {
    TestUser user = CreateUser(CreateTenant("oa"));
    HttpClient http;
    CPPUNIT_ASSERT_EQUAL(200L, http.Login(user.login, user.password).status);
    Json before = http.Get("/api/auth/identities").json();
    CPPUNIT_ASSERT_EQUAL(size_t{0}, before["identities"].size());
    CPPUNIT_ASSERT_EQUAL(size_t{2}, before["available"].size());

    HttpResult link =
        http.PostJson("/api/auth/identities/linkedin", {{"next", "/account"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(link.body, 200L, link.status);
    Flow flow;
    flow.authorize_url = link.json()["url"];
    flow.state = QueryParam(flow.authorize_url, "state");
    // Linking needs no verified e-mail: the person is signed in already.
    std::string sub = Sub();
    HttpResult back = Finish(http, flow,
                             "mock_email=private%40elsewhere.example"
                             "&mock_email_verified=false&mock_sub=" +
                                 sub);
    CPPUNIT_ASSERT_EQUAL(std::string("/account?linked=linkedin"),
                         back.Header("location"));
    Json after = http.Get("/api/auth/identities").json();
    CPPUNIT_ASSERT_EQUAL(size_t{1}, after["identities"].size());
    CPPUNIT_ASSERT_EQUAL(std::string("private@elsewhere.example"),
                         after["identities"][0]["email"].get<std::string>());

    // The linked identity signs in.
    HttpClient other;
    CPPUNIT_ASSERT_EQUAL(
        std::string("/plans"),
        SignIn(other, "mock_email=x%40y.example&mock_sub=" + sub, "linkedin")
            .Header("location"));

    CPPUNIT_ASSERT_EQUAL(204L,
                         http.Delete("/api/auth/identities/linkedin").status);
    CPPUNIT_ASSERT_EQUAL(std::string("0"), Identities(user));
    CPPUNIT_ASSERT_EQUAL(404L,
                         http.Delete("/api/auth/identities/linkedin").status);
    CPPUNIT_ASSERT_EQUAL(std::string("1"),
                         AuditCount(user, "identity_unlinked"));
  }

  void testLinkNeedsCsrfAndBrowserSession() {
    TestUser user = CreateUser(CreateTenant("oa"));
    HttpClient http;
    CPPUNIT_ASSERT_EQUAL(200L, http.Login(user.login, user.password).status);
    http.set_send_csrf(false);
    CPPUNIT_ASSERT_EQUAL(
        403L,
        http.PostJson("/api/auth/identities/google", Json::object()).status);
    http.set_send_csrf(true);
    CPPUNIT_ASSERT_EQUAL(
        404L,
        http.PostJson("/api/auth/identities/myspace", Json::object()).status);

    HttpClient pulse;
    CPPUNIT_ASSERT_EQUAL(200L,
                         pulse.LoginPulse(user.login, user.password).status);
    HttpResult r =
        pulse.PostJson("/api/auth/identities/google", Json::object());
    CPPUNIT_ASSERT_EQUAL(400L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("browser_only"),
                         r.json()["error"].get<std::string>());

    // Signed out between the start and the callback: nothing is linked.
    HttpResult link =
        http.PostJson("/api/auth/identities/google", Json::object());
    Flow flow;
    flow.authorize_url = link.json()["url"];
    CPPUNIT_ASSERT_EQUAL(
        204L, http.PostJson("/api/auth/logout", Json::object()).status);
    HttpResult back = Finish(http, flow, Mail(user));
    CPPUNIT_ASSERT_EQUAL(std::string("/account?error=oauth_failed"),
                         back.Header("location"));
    CPPUNIT_ASSERT_EQUAL(std::string("0"), Identities(user));
  }

  void testIdentityOfAnotherUserCannotBeLinked() {
    TestTenant tenant = CreateTenant("oa");
    TestUser owner = CreateUser(tenant);
    TestUser thief = CreateUser(tenant);
    std::string sub = Sub();
    HttpClient first;
    CPPUNIT_ASSERT_EQUAL(
        302L, SignIn(first, Mail(owner) + "&mock_sub=" + sub).status);

    HttpClient http;
    CPPUNIT_ASSERT_EQUAL(200L, http.Login(thief.login, thief.password).status);
    Flow flow;
    flow.authorize_url =
        http.PostJson("/api/auth/identities/google", Json::object())
            .json()["url"];
    HttpResult back = Finish(http, flow, "mock_sub=" + sub + "&" + Mail(owner));
    CPPUNIT_ASSERT_EQUAL(std::string("/account?error=oauth_identity_taken"),
                         back.Header("location"));
    CPPUNIT_ASSERT_EQUAL(std::string("0"), Identities(thief));
    CPPUNIT_ASSERT_EQUAL(std::string("1"), Identities(owner));
    // The refused link is the signed-in user's, in the organisation's log.
    CPPUNIT_ASSERT_EQUAL(std::string("1"),
                         AuditCount(thief, "identity_link_failure"));
  }

  // Regression: after an unlink, the provider's verified e-mail linked
  // the identity again at the next sign-in, so unlinking a taken-over
  // provider account did not stop it. Only the account page links again.
  void testUnlinkedProviderDoesNotLinkAgainByEmail() {
    TestUser user = CreateUser(CreateTenant("oa"));
    std::string sub = Sub();
    HttpClient first;
    CPPUNIT_ASSERT_EQUAL(
        std::string("/plans"),
        SignIn(first, Mail(user) + "&mock_sub=" + sub).Header("location"));
    HttpClient http;
    CPPUNIT_ASSERT_EQUAL(200L, http.Login(user.login, user.password).status);
    CPPUNIT_ASSERT_EQUAL(204L,
                         http.Delete("/api/auth/identities/google").status);

    for (const std::string& mock :
         {Mail(user) + "&mock_sub=" + sub, Mail(user) + "&mock_sub=" + Sub()}) {
      HttpClient again;
      AssertRefused(again, SignIn(again, mock), "oauth_link_required");
    }
    CPPUNIT_ASSERT_EQUAL(std::string("0"), Identities(user));

    Flow flow;
    flow.authorize_url =
        http.PostJson("/api/auth/identities/google", Json::object())
            .json()["url"];
    HttpResult back = Finish(http, flow, Mail(user) + "&mock_sub=" + sub);
    CPPUNIT_ASSERT_EQUAL(std::string("/account?linked=google"),
                         back.Header("location"));
    HttpClient after;
    CPPUNIT_ASSERT_EQUAL(
        std::string("/plans"),
        SignIn(after, Mail(user) + "&mock_sub=" + sub).Header("location"));
  }

  // Regression: a second provider account with the user's verified e-mail
  // silently replaced the identity the user had linked.
  void testEmailDoesNotReplaceAnotherLinkedIdentity() {
    TestUser user = CreateUser(CreateTenant("oa"));
    std::string sub = Sub();
    HttpClient first;
    CPPUNIT_ASSERT_EQUAL(302L,
                         SignIn(first, Mail(user) + "&mock_sub=" + sub).status);

    HttpClient other;
    AssertRefused(other, SignIn(other, Mail(user) + "&mock_sub=" + Sub()),
                  "oauth_link_required");
    CPPUNIT_ASSERT_EQUAL(
        sub, Q("SELECT subject FROM user_identities WHERE provider = 'google'"
               " AND user_id = " +
               Id(user.id)));
    CPPUNIT_ASSERT_EQUAL(
        std::string("1"),
        Q("SELECT COUNT(*) FROM audit_log WHERE event ="
          " 'oauth_login_failure' AND tenant_id = " +
          Id(user.tenant.id) + " AND user_id = " + Id(user.id)));
  }

  void testLastWayToSignInCannotBeUnlinked() {
    TestUser user = CreateUser(CreateTenant("oa"));
    HttpClient http;
    CPPUNIT_ASSERT_EQUAL(302L, SignIn(http, Mail(user)).status);
    SessionOf(http);
    AdminCore().Execute("UPDATE users SET password_hash = NULL WHERE id = " +
                        Id(user.id));

    HttpResult r = http.Delete("/api/auth/identities/google");
    CPPUNIT_ASSERT_EQUAL(409L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("last_sign_in_method"),
                         r.json()["error"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(std::string("1"), Identities(user));
    CPPUNIT_ASSERT_EQUAL(
        false,
        http.Get("/api/auth/identities").json()["has_password"].get<bool>());
  }

 private:
  // A token the stand-in spoils as `mock` says: no session, nothing
  // linked, and the audit log says why.
  void AssertTokenRefused(const std::string& mock, const std::string& why) {
    TestUser user = CreateUser(CreateTenant("oa"));
    HttpClient http;
    AssertRefused(http, SignIn(http, Mail(user) + "&" + mock), "oauth_failed");
    CPPUNIT_ASSERT_EQUAL(std::string("0"), Identities(user));
    CPPUNIT_ASSERT_EQUAL(std::string("0"), AuditCount(user, "login_success"));
    std::string detail =
        Q("SELECT detail FROM audit_log WHERE event = 'oauth_login_failure'"
          " ORDER BY id DESC LIMIT 1");
    CPPUNIT_ASSERT_MESSAGE(detail, detail.find(why) != std::string::npos);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OauthTest);

}  // namespace ap::test
