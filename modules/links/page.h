// The paging parameters of GET /api/links.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/base/status.h"

namespace ap::links {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 100;

struct Page {
  int limit = kDefaultPageSize;
  int64_t before_id = 0;  // 0: from the newest link
};

// `limit` (1 to 100, default 50) and `cursor` (the next_cursor of the
// previous page) as sent; "" means absent. 400 "invalid_limit" or
// "invalid_cursor" for anything else.
Result<Page> ParsePage(std::string_view limit, std::string_view cursor);

}  // namespace ap::links
