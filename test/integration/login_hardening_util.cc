#include "test/integration/login_hardening_util.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "common/account/login_throttle.h"
#include "common/crypto/hash.h"

namespace ap::test {
namespace {

std::string MailDir() {
  const char* var = std::getenv("AP_VAR_DIR");
  std::string dir = var != nullptr && *var != '\0'
                        ? std::string(var)
                        : std::string(AP_SOURCE_DIR) + "/var";
  if (dir[0] != '/') dir = std::string(AP_SOURCE_DIR) + "/" + dir;
  return dir + "/mail";
}

void Exec(const std::string& sql) { AdminCore().Execute(sql); }

}  // namespace

void ResetIpThrottle() { Exec("DELETE FROM login_attempts WHERE kind = 'ip'"); }

void SetIpFailures(int failures) {
  std::string key = HexEncode(LoginThrottle::IpKey("127.0.0.1"));
  Exec(
      "INSERT INTO login_attempts (kind, key_hash, window_start, failures)"
      " VALUES ('ip', UNHEX('" +
      key + "'), UTC_TIMESTAMP(3), " + std::to_string(failures) +
      ") ON DUPLICATE KEY UPDATE failures = VALUES(failures),"
      " window_start = VALUES(window_start)");
}

int AccountFailures(int64_t user_id) {
  std::string key = HexEncode(LoginThrottle::AccountKey(user_id, ""));
  std::string n = QueryOne(AdminCore(),
                           "SELECT COALESCE(MAX(failures), 0) FROM"
                           " login_attempts WHERE kind = 'account'"
                           " AND key_hash = UNHEX('" +
                               key + "')");
  return std::stoi(n);
}

void SetAccountFailures(int64_t user_id, int failures) {
  std::string key = HexEncode(LoginThrottle::AccountKey(user_id, ""));
  Exec(
      "INSERT INTO login_attempts (kind, key_hash, window_start, failures)"
      " VALUES ('account', UNHEX('" +
      key + "'), UTC_TIMESTAMP(3), " + std::to_string(failures) +
      ") ON DUPLICATE KEY UPDATE failures = VALUES(failures),"
      " window_start = VALUES(window_start)");
}

void ExpireThrottleWindow(int64_t user_id) {
  std::string key = HexEncode(LoginThrottle::AccountKey(user_id, ""));
  Exec(
      "UPDATE login_attempts SET window_start = window_start -"
      " INTERVAL 1 DAY WHERE (kind = 'account' AND key_hash = UNHEX('" +
      key + "')) OR kind = 'ip'");
}

HttpResult LoginWithCaptcha(HttpClient& http, const std::string& login,
                            const std::string& password,
                            const std::string& captcha) {
  HttpResult r = http.PostJson(
      "/api/auth/login",
      {{"login", login}, {"password", password}, {"captcha", captcha}});
  Json j = r.json();
  if (r.status == 200 && j.is_object() && j.contains("csrf_token")) {
    http.set_csrf(j["csrf_token"]);
  }
  return r;
}

std::vector<Json> MailsTo(const std::string& address) {
  std::vector<std::pair<std::string, Json>> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(MailDir(), ec)) {
    std::string path = entry.path().string();
    if (!path.ends_with(".json") ||
        entry.path().filename().string()[0] == '.') {
      continue;
    }
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    Json mail = Json::parse(text.str(), nullptr, false);
    if (!mail.is_object()) continue;
    for (const Json& to : mail["envelope"]["to"]) {
      if (to.is_string() && to.get<std::string>() == address) {
        found.emplace_back(entry.path().filename().string(), mail);
      }
    }
  }
  // Names start with the arrival time in milliseconds.
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Json> out;
  for (auto& f : found) out.push_back(std::move(f.second));
  return out;
}

Json WaitForMail(const std::string& address, size_t count,
                 std::chrono::seconds timeout) {
  auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    std::vector<Json> mails = MailsTo(address);
    if (mails.size() >= count) return mails.back();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return nullptr;
}

std::string TokenFromMail(const Json& mail) {
  std::string text = mail.value("text", "");
  const std::string marker = "?token=";
  size_t at = text.find(marker);
  if (at == std::string::npos) return "";
  std::string token = text.substr(at + marker.size(), 43);
  bool ok = token.size() == 43;
  for (char c : token) {
    ok = ok && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                (c >= '0' && c <= '9') || c == '_' || c == '-');
  }
  return ok ? token : "";
}

std::vector<std::string> RulesOf(const HttpResult& result) {
  Json j = result.json();
  std::vector<std::string> rules;
  if (j.is_object() && j.contains("rules")) {
    for (const Json& r : j["rules"]) rules.push_back(r.get<std::string>());
  }
  return rules;
}

TestUser CreateNamedUser(const TestTenant& tenant, const std::string& login,
                         const std::string& email, const std::string& role) {
  TestUser user;
  user.login = login;
  user.email = email;
  user.password = kTestPassword;
  user.role = role;
  user.tenant = tenant;
  std::string out;
  int rc = RunApctl("user create --tenant " + tenant.slug + " --login " +
                        login + " --email " + email + " --role " + role,
                    user.password + "\n", &out);
  if (rc != 0) throw std::runtime_error("apctl user create: " + out);
  user.id = std::stoll(QueryOne(
      AdminCore(), "SELECT id FROM users WHERE login = '" + login + "'"));
  return user;
}

double MedianMicros(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  size_t n = samples.size();
  if (n == 0) return 0;
  return n % 2 == 1 ? samples[n / 2]
                    : (samples[n / 2 - 1] + samples[n / 2]) / 2;
}

}  // namespace ap::test
