#include "modules/attachments/store_upload.h"

#include <cppconn/exception.h>

#include <exception>

#include "common/db/db.h"
#include "common/log/log.h"

namespace ap::attachments {
namespace {

Status RowNotWritten() {
  return Unavailable("db_unavailable",
                     "The attachment could not be saved. Please try again.");
}

std::string Describe(const sql::SQLException& e) {
  return std::string(e.what()) + ", SQLSTATE " + e.getSQLState() + ", code " +
         std::to_string(e.getErrorCode());
}

// Takes back the object of a row that was not written. One line says why
// and whether the object is gone, so an orphan is never silent.
void TakeBack(ObjectStore& objects, const std::string& key,
              const std::string& why, std::string_view request_id) {
  Status removed = objects.Remove(key);
  std::string outcome =
      removed.ok() ? "object removed"
                   : "orphan object left for apctl gc: " + removed.message();
  LogError("attachments: row for " + key + " not written (" + why + "); " +
           outcome + " id=" + std::string(request_id));
}

}  // namespace

Status StorageUnavailable() {
  return Unavailable("storage_unavailable",
                     "File storage is unavailable. Please try again.");
}

Result<int64_t> StoreUpload(ObjectStore& objects, RowStore& rows,
                            const StagedUpload& upload, const Attachment& row,
                            std::string_view request_id) {
  Status put = objects.Put(row.object_key, upload);
  if (!put.ok()) {
    LogError("attachments: storing " + row.object_key + " (" +
             std::to_string(upload.size) + " bytes) failed: " + put.message() +
             " id=" + std::string(request_id));
    return StorageUnavailable();
  }

  try {
    return rows.Insert(row);
  } catch (const sql::SQLException& e) {
    TakeBack(objects, row.object_key, Describe(e), request_id);
    if (IsConnectionError(e)) throw;
    return RowNotWritten();
  } catch (const std::exception& e) {
    TakeBack(objects, row.object_key, e.what(), request_id);
    throw;
  }
}

}  // namespace ap::attachments
