// The JSON bodies of plan, task and comment writes, parsed and checked.
// Only the shape and the values are checked here; whether an owner or
// assignee is an active user of the tenant, and whether a status change is
// allowed from the current status, needs the database and the current row
// and is checked by the handlers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/base/status.h"
#include "common/http/json.h"

namespace ap::plans {

// A nullable field that may be absent from a PATCH: `present` says whether
// the body named it, `value` is nullopt for an explicit null.
template <typename T>
struct Nullable {
  bool present = false;
  std::optional<T> value;
};

struct PlanInput {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> area;
  std::optional<std::string> priority;
  std::optional<std::string> status;
  Nullable<int64_t> owner_id;
  Nullable<std::string> due_date;
  std::optional<int64_t> version;  // PATCH only, required there
};

struct TaskInput {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> status;
  Nullable<int64_t> assignee_id;
  Nullable<std::string> due_date;
  std::optional<int64_t> version;  // PATCH only, required there
};

// POST /api/plans: title required; description, area, priority (default
// medium), status (default draft; draft, open or in_progress), owner_id,
// due_date optional. Unknown fields are refused.
Result<PlanInput> ParsePlanCreate(const Json& body);

// PATCH /api/plans/{id}: the same fields, all optional, plus the required
// "version" the edit was based on (400 "version_required").
Result<PlanInput> ParsePlanPatch(const Json& body);

// POST /api/plans/{id}/tasks (title required) and PATCH .../tasks/{id};
// the PATCH, like a plan's, needs the "version" it was based on (400
// "version_required").
Result<TaskInput> ParseTaskCreate(const Json& body);
Result<TaskInput> ParseTaskPatch(const Json& body);

// DELETE .../tasks/{id}: the version the delete was based on, from an
// optional body {"version": n}. Without one (no body, or no version in
// it) the delete is unconditional, as a plan's delete is and as clients
// written before task versions send it.
Result<std::optional<int64_t>> ParseTaskDelete(const Request& request);

// {"body": "..."}: 1 to 20,000 characters, not blank.
Result<std::string> ParseCommentBody(const Json& body);

}  // namespace ap::plans
