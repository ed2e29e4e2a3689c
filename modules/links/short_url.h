// Where short URLs point: "<base>/s/<code>".
//
// Configuration key `links.base_url` (default: `public_url`) is the scheme
// and host printed in short URLs and QR codes, e.g. "https://ap.example" or
// a dedicated short domain "https://go.example". A short domain only
// forwards /s/ to the app's own host (see the nginx notes of the links
// module), where the session cookie lives and the code is resolved.
#pragma once

#include <string>
#include <string_view>

#include "common/base/status.h"
#include "common/config/config.h"

namespace ap::links {

// links.base_url, else public_url, without a trailing '/'.
std::string ShortLinkBase(const Config& config);

// OK for "https://host[:port]" (http only for 127.0.0.1 and localhost):
// no path, query, user info or fragment, so "/s/" can be appended.
Status ValidateBaseUrl(std::string_view base);

std::string ShortUrl(std::string_view base, std::string_view code);

}  // namespace ap::links
