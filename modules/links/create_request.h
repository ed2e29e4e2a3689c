// The body of POST /api/links, checked: what a link may be made of.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/base/status.h"
#include "common/http/json.h"

namespace ap::links {

inline constexpr int64_t kMaxVisitsLimit = 1'000'000'000;

struct CreateRequest {
  std::string target;
  std::optional<std::string> alias;
  std::optional<std::string> expires_at;  // DATETIME(3) text, UTC
  std::optional<int64_t> max_visits;
};

// {"target", "alias"?, "expires_at"?, "max_visits"?}; null means absent.
// Only admins may choose an alias (403 otherwise). `now` is the current
// time in DATETIME(3) text: an expiry must lie after it.
Result<CreateRequest> ParseCreateRequest(const Json& body, bool is_admin,
                                         std::string_view now);

}  // namespace ap::links
