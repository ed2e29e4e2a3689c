// AWS Signature Version 4 for S3: header signing and presigned URLs.
//
// We sign requests ourselves instead of using libcurl's CURLOPT_AWS_SIGV4:
// presigned URLs need our own signer anyway, and libcurl's signer has quirks
// that differ between versions (7.88 leaves out x-amz-content-sha256 and
// signs the query as written, unsorted). One signer, checked against AWS's
// published examples, behaves the same with every S3 service and every
// libcurl version. Pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ap {

// Name/value pairs, unencoded; order does not matter to the signer.
using SigV4Params = std::vector<std::pair<std::string, std::string>>;

struct SigV4Credentials {
  std::string access_key;
  std::string secret_key;
  std::string region;
  std::string service = "s3";
};

// One request as the server will see it.
struct SigV4Request {
  std::string method;
  std::string path;          // already URI-encoded, e.g. "/bucket/a%20b"
  SigV4Params query;         // unencoded
  SigV4Params headers;       // every header to sign, including host, x-amz-date
                             // and x-amz-content-sha256 (names in any case)
  std::string payload_hash;  // hex SHA-256 of the body, or UNSIGNED-PAYLOAD
};

inline constexpr std::string_view kSigV4EmptyPayloadHash =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
inline constexpr std::string_view kSigV4UnsignedPayload = "UNSIGNED-PAYLOAD";
inline constexpr int kSigV4MaxPresignSeconds = 7 * 24 * 3600;

// Percent-encodes every byte except A-Z a-z 0-9 - _ . ~ (and '/' when
// `keep_slash`), with upper-case hex, as SigV4 requires.
std::string SigV4UriEncode(std::string_view text, bool keep_slash);

// "20130524T000000Z" for a Unix time.
std::string SigV4AmzDate(int64_t unix_seconds);

// "a=1&b=2": names and values encoded, sorted by name then value. Used both
// for signing and for the URL actually sent, so the two cannot differ.
std::string SigV4CanonicalQuery(const SigV4Params& params);

// The canonical request and the names it signs ("host;x-amz-date"), exposed
// so tests can compare them with AWS's examples step by step.
std::string SigV4CanonicalRequest(const SigV4Request& request);
std::string SigV4SignedHeaders(const SigV4Request& request);

// The Authorization header value. `amz_date` must equal the request's
// x-amz-date header.
std::string SigV4Authorization(const SigV4Credentials& credentials,
                               const SigV4Request& request,
                               std::string_view amz_date);

// The query string of a presigned request (the X-Amz-* parameters, the
// request's own query and X-Amz-Signature), signing only the host header
// and an unsigned payload. `request.headers` must hold exactly "host".
std::string SigV4PresignedQuery(const SigV4Credentials& credentials,
                                const SigV4Request& request, int64_t now_unix,
                                int expires_seconds);

}  // namespace ap
