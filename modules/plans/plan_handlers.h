// Handlers of /api/plans: plans, their tasks, comments and history.
#pragma once

#include "common/http/context.h"
#include "common/http/response.h"

namespace ap::plans {

// Plans (plan_handlers.cc).
Response HandleListPlans(Context& ctx);
Response HandleCreatePlan(Context& ctx);
Response HandleGetPlan(Context& ctx);
Response HandlePatchPlan(Context& ctx);
Response HandleDeletePlan(Context& ctx);
Response HandleRestorePlan(Context& ctx);

// Tasks (task_handlers.cc).
Response HandleListTasks(Context& ctx);
Response HandleCreateTask(Context& ctx);
Response HandlePatchTask(Context& ctx);
Response HandleDeleteTask(Context& ctx);
Response HandleReorderTasks(Context& ctx);

// Comments and history (comment_handlers.cc).
Response HandleListComments(Context& ctx);
Response HandleCreateComment(Context& ctx);
Response HandlePatchComment(Context& ctx);
Response HandleDeleteComment(Context& ctx);
Response HandleHistory(Context& ctx);

}  // namespace ap::plans
