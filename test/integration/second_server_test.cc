// A tenant whose directory row points at a second MariaDB server works like
// any other: this is how tenants spread over several database servers.
#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>
#include <string>

#include "test/integration/fixtures.h"
#include "test/integration/http_client.h"

namespace ap::test {
namespace {

constexpr int kSecondPort = 3308;

// The second server lives in its own folder inside the test stack's.
std::string SecondServerEnv() {
  const char* var = std::getenv("AP_VAR_DIR");
  std::string base = var != nullptr && *var != '\0' ? var : "var";
  return "AP_VAR_DIR=" + base +
         "/db2 AP_DB_PORT=" + std::to_string(kSecondPort) + " ";
}

}  // namespace

class SecondServerTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SecondServerTest);
  CPPUNIT_TEST(testTenantOnSecondServerWorksAndStaysThere);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    int rc = std::system(
        (SecondServerEnv() + "bash scripts/stack.sh db-start >/dev/null")
            .c_str());
    CPPUNIT_ASSERT_EQUAL(0, rc);
  }

  void tearDown() override {
    // The stopped server must not stay in the directory: apctl migrate
    // visits every tenant.
    if (far_.id != 0) {
      std::string id = std::to_string(far_.id);
      AdminCore().Execute(
          "DELETE s FROM sessions s JOIN users u ON u.id = s.user_id"
          " WHERE u.tenant_id = " +
          id);
      AdminCore().Execute("DELETE FROM users WHERE tenant_id = " + id);
      AdminCore().Execute("DELETE FROM tenants WHERE id = " + id);
    }
    int rc = std::system(
        (SecondServerEnv() + "bash scripts/stack.sh db-stop >/dev/null")
            .c_str());
    (void)rc;
  }

  void testTenantOnSecondServerWorksAndStaysThere() {
    far_ = CreateTenant(
        "far", "--db-host 127.0.0.1 --db-port " + std::to_string(kSecondPort));
    const TestTenant& far = far_;
    CPPUNIT_ASSERT_EQUAL(kSecondPort, far.db.port);
    TestUser user = CreateUser(far);

    HttpClient http;
    CPPUNIT_ASSERT_EQUAL(200L, http.Login(user.login, user.password).status);
    HttpResult created =
        http.PostJson("/api/plans", {{"title", "Plan on the second server"},
                                     {"description", "Stored far away"}});
    CPPUNIT_ASSERT_EQUAL(201L, created.status);
    HttpResult list = http.Get("/api/plans");
    CPPUNIT_ASSERT_EQUAL(200L, list.status);
    CPPUNIT_ASSERT_EQUAL(size_t{1}, list.json()["items"].size());

    // The row is on the second server, in the tenant's own schema.
    CPPUNIT_ASSERT_EQUAL(
        std::string("Plan on the second server"),
        QueryOne(AdminTenantDb(far), "SELECT title FROM plans"));
    CPPUNIT_ASSERT_EQUAL(
        std::string("0"),
        QueryOne(AdminCore(),
                 "SELECT COUNT(*) FROM information_schema.schemata"
                 " WHERE schema_name = '" +
                     far.db.schema + "'"));
  }

 private:
  TestTenant far_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(SecondServerTest);

}  // namespace ap::test
