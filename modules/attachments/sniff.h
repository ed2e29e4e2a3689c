// What an uploaded file is, judged from its bytes.
//
// The type a client claims is never trusted: a renamed program must not be
// stored as a photo. Magic numbers decide; the extension only chooses among
// document types that share one container (ZIP for docx/xlsx/odt, OLE for
// doc/xls) and between text/plain and text/csv. Pure functions.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>

namespace ap::attachments {

// How many leading bytes SniffContentType looks at.
inline constexpr size_t kSniffBytes = 4096;

// The media type of a file whose first bytes are `head` (up to kSniffBytes)
// and whose name is `filename`. `utf8_text` tells whether the whole file is
// valid UTF-8 without NUL bytes. Dangerous types get their real name
// ("application/x-msdownload", "text/html", "image/svg+xml") so that the
// allow-list refuses them by name; unknown binary data is
// "application/octet-stream".
std::string SniffContentType(std::string_view head, std::string_view filename,
                             bool utf8_text);

// The lower-case extension of a file name without the dot ("" if none).
std::string ExtensionOf(std::string_view filename);

// The default allow-list: images, PDF, office documents, text and CSV.
std::string DefaultAllowedTypes();

// "a, b,c" -> {"a", "b", "c"} (trimmed, lower-case, empty items dropped).
std::set<std::string> ParseTypeList(std::string_view list);

// Types a browser may show inline (raster images only: never HTML or SVG).
bool IsInlineSafe(std::string_view content_type);

// Feeds bytes in pieces and tells whether all of them together are valid
// UTF-8 (no overlongs, surrogates or code points past U+10FFFF) without
// NUL bytes.
class TextValidator {
 public:
  void Feed(std::string_view bytes);

  // True when everything fed was text and no sequence is left unfinished.
  bool Finish() const { return ok_ && pending_ == 0; }

 private:
  bool ok_ = true;
  int pending_ = 0;           // continuation bytes still expected
  unsigned char low_ = 0x80;  // bounds of the next continuation byte
  unsigned char high_ = 0xBF;
};

}  // namespace ap::attachments
