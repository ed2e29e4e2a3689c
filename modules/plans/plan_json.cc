#include "modules/plans/plan_json.h"

#include "modules/plans/plan_rules.h"

namespace ap::plans {
namespace {

Json OptionalText(const std::optional<std::string>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json OptionalTime(const std::optional<std::string>& value) {
  return value ? Json(IsoTimestamp(*value)) : Json(nullptr);
}

}  // namespace

Json UserJson(const std::optional<int64_t>& id, const Names& names) {
  if (!id) return nullptr;
  auto it = names.find(*id);
  return {{"id", *id}, {"display_name", it == names.end() ? "" : it->second}};
}

Json PlanJson(const PlanRow& plan, const Names& names) {
  Json j = {
      {"id", plan.id},
      {"title", plan.title},
      {"description", plan.description},
      {"area", plan.area},
      {"priority", plan.priority},
      {"status", plan.status},
      {"owner", UserJson(plan.owner_id, names)},
      {"due_date", OptionalText(plan.due_date)},
      {"created_by", plan.created_by},
      {"created_at", IsoTimestamp(plan.created_at)},
      {"updated_by", plan.updated_by},
      {"updated_at", IsoTimestamp(plan.updated_at)},
      {"version", plan.version},
      {"overdue", plan.overdue},
      {"progress", {{"done", plan.tasks_done}, {"total", plan.tasks_total}}},
  };
  if (plan.deleted_at) {
    j["deleted_at"] = IsoTimestamp(*plan.deleted_at);
    j["deleted_by"] = UserJson(plan.deleted_by, names);
  }
  return j;
}

Json TaskJson(const TaskRow& task, const Names& names) {
  return {
      {"id", task.id},
      {"plan_id", task.plan_id},
      {"title", task.title},
      {"description", task.description},
      {"status", task.status},
      {"assignee", UserJson(task.assignee_id, names)},
      {"due_date", OptionalText(task.due_date)},
      {"done_at", OptionalTime(task.done_at)},
      {"position", task.position},
      {"created_by", task.created_by},
      {"created_at", IsoTimestamp(task.created_at)},
      {"updated_at", IsoTimestamp(task.updated_at)},
      {"version", task.version},
  };
}

Json CommentJson(const CommentRow& comment, const Names& names) {
  return {
      {"id", comment.id},
      {"plan_id", comment.plan_id},
      {"author", UserJson(comment.author_id, names)},
      {"body", comment.body},
      {"created_at", IsoTimestamp(comment.created_at)},
      {"updated_at", IsoTimestamp(comment.updated_at)},
      {"edited", comment.updated_at != comment.created_at},
  };
}

Json HistoryJson(const HistoryRow& entry, const Names& names) {
  return {
      {"id", entry.id},
      {"entity", entry.entity},
      {"entity_id", entry.entity_id},
      {"action", entry.action},
      {"field", entry.field},
      {"old_value", OptionalText(entry.old_value)},
      {"new_value", OptionalText(entry.new_value)},
      {"user", UserJson(entry.user_id, names)},
      {"at", IsoTimestamp(entry.at)},
  };
}

void CollectUsers(const PlanRow& plan, std::set<int64_t>* ids) {
  if (plan.owner_id) ids->insert(*plan.owner_id);
  if (plan.deleted_by) ids->insert(*plan.deleted_by);
}

void CollectUsers(const TaskRow& task, std::set<int64_t>* ids) {
  if (task.assignee_id) ids->insert(*task.assignee_id);
}

}  // namespace ap::plans
