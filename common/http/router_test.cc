#include "common/http/router.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "common/http/context.h"
#include "common/http/response.h"

namespace ap {
namespace {

// A handler that answers with `status`, so a test can tell which route won.
Handler Answer(int status) {
  return [status](Context&) {
    Response r;
    r.status = status;
    return r;
  };
}

Router LinksLikeRouter() {
  Router router;
  router.AddFallback("GET", "/s", Access::kPublic, Answer(404));
  router.Add("GET", "/s/{code}", Access::kPublic, Answer(302));
  router.Add("DELETE", "/api/links/{code}", Access::kSession, Answer(204));
  return router;
}

// Which route answered: its fixed status, or 0 for none.
int Winner(const Router& router, const char* method, const char* path) {
  Router::Match match = router.Find(method, path);
  if (match.route == nullptr) return 0;
  Request request;
  App app;
  Context ctx(request, match.params, app, nullptr);
  return match.route->handler(ctx).status;
}

}  // namespace

class RouterTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(RouterTest);
  CPPUNIT_TEST(testCapturesParameters);
  CPPUNIT_TEST(testHeadUsesTheGetRoute);
  CPPUNIT_TEST(testOtherMethodOnKnownPathIsNotAllowed);
  CPPUNIT_TEST(testExactRouteWinsOverFallback);
  CPPUNIT_TEST(testFallbackTakesPrefixAndEverythingBelow);
  CPPUNIT_TEST(testFallbackKeepsToItsPrefix);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testCapturesParameters() {
    Router::Match match = LinksLikeRouter().Find("GET", "/s/abc");
    CPPUNIT_ASSERT(match.route != nullptr);
    CPPUNIT_ASSERT_EQUAL(std::string("abc"), match.params["code"]);
  }

  void testHeadUsesTheGetRoute() {
    CPPUNIT_ASSERT_EQUAL(302, Winner(LinksLikeRouter(), "HEAD", "/s/abc"));
    CPPUNIT_ASSERT_EQUAL(404, Winner(LinksLikeRouter(), "HEAD", "/s/a/b"));
  }

  void testOtherMethodOnKnownPathIsNotAllowed() {
    Router::Match match = LinksLikeRouter().Find("POST", "/s/abc");
    CPPUNIT_ASSERT(match.route == nullptr);
    CPPUNIT_ASSERT(match.path_known);  // 405, not 404
  }

  void testExactRouteWinsOverFallback() {
    // The fallback was added first; order must not matter.
    CPPUNIT_ASSERT_EQUAL(302, Winner(LinksLikeRouter(), "GET", "/s/abc"));
    CPPUNIT_ASSERT_EQUAL(302, Winner(LinksLikeRouter(), "GET", "/s/abc/"));
  }

  void testFallbackTakesPrefixAndEverythingBelow() {
    Router router = LinksLikeRouter();
    for (const char* path : {"/s", "/s/", "/s/a/b", "/s/a/b/c/"}) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(path, 404, Winner(router, "GET", path));
    }
  }

  void testFallbackKeepsToItsPrefix() {
    Router router = LinksLikeRouter();
    CPPUNIT_ASSERT_EQUAL(0, Winner(router, "GET", "/sx/a"));
    CPPUNIT_ASSERT_EQUAL(0, Winner(router, "GET", "/api/links/a/b"));
    CPPUNIT_ASSERT_EQUAL(0, Winner(router, "POST", "/s/a/b"));
    CPPUNIT_ASSERT(router.Find("POST", "/s/a/b").path_known);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RouterTest);

}  // namespace ap
