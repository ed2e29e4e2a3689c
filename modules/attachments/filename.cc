#include "modules/attachments/filename.h"

#include <cstdint>

#include "common/text/safe_text.h"

namespace ap::attachments {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Characters that must not reach a header's quoted name.
bool IsUnsafeAscii(int32_t cp) {
  return cp < 0x20 || cp >= 0x7F || cp == '"' || cp == '\\' || cp == '/' ||
         cp == '%' || cp == ';';
}

// RFC 5987 attr-char: sent as is; everything else is percent-encoded.
bool IsAttrChar(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '!' || c == '#' || c == '$' ||
         c == '&' || c == '+' || c == '-' || c == '.' || c == '^' || c == '_' ||
         c == '`' || c == '|' || c == '~';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Trim(std::string_view text) {
  size_t first = text.find_first_not_of(' ');
  if (first == text.npos) return "";
  size_t last = text.find_last_not_of(' ');
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace

std::string CleanFilename(std::string_view raw) {
  std::string out;
  size_t chars = 0;
  for (size_t pos = 0; pos < raw.size() && chars < kMaxFilenameChars;) {
    size_t start = pos;
    int32_t cp = NextCodePoint(raw, &pos);
    if (cp >= 0 && IsUnsafeCodePoint(cp)) continue;
    out += cp < 0 ? kReplacement : raw.substr(start, pos - start);
    ++chars;
  }
  out = Trim(out);
  return out.empty() ? "file" : out;
}

std::string ContentDisposition(std::string_view disposition,
                               std::string_view filename) {
  std::string name = CleanFilename(filename);
  // A leading dot would make a hidden file on Unix-like systems. Replaced
  // before both forms are built, so that they name the same file.
  if (name[0] == '.') name[0] = '_';
  std::string ascii;
  std::string encoded;
  for (size_t pos = 0; pos < name.size();) {
    size_t start = pos;
    int32_t cp = NextCodePoint(name, &pos);
    bool path = cp == '/' || cp == '\\';
    ascii += IsUnsafeAscii(cp) ? '_' : static_cast<char>(cp);
    std::string_view bytes =
        path ? std::string_view("_")
             : std::string_view(name).substr(start, pos - start);
    for (char ch : bytes) {
      auto c = static_cast<unsigned char>(ch);
      if (IsAttrChar(c)) {
        encoded += ch;
        continue;
      }
      static constexpr char kHex[] = "0123456789ABCDEF";
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return std::string(disposition) + "; filename=\"" + ascii +
         "\"; filename*=UTF-8''" + encoded;
}

std::string DecodeFormFilename(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '%' && i + 2 < name.size()) {
      std::string_view code = name.substr(i + 1, 2);
      char decoded = code == "22"                     ? '"'
                     : (code == "0D" || code == "0d") ? '\r'
                     : (code == "0A" || code == "0a") ? '\n'
                                                      : '\0';
      if (decoded != '\0') {
        out += decoded;
        i += 2;
        continue;
      }
    }
    out += name[i];
  }
  return out;
}

bool PercentDecode(std::string_view text, std::string* out) {
  out->clear();
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      *out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return false;
    int high = HexValue(text[i + 1]);
    int low = HexValue(text[i + 2]);
    if (high < 0 || low < 0) return false;
    *out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return true;
}

}  // namespace ap::attachments
