#include "modules/plans/routes.h"

#include "modules/plans/plan_handlers.h"

namespace ap::plans {

// Every route needs a full session (the default). The attachments of a
// plan (/api/plans/{id}/attachments) belong to the attachments module and
// are routed there by nginx, so none is registered here.
void AddRoutes(Router& router, const App& app) {
  (void)app;
  const Access full = Access::kSession;
  router.Add("GET", "/api/plans", full, HandleListPlans);
  router.Add("POST", "/api/plans", full, HandleCreatePlan);
  router.Add("GET", "/api/plans/{id}", full, HandleGetPlan);
  router.Add("PATCH", "/api/plans/{id}", full, HandlePatchPlan);
  router.Add("DELETE", "/api/plans/{id}", full, HandleDeletePlan);
  router.Add("POST", "/api/plans/{id}/restore", full, HandleRestorePlan);

  router.Add("GET", "/api/plans/{id}/tasks", full, HandleListTasks);
  router.Add("POST", "/api/plans/{id}/tasks", full, HandleCreateTask);
  router.Add("POST", "/api/plans/{id}/tasks/reorder", full, HandleReorderTasks);
  router.Add("PATCH", "/api/plans/{id}/tasks/{taskId}", full, HandlePatchTask);
  router.Add("DELETE", "/api/plans/{id}/tasks/{taskId}", full,
             HandleDeleteTask);

  router.Add("GET", "/api/plans/{id}/comments", full, HandleListComments);
  router.Add("POST", "/api/plans/{id}/comments", full, HandleCreateComment);
  router.Add("PATCH", "/api/plans/{id}/comments/{commentId}", full,
             HandlePatchComment);
  router.Add("DELETE", "/api/plans/{id}/comments/{commentId}", full,
             HandleDeleteComment);
  router.Add("GET", "/api/plans/{id}/history", full, HandleHistory);
}

}  // namespace ap::plans
