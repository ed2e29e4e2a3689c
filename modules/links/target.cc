#include "modules/links/target.h"

#include <string>

namespace ap::links {
namespace {

// Each level of percent-decoding is checked again, so "%2f%2f" or
// "%252f%252f" cannot smuggle a second slash past the checks; deeper
// nesting than this is refused rather than followed.
constexpr int kMaxDecodeRounds = 3;

Status Refuse(std::string message) {
  return BadRequest("invalid_target", std::move(message));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

// RFC 3986's unreserved and reserved characters, and '%' for escapes:
// everything else (space, quotes, '<', '\\', bytes over 0x7f, ...) must be
// percent-encoded by the client.
bool IsUrlChar(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
      (c >= '0' && c <= '9')) {
    return true;
  }
  return std::string_view("-._~:/?#[]@!$&'()*+,;=%")
             .find(static_cast<char>(c)) != std::string_view::npos;
}

// Decodes every well-formed %XX once; a '%' not followed by two hex digits
// stays as it is (it can only appear here after an earlier round).
std::string PercentDecodeOnce(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
        HexValue(text[i + 2]) >= 0) {
      out +=
          static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

bool HasMalformedEscape(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') continue;
    if (i + 2 >= text.size() || HexValue(text[i + 1]) < 0 ||
        HexValue(text[i + 2]) < 0) {
      return true;
    }
  }
  return false;
}

bool ContainsNoCase(std::string_view text, std::string_view needle) {
  for (size_t i = 0; i + needle.size() <= text.size(); ++i) {
    bool same = true;
    for (size_t j = 0; j < needle.size() && same; ++j) {
      char c = text[i + j];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      same = c == needle[j];
    }
    if (same) return true;
  }
  return false;
}

Status CheckRawCharacters(std::string_view target) {
  for (char ch : target) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '\\') return Refuse("The target must not contain a backslash.");
    if (IsControl(c) || c == ' ') {
      return Refuse(
          "The target must not contain spaces or control "
          "characters.");
    }
    if (!IsUrlChar(c)) {
      return Refuse(
          "The target contains a character that must be "
          "percent-encoded.");
    }
  }
  if (HasMalformedEscape(target)) {
    return Refuse("The target has a malformed percent escape.");
  }
  return Status::Ok();
}

bool HasDotSegment(std::string_view path) {
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment == "." || segment == "..") return true;
    start = end + 1;
  }
  return false;
}

bool IsShortLinkPath(std::string_view path) {
  return (path.size() == 2 || (path.size() > 2 && path[2] == '/')) &&
         path[0] == '/' && (path[1] == 's' || path[1] == 'S');
}

// The path part, after `round` levels of decoding: it decides where the
// browser and nginx go, so it must stay a plain path on this host.
Status CheckPath(std::string_view path) {
  if (path.size() >= 2 && path[0] == '/' && path[1] == '/') {
    return Refuse(
        "The target must be a path on this site, not another "
        "host.");
  }
  if (path.empty() || path[0] != '/') {
    return Refuse("The target must be a path on this site.");
  }
  if (HasDotSegment(path)) {
    return Refuse("The target must not contain '.' or '..' segments.");
  }
  if (IsShortLinkPath(path)) {
    return Refuse("A short link cannot point at another short link.");
  }
  return Status::Ok();
}

// What must not appear anywhere, at any level of decoding.
Status CheckAnywhere(std::string_view text) {
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '\\') return Refuse("The target must not contain a backslash.");
    if (IsControl(c)) {
      return Refuse("The target must not contain control characters.");
    }
  }
  if (ContainsNoCase(text, "javascript:") ||
      ContainsNoCase(text, "vbscript:")) {
    return Refuse("The target must not contain a script URL.");
  }
  return Status::Ok();
}

}  // namespace

Status ValidateTarget(std::string_view target) {
  if (target.empty()) return Refuse("The target is empty.");
  if (target.size() > kMaxTargetLength) {
    return Refuse("The target is longer than 2000 characters.");
  }
  if (target[0] != '/') {
    return Refuse(
        "The target must be a path on this site starting with "
        "'/'.");
  }
  AP_RETURN_IF_ERROR(CheckRawCharacters(target));

  std::string path(target.substr(0, target.find_first_of("?#")));
  std::string whole(target);
  for (int round = 0;; ++round) {
    AP_RETURN_IF_ERROR(CheckPath(path));
    AP_RETURN_IF_ERROR(CheckAnywhere(whole));

    std::string decoded = PercentDecodeOnce(whole);
    if (decoded == whole) return Status::Ok();
    if (round == kMaxDecodeRounds) {
      return Refuse("The target is percent-encoded too many times.");
    }
    whole = std::move(decoded);
    path = PercentDecodeOnce(path);
  }
}

}  // namespace ap::links
