#include "modules/plans/handler_support.h"

#include "modules/plans/list_query.h"
#include "modules/plans/name_cache.h"

namespace ap::plans {
namespace {

// How long a user's display name is shown without asking ap_core again
// (modules/plans/name_cache.h), and how many a worker thread keeps.
constexpr auto kNamesFreshFor = std::chrono::seconds(5);
constexpr size_t kMaxCachedNames = 4096;

}  // namespace

Result<PlanRow> RequirePlan(Context& ctx, bool lock) {
  Result<int64_t> id = ctx.IdParam("id");
  if (!id.ok()) return id.status();
  std::optional<PlanRow> plan = LoadPlan(ctx.tenant(), *id, Which::kLive, lock);
  if (!plan) return NotFound();
  return *plan;
}

Result<PlanRow> RequirePlanForReading(Context& ctx) {
  bool trash =
      ctx.request().Query("deleted") == "1" && ctx.session().is_admin();
  if (!trash) return RequirePlan(ctx);

  Result<int64_t> id = ctx.IdParam("id");
  if (!id.ok()) return id.status();
  std::optional<PlanRow> plan = LoadPlan(ctx.tenant(), *id, Which::kDeleted);
  if (!plan) return NotFound();
  return *plan;
}

Status CheckTenantUser(Context& ctx, const std::optional<int64_t>& user_id,
                       const std::string& error) {
  if (!user_id) return Status::Ok();
  if (IsActiveTenantUser(ctx.core(), ctx.session().tenant_id, *user_id)) {
    return Status::Ok();
  }
  return Status(Code::kUnprocessable, error,
                "The user must be an active member of this organisation.");
}

Names LookupNames(Context& ctx, const std::set<int64_t>& ids) {
  thread_local NameCache cache(kNamesFreshFor, kMaxCachedNames);
  int64_t tenant = ctx.session().tenant_id;
  auto now = NameCache::Clock::now();
  Names names;
  std::set<int64_t> missing = cache.Find(tenant, ids, now, &names);
  if (missing.empty()) return names;

  Names fetched = UserNames(ctx.core(), tenant, missing);
  cache.Put(tenant, fetched, now);
  names.merge(fetched);
  return names;
}

Json PlanWithNames(Context& ctx, const PlanRow& plan) {
  std::set<int64_t> ids;
  CollectUsers(plan, &ids);
  return PlanJson(plan, LookupNames(ctx, ids));
}

Response VersionConflict(const std::string& message, int64_t current_version,
                         Json current) {
  return JsonResponse(409, {{"error", "version_conflict"},
                            {"message", message},
                            {"current_version", current_version},
                            {"current", std::move(current)}});
}

void RecordChanges(Db& db, int64_t plan_id, const std::string& entity,
                   int64_t entity_id, const std::vector<FieldChange>& changes,
                   int64_t user_id) {
  for (const FieldChange& c : changes) {
    HistoryRow row;
    row.entity = entity;
    row.entity_id = entity_id;
    row.action = "update";
    row.field = c.field;
    row.old_value = c.old_value;
    row.new_value = c.new_value;
    row.user_id = user_id;
    AddHistory(db, plan_id, row);
  }
}

void RecordAction(Db& db, int64_t plan_id, const std::string& entity,
                  int64_t entity_id, const std::string& action,
                  std::optional<std::string> old_value,
                  std::optional<std::string> new_value, int64_t user_id) {
  HistoryRow row;
  row.entity = entity;
  row.entity_id = entity_id;
  row.action = action;
  row.old_value = std::move(old_value);
  row.new_value = std::move(new_value);
  row.user_id = user_id;
  AddHistory(db, plan_id, row);
}

Result<IdPage> ParseIdPage(const Request& request, int fallback) {
  IdPage page;
  page.limit = fallback;
  if (request.HasQuery("limit")) {
    std::optional<int64_t> n = ParseId(request.Query("limit"));
    if (!n || *n > kMaxLimit) {
      return BadRequest("invalid_limit", "limit must be between 1 and 100.");
    }
    page.limit = static_cast<int>(*n);
  }
  if (request.HasQuery("cursor")) {
    std::optional<int64_t> id = ParseId(request.Query("cursor"));
    if (!id) return BadRequest("invalid_cursor", "The cursor is not valid.");
    page.cursor = *id;
  }
  return page;
}

Status Forbidden(const std::string& message) {
  return Status(Code::kForbidden, "forbidden", message);
}

}  // namespace ap::plans
