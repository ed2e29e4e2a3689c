// S3Client: objects in any S3-compatible store (AWS S3, Cloudflare R2,
// MinIO, Ceph RGW), for attachments and backups.
//
// Requests are signed with SigV4 (common/storage/sigv4.h) and sent with
// libcurl, path style by default ({endpoint}/{bucket}/{key}), which every
// such service accepts. Each request carries the SHA-256 of its body, so the
// store rejects a body damaged on the way.
//
// Failures are Status values: network trouble, timeouts, 5xx, 408 and 429
// are kUnavailable ("storage_unavailable"; retried first with backoff,
// except a timeout), 404 is kNotFound, 403 and other refusals are kInternal
// with a message fit for the log. Messages name the bucket and key, never
// credentials.
//
// Thread-compatible: an S3Client keeps one libcurl handle (and so its open
// connections) between calls; use one per thread, or guard it. Creating one
// is cheap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/status.h"
#include "common/config/config.h"
#include "common/storage/s3_xml.h"
#include "common/storage/sigv4.h"

namespace ap {

struct S3Settings {
  std::string endpoint;  // "https://s3.eu-west-1.amazonaws.com", may hold a
                         // port and a base path
  std::string region;    // "auto" for R2
  std::string bucket;
  std::string access_key;
  std::string secret_key;
  // The whole request, transfer included (raise it for large backups);
  // connecting alone gets 5 s.
  int timeout_seconds = 60;
  // {bucket}.{endpoint host}/{key} instead of {endpoint}/{bucket}/{key}.
  bool virtual_host = false;
  // Tries per request when the store is unavailable (5xx, network).
  int max_attempts = 3;
};

// Reads "<prefix>.endpoint", ".region", ".bucket", ".access_key",
// ".secret_key", ".timeout_seconds", ".virtual_host" and ".max_attempts";
// a missing or malformed value is an error naming the key.
Result<S3Settings> S3SettingsFromConfig(const Config& config,
                                        std::string_view prefix = "s3");

class S3Client {
 public:
  explicit S3Client(S3Settings settings);
  ~S3Client();

  S3Client(const S3Client&) = delete;
  S3Client& operator=(const S3Client&) = delete;

  // Uploads the file at `path` without reading it whole into memory.
  // `sha256_hex` is the file's hex SHA-256 if the caller already has it
  // (else it is computed by reading the file once more); the store checks
  // the upload against it.
  Status PutFile(std::string_view key, const std::string& path,
                 std::string_view content_type, std::string_view sha256_hex);

  Status PutString(std::string_view key, std::string_view body,
                   std::string_view content_type);

  // For small objects: larger than `max_bytes` is an error.
  Result<std::string> GetString(std::string_view key,
                                size_t max_bytes = 16 << 20);

  // Streams the object into a new file beside `path` (mode 0600), synced,
  // then renamed onto `path`: `path` is never left half written.
  Status GetToFile(std::string_view key, const std::string& path);

  Result<ObjectInfo> Head(std::string_view key);

  // Deleting a missing object succeeds, as in S3.
  Status Delete(std::string_view key);

  // Every object whose key starts with `prefix`, in key order, reading all
  // pages of ListObjectsV2.
  Result<std::vector<ObjectInfo>> List(std::string_view prefix);

  // A URL that lets its holder GET the object until `now_unix` +
  // `expires_seconds` (clamped to 1 s .. 7 days). `response_overrides`
  // are S3's response-* parameters, e.g. {"response-content-disposition",
  // "attachment; filename=..."}. Needs no network; fails only on a bad key
  // or endpoint.
  Result<std::string> PresignGet(
      std::string_view key, int expires_seconds, int64_t now_unix,
      const SigV4Params& response_overrides = {}) const;

 private:
  struct Request;
  struct Response;

  struct CurlDeleter {
    void operator()(void* curl) const;
  };

  Result<Response> Send(Request& request);
  Result<Response> SendOnce(Request& request);
  Status CheckKey(std::string_view key) const;
  std::string Host() const;
  std::string BucketPath() const;
  std::string ObjectPath(std::string_view key) const;
  std::string Describe(std::string_view method, std::string_view key) const;

  S3Settings settings_;
  SigV4Credentials credentials_;
  Status endpoint_status_;  // not OK when settings_.endpoint is unusable
  std::string scheme_;      // "http" or "https"
  std::string authority_;   // host[:port], lower case, default port dropped
  std::string base_path_;   // "" or "/prefix"
  std::unique_ptr<void, CurlDeleter> curl_;  // kept for its connections
};

}  // namespace ap
