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

namespace {

// Whether the path fits `route`; fills `params` from its "{name}"
// segments. A fallback fits its own path and every path below it.
bool Fits(const Route& route, const std::vector<std::string_view>& parts,
          Params& params) {
  size_t count = route.segments.size();
  if (route.fallback ? parts.size() < count : parts.size() != count) {
    return false;
  }
  for (size_t i = 0; i < count; ++i) {
    const std::string& want = route.segments[i];
    if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
      if (parts[i].empty()) return false;
      params[want.substr(1, want.size() - 2)] = std::string(parts[i]);
    } else if (want != parts[i]) {
      return false;
    }
  }
  return true;
}

Route MakeRoute(std::string method, std::string_view pattern, Access access,
                Handler handler) {
  Route route;
  route.method = std::move(method);
  for (std::string_view segment : SplitPath(pattern)) {
    route.segments.emplace_back(segment);
  }
  route.access = access;
  route.handler = std::move(handler);
  return route;
}

// The first of `routes` that fits the path and the method, into `match`.
void FindIn(const std::vector<Route>& routes, std::string_view method,
            const std::vector<std::string_view>& parts, Router::Match& match) {
  for (const Route& route : routes) {
    Params params;
    if (!Fits(route, parts, params)) continue;

    match.path_known = true;
    bool head_as_get = method == "HEAD" && route.method == "GET";
    if (route.method == method || head_as_get) {
      match.route = &route;
      match.params = std::move(params);
      return;
    }
  }
}

}  // namespace

void Router::Add(std::string method, std::string_view pattern, Access access,
                 Handler handler) {
  routes_.push_back(
      MakeRoute(std::move(method), pattern, access, std::move(handler)));
}

void Router::AddFallback(std::string method, std::string_view prefix,
                         Access access, Handler handler) {
  Route route =
      MakeRoute(std::move(method), prefix, access, std::move(handler));
  route.fallback = true;
  fallbacks_.push_back(std::move(route));
}

Router::Match Router::Find(std::string_view method,
                           std::string_view path) const {
  Match match;
  std::vector<std::string_view> parts = SplitPath(path);
  FindIn(routes_, method, parts, match);
  // A path some route knows keeps its 405 for other methods.
  if (!match.path_known) FindIn(fallbacks_, method, parts, match);
  return match;
}

}  // namespace ap
