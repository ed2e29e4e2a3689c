#include "common/text/number.h"

#include <cppunit/extensions/HelperMacros.h>

namespace ap {

class NumberTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(NumberTest);
  CPPUNIT_TEST(testAcceptsPositiveDecimals);
  CPPUNIT_TEST(testRefusesZeroSignsAndJunk);
  CPPUNIT_TEST(testRefusesWhatCouldOverflow);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testAcceptsPositiveDecimals() {
    CPPUNIT_ASSERT_EQUAL(int64_t{1}, *ParsePositiveDecimal("1"));
    CPPUNIT_ASSERT_EQUAL(int64_t{100000}, *ParsePositiveDecimal("100000"));
    CPPUNIT_ASSERT_EQUAL(int64_t{999999999999999999},
                         *ParsePositiveDecimal("999999999999999999"));
  }

  void testRefusesZeroSignsAndJunk() {
    for (const char* text :
         {"", "0", "00", "007", "-5", "+5", "abc", "5x", " 5", "5 ", "1e3"}) {
      CPPUNIT_ASSERT_MESSAGE(text, !ParsePositiveDecimal(text));
    }
  }

  void testRefusesWhatCouldOverflow() {
    CPPUNIT_ASSERT(!ParsePositiveDecimal("9999999999999999999"));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(NumberTest);

}  // namespace ap
