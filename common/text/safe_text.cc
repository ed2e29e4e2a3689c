#include "common/text/safe_text.h"

namespace ap {

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

bool IsUnsafeCodePoint(int32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
         (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
         cp == 0x200E || cp == 0x200F || cp == 0xFEFF;
}

bool HasUnsafeCharacters(std::string_view text, bool allow_line_breaks) {
  for (size_t pos = 0; pos < text.size();) {
    int32_t cp = NextCodePoint(text, &pos);
    if (cp < 0) return true;
    bool line =
        cp == '\n' || cp == '\r' || cp == '\t' || cp == 0x2028 || cp == 0x2029;
    if (IsUnsafeCodePoint(cp) && !(allow_line_breaks && line)) return true;
  }
  return false;
}

}  // namespace ap
