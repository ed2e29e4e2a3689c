#include "modules/attachments/filename.h"

#include <cstdint>

namespace ap::attachments {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Decodes one UTF-8 sequence at text[*pos]; advances *pos. Returns -1 (and
// skips one byte) for anything that is not a valid, shortest encoding.
int32_t NextCodePoint(std::string_view text, size_t* pos) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char c = byte(*pos);
  int length = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
  if (length == 0 || *pos + static_cast<size_t>(length) > text.size()) {
    ++*pos;
    return -1;
  }
  int32_t cp = length == 1 ? c : c & (0x3F >> (length - 1));
  for (int i = 1; i < length; ++i) {
    unsigned char cc = byte(*pos + static_cast<size_t>(i));
    if ((cc & 0xC0) != 0x80) {
      ++*pos;
      return -1;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  static constexpr int32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++*pos;
    return -1;
  }
  *pos += static_cast<size_t>(length);
  return cp;
}

bool IsDropped(int32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
         cp == 0x200E || cp == 0x200F || cp == 0xFEFF;
}

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
    if (cp >= 0 && IsDropped(cp)) continue;
    out += cp < 0 ? kReplacement : raw.substr(start, pos - start);
    ++chars;
  }
  out = Trim(out);
  return out.empty() ? "file" : out;
}

std::string ContentDisposition(std::string_view disposition,
                               std::string_view filename) {
  std::string name = CleanFilename(filename);
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
  // A leading dot would make a hidden file on Unix-like systems.
  if (!ascii.empty() && ascii[0] == '.') ascii[0] = '_';
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
