// GET /api/plans: its query parameters, parsed and checked, and the
// opaque keyset cursor. Pure functions, unit tested without a database.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/status.h"

namespace ap::plans {

enum class SortField { kUpdated, kDueDate, kPriority };

// Where the previous page ended: the sort key of its last row and its id.
// Rows are ordered by (key, id), both in the sort's direction, so the next
// page starts strictly after this pair: no duplicates and no gaps, however
// many rows are added or removed before it.
struct Cursor {
  std::string key;
  int64_t id = 0;
};

struct ListQuery {
  SortField sort = SortField::kUpdated;
  bool descending = true;  // the default sort is "-updated"
  int limit = 20;
  std::vector<std::string> statuses;  // empty: any
  std::optional<int64_t> owner_id;    // "me" is resolved by the parser
  std::optional<std::string> area;
  bool overdue = false;
  std::string text;      // "" = no text filter
  bool deleted = false;  // the trash instead of live plans
  std::optional<Cursor> after;
};

inline constexpr int kDefaultLimit = 20;
inline constexpr int kMaxLimit = 100;

using QueryMap = std::multimap<std::string, std::string, std::less<>>;

// Parses ?status=&owner=&area=&overdue=&q=&sort=&limit=&cursor=&deleted=.
// `me` is the session user (for owner=me). Bad values are 400 with the
// error "invalid_filter", "invalid_sort", "invalid_limit" or
// "invalid_cursor". Whether the caller may see the trash is not decided
// here.
Result<ListQuery> ParseListQuery(const QueryMap& query, int64_t me);

// "updated", "-due_date", ...: the sort as it is named in the URL.
std::string SortName(const ListQuery& query);

// An opaque cursor that is valid only for the same sort.
std::string EncodeCursor(const ListQuery& query, const Cursor& cursor);

// The cursor, if `text` was made by EncodeCursor for this sort.
std::optional<Cursor> DecodeCursor(const ListQuery& query,
                                   std::string_view text);

// Parses a positive decimal integer that fits int64 (no sign, no leading
// zero); nullopt otherwise.
std::optional<int64_t> ParseId(std::string_view text);

}  // namespace ap::plans
