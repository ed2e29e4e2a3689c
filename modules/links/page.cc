#include "modules/links/page.h"

#include "common/text/number.h"

namespace ap::links {
namespace {

// A positive decimal (the rule every list parameter follows), at most
// `max`.
bool ParsePositive(std::string_view text, int64_t max, int64_t* out) {
  std::optional<int64_t> value = ParsePositiveDecimal(text);
  if (!value || *value > max) return false;
  *out = *value;
  return true;
}

}  // namespace

Result<Page> ParsePage(std::string_view limit, std::string_view cursor) {
  Page page;
  int64_t value = 0;
  if (!limit.empty()) {
    if (!ParsePositive(limit, kMaxPageSize, &value)) {
      return BadRequest("invalid_limit", "limit must be from 1 to 100.");
    }
    page.limit = static_cast<int>(value);
  }
  if (!cursor.empty()) {
    if (!ParsePositive(cursor, INT64_MAX, &value)) {
      return BadRequest("invalid_cursor",
                        "cursor must be the next_cursor of a previous page.");
    }
    page.before_id = value;
  }
  return page;
}

}  // namespace ap::links
