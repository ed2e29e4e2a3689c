#include "modules/login/captcha.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "common/config/config.h"
#include "common/http_client/http_post.h"
#include "modules/login/mail_templates.h"

namespace ap::login {

class CaptchaTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CaptchaTest);
  CPPUNIT_TEST(testSuccessIsPassed);
  CPPUNIT_TEST(testRefusalNamesTheErrorCodes);
  CPPUNIT_TEST(testServerErrorsAreUnavailable);
  CPPUNIT_TEST(testEmptyTokenFailsWithoutAsking);
  CPPUNIT_TEST(testUnreachableServiceIsUnavailable);
  CPPUNIT_TEST(testSettingsNeedSecretWithSiteKey);
  CPPUNIT_TEST(testFormEncoding);
  CPPUNIT_TEST(testMailLinksUsePublicUrlAndEscapeHtml);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testSuccessIsPassed() {
    std::string detail;
    CPPUNIT_ASSERT(ParseVerifyAnswer(200, R"({"success": true})", &detail) ==
                   CaptchaVerdict::kPassed);
  }

  void testRefusalNamesTheErrorCodes() {
    std::string detail;
    CPPUNIT_ASSERT(
        ParseVerifyAnswer(
            200,
            R"({"success": false, "error-codes": ["timeout-or-duplicate"]})",
            &detail) == CaptchaVerdict::kFailed);
    CPPUNIT_ASSERT(detail.find("timeout-or-duplicate") != std::string::npos);
  }

  void testServerErrorsAreUnavailable() {
    std::string detail;
    CPPUNIT_ASSERT(ParseVerifyAnswer(503, "", &detail) ==
                   CaptchaVerdict::kUnavailable);
    CPPUNIT_ASSERT(ParseVerifyAnswer(200, "<html>", &detail) ==
                   CaptchaVerdict::kUnavailable);
    CPPUNIT_ASSERT(ParseVerifyAnswer(200, R"({"success": "yes"})", &detail) ==
                   CaptchaVerdict::kUnavailable);
  }

  void testEmptyTokenFailsWithoutAsking() {
    CaptchaSettings s;
    s.verify_url = "http://127.0.0.1:1/never";
    std::string detail;
    CPPUNIT_ASSERT(VerifyCaptcha(s, "", "127.0.0.1", &detail) ==
                   CaptchaVerdict::kFailed);
  }

  void testUnreachableServiceIsUnavailable() {
    CaptchaSettings s;
    s.secret = "x";
    s.verify_url = "http://127.0.0.1:1/recaptcha/api/siteverify";
    s.timeout_seconds = 2;
    std::string detail;
    CPPUNIT_ASSERT(VerifyCaptcha(s, "valid-1", "127.0.0.1", &detail) ==
                   CaptchaVerdict::kUnavailable);
    CPPUNIT_ASSERT(!detail.empty());
  }

  void testSettingsNeedSecretWithSiteKey() {
    Config config;
    config.Set("recaptcha.site_key", "k");
    CPPUNIT_ASSERT(!CaptchaSettingsFromConfig(config).ok());
    config.Set("recaptcha.secret", "s");
    Result<CaptchaSettings> s = CaptchaSettingsFromConfig(config);
    CPPUNIT_ASSERT(s.ok());
    CPPUNIT_ASSERT(s->enabled());
    CPPUNIT_ASSERT(!s->fail_open);
    CPPUNIT_ASSERT_EQUAL(
        std::string("https://www.google.com/recaptcha/api/siteverify"),
        s->verify_url);
    CPPUNIT_ASSERT(!CaptchaSettingsFromConfig(Config()).value().enabled());
  }

  void testFormEncoding() {
    CPPUNIT_ASSERT_EQUAL(std::string("a=1&b=x%20y%26z%3D&c=%C5%BC"),
                         FormEncode({{"a", "1"}, {"b", "x y&z="}, {"c", "ż"}}));
  }

  void testMailLinksUsePublicUrlAndEscapeHtml() {
    MailMessage m =
        ResetMail({"https://plan.example", "TOKEN", "a@b.pl", "<jan>"});
    CPPUNIT_ASSERT(
        m.text.find("https://plan.example/reset-password?token=TOKEN") !=
        std::string::npos);
    CPPUNIT_ASSERT(m.html.find("&lt;jan&gt;") != std::string::npos);
    CPPUNIT_ASSERT(m.html.find("<jan>") == std::string::npos);
    CPPUNIT_ASSERT(m.text.find("Dzień dobry") != std::string::npos);
    CPPUNIT_ASSERT(m.text.find("Hello") != std::string::npos);
    MailMessage i = InvitationMail(
        {"https://plan.example", "T2", "a@b.pl", "Jan", "Firma"});
    CPPUNIT_ASSERT(i.text.find("https://plan.example/set-password?token=T2") !=
                   std::string::npos);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CaptchaTest);

}  // namespace ap::login
