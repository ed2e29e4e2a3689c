#include "test/integration/http_client.h"

#include <curl/curl.h>

#include <cstdlib>
#include <cstring>

#include "common/config/config.h"

namespace ap::test {
namespace {

const Config& TestConfig() {
  static const Config config = [] {
    Result<Config> loaded = Config::LoadDefault();
    return loaded.ok() ? *loaded : Config();
  }();
  return config;
}

size_t CollectBody(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

size_t CollectHeader(char* data, size_t size, size_t n, void* out) {
  std::string line(data, size * n);
  auto* headers = static_cast<std::multimap<std::string, std::string>*>(out);
  if (line.rfind("HTTP/", 0) == 0) headers->clear();  // after redirects
  size_t colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(c));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) {
      value.pop_back();
    }
    headers->emplace(name, value);
  }
  return size * n;
}

}  // namespace

std::string BaseUrl() {
  std::string url =
      TestConfig().GetString("public_url", "https://127.0.0.1:8443");
  if (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::string CaFile() {
  const char* var = std::getenv("AP_VAR_DIR");
  return std::string(var != nullptr && *var != '\0' ? var : "var") +
         "/tls/ca.pem";
}

std::string HttpResult::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

std::vector<std::string> HttpResult::Headers(const std::string& name) const {
  std::vector<std::string> out;
  auto range = headers.equal_range(name);
  for (auto it = range.first; it != range.second; ++it) {
    out.push_back(it->second);
  }
  return out;
}

Json HttpResult::json() const { return Json::parse(body, nullptr, false); }

HttpClient::HttpClient() : curl_(curl_easy_init()), origin_(BaseUrl()) {
  CURL* c = static_cast<CURL*>(curl_);
  curl_easy_setopt(c, CURLOPT_COOKIEFILE, "");  // in-memory cookie jar
  curl_easy_setopt(c, CURLOPT_CAINFO, CaFile().c_str());
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
}

HttpClient::~HttpClient() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

HttpResult HttpClient::Send(const std::string& method, const std::string& path,
                            const std::string& body,
                            const std::vector<std::string>& headers) {
  CURL* c = static_cast<CURL*>(curl_);
  HttpResult result;
  std::string url = path.rfind("http", 0) == 0 ? path : BaseUrl() + path;

  curl_slist* list = nullptr;
  for (const std::string& h : headers)
    list = curl_slist_append(list, h.c_str());
  bool changes = method != "GET" && method != "HEAD";
  if (!bearer_.empty()) {
    list =
        curl_slist_append(list, ("Authorization: Bearer " + bearer_).c_str());
  }
  if (changes && send_csrf_ && !csrf_.empty()) {
    list = curl_slist_append(list, ("X-CSRF-Token: " + csrf_).c_str());
  }
  if (changes && !origin_.empty()) {
    list = curl_slist_append(list, ("Origin: " + origin_).c_str());
  }
  list = curl_slist_append(list, "Expect:");

  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (changes || !body.empty()) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(body.size()));
  } else {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  // After HTTPGET, which turns NOBODY off again: a HEAD answer has no body
  // to wait for, whatever its Content-Length says.
  curl_easy_setopt(c, CURLOPT_NOBODY, method == "HEAD" ? 1L : 0L);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, follow_ ? 1L : 0L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, CollectBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &result.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, CollectHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &result.headers);

  CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) {
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &result.status);
  } else {
    result.status = 0;
    result.body = curl_easy_strerror(rc);
  }
  curl_slist_free_all(list);
  return result;
}

HttpResult HttpClient::Get(const std::string& path) {
  return Send("GET", path, "", {});
}

HttpResult HttpClient::Delete(const std::string& path) {
  return Send("DELETE", path, "", {});
}

HttpResult HttpClient::DeleteJson(const std::string& path, const Json& body) {
  return Send("DELETE", path, body.dump(), {"Content-Type: application/json"});
}

HttpResult HttpClient::PostJson(const std::string& path, const Json& body) {
  return Post(path, body.dump(), "application/json");
}

HttpResult HttpClient::PatchJson(const std::string& path, const Json& body) {
  return Send("PATCH", path, body.dump(), {"Content-Type: application/json"});
}

HttpResult HttpClient::Post(const std::string& path, const std::string& body,
                            const std::string& content_type) {
  return Send("POST", path, body, {"Content-Type: " + content_type});
}

HttpResult HttpClient::PostMultipart(const std::string& path,
                                     const std::vector<MultipartPart>& parts) {
  const std::string boundary = "----ApTestBoundary7MA4YWxkTrZu0gW";
  std::string body;
  for (const MultipartPart& part : parts) {
    body += "--" + boundary + "\r\n";
    body += "Content-Disposition: form-data; name=\"" + part.name + "\"";
    if (!part.filename.empty()) {
      body += "; filename=\"" + part.filename + "\"";
    }
    body += "\r\n";
    if (!part.content_type.empty()) {
      body += "Content-Type: " + part.content_type + "\r\n";
    }
    body += "\r\n" + part.data + "\r\n";
  }
  body += "--" + boundary + "--\r\n";
  return Post(path, body, "multipart/form-data; boundary=" + boundary);
}

HttpResult HttpClient::Login(const std::string& login,
                             const std::string& password) {
  HttpResult r =
      PostJson("/api/auth/login", {{"login", login}, {"password", password}});
  Json j = r.json();
  if (r.status == 200 && j.is_object() && j.contains("csrf_token")) {
    csrf_ = j["csrf_token"];
  }
  return r;
}

HttpResult HttpClient::LoginPulse(const std::string& login,
                                  const std::string& password) {
  HttpResult r =
      PostJson("/api/auth/login",
               {{"login", login}, {"password", password}, {"client", "pulse"}});
  Json j = r.json();
  if (r.status == 200 && j.is_object() && j.contains("token")) {
    bearer_ = j["token"];
    ClearCookies();
  }
  return r;
}

std::string HttpClient::SessionCookie() const {
  CURL* c = static_cast<CURL*>(curl_);
  curl_slist* cookies = nullptr;
  curl_easy_getinfo(c, CURLINFO_COOKIELIST, &cookies);
  std::string value;
  for (curl_slist* p = cookies; p != nullptr; p = p->next) {
    // Netscape format: domain, flag, path, secure, expiry, name, value.
    std::string line = p->data;
    size_t pos = 0;
    for (int field = 0; field < 5 && pos != std::string::npos; ++field) {
      pos = line.find('\t', pos + 1);
    }
    if (pos == std::string::npos) continue;
    size_t name_end = line.find('\t', pos + 1);
    if (line.substr(pos + 1, name_end - pos - 1) == "__Host-ap_session") {
      value = line.substr(name_end + 1);
    }
  }
  curl_slist_free_all(cookies);
  return value;
}

void HttpClient::ClearCookies() {
  curl_easy_setopt(static_cast<CURL*>(curl_), CURLOPT_COOKIELIST, "ALL");
}

void HttpClient::SetCookie(const std::string& name, const std::string& value) {
  std::string host = BaseUrl();
  host = host.substr(host.find("://") + 3);
  host = host.substr(0, host.find(':'));
  std::string line = host + "\tFALSE\t/\tTRUE\t0\t" + name + "\t" + value;
  curl_easy_setopt(static_cast<CURL*>(curl_), CURLOPT_COOKIELIST, line.c_str());
}

}  // namespace ap::test
