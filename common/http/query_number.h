// A positive number from a request's query string, refused rather than
// clamped or ignored when it is malformed: a client that asked for
// something else must be told, not answered with a different page.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/base/status.h"
#include "common/http/request.h"

namespace ap {

// When the query holds `name` (even empty), its value must be a positive
// decimal (common/text/number.h) of at most `max`; it is stored in *value.
// Otherwise 400 with `error` and `message`, and *value is untouched. An
// absent `name` leaves *value (the default) as it is.
Status ReadQueryNumber(const Request& req, std::string_view name, int64_t max,
                       const std::string& error, const std::string& message,
                       int64_t* value);

}  // namespace ap
