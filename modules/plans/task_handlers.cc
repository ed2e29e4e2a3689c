// Tasks of a plan. Every write locks the plan row first, so writes to one
// plan's tasks (positions above all) happen one after the other.
//
// Order: tasks are listed by position. A new task goes to the end.
// POST /api/plans/{id}/tasks/reorder {"task_ids": [...]} sets the order; it
// must name every live task of the plan exactly once (422
// "invalid_order" otherwise), so a client working from a stale list
// cannot drop or duplicate a task.
//
// Versions: every task has its own, like a plan. PATCH needs the version
// the edit is based on; DELETE may send it. A stale one is 409
// "version_conflict" with the task as it is now, and nothing is written.
//
// A task write leaves the plan's version and updated_at alone. The plan's
// version guards the plan's own fields: bumping it for a task would make
// the plan form refuse an edit over a change it does not show. The plan
// row is still the aggregate's lock (taken first by every write here), the
// progress counts are read from the tasks, and the plan's history records
// every task change; comments and attachments leave the plan alone too.
#include <algorithm>

#include "modules/plans/handler_support.h"
#include "modules/plans/plan_handlers.h"
#include "modules/plans/plan_input.h"
#include "modules/plans/plan_rules.h"

namespace ap::plans {
namespace {

Response TaskResponse(Context& ctx, int status, const TaskRow& task) {
  std::set<int64_t> ids;
  CollectUsers(task, &ids);
  return JsonResponse(status, TaskJson(task, LookupNames(ctx, ids)));
}

// 409 with the task as it is now, so the client can show it and retry.
Response Conflict(Context& ctx, const TaskRow& current) {
  std::set<int64_t> ids;
  CollectUsers(current, &ids);
  return VersionConflict(
      "Somebody else changed the task since you loaded it. Reload it and "
      "apply your change again.",
      current.version, TaskJson(current, LookupNames(ctx, ids)));
}

// The answer when a conditional write matched no row although the locked
// read found it: someone got there first; 404 if the task is gone.
Response LostRace(Context& ctx, Db& db, int64_t plan_id, int64_t task_id) {
  std::optional<TaskRow> now = LoadTask(db, plan_id, task_id);
  if (!now) return Response::Error(NotFound());
  return Conflict(ctx, *now);
}

Response TaskList(Context& ctx, const std::vector<TaskRow>& tasks) {
  std::set<int64_t> ids;
  for (const TaskRow& t : tasks) CollectUsers(t, &ids);
  Names names = LookupNames(ctx, ids);
  Json items = Json::array();
  for (const TaskRow& t : tasks) items.push_back(TaskJson(t, names));
  return JsonResponse(200, {{"items", items}});
}

TaskRow NewTask(int64_t plan_id, const TaskInput& in) {
  TaskRow t;
  t.plan_id = plan_id;
  t.title = in.title.value_or("");
  t.description = in.description.value_or("");
  t.status = in.status.value_or("todo");
  t.assignee_id = in.assignee_id.value;
  t.due_date = in.due_date.value;
  return t;
}

// The task ids of a reorder body, or 400.
Result<std::vector<int64_t>> ParseTaskIds(const Json& body) {
  AP_RETURN_IF_ERROR(RejectUnknownFields(body, {"task_ids"}));
  auto it = body.find("task_ids");
  if (it == body.end() || !it->is_array()) {
    return BadRequest("field_required", "task_ids must be an array of ids.");
  }
  std::vector<int64_t> ids;
  for (const Json& id : *it) {
    if (!id.is_number_integer()) {
      return BadRequest("invalid_field", "task_ids must hold task ids.");
    }
    ids.push_back(id.get<int64_t>());
  }
  return ids;
}

// True when `ids` names each task exactly once.
bool IsPermutation(const std::vector<TaskRow>& tasks,
                   std::vector<int64_t> ids) {
  std::vector<int64_t> have;
  for (const TaskRow& t : tasks) have.push_back(t.id);
  std::sort(have.begin(), have.end());
  std::sort(ids.begin(), ids.end());
  return have == ids;
}

std::string JoinIds(const std::vector<int64_t>& ids) {
  std::string out;
  for (int64_t id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

}  // namespace

Response HandleListTasks(Context& ctx) {
  Result<PlanRow> plan = RequirePlan(ctx);
  if (!plan.ok()) return Response::Error(plan.status());
  return TaskList(ctx, LoadTasks(ctx.tenant(), plan->id));
}

Response HandleCreateTask(Context& ctx) {
  Result<Json> body = ParseJsonObject(ctx.request());
  if (!body.ok()) return Response::Error(body.status());
  Result<TaskInput> in = ParseTaskCreate(*body);
  if (!in.ok()) return Response::Error(in.status());

  Db& db = ctx.tenant();
  Transaction tx(db);
  Result<PlanRow> plan = RequirePlan(ctx, /*lock=*/true);
  if (!plan.ok()) return Response::Error(plan.status());
  Status assignee =
      CheckTenantUser(ctx, in->assignee_id.value, "invalid_assignee");
  if (!assignee.ok()) return Response::Error(assignee);
  if (CountTasks(db, plan->id) >= kMaxTasksPerPlan) {
    return Response::Error(Status(Code::kUnprocessable, "too_many_tasks",
                                  "A plan holds at most 500 tasks."));
  }

  int64_t user = ctx.session().user_id;
  TaskRow task = NewTask(plan->id, *in);
  int64_t id = InsertTask(db, task, user);
  RecordAction(db, plan->id, "task", id, "create", std::nullopt, task.title,
               user);
  tx.Commit();
  return TaskResponse(ctx, 201, *LoadTask(db, plan->id, id));
}

Response HandlePatchTask(Context& ctx) {
  Result<int64_t> task_id = ctx.IdParam("taskId");
  if (!task_id.ok()) return Response::Error(task_id.status());
  Result<Json> body = ParseJsonObject(ctx.request());
  if (!body.ok()) return Response::Error(body.status());
  Result<TaskInput> in = ParseTaskPatch(*body);
  if (!in.ok()) return Response::Error(in.status());

  Db& db = ctx.tenant();
  Transaction tx(db);
  Result<PlanRow> plan = RequirePlan(ctx, /*lock=*/true);
  if (!plan.ok()) return Response::Error(plan.status());
  std::optional<TaskRow> task = LoadTask(db, plan->id, *task_id, true);
  if (!task) return Response::Error(NotFound());
  if (*in->version != task->version) return Conflict(ctx, *task);

  std::vector<FieldChange> changes = TaskChanges(*task, *in);
  const FieldChange* assignee = FindChange(changes, "assignee_id");
  if (assignee && assignee->new_value) {
    Status ok = CheckTenantUser(ctx, std::stoll(*assignee->new_value),
                                "invalid_assignee");
    if (!ok.ok()) return Response::Error(ok);
  }
  if (changes.empty()) return TaskResponse(ctx, 200, *task);

  if (!UpdateTask(db, task->id, task->version, ToColumns(changes))) {
    return LostRace(ctx, db, plan->id, task->id);
  }
  RecordChanges(db, plan->id, "task", task->id, changes, ctx.session().user_id);
  tx.Commit();
  return TaskResponse(ctx, 200, *LoadTask(db, plan->id, task->id));
}

Response HandleDeleteTask(Context& ctx) {
  Result<int64_t> task_id = ctx.IdParam("taskId");
  if (!task_id.ok()) return Response::Error(task_id.status());
  Result<std::optional<int64_t>> version = ParseTaskDelete(ctx.request());
  if (!version.ok()) return Response::Error(version.status());

  Db& db = ctx.tenant();
  Transaction tx(db);
  Result<PlanRow> plan = RequirePlan(ctx, /*lock=*/true);
  if (!plan.ok()) return Response::Error(plan.status());
  std::optional<TaskRow> task = LoadTask(db, plan->id, *task_id, true);
  if (!task) return Response::Error(NotFound());
  if (*version && **version != task->version) return Conflict(ctx, *task);

  if (!DeleteTask(db, task->id, task->version)) {
    return LostRace(ctx, db, plan->id, task->id);
  }
  RecordAction(db, plan->id, "task", task->id, "delete", task->title,
               std::nullopt, ctx.session().user_id);
  tx.Commit();
  return Response::NoContent();
}

Response HandleReorderTasks(Context& ctx) {
  Result<Json> body = ParseJsonObject(ctx.request());
  if (!body.ok()) return Response::Error(body.status());
  Result<std::vector<int64_t>> ids = ParseTaskIds(*body);
  if (!ids.ok()) return Response::Error(ids.status());

  Db& db = ctx.tenant();
  Transaction tx(db);
  Result<PlanRow> plan = RequirePlan(ctx, /*lock=*/true);
  if (!plan.ok()) return Response::Error(plan.status());
  std::vector<TaskRow> tasks = LoadTasks(db, plan->id);
  if (!IsPermutation(tasks, *ids)) {
    return Response::Error(
        Status(Code::kUnprocessable, "invalid_order",
               "task_ids must name every task of the plan exactly once."));
  }

  std::vector<int64_t> before;
  for (const TaskRow& t : tasks) before.push_back(t.id);
  if (before == *ids) return TaskList(ctx, tasks);
  for (size_t i = 0; i < ids->size(); ++i) {
    SetTaskPosition(db, (*ids)[i], static_cast<int64_t>(i) + 1);
  }
  RecordAction(db, plan->id, "plan", plan->id, "reorder", JoinIds(before),
               JoinIds(*ids), ctx.session().user_id);
  tx.Commit();
  return TaskList(ctx, LoadTasks(db, plan->id));
}

}  // namespace ap::plans
