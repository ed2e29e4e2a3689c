#include "common/backup/retention.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <string>
#include <vector>

namespace ap::backup {
namespace {

constexpr int64_t kDay = 86400;
// 2026-12-15T12:00:00Z
constexpr int64_t kNow = 1797336000;

bool Has(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

class RetentionTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(RetentionTest);
  CPPUNIT_TEST(testKeepsRecentBackups);
  CPPUNIT_TEST(testKeepsFirstOfEachMonth);
  CPPUNIT_TEST(testDropsMonthsBeyondTheYear);
  CPPUNIT_TEST(testAlwaysKeepsTheNewest);
  CPPUNIT_TEST(testIncompleteRunsGoAfterADay);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testKeepsRecentBackups() {
    std::vector<BackupAge> list = {{"young", kNow - 13 * kDay, true},
                                   {"old", kNow - 15 * kDay, true}};
    // "old" (Nov 30) is the first of November: kept as monthly.
    list.push_back({"older", kNow - 15 * kDay + 3600, true});
    auto doomed = BackupsToDelete(list, RetentionPolicy(), kNow);
    CPPUNIT_ASSERT(!Has(doomed, "young"));
    CPPUNIT_ASSERT(!Has(doomed, "old"));
    CPPUNIT_ASSERT(Has(doomed, "older"));
  }

  void testKeepsFirstOfEachMonth() {
    std::vector<BackupAge> list = {{"sep-1", kNow - 100 * kDay, true},
                                   {"sep-2", kNow - 99 * kDay, true},
                                   {"new", kNow, true}};
    auto doomed = BackupsToDelete(list, RetentionPolicy(), kNow);
    CPPUNIT_ASSERT_EQUAL(size_t{1}, doomed.size());
    CPPUNIT_ASSERT(Has(doomed, "sep-2"));
  }

  void testDropsMonthsBeyondTheYear() {
    std::vector<BackupAge> list = {{"ancient", kNow - 400 * kDay, true},
                                   {"new", kNow, true}};
    auto doomed = BackupsToDelete(list, RetentionPolicy(), kNow);
    CPPUNIT_ASSERT(Has(doomed, "ancient"));
  }

  void testAlwaysKeepsTheNewest() {
    RetentionPolicy policy;
    policy.keep_monthly = 0;
    std::vector<BackupAge> list = {{"a", kNow - 90 * kDay, true},
                                   {"b", kNow - 80 * kDay, true}};
    auto doomed = BackupsToDelete(list, policy, kNow);
    CPPUNIT_ASSERT(Has(doomed, "a"));
    CPPUNIT_ASSERT(!Has(doomed, "b"));
  }

  void testIncompleteRunsGoAfterADay() {
    std::vector<BackupAge> list = {{"running", kNow - 3600, false},
                                   {"crashed", kNow - 2 * kDay, false}};
    auto doomed = BackupsToDelete(list, RetentionPolicy(), kNow);
    CPPUNIT_ASSERT(!Has(doomed, "running"));
    CPPUNIT_ASSERT(Has(doomed, "crashed"));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RetentionTest);

}  // namespace ap::backup
