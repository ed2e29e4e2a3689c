// Reading a Request from a FastCGI request through cgicc.
#pragma once

#include <fcgiapp.h>

#include <cstddef>

#include "common/base/status.h"
#include "common/http/request.h"

namespace ap {

// Parses the parameters, cookies, query, body and form of `fcgi`. A body
// longer than `max_body_bytes` is not read: the result is 413. When nginx
// stored the body in a file (parameter REQUEST_BODY_FILE) only its path is
// kept, and the body is left for the handler to stream.
Result<Request> ReadFcgiRequest(FCGX_Request& fcgi, size_t max_body_bytes);

}  // namespace ap
