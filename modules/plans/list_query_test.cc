#include "modules/plans/list_query.h"

#include <cppunit/extensions/HelperMacros.h>

namespace ap::plans {
namespace {

Result<ListQuery> Parse(
    std::initializer_list<std::pair<const char*, const char*>> params) {
  QueryMap query;
  for (const auto& [k, v] : params) query.emplace(k, v);
  return ParseListQuery(query, /*me=*/7);
}

std::string ErrorOf(const Result<ListQuery>& r) { return r.status().error(); }

}  // namespace

class ListQueryTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ListQueryTest);
  CPPUNIT_TEST(testDefaults);
  CPPUNIT_TEST(testSortNames);
  CPPUNIT_TEST(testRefusesUnknownSort);
  CPPUNIT_TEST(testLimitBounds);
  CPPUNIT_TEST(testStatusList);
  CPPUNIT_TEST(testOwnerMeAndId);
  CPPUNIT_TEST(testFlags);
  CPPUNIT_TEST(testCursorRoundTrip);
  CPPUNIT_TEST(testCursorOfOtherSortIsRefused);
  CPPUNIT_TEST(testForgedCursorIsRefused);
  CPPUNIT_TEST(testParseId);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testDefaults() {
    Result<ListQuery> q = Parse({});
    CPPUNIT_ASSERT(q.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("-updated"), SortName(*q));
    CPPUNIT_ASSERT_EQUAL(20, q->limit);
    CPPUNIT_ASSERT(!q->deleted && !q->overdue && !q->after);
  }

  void testSortNames() {
    for (const char* sort : {"updated", "-updated", "due_date", "-due_date",
                             "priority", "-priority"}) {
      Result<ListQuery> q = Parse({{"sort", sort}});
      CPPUNIT_ASSERT(q.ok());
      CPPUNIT_ASSERT_EQUAL(std::string(sort), SortName(*q));
    }
  }

  void testRefusesUnknownSort() {
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_sort"),
                         ErrorOf(Parse({{"sort", "title"}})));
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_sort"),
                         ErrorOf(Parse({{"sort", "--updated"}})));
  }

  void testLimitBounds() {
    CPPUNIT_ASSERT_EQUAL(100, Parse({{"limit", "100"}})->limit);
    CPPUNIT_ASSERT_EQUAL(1, Parse({{"limit", "1"}})->limit);
    for (const char* bad : {"0", "101", "-1", "abc", "", "01"}) {
      CPPUNIT_ASSERT_EQUAL(std::string("invalid_limit"),
                           ErrorOf(Parse({{"limit", bad}})));
    }
  }

  void testStatusList() {
    Result<ListQuery> q = Parse({{"status", "open,in_progress"}});
    CPPUNIT_ASSERT_EQUAL(size_t{2}, q->statuses.size());
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_filter"),
                         ErrorOf(Parse({{"status", "open,"}})));
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_filter"),
                         ErrorOf(Parse({{"status", "closed"}})));
  }

  void testOwnerMeAndId() {
    CPPUNIT_ASSERT_EQUAL(int64_t{7}, *Parse({{"owner", "me"}})->owner_id);
    CPPUNIT_ASSERT_EQUAL(int64_t{42}, *Parse({{"owner", "42"}})->owner_id);
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_filter"),
                         ErrorOf(Parse({{"owner", "x"}})));
  }

  void testFlags() {
    Result<ListQuery> q = Parse({{"overdue", "1"}, {"deleted", "1"}});
    CPPUNIT_ASSERT(q->overdue && q->deleted);
    CPPUNIT_ASSERT(!Parse({{"overdue", "0"}})->overdue);
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_filter"),
                         ErrorOf(Parse({{"overdue", "yes"}})));
  }

  void testCursorRoundTrip() {
    ListQuery q = *Parse({{"sort", "due_date"}});
    std::string text = EncodeCursor(q, {"2030-01-02", 55});
    std::optional<Cursor> c = DecodeCursor(q, text);
    CPPUNIT_ASSERT(c);
    CPPUNIT_ASSERT_EQUAL(std::string("2030-01-02"), c->key);
    CPPUNIT_ASSERT_EQUAL(int64_t{55}, c->id);

    ListQuery updated = *Parse({});
    std::string ts = "2026-12-03 17:30:00.123000";
    CPPUNIT_ASSERT_EQUAL(
        ts, DecodeCursor(updated, EncodeCursor(updated, {ts, 1}))->key);
  }

  void testCursorOfOtherSortIsRefused() {
    ListQuery asc = *Parse({{"sort", "priority"}});
    ListQuery desc = *Parse({{"sort", "-priority"}});
    CPPUNIT_ASSERT(!DecodeCursor(desc, EncodeCursor(asc, {"3", 9})));
    Result<ListQuery> q =
        Parse({{"sort", "-priority"},
               {"cursor", EncodeCursor(asc, {"3", 9}).c_str()}});
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_cursor"), ErrorOf(q));
  }

  void testForgedCursorIsRefused() {
    ListQuery q = *Parse({{"sort", "priority"}});
    CPPUNIT_ASSERT(!DecodeCursor(q, "not base64 !"));
    CPPUNIT_ASSERT(!DecodeCursor(q, EncodeCursor(q, {"9", 1})));
    CPPUNIT_ASSERT(!DecodeCursor(q, EncodeCursor(q, {"1' OR 1=1", 1})));
    CPPUNIT_ASSERT(!DecodeCursor(q, EncodeCursor(q, {"2", 0})));
  }

  void testParseId() {
    CPPUNIT_ASSERT_EQUAL(int64_t{12}, *ParseId("12"));
    CPPUNIT_ASSERT(!ParseId("012"));
    CPPUNIT_ASSERT(!ParseId("-1"));
    CPPUNIT_ASSERT(!ParseId("1234567890123456789"));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ListQueryTest);

}  // namespace ap::plans
