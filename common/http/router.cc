#include "common/http/router.h"

namespace ap {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (!path.empty()) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

void Router::Add(std::string method, std::string_view pattern, Access access,
                 Handler handler) {
  Route route;
  route.method = std::move(method);
  for (std::string_view segment : SplitPath(pattern)) {
    route.segments.emplace_back(segment);
  }
  route.access = access;
  route.handler = std::move(handler);
  routes_.push_back(std::move(route));
}

Router::Match Router::Find(std::string_view method,
                           std::string_view path) const {
  Match match;
  std::vector<std::string_view> parts = SplitPath(path);

  for (const Route& route : routes_) {
    if (route.segments.size() != parts.size()) continue;
    Params params;
    bool fits = true;
    for (size_t i = 0; i < parts.size() && fits; ++i) {
      const std::string& want = route.segments[i];
      if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
        fits = !parts[i].empty();
        params[want.substr(1, want.size() - 2)] = std::string(parts[i]);
      } else {
        fits = want == parts[i];
      }
    }
    if (!fits) continue;

    match.path_known = true;
    bool head_as_get = method == "HEAD" && route.method == "GET";
    if (route.method == method || head_as_get) {
      match.route = &route;
      match.params = std::move(params);
      return match;
    }
  }
  return match;
}

}  // namespace ap
