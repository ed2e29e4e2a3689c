// Response: status, headers and body of an answer, and the error mapping.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/base/status.h"

namespace ap {

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  void AddHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }

  // The value of the first header called `name` (case-sensitive), or "".
  std::string Header(std::string_view name) const;

  // A response with a JSON body already serialised.
  static Response Json(int status, std::string json_body);

  // {"error": ..., "message": ...} with the HTTP status of the code.
  static Response Error(const Status& status);

  // 204 with no body.
  static Response NoContent();

  static Response Redirect(int status, std::string location);
};

// The one place that maps a status code to an HTTP status.
int HttpStatusFor(Code code);

// "Not Found" for 404 and so on.
std::string_view ReasonPhrase(int status);

// The FastCGI/CGI form: "Status: 200 OK\r\nHeader: v\r\n\r\nbody".
std::string SerializeCgi(const Response& response);

}  // namespace ap
