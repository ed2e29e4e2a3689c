// Plans: list, create, read, edit, delete to the trash, restore.
#include "modules/plans/plan_handlers.h"

#include "modules/plans/handler_support.h"
#include "modules/plans/list_query.h"
#include "modules/plans/plan_input.h"
#include "modules/plans/plan_rules.h"

namespace ap::plans {
namespace {

PlanRow NewPlan(const PlanInput& in) {
  PlanRow p;
  p.title = in.title.value_or("");
  p.description = in.description.value_or("");
  p.area = in.area.value_or("");
  p.priority = in.priority.value_or("medium");
  p.status = in.status.value_or("draft");
  p.owner_id = in.owner_id.value;
  p.due_date = in.due_date.value;
  return p;
}

// 409 with the plan as it is now, so the client can show both versions.
Response Conflict(Context& ctx, const PlanRow& current) {
  return VersionConflict(
      "Somebody else changed the plan since you loaded it. Reload it and "
      "apply your change again.",
      current.version, PlanWithNames(ctx, current));
}

// Checks what needs the current row: the status transition and the new
// owner.
Status CheckPlanChanges(Context& ctx, const std::vector<FieldChange>& changes) {
  const FieldChange* status = FindChange(changes, "status");
  if (status && !IsAllowedTransition(*status->old_value, *status->new_value)) {
    return Status(Code::kUnprocessable, "invalid_transition",
                  "A plan cannot go from " + *status->old_value + " to " +
                      *status->new_value + ".");
  }
  const FieldChange* owner = FindChange(changes, "owner_id");
  if (owner && owner->new_value) {
    return CheckTenantUser(ctx, std::stoll(*owner->new_value), "invalid_owner");
  }
  return Status::Ok();
}

Response ListItems(Context& ctx, const ListQuery& query,
                   std::vector<PlanRow> rows) {
  bool more = rows.size() > static_cast<size_t>(query.limit);
  if (more) rows.resize(static_cast<size_t>(query.limit));

  std::set<int64_t> ids;
  for (const PlanRow& row : rows) CollectUsers(row, &ids);
  Names names = LookupNames(ctx, ids);
  Json items = Json::array();
  for (const PlanRow& row : rows) items.push_back(PlanJson(row, names));

  Json next = nullptr;
  if (more) next = EncodeCursor(query, {rows.back().sort_key, rows.back().id});
  return JsonResponse(200, {{"items", items}, {"next_cursor", next}});
}

}  // namespace

Response HandleListPlans(Context& ctx) {
  Result<ListQuery> query =
      ParseListQuery(ctx.request().query, ctx.session().user_id);
  if (!query.ok()) return Response::Error(query.status());
  if (query->deleted && !ctx.session().is_admin()) {
    return Response::Error(
        Forbidden("Only administrators can see deleted plans."));
  }
  return ListItems(ctx, *query, ListPlans(ctx.tenant(), *query));
}

Response HandleCreatePlan(Context& ctx) {
  Result<Json> body = ParseJsonObject(ctx.request());
  if (!body.ok()) return Response::Error(body.status());
  Result<PlanInput> in = ParsePlanCreate(*body);
  if (!in.ok()) return Response::Error(in.status());
  Status owner = CheckTenantUser(ctx, in->owner_id.value, "invalid_owner");
  if (!owner.ok()) return Response::Error(owner);

  Db& db = ctx.tenant();
  int64_t user = ctx.session().user_id;
  Transaction tx(db);
  PlanRow plan = NewPlan(*in);
  int64_t id = InsertPlan(db, plan, user);
  RecordAction(db, id, "plan", id, "create", std::nullopt, plan.title, user);
  tx.Commit();

  std::optional<PlanRow> created = LoadPlan(db, id, Which::kLive);
  if (!created) return Response::Error(Internal("The new plan vanished."));
  return JsonResponse(201, PlanWithNames(ctx, *created));
}

Response HandleGetPlan(Context& ctx) {
  Result<PlanRow> plan = RequirePlanForReading(ctx);
  if (!plan.ok()) return Response::Error(plan.status());

  std::vector<TaskRow> tasks = LoadTasks(ctx.tenant(), plan->id);
  std::set<int64_t> ids;
  CollectUsers(*plan, &ids);
  for (const TaskRow& t : tasks) CollectUsers(t, &ids);
  Names names = LookupNames(ctx, ids);

  Json j = PlanJson(*plan, names);
  j["tasks"] = Json::array();
  for (const TaskRow& t : tasks) j["tasks"].push_back(TaskJson(t, names));
  return JsonResponse(200, j);
}

// The edit applies only to the version it was based on: the row is locked,
// its version compared, and the UPDATE is conditional on the version too,
// all in the transaction that writes the history rows.
Response HandlePatchPlan(Context& ctx) {
  Result<Json> body = ParseJsonObject(ctx.request());
  if (!body.ok()) return Response::Error(body.status());
  Result<PlanInput> in = ParsePlanPatch(*body);
  if (!in.ok()) return Response::Error(in.status());

  Db& db = ctx.tenant();
  Transaction tx(db);
  Result<PlanRow> plan = RequirePlan(ctx, /*lock=*/true);
  if (!plan.ok()) return Response::Error(plan.status());
  if (*in->version != plan->version) return Conflict(ctx, *plan);

  std::vector<FieldChange> changes = PlanChanges(*plan, *in);
  Status valid = CheckPlanChanges(ctx, changes);
  if (!valid.ok()) return Response::Error(valid);
  if (changes.empty()) return JsonResponse(200, PlanWithNames(ctx, *plan));

  int64_t user = ctx.session().user_id;
  if (!UpdatePlan(db, plan->id, plan->version, ToColumns(changes), user)) {
    return Conflict(ctx, *LoadPlan(db, plan->id, Which::kLive));
  }
  RecordChanges(db, plan->id, "plan", plan->id, changes, user);
  tx.Commit();
  return JsonResponse(
      200, PlanWithNames(ctx, *LoadPlan(db, plan->id, Which::kLive)));
}

// Any member may delete: the plan only moves to the trash, with its tasks,
// comments and history, and an admin can restore it.
Response HandleDeletePlan(Context& ctx) {
  Db& db = ctx.tenant();
  Transaction tx(db);
  Result<PlanRow> plan = RequirePlan(ctx, /*lock=*/true);
  if (!plan.ok()) return Response::Error(plan.status());

  int64_t user = ctx.session().user_id;
  SetPlanDeleted(db, plan->id, true, user);
  RecordAction(db, plan->id, "plan", plan->id, "delete", plan->title,
               std::nullopt, user);
  tx.Commit();
  return Response::NoContent();
}

Response HandleRestorePlan(Context& ctx) {
  if (!ctx.session().is_admin()) {
    return Response::Error(
        Forbidden("Only administrators can restore deleted plans."));
  }
  Result<int64_t> id = ctx.IdParam("id");
  if (!id.ok()) return Response::Error(id.status());

  Db& db = ctx.tenant();
  Transaction tx(db);
  std::optional<PlanRow> plan = LoadPlan(db, *id, Which::kDeleted, true);
  if (!plan) return Response::Error(NotFound());
  int64_t user = ctx.session().user_id;
  SetPlanDeleted(db, *id, false, user);
  RecordAction(db, *id, "plan", *id, "restore", std::nullopt, plan->title,
               user);
  tx.Commit();
  return JsonResponse(200,
                      PlanWithNames(ctx, *LoadPlan(db, *id, Which::kLive)));
}

}  // namespace ap::plans
