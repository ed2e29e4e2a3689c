// Reading and writing plans, tasks, comments and history in the session
// tenant's schema. Every function takes the tenant's Db (Context::tenant()),
// so no query here can reach another tenant. Connector/C++ exceptions are
// left to the request dispatcher.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/db/db.h"
#include "modules/plans/list_query.h"

namespace ap::plans {

struct PlanRow {
  int64_t id = 0;
  std::string title;
  std::string description;
  std::string area;
  std::string priority;
  std::string status;
  std::optional<int64_t> owner_id;
  std::optional<std::string> due_date;
  int64_t created_by = 0;
  std::string created_at;  // as MariaDB returns it
  int64_t updated_by = 0;
  std::string updated_at;
  int64_t version = 0;
  bool overdue = false;
  int64_t tasks_done = 0;
  int64_t tasks_total = 0;
  std::optional<std::string> deleted_at;
  std::optional<int64_t> deleted_by;
  std::string sort_key;  // only filled by ListPlans
};

struct TaskRow {
  int64_t id = 0;
  int64_t plan_id = 0;
  std::string title;
  std::string description;
  std::string status;
  std::optional<int64_t> assignee_id;
  std::optional<std::string> due_date;
  std::optional<std::string> done_at;
  int64_t position = 0;
  int64_t created_by = 0;
  std::string created_at;
  std::string updated_at;
  int64_t version = 0;
};

struct CommentRow {
  int64_t id = 0;
  int64_t plan_id = 0;
  int64_t author_id = 0;
  std::string body;
  std::string created_at;
  std::string updated_at;
};

struct HistoryRow {
  int64_t id = 0;
  std::string entity;  // plan, task, comment, attachment
  int64_t entity_id = 0;
  std::string action;  // create, update, delete, restore, reorder
  std::string field;
  std::optional<std::string> old_value;
  std::optional<std::string> new_value;
  int64_t user_id = 0;
  std::string at;
};

enum class Which { kLive, kDeleted };

// The plan with this id in the tenant, live or in the trash as asked.
// `lock` takes a row lock (SELECT ... FOR UPDATE) inside a transaction.
std::optional<PlanRow> LoadPlan(Db& db, int64_t id, Which which,
                                bool lock = false);

// One page of plans (limit + 1 rows, so the caller knows if more follow).
std::vector<PlanRow> ListPlans(Db& db, const ListQuery& query);

// Inserts the plan and returns its id.
int64_t InsertPlan(Db& db, const PlanRow& plan, int64_t user_id);

// A column to set; the name is one of ours, never taken from input.
struct ColumnValue {
  std::string column;
  std::optional<std::string> value;  // nullopt: NULL
};

// Sets the columns and bumps the version, but only while the version is
// still `version`. Returns false when another write got there first.
bool UpdatePlan(Db& db, int64_t id, int64_t version,
                const std::vector<ColumnValue>& columns, int64_t user_id);

// Soft delete and restore; both bump the version.
void SetPlanDeleted(Db& db, int64_t id, bool deleted, int64_t user_id);

std::vector<TaskRow> LoadTasks(Db& db, int64_t plan_id);
std::optional<TaskRow> LoadTask(Db& db, int64_t plan_id, int64_t task_id,
                                bool lock = false);
int64_t CountTasks(Db& db, int64_t plan_id);
int64_t InsertTask(Db& db, const TaskRow& task, int64_t user_id);

// Like UpdatePlan: sets the columns and bumps the version, but only while
// the version is still `version`. False when another write got there first.
bool UpdateTask(Db& db, int64_t task_id, int64_t version,
                const std::vector<ColumnValue>& columns);

// Soft delete, bumping the version, only while it is still `version`.
bool DeleteTask(Db& db, int64_t task_id, int64_t version);

// Leaves the version alone: the order is the plan's, guarded by the
// reorder call naming every task, and no field a task edit sends.
void SetTaskPosition(Db& db, int64_t task_id, int64_t position);

// Comments oldest first, after comment id `after` (0: from the start).
std::vector<CommentRow> LoadComments(Db& db, int64_t plan_id, int64_t after,
                                     int limit);
std::optional<CommentRow> LoadComment(Db& db, int64_t plan_id,
                                      int64_t comment_id, bool lock = false);
int64_t InsertComment(Db& db, int64_t plan_id, int64_t author_id,
                      const std::string& body);
void UpdateComment(Db& db, int64_t comment_id, const std::string& body);
void DeleteComment(Db& db, int64_t comment_id);

void AddHistory(Db& db, int64_t plan_id, const HistoryRow& row);

// History newest first, before history id `before` (0: from the newest).
std::vector<HistoryRow> LoadHistory(Db& db, int64_t plan_id, int64_t before,
                                    int limit);

// Display names of these users of the tenant, in one query on ap_core.
// Users of other tenants are never named.
std::map<int64_t, std::string> UserNames(Db& core, int64_t tenant_id,
                                         const std::set<int64_t>& ids);

// True when the user exists in this tenant and is active.
bool IsActiveTenantUser(Db& core, int64_t tenant_id, int64_t user_id);

}  // namespace ap::plans
