#include "modules/apctl/local_stack.h"

#include <cppunit/extensions/HelperMacros.h>

namespace ap::apctl {

class LocalStackTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(LocalStackTest);
  CPPUNIT_TEST(testLoopbackUrlsAreLocal);
  CPPUNIT_TEST(testOtherHostsAreNot);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testLoopbackUrlsAreLocal() {
    CPPUNIT_ASSERT(IsLoopbackUrl("https://127.0.0.1:8443"));
    CPPUNIT_ASSERT(IsLoopbackUrl("https://127.8.0.1/"));
    CPPUNIT_ASSERT(IsLoopbackUrl("https://localhost:8443/app"));
    CPPUNIT_ASSERT(IsLoopbackUrl("https://[::1]:8443"));
  }

  void testOtherHostsAreNot() {
    for (const char* url :
         {"https://plans.example.com", "https://10.0.0.5:8443", "", "127.0.0.1",
          "https://127.0.0.1.example.com/", "https://localhost.example.com",
          "https://user@127.0.0.1/", "https://[::2]/", "https://0.0.0.0/"}) {
      CPPUNIT_ASSERT_MESSAGE(url, !IsLoopbackUrl(url));
    }
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LocalStackTest);

}  // namespace ap::apctl
