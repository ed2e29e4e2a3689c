// Login hardening, part 1: the password policy through the API and through
// apctl (each rule its own case), the published policy, password change
// and the user's own sessions.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <string>

#include "test/integration/fixtures.h"
#include "test/integration/http_client.h"
#include "test/integration/login_hardening_util.h"

namespace ap::test {
namespace {

std::string Join(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& s : list) out += s + " ";
  return out;
}

}  // namespace

class LoginHardeningTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(LoginHardeningTest);
  CPPUNIT_TEST(testApiRuleMinLength);
  CPPUNIT_TEST(testApiRuleMaxLength);
  CPPUNIT_TEST(testApiRuleUppercase);
  CPPUNIT_TEST(testApiRuleLowercase);
  CPPUNIT_TEST(testApiRuleDigit);
  CPPUNIT_TEST(testApiRuleSpecial);
  CPPUNIT_TEST(testApiRuleNotLogin);
  CPPUNIT_TEST(testApiRuleNotEmail);
  CPPUNIT_TEST(testApiRuleCommon);
  CPPUNIT_TEST(testApctlRuleMinLength);
  CPPUNIT_TEST(testApctlRuleMaxLength);
  CPPUNIT_TEST(testApctlRuleUppercase);
  CPPUNIT_TEST(testApctlRuleLowercase);
  CPPUNIT_TEST(testApctlRuleDigit);
  CPPUNIT_TEST(testApctlRuleSpecial);
  CPPUNIT_TEST(testApctlRuleNotLogin);
  CPPUNIT_TEST(testApctlRuleNotEmail);
  CPPUNIT_TEST(testApctlRuleCommon);
  CPPUNIT_TEST(testApctlCreateAppliesPolicy);
  CPPUNIT_TEST(testNistModeThroughApiAndApctl);
  CPPUNIT_TEST(testPolicyEndpointDefaultIsContract);
  CPPUNIT_TEST(testPolicyEndpointFollowsOrganisation);
  CPPUNIT_TEST(testPasswordChangeEndsOtherSessions);
  CPPUNIT_TEST(testPasswordChangeNeedsCurrentPassword);
  CPPUNIT_TEST(testSessionsListed);
  CPPUNIT_TEST(testSessionRevoked);
  CPPUNIT_TEST(testOtherUsersSessionIs404);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    ResetIpThrottle();
    tenant_ = CreateTenant("lh");
    // Login and e-mail that satisfy every composition rule themselves, so
    // the not_login / not_email cases break exactly one rule.
    std::string suffix = UniqueSuffix();
    user_ = CreateNamedUser(tenant_, "Lh-1" + suffix,
                            "Lh-1" + suffix + "@example.test");
  }

  void tearDown() override { ResetIpThrottle(); }

  // --- Each rule through the API (POST /api/auth/password) ----------------

  void testApiRuleMinLength() { ExpectApiRule("Ab1!xyz", "min_length"); }

  void testApiRuleMaxLength() {
    ExpectApiRule("Ab1!" + std::string(125, 'x'), "max_length");
  }

  void testApiRuleUppercase() { ExpectApiRule("abcdef1!x", "uppercase"); }

  void testApiRuleLowercase() { ExpectApiRule("ABCDEF1!X", "lowercase"); }

  void testApiRuleDigit() { ExpectApiRule("Abcdefg!x", "digit"); }

  void testApiRuleSpecial() { ExpectApiRule("Abcdefg1x", "special"); }

  void testApiRuleNotLogin() { ExpectApiRule(user_.login, "not_login"); }

  void testApiRuleNotEmail() { ExpectApiRule(user_.email, "not_email"); }

  void testApiRuleCommon() { ExpectApiRule("Password1!", "common"); }

  // --- The same rules through apctl user passwd ---------------------------

  void testApctlRuleMinLength() { ExpectApctlRule("Ab1!xyz", "min_length"); }

  void testApctlRuleMaxLength() {
    ExpectApctlRule("Ab1!" + std::string(125, 'x'), "max_length");
  }

  void testApctlRuleUppercase() { ExpectApctlRule("abcdef1!x", "uppercase"); }

  void testApctlRuleLowercase() { ExpectApctlRule("ABCDEF1!X", "lowercase"); }

  void testApctlRuleDigit() { ExpectApctlRule("Abcdefg!x", "digit"); }

  void testApctlRuleSpecial() { ExpectApctlRule("Abcdefg1x", "special"); }

  void testApctlRuleNotLogin() { ExpectApctlRule(user_.login, "not_login"); }

  void testApctlRuleNotEmail() { ExpectApctlRule(user_.email, "not_email"); }

  void testApctlRuleCommon() { ExpectApctlRule("Qwerty123!", "common"); }

  void testApctlCreateAppliesPolicy() {
    std::string login = "u-" + UniqueSuffix();
    std::string out;
    int rc = RunApctl("user create --tenant " + tenant_.slug + " --login " +
                          login + " --email " + login + "@example.test",
                      "Password1!\n", &out);
    CPPUNIT_ASSERT_EQUAL(1, rc);
    CPPUNIT_ASSERT_MESSAGE(out, out.find("common") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(std::string(""), QueryOne(AdminCore(),
                                                   "SELECT id FROM users WHERE"
                                                   " login = '" +
                                                       login + "'"));
  }

  void testNistModeThroughApiAndApctl() {
    TestUser admin = CreateUser(tenant_, "admin");
    HttpClient http;
    http.Login(admin.login, admin.password);
    CPPUNIT_ASSERT_EQUAL(
        200L, http.PatchJson("/api/org", {{"password_policy", "nist"}}).status);
    // 14 characters with every class: too short for NIST without 2FA.
    HttpResult r = http.PostJson("/api/auth/password",
                                 {{"current_password", admin.password},
                                  {"new_password", "Abcdef1!ghijkl"}});
    CPPUNIT_ASSERT_EQUAL(422L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("min_length"),
                         Join(RulesOf(r)).substr(0, 10));
    // 15 lower-case letters and spaces: no composition rules.
    r = http.PostJson("/api/auth/password",
                      {{"current_password", admin.password},
                       {"new_password", "plain words ok!"}});
    CPPUNIT_ASSERT_EQUAL(204L, r.status);

    std::string out;
    CPPUNIT_ASSERT_EQUAL(
        1, RunApctl("user passwd " + user_.login, "Abcdef1!ghijkl\n", &out));
    CPPUNIT_ASSERT(out.find("min_length") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(0, RunApctl("user passwd " + user_.login,
                                     "only lower case words\n", &out));
    // The list still applies in NIST mode.
    CPPUNIT_ASSERT_EQUAL(
        1, RunApctl("user passwd " + user_.login, "administrator1!\n", &out));
    CPPUNIT_ASSERT(out.find("common") != std::string::npos);
  }

  void testPolicyEndpointDefaultIsContract() {
    HttpClient http;
    HttpResult r = http.Get("/api/auth/policy");
    CPPUNIT_ASSERT_EQUAL(200L, r.status);
    Json j = r.json();
    CPPUNIT_ASSERT_EQUAL(std::string("contract"), j["mode"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(8, j["min_length"].get<int>());
    CPPUNIT_ASSERT_EQUAL(128, j["max_length"].get<int>());
    CPPUNIT_ASSERT_EQUAL(
        Json::array({"uppercase", "lowercase", "digit", "special"}),
        j["require"]);
    CPPUNIT_ASSERT(j["rejects_common"].get<bool>());
  }

  void testPolicyEndpointFollowsOrganisation() {
    TestUser admin = CreateUser(tenant_, "admin");
    HttpClient http;
    http.Login(admin.login, admin.password);
    http.PatchJson("/api/org", {{"password_policy", "nist"}});
    Json j = http.Get("/api/auth/policy").json();
    CPPUNIT_ASSERT_EQUAL(std::string("nist"), j["mode"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(15, j["min_length"].get<int>());
    CPPUNIT_ASSERT(j["require"].empty());
    http.PatchJson("/api/org", {{"enforce_2fa", true}});
    j = http.Get("/api/auth/policy").json();
    CPPUNIT_ASSERT_EQUAL(8, j["min_length"].get<int>());
  }

  // --- Password change and sessions ---------------------------------------

  void testPasswordChangeEndsOtherSessions() {
    HttpClient first, second;
    CPPUNIT_ASSERT_EQUAL(200L, first.Login(user_.login, user_.password).status);
    CPPUNIT_ASSERT_EQUAL(200L,
                         second.Login(user_.login, user_.password).status);
    HttpResult r = first.PostJson("/api/auth/password",
                                  {{"current_password", user_.password},
                                   {"new_password", "New-Passw0rd!x"}});
    CPPUNIT_ASSERT_EQUAL(204L, r.status);

    CPPUNIT_ASSERT_EQUAL(401L, second.Get("/api/auth/session").status);
    CPPUNIT_ASSERT_EQUAL(200L, first.Get("/api/auth/session").status);
    HttpClient third;
    CPPUNIT_ASSERT_EQUAL(401L, third.Login(user_.login, user_.password).status);
    CPPUNIT_ASSERT_EQUAL(200L,
                         third.Login(user_.login, "New-Passw0rd!x").status);
    CPPUNIT_ASSERT_EQUAL(
        std::string("1"),
        QueryOne(AdminCore(),
                 "SELECT COUNT(*) FROM audit_log WHERE user_id = " +
                     std::to_string(user_.id) +
                     " AND event = 'password_changed'"));
  }

  void testPasswordChangeNeedsCurrentPassword() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    HttpResult r = http.PostJson("/api/auth/password",
                                 {{"current_password", "Wrong-Passw0rd!"},
                                  {"new_password", "New-Passw0rd!x"}});
    CPPUNIT_ASSERT_EQUAL(403L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("wrong_password"),
                         r.json()["error"].get<std::string>());
    HttpClient again;
    CPPUNIT_ASSERT_EQUAL(200L, again.Login(user_.login, user_.password).status);
  }

  void testSessionsListed() {
    HttpClient web, pulse;
    web.Login(user_.login, user_.password);
    pulse.LoginPulse(user_.login, user_.password);
    HttpResult r = web.Get("/api/auth/sessions");
    CPPUNIT_ASSERT_EQUAL(200L, r.status);
    Json list = r.json()["sessions"];
    CPPUNIT_ASSERT_EQUAL(size_t{2}, list.size());
    int current = 0;
    for (const Json& s : list) {
      if (s["current"].get<bool>()) {
        ++current;
        CPPUNIT_ASSERT_EQUAL(std::string("web"),
                             s["client"].get<std::string>());
      } else {
        CPPUNIT_ASSERT_EQUAL(std::string("pulse"),
                             s["client"].get<std::string>());
      }
      CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1"),
                           s["ip"].get<std::string>());
      CPPUNIT_ASSERT(!s["created_at"].get<std::string>().empty());
      CPPUNIT_ASSERT(!s["last_seen_at"].get<std::string>().empty());
      CPPUNIT_ASSERT(s.contains("user_agent"));
      CPPUNIT_ASSERT(!s.contains("token_hash"));
    }
    CPPUNIT_ASSERT_EQUAL(1, current);
  }

  void testSessionRevoked() {
    HttpClient web, pulse;
    web.Login(user_.login, user_.password);
    pulse.LoginPulse(user_.login, user_.password);
    int64_t pulse_id = 0;
    Json list = web.Get("/api/auth/sessions").json();
    for (const Json& s : list["sessions"]) {
      if (!s["current"].get<bool>()) pulse_id = s["id"].get<int64_t>();
    }
    CPPUNIT_ASSERT(pulse_id > 0);
    CPPUNIT_ASSERT_EQUAL(
        204L,
        web.Delete("/api/auth/sessions/" + std::to_string(pulse_id)).status);
    CPPUNIT_ASSERT_EQUAL(401L, pulse.Get("/api/auth/session").status);
    CPPUNIT_ASSERT_EQUAL(200L, web.Get("/api/auth/session").status);
    CPPUNIT_ASSERT_EQUAL(
        404L,
        web.Delete("/api/auth/sessions/" + std::to_string(pulse_id)).status);
    CPPUNIT_ASSERT_EQUAL(
        std::string("1"),
        QueryOne(AdminCore(),
                 "SELECT COUNT(*) FROM audit_log WHERE user_id = " +
                     std::to_string(user_.id) +
                     " AND event = 'session_revoked'"));
  }

  void testOtherUsersSessionIs404() {
    TestUser other = CreateUser(tenant_);
    HttpClient mine, theirs;
    mine.Login(user_.login, user_.password);
    theirs.Login(other.login, other.password);
    std::string id =
        QueryOne(AdminCore(), "SELECT MAX(id) FROM sessions WHERE user_id = " +
                                  std::to_string(other.id));
    CPPUNIT_ASSERT_EQUAL(404L, mine.Delete("/api/auth/sessions/" + id).status);
    CPPUNIT_ASSERT_EQUAL(200L, theirs.Get("/api/auth/session").status);
  }

 private:
  void ExpectApiRule(const std::string& password, const std::string& rule) {
    HttpClient http;
    CPPUNIT_ASSERT_EQUAL(200L, http.Login(user_.login, user_.password).status);
    HttpResult r = http.PostJson(
        "/api/auth/password",
        {{"current_password", user_.password}, {"new_password", password}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 422L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("weak_password"),
                         r.json()["error"].get<std::string>());
    std::vector<std::string> rules = RulesOf(r);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(Join(rules), size_t{1}, rules.size());
    CPPUNIT_ASSERT_EQUAL(rule, rules[0]);
    // Nothing changed: the old password still works.
    HttpClient again;
    CPPUNIT_ASSERT_EQUAL(200L, again.Login(user_.login, user_.password).status);
  }

  void ExpectApctlRule(const std::string& password, const std::string& rule) {
    std::string before =
        QueryOne(AdminCore(), "SELECT password_hash FROM users WHERE id = " +
                                  std::to_string(user_.id));
    std::string out;
    int rc = RunApctl("user passwd " + user_.login, password + "\n", &out);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 1, rc);
    CPPUNIT_ASSERT_MESSAGE(out, out.find("weak password") != std::string::npos);
    CPPUNIT_ASSERT_MESSAGE(out, out.find(" " + rule) != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(before, QueryOne(AdminCore(),
                                          "SELECT password_hash FROM users"
                                          " WHERE id = " +
                                              std::to_string(user_.id)));
  }

  TestTenant tenant_;
  TestUser user_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(LoginHardeningTest);

}  // namespace ap::test
