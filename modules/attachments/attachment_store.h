// The attachments table of the session tenant's schema. Every function
// takes the tenant's Db (Context::tenant()), so no other tenant's rows are
// reachable. Connector/C++ exceptions pass through to the dispatcher.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/db/db.h"

namespace ap::attachments {

struct Attachment {
  int64_t id = 0;
  int64_t plan_id = 0;
  std::optional<int64_t> task_id;
  std::string object_key;  // never leaves the module
  std::string filename;
  std::string content_type;
  int64_t size = 0;
  std::string sha256;
  int64_t uploaded_by = 0;
  std::string uploaded_at;  // ISO 8601 UTC
  std::optional<std::string> deleted_at;
  std::optional<int64_t> deleted_by;
};

// True when the plan exists and is not in the trash.
bool PlanIsLive(Db& db, int64_t plan_id);

// True when the task exists, belongs to the plan and is not deleted.
bool TaskIsInPlan(Db& db, int64_t plan_id, int64_t task_id);

// Inserts the row and its history entry in one transaction; returns the
// new ID. `a.id` and the times are ignored.
int64_t InsertAttachment(Db& db, const Attachment& a);

// The attachment if it exists, its plan is live, and it is in the trash
// (`in_trash`) or not.
std::optional<Attachment> FindAttachment(Db& db, int64_t id, bool in_trash);

// The ID of the attachment stored under `object_key` (in the trash or
// not), 0 when there is none.
int64_t FindAttachmentIdByKey(Db& db, const std::string& object_key);

// A plan's attachments (or its trashed ones), by ID, after `after_id`.
std::vector<Attachment> ListAttachments(Db& db, int64_t plan_id, bool in_trash,
                                        int64_t after_id, int limit);

// Moves to or out of the trash, with a history entry. False when the row
// was not in the expected state any more (a concurrent request won).
bool TrashAttachment(Db& db, const Attachment& a, int64_t user_id);
bool RestoreAttachment(Db& db, const Attachment& a, int64_t user_id);

}  // namespace ap::attachments
