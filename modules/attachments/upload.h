// Reading an upload: from the request body (multipart/form-data from
// browsers, or the raw file from the Pulse app) to a staged file on disk
// whose size, SHA-256 and sniffed type are known, without ever holding the
// file in memory.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "common/base/status.h"
#include "common/http/request.h"

namespace ap::attachments {

struct UploadLimits {
  int64_t max_bytes = 25 << 20;
  std::set<std::string> allowed_types;
  std::string temp_dir = "/tmp";
};

// A file made by mkstemp, removed when this goes away.
class TempFile {
 public:
  // Creates "<dir>/ap-upload-XXXXXX" (mode 0600).
  static Result<TempFile> Create(const std::string& dir);

  TempFile(TempFile&& other) noexcept;
  TempFile& operator=(TempFile&& other) noexcept;
  TempFile(const TempFile&) = delete;
  ~TempFile();

  int fd() const { return fd_; }

  const std::string& path() const { return path_; }

 private:
  TempFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}

  int fd_ = -1;
  std::string path_;
};

// The upload, ready to be stored.
struct StagedUpload {
  std::string path;  // the bytes: our temp file or nginx's body file
  std::optional<TempFile> temp;
  std::string filename;      // cleaned for display
  std::string content_type;  // sniffed, allowed
  int64_t size = 0;
  std::string sha256;  // lower-case hex
  std::optional<int64_t> task_id;
};

// Reads and checks the upload. 400 for a missing or empty file or a bad
// form, 413 over max_bytes, 415 for a type outside the allow-list.
Result<StagedUpload> StageUpload(const Request& request,
                                 const UploadLimits& limits);

// The optional task: form field or query parameter "task_id". 400 when
// present but not a positive integer.
Result<std::optional<int64_t>> ParseTaskId(std::string_view text);

}  // namespace ap::attachments
