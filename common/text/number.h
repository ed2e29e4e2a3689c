// Numbers as people and clients type them in query strings and on the
// command line. One strict rule for every list parameter, so that a typo
// is refused instead of silently becoming a default.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ap {

// A positive decimal: digits only, no sign, no leading zero, no spaces, at
// most 18 digits (so it always fits). nullopt for anything else.
std::optional<int64_t> ParsePositiveDecimal(std::string_view text);

}  // namespace ap
