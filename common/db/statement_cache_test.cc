#include "common/db/statement_cache.h"

#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <string>

namespace ap {
namespace {

// Stands in for a prepared statement; counts how many are alive.
struct FakeStatement {
  explicit FakeStatement(int* alive, std::string q)
      : alive_count(alive), query(std::move(q)) {
    ++*alive_count;
  }

  ~FakeStatement() { --*alive_count; }

  int* alive_count;
  std::string query;
};

using Cache = StatementCache<FakeStatement>;

}  // namespace

class StatementCacheTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(StatementCacheTest);
  CPPUNIT_TEST(testEmptyCacheHasNothingToLend);
  CPPUNIT_TEST(testReturnedStatementIsLentAgain);
  CPPUNIT_TEST(testStatementOnLoanIsNotLentTwice);
  CPPUNIT_TEST(testOtherQueryGetsNoStatement);
  CPPUNIT_TEST(testKeepsAtMostCapacityDroppingOldest);
  CPPUNIT_TEST(testClearDeletesIdleStatements);
  CPPUNIT_TEST(testStatementOfEarlierEpochIsDeletedOnReturn);
  CPPUNIT_TEST(testZeroCapacityCachesNothing);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { alive_ = 0; }

  std::unique_ptr<FakeStatement> Make(const std::string& query) {
    return std::make_unique<FakeStatement>(&alive_, query);
  }

  void testEmptyCacheHasNothingToLend() {
    Cache cache(4);
    CPPUNIT_ASSERT(cache.Take("SELECT 1") == nullptr);
  }

  void testReturnedStatementIsLentAgain() {
    Cache cache(4);
    std::unique_ptr<FakeStatement> st = Make("SELECT 1");
    FakeStatement* raw = st.get();
    cache.Give("SELECT 1", cache.epoch(), std::move(st));
    CPPUNIT_ASSERT_EQUAL(size_t{1}, cache.idle_count());
    CPPUNIT_ASSERT(cache.Take("SELECT 1").get() == raw);
    CPPUNIT_ASSERT_EQUAL(size_t{0}, cache.idle_count());
  }

  // A second user of a query, while the first one still reads its result
  // set, must get a statement of its own.
  void testStatementOnLoanIsNotLentTwice() {
    Cache cache(4);
    cache.Give("SELECT 1", cache.epoch(), Make("SELECT 1"));
    std::unique_ptr<FakeStatement> first = cache.Take("SELECT 1");
    CPPUNIT_ASSERT(first != nullptr);
    CPPUNIT_ASSERT(cache.Take("SELECT 1") == nullptr);
  }

  void testOtherQueryGetsNoStatement() {
    Cache cache(4);
    cache.Give("SELECT 1", cache.epoch(), Make("SELECT 1"));
    CPPUNIT_ASSERT(cache.Take("SELECT 2") == nullptr);
    CPPUNIT_ASSERT_EQUAL(size_t{1}, cache.idle_count());
  }

  void testKeepsAtMostCapacityDroppingOldest() {
    Cache cache(2);
    cache.Give("a", cache.epoch(), Make("a"));
    cache.Give("b", cache.epoch(), Make("b"));
    cache.Give("c", cache.epoch(), Make("c"));
    CPPUNIT_ASSERT_EQUAL(size_t{2}, cache.idle_count());
    CPPUNIT_ASSERT_EQUAL(2, alive_);
    CPPUNIT_ASSERT(cache.Take("a") == nullptr);
    CPPUNIT_ASSERT(cache.Take("b") != nullptr);
    CPPUNIT_ASSERT(cache.Take("c") != nullptr);
  }

  void testClearDeletesIdleStatements() {
    Cache cache(4);
    cache.Give("a", cache.epoch(), Make("a"));
    cache.Give("b", cache.epoch(), Make("b"));
    cache.Clear();
    CPPUNIT_ASSERT_EQUAL(size_t{0}, cache.idle_count());
    CPPUNIT_ASSERT_EQUAL(0, alive_);
  }

  // A statement lent out before its connection was replaced belongs to
  // the old connection: it must never be lent out for the new one.
  void testStatementOfEarlierEpochIsDeletedOnReturn() {
    Cache cache(4);
    uint64_t before = cache.epoch();
    std::unique_ptr<FakeStatement> st = Make("a");
    cache.Clear();
    cache.Give("a", before, std::move(st));
    CPPUNIT_ASSERT_EQUAL(size_t{0}, cache.idle_count());
    CPPUNIT_ASSERT_EQUAL(0, alive_);
  }

  void testZeroCapacityCachesNothing() {
    Cache cache(0);
    cache.Give("a", cache.epoch(), Make("a"));
    CPPUNIT_ASSERT_EQUAL(size_t{0}, cache.idle_count());
    CPPUNIT_ASSERT_EQUAL(0, alive_);
  }

 private:
  int alive_ = 0;
};

CPPUNIT_TEST_SUITE_REGISTRATION(StatementCacheTest);

}  // namespace ap
