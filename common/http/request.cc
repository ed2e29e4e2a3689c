#include "common/http/request.h"

#include <algorithm>
#include <cctype>

namespace ap {
namespace {

template <typename Map>
std::string FirstOf(const Map& map, std::string_view key) {
  auto it = map.find(key);
  return it == map.end() ? std::string() : it->second;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string Request::Header(std::string_view name) const {
  return FirstOf(headers, name);
}

std::string Request::Query(std::string_view name) const {
  return FirstOf(query, name);
}

std::string Request::Cookie(std::string_view name) const {
  return FirstOf(cookies, name);
}

bool Request::HasQuery(std::string_view name) const {
  return query.find(name) != query.end();
}

bool Request::ChangesState() const {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

bool Request::HasContentType(std::string_view type) const {
  std::string_view media = content_type;
  media = media.substr(0, media.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  return media.size() == type.size() &&
         std::equal(media.begin(), media.end(), type.begin(),
                    [](char a, char b) {
                      return std::tolower(static_cast<unsigned char>(a)) ==
                             std::tolower(static_cast<unsigned char>(b));
                    });
}

std::string FormDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
               HexValue(text[i + 2]) >= 0) {
      out +=
          static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::multimap<std::string, std::string, std::less<>> ParseQueryString(
    std::string_view query) {
  std::multimap<std::string, std::string, std::less<>> out;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? "" : query.substr(amp + 1);
    if (pair.empty()) continue;

    size_t eq = pair.find('=');
    std::string key = FormDecode(pair.substr(0, eq));
    std::string value =
        eq == std::string_view::npos ? "" : FormDecode(pair.substr(eq + 1));
    out.emplace(std::move(key), std::move(value));
  }
  return out;
}

}  // namespace ap
