// HttpClient: drives the running local stack over HTTPS with libcurl, as a
// browser or the Pulse app would. Keeps cookies like a browser; after a
// web login it sends the CSRF token and our Origin on state-changing
// requests, unless told not to (to test that they are refused).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace ap::test {

using Json = nlohmann::json;

struct HttpResult {
  long status = 0;
  std::multimap<std::string, std::string> headers;  // lower-case names
  std::string body;

  std::string Header(const std::string& name) const;
  std::vector<std::string> Headers(const std::string& name) const;
  Json json() const;  // null when the body is not JSON
};

struct MultipartPart {
  std::string name;
  std::string filename;  // empty: a plain field
  std::string content_type;
  std::string data;
};

class HttpClient {
 public:
  HttpClient();
  ~HttpClient();

  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResult Get(const std::string& path);
  HttpResult Delete(const std::string& path);
  HttpResult DeleteJson(const std::string& path, const Json& body);
  HttpResult PostJson(const std::string& path, const Json& body);
  HttpResult PatchJson(const std::string& path, const Json& body);
  HttpResult Post(const std::string& path, const std::string& body,
                  const std::string& content_type);
  HttpResult PostMultipart(const std::string& path,
                           const std::vector<MultipartPart>& parts);
  // Any method, any body, extra headers ("Name: value").
  HttpResult Send(const std::string& method, const std::string& path,
                  const std::string& body,
                  const std::vector<std::string>& headers);

  // Web login; keeps the cookie and CSRF token. Returns the response.
  HttpResult Login(const std::string& login, const std::string& password);
  // Pulse login; later requests carry the bearer token instead.
  HttpResult LoginPulse(const std::string& login, const std::string& password);

  void set_bearer(std::string token) { bearer_ = std::move(token); }

  void set_csrf(std::string token) { csrf_ = std::move(token); }

  void set_send_csrf(bool send) { send_csrf_ = send; }

  void set_origin(std::string origin) { origin_ = std::move(origin); }

  void set_follow_redirects(bool follow) { follow_ = follow; }

  const std::string& csrf() const { return csrf_; }

  const std::string& bearer() const { return bearer_; }

  // The session cookie's value ("" if none).
  std::string SessionCookie() const;
  void ClearCookies();
  void SetCookie(const std::string& name, const std::string& value);

 private:
  void* curl_;  // CURL*, kept out of the header
  std::string bearer_;
  std::string csrf_;
  std::string origin_;
  bool send_csrf_ = true;
  bool follow_ = false;
};

// https://127.0.0.1:8443 (public_url of the configuration).
std::string BaseUrl();

// The CA file the local stack's certificate is signed by.
std::string CaFile();

}  // namespace ap::test
