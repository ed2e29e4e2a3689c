#include "modules/plans/plan_rules.h"

#include <array>

#include "common/text/safe_text.h"

namespace ap::plans {
namespace {

constexpr std::array<std::string_view, 5> kPlanStatuses = {
    "draft", "open", "in_progress", "done", "cancelled"};
constexpr std::array<std::string_view, 4> kPriorities = {"low", "medium",
                                                         "high", "critical"};
constexpr std::array<std::string_view, 3> kTaskStatuses = {"todo", "doing",
                                                           "done"};

template <size_t N>
bool OneOf(const std::array<std::string_view, N>& values,
           std::string_view value) {
  for (std::string_view v : values) {
    if (v == value) return true;
  }
  return false;
}

struct Transition {
  std::string_view from;
  std::string_view to;
};

constexpr Transition kTransitions[] = {
    {"draft", "open"},
    {"draft", "cancelled"},
    {"open", "draft"},
    {"open", "in_progress"},
    {"open", "done"},
    {"open", "cancelled"},
    {"in_progress", "open"},
    {"in_progress", "done"},
    {"in_progress", "cancelled"},
    {"done", "open"},
    {"cancelled", "open"},
};

bool IsDigits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return !text.empty();
}

int ToInt(std::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

bool IsPlanStatus(std::string_view status) {
  return OneOf(kPlanStatuses, status);
}

bool IsPriority(std::string_view priority) {
  return OneOf(kPriorities, priority);
}

bool IsTaskStatus(std::string_view status) {
  return OneOf(kTaskStatuses, status);
}

int PriorityRank(std::string_view priority) {
  for (size_t i = 0; i < kPriorities.size(); ++i) {
    if (kPriorities[i] == priority) return static_cast<int>(i) + 1;
  }
  return 0;
}

bool IsAllowedTransition(std::string_view from, std::string_view to) {
  if (!IsPlanStatus(from) || !IsPlanStatus(to)) return false;
  if (from == to) return true;
  for (const Transition& t : kTransitions) {
    if (t.from == from && t.to == to) return true;
  }
  return false;
}

bool IsInitialStatus(std::string_view status) {
  return status == "draft" || status == "open" || status == "in_progress";
}

size_t Utf8Length(std::string_view text) {
  size_t n = 0;
  for (char c : text) {
    // Count every byte that does not continue a sequence (10xxxxxx).
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

bool HasControlChars(std::string_view text, bool multiline) {
  return HasUnsafeCharacters(text, multiline);
}

bool IsBlank(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

bool IsValidDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  std::string_view y = text.substr(0, 4);
  std::string_view m = text.substr(5, 2);
  std::string_view d = text.substr(8, 2);
  if (!IsDigits(y) || !IsDigits(m) || !IsDigits(d)) return false;

  int year = ToInt(y);
  int month = ToInt(m);
  int day = ToInt(d);
  if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
  return day <= DaysInMonth(year, month);
}

std::string IsoTimestamp(std::string_view db_value) {
  // "YYYY-MM-DD HH:MM:SS" is 19 characters; anything after is ".fff...".
  if (db_value.size() < 19) return std::string(db_value);
  std::string out(db_value.substr(0, 19));
  out[10] = 'T';
  std::string fraction = "000";
  if (db_value.size() > 20 && db_value[19] == '.') {
    std::string_view digits = db_value.substr(20, 3);
    fraction.replace(0, digits.size(), digits);
  }
  return out + "." + fraction + "Z";
}

std::string EscapeLike(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '!' || c == '%' || c == '_') out += '!';
    out += c;
  }
  return out;
}

}  // namespace ap::plans
