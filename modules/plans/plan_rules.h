// Pure rules of action plans: the allowed values, the status transitions,
// text and date checks. No database and no JSON, so all of it is unit
// tested directly.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ap::plans {

// Lengths count characters (Unicode code points), not bytes, so a Polish
// or emoji title gets the same limit as an English one.
inline constexpr size_t kMaxTitleChars = 200;
inline constexpr size_t kMaxAreaChars = 200;
inline constexpr size_t kMaxDescriptionChars = 20000;
inline constexpr size_t kMaxCommentChars = 20000;

// Tasks per plan: keeps GET /api/plans/{id} (which embeds them) bounded.
inline constexpr int kMaxTasksPerPlan = 500;

bool IsPlanStatus(std::string_view status);
bool IsPriority(std::string_view priority);
bool IsTaskStatus(std::string_view status);

// low=1 .. critical=4, the order of the ENUM in the schema; 0 if unknown.
int PriorityRank(std::string_view priority);

// The plan status matrix:
//   draft       -> open, cancelled
//   open        -> draft, in_progress, done, cancelled
//   in_progress -> open, done, cancelled
//   done        -> open        (reopen)
//   cancelled   -> open        (reopen)
// Staying in the same status is always allowed (a no-op).
bool IsAllowedTransition(std::string_view from, std::string_view to);

// A new plan starts as draft, open or in_progress; it cannot be created
// already done or cancelled.
bool IsInitialStatus(std::string_view status);

// Code points in `text`, which the JSON parser has already checked is
// valid UTF-8.
size_t Utf8Length(std::string_view text);

// True when `text` holds a control character or a bidi control (the rule
// of common/text/safe_text.h, shared with names everywhere). Line breaks
// and tabs count only when `multiline` is false.
bool HasControlChars(std::string_view text, bool multiline);

// True when `text` is only spaces, tabs and line breaks (or empty).
bool IsBlank(std::string_view text);

// "YYYY-MM-DD" naming a real calendar date in the years 1000-9999 (the
// range of a MariaDB DATE).
bool IsValidDate(std::string_view text);

// A DATETIME as MariaDB returns it ("2026-12-03 17:30:00.123", fraction
// optional) as ISO 8601 UTC with milliseconds: "2026-12-03T17:30:00.123Z".
std::string IsoTimestamp(std::string_view db_value);

// The text with '!', '%' and '_' escaped by '!', for LIKE ... ESCAPE '!'.
std::string EscapeLike(std::string_view text);

}  // namespace ap::plans
