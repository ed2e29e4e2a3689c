#include "modules/links/short_url.h"

namespace ap::links {
namespace {

Status BadBase(std::string why) {
  return Status(Code::kInternal, "bad_config", "links.base_url " + why);
}

bool IsHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ':' ||
         c == '[' || c == ']';
}

}  // namespace

std::string ShortLinkBase(const Config& config) {
  std::string base = config.GetString("links.base_url");
  if (base.empty()) base = config.GetString("public_url");
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

Status ValidateBaseUrl(std::string_view base) {
  std::string_view host;
  if (base.rfind("https://", 0) == 0) {
    host = base.substr(8);
  } else if (base.rfind("http://", 0) == 0) {
    host = base.substr(7);
    std::string_view name = host.substr(0, host.find(':'));
    if (name != "127.0.0.1" && name != "localhost") {
      return BadBase("must use https:// (got " + std::string(base) + ")");
    }
  } else {
    return BadBase("must start with https:// (got " + std::string(base) + ")");
  }
  if (host.empty()) return BadBase("names no host");
  for (char c : host) {
    if (!IsHostChar(c)) {
      return BadBase(
          "must be a scheme and host only, without path, "
          "query or user (got " +
          std::string(base) + ")");
    }
  }
  return Status::Ok();
}

std::string ShortUrl(std::string_view base, std::string_view code) {
  std::string url(base);
  url += "/s/";
  url += code;
  return url;
}

}  // namespace ap::links
