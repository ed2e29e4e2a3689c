// The download answer: the module checks who asks, then hands the transfer
// to nginx with X-Accel-Redirect to an internal location that fetches the
// object with a short-lived presigned URL. nginx streams the bytes; the
// module never holds them. The type and the Content-Disposition travel in
// the presigned URL (S3's response-* parameters), so the store sends them
// with the object and with nothing else: an error page never carries them.
#pragma once

#include <string>
#include <string_view>

#include "common/base/status.h"
#include "common/http/response.h"
#include "common/storage/sigv4.h"
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

// S3's response-content-type and response-content-disposition for the
// attachment: inline only when asked and the type is a raster image;
// everything else is an attachment.
SigV4Params ResponseOverrides(const Attachment& attachment, bool want_inline);

// 200 with the redirect. Of its headers nginx keeps only Cache-Control
// through the redirect; the others guard a misconfigured proxy that would
// pass this answer on as it is.
Response DownloadResponse(const std::string& accel_redirect);

}  // namespace ap::attachments
