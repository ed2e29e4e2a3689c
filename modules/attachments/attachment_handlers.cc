#include "modules/attachments/attachment_handlers.h"

#include <chrono>
#include <memory>

#include "common/crypto/uuid.h"
#include "common/http/json.h"
#include "common/log/log.h"
#include "modules/attachments/attachment_store.h"
#include "modules/attachments/download.h"
#include "modules/attachments/store_upload.h"
#include "modules/attachments/upload.h"

namespace ap::attachments {
namespace {

constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 500;

// One client per worker thread: S3Client keeps its connections and is not
// safe to share.
S3Client& ThreadS3(const S3Settings& settings) {
  thread_local std::unique_ptr<S3Client> client;
  if (client == nullptr) client = std::make_unique<S3Client>(settings);
  return *client;
}

Json ToJson(const Attachment& a) {
  Json j = {{"id", a.id},
            {"plan_id", a.plan_id},
            {"task_id", nullptr},
            {"filename", a.filename},
            {"content_type", a.content_type},
            {"size", a.size},
            {"sha256", a.sha256},
            {"uploaded_by", a.uploaded_by},
            {"uploaded_at", a.uploaded_at},
            {"download_url", "/api/attachments/" + std::to_string(a.id)}};
  if (a.task_id) j["task_id"] = *a.task_id;
  if (a.deleted_at) {
    j["deleted_at"] = *a.deleted_at;
    j["deleted_by"] = a.deleted_by ? Json(*a.deleted_by) : Json(nullptr);
  }
  return j;
}

// Objects live under the tenant's UUID, so a listing or an admin can tell
// whose they are; the object's own UUID makes the key unguessable.
std::string NewObjectKey(const Session& session) {
  return "t/" + session.tenant_uuid + "/" + NewUuid();
}

// The module's object store: the S3 service, through the thread's client.
class S3Objects : public ObjectStore {
 public:
  explicit S3Objects(S3Client& s3) : s3_(s3) {}

  Status Put(const std::string& key, const StagedUpload& upload) override {
    return s3_.PutFile(key, upload.path, upload.content_type, upload.sha256);
  }

  Status Remove(const std::string& key) override { return s3_.Delete(key); }

 private:
  S3Client& s3_;
};

// The module's row store: the session tenant's schema.
class TenantRows : public RowStore {
 public:
  explicit TenantRows(Db& db) : db_(db) {}

  int64_t Insert(const Attachment& row) override {
    return InsertAttachment(db_, row);
  }

  // The connection Insert used is gone: a new one answers.
  int64_t FindByObjectKey(const std::string& object_key) override {
    db_.Reset();
    return FindAttachmentIdByKey(db_, object_key);
  }

 private:
  Db& db_;
};

Result<Attachment> FindOwnedBy(Context& ctx, bool in_trash) {
  Result<int64_t> id = ctx.IdParam("id");
  if (!id.ok()) return id.status();
  std::optional<Attachment> a = FindAttachment(ctx.tenant(), *id, in_trash);
  if (!a) return NotFound("No such attachment.");
  const Session& session = ctx.session();
  if (a->uploaded_by != session.user_id && !session.is_admin()) {
    return Status(Code::kForbidden, "forbidden",
                  "Only the uploader or an admin may do this.");
  }
  return *a;
}

bool QueryFlag(const Request& request, std::string_view name) {
  std::string value = request.Query(name);
  return value == "1" || value == "true";
}

// A query parameter of up to 18 digits, `fallback` when absent, nullopt
// when malformed.
std::optional<int64_t> NumberParam(const Request& request,
                                   std::string_view name, int64_t fallback) {
  if (!request.HasQuery(name)) return fallback;
  std::string text = request.Query(name);
  if (text.empty() || text.size() > 18) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return std::stoll(text);
}

}  // namespace

Response Upload(Context& ctx, const Settings& settings) {
  Result<int64_t> plan_id = ctx.IdParam("id");
  if (!plan_id.ok()) return Response::Error(plan_id.status());
  if (!PlanIsLive(ctx.tenant(), *plan_id)) {
    return Response::Error(NotFound("No such plan."));
  }
  Result<StagedUpload> upload = StageUpload(ctx.request(), settings.limits);
  if (!upload.ok()) return Response::Error(upload.status());
  if (upload->task_id &&
      !TaskIsInPlan(ctx.tenant(), *plan_id, *upload->task_id)) {
    return Response::Error(NotFound("No such task in this plan."));
  }

  Attachment row;
  row.plan_id = *plan_id;
  row.task_id = upload->task_id;
  row.object_key = NewObjectKey(ctx.session());
  row.filename = upload->filename;
  row.content_type = upload->content_type;
  row.size = upload->size;
  row.sha256 = upload->sha256;
  row.uploaded_by = ctx.session().user_id;
  S3Objects objects(ThreadS3(settings.s3));
  TenantRows rows(ctx.tenant());
  Result<int64_t> id =
      StoreUpload(objects, rows, *upload, row, ctx.request().request_id);
  if (!id.ok()) return Response::Error(id.status());

  std::optional<Attachment> stored = FindAttachment(ctx.tenant(), *id, false);
  if (!stored) return Response::Error(NotFound("No such attachment."));
  Response r = JsonResponse(201, ToJson(*stored));
  r.AddHeader("Location", "/api/attachments/" + std::to_string(*id));
  return r;
}

Response List(Context& ctx) {
  Result<int64_t> plan_id = ctx.IdParam("id");
  if (!plan_id.ok()) return Response::Error(plan_id.status());
  if (!PlanIsLive(ctx.tenant(), *plan_id)) {
    return Response::Error(NotFound("No such plan."));
  }
  const Request& request = ctx.request();
  std::optional<int64_t> limit =
      NumberParam(request, "limit", kDefaultPageSize);
  std::optional<int64_t> cursor = NumberParam(request, "cursor", 0);
  if (!limit || *limit < 1 || *limit > kMaxPageSize || !cursor) {
    return Response::Error(BadRequest(
        "invalid_paging", "limit must be 1 to 500 and cursor an ID."));
  }

  std::vector<Attachment> page =
      ListAttachments(ctx.tenant(), *plan_id, QueryFlag(request, "trash"),
                      *cursor, static_cast<int>(*limit) + 1);
  bool more = page.size() > static_cast<size_t>(*limit);
  if (more) page.pop_back();
  Json items = Json::array();
  for (const Attachment& a : page) items.push_back(ToJson(a));
  Json body = {{"items", items}, {"next_cursor", nullptr}};
  if (more) body["next_cursor"] = std::to_string(page.back().id);
  return JsonResponse(200, body);
}

Response Download(Context& ctx, const Settings& settings) {
  Result<int64_t> id = ctx.IdParam("id");
  if (!id.ok()) return Response::Error(id.status());
  std::optional<Attachment> a = FindAttachment(ctx.tenant(), *id, false);
  // A key outside the tenant's prefix would be a bug elsewhere; never
  // serve it.
  std::string prefix = "t/" + ctx.session().tenant_uuid + "/";
  if (!a || a->object_key.compare(0, prefix.size(), prefix) != 0) {
    return Response::Error(NotFound("No such attachment."));
  }

  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  bool want_inline = QueryFlag(ctx.request(), "inline");
  Result<std::string> url =
      ThreadS3(settings.s3)
          .PresignGet(a->object_key, settings.presign_seconds, now,
                      ResponseOverrides(*a, want_inline));
  Result<std::string> accel =
      url.ok() ? AccelRedirectFor(*url, settings.accel_prefix) : url.status();
  if (!accel.ok()) {
    LogError("attachments: cannot presign " + a->object_key + ": " +
             accel.status().message());
    return Response::Error(StorageUnavailable());
  }
  return DownloadResponse(*accel);
}

Response Trash(Context& ctx) {
  Result<Attachment> a = FindOwnedBy(ctx, false);
  if (!a.ok()) return Response::Error(a.status());
  if (!TrashAttachment(ctx.tenant(), *a, ctx.session().user_id)) {
    return Response::Error(NotFound("No such attachment."));
  }
  return Response::NoContent();
}

Response Restore(Context& ctx) {
  Result<Attachment> a = FindOwnedBy(ctx, true);
  if (!a.ok()) return Response::Error(a.status());
  if (!RestoreAttachment(ctx.tenant(), *a, ctx.session().user_id)) {
    return Response::Error(NotFound("No such attachment in the trash."));
  }
  std::optional<Attachment> restored =
      FindAttachment(ctx.tenant(), a->id, false);
  if (!restored) return Response::Error(NotFound("No such attachment."));
  return JsonResponse(200, ToJson(*restored));
}

}  // namespace ap::attachments
