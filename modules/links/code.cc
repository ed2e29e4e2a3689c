#include "modules/links/code.h"

#include <array>

#include "common/crypto/hash.h"

namespace ap::links {
namespace {

// Bytes at or over this are drawn again: 220 = 4 * 55, so every letter of
// the alphabet gets exactly four byte values.
constexpr unsigned kAcceptBelow =
    256 / kCodeAlphabet.size() * kCodeAlphabet.size();

// Words that name (or might one day name) a page, a prefix of the app or
// something an attacker could make look official.
constexpr std::array<std::string_view, 40> kReservedAliases = {
    "admin",  "api",       "app",      "assets",   "attachments", "auth",
    "css",    "dashboard", "docs",     "download", "favicon",     "files",
    "fonts",  "health",    "help",     "images",   "img",         "index",
    "js",     "link",      "links",    "login",    "logout",      "new",
    "oauth",  "org",       "password", "plans",    "qr",          "reset",
    "robots", "s",         "security", "settings", "signin",      "signup",
    "static", "support",   "tasks",    "users",
};

bool IsAliasChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

bool IsReserved(std::string_view alias) {
  for (std::string_view word : kReservedAliases) {
    if (alias == word) return true;
  }
  // "2fa" and anything that looks like a well-known path of a web server.
  return alias == "2fa" || alias.rfind("well-known", 0) == 0;
}

}  // namespace

std::string NewCode(const RandomSource& random) {
  std::string code;
  code.reserve(kCodeLength);
  while (code.size() < kCodeLength) {
    // A few spare bytes, so one call usually suffices despite rejections.
    for (char byte : random(kCodeLength + 4)) {
      auto value = static_cast<unsigned char>(byte);
      if (value >= kAcceptBelow) continue;
      code += kCodeAlphabet[value % kCodeAlphabet.size()];
      if (code.size() == kCodeLength) break;
    }
  }
  return code;
}

std::string NewCode() { return NewCode(RandomBytes); }

bool IsCodeSyntax(std::string_view code) {
  if (code.empty() || code.size() > kMaxAliasLength) return false;
  for (char c : code) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

Status ValidateAlias(std::string_view alias) {
  if (alias.size() < kMinAliasLength || alias.size() > kMaxAliasLength) {
    return BadRequest("invalid_alias", "An alias has 3 to 64 characters.");
  }
  for (char c : alias) {
    if (!IsAliasChar(c)) {
      return BadRequest("invalid_alias",
                        "An alias may only hold lower-case letters, digits "
                        "and '-'.");
    }
  }
  if (alias.front() == '-' || alias.back() == '-') {
    return BadRequest("invalid_alias",
                      "An alias starts and ends with a letter or digit.");
  }
  if (IsReserved(alias)) {
    return BadRequest("reserved_alias",
                      "This alias is reserved; please choose another.");
  }
  return Status::Ok();
}

}  // namespace ap::links
