// The admin command line against the real database, and its users signing
// in over HTTPS.
#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>
#include <string>

#include "common/account/login_throttle.h"
#include "common/crypto/hash.h"
#include "common/tenant/tenant_directory.h"
#include "test/integration/fixtures.h"
#include "test/integration/http_client.h"

namespace ap::test {

class ApctlTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ApctlTest);
  CPPUNIT_TEST(testCreatedUserCanSignIn);
  CPPUNIT_TEST(testDuplicateSlugIsRefused);
  CPPUNIT_TEST(testDuplicateLoginIsRefused);
  CPPUNIT_TEST(testDuplicateEmailIgnoringCaseIsRefused);
  CPPUNIT_TEST(testUnknownTenantIsRefused);
  CPPUNIT_TEST(testWeakPasswordIsRefused);
  CPPUNIT_TEST(testPasswdChangesPasswordAndEndsSessions);
  CPPUNIT_TEST(testMigrateTwiceAppliesNothing);
  CPPUNIT_TEST(testTenantSchemaHasTemplateVersion);
  CPPUNIT_TEST(testMigrateGivesOldTenantsTaskVersions);
  CPPUNIT_TEST(testUnknownOptionIsRefused);
  CPPUNIT_TEST(testMissingOptionValueIsRefused);
  CPPUNIT_TEST(testArgumentsAreCheckedBeforeThePassword);
  CPPUNIT_TEST(testPasswdLiftsSignInLockout);
  CPPUNIT_TEST(testNamesWithControlOrBidiCharactersAreRefused);
  CPPUNIT_TEST(testAuditLimitMustBeANumber);
  CPPUNIT_TEST(testSeedDemoRefusedOffTheLocalStack);
  CPPUNIT_TEST(testUsageListsEveryUserCommand);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testCreatedUserCanSignIn() {
    TestTenant tenant = CreateTenant("ctl");
    TestUser user = CreateUser(tenant, "admin");
    HttpClient http;
    HttpResult r = http.Login(user.login, user.password);
    CPPUNIT_ASSERT_EQUAL(200L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("admin"),
                         r.json()["user"]["role"].get<std::string>());
  }

  void testDuplicateSlugIsRefused() {
    TestTenant tenant = CreateTenant("dup");
    std::string out;
    int rc =
        RunApctl("tenant create " + tenant.slug + " --name Again", "", &out);
    CPPUNIT_ASSERT_EQUAL(1, rc);
    CPPUNIT_ASSERT(out.find("already exists") != std::string::npos);
  }

  void testDuplicateLoginIsRefused() {
    TestTenant tenant = CreateTenant("dup");
    TestUser user = CreateUser(tenant);
    std::string out;
    int rc = RunApctl("user create --tenant " + tenant.slug + " --login " +
                          user.login + " --email other-" + UniqueSuffix() +
                          "@example.test",
                      std::string(kTestPassword) + "\n", &out);
    CPPUNIT_ASSERT_EQUAL(1, rc);
    CPPUNIT_ASSERT(out.find("login") != std::string::npos);
  }

  void testDuplicateEmailIgnoringCaseIsRefused() {
    TestTenant tenant = CreateTenant("dup");
    TestUser user = CreateUser(tenant);
    std::string upper = user.email;
    for (char& c : upper) c = static_cast<char>(std::toupper(c));
    std::string out;
    int rc =
        RunApctl("user create --tenant " + tenant.slug + " --login other-" +
                     UniqueSuffix() + " --email " + upper,
                 std::string(kTestPassword) + "\n", &out);
    CPPUNIT_ASSERT_EQUAL(1, rc);
    CPPUNIT_ASSERT(out.find("e-mail") != std::string::npos);
  }

  void testUnknownTenantIsRefused() {
    std::string out;
    int rc =
        RunApctl("user create --tenant no-such-" + UniqueSuffix() +
                     " --login x" + UniqueSuffix() + " --email a@b.example",
                 std::string(kTestPassword) + "\n", &out);
    CPPUNIT_ASSERT_EQUAL(1, rc);
    CPPUNIT_ASSERT(out.find("no tenant") != std::string::npos);
  }

  void testWeakPasswordIsRefused() {
    TestTenant tenant = CreateTenant("weak");
    std::string login = "w" + UniqueSuffix();
    std::string out;
    int rc = RunApctl("user create --tenant " + tenant.slug + " --login " +
                          login + " --email " + login + "@example.test",
                      "password\n", &out);
    CPPUNIT_ASSERT_EQUAL(1, rc);
    CPPUNIT_ASSERT(out.find("weak password") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(
        std::string("0"),
        QueryOne(AdminCore(),
                 "SELECT COUNT(*) FROM users WHERE login = '" + login + "'"));
  }

  void testPasswdChangesPasswordAndEndsSessions() {
    TestTenant tenant = CreateTenant("pw");
    TestUser user = CreateUser(tenant);
    HttpClient old;
    old.Login(user.login, user.password);
    CPPUNIT_ASSERT_EQUAL(
        0, RunApctl("user passwd " + user.login, "New-Passw0rd?\n", nullptr));

    CPPUNIT_ASSERT_EQUAL(401L, old.Get("/api/auth/session").status);
    HttpClient http;
    CPPUNIT_ASSERT_EQUAL(401L, http.Login(user.login, user.password).status);
    CPPUNIT_ASSERT_EQUAL(200L, http.Login(user.login, "New-Passw0rd?").status);
  }

  void testMigrateTwiceAppliesNothing() {
    std::string out;
    CPPUNIT_ASSERT_EQUAL(0, RunApctl("migrate", "", &out));
    CPPUNIT_ASSERT_EQUAL(0, RunApctl("migrate", "", &out));
    CPPUNIT_ASSERT(out.find("core: 0 migration(s) applied") !=
                   std::string::npos);
    CPPUNIT_ASSERT(out.find(": 1 migration") == std::string::npos);
  }

  void testTenantSchemaHasTemplateVersion() {
    TestTenant tenant = CreateTenant("ver");
    std::string version = QueryOne(AdminTenantDb(tenant),
                                   "SELECT MAX(version) FROM schema_version");
    CPPUNIT_ASSERT(std::stoi(version) >= 1);
    CPPUNIT_ASSERT_EQUAL(
        std::string("0"),
        QueryOne(AdminTenantDb(tenant), "SELECT COUNT(*) FROM plans"));
  }

  // A tenant made before tasks had versions (its schema turned back to
  // that state) is upgraded by migrate and keeps its tasks.
  void testMigrateGivesOldTenantsTaskVersions() {
    TestTenant tenant = CreateTenant("old");
    Db& db = AdminTenantDb(tenant);
    db.Execute(
        "INSERT INTO plans (title, description, created_by, updated_by)"
        " VALUES ('p', '', 1, 1)");
    db.Execute(
        "INSERT INTO tasks (plan_id, title, description, status, created_by)"
        " VALUES (LAST_INSERT_ID(), 'Zażółć', 'd', 'doing', 1)");
    db.Execute("ALTER TABLE tasks DROP COLUMN version");
    db.Execute(
        "DELETE FROM schema_version WHERE name = '003_task_version.sql'");

    std::string out;
    CPPUNIT_ASSERT_EQUAL(0, RunApctl("migrate", "", &out));
    CPPUNIT_ASSERT_MESSAGE(
        out, out.find("tenant " + tenant.slug + ": 1 migration(s) applied") !=
                 std::string::npos);
    CPPUNIT_ASSERT_EQUAL(
        std::string("Zażółć|d|doing|1"),
        QueryOne(db,
                 "SELECT CONCAT(title, '|', description, '|', status,"
                 " '|', version) FROM tasks"));
    CPPUNIT_ASSERT_EQUAL(std::string("1"),
                         QueryOne(db,
                                  "SELECT COUNT(*) FROM schema_version"
                                  " WHERE name = '003_task_version.sql'"));
  }

  // Regression: "--rol admin" created a member and exited 0.
  void testUnknownOptionIsRefused() {
    TestTenant tenant = CreateTenant("opt");
    std::string login = "o" + UniqueSuffix();
    std::string out;
    int rc =
        RunApctl("user create --tenant " + tenant.slug + " --login " + login +
                     " --email " + login + "@example.test --rol admin",
                 std::string(kTestPassword) + "\n", &out);
    CPPUNIT_ASSERT_EQUAL(2, rc);
    CPPUNIT_ASSERT_MESSAGE(
        out, out.find("unknown option --rol") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(std::string("0"), CountUsers(login));
    CPPUNIT_ASSERT_EQUAL(2, RunApctl("tenant list --bogus 1", "", &out));
    CPPUNIT_ASSERT_EQUAL(2, RunApctl("migrate --force", "", &out));
    CPPUNIT_ASSERT_EQUAL(2, RunApctl("user passwd a b", "", &out));
  }

  void testMissingOptionValueIsRefused() {
    TestTenant tenant = CreateTenant("opt");
    std::string login = "m" + UniqueSuffix();
    std::string out;
    int rc = RunApctl("user create --tenant " + tenant.slug + " --login " +
                          login + " --email",
                      std::string(kTestPassword) + "\n", &out);
    CPPUNIT_ASSERT_EQUAL(2, rc);
    CPPUNIT_ASSERT_MESSAGE(
        out, out.find("--email needs a value") != std::string::npos);
    rc = RunApctl("user create --tenant " + tenant.slug + " --login --email " +
                      login + "@example.test",
                  std::string(kTestPassword) + "\n", &out);
    CPPUNIT_ASSERT_EQUAL(2, rc);
    CPPUNIT_ASSERT_EQUAL(std::string("0"), CountUsers(login));
    std::string slug = "nv-" + UniqueSuffix();
    CPPUNIT_ASSERT_EQUAL(2, RunApctl("tenant create " + slug, "", &out));
    CPPUNIT_ASSERT(!FindTenantBySlug(AdminCore(), slug));
  }

  // Regression: a bad tenant or a taken login was reported as "no password
  // given" when standard input was empty.
  void testArgumentsAreCheckedBeforeThePassword() {
    TestTenant tenant = CreateTenant("order");
    TestUser user = CreateUser(tenant);
    std::string fresh = "f" + UniqueSuffix();
    std::string out;
    RunApctl("user create --tenant no-such-" + UniqueSuffix() + " --login " +
                 fresh + " --email " + fresh + "@example.test",
             "", &out);
    CPPUNIT_ASSERT_MESSAGE(out, out.find("no tenant") != std::string::npos);
    RunApctl("user create --tenant " + tenant.slug + " --login " + user.login +
                 " --email " + fresh + "@example.test",
             "", &out);
    CPPUNIT_ASSERT_MESSAGE(out, out.find("already taken") != std::string::npos);
    RunApctl("user create --tenant " + tenant.slug + " --login " + fresh +
                 " --email " + user.email,
             "", &out);
    CPPUNIT_ASSERT_MESSAGE(out, out.find("already taken") != std::string::npos);
    int rc = RunApctl("user create --tenant " + tenant.slug + " --login " +
                          fresh + " --email not-an-email --role owner",
                      "", &out);
    CPPUNIT_ASSERT_EQUAL(1, rc);
    CPPUNIT_ASSERT_MESSAGE(out, out.find("no password") == std::string::npos);
  }

  // Regression: after an admin set a new password the user still got 429
  // until the lockout window ended.
  void testPasswdLiftsSignInLockout() {
    TestTenant tenant = CreateTenant("lock");
    TestUser user = CreateUser(tenant);
    std::string key = HexEncode(LoginThrottle::AccountKey(user.id, ""));
    AdminCore().Execute(
        "INSERT INTO login_attempts (kind, key_hash, window_start, failures)"
        " VALUES ('account', UNHEX('" +
        key + "'), UTC_TIMESTAMP(3), 50)");
    HttpClient http;
    CPPUNIT_ASSERT_EQUAL(429L, http.Login(user.login, user.password).status);

    CPPUNIT_ASSERT_EQUAL(
        0, RunApctl("user passwd " + user.login, "New-Passw0rd?\n", nullptr));
    CPPUNIT_ASSERT_EQUAL(200L, http.Login(user.login, "New-Passw0rd?").status);
    CPPUNIT_ASSERT_EQUAL(
        std::string("1"),
        QueryOne(AdminCore(),
                 "SELECT COUNT(*) FROM audit_log WHERE user_id = " +
                     std::to_string(user.id) +
                     " AND event = 'password_reset'"
                     " AND detail LIKE '%lockout lifted%'"));
  }

  // Regression: a line break in a tenant name broke "apctl tenant list".
  void testNamesWithControlOrBidiCharactersAreRefused() {
    std::string slug = "nl-" + UniqueSuffix();
    std::string out;
    int rc = RunApctl("tenant create " + slug + " --name \"$(printf 'A\\nB')\"",
                      "", &out);
    CPPUNIT_ASSERT_EQUAL(1, rc);
    CPPUNIT_ASSERT(!FindTenantBySlug(AdminCore(), slug));
    rc = RunApctl("tenant create " + slug +
                      " --name \"$(printf 'Acme \\342\\200\\256x')\"",
                  "", &out);
    CPPUNIT_ASSERT_EQUAL(1, rc);
    CPPUNIT_ASSERT(!FindTenantBySlug(AdminCore(), slug));

    TestTenant tenant = CreateTenant("nl");
    std::string login = "n" + UniqueSuffix();
    rc = RunApctl("user create --tenant " + tenant.slug + " --login " + login +
                      " --email " + login +
                      "@example.test --name \"$(printf 'Jan\\rAdmin')\"",
                  std::string(kTestPassword) + "\n", &out);
    CPPUNIT_ASSERT_EQUAL(1, rc);
    CPPUNIT_ASSERT_EQUAL(std::string("0"), CountUsers(login));
  }

  void testAuditLimitMustBeANumber() {
    std::string out;
    for (const char* limit : {"-5", "abc", "0", "100001"}) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(
          limit, 2, RunApctl(std::string("audit --limit ") + limit, "", &out));
    }
    CPPUNIT_ASSERT(out.find("--limit") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(
        1, RunApctl("audit --tenant no-such-" + UniqueSuffix(), "", &out));
    CPPUNIT_ASSERT_EQUAL(0, RunApctl("audit --limit 3", "", &out));
  }

  // The demo users share a printed password: never on a reachable install.
  void testSeedDemoRefusedOffTheLocalStack() {
    setenv("AP_PUBLIC_URL", "https://plans.example.com", 1);
    std::string out;
    int rc = RunApctl("seed-demo", "", &out);
    std::string forced;
    int forced_rc = RunApctl("seed-demo --allow-nonlocal", "", &forced);
    unsetenv("AP_PUBLIC_URL");
    CPPUNIT_ASSERT_EQUAL(1, rc);
    CPPUNIT_ASSERT_MESSAGE(out, out.find("refused") != std::string::npos);
    CPPUNIT_ASSERT(out.find("demo login") == std::string::npos);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(forced, 0, forced_rc);
    CPPUNIT_ASSERT(forced.find("demo login") != std::string::npos);
  }

  void testUsageListsEveryUserCommand() {
    std::string out;
    CPPUNIT_ASSERT_EQUAL(0, RunApctl("help", "", &out));
    for (const char* usage :
         {"user create", "user passwd LOGIN", "user disable LOGIN",
          "user enable LOGIN", "user reset-2fa LOGIN"}) {
      CPPUNIT_ASSERT_MESSAGE(usage, out.find(usage) != std::string::npos);
    }
    CPPUNIT_ASSERT_EQUAL(2, RunApctl("user", "", &out));
    CPPUNIT_ASSERT_EQUAL(2, RunApctl("user frobnicate x", "", &out));
  }

 private:
  static std::string CountUsers(const std::string& login) {
    return QueryOne(AdminCore(),
                    "SELECT COUNT(*) FROM users WHERE login = '" + login + "'");
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ApctlTest);

}  // namespace ap::test
