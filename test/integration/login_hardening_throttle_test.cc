// Login hardening, part 2: throttling per account and per IP, the
// reCAPTCHA gate, and answers (and timing) that do not reveal accounts.
#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include "test/integration/fixtures.h"
#include "test/integration/http_client.h"
#include "test/integration/login_hardening_util.h"

namespace ap::test {
namespace {

constexpr const char* kWrong = "Wrong-Passw0rd!";

std::string ErrorOf(const HttpResult& r) {
  Json j = r.json();
  return j.is_object() && j.contains("error") ? j["error"].get<std::string>()
                                              : "";
}

std::string AuditCount(int64_t user_id, const std::string& event) {
  return QueryOne(AdminCore(),
                  "SELECT COUNT(*) FROM audit_log WHERE"
                  " user_id = " +
                      std::to_string(user_id) + " AND event = '" + event + "'");
}

}  // namespace

class LoginHardeningThrottleTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(LoginHardeningThrottleTest);
  CPPUNIT_TEST(testTwentyWrongPasswords);
  CPPUNIT_TEST(testRightPasswordNeedsValidCaptchaOnceDemanded);
  CPPUNIT_TEST(testUnknownAccountIsThrottledAlike);
  CPPUNIT_TEST(testSuccessResetsAccountCounter);
  CPPUNIT_TEST(testIpCaptchaAndLockout);
  CPPUNIT_TEST(testCaptchaOutageFailsClosed);
  CPPUNIT_TEST(testUnknownAndWrongTakeTheSameTime);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    ResetIpThrottle();
    tenant_ = CreateTenant("thr");
    user_ = CreateUser(tenant_);
  }

  void tearDown() override { ResetIpThrottle(); }

  // 5 failures, then the captcha is demanded; with valid captchas 5 more
  // failures, then 429 with Retry-After until the window passes.
  void testTwentyWrongPasswords() {
    HttpClient http;
    for (int i = 1; i <= 5; ++i) {
      HttpResult r = http.Login(user_.login, kWrong);
      CPPUNIT_ASSERT_EQUAL(401L, r.status);
      CPPUNIT_ASSERT_EQUAL(std::string("invalid_credentials"), ErrorOf(r));
    }
    HttpResult demand = http.Login(user_.login, kWrong);
    CPPUNIT_ASSERT_EQUAL(401L, demand.status);
    CPPUNIT_ASSERT_EQUAL(std::string("captcha_required"), ErrorOf(demand));
    CPPUNIT_ASSERT_EQUAL(std::string("local-dev-site-key"),
                         demand.json()["site_key"].get<std::string>());
    HttpResult forged = LoginWithCaptcha(http, user_.login, kWrong,
                                         kInvalidCaptcha);  // failure 6
    CPPUNIT_ASSERT_EQUAL(std::string("captcha_invalid"), ErrorOf(forged));

    int locked = 0;
    for (int i = 8; i <= 20; ++i) {  // attempts 8..20 (7 was the demand)
      HttpResult r = LoginWithCaptcha(http, user_.login, kWrong, kValidCaptcha);
      if (r.status == 429) {
        ++locked;
        int retry = std::stoi(r.Header("retry-after"));
        CPPUNIT_ASSERT(retry > 0 && retry <= 900);
        CPPUNIT_ASSERT_EQUAL(std::string("too_many_attempts"), ErrorOf(r));
      } else {
        CPPUNIT_ASSERT_EQUAL(std::string("invalid_credentials"), ErrorOf(r));
      }
    }
    CPPUNIT_ASSERT_EQUAL(9, locked);  // failures 7..10 went through, then 429
    // Locked out: even the right password with a valid captcha is refused.
    CPPUNIT_ASSERT_EQUAL(
        429L, LoginWithCaptcha(http, user_.login, user_.password, kValidCaptcha)
                  .status);

    ExpireThrottleWindow(user_.id);
    HttpResult ok =
        LoginWithCaptcha(http, user_.login, user_.password, kValidCaptcha);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(ok.body, 200L, ok.status);
    CPPUNIT_ASSERT(std::stoi(AuditCount(user_.id, "login_throttled")) >= 9);
    CPPUNIT_ASSERT_EQUAL(std::string("1"),
                         AuditCount(user_.id, "captcha_failure"));
    CPPUNIT_ASSERT_EQUAL(std::string("9"),
                         AuditCount(user_.id, "login_failure"));
  }

  void testRightPasswordNeedsValidCaptchaOnceDemanded() {
    HttpClient http;
    for (int i = 0; i < 5; ++i) http.Login(user_.login, kWrong);
    HttpResult missing = http.Login(user_.login, user_.password);
    CPPUNIT_ASSERT_EQUAL(401L, missing.status);
    CPPUNIT_ASSERT_EQUAL(std::string("captcha_required"), ErrorOf(missing));
    CPPUNIT_ASSERT(missing.Header("set-cookie").empty());
    HttpResult empty = LoginWithCaptcha(http, user_.login, user_.password, "");
    CPPUNIT_ASSERT_EQUAL(std::string("captcha_required"), ErrorOf(empty));
    HttpResult invalid =
        LoginWithCaptcha(http, user_.login, user_.password, kInvalidCaptcha);
    CPPUNIT_ASSERT_EQUAL(401L, invalid.status);
    CPPUNIT_ASSERT_EQUAL(std::string("captcha_invalid"), ErrorOf(invalid));
    HttpResult ok =
        LoginWithCaptcha(http, user_.login, user_.password, kValidCaptcha);
    CPPUNIT_ASSERT_EQUAL(200L, ok.status);
    // The success cleared the account's count: no captcha next time.
    HttpClient again;
    CPPUNIT_ASSERT_EQUAL(200L, again.Login(user_.login, user_.password).status);
  }

  void testUnknownAccountIsThrottledAlike() {
    std::string unknown = "nobody-" + UniqueSuffix();
    HttpClient http;
    for (int i = 0; i < 6; ++i) {
      HttpResult known = http.Login(user_.login, kWrong);
      HttpResult nobody = http.Login(unknown, kWrong);
      CPPUNIT_ASSERT_EQUAL(known.status, nobody.status);
      CPPUNIT_ASSERT_EQUAL(known.body, nobody.body);
    }
    for (int i = 0; i < 5; ++i) {
      HttpResult known =
          LoginWithCaptcha(http, user_.login, kWrong, kValidCaptcha);
      HttpResult nobody =
          LoginWithCaptcha(http, unknown, kWrong, kValidCaptcha);
      CPPUNIT_ASSERT_EQUAL(known.status, nobody.status);
      CPPUNIT_ASSERT_EQUAL(known.body, nobody.body);
    }
    HttpResult known =
        LoginWithCaptcha(http, user_.login, kWrong, kValidCaptcha);
    HttpResult nobody = LoginWithCaptcha(http, unknown, kWrong, kValidCaptcha);
    CPPUNIT_ASSERT_EQUAL(429L, known.status);
    CPPUNIT_ASSERT_EQUAL(429L, nobody.status);
    CPPUNIT_ASSERT_EQUAL(known.body, nobody.body);
  }

  void testSuccessResetsAccountCounter() {
    HttpClient http;
    for (int i = 0; i < 4; ++i) http.Login(user_.login, kWrong);
    CPPUNIT_ASSERT_EQUAL(200L, http.Login(user_.login, user_.password).status);
    for (int i = 0; i < 4; ++i) http.Login(user_.login, kWrong);
    HttpResult r = http.Login(user_.login, kWrong);
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_credentials"), ErrorOf(r));
  }

  // The IP's own limits (50 and 100 by default) apply to fresh accounts.
  void testIpCaptchaAndLockout() {
    SetIpFailures(50);
    HttpClient http;
    HttpResult r = http.Login(user_.login, user_.password);
    CPPUNIT_ASSERT_EQUAL(std::string("captcha_required"), ErrorOf(r));
    CPPUNIT_ASSERT_EQUAL(
        200L, LoginWithCaptcha(http, user_.login, user_.password, kValidCaptcha)
                  .status);
    SetIpFailures(100);
    r = http.Login(user_.login, user_.password);
    CPPUNIT_ASSERT_EQUAL(429L, r.status);
    CPPUNIT_ASSERT(!r.Header("retry-after").empty());
    // A success does not clear the IP's count.
    ResetIpThrottle();
    CPPUNIT_ASSERT_EQUAL(200L, http.Login(user_.login, user_.password).status);
  }

  void testCaptchaOutageFailsClosed() {
    HttpClient http;
    for (int i = 0; i < 5; ++i) http.Login(user_.login, kWrong);
    HttpResult r =
        LoginWithCaptcha(http, user_.login, user_.password, kOutageCaptcha);
    CPPUNIT_ASSERT_EQUAL(503L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("captcha_unavailable"), ErrorOf(r));
    CPPUNIT_ASSERT_EQUAL(std::string("1"),
                         AuditCount(user_.id, "captcha_failure"));
  }

  // Medians of 20 tries each within 25%: the answer time does not tell
  // whether the account exists. Wrong passwords are spread over 5 users
  // (4 each) so that no captcha is demanded.
  void testUnknownAndWrongTakeTheSameTime() {
    std::vector<TestUser> users;
    for (int i = 0; i < 5; ++i) users.push_back(CreateUser(tenant_));
    HttpClient http;
    http.Login("warm-up-" + UniqueSuffix(), kWrong);
    ResetIpThrottle();

    std::vector<double> unknown, wrong;
    for (int i = 0; i < 20; ++i) {
      HttpResult a, b;
      unknown.push_back(
          Timed([&] { a = http.Login("nobody-" + UniqueSuffix(), kWrong); }));
      wrong.push_back(Timed([&] {
        b = http.Login(users[static_cast<size_t>(i % 5)].login, kWrong);
      }));
      CPPUNIT_ASSERT_EQUAL(401L, a.status);
      CPPUNIT_ASSERT_EQUAL(a.status, b.status);
      CPPUNIT_ASSERT_EQUAL(a.body, b.body);
    }
    double mu = MedianMicros(unknown), mw = MedianMicros(wrong);
    std::string msg = "median unknown " + std::to_string(mu) +
                      " us, wrong password " + std::to_string(mw) + " us";
    CPPUNIT_ASSERT_MESSAGE(msg, std::fabs(mu - mw) <= 0.25 * std::max(mu, mw));
  }

 private:
  template <typename F>
  static double Timed(F f) {
    auto start = std::chrono::steady_clock::now();
    f();
    return static_cast<double>(
        std::chrono::duration_cast<std::chrono::microseconds>(
            std::chrono::steady_clock::now() - start)
            .count());
  }

  TestTenant tenant_;
  TestUser user_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(LoginHardeningThrottleTest);

}  // namespace ap::test
