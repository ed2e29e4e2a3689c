#include "common/storage/s3_xml.h"

#include <charconv>
#include <cstdint>
#include <utility>

namespace ap {
namespace {

constexpr int kMaxDepth = 32;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool IsNameChar(char c) {
  return !IsSpace(c) && c != '>' && c != '/' && c != '=' && c != '<' &&
         c != '"' && c != '\'' && c != '&';
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xc0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xe0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    *out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    *out += static_cast<char>(0xf0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    *out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

// "#13", "#x1F600": false for anything that is not a character XML allows
// to be referenced (S3 writes control characters in keys this way).
bool DecodeCharRef(std::string_view ref, std::string* out) {
  int base = 10;
  ref.remove_prefix(1);
  if (!ref.empty() && ref[0] == 'x') {
    base = 16;
    ref.remove_prefix(1);
  }
  if (ref.empty() || ref.size() > 8) return false;
  uint32_t cp = 0;
  for (char c : ref) {
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (base == 16 && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (base == 16 && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0) return false;
    cp = cp * static_cast<uint32_t>(base) + static_cast<uint32_t>(digit);
  }
  bool surrogate = cp >= 0xd800 && cp <= 0xdfff;
  if (cp == 0 || surrogate || cp > 0x10ffff) return false;
  AppendUtf8(cp, out);
  return true;
}

bool DecodeEntity(std::string_view entity, std::string* out) {
  static constexpr std::pair<std::string_view, char> kNamed[] = {
      {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
  for (const auto& [name, c] : kNamed) {
    if (entity == name) {
      *out += c;
      return true;
    }
  }
  return entity.starts_with('#') && DecodeCharRef(entity, out);
}

class XmlParser {
 public:
  explicit XmlParser(std::string_view text) : text_(text) {}

  Result<XmlElement> ParseDocument() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    AP_RETURN_IF_ERROR(SkipMisc());
    if (!Peek("<")) return Error("no root element");
    XmlElement root;
    AP_RETURN_IF_ERROR(ParseElement(0, &root));
    AP_RETURN_IF_ERROR(SkipMisc());
    if (pos_ != text_.size()) return Error("content after the root element");
    return root;
  }

 private:
  bool Peek(std::string_view token) const {
    return text_.substr(pos_, token.size()) == token;
  }

  Status Error(std::string_view what) const {
    return Internal("storage sent malformed XML: " + std::string(what) +
                    " at byte " + std::to_string(pos_));
  }

  // Moves past `end`, which must follow; false if it never does.
  bool SkipPast(std::string_view end) {
    size_t found = text_.find(end, pos_);
    if (found == std::string_view::npos) return false;
    pos_ = found + end.size();
    return true;
  }

  // Whitespace, comments and processing instructions around the root. A
  // DOCTYPE could declare entities we would then misread, so it is refused.
  Status SkipMisc() {
    for (;;) {
      while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
      if (Peek("<?")) {
        if (!SkipPast("?>"))
          return Error("unterminated processing instruction");
      } else if (Peek("<!--")) {
        if (!SkipPast("-->")) return Error("unterminated comment");
      } else if (Peek("<!")) {
        return Error("DOCTYPE not supported");
      } else {
        return Status::Ok();
      }
    }
  }

  std::string_view ParseName() {
    size_t start = pos_;
    while (pos_ < text_.size() && IsNameChar(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  static std::string LocalName(std::string_view name) {
    size_t colon = name.rfind(':');
    return std::string(
        colon == std::string_view::npos ? name : name.substr(colon + 1));
  }

  // Skips attributes up to '>' or "/>"; sets *empty for the latter.
  Status SkipAttributes(bool* empty) {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '"' || c == '\'') {
        ++pos_;
        if (!SkipPast(std::string_view(&c, 1)))
          return Error("unterminated attribute");
      } else if (c == '>') {
        ++pos_;
        *empty = false;
        return Status::Ok();
      } else if (Peek("/>")) {
        pos_ += 2;
        *empty = true;
        return Status::Ok();
      } else if (c == '<') {
        return Error("'<' inside a tag");
      } else {
        ++pos_;
      }
    }
    return Error("unterminated tag");
  }

  Status ParseElement(int depth, XmlElement* element) {
    if (depth >= kMaxDepth) return Error("elements nested too deeply");
    ++pos_;  // '<'
    std::string_view name = ParseName();
    if (name.empty()) return Error("element without a name");
    element->name = LocalName(name);
    bool empty = false;
    AP_RETURN_IF_ERROR(SkipAttributes(&empty));
    if (empty) return Status::Ok();
    AP_RETURN_IF_ERROR(ParseContent(depth, element));
    // ParseContent stopped at "</".
    pos_ += 2;
    if (ParseName() != name) return Error("mismatched end tag");
    while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
    if (!Peek(">")) return Error("malformed end tag");
    ++pos_;
    return Status::Ok();
  }

  // Text and children up to this element's end tag.
  Status ParseContent(int depth, XmlElement* element) {
    while (pos_ < text_.size()) {
      if (Peek("</")) return Status::Ok();
      if (Peek("<![CDATA[")) {
        size_t start = pos_ + 9;
        if (!SkipPast("]]>")) return Error("unterminated CDATA");
        element->text.append(text_.substr(start, pos_ - 3 - start));
      } else if (Peek("<!--")) {
        if (!SkipPast("-->")) return Error("unterminated comment");
      } else if (Peek("<?")) {
        if (!SkipPast("?>"))
          return Error("unterminated processing instruction");
      } else if (Peek("<!")) {
        return Error("declaration inside an element");
      } else if (Peek("<")) {
        element->children.emplace_back();
        AP_RETURN_IF_ERROR(ParseElement(depth + 1, &element->children.back()));
      } else {
        AP_RETURN_IF_ERROR(ParseText(&element->text));
      }
    }
    return Error("unterminated element");
  }

  Status ParseText(std::string* out) {
    while (pos_ < text_.size() && text_[pos_] != '<') {
      char c = text_[pos_];
      if (c != '&') {
        *out += c;
        ++pos_;
        continue;
      }
      size_t semicolon = text_.find(';', pos_);
      if (semicolon == std::string_view::npos || semicolon - pos_ > 12) {
        return Error("unterminated entity");
      }
      if (!DecodeEntity(text_.substr(pos_ + 1, semicolon - pos_ - 1), out)) {
        return Error("unknown entity");
      }
      pos_ = semicolon + 1;
    }
    return Status::Ok();
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

const XmlElement* XmlElement::Child(std::string_view child_name) const {
  for (const XmlElement& child : children) {
    if (child.name == child_name) return &child;
  }
  return nullptr;
}

std::string XmlElement::ChildText(std::string_view child_name) const {
  const XmlElement* child = Child(child_name);
  return child ? child->text : std::string();
}

Result<XmlElement> ParseXml(std::string_view document) {
  return XmlParser(document).ParseDocument();
}

namespace {

bool ParseDigits(std::string_view text, int64_t* value) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), *value);
  return ec == std::errc() && end == text.data() + text.size();
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's method).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// Fields at fixed offsets, in the order year, month, day, hour, minute,
// second; -1 if any is not a number or out of range.
int64_t UnixFromFields(std::string_view year, int64_t month,
                       std::string_view day, std::string_view hour,
                       std::string_view minute, std::string_view second) {
  int64_t y, d, h, mi, s;
  if (!ParseDigits(year, &y) || !ParseDigits(day, &d) ||
      !ParseDigits(hour, &h) || !ParseDigits(minute, &mi) ||
      !ParseDigits(second, &s)) {
    return -1;
  }
  if (month < 1 || month > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
      s > 60) {
    return -1;
  }
  return DaysFromCivil(y, month, d) * 86400 + h * 3600 + mi * 60 + s;
}

std::string StripQuotes(std::string text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    return text.substr(1, text.size() - 2);
  }
  return text;
}

Result<ObjectInfo> ParseContents(const XmlElement& contents) {
  ObjectInfo info;
  info.key = contents.ChildText("Key");
  if (info.key.empty()) {
    return Internal("storage listed an object without a key");
  }
  if (!ParseDigits(contents.ChildText("Size"), &info.size)) {
    return Internal("storage listed a bad size for " + info.key);
  }
  info.etag = StripQuotes(contents.ChildText("ETag"));
  info.last_modified = ParseIso8601Utc(contents.ChildText("LastModified"));
  if (info.last_modified < 0) info.last_modified = 0;
  return info;
}

}  // namespace

Result<S3ListPage> ParseListObjectsV2(std::string_view document) {
  Result<XmlElement> root = ParseXml(document);
  if (!root.ok()) return root.status();
  if (root->name != "ListBucketResult") {
    return Internal("storage answered a listing with <" + root->name + ">");
  }
  S3ListPage page;
  for (const XmlElement& child : root->children) {
    if (child.name != "Contents") continue;
    Result<ObjectInfo> info = ParseContents(child);
    if (!info.ok()) return info.status();
    page.objects.push_back(std::move(*info));
  }
  page.truncated = root->ChildText("IsTruncated") == "true";
  page.next_token = root->ChildText("NextContinuationToken");
  if (page.truncated && page.next_token.empty()) {
    return Internal("storage sent a truncated listing without a token");
  }
  return page;
}

std::string S3ErrorSummary(std::string_view document) {
  Result<XmlElement> root = ParseXml(document);
  if (!root.ok() || root->name != "Error") return "";
  std::string summary = root->ChildText("Code");
  std::string message = root->ChildText("Message");
  if (!message.empty()) summary += ": " + message;
  return summary;
}

int64_t ParseIso8601Utc(std::string_view text) {
  // 2009-10-12T17:50:30, then optional fraction, then Z.
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
      text[13] != ':' || text[16] != ':' || text.back() != 'Z') {
    return -1;
  }
  std::string_view rest = text.substr(19, text.size() - 20);
  if (!rest.empty()) {
    int64_t fraction;
    if (rest[0] != '.' || !ParseDigits(rest.substr(1), &fraction)) return -1;
  }
  int64_t month;
  if (!ParseDigits(text.substr(5, 2), &month)) return -1;
  return UnixFromFields(text.substr(0, 4), month, text.substr(8, 2),
                        text.substr(11, 2), text.substr(14, 2),
                        text.substr(17, 2));
}

int64_t ParseHttpDate(std::string_view text) {
  // Mon, 12 Oct 2009 17:50:30 GMT (RFC 9110 IMF-fixdate, the only form
  // S3 services send).
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr",
                                                 "May", "Jun", "Jul", "Aug",
                                                 "Sep", "Oct", "Nov", "Dec"};
  if (text.size() != 29 || text.substr(3, 2) != ", " || text[7] != ' ' ||
      text[11] != ' ' || text[16] != ' ' || text[19] != ':' ||
      text[22] != ':' || text.substr(25) != " GMT") {
    return -1;
  }
  int64_t month = 0;
  for (int64_t i = 0; i < 12; ++i) {
    if (text.substr(8, 3) == kMonths[i]) month = i + 1;
  }
  return UnixFromFields(text.substr(12, 4), month, text.substr(5, 2),
                        text.substr(17, 2), text.substr(20, 2),
                        text.substr(23, 2));
}

}  // namespace ap
