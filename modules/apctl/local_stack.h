// Whether a configuration is the local stack's (every address on this
// machine), for what must never run on an installation others reach.
#pragma once

#include <string_view>

namespace ap::apctl {

// True when `url` ("https://127.0.0.1:8443/") names a loopback host:
// localhost, 127.0.0.0/8 or [::1]. False for anything else, including a
// malformed or empty URL.
bool IsLoopbackUrl(std::string_view url);

}  // namespace ap::apctl
