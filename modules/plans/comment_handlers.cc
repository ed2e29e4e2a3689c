// Comments on a plan, and the plan's history. Only a comment's author may
// edit or delete it (403 "not_author" for anybody else in the tenant);
// deleting keeps the row and its history.
#include "modules/plans/handler_support.h"
#include "modules/plans/plan_handlers.h"
#include "modules/plans/plan_input.h"

namespace ap::plans {
namespace {

constexpr int kCommentPage = 50;
constexpr int kHistoryPage = 50;

Response CommentResponse(Context& ctx, int status, const CommentRow& c) {
  return JsonResponse(status, CommentJson(c, LookupNames(ctx, {c.author_id})));
}

// {"items": [...], "next_cursor": "<last id>" | null}.
template <typename Row, typename ToJson>
Response Page(Context& ctx, std::vector<Row> rows, int limit, ToJson to_json,
              std::set<int64_t> (*users)(const std::vector<Row>&)) {
  bool more = rows.size() > static_cast<size_t>(limit);
  if (more) rows.resize(static_cast<size_t>(limit));
  Names names = LookupNames(ctx, users(rows));
  Json items = Json::array();
  for (const Row& row : rows) items.push_back(to_json(row, names));
  Json next = more ? Json(std::to_string(rows.back().id)) : Json(nullptr);
  return JsonResponse(200, {{"items", items}, {"next_cursor", next}});
}

std::set<int64_t> Authors(const std::vector<CommentRow>& rows) {
  std::set<int64_t> ids;
  for (const CommentRow& c : rows) ids.insert(c.author_id);
  return ids;
}

std::set<int64_t> Editors(const std::vector<HistoryRow>& rows) {
  std::set<int64_t> ids;
  for (const HistoryRow& h : rows) ids.insert(h.user_id);
  return ids;
}

// The comment {commentId} of the locked plan, if the session user wrote it.
Result<CommentRow> RequireOwnComment(Context& ctx, int64_t plan_id) {
  Result<int64_t> id = ctx.IdParam("commentId");
  if (!id.ok()) return id.status();
  std::optional<CommentRow> comment =
      LoadComment(ctx.tenant(), plan_id, *id, /*lock=*/true);
  if (!comment) return NotFound();
  if (comment->author_id != ctx.session().user_id) {
    return Status(Code::kForbidden, "not_author",
                  "Only the author may change or delete a comment.");
  }
  return *comment;
}

}  // namespace

Response HandleListComments(Context& ctx) {
  Result<IdPage> page = ParseIdPage(ctx.request(), kCommentPage);
  if (!page.ok()) return Response::Error(page.status());
  Result<PlanRow> plan = RequirePlan(ctx);
  if (!plan.ok()) return Response::Error(plan.status());

  std::vector<CommentRow> rows =
      LoadComments(ctx.tenant(), plan->id, page->cursor, page->limit + 1);
  return Page(ctx, std::move(rows), page->limit, CommentJson, Authors);
}

Response HandleCreateComment(Context& ctx) {
  Result<Json> body = ParseJsonObject(ctx.request());
  if (!body.ok()) return Response::Error(body.status());
  Result<std::string> text = ParseCommentBody(*body);
  if (!text.ok()) return Response::Error(text.status());

  Db& db = ctx.tenant();
  Transaction tx(db);
  Result<PlanRow> plan = RequirePlan(ctx, /*lock=*/true);
  if (!plan.ok()) return Response::Error(plan.status());
  int64_t user = ctx.session().user_id;
  int64_t id = InsertComment(db, plan->id, user, *text);
  RecordAction(db, plan->id, "comment", id, "create", std::nullopt, *text,
               user);
  tx.Commit();
  return CommentResponse(ctx, 201, *LoadComment(db, plan->id, id));
}

Response HandlePatchComment(Context& ctx) {
  Result<Json> body = ParseJsonObject(ctx.request());
  if (!body.ok()) return Response::Error(body.status());
  Result<std::string> text = ParseCommentBody(*body);
  if (!text.ok()) return Response::Error(text.status());

  Db& db = ctx.tenant();
  Transaction tx(db);
  Result<PlanRow> plan = RequirePlan(ctx, /*lock=*/true);
  if (!plan.ok()) return Response::Error(plan.status());
  Result<CommentRow> comment = RequireOwnComment(ctx, plan->id);
  if (!comment.ok()) return Response::Error(comment.status());
  if (comment->body == *text) return CommentResponse(ctx, 200, *comment);

  UpdateComment(db, comment->id, *text);
  RecordChanges(db, plan->id, "comment", comment->id,
                {{"body", comment->body, *text}}, ctx.session().user_id);
  tx.Commit();
  return CommentResponse(ctx, 200, *LoadComment(db, plan->id, comment->id));
}

Response HandleDeleteComment(Context& ctx) {
  Db& db = ctx.tenant();
  Transaction tx(db);
  Result<PlanRow> plan = RequirePlan(ctx, /*lock=*/true);
  if (!plan.ok()) return Response::Error(plan.status());
  Result<CommentRow> comment = RequireOwnComment(ctx, plan->id);
  if (!comment.ok()) return Response::Error(comment.status());

  DeleteComment(db, comment->id);
  RecordAction(db, plan->id, "comment", comment->id, "delete", comment->body,
               std::nullopt, ctx.session().user_id);
  tx.Commit();
  return Response::NoContent();
}

// Newest first; ?cursor= is the id of the last entry of the previous page.
// Admins read the history of a deleted plan with ?deleted=1.
Response HandleHistory(Context& ctx) {
  Result<IdPage> page = ParseIdPage(ctx.request(), kHistoryPage);
  if (!page.ok()) return Response::Error(page.status());
  Result<PlanRow> plan = RequirePlanForReading(ctx);
  if (!plan.ok()) return Response::Error(plan.status());

  std::vector<HistoryRow> rows =
      LoadHistory(ctx.tenant(), plan->id, page->cursor, page->limit + 1);
  return Page(ctx, std::move(rows), page->limit, HistoryJson, Editors);
}

}  // namespace ap::plans
