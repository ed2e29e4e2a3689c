// nginx in front of the modules, as hosting admins deploy it: the local
// stack is generated from the same snippets as the production site
// (nginx/README.md). Roles of the loopback addresses in the local stack:
// 127.0.0.1 is the load balancer (its CF-Connecting-IP header is believed),
// 127.0.0.2 the internal network (allowed, header ignored), 127.0.0.3 the
// internet (refused). 198.51.100.0/24 is on the deny list.
#include <cppunit/extensions/HelperMacros.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/config/config.h"
#include "common/crypto/hash.h"
#include "test/integration/fixtures.h"
#include "test/integration/http_client.h"

namespace ap::test {
namespace {

struct FetchOptions {
  std::string method = "GET";
  std::string body;
  std::vector<std::string> headers;
  std::string interface;  // source address, e.g. "127.0.0.2"
  std::string resolve;    // "name:port:address"
  long ssl_version = CURL_SSLVERSION_DEFAULT;
  std::string ciphers;
  bool http1 = false;
  bool verify_name = true;  // the certificate's name matches the URL's
};

struct Fetched {
  CURLcode code = CURLE_OK;
  std::string error;
  long status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

size_t AppendBody(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

size_t AppendHeader(char* data, size_t size, size_t n, void* out) {
  std::string line(data, size * n);
  size_t colon = line.find(':');
  if (colon == std::string::npos) return size * n;
  std::string name = line.substr(0, colon);
  for (char& c : name) c = static_cast<char>(std::tolower(c));
  std::string value = line.substr(colon + 1);
  while (!value.empty() && value.front() == ' ') value.erase(0, 1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) {
    value.pop_back();
  }
  (*static_cast<std::map<std::string, std::string>*>(out))[name] = value;
  return size * n;
}

// One request with the low-level options HttpClient does not offer.
Fetched Fetch(const std::string& url, const FetchOptions& o = {}) {
  Fetched r;
  CURL* c = curl_easy_init();
  char error[CURL_ERROR_SIZE] = "";
  curl_slist* list = nullptr;
  for (const std::string& h : o.headers) {
    list = curl_slist_append(list, h.c_str());
  }
  curl_slist* resolve = nullptr;
  if (!o.resolve.empty())
    resolve = curl_slist_append(nullptr, o.resolve.c_str());

  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_CAINFO, CaFile().c_str());
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, o.method.c_str());
  curl_easy_setopt(c, CURLOPT_NOBODY, o.method == "HEAD" ? 1L : 0L);
  if (!o.body.empty()) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, o.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(o.body.size()));
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  if (!o.interface.empty()) {
    curl_easy_setopt(c, CURLOPT_INTERFACE, o.interface.c_str());
  }
  if (resolve != nullptr) curl_easy_setopt(c, CURLOPT_RESOLVE, resolve);
  curl_easy_setopt(c, CURLOPT_SSLVERSION, o.ssl_version);
  if (!o.ciphers.empty()) {
    curl_easy_setopt(c, CURLOPT_SSL_CIPHER_LIST, o.ciphers.c_str());
  }
  if (!o.verify_name) curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  if (o.http1) {
    curl_easy_setopt(c, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  }
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, AppendHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &r.headers);

  r.code = curl_easy_perform(c);
  if (r.code == CURLE_OK) {
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  }
  r.error = error;
  curl_slist_free_all(list);
  curl_slist_free_all(resolve);
  curl_easy_cleanup(c);
  return r;
}

// CURL_SSLVERSION_* | CURL_SSLVERSION_MAX_*: exactly that version.
long OnlyTls(long min, long max) { return min | max; }

const Config& StackConfig() {
  static const Config config = [] {
    Result<Config> loaded = Config::LoadDefault();
    return loaded.ok() ? *loaded : Config();
  }();
  return config;
}

std::string HttpsPort() {
  std::string base = BaseUrl();
  return base.substr(base.rfind(':') + 1);
}

std::string HttpUrl(const std::string& path) {
  return "http://127.0.0.1:" +
         StackConfig().GetString("stack.http_port", "8080") + path;
}

// A client address of a documentation/CGNAT range nobody else uses, so
// that no earlier run has spent its rate-limit budget.
std::string FreshClientIp() {
  std::string r = RandomBytes(3);
  return "100." + std::to_string(64 + (static_cast<unsigned char>(r[0]) & 63)) +
         "." + std::to_string(static_cast<unsigned char>(r[1])) + "." +
         std::to_string(static_cast<unsigned char>(r[2]));
}

// A "no answer": nginx closed the connection (444) without a byte of HTTP,
// which curl reports as "got nothing" over HTTP/1.1 (over HTTP/2 the
// stream is reset instead).
void AssertClosed(const Fetched& r) {
  CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 0L, r.status);
  CPPUNIT_ASSERT_EQUAL_MESSAGE(r.error, CURLE_GOT_NOTHING, r.code);
}

void AssertNoHttpAnswer(const Fetched& r) {
  CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 0L, r.status);
  CPPUNIT_ASSERT(r.code == CURLE_GOT_NOTHING || r.code == CURLE_HTTP2_STREAM ||
                 r.code == CURLE_HTTP2);
}

void AssertJsonError(const Fetched& r, long status, const std::string& code) {
  CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, status, r.status);
  CPPUNIT_ASSERT(r.Header("content-type").rfind("application/json", 0) == 0);
  Json j = Json::parse(r.body, nullptr, false);
  CPPUNIT_ASSERT_MESSAGE(r.body, j.is_object() && j.contains("message"));
  CPPUNIT_ASSERT_EQUAL(code, j["error"].get<std::string>());
}

void AssertSecurityHeaders(const Fetched& r) {
  CPPUNIT_ASSERT(
      r.Header("strict-transport-security").find("max-age=31536000") !=
      std::string::npos);
  CPPUNIT_ASSERT(
      r.Header("content-security-policy").find("frame-ancestors 'none'") !=
      std::string::npos);
  CPPUNIT_ASSERT(
      r.Header("content-security-policy").find("default-src 'self'") !=
      std::string::npos);
  CPPUNIT_ASSERT_EQUAL(std::string("nosniff"),
                       r.Header("x-content-type-options"));
  CPPUNIT_ASSERT(!r.Header("referrer-policy").empty());
  CPPUNIT_ASSERT(r.Header("permissions-policy").find("camera=()") !=
                 std::string::npos);
  CPPUNIT_ASSERT_EQUAL(std::string("DENY"), r.Header("x-frame-options"));
  // No version: "nginx" at most.
  CPPUNIT_ASSERT(r.Header("server").find_first_of("0123456789") ==
                 std::string::npos);
}

Fetched PostLogin(const TestUser& user, const FetchOptions& base) {
  FetchOptions o = base;
  o.method = "POST";
  o.body = Json{{"login", user.login}, {"password", user.password}}.dump();
  o.headers.push_back("Content-Type: application/json");
  o.headers.push_back("Origin: " + BaseUrl());
  return Fetch(BaseUrl() + "/api/auth/login", o);
}

std::string LastSessionIp(const TestUser& user) {
  return QueryOne(AdminCore(), "SELECT ip FROM sessions WHERE user_id = " +
                                   std::to_string(user.id) +
                                   " ORDER BY id DESC LIMIT 1");
}

// --- one module process, stopped and started again ----------------------

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> SplitNul(const std::string& s) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, '\0')) out.push_back(part);
  return out;
}

bool Alive(pid_t pid) {
  std::string stat = ReadFile("/proc/" + std::to_string(pid) + "/stat");
  size_t paren = stat.rfind(") ");
  return paren != std::string::npos && stat[paren + 2] != 'Z';
}

// A process of the stack as it was started: program, arguments,
// environment and log, so the test can start the very same again.
struct StackProcess {
  pid_t pid = 0;
  std::string pid_file;
  std::string marker;
  std::string exe;
  std::vector<std::string> args;
  std::vector<std::string> env;
  std::string log;
};

std::string VarDir() {
  const char* var = std::getenv("AP_VAR_DIR");
  return var != nullptr && *var != '\0' ? var : "var";
}

StackProcess FindStackProcess(const std::string& name) {
  StackProcess p;
  p.pid_file = VarDir() + "/run/pids/" + name + ".pid";
  std::istringstream lines(ReadFile(p.pid_file));
  std::string pid;
  std::getline(lines, pid);
  std::getline(lines, p.marker);
  p.pid = static_cast<pid_t>(std::atoi(pid.c_str()));
  std::string proc = "/proc/" + pid;
  char buffer[4096];
  ssize_t n = readlink((proc + "/exe").c_str(), buffer, sizeof buffer - 1);
  p.exe = n > 0 ? std::string(buffer, static_cast<size_t>(n)) : "";
  n = readlink((proc + "/fd/1").c_str(), buffer, sizeof buffer - 1);
  p.log = n > 0 ? std::string(buffer, static_cast<size_t>(n)) : "/dev/null";
  p.args = SplitNul(ReadFile(proc + "/cmdline"));
  p.env = SplitNul(ReadFile(proc + "/environ"));
  return p;
}

void StopAndWait(pid_t pid) {
  kill(pid, SIGTERM);
  for (int i = 0; i < 150 && Alive(pid); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

bool IsSocket(const std::string& path) {
  struct stat st = {};
  return stat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode);
}

// Starts the process again as stack.sh does (own session, log appended)
// and records it in its PID file, so "stack.sh down" stops it.
void Respawn(const StackProcess& p) {
  // Everything the child needs is prepared before fork: after it, only
  // async-signal-safe calls until exec.
  std::vector<char*> argv, envp;
  for (const std::string& a : p.args) {
    argv.push_back(const_cast<char*>(a.c_str()));
  }
  for (const std::string& e : p.env) {
    envp.push_back(const_cast<char*>(e.c_str()));
  }
  argv.push_back(nullptr);
  envp.push_back(nullptr);
  pid_t child = fork();
  if (child == 0) {
    setsid();
    int log = open(p.log.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0644);
    int null = open("/dev/null", O_RDONLY);
    dup2(null, 0);
    dup2(log, 1);
    dup2(log, 2);
    close_range(3, ~0U, 0);
    execve(p.exe.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  std::ofstream(p.pid_file) << child << "\n" << p.marker << "\n";
  for (int i = 0; i < 200 && !IsSocket(p.marker); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace

class NginxTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(NginxTest);
  CPPUNIT_TEST(testOtherHostGetsNoAnswerOnHttps);
  CPPUNIT_TEST(testOtherHostGetsNoAnswerOnHttp);
  CPPUNIT_TEST(testHttpOnlyRedirectsToHttps);
  CPPUNIT_TEST(testAddressOutsideAllowListGetsNoAnswer);
  CPPUNIT_TEST(testInternalNetworkIsAllowed);
  CPPUNIT_TEST(testClientIpFromLoadBalancerReachesModules);
  CPPUNIT_TEST(testClientIpHeaderFromElsewhereIsIgnored);
  CPPUNIT_TEST(testLoginRateLimitAnswers429Json);
  CPPUNIT_TEST(testTwofaCodeRateLimitIsStrict);
  CPPUNIT_TEST(testDenyListedClientGets403Json);
  CPPUNIT_TEST(testSecurityHeadersOnEveryResponse);
  CPPUNIT_TEST(testOldTlsVersionsAreRefused);
  CPPUNIT_TEST(testInternalLocationIsUnreachable);
  CPPUNIT_TEST(testBodySizeLimitsPerLocation);
  CPPUNIT_TEST(testStoppingOneProcessLosesNoGet);
  CPPUNIT_TEST_SUITE_END();

 public:
  // Any name but the agreed one: nginx closes the connection (444), also
  // when the TLS name (SNI) is the other name.
  void testOtherHostGetsNoAnswerOnHttps() {
    FetchOptions wrong_host;
    wrong_host.headers = {"Host: evil.example"};
    wrong_host.http1 = true;
    AssertClosed(Fetch(BaseUrl() + "/api/health/login", wrong_host));
    wrong_host.http1 = false;
    AssertNoHttpAnswer(Fetch(BaseUrl() + "/", wrong_host));

    FetchOptions wrong_sni;
    wrong_sni.resolve = "evil.example:" + HttpsPort() + ":127.0.0.1";
    wrong_sni.http1 = true;
    wrong_sni.verify_name = false;  // nginx's answer, not curl's, counts
    AssertClosed(Fetch("https://evil.example:" + HttpsPort() + "/", wrong_sni));

    // The agreed name still answers.
    CPPUNIT_ASSERT_EQUAL(200L, Fetch(BaseUrl() + "/api/health/login").status);
  }

  void testOtherHostGetsNoAnswerOnHttp() {
    FetchOptions o;
    o.headers = {"Host: evil.example"};
    AssertClosed(Fetch(HttpUrl("/"), o));
  }

  void testHttpOnlyRedirectsToHttps() {
    for (const char* method : {"GET", "POST", "HEAD"}) {
      FetchOptions o;
      o.method = method;
      Fetched r = Fetch(HttpUrl("/plans/7?tab=tasks"), o);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(method, 308L, r.status);
      CPPUNIT_ASSERT_EQUAL(BaseUrl() + "/plans/7?tab=tasks",
                           r.Header("location"));
    }
    // Not even the API is served over plain HTTP.
    Fetched api = Fetch(HttpUrl("/api/health/login"));
    CPPUNIT_ASSERT_EQUAL(308L, api.status);
    CPPUNIT_ASSERT(api.body.find("\"db\"") == std::string::npos);
  }

  // 127.0.0.3 is neither the load balancer nor the internal network.
  void testAddressOutsideAllowListGetsNoAnswer() {
    FetchOptions outside;
    outside.interface = "127.0.0.3";
    outside.http1 = true;
    AssertClosed(Fetch(BaseUrl() + "/api/health/login", outside));
    AssertClosed(Fetch(BaseUrl() + "/", outside));
    AssertClosed(Fetch(HttpUrl("/"), outside));
    // Claiming to come through the load balancer changes nothing.
    outside.headers = {"CF-Connecting-IP: 127.0.0.1"};
    AssertClosed(Fetch(BaseUrl() + "/api/health/login", outside));
    outside.http1 = false;
    AssertNoHttpAnswer(Fetch(BaseUrl() + "/api/health/login", outside));
  }

  void testInternalNetworkIsAllowed() {
    FetchOptions internal;
    internal.interface = "127.0.0.2";
    Fetched r = Fetch(BaseUrl() + "/api/health/login", internal);
    CPPUNIT_ASSERT_EQUAL(200L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("login"),
                         Json::parse(r.body)["module"].get<std::string>());
  }

  // Through the load balancer, the module sees (and stores) the client's
  // address from the header.
  void testClientIpFromLoadBalancerReachesModules() {
    TestUser user = CreateUser(CreateTenant("ngx"));
    std::string client = FreshClientIp();
    FetchOptions via_lb;
    via_lb.headers = {"CF-Connecting-IP: " + client};
    CPPUNIT_ASSERT_EQUAL(200L, PostLogin(user, via_lb).status);
    CPPUNIT_ASSERT_EQUAL(client, LastSessionIp(user));

    // Without the header, the connection's address.
    CPPUNIT_ASSERT_EQUAL(200L, PostLogin(user, {}).status);
    CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1"), LastSessionIp(user));
  }

  // From an allowed address that is not the load balancer, the header is
  // a forgery: ignored.
  void testClientIpHeaderFromElsewhereIsIgnored() {
    TestUser user = CreateUser(CreateTenant("ngx"));
    FetchOptions forged;
    forged.interface = "127.0.0.2";
    forged.headers = {"CF-Connecting-IP: 203.0.113.77",
                      "X-Forwarded-For: 203.0.113.78",
                      "X-Real-IP: 203.0.113.79"};
    CPPUNIT_ASSERT_EQUAL(200L, PostLogin(user, forged).status);
    CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.2"), LastSessionIp(user));
  }

  // Per client: 10 a minute after a burst of 10; nginx answers the rest
  // itself, in the API's JSON format. Another client is not affected.
  void testLoginRateLimitAnswers429Json() {
    const std::string client = "CF-Connecting-IP: " + FreshClientIp();
    FetchOptions o;
    o.method = "POST";
    o.body = "{}";
    o.headers = {"Content-Type: application/json", client};
    int served = 0;
    Fetched limited;
    for (int i = 0; i < 16 && limited.status != 429; ++i) {
      Fetched r = Fetch(BaseUrl() + "/api/auth/login", o);
      if (r.status == 429) {
        limited = r;
      } else {
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 400L, r.status);
        ++served;
      }
    }
    // The burst of 10 plus the first request; one more if a slow run
    // lasted long enough to earn a token (one per 6 s).
    CPPUNIT_ASSERT(served >= 11 && served <= 13);
    AssertJsonError(limited, 429, "too_many_requests");
    CPPUNIT_ASSERT(std::atoi(limited.Header("retry-after").c_str()) > 0);
    AssertSecurityHeaders(limited);

    // Another client signs in undisturbed.
    o.headers[1] = "CF-Connecting-IP: " + FreshClientIp();
    CPPUNIT_ASSERT_EQUAL(400L, Fetch(BaseUrl() + "/api/auth/login", o).status);
    // The limited client still reaches the rest of the API.
    FetchOptions read;
    read.headers = {client};
    CPPUNIT_ASSERT_EQUAL(200L,
                         Fetch(BaseUrl() + "/api/health/login", read).status);
  }

  void testTwofaCodeRateLimitIsStrict() {
    FetchOptions o;
    o.method = "POST";
    o.body = "{\"code\":\"000000\"}";
    o.headers = {"Content-Type: application/json",
                 "CF-Connecting-IP: " + FreshClientIp()};
    long last = 0;
    for (int i = 0; i < 16 && last != 429; ++i) {
      last = Fetch(BaseUrl() + "/api/2fa/verify", o).status;
    }
    CPPUNIT_ASSERT_EQUAL(429L, last);
    // Reading the 2FA status is not one of the strict endpoints.
    CPPUNIT_ASSERT(Fetch(BaseUrl() + "/api/2fa/status", o).status != 429);
  }

  void testDenyListedClientGets403Json() {
    FetchOptions o;
    o.headers = {"CF-Connecting-IP: 198.51.100.23"};
    Fetched r = Fetch(BaseUrl() + "/api/health/login", o);
    AssertJsonError(r, 403, "forbidden");
    AssertSecurityHeaders(r);
    CPPUNIT_ASSERT_EQUAL(403L, Fetch(BaseUrl() + "/", o).status);
    // Its neighbour is not denied.
    o.headers = {"CF-Connecting-IP: 198.51.101.23"};
    CPPUNIT_ASSERT_EQUAL(200L,
                         Fetch(BaseUrl() + "/api/health/login", o).status);
  }

  void testSecurityHeadersOnEveryResponse() {
    for (const char* path :
         {"/", "/plans/1", "/js/app.js", "/js/missing.js", "/api/health/plans",
          "/api/no-such-endpoint", "/api/auth/session"}) {
      Fetched r = Fetch(BaseUrl() + path);
      CPPUNIT_ASSERT_MESSAGE(path, r.status >= 200);
      AssertSecurityHeaders(r);
    }
    FetchOptions http1;
    http1.http1 = true;
    AssertSecurityHeaders(Fetch(BaseUrl() + "/", http1));
  }

  // The client is made willing to speak TLS 1.0/1.1 (security level 0),
  // so the refusal is the server's: a "protocol version" alert. A server
  // that allowed the version but had no old cipher would fail with a
  // "handshake failure" alert instead.
  void testOldTlsVersionsAreRefused() {
    for (long version :
         {OnlyTls(CURL_SSLVERSION_TLSv1_0, CURL_SSLVERSION_MAX_TLSv1_0),
          OnlyTls(CURL_SSLVERSION_TLSv1_1, CURL_SSLVERSION_MAX_TLSv1_1)}) {
      FetchOptions o;
      o.ssl_version = version;
      o.ciphers = "DEFAULT:@SECLEVEL=0";
      Fetched r = Fetch(BaseUrl() + "/api/health/login", o);
      CPPUNIT_ASSERT_EQUAL(0L, r.status);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(r.error, CURLE_SSL_CONNECT_ERROR, r.code);
      CPPUNIT_ASSERT_MESSAGE(
          r.error, r.error.find("protocol version") != std::string::npos);
    }
    for (long version :
         {OnlyTls(CURL_SSLVERSION_TLSv1_2, CURL_SSLVERSION_MAX_TLSv1_2),
          OnlyTls(CURL_SSLVERSION_TLSv1_3, CURL_SSLVERSION_MAX_TLSv1_3)}) {
      FetchOptions o;
      o.ssl_version = version;
      CPPUNIT_ASSERT_EQUAL(200L,
                           Fetch(BaseUrl() + "/api/health/login", o).status);
    }
  }

  // The download location behind X-Accel-Redirect answers nginx alone.
  void testInternalLocationIsUnreachable() {
    for (const char* path :
         {"/internal/s3/http/127.0.0.1:9000/ap-attachments/x", "/internal/",
          "/internal/anything"}) {
      Fetched r = Fetch(BaseUrl() + path);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(path, 404L, r.status);
      CPPUNIT_ASSERT(r.body.find("<script") == std::string::npos);
    }
  }

  // nginx refuses an oversized body before any module reads it.
  void testBodySizeLimitsPerLocation() {
    FetchOptions o;
    o.method = "POST";
    o.headers = {"Content-Type: application/json"};
    o.body = "{\"login\":\"" + std::string(20 * 1024, 'a') + "\"}";
    AssertJsonError(Fetch(BaseUrl() + "/api/auth/login", o), 413, "too_large");
    // The same body is within the API's general limit (the module answers).
    CPPUNIT_ASSERT(Fetch(BaseUrl() + "/api/plans", o).status != 413);
    o.body = std::string(1024 * 1024 + 1, ' ');
    AssertJsonError(Fetch(BaseUrl() + "/api/plans", o), 413, "too_large");
  }

  // The cluster: while GETs run, one of the two plans processes stops
  // (SIGTERM, as systemd stops a module); nginx sends what it could not
  // deliver to the other process, so no request fails.
  void testStoppingOneProcessLosesNoGet() {
    StackProcess victim = FindStackProcess("ap-plans-1");
    CPPUNIT_ASSERT_MESSAGE("ap-plans-1 does not run", victim.pid > 0 &&
                                                          Alive(victim.pid) &&
                                                          !victim.exe.empty());

    std::atomic<bool> stop{false};
    std::atomic<int> ok{0};
    std::atomic<int> bad{0};
    std::vector<std::thread> load;
    for (int t = 0; t < 4; ++t) {
      load.emplace_back([&] {
        while (!stop) {
          long s = Fetch(BaseUrl() + "/api/health/plans").status;
          ++(s == 200 ? ok : bad);
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
    StopAndWait(victim.pid);
    bool stopped = !Alive(victim.pid);
    std::this_thread::sleep_for(std::chrono::seconds(2));
    stop = true;
    for (std::thread& t : load) t.join();
    Respawn(victim);

    CPPUNIT_ASSERT_MESSAGE("ap-plans-1 ignored SIGTERM", stopped);
    CPPUNIT_ASSERT_EQUAL(0, bad.load());
    CPPUNIT_ASSERT(ok.load() > 40);
    CPPUNIT_ASSERT_EQUAL(200L, Fetch(BaseUrl() + "/api/health/plans").status);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(NginxTest);

}  // namespace ap::test
