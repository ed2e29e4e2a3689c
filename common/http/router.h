// Router: maps a method and a path pattern such as "/api/plans/{id}" to a
// handler and the access it requires. Built once at start-up, then only
// read, so it is safe to share across worker threads.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/http/response.h"

namespace ap {

class Context;

using Handler = std::function<Response(Context&)>;

using Params = std::map<std::string, std::string, std::less<>>;

// Which session a route accepts. Enforced by the dispatcher, so a module
// cannot forget it: a half-logged-in session reaches only kPending routes.
enum class Access {
  kPublic,   // anybody; a session is attached when one is presented
  kSession,  // a full session (the default for everything)
  kPending,  // any live session, also one waiting for the 2FA step
  kEnrol,    // a full session or one that may only enrol in 2FA
};

struct Route {
  std::string method;
  std::vector<std::string> segments;  // "{name}" segments capture
  Access access = Access::kSession;
  Handler handler;
  bool fallback = false;  // also matches any path below its segments
};

class Router {
 public:
  void Add(std::string method, std::string_view pattern, Access access,
           Handler handler);

  // Answers `method` on `prefix` (e.g. "/s") and every path below it that
  // no route of Add() matches, whichever was added first: a module that
  // owns a prefix can answer odd paths under it its own way instead of
  // with the generic JSON 404. No parameters are captured.
  void AddFallback(std::string method, std::string_view prefix, Access access,
                   Handler handler);

  struct Match {
    const Route* route = nullptr;
    Params params;
    bool path_known = false;  // some route has this path (405 vs 404)
  };

  Match Find(std::string_view method, std::string_view path) const;

 private:
  std::vector<Route> routes_;
  std::vector<Route> fallbacks_;
};

// Splits "/a/b/" into {"a", "b"}; empty segments are kept except the last.
std::vector<std::string_view> SplitPath(std::string_view path);

}  // namespace ap
