#include "common/text/safe_text.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace ap {

class SafeTextTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SafeTextTest);
  CPPUNIT_TEST(testAcceptsAnyLanguage);
  CPPUNIT_TEST(testRefusesControlsAndLineBreaks);
  CPPUNIT_TEST(testMultiLineAllowsOnlyLineBreaks);
  CPPUNIT_TEST(testRefusesBidiControls);
  CPPUNIT_TEST(testRefusesC1AndBrokenUtf8);
  CPPUNIT_TEST(testDecodesCodePoints);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testAcceptsAnyLanguage() {
    CPPUNIT_ASSERT(!HasUnsafeCharacters("Łódź Zakład 報告 🚀 עברית", false));
    CPPUNIT_ASSERT(!HasUnsafeCharacters("", false));
  }

  void testRefusesControlsAndLineBreaks() {
    CPPUNIT_ASSERT(HasUnsafeCharacters("A\nB", false));
    CPPUNIT_ASSERT(HasUnsafeCharacters("A\rB", false));
    CPPUNIT_ASSERT(HasUnsafeCharacters("A\tB", false));
    CPPUNIT_ASSERT(HasUnsafeCharacters("A\x1B[31mB", false));
    CPPUNIT_ASSERT(HasUnsafeCharacters("A\x7F", false));
    CPPUNIT_ASSERT(HasUnsafeCharacters(std::string("A\0B", 3), false));
  }

  void testMultiLineAllowsOnlyLineBreaks() {
    CPPUNIT_ASSERT(!HasUnsafeCharacters("a\r\nb\tc\xE2\x80\xA8", true));
    CPPUNIT_ASSERT(HasUnsafeCharacters("a\x07", true));
    CPPUNIT_ASSERT(HasUnsafeCharacters("a\xE2\x80\xAE", true));
  }

  void testRefusesBidiControls() {
    for (int32_t cp :
         {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068,
          0x2069, 0x200E, 0x200F, 0xFEFF, 0x2028, 0x2029}) {
      std::string text = "ab";
      text += static_cast<char>(0xE0 | (cp >> 12));
      text += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      text += static_cast<char>(0x80 | (cp & 0x3F));
      CPPUNIT_ASSERT_MESSAGE(std::to_string(cp),
                             HasUnsafeCharacters(text, false));
    }
    // Neighbours of the ranges are ordinary punctuation.
    CPPUNIT_ASSERT(!HasUnsafeCharacters("\xE2\x80\xA7\xE2\x80\xAF", false));
  }

  void testRefusesC1AndBrokenUtf8() {
    CPPUNIT_ASSERT(HasUnsafeCharacters("a\xC2\x85", false));  // NEL
    CPPUNIT_ASSERT(HasUnsafeCharacters("a\xFF", false));
    CPPUNIT_ASSERT(HasUnsafeCharacters("a\xC0\xAF", false));  // overlong '/'
    CPPUNIT_ASSERT(HasUnsafeCharacters("a\xED\xA0\x80", false));  // surrogate
  }

  void testDecodesCodePoints() {
    std::string text = "a\xC3\xBC\xF0\x9F\x9A\x80";
    size_t pos = 0;
    CPPUNIT_ASSERT_EQUAL(int32_t{'a'}, NextCodePoint(text, &pos));
    CPPUNIT_ASSERT_EQUAL(int32_t{0xFC}, NextCodePoint(text, &pos));
    CPPUNIT_ASSERT_EQUAL(int32_t{0x1F680}, NextCodePoint(text, &pos));
    CPPUNIT_ASSERT_EQUAL(text.size(), pos);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SafeTextTest);

}  // namespace ap
