// Login hardening, part 4: organisation users and settings for tenant
// admins only, inside their own tenant, and the audit log.
#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "test/integration/fixtures.h"
#include "test/integration/http_client.h"
#include "test/integration/login_hardening_util.h"

namespace ap::test {
namespace {

// "2026-12-04T09:08:34.123Z": ISO 8601 UTC with milliseconds.
bool IsApiTimestamp(const Json& value) {
  if (!value.is_string()) return false;
  const std::string& t = value.get_ref<const std::string&>();
  const std::string shape = "dddd-dd-ddTdd:dd:dd.dddZ";
  if (t.size() != shape.size()) return false;
  for (size_t i = 0; i < t.size(); ++i) {
    bool digit = t[i] >= '0' && t[i] <= '9';
    if (shape[i] == 'd' ? !digit : t[i] != shape[i]) return false;
  }
  return true;
}

std::string ErrorOf(const HttpResult& r) {
  Json j = r.json();
  return j.is_object() && j.contains("error") ? j["error"].get<std::string>()
                                              : "";
}

}  // namespace

class LoginHardeningOrgTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(LoginHardeningOrgTest);
  CPPUNIT_TEST(testMembersGet403);
  CPPUNIT_TEST(testAdminListsOwnTenantOnly);
  CPPUNIT_TEST(testOtherTenantsUserIs404);
  CPPUNIT_TEST(testRoleChangeAndDisable);
  CPPUNIT_TEST(testLastAdminStays);
  CPPUNIT_TEST(testInviteRefusesTakenAndInvalid);
  CPPUNIT_TEST(testOrgSettings);
  CPPUNIT_TEST(testOrgAuditOwnRowsOnlyAndPaged);
  CPPUNIT_TEST(testApctlAuditShowsAllTenants);
  CPPUNIT_TEST(testOrgNameRefusesControlAndBidiCharacters);
  CPPUNIT_TEST(testInviteRefusesControlCharactersInDisplayName);
  CPPUNIT_TEST(testUserListRefusesBadPaging);
  CPPUNIT_TEST(testOrgAuditRefusesBadPaging);
  CPPUNIT_TEST(testTimestampsHaveOneForm);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    ResetIpThrottle();
    a_ = CreateTenant("orga");
    b_ = CreateTenant("orgb");
    admin_a_ = CreateUser(a_, "admin");
    member_a_ = CreateUser(a_);
    admin_b_ = CreateUser(b_, "admin");
    member_b_ = CreateUser(b_);
  }

  void tearDown() override { ResetIpThrottle(); }

  void testMembersGet403() {
    HttpClient http;
    http.Login(member_a_.login, member_a_.password);
    std::string id = std::to_string(admin_a_.id);
    CPPUNIT_ASSERT_EQUAL(403L, http.Get("/api/users").status);
    CPPUNIT_ASSERT_EQUAL(403L, http.Get("/api/users/" + id).status);
    CPPUNIT_ASSERT_EQUAL(
        403L, http.PostJson("/api/users", {{"login", "x-" + UniqueSuffix()},
                                           {"email", "x@example.test"}})
                  .status);
    CPPUNIT_ASSERT_EQUAL(
        403L, http.PatchJson("/api/users/" + id, {{"disabled", true}}).status);
    CPPUNIT_ASSERT_EQUAL(403L,
                         http.PatchJson("/api/org", {{"name", "x"}}).status);
    CPPUNIT_ASSERT_EQUAL(403L, http.Get("/api/org/audit").status);
    HttpResult org = http.Get("/api/org");
    CPPUNIT_ASSERT_EQUAL(200L, org.status);
    CPPUNIT_ASSERT_EQUAL(a_.slug, org.json()["slug"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(std::string("active"),
                         QueryOne(AdminCore(),
                                  "SELECT status FROM users WHERE"
                                  " id = " +
                                      id));
  }

  void testAdminListsOwnTenantOnly() {
    HttpClient http;
    http.Login(admin_a_.login, admin_a_.password);
    HttpResult r = http.Get("/api/users?per_page=200");
    CPPUNIT_ASSERT_EQUAL(200L, r.status);
    Json j = r.json();
    CPPUNIT_ASSERT_EQUAL(2, j["total"].get<int>());
    for (const Json& u : j["users"]) {
      std::string login = u["login"].get<std::string>();
      CPPUNIT_ASSERT(login == admin_a_.login || login == member_a_.login);
      CPPUNIT_ASSERT(!u.contains("password_hash"));
    }
    HttpResult page = http.Get("/api/users?per_page=1&page=2");
    CPPUNIT_ASSERT_EQUAL(size_t{1}, page.json()["users"].size());
  }

  void testOtherTenantsUserIs404() {
    HttpClient http;
    http.Login(admin_a_.login, admin_a_.password);
    std::string id = std::to_string(member_b_.id);
    HttpResult get = http.Get("/api/users/" + id);
    CPPUNIT_ASSERT_EQUAL(404L, get.status);
    HttpResult patch = http.PatchJson("/api/users/" + id,
                                      {{"disabled", true}, {"role", "admin"}});
    CPPUNIT_ASSERT_EQUAL(404L, patch.status);
    CPPUNIT_ASSERT_EQUAL(get.body, http.Get("/api/users/999999999").body);
    CPPUNIT_ASSERT_EQUAL(std::string("active member"),
                         QueryOne(AdminCore(),
                                  "SELECT CONCAT(status, ' ', role) FROM users"
                                  " WHERE id = " +
                                      id));
    HttpClient b;
    CPPUNIT_ASSERT_EQUAL(200L,
                         b.Login(member_b_.login, member_b_.password).status);
  }

  void testRoleChangeAndDisable() {
    HttpClient member;
    member.Login(member_a_.login, member_a_.password);
    HttpClient http;
    http.Login(admin_a_.login, admin_a_.password);
    std::string path = "/api/users/" + std::to_string(member_a_.id);

    HttpResult r = http.PatchJson(path, {{"role", "admin"}});
    CPPUNIT_ASSERT_EQUAL(200L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("admin"),
                         r.json()["role"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(200L, member.Get("/api/users").status);

    r = http.PatchJson(path, {{"disabled", true}});
    CPPUNIT_ASSERT_EQUAL(200L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("disabled"),
                         r.json()["status"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(401L, member.Get("/api/auth/session").status);
    CPPUNIT_ASSERT_EQUAL(
        std::string("0"),
        QueryOne(AdminCore(), "SELECT COUNT(*) FROM sessions WHERE user_id = " +
                                  std::to_string(member_a_.id) +
                                  " AND revoked_at IS NULL"));
    r = http.PatchJson(path, {{"disabled", false}});
    CPPUNIT_ASSERT_EQUAL(std::string("active"),
                         r.json()["status"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(
        200L, member.Login(member_a_.login, member_a_.password).status);
    CPPUNIT_ASSERT_EQUAL(400L,
                         http.PatchJson(path, {{"role", "owner"}}).status);
    CPPUNIT_ASSERT_EQUAL(400L,
                         http.PatchJson(path, {{"password", "x"}}).status);
  }

  void testLastAdminStays() {
    HttpClient http;
    http.Login(admin_a_.login, admin_a_.password);
    std::string self = "/api/users/" + std::to_string(admin_a_.id);
    HttpResult demote = http.PatchJson(self, {{"role", "member"}});
    CPPUNIT_ASSERT_EQUAL(409L, demote.status);
    CPPUNIT_ASSERT_EQUAL(std::string("last_admin"), ErrorOf(demote));
    CPPUNIT_ASSERT_EQUAL(409L,
                         http.PatchJson(self, {{"disabled", true}}).status);
    // With a second admin, the first may step down.
    http.PatchJson("/api/users/" + std::to_string(member_a_.id),
                   {{"role", "admin"}});
    CPPUNIT_ASSERT_EQUAL(200L,
                         http.PatchJson(self, {{"role", "member"}}).status);
  }

  void testInviteRefusesTakenAndInvalid() {
    HttpClient http;
    http.Login(admin_a_.login, admin_a_.password);
    HttpResult taken = http.PostJson(
        "/api/users", {{"login", member_b_.login},
                       {"email", "new-" + UniqueSuffix() + "@example.test"}});
    CPPUNIT_ASSERT_EQUAL(409L, taken.status);
    CPPUNIT_ASSERT_EQUAL(std::string("login_taken"), ErrorOf(taken));
    HttpResult email = http.PostJson(
        "/api/users",
        {{"login", "new-" + UniqueSuffix()}, {"email", member_b_.email}});
    CPPUNIT_ASSERT_EQUAL(409L, email.status);
    CPPUNIT_ASSERT_EQUAL(std::string("email_taken"), ErrorOf(email));
    CPPUNIT_ASSERT_EQUAL(
        400L,
        http.PostJson("/api/users", {{"login", "a@b"}, {"email", "a@b.pl"}})
            .status);
    CPPUNIT_ASSERT_EQUAL(
        400L, http.PostJson("/api/users", {{"login", "ok-" + UniqueSuffix()},
                                           {"email", "not-an-email"}})
                  .status);
  }

  void testOrgSettings() {
    HttpClient http;
    http.Login(admin_a_.login, admin_a_.password);
    HttpResult r =
        http.PatchJson("/api/org", {{"name", "Nowa Nazwa sp. z o.o."},
                                    {"enforce_2fa", true},
                                    {"password_policy", "nist"}});
    CPPUNIT_ASSERT_EQUAL(200L, r.status);
    Json j = r.json();
    CPPUNIT_ASSERT_EQUAL(std::string("Nowa Nazwa sp. z o.o."),
                         j["name"].get<std::string>());
    CPPUNIT_ASSERT(j["enforce_2fa"].get<bool>());
    CPPUNIT_ASSERT_EQUAL(std::string("nist"),
                         j["password_policy"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(
        std::string("1 nist"),
        QueryOne(AdminCore(),
                 "SELECT CONCAT(enforce_2fa, ' ', password_policy)"
                 " FROM tenants WHERE id = " +
                     std::to_string(a_.id)));
    CPPUNIT_ASSERT_EQUAL(
        std::string("0 contract"),
        QueryOne(AdminCore(),
                 "SELECT CONCAT(enforce_2fa, ' ', password_policy)"
                 " FROM tenants WHERE id = " +
                     std::to_string(b_.id)));
    // The admin has no 2FA: the new rule binds their own session at once.
    HttpResult after = http.Get("/api/org");
    CPPUNIT_ASSERT_EQUAL(403L, after.status);
    CPPUNIT_ASSERT_EQUAL(std::string("2fa_enrolment_required"),
                         after.json()["error"].get<std::string>());

    HttpClient other;  // an admin of the other organisation, not bound
    other.Login(admin_b_.login, admin_b_.password);
    CPPUNIT_ASSERT_EQUAL(200L, other.Get("/api/org").status);
    CPPUNIT_ASSERT_EQUAL(
        400L,
        other.PatchJson("/api/org", {{"password_policy", "weak"}}).status);
    CPPUNIT_ASSERT_EQUAL(400L,
                         other.PatchJson("/api/org", {{"name", ""}}).status);
    CPPUNIT_ASSERT_EQUAL(400L,
                         other.PatchJson("/api/org", {{"slug", "x"}}).status);
  }

  void testOrgAuditOwnRowsOnlyAndPaged() {
    HttpClient wrong;
    wrong.Login(member_a_.login, "Wrong-Passw0rd!");
    HttpClient b;
    b.Login(admin_b_.login, admin_b_.password);
    HttpClient http;
    http.Login(admin_a_.login, admin_a_.password);
    http.PatchJson("/api/org", {{"name", "Audit A"}});

    HttpResult r = http.Get("/api/org/audit?limit=500");
    CPPUNIT_ASSERT_EQUAL(200L, r.status);
    Json entries = r.json()["entries"];
    bool failure = false, success = false, org = false;
    int64_t last_id = INT64_MAX;
    for (const Json& e : entries) {
      std::string event = e["event"].get<std::string>();
      std::string login = e["login"].get<std::string>();
      CPPUNIT_ASSERT(login != admin_b_.login && login != member_b_.login);
      CPPUNIT_ASSERT(e["id"].get<int64_t>() < last_id);  // newest first
      last_id = e["id"].get<int64_t>();
      if (event == "login_failure" && login == member_a_.login) failure = true;
      if (event == "login_success" && login == admin_a_.login) {
        success = true;
        CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1"),
                             e["ip"].get<std::string>());
      }
      if (event == "org_updated") org = true;
      CPPUNIT_ASSERT(e["detail"].get<std::string>().find("Passw0rd") ==
                     std::string::npos);
    }
    CPPUNIT_ASSERT(failure && success && org);

    Json page = http.Get("/api/org/audit?limit=1").json();
    CPPUNIT_ASSERT_EQUAL(size_t{1}, page["entries"].size());
    CPPUNIT_ASSERT(page["next_before"].is_number());
    Json next = http.Get("/api/org/audit?limit=1&before=" +
                         std::to_string(page["next_before"].get<int64_t>()))
                    .json();
    CPPUNIT_ASSERT(next["entries"][0]["id"].get<int64_t>() <
                   page["entries"][0]["id"].get<int64_t>());
  }

  void testApctlAuditShowsAllTenants() {
    HttpClient a, b;
    a.Login(admin_a_.login, admin_a_.password);
    b.Login(admin_b_.login, admin_b_.password);
    std::string out;
    CPPUNIT_ASSERT_EQUAL(0, RunApctl("audit --limit 500", "", &out));
    CPPUNIT_ASSERT(out.find(a_.slug) != std::string::npos);
    CPPUNIT_ASSERT(out.find(b_.slug) != std::string::npos);
    CPPUNIT_ASSERT(out.find("login_success") != std::string::npos);
  }

  void testOrgNameRefusesControlAndBidiCharacters() {
    HttpClient http;
    http.Login(admin_a_.login, admin_a_.password);
    std::string before = TenantName(a_);
    for (const char* name :
         {"A\nB", "A\rB", "A\tB", "A\x1B[2JB", "Acme \xE2\x80\xAEmoc.evil",
          "Acme \xE2\x81\xA6x\xE2\x81\xA9"}) {
      HttpResult r = http.PatchJson(
          "/api/org", {{"name", name}, {"password_policy", "nist"}});
      CPPUNIT_ASSERT_EQUAL_MESSAGE(name, 400L, r.status);
      CPPUNIT_ASSERT_EQUAL(std::string("invalid_name"), ErrorOf(r));
    }
    CPPUNIT_ASSERT_EQUAL(before, TenantName(a_));
    CPPUNIT_ASSERT_EQUAL(
        std::string("contract"),
        QueryOne(AdminCore(),
                 "SELECT password_policy FROM tenants WHERE id = " +
                     std::to_string(a_.id)));
    CPPUNIT_ASSERT_EQUAL(
        200L, http.PatchJson("/api/org", {{"name", "Zakład Łódź"}}).status);
  }

  void testInviteRefusesControlCharactersInDisplayName() {
    HttpClient http;
    http.Login(admin_a_.login, admin_a_.password);
    for (const char* name : {"Jan\nAdmin", "Jan \xE2\x80\xAEnimda"}) {
      std::string login = "dn-" + UniqueSuffix();
      HttpResult r =
          http.PostJson("/api/users", {{"login", login},
                                       {"email", login + "@example.test"},
                                       {"display_name", name}});
      CPPUNIT_ASSERT_EQUAL_MESSAGE(name, 400L, r.status);
      CPPUNIT_ASSERT_EQUAL(std::string("invalid_name"), ErrorOf(r));
      CPPUNIT_ASSERT_EQUAL(
          std::string("0"),
          QueryOne(AdminCore(),
                   "SELECT COUNT(*) FROM users WHERE login = '" + login + "'"));
    }
  }

  // Regression: malformed paging fell back to defaults or was clamped.
  void testUserListRefusesBadPaging() {
    HttpClient http;
    http.Login(admin_a_.login, admin_a_.password);
    for (const char* query :
         {"page=0", "page=abc", "page=-1", "page=", "page=1000001"}) {
      HttpResult r = http.Get(std::string("/api/users?") + query);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(query, 400L, r.status);
      CPPUNIT_ASSERT_EQUAL(std::string("invalid_page"), ErrorOf(r));
    }
    for (const char* query : {"per_page=0", "per_page=100000", "per_page=x"}) {
      HttpResult r = http.Get(std::string("/api/users?") + query);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(query, 400L, r.status);
      CPPUNIT_ASSERT_EQUAL(std::string("invalid_per_page"), ErrorOf(r));
    }
    HttpResult ok = http.Get("/api/users?page=1&per_page=200");
    CPPUNIT_ASSERT_EQUAL(200L, ok.status);
    CPPUNIT_ASSERT_EQUAL(200, ok.json()["per_page"].get<int>());
  }

  void testOrgAuditRefusesBadPaging() {
    HttpClient http;
    http.Login(admin_a_.login, admin_a_.password);
    for (const char* query :
         {"limit=0", "limit=100000", "limit=abc", "limit=501", "limit="}) {
      HttpResult r = http.Get(std::string("/api/org/audit?") + query);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(query, 400L, r.status);
      CPPUNIT_ASSERT_EQUAL(std::string("invalid_limit"), ErrorOf(r));
    }
    for (const char* query : {"before=abc", "before=-1", "before=0"}) {
      HttpResult r = http.Get(std::string("/api/org/audit?") + query);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(query, 400L, r.status);
      CPPUNIT_ASSERT_EQUAL(std::string("invalid_cursor"), ErrorOf(r));
    }
    CPPUNIT_ASSERT_EQUAL(200L, http.Get("/api/org/audit?limit=500").status);
  }

  // Regression: sessions, users and identities gave seconds, the audit log
  // microseconds, plans milliseconds. One form everywhere now.
  void testTimestampsHaveOneForm() {
    HttpClient http;
    http.Login(admin_a_.login, admin_a_.password);
    Json sessions = http.Get("/api/auth/sessions").json()["sessions"];
    Json users = http.Get("/api/users").json()["users"];
    Json audit = http.Get("/api/org/audit").json()["entries"];
    CPPUNIT_ASSERT(!sessions.empty() && !users.empty() && !audit.empty());
    CPPUNIT_ASSERT_MESSAGE(sessions.dump(),
                           IsApiTimestamp(sessions[0]["created_at"]) &&
                               IsApiTimestamp(sessions[0]["last_seen_at"]));
    CPPUNIT_ASSERT_MESSAGE(users.dump(),
                           IsApiTimestamp(users[0]["created_at"]));
    CPPUNIT_ASSERT_MESSAGE(audit.dump(), IsApiTimestamp(audit[0]["at"]));
  }

 private:
  static std::string TenantName(const TestTenant& tenant) {
    return QueryOne(AdminCore(), "SELECT name FROM tenants WHERE id = " +
                                     std::to_string(tenant.id));
  }

  TestTenant a_, b_;
  TestUser admin_a_, member_a_, admin_b_, member_b_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(LoginHardeningOrgTest);

}  // namespace ap::test
