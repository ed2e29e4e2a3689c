// Request: a plain value holding what a handler may read of an HTTP request.
//
// Built from the FastCGI parameters and body (fcgi_request.cc) or directly
// by unit tests. Header names are lower-case with '-' ("content-type").
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace ap {

struct Request {
  std::string method;        // "GET", "POST", ...
  std::string path;          // decoded path without the query string
  std::string query_string;  // raw, as sent
  std::string content_type;  // as sent, e.g. "application/json"
  long long content_length = 0;
  std::string remote_addr;  // the client IP as nginx determined it
  std::string request_id;   // nginx's $request_id, for log correlation
  std::string body;         // the raw body, unless stored in a file
  std::string body_file;    // set when nginx wrote the body to a file

  std::multimap<std::string, std::string, std::less<>> query;
  std::multimap<std::string, std::string, std::less<>> form;
  std::map<std::string, std::string, std::less<>> headers;
  std::map<std::string, std::string, std::less<>> cookies;

  // First value, or "" when absent.
  std::string Header(std::string_view name) const;
  std::string Query(std::string_view name) const;
  std::string Cookie(std::string_view name) const;
  bool HasQuery(std::string_view name) const;

  // True for methods that may change state (everything but GET/HEAD/OPTIONS).
  bool ChangesState() const;

  // True when the media type (parameters ignored) equals `type`.
  bool HasContentType(std::string_view type) const;
};

// Splits "a=1&b=x%20y" into decoded pairs.
std::multimap<std::string, std::string, std::less<>> ParseQueryString(
    std::string_view query);

// Decodes %XX and '+' as in application/x-www-form-urlencoded.
std::string FormDecode(std::string_view text);

}  // namespace ap
