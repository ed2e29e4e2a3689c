#include "modules/attachments/multipart.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

namespace ap::attachments {
namespace {

constexpr size_t kBlockBytes = 64 * 1024;
constexpr size_t kMaxHeaderBytes = 8 * 1024;
constexpr size_t kMaxFieldBytes = 1024;
constexpr size_t kMaxParts = 16;
constexpr size_t kMaxBoundaryBytes = 70;  // RFC 2046

Status Malformed(std::string message) {
  return BadRequest("malformed_multipart", std::move(message));
}

Status Truncated() {
  return BadRequest("truncated_body",
                    "The upload ended before the form was complete.");
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string_view Trim(std::string_view text) {
  size_t first = text.find_first_not_of(" \t");
  if (first == text.npos) return {};
  size_t last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

// A window over the source: finds delimiters across block boundaries
// while holding at most one block plus a delimiter in memory.
class Scanner {
 public:
  explicit Scanner(ByteSource& source) : source_(source) {}

  // Passes everything before `delimiter` to `out` and consumes the
  // delimiter. Truncated when the source ends first.
  Status ReadUntil(std::string_view delimiter, const ByteSink& out) {
    for (;;) {
      size_t at = std::string_view(buffer_).find(delimiter, pos_);
      if (at != std::string::npos) {
        AP_RETURN_IF_ERROR(Emit(at, out));
        pos_ += delimiter.size();
        return Status::Ok();
      }
      // Keep a tail that could be the start of the delimiter.
      size_t keep = std::min(buffer_.size() - pos_, delimiter.size() - 1);
      AP_RETURN_IF_ERROR(Emit(buffer_.size() - keep, out));
      if (eof_) return Truncated();
      AP_RETURN_IF_ERROR(Fill());
    }
  }

  // The next `n` bytes, without consuming them ("" if the source ends).
  Result<std::string_view> Peek(size_t n) {
    while (buffer_.size() - pos_ < n && !eof_) AP_RETURN_IF_ERROR(Fill());
    if (buffer_.size() - pos_ < n) return std::string_view();
    return std::string_view(buffer_).substr(pos_, n);
  }

  void Skip(size_t n) { pos_ += n; }

 private:
  Status Emit(size_t end, const ByteSink& out) {
    if (end <= pos_) return Status::Ok();
    Status status = out(std::string_view(buffer_).substr(pos_, end - pos_));
    pos_ = end;
    return status;
  }

  Status Fill() {
    buffer_.erase(0, pos_);
    pos_ = 0;
    size_t used = buffer_.size();
    buffer_.resize(used + kBlockBytes);
    Result<size_t> n = source_.Read(buffer_.data() + used, kBlockBytes);
    if (!n.ok()) return n.status();
    buffer_.resize(used + *n);
    eof_ = *n == 0;
    return Status::Ok();
  }

  ByteSource& source_;
  std::string buffer_;
  size_t pos_ = 0;
  bool eof_ = false;
};

// A sink that collects at most `limit` bytes.
ByteSink Collect(std::string* out, size_t limit, Status too_long) {
  return [out, limit, too_long](std::string_view bytes) {
    if (out->size() + bytes.size() > limit) return too_long;
    out->append(bytes);
    return Status::Ok();
  };
}

struct PartHeaders {
  std::string name;
  std::string filename;
  bool is_file = false;
  std::string content_type;
};

Result<PartHeaders> ParsePartHeaders(std::string_view block) {
  PartHeaders part;
  bool disposition = false;
  while (!block.empty()) {
    size_t end = block.find("\r\n");
    std::string_view line = block.substr(0, end);
    block = end == block.npos ? std::string_view() : block.substr(end + 2);
    size_t colon = line.find(':');
    if (colon == line.npos) return Malformed("A part header has no colon.");
    std::string name = Lower(Trim(line.substr(0, colon)));
    std::string_view value = Trim(line.substr(colon + 1));
    if (name == "content-disposition") {
      if (Lower(Trim(value.substr(0, value.find(';')))) != "form-data") {
        return Malformed("A part is not form-data.");
      }
      disposition = true;
      part.name = HeaderParam(value, "name");
      part.filename = HeaderParam(value, "filename", &part.is_file);
    } else if (name == "content-type") {
      part.content_type = std::string(value);
    }
  }
  if (!disposition || part.name.empty()) {
    return Malformed("A part has no form-data name.");
  }
  return part;
}

// Reads the header block of a part; the scanner stands after its CRLF.
Result<PartHeaders> ReadPartHeaders(Scanner& scanner) {
  Result<std::string_view> next = scanner.Peek(2);
  if (!next.ok()) return next.status();
  if (*next == "\r\n") return Malformed("A part has no headers.");

  std::string block;
  AP_RETURN_IF_ERROR(scanner.ReadUntil(
      "\r\n\r\n", Collect(&block, kMaxHeaderBytes,
                          Malformed("A part's headers are too long."))));
  return ParsePartHeaders(block);
}

// After a boundary: "--" ends the form, CRLF starts another part.
Result<bool> AtLastBoundary(Scanner& scanner) {
  Result<std::string_view> next = scanner.Peek(2);
  if (!next.ok()) return next.status();
  if (next->size() < 2) return Truncated();
  bool last = *next == "--";
  if (!last && *next != "\r\n") return Malformed("Bad boundary line.");
  scanner.Skip(2);
  return last;
}

Status ReadPart(Scanner& scanner, std::string_view delimiter,
                const ByteSink& file_sink, MultipartForm* form) {
  Result<PartHeaders> part = ReadPartHeaders(scanner);
  if (!part.ok()) return part.status();

  if (!part->is_file) {
    std::string value;
    AP_RETURN_IF_ERROR(scanner.ReadUntil(
        delimiter,
        Collect(&value, kMaxFieldBytes,
                BadRequest("field_too_long",
                           "The form field " + part->name + " is too long."))));
    form->fields[part->name] = std::move(value);
    return Status::Ok();
  }
  if (form->has_file) {
    return BadRequest("too_many_files", "Upload one file per request.");
  }
  form->has_file = true;
  form->filename = part->filename;
  form->declared_type = part->content_type;
  return scanner.ReadUntil(delimiter, file_sink);
}

}  // namespace

FileSource::~FileSource() {
  if (fd_ >= 0) ::close(fd_);
}

Result<size_t> FileSource::Read(char* data, size_t size) {
  for (;;) {
    ssize_t n = ::read(fd_, data, size);
    if (n >= 0) return static_cast<size_t>(n);
    if (errno == EINTR) continue;
    return Internal(std::string("cannot read the upload: ") +
                    std::strerror(errno));
  }
}

Result<size_t> StringSource::Read(char* data, size_t size) {
  size_t n = std::min(size, data_.size());
  std::memcpy(data, data_.data(), n);
  data_.remove_prefix(n);
  return n;
}

Result<std::string> MultipartBoundary(std::string_view content_type) {
  std::string type =
      Lower(Trim(content_type.substr(0, content_type.find(';'))));
  if (type != "multipart/form-data") {
    return Status(Code::kUnsupportedType, "unsupported_media_type",
                  "Send the file as multipart/form-data.");
  }
  std::string boundary = HeaderParam(content_type, "boundary");
  if (boundary.empty() || boundary.size() > kMaxBoundaryBytes) {
    return Malformed("The multipart boundary is missing or too long.");
  }
  return boundary;
}

Result<MultipartForm> ReadMultipart(ByteSource& source,
                                    std::string_view boundary,
                                    const ByteSink& file_sink) {
  Scanner scanner(source);
  std::string dash_boundary = "--" + std::string(boundary);
  auto discard = [](std::string_view) { return Status::Ok(); };
  AP_RETURN_IF_ERROR(scanner.ReadUntil(dash_boundary, discard));

  MultipartForm form;
  std::string delimiter = "\r\n" + dash_boundary;
  for (size_t parts = 0;; ++parts) {
    Result<bool> last = AtLastBoundary(scanner);
    if (!last.ok()) return last.status();
    if (*last) break;
    if (parts == kMaxParts) return Malformed("The form has too many parts.");
    AP_RETURN_IF_ERROR(ReadPart(scanner, delimiter, file_sink, &form));
  }
  return form;
}

std::string HeaderParam(std::string_view value, std::string_view param,
                        bool* found) {
  if (found != nullptr) *found = false;
  size_t pos = value.find(';');
  while (pos != value.npos) {
    std::string_view rest = Trim(value.substr(pos + 1));
    size_t eq = rest.find('=');
    std::string_view name = Trim(rest.substr(0, eq));
    std::string text;
    size_t i = eq == rest.npos ? rest.size() : eq + 1;
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t')) ++i;
    if (i < rest.size() && rest[i] == '"') {
      for (++i; i < rest.size() && rest[i] != '"'; ++i) {
        if (rest[i] == '\\' && i + 1 < rest.size()) ++i;
        text += rest[i];
      }
      ++i;
    } else {
      for (; i < rest.size() && rest[i] != ';'; ++i) text += rest[i];
      text = std::string(Trim(text));
    }
    if (eq != rest.npos && Lower(name) == Lower(param)) {
      if (found != nullptr) *found = true;
      return text;
    }
    size_t next = rest.find(';', std::min(i, rest.size()));
    pos = next == rest.npos
              ? next
              : static_cast<size_t>(rest.data() - value.data()) + next;
  }
  return "";
}

}  // namespace ap::attachments
