#include "modules/attachments/upload.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>

#include "common/crypto/hash.h"
#include "modules/attachments/filename.h"
#include "modules/attachments/multipart.h"
#include "modules/attachments/sniff.h"

namespace ap::attachments {
namespace {

std::string ErrnoText() { return std::strerror(errno); }

Status TooLarge(int64_t max_bytes) {
  return Status(Code::kTooLarge, "too_large",
                "The file is larger than the limit of " +
                    std::to_string(max_bytes / (1 << 20)) + " MB.");
}

Status WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Internal("cannot write the upload: " + ErrnoText());
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

struct DigestFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

// Watches a file's bytes go by: counts them against the limit, hashes
// them, keeps the first kSniffBytes and checks whether they are text, and
// copies them to `out_fd` when there is one.
class FileDigest {
 public:
  FileDigest(int64_t max_bytes, int out_fd)
      : max_bytes_(max_bytes), out_fd_(out_fd), ctx_(EVP_MD_CTX_new()) {
    if (ctx_ == nullptr ||
        EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1) {
      ctx_.reset();
    }
  }

  Status Write(std::string_view bytes) {
    if (ctx_ == nullptr) return Internal("SHA-256 is unavailable");
    size_ += static_cast<int64_t>(bytes.size());
    if (size_ > max_bytes_) return TooLarge(max_bytes_);
    EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size());
    if (head_.size() < kSniffBytes) {
      head_.append(bytes.substr(0, kSniffBytes - head_.size()));
    }
    text_.Feed(bytes);
    return out_fd_ >= 0 ? WriteAll(out_fd_, bytes) : Status::Ok();
  }

  ByteSink AsSink() {
    return [this](std::string_view bytes) { return Write(bytes); };
  }

  std::string HexDigest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(ctx_.get(), digest, &length);
    return HexEncode(std::string_view(reinterpret_cast<char*>(digest), length));
  }

  int64_t size() const { return size_; }

  const std::string& head() const { return head_; }

  bool is_text() const { return text_.Finish(); }

 private:
  int64_t max_bytes_;
  int out_fd_;
  std::unique_ptr<EVP_MD_CTX, DigestFree> ctx_;
  int64_t size_ = 0;
  std::string head_;
  TextValidator text_;
};

Result<std::unique_ptr<ByteSource>> BodySource(const Request& request) {
  if (request.body_file.empty()) {
    return std::unique_ptr<ByteSource>(
        std::make_unique<StringSource>(request.body));
  }
  int fd = ::open(request.body_file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Internal("cannot open the upload " + request.body_file + ": " +
                    ErrnoText());
  }
  return std::unique_ptr<ByteSource>(std::make_unique<FileSource>(fd));
}

// Sniffs the type, checks it against the allow-list and fills the rest.
Status Finish(FileDigest& digest, const UploadLimits& limits,
              StagedUpload* upload) {
  if (digest.size() == 0) {
    return BadRequest("empty_file", "The file is empty.");
  }
  upload->size = digest.size();
  upload->sha256 = digest.HexDigest();
  upload->content_type =
      SniffContentType(digest.head(), upload->filename, digest.is_text());
  if (limits.allowed_types.count(upload->content_type) == 0) {
    return Status(Code::kUnsupportedType, "unsupported_file_type",
                  "Files of this type (" + upload->content_type +
                      ") cannot be attached.");
  }
  return Status::Ok();
}

Result<StagedUpload> StageMultipart(const Request& request,
                                    const UploadLimits& limits,
                                    const std::string& boundary) {
  Result<TempFile> temp = TempFile::Create(limits.temp_dir);
  if (!temp.ok()) return temp.status();
  Result<std::unique_ptr<ByteSource>> source = BodySource(request);
  if (!source.ok()) return source.status();

  FileDigest digest(limits.max_bytes, temp->fd());
  Result<MultipartForm> form =
      ReadMultipart(**source, boundary, digest.AsSink());
  if (!form.ok()) return form.status();
  if (!form->has_file) {
    return BadRequest("missing_file", "The form has no file part.");
  }
  for (const auto& [name, value] : form->fields) {
    if (name != "task_id") {
      return BadRequest("unknown_field", "Unknown form field: " + name + ".");
    }
  }

  StagedUpload upload;
  upload.filename = CleanFilename(DecodeFormFilename(form->filename));
  auto task = form->fields.find("task_id");
  Result<std::optional<int64_t>> task_id = ParseTaskId(
      task != form->fields.end() ? task->second : request.Query("task_id"));
  if (!task_id.ok()) return task_id.status();
  upload.task_id = *task_id;
  AP_RETURN_IF_ERROR(Finish(digest, limits, &upload));
  upload.path = temp->path();
  upload.temp.emplace(std::move(*temp));
  return upload;
}

// The Pulse app sends the file itself as the body, its name
// percent-encoded in X-Filename and the task in ?task_id=.
Result<StagedUpload> StageRaw(const Request& request,
                              const UploadLimits& limits) {
  std::string name;
  if (request.Header("x-filename").empty() ||
      !PercentDecode(request.Header("x-filename"), &name)) {
    return BadRequest("missing_filename",
                      "Name the file in the X-Filename header "
                      "(percent-encoded UTF-8).");
  }
  StagedUpload upload;
  upload.filename = CleanFilename(name);
  Result<std::optional<int64_t>> task_id =
      ParseTaskId(request.Query("task_id"));
  if (!task_id.ok()) return task_id.status();
  upload.task_id = *task_id;

  // A body nginx wrote to a file is used in place; one in memory (small,
  // from a configuration without the upload location) is copied out.
  std::optional<TempFile> temp;
  if (request.body_file.empty()) {
    Result<TempFile> made = TempFile::Create(limits.temp_dir);
    if (!made.ok()) return made.status();
    temp.emplace(std::move(*made));
  }
  Result<std::unique_ptr<ByteSource>> source = BodySource(request);
  if (!source.ok()) return source.status();
  FileDigest digest(limits.max_bytes, temp ? temp->fd() : -1);
  char block[64 * 1024];
  for (;;) {
    Result<size_t> n = (*source)->Read(block, sizeof block);
    if (!n.ok()) return n.status();
    if (*n == 0) break;
    AP_RETURN_IF_ERROR(digest.Write(std::string_view(block, *n)));
  }
  AP_RETURN_IF_ERROR(Finish(digest, limits, &upload));
  upload.path = temp ? temp->path() : request.body_file;
  upload.temp = std::move(temp);
  return upload;
}

}  // namespace

Result<TempFile> TempFile::Create(const std::string& dir) {
  std::string path = dir + "/ap-upload-XXXXXX";
  int fd = ::mkstemp(path.data());
  if (fd < 0) {
    return Internal("cannot create a temporary file in " + dir + ": " +
                    ErrnoText());
  }
  return TempFile(fd, std::move(path));
}

TempFile::TempFile(TempFile&& other) noexcept
    : fd_(other.fd_), path_(std::move(other.path_)) {
  other.fd_ = -1;
  other.path_.clear();
}

TempFile& TempFile::operator=(TempFile&& other) noexcept {
  std::swap(fd_, other.fd_);
  std::swap(path_, other.path_);
  return *this;
}

TempFile::~TempFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!path_.empty()) ::unlink(path_.c_str());
}

Result<std::optional<int64_t>> ParseTaskId(std::string_view text) {
  if (text.empty()) return std::optional<int64_t>();
  bool digits = text.size() <= 18 && text[0] != '0';
  for (char c : text) digits = digits && c >= '0' && c <= '9';
  if (!digits) {
    return BadRequest("invalid_task_id", "task_id must be a task's ID.");
  }
  return std::optional<int64_t>(std::stoll(std::string(text)));
}

Result<StagedUpload> StageUpload(const Request& request,
                                 const UploadLimits& limits) {
  if (!request.HasContentType("multipart/form-data")) {
    return StageRaw(request, limits);
  }
  Result<std::string> boundary = MultipartBoundary(request.content_type);
  if (!boundary.ok()) return boundary.status();
  return StageMultipart(request, limits, *boundary);
}

}  // namespace ap::attachments
