// What a PATCH changes: the fields whose new value differs from the
// stored one, with both values as text, for the UPDATE and the history.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "modules/plans/plan_input.h"
#include "modules/plans/plan_store.h"

namespace ap::plans {

// A changed field. `field` is both the column and the history's field name.
struct FieldChange {
  std::string field;
  std::optional<std::string> old_value;  // nullopt: was null
  std::optional<std::string> new_value;  // nullopt: becomes null
};

std::vector<FieldChange> PlanChanges(const PlanRow& plan, const PlanInput& in);

std::vector<FieldChange> TaskChanges(const TaskRow& task, const TaskInput& in);

// The changes as columns for UpdatePlan / UpdateTask.
std::vector<ColumnValue> ToColumns(const std::vector<FieldChange>& changes);

// The change of `field`, or null when it does not change.
const FieldChange* FindChange(const std::vector<FieldChange>& changes,
                              const std::string& field);

}  // namespace ap::plans
