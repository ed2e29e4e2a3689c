#include "modules/plans/name_cache.h"

#include <cppunit/extensions/HelperMacros.h>

namespace ap::plans {
namespace {

using Clock = NameCache::Clock;

const Clock::time_point kStart{};

}  // namespace

class NameCacheTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(NameCacheTest);
  CPPUNIT_TEST(testUnknownIdsAreMissing);
  CPPUNIT_TEST(testKeptNameIsFound);
  CPPUNIT_TEST(testNameExpiresAfterTtl);
  CPPUNIT_TEST(testOtherTenantDoesNotSeeName);
  CPPUNIT_TEST(testFullCacheStartsOver);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testUnknownIdsAreMissing() {
    NameCache cache(std::chrono::seconds(5), 10);
    NameCache::NameMap names;
    CPPUNIT_ASSERT(cache.Find(1, {7, 8}, kStart, &names) ==
                   std::set<int64_t>({7, 8}));
    CPPUNIT_ASSERT(names.empty());
  }

  void testKeptNameIsFound() {
    NameCache cache(std::chrono::seconds(5), 10);
    cache.Put(1, {{7, "Anna"}}, kStart);
    NameCache::NameMap names;
    std::set<int64_t> missing =
        cache.Find(1, {7, 8}, kStart + std::chrono::seconds(4), &names);
    CPPUNIT_ASSERT(missing == std::set<int64_t>({8}));
    CPPUNIT_ASSERT_EQUAL(std::string("Anna"), names[7]);
  }

  void testNameExpiresAfterTtl() {
    NameCache cache(std::chrono::seconds(5), 10);
    cache.Put(1, {{7, "Anna"}}, kStart);
    NameCache::NameMap names;
    CPPUNIT_ASSERT(cache.Find(1, {7}, kStart + std::chrono::seconds(5),
                              &names) == std::set<int64_t>({7}));
    CPPUNIT_ASSERT(names.empty());
  }

  // The same user ID in another tenant is another user.
  void testOtherTenantDoesNotSeeName() {
    NameCache cache(std::chrono::seconds(5), 10);
    cache.Put(1, {{7, "Anna"}}, kStart);
    NameCache::NameMap names;
    CPPUNIT_ASSERT(cache.Find(2, {7}, kStart, &names) ==
                   std::set<int64_t>({7}));
    CPPUNIT_ASSERT(names.empty());
  }

  void testFullCacheStartsOver() {
    NameCache cache(std::chrono::seconds(5), 2);
    cache.Put(1, {{1, "a"}, {2, "b"}, {3, "c"}}, kStart);
    CPPUNIT_ASSERT(cache.size() <= 2);
    NameCache::NameMap names;
    CPPUNIT_ASSERT(cache.Find(1, {3}, kStart, &names).empty());
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(NameCacheTest);

}  // namespace ap::plans
