// Random identifiers for rows that are visible in URLs, where sequential
// ids would let one guess (and count) other tenants' records.
#pragma once

#include <string>
#include <string_view>

namespace ap {

// A random (version 4) UUID in lower-case canonical form,
// "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx". Thread-safe. Aborts if the
// operating system's entropy source fails: nothing secure can follow.
std::string NewUuid();

// True for a UUID of any version in lower-case canonical form: 36
// characters, hyphens at 8, 13, 18 and 23, lower-case hex elsewhere.
// Upper case is refused so that each id has one spelling (ids are
// compared as strings in SQL and caches).
bool IsUuid(std::string_view text);

}  // namespace ap
