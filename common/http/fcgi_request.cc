#include "common/http/fcgi_request.h"

#include <cgicc/CgiEnvironment.h>
#include <cgicc/CgiInput.h>
#include <cgicc/Cgicc.h>

#include <cctype>
#include <cstdlib>
#include <stdexcept>

namespace ap {
namespace {

// Feeds cgicc from the FastCGI streams. When the body sits in a file the
// body is hidden from cgicc, which would otherwise wait for bytes nginx
// never sends.
class FcgiInput : public cgicc::CgiInput {
 public:
  FcgiInput(FCGX_Request& fcgi, bool hide_body)
      : fcgi_(fcgi), hide_body_(hide_body) {}

  size_t read(char* data, size_t length) override {
    if (hide_body_) return 0;
    int n = FCGX_GetStr(data, static_cast<int>(length), fcgi_.in);
    return n < 0 ? 0 : static_cast<size_t>(n);
  }

  std::string getenv(const char* name) override {
    std::string_view key = name;
    if (hide_body_ && (key == "CONTENT_LENGTH" || key == "CONTENT_TYPE")) {
      return key == "CONTENT_LENGTH" ? "0" : "";
    }
    const char* value = FCGX_GetParam(name, fcgi_.envp);
    return value == nullptr ? "" : value;
  }

 private:
  FCGX_Request& fcgi_;
  bool hide_body_;
};

std::string Param(FCGX_Request& fcgi, const char* name) {
  const char* value = FCGX_GetParam(name, fcgi.envp);
  return value == nullptr ? "" : value;
}

// HTTP_X_CSRF_TOKEN -> x-csrf-token
std::string HeaderName(std::string_view cgi_name) {
  std::string name;
  for (char c : cgi_name) {
    name +=
        c == '_'
            ? '-'
            : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return name;
}

void ReadHeaders(FCGX_Request& fcgi, Request& request) {
  for (char** p = fcgi.envp; p != nullptr && *p != nullptr; ++p) {
    std::string_view entry = *p;
    size_t eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = entry.substr(0, eq);
    if (key.substr(0, 5) != "HTTP_") continue;
    request.headers[HeaderName(key.substr(5))] =
        std::string(entry.substr(eq + 1));
  }
}

// Up to `length` bytes of the body, straight from the FastCGI stream.
std::string ReadRawBody(FCGX_Request& fcgi, long long length) {
  std::string body(static_cast<size_t>(length), '\0');
  int n = FCGX_GetStr(body.data(), static_cast<int>(length), fcgi.in);
  body.resize(n < 0 ? 0 : static_cast<size_t>(n));
  return body;
}

}  // namespace

Result<Request> ReadFcgiRequest(FCGX_Request& fcgi, size_t max_body_bytes) {
  Request request;
  request.method = Param(fcgi, "REQUEST_METHOD");
  request.path = Param(fcgi, "DOCUMENT_URI");
  request.query_string = Param(fcgi, "QUERY_STRING");
  request.content_type = Param(fcgi, "CONTENT_TYPE");
  request.remote_addr = Param(fcgi, "REMOTE_ADDR");
  request.request_id = Param(fcgi, "REQUEST_ID");
  request.body_file = Param(fcgi, "REQUEST_BODY_FILE");
  request.content_length = std::atoll(Param(fcgi, "CONTENT_LENGTH").c_str());
  ReadHeaders(fcgi, request);
  request.query = ParseQueryString(request.query_string);

  bool in_file = !request.body_file.empty();
  if (request.content_length < 0 ||
      (!in_file &&
       static_cast<size_t>(request.content_length) > max_body_bytes)) {
    return Status(Code::kTooLarge, "too_large", "The request is too large.");
  }

  try {
    FcgiInput input(fcgi, in_file);
    cgicc::Cgicc cgi(&input);
    const cgicc::CgiEnvironment& env = cgi.getEnvironment();
    request.body = env.getPostData();
    // cgicc reads a body only for POST and PUT; PATCH (and any other
    // method) would otherwise arrive empty and look truncated.
    if (!in_file && request.body.empty() && request.content_length > 0) {
      request.body = ReadRawBody(fcgi, request.content_length);
    }
    for (const cgicc::HTTPCookie& cookie : env.getCookieList()) {
      request.cookies.emplace(cookie.getName(), cookie.getValue());
    }
    if (request.HasContentType("application/x-www-form-urlencoded")) {
      request.form = ParseQueryString(request.body);
    }
  } catch (const std::exception& e) {
    return BadRequest("bad_request", "The request could not be read.");
  }

  if (!in_file &&
      request.body.size() != static_cast<size_t>(request.content_length)) {
    return BadRequest("truncated_body", "The request body is incomplete.");
  }
  return request;
}

}  // namespace ap
