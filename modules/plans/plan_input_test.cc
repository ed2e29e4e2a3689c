#include "modules/plans/plan_input.h"

#include <cppunit/extensions/HelperMacros.h>

#include "modules/plans/plan_changes.h"

namespace ap::plans {
namespace {

std::string Repeat(const std::string& unit, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += unit;
  return out;
}

// A DELETE request carrying `body` as JSON.
Request JsonRequest(const std::string& body) {
  Request r;
  r.method = "DELETE";
  r.content_type = "application/json";
  r.body = body;
  r.content_length = static_cast<long long>(body.size());
  return r;
}

}  // namespace

class PlanInputTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PlanInputTest);
  CPPUNIT_TEST(testCreateNeedsTitle);
  CPPUNIT_TEST(testCreateRefusesUnknownField);
  CPPUNIT_TEST(testTitleLimitCountsCharacters);
  CPPUNIT_TEST(testDescriptionLimit);
  CPPUNIT_TEST(testDatesAndNulls);
  CPPUNIT_TEST(testCreateCannotStartDone);
  CPPUNIT_TEST(testPatchNeedsVersion);
  CPPUNIT_TEST(testPatchChangesOnlyDifferentFields);
  CPPUNIT_TEST(testPatchNullClearsOwner);
  CPPUNIT_TEST(testTaskStatusValues);
  CPPUNIT_TEST(testTaskPatchNeedsVersion);
  CPPUNIT_TEST(testTaskDeleteWithoutBodyIsUnconditional);
  CPPUNIT_TEST(testTaskDeleteReadsVersionFromBody);
  CPPUNIT_TEST(testTaskDeleteRefusesBadBody);
  CPPUNIT_TEST(testCommentBody);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testCreateNeedsTitle() {
    CPPUNIT_ASSERT_EQUAL(std::string("field_required"),
                         ParsePlanCreate(Json::object()).status().error());
    CPPUNIT_ASSERT_EQUAL(std::string("field_required"),
                         ParsePlanCreate({{"title", "   "}}).status().error());
    CPPUNIT_ASSERT(ParsePlanCreate({{"title", "ok"}}).ok());
  }

  void testCreateRefusesUnknownField() {
    Result<PlanInput> r = ParsePlanCreate({{"title", "x"}, {"version", 1}});
    CPPUNIT_ASSERT_EQUAL(std::string("unknown_field"), r.status().error());
  }

  void testTitleLimitCountsCharacters() {
    CPPUNIT_ASSERT(ParsePlanCreate({{"title", Repeat("🚀", 200)}}).ok());
    CPPUNIT_ASSERT_EQUAL(
        std::string("field_too_long"),
        ParsePlanCreate({{"title", Repeat("a", 201)}}).status().error());
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_field"),
                         ParsePlanCreate({{"title", "a\nb"}}).status().error());
  }

  void testDescriptionLimit() {
    CPPUNIT_ASSERT(
        ParsePlanCreate({{"title", "x"}, {"description", Repeat("ż", 20000)}})
            .ok());
    CPPUNIT_ASSERT(
        !ParsePlanCreate({{"title", "x"}, {"description", Repeat("a", 20001)}})
             .ok());
  }

  void testDatesAndNulls() {
    Result<PlanInput> in =
        ParsePlanCreate({{"title", "x"}, {"due_date", nullptr}});
    CPPUNIT_ASSERT(in->due_date.present && !in->due_date.value);
    CPPUNIT_ASSERT_EQUAL(
        std::string("invalid_date"),
        ParsePlanCreate({{"title", "x"}, {"due_date", "2026-02-30"}})
            .status()
            .error());
    CPPUNIT_ASSERT(
        !ParsePlanCreate({{"title", "x"}, {"due_date", 20260101}}).ok());
  }

  void testCreateCannotStartDone() {
    Result<PlanInput> r = ParsePlanCreate({{"title", "x"}, {"status", "done"}});
    CPPUNIT_ASSERT(r.status().code() == Code::kUnprocessable);
    CPPUNIT_ASSERT(ParsePlanCreate({{"title", "x"}, {"status", "open"}}).ok());
  }

  void testPatchNeedsVersion() {
    CPPUNIT_ASSERT_EQUAL(std::string("version_required"),
                         ParsePlanPatch({{"title", "x"}}).status().error());
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_field"),
                         ParsePlanPatch({{"version", "1"}}).status().error());
    CPPUNIT_ASSERT_EQUAL(int64_t{3},
                         *ParsePlanPatch({{"version", 3}})->version);
  }

  void testPatchChangesOnlyDifferentFields() {
    PlanRow row;
    row.title = "Same";
    row.status = "open";
    row.priority = "low";
    Result<PlanInput> in =
        ParsePlanPatch({{"version", 1}, {"title", "Same"}, {"status", "done"}});
    std::vector<FieldChange> changes = PlanChanges(row, *in);
    CPPUNIT_ASSERT_EQUAL(size_t{1}, changes.size());
    CPPUNIT_ASSERT_EQUAL(std::string("status"), changes[0].field);
    CPPUNIT_ASSERT_EQUAL(std::string("open"), *changes[0].old_value);
    CPPUNIT_ASSERT_EQUAL(std::string("done"), *changes[0].new_value);
  }

  void testPatchNullClearsOwner() {
    PlanRow row;
    row.owner_id = 5;
    Result<PlanInput> in =
        ParsePlanPatch({{"version", 1}, {"owner_id", nullptr}});
    std::vector<FieldChange> changes = PlanChanges(row, *in);
    CPPUNIT_ASSERT_EQUAL(size_t{1}, changes.size());
    CPPUNIT_ASSERT_EQUAL(std::string("5"), *changes[0].old_value);
    CPPUNIT_ASSERT(!changes[0].new_value);
    CPPUNIT_ASSERT(PlanChanges(row, *ParsePlanPatch({{"version", 1}})).empty());
  }

  void testTaskStatusValues() {
    CPPUNIT_ASSERT(ParseTaskCreate({{"title", "t"}, {"status", "doing"}}).ok());
    CPPUNIT_ASSERT(!ParseTaskCreate({{"title", "t"}, {"status", "open"}}).ok());
    CPPUNIT_ASSERT_EQUAL(
        std::string("unknown_field"),
        ParseTaskPatch({{"version", 1}, {"position", 3}}).status().error());
    CPPUNIT_ASSERT(!ParseTaskPatch({{"version", 1}, {"assignee_id", -4}}).ok());
  }

  void testTaskPatchNeedsVersion() {
    CPPUNIT_ASSERT_EQUAL(std::string("version_required"),
                         ParseTaskPatch({{"status", "done"}}).status().error());
    CPPUNIT_ASSERT_EQUAL(
        std::string("version_required"),
        ParseTaskPatch({{"version", nullptr}}).status().error());
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_field"),
                         ParseTaskPatch({{"version", "2"}}).status().error());
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_field"),
                         ParseTaskPatch({{"version", 0}}).status().error());
    CPPUNIT_ASSERT_EQUAL(int64_t{7},
                         *ParseTaskPatch({{"version", 7}})->version);
  }

  void testTaskDeleteWithoutBodyIsUnconditional() {
    Result<std::optional<int64_t>> none = ParseTaskDelete(Request{});
    CPPUNIT_ASSERT(none.ok());
    CPPUNIT_ASSERT(!*none);
    Result<std::optional<int64_t>> empty = ParseTaskDelete(JsonRequest("{}"));
    CPPUNIT_ASSERT(empty.ok());
    CPPUNIT_ASSERT(!*empty);
  }

  void testTaskDeleteReadsVersionFromBody() {
    Result<std::optional<int64_t>> r =
        ParseTaskDelete(JsonRequest(R"({"version": 4})"));
    CPPUNIT_ASSERT(r.ok());
    CPPUNIT_ASSERT_EQUAL(int64_t{4}, r->value());
  }

  void testTaskDeleteRefusesBadBody() {
    auto error = [](const std::string& body) {
      return ParseTaskDelete(JsonRequest(body)).status().error();
    };
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_field"),
                         error(R"({"version": -1})"));
    CPPUNIT_ASSERT_EQUAL(std::string("unknown_field"),
                         error(R"({"version": 1, "title": "x"})"));
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_json"), error("[1]"));
    Request text = JsonRequest(R"({"version": 1})");
    text.content_type = "text/plain";
    CPPUNIT_ASSERT_EQUAL(std::string("unsupported_media_type"),
                         ParseTaskDelete(text).status().error());
  }

  void testCommentBody() {
    CPPUNIT_ASSERT_EQUAL(std::string("Hej 👋\nok"),
                         *ParseCommentBody({{"body", "Hej 👋\nok"}}));
    CPPUNIT_ASSERT(!ParseCommentBody({{"body", ""}}).ok());
    CPPUNIT_ASSERT(!ParseCommentBody({{"text", "x"}}).ok());
    CPPUNIT_ASSERT(!ParseCommentBody({{"body", Repeat("a", 20001)}}).ok());
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PlanInputTest);

}  // namespace ap::plans
