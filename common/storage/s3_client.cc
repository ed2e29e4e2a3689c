#include "common/storage/s3_client.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <mutex>
#include <thread>

#include "common/crypto/hash.h"
#include "common/log/log.h"

namespace ap {
namespace {

constexpr long kConnectTimeoutSeconds = 5;
constexpr size_t kMaxErrorBodyBytes = 64 * 1024;
constexpr size_t kMaxKeyBytes = 1024;
constexpr size_t kMaxListPageBytes = 16 << 20;
constexpr int kMaxListPages = 1000000;
constexpr auto kFirstRetryDelay = std::chrono::milliseconds(100);

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;

struct DigestDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

// Owns a file descriptor.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}

  ~Fd() { Close(); }

  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

  int get() const { return fd_; }

  int Close() {
    int rc = fd_ >= 0 ? ::close(fd_) : 0;
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

Status ConfigError(std::string message) {
  return Status(Code::kInternal, "config", std::move(message));
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// Text from the store or from a key, made safe for one log line.
std::string Printable(std::string_view text, size_t max_bytes = 300) {
  std::string out;
  for (char c : text.substr(0, max_bytes)) {
    auto byte = static_cast<unsigned char>(c);
    out += byte < 0x20 || byte == 0x7f ? '?' : c;
  }
  if (text.size() > max_bytes) out += "...";
  return out;
}

std::string ErrnoText() { return std::strerror(errno); }

Status ParseEndpoint(std::string_view url, std::string* scheme,
                     std::string* authority, std::string* base_path) {
  // The URL is not echoed: a malformed one might hold credentials.
  Status bad = ConfigError(
      "storage endpoint must look like http(s)://host[:port][/path]");
  size_t separator = url.find("://");
  if (separator == std::string_view::npos) return bad;
  *scheme = Lower(url.substr(0, separator));
  if (*scheme != "http" && *scheme != "https") return bad;
  std::string_view rest = url.substr(separator + 3);
  size_t slash = rest.find('/');
  *authority = Lower(rest.substr(0, slash));
  std::string_view path =
      slash == std::string_view::npos ? "" : rest.substr(slash);
  if (authority->empty() ||
      authority->find_first_of("@?#%\\ \t") != std::string::npos) {
    return bad;
  }
  // libcurl leaves the default port out of the Host header it would send,
  // so the signed host must leave it out too.
  std::string_view default_port = *scheme == "http" ? ":80" : ":443";
  if (authority->ends_with(default_port)) {
    authority->resize(authority->size() - default_port.size());
  }
  while (path.ends_with('/')) path.remove_suffix(1);
  if (SigV4UriEncode(path, true) != path) return bad;
  *base_path = std::string(path);
  return Status::Ok();
}

// Reads the file once to get the hash S3 checks the upload against.
Result<std::string> FileSha256Hex(const std::string& path) {
  FilePtr file(std::fopen(path.c_str(), "rb"));
  if (!file) return Internal("cannot open " + path + ": " + ErrnoText());
  std::unique_ptr<EVP_MD_CTX, DigestDeleter> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    return Internal("SHA-256 context could not be created");
  }
  std::vector<char> buffer(64 * 1024);
  size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), file.get())) > 0) {
    EVP_DigestUpdate(ctx.get(), buffer.data(), n);
  }
  if (std::ferror(file.get())) {
    return Internal("cannot read " + path + ": " + ErrnoText());
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &size);
  return HexEncode(
      std::string_view(reinterpret_cast<const char*>(digest), size));
}

bool IsHexSha256(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) != 0;
         });
}

// What libcurl's callbacks read and fill during one attempt.
struct Transfer {
  std::string_view upload;  // in-memory body, consumed from the front
  std::FILE* upload_file = nullptr;
  int out_fd = -1;  // where a 2xx body goes, else into `body`
  size_t max_body = 0;
  long status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  bool body_too_large = false;
  int write_errno = 0;
};

size_t ReadBody(char* buffer, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  size_t room = size * count;
  if (transfer->upload_file != nullptr) {
    size_t n = std::fread(buffer, 1, room, transfer->upload_file);
    if (n == 0 && std::ferror(transfer->upload_file)) {
      return CURL_READFUNC_ABORT;
    }
    return n;
  }
  size_t n = std::min(room, transfer->upload.size());
  std::memcpy(buffer, transfer->upload.data(), n);
  transfer->upload.remove_prefix(n);
  return n;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  while (line.ends_with('\n') || line.ends_with('\r')) line.remove_suffix(1);
  if (line.starts_with("HTTP/")) {
    // A new status line (after "100 Continue") starts a new header set.
    size_t space = line.find(' ');
    long status = 0;
    for (size_t i = space + 1;
         space != line.npos && i < line.size() &&
         std::isdigit(static_cast<unsigned char>(line[i]));
         ++i) {
      status = status * 10 + (line[i] - '0');
    }
    transfer->status = status;
    transfer->headers.clear();
    return size * count;
  }
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    while (value.starts_with(' ') || value.starts_with('\t')) {
      value.remove_prefix(1);
    }
    while (value.ends_with(' ') || value.ends_with('\t'))
      value.remove_suffix(1);
    transfer->headers[Lower(line.substr(0, colon))] = std::string(value);
  }
  return size * count;
}

bool WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

// Returning less than given makes libcurl stop with CURLE_WRITE_ERROR.
size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  size_t n = size * count;
  bool success = transfer->status >= 200 && transfer->status < 300;
  if (success && transfer->out_fd >= 0) {
    if (WriteAll(transfer->out_fd, data, n)) return n;
    transfer->write_errno = errno;
    return 0;
  }
  size_t limit = success ? transfer->max_body : kMaxErrorBodyBytes;
  if (transfer->body.size() + n > limit) {
    if (success) {
      transfer->body_too_large = true;
      return 0;
    }
    // An error body only explains the failure: its start is enough.
    transfer->body.append(data, limit - transfer->body.size());
    return n;
  }
  transfer->body.append(data, n);
  return n;
}

Status StatusFromHttp(long http, std::string_view body,
                      const std::string& what) {
  std::string detail = Printable(S3ErrorSummary(body));
  std::string suffix = " (HTTP " + std::to_string(http) +
                       (detail.empty() ? "" : ": " + detail) + ")";
  // A missing bucket is a configuration error, not a missing object.
  if (http == 404 && !detail.starts_with("NoSuchBucket")) {
    return NotFound("storage has no object for " + what);
  }
  if (http == 403) {
    return Internal("storage refused the signature/credentials for " + what +
                    suffix);
  }
  if (http >= 500 || http == 408 || http == 429) {
    return Unavailable("storage_unavailable",
                       "storage is unavailable for " + what + suffix);
  }
  return Internal("storage rejected " + what + suffix);
}

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

struct S3Client::Request {
  std::string method;
  std::string path;  // encoded
  SigV4Params query;
  std::string content_type;
  std::string payload_hash = std::string(kSigV4EmptyPayloadHash);
  std::string what;  // "GET bucket/key", for messages
  // The body sent: `body`, or the file at `body_path`; `body_size` bytes.
  std::string_view body;
  const std::string* body_path = nullptr;
  int64_t body_size = 0;
  // Where a successful body goes: `out_fd` (named `out_path`) when set,
  // else Response::body, up to `max_body` bytes.
  int out_fd = -1;
  std::string out_path;
  size_t max_body = kMaxErrorBodyBytes;
  bool retryable = true;  // false after a timeout: waiting again won't help
};

struct S3Client::Response {
  long status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

void S3Client::CurlDeleter::operator()(void* curl) const {
  curl_easy_cleanup(curl);
}

Result<S3Settings> S3SettingsFromConfig(const Config& config,
                                        std::string_view prefix) {
  std::string p = std::string(prefix) + ".";
  S3Settings settings;
  std::pair<const char*, std::string*> required[] = {
      {"endpoint", &settings.endpoint},
      {"region", &settings.region},
      {"bucket", &settings.bucket},
      {"access_key", &settings.access_key},
      {"secret_key", &settings.secret_key},
  };
  for (auto& [name, field] : required) {
    *field = config.GetString(p + name);
    if (field->empty()) {
      return ConfigError(p + name + " is missing in " + config.origin());
    }
  }
  int64_t timeout = config.GetInt(p + "timeout_seconds", 60);
  if (timeout < 1 || timeout > 24 * 3600) {
    return ConfigError(p + "timeout_seconds must be 1 to 86400");
  }
  settings.timeout_seconds = static_cast<int>(timeout);
  int64_t attempts = config.GetInt(p + "max_attempts", 3);
  if (attempts < 1 || attempts > 10) {
    return ConfigError(p + "max_attempts must be 1 to 10");
  }
  settings.max_attempts = static_cast<int>(attempts);
  settings.virtual_host = config.GetBool(p + "virtual_host", false);

  std::string scheme, authority, base_path;
  Status endpoint =
      ParseEndpoint(settings.endpoint, &scheme, &authority, &base_path);
  if (!endpoint.ok()) return ConfigError(p + "endpoint: " + endpoint.message());
  return settings;
}

S3Client::S3Client(S3Settings settings)
    : settings_(std::move(settings)),
      credentials_{settings_.access_key, settings_.secret_key, settings_.region,
                   "s3"} {
  endpoint_status_ =
      ParseEndpoint(settings_.endpoint, &scheme_, &authority_, &base_path_);
  InitCurlOnce();
}

S3Client::~S3Client() = default;

Status S3Client::CheckKey(std::string_view key) const {
  if (key.empty() || key.size() > kMaxKeyBytes) {
    return Internal("storage key must be 1 to 1024 bytes");
  }
  // Proxies and servers may resolve "." and ".." segments, which would
  // address another object than the one signed for.
  std::string_view rest = key;
  for (;;) {
    size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    if (segment == "." || segment == "..") {
      return Internal("storage key has a '.' or '..' segment: " +
                      Printable(key));
    }
    if (slash == std::string_view::npos) return Status::Ok();
    rest.remove_prefix(slash + 1);
  }
}

std::string S3Client::Host() const {
  return settings_.virtual_host ? settings_.bucket + "." + authority_
                                : authority_;
}

std::string S3Client::BucketPath() const {
  return settings_.virtual_host
             ? base_path_ + "/"
             : base_path_ + "/" + SigV4UriEncode(settings_.bucket, false);
}

std::string S3Client::ObjectPath(std::string_view key) const {
  std::string path = BucketPath();
  if (!path.ends_with('/')) path += '/';
  return path + SigV4UriEncode(key, true);
}

std::string S3Client::Describe(std::string_view method,
                               std::string_view key) const {
  return std::string(method) + " " + settings_.bucket + "/" + Printable(key);
}

Result<S3Client::Response> S3Client::SendOnce(Request& request) {
  Transfer transfer;
  transfer.upload = request.body;
  transfer.out_fd = request.out_fd;
  transfer.max_body = request.max_body;
  if (request.out_fd >= 0 && (::ftruncate(request.out_fd, 0) != 0 ||
                              ::lseek(request.out_fd, 0, SEEK_SET) != 0)) {
    return Internal("cannot truncate " + request.out_path + ": " + ErrnoText());
  }
  FilePtr file;
  if (request.body_path != nullptr) {
    file.reset(std::fopen(request.body_path->c_str(), "rb"));

    struct stat st {};

    if (!file || ::fstat(::fileno(file.get()), &st) != 0) {
      return Internal("cannot open " + *request.body_path + ": " + ErrnoText());
    }
    if (st.st_size != request.body_size) {
      return Internal(*request.body_path + " changed while uploading it");
    }
    transfer.upload_file = file.get();
  }

  std::string amz_date = SigV4AmzDate(std::time(nullptr));
  SigV4Request signed_request{request.method,
                              request.path,
                              request.query,
                              {{"Host", Host()},
                               {"x-amz-content-sha256", request.payload_hash},
                               {"x-amz-date", amz_date}},
                              request.payload_hash};
  if (!request.content_type.empty()) {
    signed_request.headers.emplace_back("Content-Type", request.content_type);
  }
  signed_request.headers.emplace_back(
      "Authorization",
      SigV4Authorization(credentials_, signed_request, amz_date));
  SlistPtr headers;
  for (const auto& [name, value] : signed_request.headers) {
    curl_slist* list =
        curl_slist_append(headers.get(), (name + ": " + value).c_str());
    if (list == nullptr) return Internal("out of memory for storage headers");
    headers.release();
    headers.reset(list);
  }

  CURL* curl = curl_.get();
  curl_easy_reset(curl);
  std::string query = SigV4CanonicalQuery(request.query);
  std::string url = scheme_ + "://" + Host() + request.path +
                    (query.empty() ? "" : "?" + query);
  char error[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  // Keys are sent exactly as signed: no "/../" squashing by libcurl.
  curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
  // Timeouts without signals: modules are multi-threaded.
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT,
                   static_cast<long>(settings_.timeout_seconds));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (request.method == "PUT") {
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadBody);
    curl_easy_setopt(curl, CURLOPT_READDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE,
                     static_cast<curl_off_t>(request.body_size));
  } else if (request.method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }

  CURLcode rc = curl_easy_perform(curl);
  // The handle must not keep pointers to this frame's buffers.
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);

  if (rc == CURLE_WRITE_ERROR && transfer.body_too_large) {
    return Internal("storage object is larger than " +
                    std::to_string(request.max_body) +
                    " bytes: " + request.what);
  }
  if (rc == CURLE_WRITE_ERROR && transfer.write_errno != 0) {
    return Internal("cannot write " + request.out_path + ": " +
                    std::strerror(transfer.write_errno));
  }
  if (rc == CURLE_READ_ERROR || rc == CURLE_ABORTED_BY_CALLBACK) {
    return Internal("cannot read the upload for " + request.what);
  }
  if (rc != CURLE_OK) {
    request.retryable = rc != CURLE_OPERATION_TIMEDOUT;
    return Unavailable("storage_unavailable",
                       "storage is unreachable for " + request.what + ": " +
                           curl_easy_strerror(rc) +
                           (error[0] ? std::string(" (") + error + ")" : ""));
  }
  if (transfer.status < 200 || transfer.status >= 300) {
    return StatusFromHttp(transfer.status, transfer.body, request.what);
  }
  return Response{transfer.status, std::move(transfer.headers),
                  std::move(transfer.body)};
}

Result<S3Client::Response> S3Client::Send(Request& request) {
  AP_RETURN_IF_ERROR(endpoint_status_);
  if (!curl_) {
    curl_.reset(curl_easy_init());
    if (!curl_) return Internal("libcurl could not create a handle");
  }
  auto delay = kFirstRetryDelay;
  for (int attempt = 1;; ++attempt) {
    Result<Response> response = SendOnce(request);
    if (response.ok() || response.status().code() != Code::kUnavailable ||
        !request.retryable || attempt >= settings_.max_attempts) {
      return response;
    }
    LogWarn(response.status().message() + "; retrying");
    std::this_thread::sleep_for(delay);
    delay *= 4;
  }
}

Status S3Client::PutString(std::string_view key, std::string_view body,
                           std::string_view content_type) {
  AP_RETURN_IF_ERROR(CheckKey(key));
  Request request;
  request.method = "PUT";
  request.path = ObjectPath(key);
  request.content_type = std::string(content_type);
  request.payload_hash = Sha256Hex(body);
  request.what = Describe("PUT", key);
  request.body = body;
  request.body_size = static_cast<int64_t>(body.size());
  return Send(request).status();
}

Status S3Client::PutFile(std::string_view key, const std::string& path,
                         std::string_view content_type,
                         std::string_view sha256_hex) {
  AP_RETURN_IF_ERROR(CheckKey(key));

  struct stat st {};

  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return Internal("cannot upload " + path + ": not a readable file");
  }
  std::string hash;
  if (sha256_hex.empty()) {
    Result<std::string> computed = FileSha256Hex(path);
    if (!computed.ok()) return computed.status();
    hash = std::move(*computed);
  } else if (IsHexSha256(sha256_hex)) {
    hash = Lower(sha256_hex);
  } else {
    return Internal("PutFile needs a hex SHA-256, got " +
                    Printable(sha256_hex, 80));
  }
  Request request;
  request.method = "PUT";
  request.path = ObjectPath(key);
  request.content_type = std::string(content_type);
  request.payload_hash = std::move(hash);
  request.what = Describe("PUT", key);
  request.body_path = &path;
  request.body_size = static_cast<int64_t>(st.st_size);
  return Send(request).status();
}

Result<std::string> S3Client::GetString(std::string_view key,
                                        size_t max_bytes) {
  AP_RETURN_IF_ERROR(CheckKey(key));
  Request request;
  request.method = "GET";
  request.path = ObjectPath(key);
  request.what = Describe("GET", key);
  request.max_body = max_bytes;
  Result<Response> response = Send(request);
  if (!response.ok()) return response.status();
  return std::move(response->body);
}

Status S3Client::GetToFile(std::string_view key, const std::string& path) {
  AP_RETURN_IF_ERROR(CheckKey(key));
  std::string temp = path + ".XXXXXX";
  Fd fd(::mkstemp(temp.data()));
  if (fd.get() < 0)
    return Internal("cannot create " + temp + ": " + ErrnoText());
  Request request;
  request.method = "GET";
  request.path = ObjectPath(key);
  request.what = Describe("GET", key);
  request.out_fd = fd.get();
  request.out_path = temp;
  Status status = Send(request).status();
  if (status.ok() && (::fsync(fd.get()) != 0 || fd.Close() != 0)) {
    status = Internal("cannot write " + temp + ": " + ErrnoText());
  }
  if (status.ok() && ::rename(temp.c_str(), path.c_str()) != 0) {
    status =
        Internal("cannot rename " + temp + " to " + path + ": " + ErrnoText());
  }
  if (!status.ok()) ::unlink(temp.c_str());
  return status;
}

Result<ObjectInfo> S3Client::Head(std::string_view key) {
  AP_RETURN_IF_ERROR(CheckKey(key));
  Request request;
  request.method = "HEAD";
  request.path = ObjectPath(key);
  request.what = Describe("HEAD", key);
  Result<Response> response = Send(request);
  if (!response.ok()) return response.status();

  const auto& headers = response->headers;
  auto header = [&headers](const char* name) {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  };
  ObjectInfo info;
  info.key = std::string(key);
  std::string length = header("content-length");
  auto [end, ec] =
      std::from_chars(length.data(), length.data() + length.size(), info.size);
  if (ec != std::errc() || end != length.data() + length.size()) {
    return Internal("storage sent no size for " + request.what);
  }
  info.etag = header("etag");
  if (info.etag.size() >= 2 && info.etag.front() == '"' &&
      info.etag.back() == '"') {
    info.etag = info.etag.substr(1, info.etag.size() - 2);
  }
  info.content_type = header("content-type");
  info.last_modified =
      std::max<int64_t>(0, ParseHttpDate(header("last-modified")));
  return info;
}

Status S3Client::Delete(std::string_view key) {
  AP_RETURN_IF_ERROR(CheckKey(key));
  Request request;
  request.method = "DELETE";
  request.path = ObjectPath(key);
  request.what = Describe("DELETE", key);
  Status status = Send(request).status();
  return status.code() == Code::kNotFound ? Status::Ok() : status;
}

Result<std::vector<ObjectInfo>> S3Client::List(std::string_view prefix) {
  std::vector<ObjectInfo> objects;
  std::string token;
  for (int page = 0; page < kMaxListPages; ++page) {
    Request request;
    request.method = "GET";
    request.path = BucketPath();
    request.query = {{"list-type", "2"}};
    if (!prefix.empty()) request.query.emplace_back("prefix", prefix);
    if (!token.empty()) request.query.emplace_back("continuation-token", token);
    request.what = "LIST " + settings_.bucket + "/" + Printable(prefix) + "*";
    request.max_body = kMaxListPageBytes;
    Result<Response> response = Send(request);
    if (!response.ok()) return response.status();
    Result<S3ListPage> parsed = ParseListObjectsV2(response->body);
    if (!parsed.ok()) return parsed.status();
    for (ObjectInfo& info : parsed->objects) {
      objects.push_back(std::move(info));
    }
    if (!parsed->truncated) return objects;
    // A store that repeats its token would make us loop forever.
    if (parsed->next_token == token) {
      return Internal("storage repeated its listing token for " + request.what);
    }
    token = std::move(parsed->next_token);
  }
  return Internal("storage listing of " + settings_.bucket +
                  " has too many pages");
}

Result<std::string> S3Client::PresignGet(
    std::string_view key, int expires_seconds, int64_t now_unix,
    const SigV4Params& response_overrides) const {
  AP_RETURN_IF_ERROR(endpoint_status_);
  AP_RETURN_IF_ERROR(CheckKey(key));
  int expires = std::clamp(expires_seconds, 1, kSigV4MaxPresignSeconds);
  SigV4Request request{
      "GET", ObjectPath(key), response_overrides, {{"host", Host()}}, ""};
  return scheme_ + "://" + Host() + request.path + "?" +
         SigV4PresignedQuery(credentials_, request, now_unix, expires);
}

}  // namespace ap
