#include "modules/links/timestamp.h"

#include <chrono>
#include <cstdio>

namespace ap::links {
namespace {

// Reads exactly `width` digits at `*pos`; -1 when they are not digits.
int Digits(std::string_view text, size_t* pos, size_t width) {
  if (*pos + width > text.size()) return -1;
  int value = 0;
  for (size_t i = 0; i < width; ++i) {
    char c = text[*pos + i];
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  *pos += width;
  return value;
}

bool Expect(std::string_view text, size_t* pos, char c) {
  if (*pos >= text.size() || (text[*pos] != c)) return false;
  ++*pos;
  return true;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Milliseconds from an optional ".digits" fraction; -1 when malformed.
int Fraction(std::string_view text, size_t* pos) {
  if (*pos >= text.size() || text[*pos] != '.') return 0;
  ++*pos;
  size_t start = *pos;
  int millis = 0;
  while (*pos < text.size() && text[*pos] >= '0' && text[*pos] <= '9') {
    if (*pos - start < 3) millis = millis * 10 + (text[*pos] - '0');
    ++*pos;
  }
  size_t n = *pos - start;
  if (n == 0 || n > 9) return -1;
  for (size_t i = n; i < 3; ++i) millis *= 10;
  return millis;
}

// "YYYY-MM-DD HH:MM:SS.mmm"; the buffer fits any int, so never truncates.
std::string FormatDb(int year, int month, int day, int hour, int minute,
                     int second, int millis) {
  char out[96];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d %02d:%02d:%02d.%03d", year,
                month, day, hour, minute, second, millis);
  return out;
}

}  // namespace

std::optional<std::string> ParseUtcTimestamp(std::string_view text) {
  size_t pos = 0;
  int year = Digits(text, &pos, 4);
  bool ok = Expect(text, &pos, '-');
  int month = Digits(text, &pos, 2);
  ok = ok && Expect(text, &pos, '-');
  int day = Digits(text, &pos, 2);
  ok = ok && Expect(text, &pos, 'T');
  int hour = Digits(text, &pos, 2);
  ok = ok && Expect(text, &pos, ':');
  int minute = Digits(text, &pos, 2);
  ok = ok && Expect(text, &pos, ':');
  int second = Digits(text, &pos, 2);
  int millis = ok ? Fraction(text, &pos) : -1;

  std::string_view zone = pos <= text.size() ? text.substr(pos) : "";
  if (!ok || millis < 0 || (zone != "Z" && zone != "+00:00")) {
    return std::nullopt;
  }
  if (year < 1970 || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month) || hour < 0 || hour > 23 || minute < 0 ||
      minute > 59 || second < 0 || second > 59) {
    return std::nullopt;
  }
  return FormatDb(year, month, day, hour, minute, second, millis);
}

std::string IsoFromDb(std::string_view db_text) {
  // Connector/C++ gives DATETIME(3) with six fraction digits, or none when
  // they are zero; the API always shows exactly milliseconds.
  std::string out(db_text.substr(0, 19));
  if (out.size() > 10 && out[10] == ' ') out[10] = 'T';
  std::string_view fraction =
      db_text.size() > 20 && db_text[19] == '.' ? db_text.substr(20) : "";
  std::string millis(fraction.substr(0, 3));
  millis.resize(3, '0');
  return out + "." + millis + "Z";
}

std::string DbNow() {
  using std::chrono::system_clock;
  auto now = system_clock::now();
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                    now.time_since_epoch())
                    .count() %
                1000;
  std::time_t seconds = system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return FormatDb(utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                  utc.tm_min, utc.tm_sec, static_cast<int>(millis));
}

}  // namespace ap::links
