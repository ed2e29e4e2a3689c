// What the plans handlers share: finding the plan of a URL in the session
// tenant, checking users, naming users, and the history rows of changes.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/http/context.h"
#include "common/http/json.h"
#include "modules/plans/plan_changes.h"
#include "modules/plans/plan_json.h"
#include "modules/plans/plan_store.h"

namespace ap::plans {

// The live plan {id} of the URL. A plan of another tenant, a deleted one
// and one that never existed all give the same 404, so nobody learns
// which IDs exist elsewhere.
Result<PlanRow> RequirePlan(Context& ctx, bool lock = false);

// Like RequirePlan, but an admin asking with ?deleted=1 reads the trash.
Result<PlanRow> RequirePlanForReading(Context& ctx);

// 422 `error` unless the id is an active user of the session's tenant.
Status CheckTenantUser(Context& ctx, const std::optional<int64_t>& user_id,
                       const std::string& error);

// Display names of `ids` in the session tenant: one query on ap_core for
// those the thread has not read in the last few seconds.
Names LookupNames(Context& ctx, const std::set<int64_t>& ids);

// The plan as JSON, its owner looked up.
Json PlanWithNames(Context& ctx, const PlanRow& plan);

// 409 "version_conflict" with the row as it is now ("current" and
// "current_version"), so the client can show what changed and retry.
Response VersionConflict(const std::string& message, int64_t current_version,
                         Json current);

// One history row per changed field.
void RecordChanges(Db& db, int64_t plan_id, const std::string& entity,
                   int64_t entity_id, const std::vector<FieldChange>& changes,
                   int64_t user_id);

// One history row for a create, delete or restore.
void RecordAction(Db& db, int64_t plan_id, const std::string& entity,
                  int64_t entity_id, const std::string& action,
                  std::optional<std::string> old_value,
                  std::optional<std::string> new_value, int64_t user_id);

// ?limit= (1..100, default `fallback`) and ?cursor= (an id) for the
// comment and history lists.
struct IdPage {
  int limit = 50;
  int64_t cursor = 0;  // 0: from the start
};

Result<IdPage> ParseIdPage(const Request& request, int fallback);

Status Forbidden(const std::string& message);

}  // namespace ap::plans
