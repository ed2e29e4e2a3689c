#include "modules/twofa/routes.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace ap::twofa {
namespace {

Router TwofaRouter() {
  App app;
  app.module = "twofa";
  app.config.Set("twofa.key", std::string(64, 'c'));
  Router router;
  AddRoutes(router, app);
  return router;
}

Access AccessOf(const Router& router, const char* method, const char* path) {
  Router::Match match = router.Find(method, path);
  CPPUNIT_ASSERT_MESSAGE(path, match.route != nullptr);
  return match.route->access;
}

}  // namespace

// The access level of each route is the security boundary of the login
// step: a pending session may only verify, an enrol-only one only enrol.
class TwofaRoutesTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(TwofaRoutesTest);
  CPPUNIT_TEST(testOnlyVerifyIsOpenToPendingSessions);
  CPPUNIT_TEST(testEnrolmentIsOpenToEnrolOnlySessions);
  CPPUNIT_TEST(testChangesNeedAFullSession);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testOnlyVerifyIsOpenToPendingSessions() {
    Router router = TwofaRouter();
    CPPUNIT_ASSERT(AccessOf(router, "POST", "/api/2fa/verify") ==
                   Access::kPending);
  }

  void testEnrolmentIsOpenToEnrolOnlySessions() {
    Router router = TwofaRouter();
    CPPUNIT_ASSERT(AccessOf(router, "POST", "/api/2fa/setup") ==
                   Access::kEnrol);
    CPPUNIT_ASSERT(AccessOf(router, "POST", "/api/2fa/enable") ==
                   Access::kEnrol);
    CPPUNIT_ASSERT(AccessOf(router, "GET", "/api/2fa/status") ==
                   Access::kEnrol);
  }

  void testChangesNeedAFullSession() {
    Router router = TwofaRouter();
    for (const char* path : {"/api/2fa/disable", "/api/2fa/recovery"}) {
      CPPUNIT_ASSERT(AccessOf(router, "POST", path) == Access::kSession);
    }
    CPPUNIT_ASSERT(AccessOf(router, "GET", "/api/2fa/enforcement") ==
                   Access::kSession);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TwofaRoutesTest);

}  // namespace ap::twofa
