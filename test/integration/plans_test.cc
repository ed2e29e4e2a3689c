// Plans, tasks, comments, history and the trash through the real stack:
// validation, filters, sorting, paging, concurrent edits and tenant
// isolation.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <ctime>
#include <set>
#include <string>
#include <vector>

#include "test/integration/fixtures.h"
#include "test/integration/http_client.h"

namespace ap::test {
namespace {

// Today's UTC date moved by `days`, as YYYY-MM-DD.
std::string DateFromToday(int days) {
  std::time_t t = std::time(nullptr) + static_cast<std::time_t>(days) * 86400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &tm);
  return buffer;
}

std::string Error(const HttpResult& r) {
  Json j = r.json();
  return j.is_object() && j.contains("error") ? j["error"].get<std::string>()
                                              : "";
}

std::string Repeat(const std::string& unit, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += unit;
  return out;
}

// Logs `user` in on the web and keeps the session.
struct Session {
  explicit Session(const TestUser& user) {
    HttpResult r = http.Login(user.login, user.password);
    if (r.status != 200) throw std::runtime_error("login failed: " + r.body);
  }

  HttpClient http;
};

int64_t CreatePlan(HttpClient& http, const Json& body) {
  HttpResult r = http.PostJson("/api/plans", body);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 201L, r.status);
  return r.json()["id"].get<int64_t>();
}

int64_t CreatePlan(HttpClient& http, const char* title) {
  return CreatePlan(http, Json{{"title", title}});
}

std::string PlanPath(int64_t id) { return "/api/plans/" + std::to_string(id); }

std::string TaskPath(int64_t plan_id, int64_t task_id) {
  return PlanPath(plan_id) + "/tasks/" + std::to_string(task_id);
}

int64_t CreateTask(HttpClient& http, int64_t plan_id, const char* title) {
  HttpResult r =
      http.PostJson(PlanPath(plan_id) + "/tasks", {{"title", title}});
  CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 201L, r.status);
  CPPUNIT_ASSERT_EQUAL(1, r.json()["version"].get<int>());
  return r.json()["id"].get<int64_t>();
}

// Every plan id of a list URL, following next_cursor to the end.
std::vector<int64_t> AllPages(HttpClient& http, const std::string& url) {
  std::vector<int64_t> ids;
  std::string cursor;
  for (int page = 0; page < 1000; ++page) {
    std::string sep = url.find('?') == std::string::npos ? "?" : "&";
    HttpResult r =
        http.Get(url + (cursor.empty() ? "" : sep + "cursor=" + cursor));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 200L, r.status);
    Json j = r.json();
    for (const Json& item : j["items"]) ids.push_back(item["id"]);
    if (j["next_cursor"].is_null()) break;
    cursor = j["next_cursor"].get<std::string>();
  }
  return ids;
}

std::vector<int64_t> Ids(const HttpResult& r) {
  Json body = r.json();  // a temporary would not outlive the loop
  std::vector<int64_t> ids;
  for (const Json& item : body["items"]) ids.push_back(item["id"]);
  return ids;
}

}  // namespace

class PlansTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PlansTest);
  CPPUNIT_TEST(testCreateReturnsPlanShape);
  CPPUNIT_TEST(testUtf8IsStoredExactly);
  CPPUNIT_TEST(testCreateRefusesBadInput);
  CPPUNIT_TEST(testLengthsCountCharacters);
  CPPUNIT_TEST(testOwnerMustBeActiveUserOfSameTenant);
  CPPUNIT_TEST(testPatchChangesAndRecordsHistory);
  CPPUNIT_TEST(testSecondPatchFromSameVersionIs409);
  CPPUNIT_TEST(testPatchNeedsVersion);
  CPPUNIT_TEST(testStatusTransitions);
  CPPUNIT_TEST(testOverdueAndProgress);
  CPPUNIT_TEST(testFilters);
  CPPUNIT_TEST(testTextFilterEscapesWildcards);
  CPPUNIT_TEST(testSorts);
  CPPUNIT_TEST(testPaging250PlansWithoutDuplicatesOrGaps);
  CPPUNIT_TEST(testPagingIsStableWhileRowsAreAdded);
  CPPUNIT_TEST(testBadListParametersAre400);
  CPPUNIT_TEST(testTasksLifecycle);
  CPPUNIT_TEST(testTaskEditWithCurrentVersionBumpsIt);
  CPPUNIT_TEST(testStaleTaskEditIs409AndChangesNothing);
  CPPUNIT_TEST(testTaskEditNeedsVersion);
  CPPUNIT_TEST(testStaleTaskDeleteIs409AndKeepsTask);
  CPPUNIT_TEST(testTaskDeleteWithoutVersionStillWorks);
  CPPUNIT_TEST(testTaskWritesLeavePlanVersion);
  CPPUNIT_TEST(testOtherTenantsTaskIdIs404);
  CPPUNIT_TEST(testReorderTasks);
  CPPUNIT_TEST(testAssigneeMustBeOfSameTenant);
  CPPUNIT_TEST(testCommentsOnlyAuthorEdits);
  CPPUNIT_TEST(testHistoryNewestFirstWithNames);
  CPPUNIT_TEST(testMemberDeletesAdminRestores);
  CPPUNIT_TEST(testTrashIsForAdminsOnly);
  CPPUNIT_TEST(testOtherTenantsPlanIdIs404);
  CPPUNIT_TEST(testSameIdShowsOwnTenantsPlan);
  CPPUNIT_TEST(testWritesNeedCsrf);
  CPPUNIT_TEST(testNoSessionIs401);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    tenant_ = CreateTenant("plans");
    admin_ = CreateUser(tenant_, "admin");
    member_ = CreateUser(tenant_, "member");
  }

  void testCreateReturnsPlanShape() {
    Session s(member_);
    HttpResult r =
        s.http.PostJson("/api/plans", {{"title", "5S audit findings"},
                                       {"description", "Hall 2"},
                                       {"area", "Hall 2"},
                                       {"priority", "high"},
                                       {"owner_id", admin_.id},
                                       {"due_date", "2030-05-31"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 201L, r.status);
    Json p = r.json();
    CPPUNIT_ASSERT_EQUAL(std::string("draft"), p["status"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(std::string("high"), p["priority"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(admin_.id, p["owner"]["id"].get<int64_t>());
    CPPUNIT_ASSERT(p["owner"]["display_name"].is_string());
    CPPUNIT_ASSERT_EQUAL(std::string("2030-05-31"),
                         p["due_date"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(member_.id, p["created_by"].get<int64_t>());
    CPPUNIT_ASSERT_EQUAL(1, p["version"].get<int>());
    CPPUNIT_ASSERT_EQUAL(false, p["overdue"].get<bool>());
    CPPUNIT_ASSERT_EQUAL(0, p["progress"]["total"].get<int>());
    std::string at = p["created_at"].get<std::string>();
    CPPUNIT_ASSERT_EQUAL(size_t{24}, at.size());
    CPPUNIT_ASSERT(at[10] == 'T' && at[19] == '.' && at[23] == 'Z');

    HttpResult got = s.http.Get(PlanPath(p["id"]));
    CPPUNIT_ASSERT_EQUAL(200L, got.status);
    CPPUNIT_ASSERT(got.json()["tasks"].is_array());
  }

  void testUtf8IsStoredExactly() {
    Session s(member_);
    std::string title = "Zażółć gęślą jaźń – Größe Ärger 🚀🔧";
    std::string text =
        "Łódź, Straße, emoji 👩‍🔧 and \"quotes\"\nline 2";
    int64_t id = CreatePlan(
        s.http, {{"title", title}, {"description", text}, {"area", "Hala Ö"}});
    Json p = s.http.Get(PlanPath(id)).json();
    CPPUNIT_ASSERT_EQUAL(title, p["title"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(text, p["description"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(title, QueryOne(AdminTenantDb(tenant_),
                                         "SELECT title FROM plans WHERE id=" +
                                             std::to_string(id)));
  }

  void testCreateRefusesBadInput() {
    Session s(member_);

    struct Case {
      Json body;
      long status;
      std::string error;
    };

    std::vector<Case> cases = {
        {{{"description", "no title"}}, 400, "field_required"},
        {{{"title", "   "}}, 400, "field_required"},
        {{{"title", 42}}, 400, "invalid_field"},
        {{{"title", "x"}, {"colour", "red"}}, 400, "unknown_field"},
        {{{"title", "x"}, {"priority", "urgent"}}, 400, "invalid_field"},
        {{{"title", "x"}, {"due_date", "2026-02-30"}}, 400, "invalid_date"},
        {{{"title", "x"}, {"due_date", "03.12.2026"}}, 400, "invalid_date"},
        {{{"title", "x"}, {"status", "done"}}, 422, "invalid_transition"},
        {{{"title", "x"}, {"owner_id", "abc"}}, 400, "invalid_field"},
    };
    for (const Case& c : cases) {
      HttpResult r = s.http.PostJson("/api/plans", c.body);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(c.body.dump(), c.status, r.status);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(c.body.dump(), c.error, Error(r));
    }
    HttpResult not_json =
        s.http.Post("/api/plans", "{\"title\":", "application/json");
    CPPUNIT_ASSERT_EQUAL(400L, not_json.status);
    CPPUNIT_ASSERT_EQUAL(std::string("0"), PlanCount());
  }

  void testLengthsCountCharacters() {
    Session s(member_);
    HttpResult ok = s.http.PostJson(
        "/api/plans",
        {{"title", Repeat("ż", 200)}, {"description", Repeat("🚀", 20000)}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(ok.body.substr(0, 200), 201L, ok.status);
    CPPUNIT_ASSERT_EQUAL(Repeat("🚀", 20000),
                         ok.json()["description"].get<std::string>());

    HttpResult long_title =
        s.http.PostJson("/api/plans", {{"title", Repeat("a", 201)}});
    CPPUNIT_ASSERT_EQUAL(400L, long_title.status);
    CPPUNIT_ASSERT_EQUAL(std::string("field_too_long"), Error(long_title));
    HttpResult long_text = s.http.PostJson(
        "/api/plans", {{"title", "x"}, {"description", Repeat("a", 20001)}});
    CPPUNIT_ASSERT_EQUAL(400L, long_text.status);
    CPPUNIT_ASSERT_EQUAL(std::string("1"), PlanCount());
  }

  void testOwnerMustBeActiveUserOfSameTenant() {
    TestTenant other = CreateTenant("plans-b");
    TestUser stranger = CreateUser(other, "member");
    TestUser leaver = CreateUser(tenant_, "member");
    AdminCore().Execute("UPDATE users SET status = 'disabled' WHERE id = " +
                        std::to_string(leaver.id));
    Session s(member_);
    for (int64_t owner : {stranger.id, leaver.id, int64_t{999999999}}) {
      HttpResult r =
          s.http.PostJson("/api/plans", {{"title", "x"}, {"owner_id", owner}});
      CPPUNIT_ASSERT_EQUAL(422L, r.status);
      CPPUNIT_ASSERT_EQUAL(std::string("invalid_owner"), Error(r));
    }
    int64_t id = CreatePlan(s.http, "owned");
    HttpResult patch = s.http.PatchJson(
        PlanPath(id), {{"version", 1}, {"owner_id", stranger.id}});
    CPPUNIT_ASSERT_EQUAL(422L, patch.status);
    CPPUNIT_ASSERT_EQUAL(std::string(""), PlanField(id, "owner_id"));
  }

  void testPatchChangesAndRecordsHistory() {
    Session s(member_);
    int64_t id = CreatePlan(s.http, "Old title");
    HttpResult r = s.http.PatchJson(PlanPath(id), {{"version", 1},
                                                   {"title", "New title"},
                                                   {"status", "open"},
                                                   {"owner_id", admin_.id}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 200L, r.status);
    CPPUNIT_ASSERT_EQUAL(2, r.json()["version"].get<int>());
    CPPUNIT_ASSERT_EQUAL(std::string("New title"), PlanField(id, "title"));
    CPPUNIT_ASSERT_EQUAL(member_.id, r.json()["updated_by"].get<int64_t>());

    Json history = s.http.Get(PlanPath(id) + "/history").json()["items"];
    std::set<std::string> fields;
    for (const Json& h : history) {
      if (h["action"] == "update") fields.insert(h["field"]);
      if (h["field"] == "title") {
        CPPUNIT_ASSERT_EQUAL(std::string("Old title"),
                             h["old_value"].get<std::string>());
        CPPUNIT_ASSERT_EQUAL(std::string("New title"),
                             h["new_value"].get<std::string>());
        CPPUNIT_ASSERT_EQUAL(member_.id, h["user"]["id"].get<int64_t>());
      }
    }
    CPPUNIT_ASSERT(fields ==
                   (std::set<std::string>{"title", "status", "owner_id"}));
  }

  void testSecondPatchFromSameVersionIs409() {
    Session anna(member_);
    Session boss(admin_);
    int64_t id = CreatePlan(anna.http, "Shared plan");
    HttpResult first =
        anna.http.PatchJson(PlanPath(id), {{"version", 1}, {"title", "A"}});
    HttpResult second =
        boss.http.PatchJson(PlanPath(id), {{"version", 1}, {"title", "B"}});
    CPPUNIT_ASSERT_EQUAL(200L, first.status);
    CPPUNIT_ASSERT_EQUAL(409L, second.status);
    Json j = second.json();
    CPPUNIT_ASSERT_EQUAL(std::string("version_conflict"),
                         j["error"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(2, j["current_version"].get<int>());
    CPPUNIT_ASSERT_EQUAL(std::string("A"),
                         j["current"]["title"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(std::string("A"), PlanField(id, "title"));
    CPPUNIT_ASSERT_EQUAL(std::string("2"), PlanField(id, "version"));
  }

  void testPatchNeedsVersion() {
    Session s(member_);
    int64_t id = CreatePlan(s.http, "x");
    HttpResult r = s.http.PatchJson(PlanPath(id), {{"title", "y"}});
    CPPUNIT_ASSERT_EQUAL(400L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("version_required"), Error(r));
    HttpResult unknown = s.http.PatchJson(
        PlanPath(id), {{"version", 1}, {"created_by", admin_.id}});
    CPPUNIT_ASSERT_EQUAL(std::string("unknown_field"), Error(unknown));
    CPPUNIT_ASSERT_EQUAL(std::string("x"), PlanField(id, "title"));
  }

  void testStatusTransitions() {
    Session s(member_);
    int64_t id = CreatePlan(s.http, "x");
    HttpResult bad =
        s.http.PatchJson(PlanPath(id), {{"version", 1}, {"status", "done"}});
    CPPUNIT_ASSERT_EQUAL(422L, bad.status);
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_transition"), Error(bad));
    int version = 1;
    for (const char* status :
         {"open", "in_progress", "done", "open", "cancelled", "open"}) {
      HttpResult r = s.http.PatchJson(
          PlanPath(id), {{"version", version}, {"status", status}});
      CPPUNIT_ASSERT_EQUAL_MESSAGE(status, 200L, r.status);
      version = r.json()["version"].get<int>();
    }
    CPPUNIT_ASSERT_EQUAL(7, version);
  }

  void testOverdueAndProgress() {
    Session s(member_);
    int64_t late = CreatePlan(s.http, {{"title", "late"},
                                       {"status", "open"},
                                       {"due_date", DateFromToday(-1)}});
    int64_t today = CreatePlan(
        s.http, {{"title", "today"}, {"due_date", DateFromToday(0)}});
    CPPUNIT_ASSERT_EQUAL(
        true, s.http.Get(PlanPath(late)).json()["overdue"].get<bool>());
    CPPUNIT_ASSERT_EQUAL(
        false, s.http.Get(PlanPath(today)).json()["overdue"].get<bool>());

    s.http.PostJson(PlanPath(late) + "/tasks", {{"title", "a"}});
    s.http.PostJson(PlanPath(late) + "/tasks",
                    {{"title", "b"}, {"status", "done"}});
    s.http.PatchJson(PlanPath(late), {{"version", 1}, {"status", "done"}});
    Json p = s.http.Get(PlanPath(late)).json();
    CPPUNIT_ASSERT_EQUAL(false, p["overdue"].get<bool>());
    CPPUNIT_ASSERT_EQUAL(1, p["progress"]["done"].get<int>());
    CPPUNIT_ASSERT_EQUAL(2, p["progress"]["total"].get<int>());
  }

  void testFilters() {
    Session s(member_);
    int64_t a = CreatePlan(s.http, {{"title", "Leak in hall"},
                                    {"status", "open"},
                                    {"area", "Hall 1"},
                                    {"owner_id", member_.id},
                                    {"due_date", DateFromToday(-3)}});
    int64_t b = CreatePlan(s.http, {{"title", "Labels"},
                                    {"status", "in_progress"},
                                    {"area", "Warehouse"},
                                    {"owner_id", admin_.id},
                                    {"description", "missing leak labels"}});
    int64_t c = CreatePlan(s.http, {{"title", "Draft idea"},
                                    {"area", "Hall 1"},
                                    {"due_date", DateFromToday(5)}});
    auto ids = [&](const std::string& query) {
      std::vector<int64_t> v = Ids(s.http.Get("/api/plans?" + query));
      std::sort(v.begin(), v.end());
      return v;
    };
    using V = std::vector<int64_t>;
    CPPUNIT_ASSERT(ids("status=open,in_progress") == (V{a, b}));
    CPPUNIT_ASSERT(ids("status=draft") == (V{c}));
    CPPUNIT_ASSERT(ids("owner=me") == (V{a}));
    CPPUNIT_ASSERT(ids("owner=" + std::to_string(admin_.id)) == (V{b}));
    CPPUNIT_ASSERT(ids("area=Hall%201") == (V{a, c}));
    CPPUNIT_ASSERT(ids("overdue=1") == (V{a}));
    CPPUNIT_ASSERT(ids("q=leak") == (V{a, b}));
    CPPUNIT_ASSERT(ids("q=leak&status=open") == (V{a}));
  }

  void testTextFilterEscapesWildcards() {
    Session s(member_);
    int64_t pct = CreatePlan(s.http, "Scrap rate 5% too high");
    CreatePlan(s.http, "Scrap rate 50 too high");
    int64_t under = CreatePlan(s.http, "file_name fix");
    CreatePlan(s.http, "filexname fix");
    CPPUNIT_ASSERT(Ids(s.http.Get("/api/plans?q=5%25")) ==
                   std::vector<int64_t>{pct});
    CPPUNIT_ASSERT(Ids(s.http.Get("/api/plans?q=file_")) ==
                   std::vector<int64_t>{under});
  }

  void testSorts() {
    Session s(member_);
    int64_t low = CreatePlan(
        s.http,
        {{"title", "l"}, {"priority", "low"}, {"due_date", "2030-01-03"}});
    int64_t crit = CreatePlan(
        s.http,
        {{"title", "c"}, {"priority", "critical"}, {"due_date", "2030-01-01"}});
    int64_t none = CreatePlan(s.http, {{"title", "n"}, {"priority", "medium"}});
    int64_t high = CreatePlan(
        s.http,
        {{"title", "h"}, {"priority", "high"}, {"due_date", "2030-01-02"}});
    using V = std::vector<int64_t>;
    CPPUNIT_ASSERT(Ids(s.http.Get("/api/plans")) == (V{high, none, crit, low}));
    CPPUNIT_ASSERT(Ids(s.http.Get("/api/plans?sort=-priority")) ==
                   (V{crit, high, none, low}));
    CPPUNIT_ASSERT(Ids(s.http.Get("/api/plans?sort=priority")) ==
                   (V{low, none, high, crit}));
    CPPUNIT_ASSERT(Ids(s.http.Get("/api/plans?sort=due_date")) ==
                   (V{crit, high, low, none}));
    CPPUNIT_ASSERT(Ids(s.http.Get("/api/plans?sort=-due_date")) ==
                   (V{low, high, crit, none}));
    s.http.PatchJson(PlanPath(crit), {{"version", 1}, {"title", "touched"}});
    CPPUNIT_ASSERT_EQUAL(crit, Ids(s.http.Get("/api/plans?sort=-updated"))[0]);
  }

  // Many rows share a sort key (same updated_at, priority, due date), so
  // the id tie-break decides; every sort must list all 250 exactly once.
  void testPaging250PlansWithoutDuplicatesOrGaps() {
    std::string sql =
        "INSERT INTO plans (title, description, priority, status, due_date,"
        " created_by, updated_by, updated_at) VALUES ";
    const char* priorities[] = {"low", "medium", "high", "critical"};
    for (int i = 0; i < 250; ++i) {
      std::string due =
          i % 5 == 0 ? "NULL" : "'2030-01-0" + std::to_string(i % 7 + 1) + "'";
      sql += std::string(i ? ", " : "") + "('Plan " + std::to_string(i) +
             "', '', '" + priorities[i % 4] + "', 'open', " + due + ", " +
             std::to_string(member_.id) + ", " + std::to_string(member_.id) +
             ", '2026-01-0" + std::to_string(i % 3 + 1) + " 10:00:00.000')";
    }
    AdminTenantDb(tenant_).Execute(sql);

    Session s(member_);
    for (const char* sort : {"-updated", "updated", "due_date", "-due_date",
                             "priority", "-priority"}) {
      for (int limit : {100, 37}) {
        std::vector<int64_t> ids =
            AllPages(s.http, "/api/plans?sort=" + std::string(sort) +
                                 "&limit=" + std::to_string(limit));
        std::set<int64_t> unique(ids.begin(), ids.end());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(sort, size_t{250}, ids.size());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(sort, size_t{250}, unique.size());
      }
    }
    std::vector<int64_t> filtered =
        AllPages(s.http, "/api/plans?sort=priority&limit=7&q=Plan%201");
    CPPUNIT_ASSERT_EQUAL(size_t{111}, filtered.size());  // 1, 10-19, 100-199
  }

  // Rows added between two page requests must not shift the rows already
  // paged past: every original plan is seen exactly once.
  void testPagingIsStableWhileRowsAreAdded() {
    InsertPlans(30, "low");
    Session s(member_);
    std::vector<int64_t> seen;
    std::string cursor;
    for (int page = 0; page < 10; ++page) {
      HttpResult r = s.http.Get("/api/plans?sort=-priority&limit=7" +
                                (cursor.empty() ? "" : "&cursor=" + cursor));
      Json j = r.json();
      for (const Json& item : j["items"]) seen.push_back(item["id"]);
      InsertPlans(3, page % 2 ? "critical" : "low");
      if (j["next_cursor"].is_null()) break;
      cursor = j["next_cursor"].get<std::string>();
    }
    std::set<int64_t> unique(seen.begin(), seen.end());
    CPPUNIT_ASSERT_EQUAL(seen.size(), unique.size());
    for (int64_t id = 1; id <= 30; ++id) CPPUNIT_ASSERT(unique.count(id));
  }

  void testBadListParametersAre400() {
    Session s(member_);
    for (const char* query :
         {"limit=0", "limit=101", "limit=x", "sort=title", "status=closed",
          "owner=you", "overdue=yes", "cursor=%%%", "cursor=bm9wZQ"}) {
      HttpResult r = s.http.Get(std::string("/api/plans?") + query);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(query, 400L, r.status);
    }
    for (int i = 0; i < 3; ++i) CreatePlan(s.http, "p");
    Json page = s.http.Get("/api/plans?limit=1&sort=priority").json();
    std::string cursor = page["next_cursor"].get<std::string>();
    HttpResult other_sort =
        s.http.Get("/api/plans?limit=1&sort=due_date&cursor=" + cursor);
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_cursor"), Error(other_sort));
  }

  void testTasksLifecycle() {
    Session s(member_);
    int64_t id = CreatePlan(s.http, "with tasks");
    std::string tasks = PlanPath(id) + "/tasks";
    HttpResult t1 = s.http.PostJson(tasks, {{"title", "Sortieren 🧹"},
                                            {"assignee_id", member_.id},
                                            {"due_date", "2030-02-01"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(t1.body, 201L, t1.status);
    Json task = t1.json();
    CPPUNIT_ASSERT_EQUAL(std::string("todo"),
                         task["status"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(member_.id, task["assignee"]["id"].get<int64_t>());
    CPPUNIT_ASSERT(task["done_at"].is_null());
    std::string path = tasks + "/" + std::to_string(task["id"].get<int64_t>());

    HttpResult done =
        s.http.PatchJson(path, {{"version", 1}, {"status", "done"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(done.body, 200L, done.status);
    CPPUNIT_ASSERT(done.json()["done_at"].is_string());
    HttpResult back =
        s.http.PatchJson(path, {{"version", 2}, {"status", "doing"}});
    CPPUNIT_ASSERT(back.json()["done_at"].is_null());
    CPPUNIT_ASSERT_EQUAL(
        400L, s.http.PatchJson(path, {{"version", 3}, {"status", "x"}}).status);
    CPPUNIT_ASSERT_EQUAL(
        400L, s.http.PatchJson(path, {{"version", 3}, {"plan_id", 2}}).status);
    CPPUNIT_ASSERT_EQUAL(
        1, s.http.Get(PlanPath(id)).json()["progress"]["total"].get<int>());

    CPPUNIT_ASSERT_EQUAL(204L, s.http.Delete(path).status);
    CPPUNIT_ASSERT_EQUAL(
        404L, s.http.PatchJson(path, {{"version", 4}, {"title", "y"}}).status);
    CPPUNIT_ASSERT_EQUAL(size_t{0}, s.http.Get(tasks).json()["items"].size());
    CPPUNIT_ASSERT_EQUAL(
        0, s.http.Get(PlanPath(id)).json()["progress"]["total"].get<int>());
  }

  void testTaskEditWithCurrentVersionBumpsIt() {
    Session s(member_);
    int64_t plan = CreatePlan(s.http, "versioned tasks");
    int64_t task = CreateTask(s.http, plan, "Order gloves");
    HttpResult r = s.http.PatchJson(TaskPath(plan, task),
                                    {{"version", 1}, {"title", "Order boots"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 200L, r.status);
    CPPUNIT_ASSERT_EQUAL(2, r.json()["version"].get<int>());
    CPPUNIT_ASSERT_EQUAL(std::string("Order boots|2"),
                         TaskField(task, "CONCAT(title, '|', version)"));
    Json listed = s.http.Get(PlanPath(plan) + "/tasks").json()["items"][0];
    CPPUNIT_ASSERT_EQUAL(2, listed["version"].get<int>());
    Json in_plan = s.http.Get(PlanPath(plan)).json()["tasks"][0];
    CPPUNIT_ASSERT_EQUAL(2, in_plan["version"].get<int>());
  }

  // A colleague in the browser and one in the Pulse app edit the same
  // task from version 1: the second write is refused and changes nothing.
  void testStaleTaskEditIs409AndChangesNothing() {
    Session web(member_);
    HttpClient pulse;
    CPPUNIT_ASSERT_EQUAL(
        200L, pulse.LoginPulse(admin_.login, admin_.password).status);
    int64_t plan = CreatePlan(web.http, "shared tasks");
    int64_t task = CreateTask(web.http, plan, "Check extinguishers");
    HttpResult first = web.http.PatchJson(
        TaskPath(plan, task), {{"version", 1}, {"title", "Check all of them"}});
    HttpResult second = pulse.PatchJson(TaskPath(plan, task),
                                        {{"version", 1}, {"status", "done"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(first.body, 200L, first.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(second.body, 409L, second.status);
    Json j = second.json();
    CPPUNIT_ASSERT_EQUAL(std::string("version_conflict"),
                         j["error"].get<std::string>());
    CPPUNIT_ASSERT(j["message"].is_string());
    CPPUNIT_ASSERT_EQUAL(2, j["current_version"].get<int>());
    CPPUNIT_ASSERT_EQUAL(std::string("Check all of them"),
                         j["current"]["title"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(std::string("todo"),
                         j["current"]["status"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(
        std::string("Check all of them|todo|2|-"),
        TaskField(task,
                  "CONCAT(title, '|', status, '|', version, '|',"
                  " COALESCE(done_at, '-'))"));
    CPPUNIT_ASSERT_EQUAL(std::string("1"), TaskUpdateCount(task));
  }

  void testTaskEditNeedsVersion() {
    Session s(member_);
    int64_t plan = CreatePlan(s.http, "x");
    int64_t task = CreateTask(s.http, plan, "t");
    HttpResult r = s.http.PatchJson(TaskPath(plan, task), {{"title", "y"}});
    CPPUNIT_ASSERT_EQUAL(400L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("version_required"), Error(r));
    HttpResult bad = s.http.PatchJson(TaskPath(plan, task),
                                      {{"version", "1"}, {"title", "y"}});
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_field"), Error(bad));
    CPPUNIT_ASSERT_EQUAL(std::string("t|1"),
                         TaskField(task, "CONCAT(title, '|', version)"));
    CPPUNIT_ASSERT_EQUAL(std::string("0"), TaskUpdateCount(task));
  }

  void testStaleTaskDeleteIs409AndKeepsTask() {
    Session anna(member_);
    Session boss(admin_);
    int64_t plan = CreatePlan(anna.http, "deletes");
    int64_t task = CreateTask(anna.http, plan, "Keep me");
    anna.http.PatchJson(TaskPath(plan, task),
                        {{"version", 1}, {"status", "doing"}});
    HttpResult stale =
        boss.http.DeleteJson(TaskPath(plan, task), {{"version", 1}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(stale.body, 409L, stale.status);
    CPPUNIT_ASSERT_EQUAL(std::string("version_conflict"), Error(stale));
    CPPUNIT_ASSERT_EQUAL(2, stale.json()["current_version"].get<int>());
    CPPUNIT_ASSERT_EQUAL(std::string("doing|2|-"),
                         TaskField(task,
                                   "CONCAT(status, '|', version, '|',"
                                   " COALESCE(deleted_at, '-'))"));

    HttpResult fresh =
        boss.http.DeleteJson(TaskPath(plan, task), {{"version", 2}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(fresh.body, 204L, fresh.status);
    CPPUNIT_ASSERT_EQUAL(std::string("3"), TaskField(task, "version"));
    CPPUNIT_ASSERT(TaskField(task, "deleted_at") != "");
  }

  // Clients written before task versions delete without a body; like a
  // plan's delete, that stays allowed.
  void testTaskDeleteWithoutVersionStillWorks() {
    Session s(member_);
    int64_t plan = CreatePlan(s.http, "old client");
    int64_t task = CreateTask(s.http, plan, "t");
    s.http.PatchJson(TaskPath(plan, task), {{"version", 1}, {"title", "u"}});
    CPPUNIT_ASSERT_EQUAL(204L, s.http.Delete(TaskPath(plan, task)).status);
    CPPUNIT_ASSERT(TaskField(task, "deleted_at") != "");
    CPPUNIT_ASSERT_EQUAL(404L, s.http.Delete(TaskPath(plan, task)).status);
  }

  // The plan's version guards the plan's own fields: a task or comment
  // change must not make the plan form's next save a false conflict.
  void testTaskWritesLeavePlanVersion() {
    Session s(member_);
    int64_t plan = CreatePlan(s.http, "aggregate");
    std::string updated_at = PlanField(plan, "updated_at");
    int64_t task = CreateTask(s.http, plan, "t");
    s.http.PatchJson(TaskPath(plan, task),
                     {{"version", 1}, {"status", "done"}});
    s.http.PostJson(PlanPath(plan) + "/comments", {{"body", "done!"}});
    s.http.Delete(TaskPath(plan, task));
    CPPUNIT_ASSERT_EQUAL(std::string("1"), PlanField(plan, "version"));
    CPPUNIT_ASSERT_EQUAL(updated_at, PlanField(plan, "updated_at"));
    HttpResult r =
        s.http.PatchJson(PlanPath(plan), {{"version", 1}, {"title", "y"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 200L, r.status);
  }

  // Tenant B's plan 1 has tasks 1 and 2, tenant A's plan 1 only task 1:
  // A's user reaching for task 2 through A's own plan gets the same 404 as
  // for a task nobody has, and B's task is untouched.
  void testOtherTenantsTaskIdIs404() {
    TestTenant b = CreateTenant("tasks-b");
    Session in_b(CreateUser(b, "member"));
    CPPUNIT_ASSERT_EQUAL(int64_t{1}, CreatePlan(in_b.http, "B plan"));
    CreateTask(in_b.http, 1, "B one");
    CPPUNIT_ASSERT_EQUAL(int64_t{2}, CreateTask(in_b.http, 1, "B two"));
    Session in_a(member_);
    CPPUNIT_ASSERT_EQUAL(int64_t{1}, CreatePlan(in_a.http, "A plan"));
    CPPUNIT_ASSERT_EQUAL(int64_t{1}, CreateTask(in_a.http, 1, "A one"));

    HttpResult unknown =
        in_a.http.PatchJson(TaskPath(1, 987654), {{"version", 1}});
    std::vector<HttpResult> tries = {
        in_a.http.PatchJson(TaskPath(1, 2),
                            {{"version", 1}, {"title", "pwned"}}),
        in_a.http.DeleteJson(TaskPath(1, 2), {{"version", 1}}),
        in_a.http.Delete(TaskPath(1, 2)),
    };
    for (const HttpResult& r : tries) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 404L, r.status);
      CPPUNIT_ASSERT_EQUAL(unknown.body, r.body);
    }
    CPPUNIT_ASSERT_EQUAL(std::string("B two|1|-"),
                         QueryOne(AdminTenantDb(b),
                                  "SELECT CONCAT(title, '|', version, '|',"
                                  " COALESCE(deleted_at, '-')) FROM tasks"
                                  " WHERE id = 2"));
  }

  void testReorderTasks() {
    Session s(member_);
    int64_t id = CreatePlan(s.http, "order");
    std::string tasks = PlanPath(id) + "/tasks";
    std::vector<int64_t> t;
    for (const char* title : {"a", "b", "c"}) {
      t.push_back(s.http.PostJson(tasks, {{"title", title}}).json()["id"]);
    }
    CPPUNIT_ASSERT(Ids(s.http.Get(tasks)) == t);
    HttpResult r =
        s.http.PostJson(tasks + "/reorder", {{"task_ids", {t[2], t[0], t[1]}}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 200L, r.status);
    std::vector<int64_t> want = {t[2], t[0], t[1]};
    CPPUNIT_ASSERT(Ids(s.http.Get(tasks)) == want);

    for (const Json& bad : {Json{{"task_ids", {t[0], t[1]}}},
                            Json{{"task_ids", {t[0], t[1], t[1]}}},
                            Json{{"task_ids", {t[0], t[1], t[2], 999999}}}}) {
      HttpResult refused = s.http.PostJson(tasks + "/reorder", bad);
      CPPUNIT_ASSERT_EQUAL(422L, refused.status);
      CPPUNIT_ASSERT_EQUAL(std::string("invalid_order"), Error(refused));
    }
    CPPUNIT_ASSERT(Ids(s.http.Get(tasks)) == want);
  }

  void testAssigneeMustBeOfSameTenant() {
    TestTenant other = CreateTenant("plans-b");
    TestUser stranger = CreateUser(other, "member");
    Session s(member_);
    int64_t id = CreatePlan(s.http, "x");
    HttpResult r =
        s.http.PostJson(PlanPath(id) + "/tasks",
                        {{"title", "t"}, {"assignee_id", stranger.id}});
    CPPUNIT_ASSERT_EQUAL(422L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_assignee"), Error(r));
    CPPUNIT_ASSERT_EQUAL(
        std::string("0"),
        QueryOne(AdminTenantDb(tenant_), "SELECT COUNT(*) FROM tasks"));
  }

  void testCommentsOnlyAuthorEdits() {
    Session author(member_);
    Session other(admin_);
    int64_t id = CreatePlan(author.http, "discussed");
    std::string comments = PlanPath(id) + "/comments";
    HttpResult c = author.http.PostJson(comments, {{"body", "Dzień dobry 👋"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(c.body, 201L, c.status);
    CPPUNIT_ASSERT_EQUAL(member_.id, c.json()["author"]["id"].get<int64_t>());
    std::string path =
        comments + "/" + std::to_string(c.json()["id"].get<int64_t>());

    HttpResult foreign = other.http.PatchJson(path, {{"body", "hijack"}});
    CPPUNIT_ASSERT_EQUAL(403L, foreign.status);
    CPPUNIT_ASSERT_EQUAL(403L, other.http.Delete(path).status);
    CPPUNIT_ASSERT_EQUAL(400L,
                         author.http.PostJson(comments, {{"body", ""}}).status);

    HttpResult edited = author.http.PatchJson(path, {{"body", "Guten Tag"}});
    CPPUNIT_ASSERT_EQUAL(200L, edited.status);
    CPPUNIT_ASSERT_EQUAL(std::string("Guten Tag"),
                         edited.json()["body"].get<std::string>());
    Json list = other.http.Get(comments).json()["items"];
    CPPUNIT_ASSERT_EQUAL(size_t{1}, list.size());
    CPPUNIT_ASSERT_EQUAL(std::string("Guten Tag"),
                         list[0]["body"].get<std::string>());

    CPPUNIT_ASSERT_EQUAL(204L, author.http.Delete(path).status);
    CPPUNIT_ASSERT_EQUAL(size_t{0},
                         other.http.Get(comments).json()["items"].size());
    CPPUNIT_ASSERT_EQUAL(std::string("3"), HistoryCount(id, "comment"));
  }

  void testHistoryNewestFirstWithNames() {
    Session s(member_);
    int64_t id = CreatePlan(s.http, "h");
    s.http.PostJson(PlanPath(id) + "/tasks", {{"title", "t"}});
    s.http.PostJson(PlanPath(id) + "/comments", {{"body", "c"}});
    Json items = s.http.Get(PlanPath(id) + "/history").json()["items"];
    CPPUNIT_ASSERT_EQUAL(size_t{3}, items.size());
    CPPUNIT_ASSERT_EQUAL(std::string("comment"),
                         items[0]["entity"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(std::string("task"),
                         items[1]["entity"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(std::string("plan"),
                         items[2]["entity"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(std::string("create"),
                         items[2]["action"].get<std::string>());
    CPPUNIT_ASSERT(items[0]["user"]["display_name"].is_string());
    HttpResult page = s.http.Get(PlanPath(id) + "/history?limit=2");
    CPPUNIT_ASSERT_EQUAL(size_t{2}, page.json()["items"].size());
    std::string cursor = page.json()["next_cursor"].get<std::string>();
    Json rest =
        s.http.Get(PlanPath(id) + "/history?limit=2&cursor=" + cursor).json();
    CPPUNIT_ASSERT_EQUAL(size_t{1}, rest["items"].size());
    CPPUNIT_ASSERT(rest["next_cursor"].is_null());
  }

  void testMemberDeletesAdminRestores() {
    Session member(member_);
    Session admin(admin_);
    int64_t id = CreatePlan(member.http, "to be deleted");
    member.http.PostJson(PlanPath(id) + "/tasks", {{"title", "t"}});
    member.http.PostJson(PlanPath(id) + "/comments", {{"body", "c"}});

    CPPUNIT_ASSERT_EQUAL(204L, member.http.Delete(PlanPath(id)).status);
    CPPUNIT_ASSERT_EQUAL(404L, member.http.Get(PlanPath(id)).status);
    CPPUNIT_ASSERT_EQUAL(404L, admin.http.Get(PlanPath(id)).status);
    CPPUNIT_ASSERT_EQUAL(
        404L,
        member.http.PatchJson(PlanPath(id), {{"version", 2}, {"title", "x"}})
            .status);
    CPPUNIT_ASSERT(Ids(member.http.Get("/api/plans")).empty());
    CPPUNIT_ASSERT_EQUAL(std::string("1"), PlanCount());  // still stored

    std::vector<int64_t> trash = Ids(admin.http.Get("/api/plans?deleted=1"));
    CPPUNIT_ASSERT(trash == std::vector<int64_t>{id});
    CPPUNIT_ASSERT_EQUAL(200L,
                         admin.http.Get(PlanPath(id) + "?deleted=1").status);
    HttpResult restored =
        admin.http.PostJson(PlanPath(id) + "/restore", Json::object());
    CPPUNIT_ASSERT_EQUAL_MESSAGE(restored.body, 200L, restored.status);

    Json p = member.http.Get(PlanPath(id)).json();
    CPPUNIT_ASSERT_EQUAL(size_t{1}, p["tasks"].size());
    CPPUNIT_ASSERT_EQUAL(
        size_t{1},
        member.http.Get(PlanPath(id) + "/comments").json()["items"].size());
    Json history = member.http.Get(PlanPath(id) + "/history").json()["items"];
    CPPUNIT_ASSERT_EQUAL(size_t{5}, history.size());
    CPPUNIT_ASSERT_EQUAL(std::string("restore"),
                         history[0]["action"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(std::string("delete"),
                         history[1]["action"].get<std::string>());
    CPPUNIT_ASSERT(Ids(admin.http.Get("/api/plans?deleted=1")).empty());
  }

  void testTrashIsForAdminsOnly() {
    Session member(member_);
    int64_t id = CreatePlan(member.http, "gone");
    member.http.Delete(PlanPath(id));
    CPPUNIT_ASSERT_EQUAL(403L, member.http.Get("/api/plans?deleted=1").status);
    CPPUNIT_ASSERT_EQUAL(404L,
                         member.http.Get(PlanPath(id) + "?deleted=1").status);
    CPPUNIT_ASSERT_EQUAL(
        403L,
        member.http.PostJson(PlanPath(id) + "/restore", Json::object()).status);
    CPPUNIT_ASSERT(PlanField(id, "deleted_at") != "");
  }

  // Tenant B has plans 1 and 2, tenant A only plan 1: whatever A's user
  // does with id 2 is 404, exactly like an id nobody has, and B's plan is
  // untouched.
  void testOtherTenantsPlanIdIs404() {
    TestTenant b = CreateTenant("plans-b");
    TestUser b_user = CreateUser(b, "member");
    Session in_b(b_user);
    CreatePlan(in_b.http, "B one");
    int64_t b2 = CreatePlan(in_b.http, "B two");
    CPPUNIT_ASSERT_EQUAL(int64_t{2}, b2);
    Session in_a(admin_);
    CPPUNIT_ASSERT_EQUAL(int64_t{1}, CreatePlan(in_a.http, "A one"));

    std::string p = PlanPath(b2);
    HttpResult unknown = in_a.http.Get(PlanPath(987654));
    std::vector<HttpResult> tries = {
        in_a.http.Get(p),
        in_a.http.PatchJson(p, {{"version", 1}, {"title", "pwned"}}),
        in_a.http.Delete(p),
        in_a.http.PostJson(p + "/comments", {{"body", "pwned"}}),
        in_a.http.Get(p + "/comments"),
        in_a.http.PostJson(p + "/tasks", {{"title", "pwned"}}),
        in_a.http.Get(p + "/tasks"),
        in_a.http.PatchJson(p + "/tasks/1",
                            {{"version", 1}, {"title", "pwned"}}),
        in_a.http.Get(p + "/history"),
        in_a.http.PostJson(p + "/restore", Json::object()),
        in_a.http.Get(p + "?deleted=1"),
    };
    for (const HttpResult& r : tries) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 404L, r.status);
      CPPUNIT_ASSERT_EQUAL(unknown.body, r.body);
    }
    Db& bdb = AdminTenantDb(b);
    CPPUNIT_ASSERT_EQUAL(std::string("B two|1|"),
                         QueryOne(bdb,
                                  "SELECT CONCAT(title, '|', version, '|',"
                                  " COALESCE(deleted_at, '')) FROM plans"
                                  " WHERE id = 2"));
    CPPUNIT_ASSERT_EQUAL(std::string("0"),
                         QueryOne(bdb,
                                  "SELECT (SELECT COUNT(*) FROM comments)"
                                  " + (SELECT COUNT(*) FROM tasks)"));
  }

  void testSameIdShowsOwnTenantsPlan() {
    TestTenant b = CreateTenant("plans-b");
    TestUser b_user = CreateUser(b, "member");
    Session in_b(b_user);
    Session in_a(member_);
    CPPUNIT_ASSERT_EQUAL(int64_t{1}, CreatePlan(in_b.http, "Secret of B"));
    CPPUNIT_ASSERT_EQUAL(int64_t{1}, CreatePlan(in_a.http, "Plan of A"));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Plan of A"),
        in_a.http.Get(PlanPath(1)).json()["title"].get<std::string>());
    HttpResult patch = in_a.http.PatchJson(
        PlanPath(1), {{"version", 1}, {"owner_id", b_user.id}});
    CPPUNIT_ASSERT_EQUAL(422L, patch.status);
    std::vector<int64_t> listed = Ids(in_a.http.Get("/api/plans"));
    CPPUNIT_ASSERT(listed == std::vector<int64_t>{1});
    CPPUNIT_ASSERT(
        in_a.http.Get("/api/plans?q=Secret").json()["items"].empty());
    CPPUNIT_ASSERT_EQUAL(std::string("Secret of B"),
                         QueryOne(AdminTenantDb(b), "SELECT title FROM plans"));
  }

  void testWritesNeedCsrf() {
    Session s(member_);
    int64_t id = CreatePlan(s.http, "x");
    s.http.set_send_csrf(false);
    CPPUNIT_ASSERT_EQUAL(
        403L, s.http.PostJson("/api/plans", {{"title", "y"}}).status);
    CPPUNIT_ASSERT_EQUAL(403L, s.http.Delete(PlanPath(id)).status);
    CPPUNIT_ASSERT_EQUAL(std::string("1"), PlanCount());
    CPPUNIT_ASSERT_EQUAL(std::string(""), PlanField(id, "deleted_at"));
  }

  void testNoSessionIs401() {
    HttpClient anonymous;
    CPPUNIT_ASSERT_EQUAL(401L, anonymous.Get("/api/plans").status);
    CPPUNIT_ASSERT_EQUAL(401L, anonymous.Get(PlanPath(1)).status);
  }

 private:
  // Inserts `n` plans straight into the tenant's schema.
  void InsertPlans(int n, const std::string& priority) {
    std::string sql =
        "INSERT INTO plans (title, description, priority, created_by,"
        " updated_by) VALUES ";
    for (int i = 0; i < n; ++i) {
      sql += std::string(i ? ", " : "") + "('p', '', '" + priority + "', " +
             std::to_string(member_.id) + ", " + std::to_string(member_.id) +
             ")";
    }
    AdminTenantDb(tenant_).Execute(sql);
  }

  std::string PlanCount() {
    return QueryOne(AdminTenantDb(tenant_), "SELECT COUNT(*) FROM plans");
  }

  std::string PlanField(int64_t id, const std::string& column) {
    return QueryOne(
        AdminTenantDb(tenant_),
        "SELECT " + column + " FROM plans WHERE id = " + std::to_string(id));
  }

  std::string TaskField(int64_t id, const std::string& expr) {
    return QueryOne(
        AdminTenantDb(tenant_),
        "SELECT " + expr + " FROM tasks WHERE id = " + std::to_string(id));
  }

  // History rows of edits to the task: one per changed field.
  std::string TaskUpdateCount(int64_t task_id) {
    return QueryOne(AdminTenantDb(tenant_),
                    "SELECT COUNT(*) FROM history WHERE entity = 'task'"
                    " AND action = 'update' AND entity_id = " +
                        std::to_string(task_id));
  }

  std::string HistoryCount(int64_t plan_id, const std::string& entity) {
    return QueryOne(AdminTenantDb(tenant_),
                    "SELECT COUNT(*) FROM history WHERE plan_id = " +
                        std::to_string(plan_id) + " AND entity = '" + entity +
                        "'");
  }

  TestTenant tenant_;
  TestUser admin_;
  TestUser member_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(PlansTest);

}  // namespace ap::test
