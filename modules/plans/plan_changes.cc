#include "modules/plans/plan_changes.h"

namespace ap::plans {
namespace {

std::optional<std::string> IdText(const std::optional<int64_t>& id) {
  if (!id) return std::nullopt;
  return std::to_string(*id);
}

void AddIfChanged(const std::string& field, const std::string& old_value,
                  const std::optional<std::string>& new_value,
                  std::vector<FieldChange>* out) {
  if (new_value && *new_value != old_value) {
    out->push_back({field, old_value, *new_value});
  }
}

template <typename T>
void AddNullableIfChanged(const std::string& field,
                          const std::optional<std::string>& old_value,
                          const Nullable<T>& in,
                          std::optional<std::string> new_value,
                          std::vector<FieldChange>* out) {
  if (in.present && new_value != old_value) {
    out->push_back({field, old_value, std::move(new_value)});
  }
}

}  // namespace

std::vector<FieldChange> PlanChanges(const PlanRow& plan, const PlanInput& in) {
  std::vector<FieldChange> out;
  AddIfChanged("title", plan.title, in.title, &out);
  AddIfChanged("description", plan.description, in.description, &out);
  AddIfChanged("area", plan.area, in.area, &out);
  AddIfChanged("priority", plan.priority, in.priority, &out);
  AddIfChanged("status", plan.status, in.status, &out);
  AddNullableIfChanged("owner_id", IdText(plan.owner_id), in.owner_id,
                       IdText(in.owner_id.value), &out);
  AddNullableIfChanged("due_date", plan.due_date, in.due_date,
                       in.due_date.value, &out);
  return out;
}

std::vector<FieldChange> TaskChanges(const TaskRow& task, const TaskInput& in) {
  std::vector<FieldChange> out;
  AddIfChanged("title", task.title, in.title, &out);
  AddIfChanged("description", task.description, in.description, &out);
  AddIfChanged("status", task.status, in.status, &out);
  AddNullableIfChanged("assignee_id", IdText(task.assignee_id), in.assignee_id,
                       IdText(in.assignee_id.value), &out);
  AddNullableIfChanged("due_date", task.due_date, in.due_date,
                       in.due_date.value, &out);
  return out;
}

std::vector<ColumnValue> ToColumns(const std::vector<FieldChange>& changes) {
  std::vector<ColumnValue> columns;
  for (const FieldChange& c : changes) {
    columns.push_back({c.field, c.new_value});
  }
  return columns;
}

const FieldChange* FindChange(const std::vector<FieldChange>& changes,
                              const std::string& field) {
  for (const FieldChange& c : changes) {
    if (c.field == field) return &c;
  }
  return nullptr;
}

}  // namespace ap::plans
