// Logging: one line per event on stderr, which the stack sends to a file.
//
// Lines look like "2026-12-03T17:30:00.123Z INFO plans: message". Never log
// passwords, tokens, session ids, TOTP secrets or request bodies. Safe to
// call from any thread: each line is written with a single write(2).
#pragma once

#include <string>
#include <string_view>

namespace ap {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

// Sets the name written on every line (the module) and the lowest level.
void InitLog(std::string_view program, LogLevel min_level = LogLevel::kInfo);

void Log(LogLevel level, std::string_view message);

inline void LogDebug(std::string_view m) { Log(LogLevel::kDebug, m); }

inline void LogInfo(std::string_view m) { Log(LogLevel::kInfo, m); }

inline void LogWarn(std::string_view m) { Log(LogLevel::kWarn, m); }

inline void LogError(std::string_view m) { Log(LogLevel::kError, m); }

// Current UTC time as ISO 8601 with milliseconds, as used in the log.
std::string NowIso8601Millis();

}  // namespace ap
