// A streaming reader of multipart/form-data bodies.
//
// Uploads can be tens of megabytes; the body is read in small blocks from
// the file nginx wrote (or from memory in tests) and the file part's bytes
// are handed to a sink as they pass, so memory stays constant whatever the
// size. The one part with a filename is the file; the other parts are small
// text fields. Anything malformed or cut short is a 400.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "common/base/status.h"

namespace ap::attachments {

// Where body bytes come from.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Up to `size` bytes into `data`; 0 at the end.
  virtual Result<size_t> Read(char* data, size_t size) = 0;
};

// Reads a file by descriptor (owned, closed on destruction).
class FileSource : public ByteSource {
 public:
  explicit FileSource(int fd) : fd_(fd) {}

  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  Result<size_t> Read(char* data, size_t size) override;

 private:
  int fd_;
};

class StringSource : public ByteSource {
 public:
  explicit StringSource(std::string_view data) : data_(data) {}

  Result<size_t> Read(char* data, size_t size) override;

 private:
  std::string_view data_;
};

// Takes a file's bytes piece by piece; a non-OK status stops the reading
// (a file over the size limit, a full disk).
using ByteSink = std::function<Status(std::string_view bytes)>;

struct MultipartForm {
  bool has_file = false;
  std::string filename;       // as sent (HTML's %22/%0D/%0A decoded)
  std::string declared_type;  // the part's Content-Type, not trusted
  std::map<std::string, std::string, std::less<>> fields;
};

// The boundary of a "multipart/form-data; boundary=..." content type.
Result<std::string> MultipartBoundary(std::string_view content_type);

// Reads the whole body: the file part goes to `file_sink`, other parts
// (each at most 1 KB) into fields. 400 "malformed_multipart" for bad
// syntax, "truncated_body" when the body ends early, "too_many_files" for a
// second file part.
Result<MultipartForm> ReadMultipart(ByteSource& source,
                                    std::string_view boundary,
                                    const ByteSink& file_sink);

// A header parameter such as name="file" from a Content-Disposition value:
// quoted strings unescaped; "" when absent. `found` tells absent from empty.
std::string HeaderParam(std::string_view value, std::string_view param,
                        bool* found = nullptr);

}  // namespace ap::attachments
