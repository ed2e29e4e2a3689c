#include "modules/plans/plan_rules.h"

#include <cppunit/extensions/HelperMacros.h>

namespace ap::plans {

class PlanRulesTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PlanRulesTest);
  CPPUNIT_TEST(testForwardTransitions);
  CPPUNIT_TEST(testReopenAndCancel);
  CPPUNIT_TEST(testRefusedTransitions);
  CPPUNIT_TEST(testInitialStatuses);
  CPPUNIT_TEST(testPriorityRank);
  CPPUNIT_TEST(testUtf8LengthCountsCodePoints);
  CPPUNIT_TEST(testControlChars);
  CPPUNIT_TEST(testValidDates);
  CPPUNIT_TEST(testInvalidDates);
  CPPUNIT_TEST(testIsoTimestamp);
  CPPUNIT_TEST(testEscapeLike);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testForwardTransitions() {
    CPPUNIT_ASSERT(IsAllowedTransition("draft", "open"));
    CPPUNIT_ASSERT(IsAllowedTransition("open", "in_progress"));
    CPPUNIT_ASSERT(IsAllowedTransition("in_progress", "done"));
    CPPUNIT_ASSERT(IsAllowedTransition("open", "open"));
  }

  void testReopenAndCancel() {
    CPPUNIT_ASSERT(IsAllowedTransition("done", "open"));
    CPPUNIT_ASSERT(IsAllowedTransition("cancelled", "open"));
    for (const char* from : {"draft", "open", "in_progress"}) {
      CPPUNIT_ASSERT(IsAllowedTransition(from, "cancelled"));
    }
  }

  void testRefusedTransitions() {
    CPPUNIT_ASSERT(!IsAllowedTransition("draft", "done"));
    CPPUNIT_ASSERT(!IsAllowedTransition("draft", "in_progress"));
    CPPUNIT_ASSERT(!IsAllowedTransition("done", "in_progress"));
    CPPUNIT_ASSERT(!IsAllowedTransition("cancelled", "done"));
    CPPUNIT_ASSERT(!IsAllowedTransition("done", "cancelled"));
    CPPUNIT_ASSERT(!IsAllowedTransition("open", "closed"));
  }

  void testInitialStatuses() {
    CPPUNIT_ASSERT(IsInitialStatus("draft"));
    CPPUNIT_ASSERT(IsInitialStatus("in_progress"));
    CPPUNIT_ASSERT(!IsInitialStatus("done"));
    CPPUNIT_ASSERT(!IsInitialStatus("cancelled"));
  }

  void testPriorityRank() {
    CPPUNIT_ASSERT_EQUAL(1, PriorityRank("low"));
    CPPUNIT_ASSERT_EQUAL(4, PriorityRank("critical"));
    CPPUNIT_ASSERT_EQUAL(0, PriorityRank("urgent"));
  }

  void testUtf8LengthCountsCodePoints() {
    CPPUNIT_ASSERT_EQUAL(size_t{4}, Utf8Length("abcd"));
    CPPUNIT_ASSERT_EQUAL(size_t{6}, Utf8Length("Zażółć"));
    CPPUNIT_ASSERT_EQUAL(size_t{5}, Utf8Length("Größe"));
    CPPUNIT_ASSERT_EQUAL(size_t{2}, Utf8Length("🚀x"));
  }

  void testControlChars() {
    CPPUNIT_ASSERT(HasControlChars("a\nb", /*multiline=*/false));
    CPPUNIT_ASSERT(!HasControlChars("a\nb\tc\r", /*multiline=*/true));
    CPPUNIT_ASSERT(HasControlChars(std::string_view("a\0b", 3), true));
    CPPUNIT_ASSERT(!HasControlChars("Łódź 🚀", false));
    CPPUNIT_ASSERT(HasControlChars("gpj\xE2\x80\xAE.exe", true));
  }

  void testValidDates() {
    CPPUNIT_ASSERT(IsValidDate("2026-12-03"));
    CPPUNIT_ASSERT(IsValidDate("2024-02-29"));
    CPPUNIT_ASSERT(IsValidDate("2000-02-29"));
  }

  void testInvalidDates() {
    for (const char* bad :
         {"2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
          "0999-01-01", "2026-1-01", "2026/01/01", "2026-01-01T00:00", "",
          "abcd-ef-gh"}) {
      CPPUNIT_ASSERT_MESSAGE(bad, !IsValidDate(bad));
    }
  }

  void testIsoTimestamp() {
    CPPUNIT_ASSERT_EQUAL(std::string("2026-12-03T17:30:00.123Z"),
                         IsoTimestamp("2026-12-03 17:30:00.123000"));
    CPPUNIT_ASSERT_EQUAL(std::string("2026-12-03T17:30:00.000Z"),
                         IsoTimestamp("2026-12-03 17:30:00"));
    CPPUNIT_ASSERT_EQUAL(std::string("2026-12-03T17:30:00.100Z"),
                         IsoTimestamp("2026-12-03 17:30:00.1"));
  }

  void testEscapeLike() {
    CPPUNIT_ASSERT_EQUAL(std::string("5!% a!_b !!"), EscapeLike("5% a_b !"));
    CPPUNIT_ASSERT_EQUAL(std::string("plain"), EscapeLike("plain"));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PlanRulesTest);

}  // namespace ap::plans
