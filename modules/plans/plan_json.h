// The JSON form of plans, tasks, comments and history entries: the shape
// the web UI and the Pulse app are written against.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/http/json.h"
#include "modules/plans/plan_store.h"

namespace ap::plans {

using Names = std::map<int64_t, std::string>;

// {"id", "display_name"}, or null for no user.
Json UserJson(const std::optional<int64_t>& id, const Names& names);

// plan = {"id","title","description","area","priority","status",
// "owner":{"id","display_name"}|null,"due_date":"YYYY-MM-DD"|null,
// "created_by","created_at","updated_by","updated_at","version",
// "overdue","progress":{"done","total"}}; a plan in the trash also has
// "deleted_at" and "deleted_by".
Json PlanJson(const PlanRow& plan, const Names& names);

// task = {"id","plan_id","title","description","status",
// "assignee":{...}|null,"due_date","done_at","position","created_by",
// "created_at","updated_at","version"}
Json TaskJson(const TaskRow& task, const Names& names);

// comment = {"id","plan_id","author":{...},"body","created_at",
// "updated_at","edited"}
Json CommentJson(const CommentRow& comment, const Names& names);

// entry = {"id","entity","entity_id","action","field","old_value",
// "new_value","user":{...},"at"}
Json HistoryJson(const HistoryRow& entry, const Names& names);

// The user ids a response will name, to look them up in one query.
void CollectUsers(const PlanRow& plan, std::set<int64_t>* ids);
void CollectUsers(const TaskRow& task, std::set<int64_t>* ids);

}  // namespace ap::plans
