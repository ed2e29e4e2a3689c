// The download answer: the module checks who asks, then hands the transfer
// to nginx with X-Accel-Redirect to an internal location that fetches the
// object with a short-lived presigned URL. nginx streams the bytes; the
// module never holds them. nginx keeps Content-Type, Content-Disposition
// and Cache-Control of this answer (see nginx/snippets/attachments.conf).
#pragma once

#include <string>
#include <string_view>

#include "common/base/status.h"
#include "common/http/response.h"
#include "modules/attachments/attachment_store.h"

namespace ap::attachments {

// Sandbox for whatever a browser is made to open: no scripts, no plugins,
// no origin, nothing loaded.
inline constexpr std::string_view kDownloadCsp =
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline';"
    " sandbox; frame-ancestors 'none'";

// "https://host:9000/bucket/t/x?X-Amz-..." ->
// "<prefix>/https/host:9000/bucket/t/x?X-Amz-...". The query is kept as
// signed. 500 for a URL that is not absolute http(s).
Result<std::string> AccelRedirectFor(std::string_view presigned_url,
                                     std::string_view prefix);

// 200 with the redirect and the headers the browser must see. Inline only
// when asked and the type is a raster image; everything else is an
// attachment.
Response DownloadResponse(const Attachment& attachment,
                          const std::string& accel_redirect, bool want_inline);

}  // namespace ap::attachments
