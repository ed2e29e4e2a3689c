#include "common/account/user_validation.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace ap {

class UserValidationTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(UserValidationTest);
  CPPUNIT_TEST(testAcceptsUsualUser);
  CPPUNIT_TEST(testRefusesLineBreakInDisplayName);
  CPPUNIT_TEST(testRefusesBidiOverrideInDisplayName);
  CPPUNIT_TEST_SUITE_END();

  static std::string ErrorFor(const std::string& display_name) {
    Status s =
        ValidateNewUser("jan", "jan@acme.example", "member", display_name);
    return s.ok() ? "" : s.error();
  }

 public:
  void testAcceptsUsualUser() {
    CPPUNIT_ASSERT_EQUAL(std::string(""), ErrorFor("Ewa Wiśniewska"));
  }

  void testRefusesLineBreakInDisplayName() {
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_name"), ErrorFor("Jan\nAdmin"));
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_name"), ErrorFor("Jan\x1B[2J"));
  }

  void testRefusesBidiOverrideInDisplayName() {
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_name"),
                         ErrorFor("Jan \xE2\x80\xAEnimda"));
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_name"),
                         ErrorFor("Jan \xE2\x81\xA6x"));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(UserValidationTest);

}  // namespace ap
