#include "common/storage/sigv4.h"

#include <algorithm>
#include <cctype>
#include <ctime>

#include "common/crypto/hash.h"

namespace ap {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

bool IsUnreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// Header values are trimmed and inner runs of spaces collapse to one.
std::string CanonicalHeaderValue(std::string_view value) {
  std::string out;
  bool pending_space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

// Lower-cased names with canonical values, sorted by name; headers that
// share a name become one, values joined by commas in their original order.
SigV4Params CanonicalHeaders(const SigV4Params& headers) {
  SigV4Params sorted;
  for (const auto& [name, value] : headers) {
    sorted.emplace_back(Lower(name), CanonicalHeaderValue(value));
  }
  std::stable_sort(
      sorted.begin(), sorted.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  SigV4Params merged;
  for (auto& [name, value] : sorted) {
    if (!merged.empty() && merged.back().first == name) {
      merged.back().second += "," + value;
    } else {
      merged.emplace_back(std::move(name), std::move(value));
    }
  }
  return merged;
}

std::string DateStamp(std::string_view amz_date) {
  return std::string(amz_date.substr(0, 8));
}

std::string Scope(const SigV4Credentials& credentials,
                  std::string_view amz_date) {
  return DateStamp(amz_date) + "/" + credentials.region + "/" +
         credentials.service + "/aws4_request";
}

std::string Signature(const SigV4Credentials& credentials,
                      std::string_view canonical_request,
                      std::string_view amz_date) {
  std::string string_to_sign =
      std::string(kAlgorithm) + "\n" + std::string(amz_date) + "\n" +
      Scope(credentials, amz_date) + "\n" + Sha256Hex(canonical_request);
  std::string key =
      HmacSha256("AWS4" + credentials.secret_key, DateStamp(amz_date));
  key = HmacSha256(key, credentials.region);
  key = HmacSha256(key, credentials.service);
  key = HmacSha256(key, "aws4_request");
  return HexEncode(HmacSha256(key, string_to_sign));
}

}  // namespace

std::string SigV4UriEncode(std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (IsUnreserved(byte) || (keep_slash && c == '/')) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0f];
    }
  }
  return out;
}

std::string SigV4AmzDate(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &tm);
  return buffer;
}

std::string SigV4CanonicalQuery(const SigV4Params& params) {
  SigV4Params encoded;
  for (const auto& [name, value] : params) {
    encoded.emplace_back(SigV4UriEncode(name, false),
                         SigV4UriEncode(value, false));
  }
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out += '&';
    out += name + "=" + value;
  }
  return out;
}

std::string SigV4SignedHeaders(const SigV4Request& request) {
  std::string out;
  for (const auto& [name, value] : CanonicalHeaders(request.headers)) {
    if (!out.empty()) out += ';';
    out += name;
  }
  return out;
}

std::string SigV4CanonicalRequest(const SigV4Request& request) {
  std::string out = request.method + "\n" + request.path + "\n" +
                    SigV4CanonicalQuery(request.query) + "\n";
  for (const auto& [name, value] : CanonicalHeaders(request.headers)) {
    out += name + ":" + value + "\n";
  }
  out += "\n" + SigV4SignedHeaders(request) + "\n" + request.payload_hash;
  return out;
}

std::string SigV4Authorization(const SigV4Credentials& credentials,
                               const SigV4Request& request,
                               std::string_view amz_date) {
  return std::string(kAlgorithm) + " Credential=" + credentials.access_key +
         "/" + Scope(credentials, amz_date) +
         ", SignedHeaders=" + SigV4SignedHeaders(request) + ", Signature=" +
         Signature(credentials, SigV4CanonicalRequest(request), amz_date);
}

std::string SigV4PresignedQuery(const SigV4Credentials& credentials,
                                const SigV4Request& request, int64_t now_unix,
                                int expires_seconds) {
  std::string amz_date = SigV4AmzDate(now_unix);
  SigV4Request signed_request = request;
  signed_request.payload_hash = std::string(kSigV4UnsignedPayload);
  SigV4Params& query = signed_request.query;
  query.emplace_back("X-Amz-Algorithm", std::string(kAlgorithm));
  query.emplace_back("X-Amz-Credential", credentials.access_key + "/" +
                                             Scope(credentials, amz_date));
  query.emplace_back("X-Amz-Date", amz_date);
  query.emplace_back("X-Amz-Expires", std::to_string(expires_seconds));
  query.emplace_back("X-Amz-SignedHeaders", SigV4SignedHeaders(request));
  return SigV4CanonicalQuery(query) + "&X-Amz-Signature=" +
         Signature(credentials, SigV4CanonicalRequest(signed_request),
                   amz_date);
}

}  // namespace ap
