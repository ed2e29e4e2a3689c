#include "modules/links/target.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace ap::links {
namespace {

bool Refused(const std::string& target) {
  Status s = ValidateTarget(target);
  return !s.ok() && s.code() == Code::kBadRequest &&
         s.error() == "invalid_target";
}

}  // namespace

class TargetTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(TargetTest);
  CPPUNIT_TEST(testAcceptsPathsOfTheApp);
  CPPUNIT_TEST(testRefusesEmptyAndRelative);
  CPPUNIT_TEST(testRefusesAbsoluteUrls);
  CPPUNIT_TEST(testRefusesSchemeRelative);
  CPPUNIT_TEST(testRefusesBackslashes);
  CPPUNIT_TEST(testRefusesControlCharactersAndSpaces);
  CPPUNIT_TEST(testRefusesJavascript);
  CPPUNIT_TEST(testRefusesEncodedSlashesAndBackslashes);
  CPPUNIT_TEST(testRefusesDoubleEncoding);
  CPPUNIT_TEST(testRefusesDotSegments);
  CPPUNIT_TEST(testRefusesLinksToLinks);
  CPPUNIT_TEST(testRefusesOverlongTargets);
  CPPUNIT_TEST(testRefusesUnencodedAndMalformed);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testAcceptsPathsOfTheApp() {
    for (const char* ok :
         {"/", "/plans/17", "/plans?status=open", "/plans?status=open&page=2",
          "/plans/17#task-4", "/plans?q=caf%C3%A9%20bar", "/plans//17",
          "/search?q=a%2Fb", "/sx/1", "/settings", "/plans?next=/s/x"}) {
      CPPUNIT_ASSERT_MESSAGE(ok, ValidateTarget(ok).ok());
    }
  }

  void testRefusesEmptyAndRelative() {
    CPPUNIT_ASSERT(Refused(""));
    CPPUNIT_ASSERT(Refused("plans/17"));
    CPPUNIT_ASSERT(Refused("?x=1"));
    CPPUNIT_ASSERT(Refused("#top"));
  }

  void testRefusesAbsoluteUrls() {
    CPPUNIT_ASSERT(Refused("https://evil.example/plans"));
    CPPUNIT_ASSERT(Refused("http://127.0.0.1:8443/plans/17"));
    CPPUNIT_ASSERT(Refused("ftp://evil.example"));
    CPPUNIT_ASSERT(Refused("mailto:a@b.example"));
    CPPUNIT_ASSERT(Refused("data:text/html,<b>x</b>"));
  }

  void testRefusesSchemeRelative() {
    CPPUNIT_ASSERT(Refused("//evil.example"));
    CPPUNIT_ASSERT(Refused("//evil.example/plans"));
    CPPUNIT_ASSERT(Refused("///evil.example"));
  }

  void testRefusesBackslashes() {
    CPPUNIT_ASSERT(Refused("/\\evil.example"));
    CPPUNIT_ASSERT(Refused("\\\\evil.example"));
    CPPUNIT_ASSERT(Refused("/plans\\17"));
    CPPUNIT_ASSERT(Refused("/plans?q=\\"));
  }

  void testRefusesControlCharactersAndSpaces() {
    CPPUNIT_ASSERT(Refused("/\t/evil.example"));
    CPPUNIT_ASSERT(Refused("/plans\r\nSet-Cookie: x=1"));
    CPPUNIT_ASSERT(Refused(std::string("/plans\0x", 8)));
    CPPUNIT_ASSERT(Refused("/plans\x7f"));
    CPPUNIT_ASSERT(Refused("/plans 17"));
    CPPUNIT_ASSERT(Refused("/plans%0d%0aSet-Cookie:x"));
    CPPUNIT_ASSERT(Refused("/%09/evil.example"));
  }

  void testRefusesJavascript() {
    CPPUNIT_ASSERT(Refused("javascript:alert(1)"));
    CPPUNIT_ASSERT(Refused("/javascript:alert(1)"));
    CPPUNIT_ASSERT(Refused("/x?u=JavaScript:alert(1)"));
    CPPUNIT_ASSERT(Refused("/x?u=java%73cript:alert(1)"));
    CPPUNIT_ASSERT(Refused("/x?u=javascript%3aalert(1)"));
    CPPUNIT_ASSERT(Refused("/x#vbscript:msgbox"));
  }

  void testRefusesEncodedSlashesAndBackslashes() {
    CPPUNIT_ASSERT(Refused("/%2f/evil.example"));
    CPPUNIT_ASSERT(Refused("/%2F%2Fevil.example"));
    CPPUNIT_ASSERT(Refused("%2f%2fevil.example"));
    CPPUNIT_ASSERT(Refused("/%5cevil.example"));
    CPPUNIT_ASSERT(Refused("/plans?q=%5C"));
  }

  void testRefusesDoubleEncoding() {
    CPPUNIT_ASSERT(Refused("/%252f/evil.example"));
    CPPUNIT_ASSERT(Refused("/%25252f/evil.example"));
    CPPUNIT_ASSERT(Refused("/x?q=%25255c"));
    // Four levels deep is refused for its depth alone.
    CPPUNIT_ASSERT(Refused("/x?q=%2525252541"));
  }

  void testRefusesDotSegments() {
    CPPUNIT_ASSERT(Refused("/plans/../s/abc"));
    CPPUNIT_ASSERT(Refused("/plans/./17"));
    CPPUNIT_ASSERT(Refused("/.."));
    CPPUNIT_ASSERT(Refused("/plans/%2e%2e/s/abc"));
    CPPUNIT_ASSERT(Refused("/..//evil.example"));
  }

  void testRefusesLinksToLinks() {
    CPPUNIT_ASSERT(Refused("/s/abcdefgh23"));
    CPPUNIT_ASSERT(Refused("/s"));
    CPPUNIT_ASSERT(Refused("/s/"));
    CPPUNIT_ASSERT(Refused("/S/abcdefgh23"));
    CPPUNIT_ASSERT(Refused("/%73/abcdefgh23"));
    CPPUNIT_ASSERT(Refused("/s?x=1"));
  }

  void testRefusesOverlongTargets() {
    std::string longest = "/" + std::string(kMaxTargetLength - 1, 'a');
    CPPUNIT_ASSERT(ValidateTarget(longest).ok());
    CPPUNIT_ASSERT(Refused(longest + "a"));
  }

  void testRefusesUnencodedAndMalformed() {
    CPPUNIT_ASSERT(Refused("/plans/caf\xc3\xa9"));
    CPPUNIT_ASSERT(Refused("/plans?q=<script>"));
    CPPUNIT_ASSERT(Refused("/plans?q=\"x\""));
    CPPUNIT_ASSERT(Refused("/plans%"));
    CPPUNIT_ASSERT(Refused("/plans%2"));
    CPPUNIT_ASSERT(Refused("/plans%zz"));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TargetTest);

}  // namespace ap::links
