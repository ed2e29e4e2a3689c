// A small outbound HTTP client: GET a URL or POST a form, read the answer.
// For calls to outside services that answer quickly (the reCAPTCHA verify
// service, OpenID Connect providers), not for bulk data.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/base/status.h"

namespace ap {

struct HttpAnswer {
  long status = 0;
  std::string body;  // at most 64 KiB are kept
};

using FormFields = std::vector<std::pair<std::string, std::string>>;

// "a=1&b=x%20y": every byte but unreserved characters percent-encoded.
std::string FormEncode(const FormFields& fields);

// POSTs application/x-www-form-urlencoded to an http(s) URL, following no
// redirects, verifying TLS. A transport failure (no connection, timeout,
// TLS) is kUnavailable with libcurl's message; any HTTP status is an answer.
Result<HttpAnswer> PostForm(const std::string& url, const FormFields& fields,
                            long timeout_seconds);

// GETs an http(s) URL (a discovery document, a key set) the same way.
Result<HttpAnswer> GetUrl(const std::string& url, long timeout_seconds);

// curl_global_init once per process; called by PostForm, and by modules
// before their threads start.
void InitCurlGlobal();

}  // namespace ap
