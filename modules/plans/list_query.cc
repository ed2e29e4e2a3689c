#include "modules/plans/list_query.h"

#include <cstdlib>

#include "common/crypto/hash.h"
#include "common/text/number.h"
#include "modules/plans/plan_rules.h"

namespace ap::plans {
namespace {

constexpr size_t kMaxTextFilter = 200;

Status InvalidFilter(const std::string& message) {
  return BadRequest("invalid_filter", message);
}

// The last value of a parameter, so "?a=1&a=2" means what a reader of the
// URL expects; "" when absent.
std::string Last(const QueryMap& query, std::string_view name) {
  auto [begin, end] = query.equal_range(name);
  std::string value;
  for (auto it = begin; it != end; ++it) value = it->second;
  return value;
}

bool Has(const QueryMap& query, std::string_view name) {
  return query.find(name) != query.end();
}

std::vector<std::string> SplitComma(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

Status ParseSort(const std::string& text, ListQuery* q) {
  if (text.empty()) return Status::Ok();
  std::string_view name = text;
  q->descending = name.front() == '-';
  if (q->descending) name.remove_prefix(1);
  if (name == "updated") {
    q->sort = SortField::kUpdated;
  } else if (name == "due_date") {
    q->sort = SortField::kDueDate;
  } else if (name == "priority") {
    q->sort = SortField::kPriority;
  } else {
    return BadRequest("invalid_sort",
                      "sort must be updated, due_date or priority, "
                      "optionally prefixed with '-'.");
  }
  return Status::Ok();
}

Status ParseLimit(const QueryMap& query, ListQuery* q) {
  if (!Has(query, "limit")) return Status::Ok();
  std::optional<int64_t> n = ParseId(Last(query, "limit"));
  if (!n || *n > kMaxLimit) {
    return BadRequest("invalid_limit", "limit must be between 1 and 100.");
  }
  q->limit = static_cast<int>(*n);
  return Status::Ok();
}

Status ParseStatuses(const QueryMap& query, ListQuery* q) {
  if (!Has(query, "status")) return Status::Ok();
  for (const std::string& s : SplitComma(Last(query, "status"))) {
    if (!IsPlanStatus(s)) {
      return InvalidFilter(
          "status must be a comma-separated list of draft, open, "
          "in_progress, done, cancelled.");
    }
    q->statuses.push_back(s);
  }
  return Status::Ok();
}

Status ParseOwner(const QueryMap& query, int64_t me, ListQuery* q) {
  if (!Has(query, "owner")) return Status::Ok();
  std::string owner = Last(query, "owner");
  if (owner == "me") {
    q->owner_id = me;
    return Status::Ok();
  }
  q->owner_id = ParseId(owner);
  if (!q->owner_id) return InvalidFilter("owner must be a user id or 'me'.");
  return Status::Ok();
}

Status ParseFlags(const QueryMap& query, ListQuery* q) {
  for (const char* name : {"overdue", "deleted"}) {
    if (!Has(query, name)) continue;
    std::string value = Last(query, name);
    if (value != "0" && value != "1") {
      return InvalidFilter(std::string(name) + " must be 0 or 1.");
    }
    bool on = value == "1";
    (std::string_view(name) == "overdue" ? q->overdue : q->deleted) = on;
  }
  return Status::Ok();
}

Status ParseTexts(const QueryMap& query, ListQuery* q) {
  if (Has(query, "area")) q->area = Last(query, "area");
  q->text = Last(query, "q");
  bool too_long = Utf8Length(q->text) > kMaxTextFilter ||
                  (q->area && Utf8Length(*q->area) > kMaxAreaChars);
  if (too_long) return InvalidFilter("q and area are at most 200 characters.");
  return Status::Ok();
}

// A cursor key must look like what the sort's column holds, so a forged
// cursor cannot make the query compare against something odd.
bool IsValidKey(SortField sort, const std::string& key) {
  switch (sort) {
    case SortField::kUpdated:
      return key.size() >= 19 && key.size() <= 26 &&
             IsValidDate(std::string_view(key).substr(0, 10));
    case SortField::kDueDate:
      return IsValidDate(key);
    case SortField::kPriority:
      return key.size() == 1 && key[0] >= '1' && key[0] <= '4';
  }
  return false;
}

}  // namespace

std::optional<int64_t> ParseId(std::string_view text) {
  return ParsePositiveDecimal(text);
}

Result<ListQuery> ParseListQuery(const QueryMap& query, int64_t me) {
  ListQuery q;
  AP_RETURN_IF_ERROR(ParseSort(Last(query, "sort"), &q));
  AP_RETURN_IF_ERROR(ParseLimit(query, &q));
  AP_RETURN_IF_ERROR(ParseStatuses(query, &q));
  AP_RETURN_IF_ERROR(ParseOwner(query, me, &q));
  AP_RETURN_IF_ERROR(ParseFlags(query, &q));
  AP_RETURN_IF_ERROR(ParseTexts(query, &q));

  std::string cursor = Last(query, "cursor");
  if (!cursor.empty()) {
    q.after = DecodeCursor(q, cursor);
    if (!q.after) {
      return BadRequest("invalid_cursor",
                        "The cursor is not valid for this sort.");
    }
  }
  return q;
}

std::string SortName(const ListQuery& query) {
  std::string name = query.descending ? "-" : "";
  switch (query.sort) {
    case SortField::kUpdated:
      return name + "updated";
    case SortField::kDueDate:
      return name + "due_date";
    case SortField::kPriority:
      return name + "priority";
  }
  return name;
}

std::string EncodeCursor(const ListQuery& query, const Cursor& cursor) {
  return Base64UrlEncode(SortName(query) + "|" + cursor.key + "|" +
                         std::to_string(cursor.id));
}

std::optional<Cursor> DecodeCursor(const ListQuery& query,
                                   std::string_view text) {
  std::string raw;
  if (text.size() > 200 || !Base64UrlDecode(text, &raw)) return std::nullopt;
  size_t first = raw.find('|');
  size_t last = raw.rfind('|');
  if (first == std::string::npos || first == last) return std::nullopt;
  if (raw.substr(0, first) != SortName(query)) return std::nullopt;

  Cursor cursor;
  cursor.key = raw.substr(first + 1, last - first - 1);
  std::optional<int64_t> id = ParseId(std::string_view(raw).substr(last + 1));
  if (!id || !IsValidKey(query.sort, cursor.key)) return std::nullopt;
  cursor.id = *id;
  return cursor;
}

}  // namespace ap::plans
