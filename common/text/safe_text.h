// Checks of user-written text (names, titles, file names) for characters
// that must never reach a stored name: they break one-line displays and
// logs (controls, line breaks) or make text read differently from what it
// holds (bidi overrides can show "gpj.exe" as "exe.jpg"). Shared by every
// module and the admin command line, so one rule holds everywhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ap {

// Decodes the UTF-8 sequence at text[*pos] and advances *pos past it.
// Returns -1 (and skips one byte) for anything that is not a valid,
// shortest encoding of a code point outside the surrogates.
int32_t NextCodePoint(std::string_view text, size_t* pos);

// C0 and C1 controls (line breaks and tabs included), DEL, the Unicode
// line and paragraph separators U+2028/U+2029, the bidi embeddings,
// overrides and isolates (U+202A-U+202E, U+2066-U+2069), the direction
// marks U+200E/U+200F and the byte order mark U+FEFF.
bool IsUnsafeCodePoint(int32_t cp);

// True when `text` is not valid UTF-8 or holds an unsafe code point. With
// `allow_line_breaks`, '\n', '\r', '\t', U+2028 and U+2029 are fine
// (multi-line fields).
bool HasUnsafeCharacters(std::string_view text, bool allow_line_breaks);

}  // namespace ap
