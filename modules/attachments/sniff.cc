#include "modules/attachments/sniff.h"

#include <array>
#include <cctype>
#include <utility>

namespace ap::attachments {
namespace {

constexpr std::string_view kOctetStream = "application/octet-stream";

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// Formats recognised by their first bytes alone.
std::string_view SniffMagic(std::string_view head) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 10>
      kMagic = {{
          {"\x89PNG\r\n\x1a\n", "image/png"},
          {"\xFF\xD8\xFF", "image/jpeg"},
          {"GIF87a", "image/gif"},
          {"GIF89a", "image/gif"},
          {"%PDF-", "application/pdf"},
          {"MZ", "application/x-msdownload"},
          {"\x7F"
           "ELF",
           "application/x-executable"},
          {"\xCF\xFA\xED\xFE", "application/x-mach-binary"},
          {"\xCE\xFA\xED\xFE", "application/x-mach-binary"},
          {"\xCA\xFE\xBA\xBE", "application/x-mach-binary"},
      }};
  for (const auto& [magic, type] : kMagic) {
    if (StartsWith(head, magic)) return type;
  }
  if (head.size() >= 12 && StartsWith(head, "RIFF") &&
      head.substr(8, 4) == "WEBP") {
    return "image/webp";
  }
  return "";
}

// ZIP holds docx, xlsx, pptx and the OpenDocument formats, but also
// archives of anything: only a document extension makes it a document.
std::string_view ZipDocumentType(std::string_view ext) {
  if (ext == "docx") {
    return "application/vnd.openxmlformats-officedocument."
           "wordprocessingml.document";
  }
  if (ext == "xlsx") {
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  }
  if (ext == "pptx") {
    return "application/vnd.openxmlformats-officedocument."
           "presentationml.presentation";
  }
  if (ext == "odt") return "application/vnd.oasis.opendocument.text";
  if (ext == "ods") return "application/vnd.oasis.opendocument.spreadsheet";
  if (ext == "odp") return "application/vnd.oasis.opendocument.presentation";
  return "application/zip";
}

// OLE compound files are legacy Office documents, but also installers
// (.msi): again the extension decides.
std::string_view OleDocumentType(std::string_view ext) {
  if (ext == "doc") return "application/msword";
  if (ext == "xls") return "application/vnd.ms-excel";
  if (ext == "ppt") return "application/vnd.ms-powerpoint";
  return "application/x-ole-storage";
}

// Text a browser would run or render as a page if it ever got the chance.
std::string_view SniffActiveText(std::string_view head, std::string_view ext) {
  if (StartsWith(head, "\xEF\xBB\xBF")) head.remove_prefix(3);
  size_t start = head.find_first_not_of(" \t\r\n\f");
  std::string text = Lower(head.substr(start == head.npos ? 0 : start));
  if (text.find("<svg") != text.npos || ext == "svg" || ext == "svgz") {
    return "image/svg+xml";
  }
  if (StartsWith(text, "<") || ext == "html" || ext == "htm" ||
      ext == "xhtml" || ext == "xml" || ext == "xsl" || ext == "hta") {
    return "text/html";
  }
  static constexpr std::array<std::string_view, 9> kScriptExt = {
      "js", "mjs", "vbs", "bat", "cmd", "ps1", "sh", "php", "py"};
  for (std::string_view s : kScriptExt) {
    if (ext == s) return "text/x-script";
  }
  if (StartsWith(text, "#!")) return "text/x-script";
  return "";
}

}  // namespace

std::string ExtensionOf(std::string_view filename) {
  size_t dot = filename.rfind('.');
  size_t slash = filename.find_last_of("/\\");
  if (dot == filename.npos || (slash != filename.npos && dot < slash)) {
    return "";
  }
  return Lower(filename.substr(dot + 1));
}

std::string SniffContentType(std::string_view head, std::string_view filename,
                             bool utf8_text) {
  std::string ext = ExtensionOf(filename);
  std::string_view magic = SniffMagic(head);
  if (!magic.empty()) return std::string(magic);
  if (StartsWith(head, "PK\x03\x04")) return std::string(ZipDocumentType(ext));
  if (StartsWith(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
    return std::string(OleDocumentType(ext));
  }
  if (!utf8_text) return std::string(kOctetStream);

  std::string_view active = SniffActiveText(head, ext);
  if (!active.empty()) return std::string(active);
  return ext == "csv" ? "text/csv" : "text/plain";
}

std::string DefaultAllowedTypes() {
  return "image/png,image/jpeg,image/gif,image/webp,application/pdf,"
         "text/plain,text/csv,"
         "application/vnd.openxmlformats-officedocument.wordprocessingml."
         "document,"
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
         "application/vnd.openxmlformats-officedocument.presentationml."
         "presentation,"
         "application/vnd.oasis.opendocument.text,"
         "application/vnd.oasis.opendocument.spreadsheet,"
         "application/vnd.oasis.opendocument.presentation,"
         "application/msword,application/vnd.ms-excel,"
         "application/vnd.ms-powerpoint";
}

std::set<std::string> ParseTypeList(std::string_view list) {
  std::set<std::string> types;
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    list = comma == list.npos ? std::string_view() : list.substr(comma + 1);
    size_t first = item.find_first_not_of(" \t");
    if (first == item.npos) continue;
    size_t last = item.find_last_not_of(" \t");
    types.insert(Lower(item.substr(first, last - first + 1)));
  }
  return types;
}

bool IsInlineSafe(std::string_view content_type) {
  return content_type == "image/png" || content_type == "image/jpeg" ||
         content_type == "image/gif" || content_type == "image/webp";
}

void TextValidator::Feed(std::string_view bytes) {
  for (char ch : bytes) {
    if (!ok_) return;
    auto c = static_cast<unsigned char>(ch);
    if (pending_ > 0) {
      ok_ = c >= low_ && c <= high_;
      low_ = 0x80;
      high_ = 0xBF;
      --pending_;
      continue;
    }
    if (c == 0) {
      ok_ = false;
    } else if (c < 0x80) {
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      pending_ = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      pending_ = 2;
      if (c == 0xE0) low_ = 0xA0;   // overlong
      if (c == 0xED) high_ = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      pending_ = 3;
      if (c == 0xF0) low_ = 0x90;   // overlong
      if (c == 0xF4) high_ = 0x8F;  // past U+10FFFF
    } else {
      ok_ = false;
    }
  }
}

}  // namespace ap::attachments
