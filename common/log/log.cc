#include "common/log/log.h"

#include <unistd.h>

#include <chrono>
#include <ctime>
#include <string>

namespace ap {
namespace {

std::string g_program = "ap";
LogLevel g_min_level = LogLevel::kInfo;

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "DEBUG";
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kWarn:
      return "WARN";
    case LogLevel::kError:
      return "ERROR";
  }
  return "?";
}

}  // namespace

void InitLog(std::string_view program, LogLevel min_level) {
  g_program = std::string(program);
  g_min_level = min_level;
}

std::string NowIso8601Millis() {
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                    now.time_since_epoch()) %
                1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[40];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ",
                static_cast<int>(millis.count()));
  return buf;
}

void Log(LogLevel level, std::string_view message) {
  if (level < g_min_level) return;

  std::string line = NowIso8601Millis();
  line += ' ';
  line += LevelName(level);
  line += ' ';
  line += g_program;
  line += ": ";
  for (char c : message) {
    // Keep one event on one line whatever the message holds.
    line += (c == '\n' || c == '\r') ? ' ' : c;
  }
  line += '\n';

  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace ap
