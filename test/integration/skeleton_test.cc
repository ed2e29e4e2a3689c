// The walking skeleton through the real stack: every module answers its
// health check through nginx, errors are JSON, plain HTTP only redirects,
// and a database outage is reported and recovered from.
#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>
#include <string>

#include "common/db/db.h"
#include "test/integration/http_client.h"

namespace ap::test {

class SkeletonTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SkeletonTest);
  CPPUNIT_TEST(testEveryModuleIsHealthy);
  CPPUNIT_TEST(testUnknownPathIsJson404);
  CPPUNIT_TEST(testInvalidJsonIs400);
  CPPUNIT_TEST(testWrongContentTypeIs415);
  CPPUNIT_TEST(testPlainHttpRedirectsToHttps);
  CPPUNIT_TEST(testDatabaseOutageIs503AndRecovers);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testEveryModuleIsHealthy() {
    HttpClient http;
    for (const char* module :
         {"login", "twofa", "plans", "attachments", "links"}) {
      HttpResult r = http.Get(std::string("/api/health/") + module);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(module, 200L, r.status);
      CPPUNIT_ASSERT_EQUAL(std::string(module),
                           r.json()["module"].get<std::string>());
      CPPUNIT_ASSERT_EQUAL(std::string("ok"),
                           r.json()["db"].get<std::string>());
      CPPUNIT_ASSERT(r.Header("content-type").find("application/json") == 0);
    }
  }

  void testUnknownPathIsJson404() {
    HttpClient http;
    for (const char* path : {"/api/nothing-here", "/api/plans/1/nonsense"}) {
      HttpResult r = http.Get(path);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(path, 404L, r.status);
      CPPUNIT_ASSERT_EQUAL(std::string("not_found"),
                           r.json()["error"].get<std::string>());
    }
  }

  void testInvalidJsonIs400() {
    HttpClient http;
    HttpResult r =
        http.Post("/api/auth/login", "{\"login\": ", "application/json");
    CPPUNIT_ASSERT_EQUAL(400L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_json"),
                         r.json()["error"].get<std::string>());
  }

  void testWrongContentTypeIs415() {
    HttpClient http;
    HttpResult r = http.Post("/api/auth/login", "login=a", "text/plain");
    CPPUNIT_ASSERT_EQUAL(415L, r.status);
    CPPUNIT_ASSERT(r.json().contains("error"));
  }

  void testPlainHttpRedirectsToHttps() {
    HttpClient http;
    const char* port = std::getenv("AP_STACK_HTTP_PORT");
    std::string http_url = std::string("http://127.0.0.1:") +
                           (port != nullptr ? port : "8080") + "/x?y=1";
    HttpResult r = http.Get(http_url);
    CPPUNIT_ASSERT(r.status == 301 || r.status == 308);
    CPPUNIT_ASSERT_EQUAL(BaseUrl() + "/x?y=1", r.Header("location"));
  }

  void testDatabaseOutageIs503AndRecovers() {
    HttpClient http;
    CPPUNIT_ASSERT_EQUAL(0, std::system("bash scripts/stack.sh db-stop"));
    HttpResult down = http.Get("/api/health/plans");
    CPPUNIT_ASSERT_EQUAL(0, std::system("bash scripts/stack.sh db-start"));
    // This process's own connections died with the server too.
    DbPool::ForThread().ResetAll();

    CPPUNIT_ASSERT_EQUAL(503L, down.status);
    CPPUNIT_ASSERT_EQUAL(std::string("down"),
                         down.json()["db"].get<std::string>());
    // Every instance recovers without a module restart.
    for (int i = 0; i < 6; ++i) {
      HttpResult up = http.Get("/api/health/plans");
      CPPUNIT_ASSERT_EQUAL(200L, up.status);
    }
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SkeletonTest);

}  // namespace ap::test
