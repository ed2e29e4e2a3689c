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
  // Throws sql::SQLException like the database; a throw leaves no row.
  virtual int64_t Insert(const Attachment& row) = 0;
};

// 503 "storage_unavailable": the object store cannot be reached.
Status StorageUnavailable();

// Puts `upload` under row.object_key, then inserts `row`; returns the new
// ID. 503 "storage_unavailable" when the object cannot be stored (no row is
// tried), 503 "db_unavailable" when the row cannot be written (the object
// is removed first). A lost database connection and any other exception
// are rethrown after the object is removed: the dispatcher answers them
// (503 and fresh connections, or 500). `request_id` is for the log lines.
Result<int64_t> StoreUpload(ObjectStore& objects, RowStore& rows,
                            const StagedUpload& upload, const Attachment& row,
                            std::string_view request_id);

}  // namespace ap::attachments
