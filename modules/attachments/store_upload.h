// Storing an upload completely or not at all: the object first, then its
// row; when the row cannot be written the object is removed again, so the
// client's 503 leaves neither behind. What a crash between the two leaves
// is found by `apctl gc`.
//
// The object store and the row store are interfaces so that every failure
// path is unit-tested; the module passes the S3 service and the tenant's
// schema.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/base/status.h"
#include "modules/attachments/attachment_store.h"
#include "modules/attachments/upload.h"

namespace ap::attachments {

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  virtual Status Put(const std::string& key, const StagedUpload& upload) = 0;

  // Removing a missing object succeeds.
  virtual Status Remove(const std::string& key) = 0;
};

class RowStore {
 public:
  virtual ~RowStore() = default;

  // Writes the row (and its history) in one transaction and returns its ID.
  // Throws sql::SQLException like the database; a throw leaves no row,
  // except a lost connection, which may have come after the COMMIT landed.
  virtual int64_t Insert(const Attachment& row) = 0;

  // The ID of the row of `object_key`, 0 when there is none, asked on a new
  // connection (after Insert lost its own). Throws like the database.
  virtual int64_t FindByObjectKey(const std::string& object_key) = 0;
};

// 503 "storage_unavailable": the object store cannot be reached.
Status StorageUnavailable();

// Puts `upload` under row.object_key, then inserts `row`; returns the new
// ID. 503 "storage_unavailable" when the object cannot be stored (no row is
// tried), 503 "db_unavailable" when the row cannot be written (the object
// is removed first). A lost database connection is rethrown (the
// dispatcher answers 503 and drops the dead connections), but first the row
// is looked for: found, the upload succeeded after all and its ID is
// returned; surely absent, the object is removed; unknown (the database is
// gone), the object is kept for `apctl gc`, since removing the bytes of a
// row that exists would lose them. Any other exception is rethrown after
// the object is removed. `request_id` is for the log lines.
Result<int64_t> StoreUpload(ObjectStore& objects, RowStore& rows,
                            const StagedUpload& upload, const Attachment& row,
                            std::string_view request_id);

}  // namespace ap::attachments
