// Timestamps between the API (ISO 8601 UTC) and MariaDB DATETIME(3) text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ap::links {

// "2026-12-31T23:59:59Z", with an optional fraction (kept to milliseconds)
// and "Z" or "+00:00", to "2026-12-31 23:59:59.000". Other offsets,
// impossible dates and anything else give nullopt.
std::optional<std::string> ParseUtcTimestamp(std::string_view text);

// "2026-12-31 23:59:59.123456" or "2026-12-31 23:59:59" (as Connector/C++
// returns DATETIME(3)) to "2026-12-31T23:59:59.123Z" and
// "2026-12-31T23:59:59.000Z".
std::string IsoFromDb(std::string_view db_text);

// The current UTC time in the DATETIME(3) text form.
std::string DbNow();

}  // namespace ap::links
