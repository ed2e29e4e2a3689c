// File names: kept as the user wrote them for display, made safe for HTTP
// headers on the way out.
//
// The stored name never names the object in storage (that key is a random
// UUID), so it only has to be harmless as text: control characters and
// bidirectional overrides (which can disguise "gpj.exe" as "exe.jpg") are
// dropped, broken UTF-8 is repaired and the length is capped. Pure
// functions.
#pragma once

#include <string>
#include <string_view>

namespace ap::attachments {

// Longest stored name in characters (the column is VARCHAR(255)).
inline constexpr size_t kMaxFilenameChars = 255;

// The name to store and show: valid UTF-8, without C0/C1 control
// characters, DEL or bidi controls, trimmed, at most kMaxFilenameChars
// characters. "file" when nothing is left.
std::string CleanFilename(std::string_view raw);

// A Content-Disposition value (RFC 6266) for `disposition` ("attachment" or
// "inline"): an ASCII-only quoted filename for old clients and the full
// name as filename*=UTF-8''... (RFC 5987). Neither form can hold a quote,
// backslash, slash, CR or LF.
std::string ContentDisposition(std::string_view disposition,
                               std::string_view filename);

// Decodes the %22, %0D and %0A escapes browsers use for '"', CR and LF in
// multipart file names (HTML's form encoding); other '%' stay as sent.
std::string DecodeFormFilename(std::string_view name);

// Decodes %XX escapes (the X-Filename header of raw uploads). False on a
// malformed escape.
bool PercentDecode(std::string_view text, std::string* out);

}  // namespace ap::attachments
