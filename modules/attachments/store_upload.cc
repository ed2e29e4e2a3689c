#include "modules/attachments/store_upload.h"

#include <cppconn/exception.h>

#include <exception>
#include <optional>

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

// The row of `key` on a new connection: its ID, 0 when surely absent,
// nullopt when the database cannot tell.
std::optional<int64_t> RowAfterLostConnection(RowStore& rows,
                                              const std::string& key) {
  try {
    return rows.FindByObjectKey(key);
  } catch (const sql::SQLException&) {
    return std::nullopt;
  }
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
    if (!IsConnectionError(e)) {
      TakeBack(objects, row.object_key, Describe(e), request_id);
      return RowNotWritten();
    }
    std::optional<int64_t> found = RowAfterLostConnection(rows, row.object_key);
    if (found && *found > 0) {
      LogWarn("attachments: connection lost after " + row.object_key +
              " was committed; stored id=" + std::string(request_id));
      return *found;
    }
    if (found) {
      TakeBack(objects, row.object_key, Describe(e), request_id);
    } else {
      LogError("attachments: connection lost while writing the row for " +
               row.object_key + " (" + Describe(e) +
               "); whether it was committed cannot be asked now, object kept"
               " for apctl gc id=" +
               std::string(request_id));
    }
    throw;
  } catch (const std::exception& e) {
    TakeBack(objects, row.object_key, e.what(), request_id);
    throw;
  }
}

}  // namespace ap::attachments
