#include "modules/plans/plan_json.h"

#include <cppunit/extensions/HelperMacros.h>

namespace ap::plans {

class PlanJsonTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PlanJsonTest);
  CPPUNIT_TEST(testTaskCarriesItsVersion);
  CPPUNIT_TEST(testPlanCarriesItsVersion);
  CPPUNIT_TEST_SUITE_END();

 public:
  // Clients send the version back with an edit: without it in the JSON
  // they could never make a valid PATCH.
  void testTaskCarriesItsVersion() {
    TaskRow task;
    task.id = 9;
    task.version = 4;
    task.created_at = "2026-01-02 03:04:05.678000";
    task.updated_at = task.created_at;
    Json j = TaskJson(task, {});
    CPPUNIT_ASSERT_EQUAL(int64_t{4}, j["version"].get<int64_t>());
    CPPUNIT_ASSERT_EQUAL(int64_t{9}, j["id"].get<int64_t>());
  }

  void testPlanCarriesItsVersion() {
    PlanRow plan;
    plan.version = 2;
    plan.created_at = "2026-01-02 03:04:05.678000";
    plan.updated_at = plan.created_at;
    CPPUNIT_ASSERT_EQUAL(int64_t{2},
                         PlanJson(plan, {})["version"].get<int64_t>());
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PlanJsonTest);

}  // namespace ap::plans
