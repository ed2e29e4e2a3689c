// Which targets a short link may point at: pages of this app only.
//
// A target is a path on our own host, optionally with a query and a
// fragment ("/plans/17", "/plans?status=open"). The resolver answers with
// the target as a relative Location, so anything a browser could read as
// another host, another scheme or script is refused here, and checked again
// before every redirect.
#pragma once

#include <cstddef>
#include <string_view>

#include "common/base/status.h"

namespace ap::links {

inline constexpr size_t kMaxTargetLength = 2000;

// OK, or 400 "invalid_target" with a sentence saying what is wrong.
Status ValidateTarget(std::string_view target);

}  // namespace ap::links
