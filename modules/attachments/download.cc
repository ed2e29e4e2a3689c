#include "modules/attachments/download.h"

#include "modules/attachments/filename.h"
#include "modules/attachments/sniff.h"

namespace ap::attachments {

Result<std::string> AccelRedirectFor(std::string_view presigned_url,
                                     std::string_view prefix) {
  size_t sep = presigned_url.find("://");
  std::string_view scheme = presigned_url.substr(0, sep);
  if (sep == presigned_url.npos || (scheme != "http" && scheme != "https")) {
    return Internal("presigned URL is not http(s)");
  }
  std::string_view rest = presigned_url.substr(sep + 3);
  size_t slash = rest.find('/');
  if (slash == 0 || slash == rest.npos) {
    return Internal("presigned URL has no host or path");
  }
  return std::string(prefix) + "/" + std::string(scheme) + "/" +
         std::string(rest);
}

SigV4Params ResponseOverrides(const Attachment& attachment, bool want_inline) {
  bool show_inline = want_inline && IsInlineSafe(attachment.content_type);
  return {{"response-content-type", attachment.content_type},
          {"response-content-disposition",
           ContentDisposition(show_inline ? "inline" : "attachment",
                              attachment.filename)}};
}

Response DownloadResponse(const std::string& accel_redirect) {
  Response r;
  r.status = 200;
  r.AddHeader("X-Content-Type-Options", "nosniff");
  r.AddHeader("Content-Security-Policy", std::string(kDownloadCsp));
  r.AddHeader("Cache-Control", "private, no-store");
  r.AddHeader("X-Accel-Redirect", accel_redirect);
  return r;
}

}  // namespace ap::attachments
