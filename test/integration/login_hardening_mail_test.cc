// Login hardening, part 3: password reset and invitation mails, read from
// the stack's stand-in SMTP server.
#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <string>
#include <thread>

#include "test/integration/fixtures.h"
#include "test/integration/http_client.h"
#include "test/integration/login_hardening_util.h"

namespace ap::test {
namespace {

constexpr const char* kNewPassword = "Fresh-Passw0rd!";

std::string ErrorOf(const HttpResult& r) {
  Json j = r.json();
  return j.is_object() && j.contains("error") ? j["error"].get<std::string>()
                                              : "";
}

HttpResult Confirm(const std::string& token, const std::string& password) {
  HttpClient http;
  return http.PostJson("/api/auth/reset/confirm",
                       {{"token", token}, {"password", password}});
}

}  // namespace

class LoginHardeningMailTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(LoginHardeningMailTest);
  CPPUNIT_TEST(testResetLinkWorksOnce);
  CPPUNIT_TEST(testResetLinkExpiresAfter30Minutes);
  CPPUNIT_TEST(testForgedHostDoesNotChangeLink);
  CPPUNIT_TEST(testUnknownAccountSameAnswerNoMail);
  CPPUNIT_TEST(testResetMailIsBilingualTextAndHtml);
  CPPUNIT_TEST(testResetAppliesPolicyAndKeepsToken);
  CPPUNIT_TEST(testResetDoesNotSkip2fa);
  CPPUNIT_TEST(testInvitationSetsFirstPassword);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    ResetIpThrottle();
    tenant_ = CreateTenant("mail");
    user_ = CreateUser(tenant_);
  }

  void tearDown() override { ResetIpThrottle(); }

  void testResetLinkWorksOnce() {
    HttpClient before;
    CPPUNIT_ASSERT_EQUAL(200L,
                         before.Login(user_.login, user_.password).status);

    HttpClient http;
    HttpResult r = http.PostJson("/api/auth/reset", {{"login", user_.email}});
    CPPUNIT_ASSERT_EQUAL(202L, r.status);
    Json mail = WaitForMail(user_.email);
    CPPUNIT_ASSERT_MESSAGE("no reset mail arrived", !mail.is_null());
    std::string token = TokenFromMail(mail);
    CPPUNIT_ASSERT_EQUAL(size_t{43}, token.size());
    // Only the hash is stored.
    CPPUNIT_ASSERT_EQUAL(std::string("0"),
                         QueryOne(AdminCore(),
                                  "SELECT COUNT(*) FROM user_tokens WHERE"
                                  " token_hash = '" +
                                      token + "'"));

    HttpResult ok = Confirm(token, kNewPassword);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(ok.body, 200L, ok.status);
    CPPUNIT_ASSERT_EQUAL(user_.login, ok.json()["login"].get<std::string>());
    HttpResult again = Confirm(token, "Other-Passw0rd!");
    CPPUNIT_ASSERT_EQUAL(400L, again.status);
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_token"), ErrorOf(again));

    // Every session ended; the new password works, the old one not.
    CPPUNIT_ASSERT_EQUAL(401L, before.Get("/api/auth/session").status);
    HttpClient after;
    CPPUNIT_ASSERT_EQUAL(401L, after.Login(user_.login, user_.password).status);
    CPPUNIT_ASSERT_EQUAL(200L, after.Login(user_.login, kNewPassword).status);
    CPPUNIT_ASSERT_EQUAL(
        std::string("1"),
        QueryOne(AdminCore(),
                 "SELECT COUNT(*) FROM audit_log WHERE user_id = " +
                     std::to_string(user_.id) +
                     " AND event = 'password_reset'"));
  }

  void testResetLinkExpiresAfter30Minutes() {
    HttpClient http;
    http.PostJson("/api/auth/reset", {{"login", user_.login}});
    Json mail = WaitForMail(user_.email);
    CPPUNIT_ASSERT(!mail.is_null());
    std::string uid = std::to_string(user_.id);
    CPPUNIT_ASSERT_EQUAL(
        std::string("1800"),
        QueryOne(AdminCore(),
                 "SELECT TIMESTAMPDIFF(SECOND, created_at, expires_at) FROM"
                 " user_tokens WHERE user_id = " +
                     uid));
    AdminCore().Execute(
        "UPDATE user_tokens SET created_at = created_at - INTERVAL 31 MINUTE,"
        " expires_at = expires_at - INTERVAL 31 MINUTE WHERE user_id = " +
        uid);
    HttpResult r = Confirm(TokenFromMail(mail), kNewPassword);
    CPPUNIT_ASSERT_EQUAL(400L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_token"), ErrorOf(r));
    HttpClient login;
    CPPUNIT_ASSERT_EQUAL(200L, login.Login(user_.login, user_.password).status);
  }

  void testForgedHostDoesNotChangeLink() {
    HttpClient http;
    std::string body = Json{{"login", user_.login}}.dump();
    // A name nginx serves, but not the configured public URL, plus the
    // forwarding headers a proxy would set.
    HttpResult r = http.Send(
        "POST", "/api/auth/reset", body,
        {"Content-Type: application/json", "Host: localhost:8443",
         "X-Forwarded-Host: evil.example", "Forwarded: host=evil.example"});
    CPPUNIT_ASSERT_EQUAL(202L, r.status);
    Json mail = WaitForMail(user_.email);
    CPPUNIT_ASSERT(!mail.is_null());
    std::string text = mail["text"].get<std::string>();
    std::string html = mail["html"].get<std::string>();
    std::string link = BaseUrl() + "/reset-password?token=";
    CPPUNIT_ASSERT_MESSAGE(text, text.find(link) != std::string::npos);
    CPPUNIT_ASSERT(html.find(link) != std::string::npos);
    CPPUNIT_ASSERT(text.find("evil") == std::string::npos);
    CPPUNIT_ASSERT(text.find("localhost") == std::string::npos);
    // A Host nginx does not serve never reaches the module at all.
    HttpResult other =
        http.Send("POST", "/api/auth/reset", body,
                  {"Content-Type: application/json", "Host: evil.example"});
    CPPUNIT_ASSERT(other.status != 202);
  }

  void testUnknownAccountSameAnswerNoMail() {
    std::string nobody = "nobody-" + UniqueSuffix() + "@example.test";
    HttpClient http;
    HttpResult known =
        http.PostJson("/api/auth/reset", {{"login", user_.email}});
    HttpResult unknown = http.PostJson("/api/auth/reset", {{"login", nobody}});
    HttpResult unknown_login = http.PostJson(
        "/api/auth/reset", {{"login", "nobody-" + UniqueSuffix()}});
    CPPUNIT_ASSERT_EQUAL(202L, known.status);
    CPPUNIT_ASSERT_EQUAL(known.status, unknown.status);
    CPPUNIT_ASSERT_EQUAL(known.body, unknown.body);
    CPPUNIT_ASSERT_EQUAL(known.body, unknown_login.body);
    CPPUNIT_ASSERT(!WaitForMail(user_.email).is_null());
    std::this_thread::sleep_for(std::chrono::seconds(1));
    CPPUNIT_ASSERT_EQUAL(size_t{0}, MailsTo(nobody).size());
  }

  void testResetMailIsBilingualTextAndHtml() {
    HttpClient http;
    http.PostJson("/api/auth/reset", {{"login", user_.login}});
    Json mail = WaitForMail(user_.email);
    CPPUNIT_ASSERT(!mail.is_null());
    std::string subject = mail["subject"].get<std::string>();
    CPPUNIT_ASSERT_MESSAGE(subject,
                           subject.find("Reset hasła") != std::string::npos);
    CPPUNIT_ASSERT(subject.find("password reset") != std::string::npos);
    std::string text = mail["text"].get<std::string>();
    CPPUNIT_ASSERT(text.find("Dzień dobry") != std::string::npos);
    CPPUNIT_ASSERT(text.find("Hello") != std::string::npos);
    std::string html = mail["html"].get<std::string>();
    CPPUNIT_ASSERT(html.find("<a href=") != std::string::npos);
    CPPUNIT_ASSERT(html.find("ważny 30 minut") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(std::string("no-reply@actionplan.invalid"),
                         mail["from"][0].get<std::string>());
    // One mail per minute at most: a second request sends nothing new.
    http.PostJson("/api/auth/reset", {{"login", user_.login}});
    std::this_thread::sleep_for(std::chrono::seconds(1));
    CPPUNIT_ASSERT_EQUAL(size_t{1}, MailsTo(user_.email).size());
  }

  void testResetAppliesPolicyAndKeepsToken() {
    HttpClient http;
    http.PostJson("/api/auth/reset", {{"login", user_.login}});
    std::string token = TokenFromMail(WaitForMail(user_.email));
    HttpResult weak = Confirm(token, "password");
    CPPUNIT_ASSERT_EQUAL(422L, weak.status);
    CPPUNIT_ASSERT_EQUAL(std::string("weak_password"), ErrorOf(weak));
    CPPUNIT_ASSERT(!RulesOf(weak).empty());
    CPPUNIT_ASSERT_EQUAL(200L, Confirm(token, kNewPassword).status);
  }

  // A reset sets the password only: signing in afterwards still asks for
  // the second factor.
  void testResetDoesNotSkip2fa() {
    AdminCore().Execute(
        "INSERT INTO user_totp (user_id, secret_sealed, enabled_at) VALUES (" +
        std::to_string(user_.id) + ", 'x', UTC_TIMESTAMP(3))");
    HttpClient http;
    http.PostJson("/api/auth/reset", {{"login", user_.login}});
    std::string token = TokenFromMail(WaitForMail(user_.email));
    HttpResult r = Confirm(token, kNewPassword);
    CPPUNIT_ASSERT_EQUAL(200L, r.status);
    CPPUNIT_ASSERT(r.Header("set-cookie").empty());
    CPPUNIT_ASSERT(!r.json().contains("csrf_token"));
    HttpResult login = http.Login(user_.login, kNewPassword);
    CPPUNIT_ASSERT_EQUAL(200L, login.status);
    CPPUNIT_ASSERT_EQUAL(std::string("pending_2fa"),
                         login.json()["state"].get<std::string>());
  }

  void testInvitationSetsFirstPassword() {
    TestUser admin = CreateUser(tenant_, "admin");
    HttpClient http;
    http.Login(admin.login, admin.password);
    std::string login = "inv-" + UniqueSuffix();
    std::string email = login + "@example.test";
    HttpResult r = http.PostJson("/api/users", {{"login", login},
                                                {"email", email},
                                                {"display_name", "Zofia Nowak"},
                                                {"role", "member"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 201L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("invited"),
                         r.json()["status"].get<std::string>());
    Json mail = WaitForMail(email);
    CPPUNIT_ASSERT(!mail.is_null());
    std::string text = mail["text"].get<std::string>();
    CPPUNIT_ASSERT(text.find(BaseUrl() + "/set-password?token=") !=
                   std::string::npos);
    CPPUNIT_ASSERT(text.find("Zofia Nowak") != std::string::npos);
    std::string token = TokenFromMail(mail);
    CPPUNIT_ASSERT_EQUAL(
        std::string("604800"),
        QueryOne(AdminCore(),
                 "SELECT TIMESTAMPDIFF(SECOND, k.created_at, k.expires_at)"
                 " FROM user_tokens k JOIN users u ON u.id = k.user_id"
                 " WHERE u.login = '" +
                     login + "'"));

    HttpClient invited;
    CPPUNIT_ASSERT_EQUAL(401L, invited.Login(login, kNewPassword).status);
    Json policy = invited.Get("/api/auth/policy?token=" + token).json();
    CPPUNIT_ASSERT_EQUAL(std::string("contract"),
                         policy["mode"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(422L, Confirm(token, login).status);
    CPPUNIT_ASSERT_EQUAL(200L, Confirm(token, kNewPassword).status);
    CPPUNIT_ASSERT_EQUAL(400L, Confirm(token, kNewPassword).status);
    CPPUNIT_ASSERT_EQUAL(200L, invited.Login(login, kNewPassword).status);
    CPPUNIT_ASSERT_EQUAL(
        std::string("active"),
        QueryOne(AdminCore(),
                 "SELECT status FROM users WHERE login = '" + login + "'"));
  }

 private:
  TestTenant tenant_;
  TestUser user_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(LoginHardeningMailTest);

}  // namespace ap::test
