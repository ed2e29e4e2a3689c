// Two-factor sign-in through the real stack: enrolment, the second login
// step for browsers and the Pulse app, replay and guessing limits,
// recovery codes, turning it off, and per-organisation enforcement.
//
// Codes are computed here from the secret that setup hands out. Each test
// first makes sure the current 30-second step has time left, then works
// with the steps around it (one step of drift is accepted either way):
// enable with step T-1, the next login with T, a later one with T+1. So
// no test waits for a new step to get a fresh code.
#include <cppunit/extensions/HelperMacros.h>
#include <unistd.h>

#include <cctype>
#include <ctime>
#include <set>
#include <string>
#include <vector>

#include "common/config/config.h"
#include "common/crypto/totp.h"
#include "modules/twofa/secret_box.h"
#include "test/integration/fixtures.h"
#include "test/integration/http_client.h"
#include "test/integration/login_hardening_util.h"

namespace ap::test {
namespace {

// Endpoints of other modules a half-logged-in session must not reach.
// Some may not be built yet (404); every one that exists must refuse.
const std::vector<std::pair<std::string, std::string>> kOtherEndpoints = {
    {"GET", "/api/plans"},
    {"POST", "/api/plans"},
    {"GET", "/api/plans/1"},
    {"GET", "/api/plans/1/attachments"},
    {"GET", "/api/attachments/1"},
    {"GET", "/api/links"},
    {"POST", "/api/links"},
    {"GET", "/api/users"},
    {"GET", "/api/org"},
    {"GET", "/api/auth/sessions"},
    {"POST", "/api/auth/password"},
};

// Our own endpoints that need a full session.
const std::vector<std::pair<std::string, std::string>> kFullOnly2fa = {
    {"POST", "/api/2fa/disable"},
    {"POST", "/api/2fa/recovery"},
    {"GET", "/api/2fa/enforcement"},
};

// The current step, after waiting out the end of a nearly spent one, so
// that T-1, T and T+1 all stay acceptable for the rest of the test.
int64_t SafeStep() {
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  int64_t left = kTotpPeriodSeconds - now % kTotpPeriodSeconds;
  if (left < 10) sleep(static_cast<unsigned>(left + 1));
  return TotpStep(static_cast<int64_t>(std::time(nullptr)));
}

std::string CodeAt(const std::string& secret, int64_t step) {
  return Totp(secret, step * kTotpPeriodSeconds);
}

std::string ErrorOf(const HttpResult& r) {
  Json j = r.json();
  return j.is_object() && j.contains("error") && j["error"].is_string()
             ? j["error"].get<std::string>()
             : "";
}

HttpResult Call(HttpClient& http, const std::string& method,
                const std::string& path) {
  if (method == "GET") return http.Get(path);
  if (method == "PATCH") return http.PatchJson(path, Json::object());
  return http.PostJson(path, Json::object());
}

std::string Q(const std::string& sql) { return QueryOne(AdminCore(), sql); }

std::string Id(int64_t id) { return std::to_string(id); }

struct Enrolment {
  std::string secret;  // raw bytes
  std::string base32;
  std::vector<std::string> recovery_codes;
};

}  // namespace

class TwofaTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(TwofaTest);
  CPPUNIT_TEST(testSetupGivesSecretUriAndQr);
  CPPUNIT_TEST(testSecretIsStoredSealedForItsUser);
  CPPUNIT_TEST(testEnableNeedsTheRightCode);
  CPPUNIT_TEST(testAccountWithoutPasswordEnrolsAfterFreshSignIn);
  CPPUNIT_TEST(testAccountWithoutPasswordDisablesAfterFreshSignIn);
  CPPUNIT_TEST(testEnableGivesRecoveryCodesStoredHashed);
  CPPUNIT_TEST(testEnableEndsOtherSessions);
  CPPUNIT_TEST(testSetupRefusedWhenEnabled);
  CPPUNIT_TEST(testPendingSessionIsRefusedEverywhere);
  CPPUNIT_TEST(testRightCodeMakesSessionFullWithNewToken);
  CPPUNIT_TEST(testUsedCodeIsRefused);
  CPPUNIT_TEST(testFiveWrongCodesRevokePendingSession);
  CPPUNIT_TEST(testPasswordStepKeepsWrongCodesCounted);
  CPPUNIT_TEST(testRecoveryCodeWorksOnce);
  CPPUNIT_TEST(testVerifyRefusesSessionNotPending);
  CPPUNIT_TEST(testVerifyNeedsCsrf);
  CPPUNIT_TEST(testDisableNeedsPasswordAndCode);
  CPPUNIT_TEST(testDisableWhenEnforcedLeavesOnlyEnrolment);
  CPPUNIT_TEST(testNewRecoveryCodesVoidOldOnes);
  CPPUNIT_TEST(testEnforcementAllowsOnlyEnrolment);
  CPPUNIT_TEST(testEnforcementViewListsWhoIsNotEnrolled);
  CPPUNIT_TEST(testEnforcementViewIsForAdminsOnly);
  CPPUNIT_TEST(testPulseEnrolsAndVerifiesWithBearer);
  CPPUNIT_TEST(testApctlResetRemoves2fa);
  CPPUNIT_TEST(testEnableFromFullSessionNeedsPassword);
  CPPUNIT_TEST(testEnableRefusedWhileLockedOut);
  CPPUNIT_TEST(testOldEnrolOnlySessionNeedsPassword);
  CPPUNIT_TEST(testEnableRotatesToken);
  CPPUNIT_TEST(testDisableCountsWrongPasswordAndCode);
  CPPUNIT_TEST(testDisableRefusedWhileLockedOut);
  CPPUNIT_TEST(testDisableRotatesToken);
  CPPUNIT_TEST(testPulseDisableGetsNewToken);
  CPPUNIT_TEST(testRecoveryNeedsPasswordAndCode);
  CPPUNIT_TEST(testRecoveryRefusedWhileLockedOut);
  CPPUNIT_TEST(testEnforcingRestrictsUnenrolledSessions);
  CPPUNIT_TEST_SUITE_END();

 public:
  // Making a tenant takes about a second, so the tests share one; those
  // that change the organisation's setting or list its users take their
  // own (OwnTenant).
  void setUp() override {
    static const TestTenant shared = CreateTenant("2fa");
    tenant_ = shared;
    user_ = CreateUser(tenant_);
  }

  void testSetupGivesSecretUriAndQr() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    HttpResult r = http.PostJson("/api/2fa/setup", Json::object());
    CPPUNIT_ASSERT_EQUAL(200L, r.status);
    Json j = r.json();
    std::string b32 = j["secret"];
    std::string secret;
    CPPUNIT_ASSERT(Base32Decode(b32, &secret));
    CPPUNIT_ASSERT_EQUAL(size_t{20}, secret.size());
    std::string uri = j["otpauth_uri"];
    CPPUNIT_ASSERT(uri.rfind("otpauth://totp/", 0) == 0);
    CPPUNIT_ASSERT(uri.find("secret=" + b32) != std::string::npos);
    CPPUNIT_ASSERT(uri.find("digits=6") != std::string::npos);
    CPPUNIT_ASSERT(uri.find("period=30") != std::string::npos);
    CPPUNIT_ASSERT(j["qr_svg"].get<std::string>().find("<svg") !=
                   std::string::npos);

    Json status = http.Get("/api/2fa/status").json();
    CPPUNIT_ASSERT_EQUAL(false, status["enabled"].get<bool>());
    CPPUNIT_ASSERT_EQUAL(true, status["setup_pending"].get<bool>());
  }

  void testSecretIsStoredSealedForItsUser() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    Json j = http.PostJson("/api/2fa/setup", Json::object()).json();
    std::string b32 = j["secret"];
    std::string secret;
    CPPUNIT_ASSERT(Base32Decode(b32, &secret));

    std::string where = " FROM user_totp WHERE user_id = " + Id(user_.id);
    CPPUNIT_ASSERT_EQUAL(std::string("0"),
                         Q("SELECT secret_sealed = '" + b32 + "'" + where));
    CPPUNIT_ASSERT_EQUAL(std::string("0"), Q("SELECT LOCATE('" + b32 +
                                             "', secret_sealed)" + where));
    CPPUNIT_ASSERT_EQUAL(std::string("0"),
                         Q("SELECT LOCATE(UNHEX('" + HexOf(secret) +
                           "'), secret_sealed)" + where));
    std::string sealed = Unhex(Q("SELECT HEX(secret_sealed)" + where));
    CPPUNIT_ASSERT_EQUAL(secret, *twofa::OpenSecret(Key(), user_.id, sealed));
    CPPUNIT_ASSERT(!twofa::OpenSecret(Key(), user_.id + 1, sealed).ok());
  }

  // An account that signs in only through a provider has no password to
  // give: a sign-in of the last ten minutes is its proof, and an older
  // session is told to sign in again, with nothing started.
  void testAccountWithoutPasswordEnrolsAfterFreshSignIn() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    AdminCore().Execute("UPDATE users SET password_hash = NULL WHERE id = " +
                        Id(user_.id));
    AdminCore().Execute(
        "UPDATE sessions SET created_at = created_at - INTERVAL 1 HOUR"
        " WHERE user_id = " +
        Id(user_.id));
    HttpResult stale = http.PostJson("/api/2fa/setup", Json::object());
    CPPUNIT_ASSERT_EQUAL(403L, stale.status);
    CPPUNIT_ASSERT_EQUAL(std::string("reauth_required"), ErrorOf(stale));
    CPPUNIT_ASSERT_EQUAL(std::string("0"), Q("SELECT COUNT(*)" + TotpWhere()));

    AdminCore().Execute(
        "UPDATE sessions SET created_at = UTC_TIMESTAMP(3) WHERE user_id = " +
        Id(user_.id));
    HttpResult setup = http.PostJson("/api/2fa/setup", Json::object());
    CPPUNIT_ASSERT_EQUAL(200L, setup.status);
    CPPUNIT_ASSERT_EQUAL(false, setup.json()["password_required"].get<bool>());
    std::string secret;
    CPPUNIT_ASSERT(
        Base32Decode(setup.json()["secret"].get<std::string>(), &secret));
    HttpResult on = http.PostJson("/api/2fa/enable",
                                  {{"code", CodeAt(secret, SafeStep())}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(on.body, 200L, on.status);
    CPPUNIT_ASSERT_EQUAL(std::string("0"),
                         Q("SELECT enabled_at IS NULL" + TotpWhere()));
  }

  // The same rule for turning 2FA off: the code, and a recent sign-in in
  // place of the password the account does not have.
  void testAccountWithoutPasswordDisablesAfterFreshSignIn() {
    Enrolment e = EnrolUser();
    HttpClient http;
    http.Login(user_.login, user_.password);
    CPPUNIT_ASSERT_EQUAL(200L,
                         Verify(http, CodeAt(e.secret, step_ + 1)).status);
    AdminCore().Execute("UPDATE users SET password_hash = NULL WHERE id = " +
                        Id(user_.id));
    AdminCore().Execute(
        "UPDATE sessions SET created_at = created_at - INTERVAL 1 HOUR"
        " WHERE user_id = " +
        Id(user_.id));
    HttpResult stale =
        http.PostJson("/api/2fa/disable", {{"code", e.recovery_codes.at(0)}});
    CPPUNIT_ASSERT_EQUAL(403L, stale.status);
    CPPUNIT_ASSERT_EQUAL(std::string("reauth_required"), ErrorOf(stale));
    CPPUNIT_ASSERT_EQUAL(std::string("0"),
                         Q("SELECT enabled_at IS NULL" + TotpWhere()));

    AdminCore().Execute(
        "UPDATE sessions SET created_at = UTC_TIMESTAMP(3) WHERE user_id = " +
        Id(user_.id));
    HttpResult off =
        http.PostJson("/api/2fa/disable", {{"code", e.recovery_codes.at(0)}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(off.body, 200L, off.status);
    CPPUNIT_ASSERT_EQUAL(std::string("0"), Q("SELECT COUNT(*)" + TotpWhere()));
  }

  void testEnableNeedsTheRightCode() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    std::string secret = Setup(http).secret;
    int64_t t = SafeStep();
    HttpResult wrong = http.PostJson(
        "/api/2fa/enable",
        {{"code", WrongCode(secret, t)}, {"password", user_.password}});
    CPPUNIT_ASSERT_EQUAL(422L, wrong.status);
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_code"), ErrorOf(wrong));
    CPPUNIT_ASSERT_EQUAL(std::string("1"),
                         Q("SELECT enabled_at IS NULL FROM user_totp"
                           " WHERE user_id = " +
                           Id(user_.id)));
    HttpResult far = http.PostJson(
        "/api/2fa/enable",
        {{"code", CodeAt(secret, t - 3)}, {"password", user_.password}});
    CPPUNIT_ASSERT_EQUAL(422L, far.status);

    HttpResult right = http.PostJson(
        "/api/2fa/enable",
        {{"code", CodeAt(secret, t)}, {"password", user_.password}});
    CPPUNIT_ASSERT_EQUAL(200L, right.status);
    CPPUNIT_ASSERT_EQUAL(true, right.json()["enabled"].get<bool>());
    CPPUNIT_ASSERT_EQUAL(Id(t), Q("SELECT last_step FROM user_totp"
                                  " WHERE enabled_at IS NOT NULL"
                                  " AND user_id = " +
                                  Id(user_.id)));
    CPPUNIT_ASSERT_EQUAL(std::string("1"),
                         Q("SELECT COUNT(*) FROM audit_log WHERE event ="
                           " '2fa_enabled' AND user_id = " +
                           Id(user_.id)));
  }

  void testEnableGivesRecoveryCodesStoredHashed() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    Enrolment e = Enrol(http);
    CPPUNIT_ASSERT_EQUAL(size_t{10}, e.recovery_codes.size());
    std::set<std::string> distinct(e.recovery_codes.begin(),
                                   e.recovery_codes.end());
    CPPUNIT_ASSERT_EQUAL(size_t{10}, distinct.size());
    for (const std::string& code : e.recovery_codes) {
      CPPUNIT_ASSERT_EQUAL(size_t{11}, code.size());
      CPPUNIT_ASSERT_EQUAL('-', code[5]);
    }
    std::string rows = " FROM recovery_codes WHERE user_id = " + Id(user_.id);
    CPPUNIT_ASSERT_EQUAL(std::string("10"), Q("SELECT COUNT(*)" + rows));
    CPPUNIT_ASSERT_EQUAL(
        std::string("0"),
        Q("SELECT COUNT(*)" + rows + " AND (code_hash = '" +
          e.recovery_codes[0] + "' OR LOCATE('" +
          e.recovery_codes[0].substr(0, 5) + "', code_hash) > 0)"));
  }

  void testEnableEndsOtherSessions() {
    HttpClient other;
    other.Login(user_.login, user_.password);
    HttpClient http;
    http.Login(user_.login, user_.password);
    Enrol(http);
    CPPUNIT_ASSERT_EQUAL(401L, other.Get("/api/auth/session").status);
    CPPUNIT_ASSERT_EQUAL(200L, http.Get("/api/2fa/status").status);
  }

  void testSetupRefusedWhenEnabled() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    Enrolment e = Enrol(http);
    HttpResult again = http.PostJson("/api/2fa/setup", Json::object());
    CPPUNIT_ASSERT_EQUAL(409L, again.status);
    CPPUNIT_ASSERT_EQUAL(std::string("2fa_already_enabled"), ErrorOf(again));
    // The enabled secret is untouched.
    std::string sealed =
        Unhex(Q("SELECT HEX(secret_sealed) FROM user_totp"
                " WHERE user_id = " +
                Id(user_.id)));
    CPPUNIT_ASSERT_EQUAL(e.secret, *twofa::OpenSecret(Key(), user_.id, sealed));
  }

  void testPendingSessionIsRefusedEverywhere() {
    EnrolUser();
    HttpClient http;
    HttpResult login = http.Login(user_.login, user_.password);
    CPPUNIT_ASSERT_EQUAL(200L, login.status);
    CPPUNIT_ASSERT_EQUAL(std::string("pending_2fa"),
                         login.json()["state"].get<std::string>());

    for (const auto& [method, path] : kOtherEndpoints) {
      HttpResult r = Call(http, method, path);
      std::string what = method + " " + path;
      CPPUNIT_ASSERT_MESSAGE(what, r.status != 200 && r.status != 201);
      if (r.status == 404 && ErrorOf(r) == "not_found") continue;
      CPPUNIT_ASSERT_EQUAL_MESSAGE(what, 403L, r.status);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(what, std::string("2fa_required"),
                                   ErrorOf(r));
    }
    for (const auto& [method, path] : kFullOnly2fa) {
      HttpResult r = Call(http, method, path);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(path, 403L, r.status);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(path, std::string("2fa_required"),
                                   ErrorOf(r));
    }
    HttpResult setup = http.PostJson("/api/2fa/setup", Json::object());
    CPPUNIT_ASSERT_EQUAL(403L, setup.status);
    CPPUNIT_ASSERT_EQUAL(std::string("2fa_required"), ErrorOf(setup));

    // Who am I and logout stay open.
    CPPUNIT_ASSERT_EQUAL(200L, http.Get("/api/auth/session").status);
    CPPUNIT_ASSERT_EQUAL(204L,
                         http.Send("POST", "/api/auth/logout", "", {}).status);
  }

  void testRightCodeMakesSessionFullWithNewToken() {
    Enrolment e = EnrolUser();
    HttpClient http;
    http.Login(user_.login, user_.password);
    std::string pending_token = http.SessionCookie();

    HttpResult r = Verify(http, CodeAt(e.secret, step_));
    CPPUNIT_ASSERT_EQUAL(200L, r.status);
    Json j = r.json();
    CPPUNIT_ASSERT_EQUAL(std::string("full"), j["state"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(user_.login, j["user"]["login"].get<std::string>());
    CPPUNIT_ASSERT_EQUAL(tenant_.slug, j["tenant"]["slug"].get<std::string>());
    CPPUNIT_ASSERT(!j.contains("token"));
    CPPUNIT_ASSERT(r.Header("set-cookie").rfind("__Host-ap_session=", 0) == 0);
    CPPUNIT_ASSERT(http.SessionCookie() != pending_token);

    CPPUNIT_ASSERT_EQUAL(200L, http.Get("/api/2fa/status").status);
    CPPUNIT_ASSERT_EQUAL(200L,
                         NewCodes(http, CodeAt(e.secret, step_ + 1)).status);
    HttpClient old;
    old.SetCookie("__Host-ap_session", pending_token);
    CPPUNIT_ASSERT_EQUAL(401L, old.Get("/api/auth/session").status);
  }

  void testUsedCodeIsRefused() {
    Enrolment e = EnrolUser();
    HttpClient first;
    first.Login(user_.login, user_.password);
    CPPUNIT_ASSERT_EQUAL(200L, Verify(first, CodeAt(e.secret, step_)).status);

    HttpClient second;
    second.Login(user_.login, user_.password);
    HttpResult replay = Verify(second, CodeAt(e.secret, step_));
    CPPUNIT_ASSERT_EQUAL(422L, replay.status);
    CPPUNIT_ASSERT_EQUAL(std::string("code_reused"), ErrorOf(replay));
    CPPUNIT_ASSERT_EQUAL(4, replay.json()["attempts_left"].get<int>());
    // An older code (the one used to enable) is refused as well, and a
    // wrong one still answers invalid_code.
    HttpResult older = Verify(second, CodeAt(e.secret, step_ - 1));
    CPPUNIT_ASSERT_EQUAL(422L, older.status);
    CPPUNIT_ASSERT_EQUAL(std::string("code_reused"), ErrorOf(older));
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_code"),
                         ErrorOf(Verify(second, WrongCode(e.secret, step_))));
    CPPUNIT_ASSERT_EQUAL(200L,
                         Verify(second, CodeAt(e.secret, step_ + 1)).status);
  }

  void testFiveWrongCodesRevokePendingSession() {
    Enrolment e = EnrolUser();
    HttpClient http;
    http.Login(user_.login, user_.password);
    std::string wrong = WrongCode(e.secret, step_);
    for (int i = 1; i < 5; ++i) {
      HttpResult r = Verify(http, wrong);
      CPPUNIT_ASSERT_EQUAL(422L, r.status);
      CPPUNIT_ASSERT_EQUAL(5 - i, r.json()["attempts_left"].get<int>());
    }
    HttpResult fifth = Verify(http, wrong);
    CPPUNIT_ASSERT_EQUAL(401L, fifth.status);
    CPPUNIT_ASSERT_EQUAL(std::string("2fa_locked"), ErrorOf(fifth));

    // Even the right code cannot revive it: the user starts over.
    CPPUNIT_ASSERT_EQUAL(401L, Verify(http, CodeAt(e.secret, step_)).status);
    CPPUNIT_ASSERT_EQUAL(401L, http.Get("/api/auth/session").status);
    std::string audit =
        "SELECT COUNT(*) FROM audit_log WHERE user_id = " + Id(user_.id) +
        " AND event = ";
    CPPUNIT_ASSERT_EQUAL(std::string("5"), Q(audit + "'2fa_failure'"));
    CPPUNIT_ASSERT_EQUAL(std::string("1"), Q(audit + "'2fa_lockout'"));

    // The wrong codes counted as failed sign-ins of the account: the next
    // password step wants a captcha.
    HttpClient again;
    HttpResult login = again.Login(user_.login, user_.password);
    CPPUNIT_ASSERT_EQUAL(std::string("captcha_required"), ErrorOf(login));
    login = again.PostJson("/api/auth/login", {{"login", user_.login},
                                               {"password", user_.password},
                                               {"captcha", "valid-2fa-test"}});
    CPPUNIT_ASSERT_EQUAL(200L, login.status);
    again.set_csrf(login.json()["csrf_token"]);
    CPPUNIT_ASSERT_EQUAL(200L, Verify(again, CodeAt(e.secret, step_)).status);
  }

  // Regression: the password step used to forget the account's failures
  // even when 2FA was still to come, so whoever knew the password could
  // guess codes without end by signing in again every four tries.
  void testPasswordStepKeepsWrongCodesCounted() {
    Enrolment e = EnrolUser();
    std::string wrong = WrongCode(e.secret, step_);
    HttpClient first;
    first.Login(user_.login, user_.password);
    for (int i = 0; i < 4; ++i) {
      CPPUNIT_ASSERT_EQUAL(422L, Verify(first, wrong).status);
    }

    HttpClient second;
    CPPUNIT_ASSERT_EQUAL(200L,
                         second.Login(user_.login, user_.password).status);
    CPPUNIT_ASSERT_EQUAL(422L, Verify(second, wrong).status);

    // Five failures in all: the next password step wants a captcha.
    HttpClient third;
    CPPUNIT_ASSERT_EQUAL(std::string("captcha_required"),
                         ErrorOf(third.Login(user_.login, user_.password)));
  }

  void testRecoveryCodeWorksOnce() {
    Enrolment e = EnrolUser();
    std::string code = e.recovery_codes[3];
    HttpClient http;
    http.Login(user_.login, user_.password);
    // Typed in upper case without the dash: still the same code.
    std::string typed = code.substr(0, 5) + code.substr(6);
    for (char& c : typed) c = static_cast<char>(std::toupper(c));
    CPPUNIT_ASSERT_EQUAL(200L, Verify(http, typed).status);
    CPPUNIT_ASSERT_EQUAL(
        9,
        http.Get("/api/2fa/status").json()["recovery_codes_left"].get<int>());

    HttpClient again;
    again.Login(user_.login, user_.password);
    HttpResult reused = Verify(again, code);
    CPPUNIT_ASSERT_EQUAL(422L, reused.status);
    CPPUNIT_ASSERT_EQUAL(200L, Verify(again, e.recovery_codes[4]).status);
  }

  void testVerifyRefusesSessionNotPending() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    HttpResult r = Verify(http, "123456");
    CPPUNIT_ASSERT_EQUAL(409L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("not_pending"), ErrorOf(r));
    CPPUNIT_ASSERT_EQUAL(
        401L,
        HttpClient().PostJson("/api/2fa/verify", {{"code", "123456"}}).status);
  }

  void testVerifyNeedsCsrf() {
    Enrolment e = EnrolUser();
    HttpClient http;
    http.Login(user_.login, user_.password);
    http.set_send_csrf(false);
    HttpResult r = Verify(http, CodeAt(e.secret, step_));
    CPPUNIT_ASSERT_EQUAL(403L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("csrf"), ErrorOf(r));
    http.set_send_csrf(true);
    CPPUNIT_ASSERT_EQUAL(200L, Verify(http, CodeAt(e.secret, step_)).status);
  }

  void testDisableNeedsPasswordAndCode() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    Enrolment e = Enrol(http);
    HttpClient other;
    other.Login(user_.login, user_.password);
    CPPUNIT_ASSERT_EQUAL(200L, Verify(other, CodeAt(e.secret, step_)).status);

    HttpResult bad_password = http.PostJson(
        "/api/2fa/disable", {{"password", "Wrong-Passw0rd!"},
                             {"code", CodeAt(e.secret, step_ + 1)}});
    CPPUNIT_ASSERT_EQUAL(422L, bad_password.status);
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_password"),
                         ErrorOf(bad_password));
    HttpResult bad_code = http.PostJson(
        "/api/2fa/disable", {{"password", user_.password},
                             {"code", WrongCode(e.secret, step_ + 1)}});
    CPPUNIT_ASSERT_EQUAL(422L, bad_code.status);
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_code"), ErrorOf(bad_code));
    CPPUNIT_ASSERT_EQUAL(
        400L, http.PostJson("/api/2fa/disable", {{"password", user_.password}})
                  .status);

    HttpResult ok = http.PostJson(
        "/api/2fa/disable",
        {{"password", user_.password}, {"code", CodeAt(e.secret, step_ + 1)}});
    CPPUNIT_ASSERT_EQUAL(200L, ok.status);
    CPPUNIT_ASSERT_EQUAL(false, ok.json()["enabled"].get<bool>());
    std::string where = " WHERE user_id = " + Id(user_.id);
    CPPUNIT_ASSERT_EQUAL(std::string("0"),
                         Q("SELECT COUNT(*) FROM user_totp" + where));
    CPPUNIT_ASSERT_EQUAL(std::string("0"),
                         Q("SELECT COUNT(*) FROM recovery_codes" + where));
    CPPUNIT_ASSERT_EQUAL(401L, other.Get("/api/auth/session").status);
    CPPUNIT_ASSERT_EQUAL(std::string("1"),
                         Q("SELECT COUNT(*) FROM audit_log WHERE event ="
                           " '2fa_disabled' AND user_id = " +
                           Id(user_.id)));

    HttpClient fresh;
    CPPUNIT_ASSERT_EQUAL(std::string("full"),
                         fresh.Login(user_.login, user_.password)
                             .json()["state"]
                             .get<std::string>());
  }

  void testDisableWhenEnforcedLeavesOnlyEnrolment() {
    OwnTenant();
    HttpClient http;
    http.Login(user_.login, user_.password);
    Enrolment e = Enrol(http);
    AdminCore().Execute("UPDATE tenants SET enforce_2fa = 1 WHERE id = " +
                        Id(tenant_.id));
    HttpResult r = http.PostJson(
        "/api/2fa/disable",
        {{"password", user_.password}, {"code", CodeAt(e.secret, step_)}});
    CPPUNIT_ASSERT_EQUAL(200L, r.status);
    Json session = r.json()["session"];
    CPPUNIT_ASSERT_EQUAL(std::string("enrol_only"),
                         session["state"].get<std::string>());
    http.set_csrf(session["csrf_token"]);
    HttpResult recovery = http.PostJson("/api/2fa/recovery", Json::object());
    CPPUNIT_ASSERT_EQUAL(403L, recovery.status);
    CPPUNIT_ASSERT_EQUAL(std::string("2fa_enrolment_required"),
                         ErrorOf(recovery));
    CPPUNIT_ASSERT_EQUAL(
        200L, http.PostJson("/api/2fa/setup", Json::object()).status);
  }

  void testNewRecoveryCodesVoidOldOnes() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    Enrolment e = Enrol(http);
    HttpResult r = NewCodes(http, CodeAt(e.secret, step_));
    CPPUNIT_ASSERT_EQUAL(200L, r.status);
    std::vector<std::string> fresh = r.json()["recovery_codes"];
    CPPUNIT_ASSERT_EQUAL(size_t{10}, fresh.size());

    HttpClient login;
    login.Login(user_.login, user_.password);
    CPPUNIT_ASSERT_EQUAL(422L, Verify(login, e.recovery_codes[0]).status);
    CPPUNIT_ASSERT_EQUAL(200L, Verify(login, fresh[0]).status);
  }

  void testEnforcementAllowsOnlyEnrolment() {
    OwnTenant();
    AdminCore().Execute("UPDATE tenants SET enforce_2fa = 1 WHERE id = " +
                        Id(tenant_.id));
    HttpClient http;
    HttpResult login = http.Login(user_.login, user_.password);
    CPPUNIT_ASSERT_EQUAL(std::string("enrol_only"),
                         login.json()["state"].get<std::string>());
    std::string enrol_token = http.SessionCookie();

    for (const auto& [method, path] : kOtherEndpoints) {
      HttpResult r = Call(http, method, path);
      CPPUNIT_ASSERT_MESSAGE(path, r.status != 200 && r.status != 201);
      if (r.status == 404 && ErrorOf(r) == "not_found") continue;
      CPPUNIT_ASSERT_EQUAL_MESSAGE(path, std::string("2fa_enrolment_required"),
                                   ErrorOf(r));
    }
    for (const auto& [method, path] : kFullOnly2fa) {
      HttpResult r = Call(http, method, path);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(path, 403L, r.status);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(path, std::string("2fa_enrolment_required"),
                                   ErrorOf(r));
    }
    CPPUNIT_ASSERT_EQUAL(409L, Verify(http, "123456").status);
    Json status = http.Get("/api/2fa/status").json();
    CPPUNIT_ASSERT_EQUAL(true, status["enforced"].get<bool>());

    // Straight from sign-in, enrolment needs no second password.
    HttpResult setup = http.PostJson("/api/2fa/setup", Json::object());
    CPPUNIT_ASSERT_EQUAL(false, setup.json()["password_required"].get<bool>());
    std::string secret;
    CPPUNIT_ASSERT(
        Base32Decode(setup.json()["secret"].get<std::string>(), &secret));
    int64_t t = SafeStep();
    HttpResult enabled =
        http.PostJson("/api/2fa/enable", {{"code", CodeAt(secret, t)}});
    CPPUNIT_ASSERT_EQUAL(200L, enabled.status);
    Json session = enabled.json()["session"];
    CPPUNIT_ASSERT_EQUAL(std::string("full"),
                         session["state"].get<std::string>());
    CPPUNIT_ASSERT(http.SessionCookie() != enrol_token);
    http.set_csrf(session["csrf_token"]);
    CPPUNIT_ASSERT_EQUAL(200L, NewCodes(http, CodeAt(secret, t + 1)).status);
    HttpClient old;
    old.SetCookie("__Host-ap_session", enrol_token);
    CPPUNIT_ASSERT_EQUAL(401L, old.Get("/api/auth/session").status);
  }

  void testEnforcementViewListsWhoIsNotEnrolled() {
    OwnTenant();
    TestUser admin = CreateUser(tenant_, "admin");
    HttpClient http;
    http.Login(admin.login, admin.password);
    HttpResult before = http.Get("/api/2fa/enforcement");
    CPPUNIT_ASSERT_EQUAL(200L, before.status);
    CPPUNIT_ASSERT_EQUAL(false, before.json()["enforced"].get<bool>());
    std::set<std::string> logins = NotEnrolled(before);
    CPPUNIT_ASSERT(logins.count(admin.login) == 1);
    CPPUNIT_ASSERT(logins.count(user_.login) == 1);

    Enrol(http);
    AdminCore().Execute("UPDATE tenants SET enforce_2fa = 1 WHERE id = " +
                        Id(tenant_.id));
    HttpResult after = http.Get("/api/2fa/enforcement");
    CPPUNIT_ASSERT_EQUAL(true, after.json()["enforced"].get<bool>());
    logins = NotEnrolled(after);
    CPPUNIT_ASSERT(logins.count(admin.login) == 0);
    CPPUNIT_ASSERT(logins.count(user_.login) == 1);
    Json entry = after.json()["not_enrolled"][0];
    CPPUNIT_ASSERT(entry.contains("id") && entry.contains("display_name"));
  }

  void testEnforcementViewIsForAdminsOnly() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    HttpResult r = http.Get("/api/2fa/enforcement");
    CPPUNIT_ASSERT_EQUAL(403L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("forbidden"), ErrorOf(r));
    CPPUNIT_ASSERT(r.body.find(user_.login) == std::string::npos);
  }

  void testPulseEnrolsAndVerifiesWithBearer() {
    HttpClient pulse;
    pulse.LoginPulse(user_.login, user_.password);
    pulse.set_send_csrf(false);
    pulse.set_origin("");
    HttpResult setup = pulse.PostJson("/api/2fa/setup", Json::object());
    CPPUNIT_ASSERT_EQUAL(200L, setup.status);
    std::string secret;
    CPPUNIT_ASSERT(
        Base32Decode(setup.json()["secret"].get<std::string>(), &secret));
    step_ = SafeStep();
    std::string before = pulse.bearer();
    HttpResult enabled = pulse.PostJson(
        "/api/2fa/enable",
        {{"code", CodeAt(secret, step_ - 1)}, {"password", user_.password}});
    CPPUNIT_ASSERT_EQUAL(200L, enabled.status);
    // Enabling rotated the bearer session's token: the new one is in the
    // body, the old one is dead.
    CPPUNIT_ASSERT(enabled.Header("set-cookie").empty());
    std::string rotated = enabled.json()["token"];
    CPPUNIT_ASSERT_EQUAL(size_t{43}, rotated.size());
    CPPUNIT_ASSERT_EQUAL(401L, pulse.Get("/api/auth/session").status);
    pulse.set_bearer(rotated);
    CPPUNIT_ASSERT_EQUAL(200L, pulse.Get("/api/auth/session").status);
    CPPUNIT_ASSERT(rotated != before);

    HttpClient app;
    HttpResult login = app.LoginPulse(user_.login, user_.password);
    CPPUNIT_ASSERT_EQUAL(std::string("pending_2fa"),
                         login.json()["state"].get<std::string>());
    app.set_send_csrf(false);
    app.set_origin("");
    CPPUNIT_ASSERT_EQUAL(403L, app.Get("/api/2fa/status").status);
    std::string pending_token = app.bearer();
    HttpResult r =
        app.PostJson("/api/2fa/verify", {{"code", CodeAt(secret, step_)}});
    CPPUNIT_ASSERT_EQUAL(200L, r.status);
    CPPUNIT_ASSERT(r.Header("set-cookie").empty());
    Json j = r.json();
    CPPUNIT_ASSERT_EQUAL(std::string("full"), j["state"].get<std::string>());
    std::string token = j["token"];
    CPPUNIT_ASSERT_EQUAL(size_t{43}, token.size());
    CPPUNIT_ASSERT(token != pending_token);

    CPPUNIT_ASSERT_EQUAL(401L, app.Get("/api/auth/session").status);
    app.set_bearer(token);
    CPPUNIT_ASSERT_EQUAL(200L, app.Get("/api/2fa/status").status);
  }

  void testApctlResetRemoves2fa() {
    EnrolUser();
    HttpClient http;
    http.Login(user_.login, user_.password);
    std::string out;
    CPPUNIT_ASSERT_EQUAL(0,
                         RunApctl("user reset-2fa " + user_.login, "", &out));
    std::string where = " WHERE user_id = " + Id(user_.id);
    CPPUNIT_ASSERT_EQUAL(std::string("0"),
                         Q("SELECT COUNT(*) FROM user_totp" + where));
    CPPUNIT_ASSERT_EQUAL(std::string("0"),
                         Q("SELECT COUNT(*) FROM recovery_codes" + where));
    CPPUNIT_ASSERT_EQUAL(401L, http.Get("/api/auth/session").status);
    CPPUNIT_ASSERT_EQUAL(std::string("1"),
                         Q("SELECT COUNT(*) FROM audit_log WHERE event ="
                           " '2fa_reset'" +
                           std::string(" AND user_id = ") + Id(user_.id)));

    HttpClient fresh;
    CPPUNIT_ASSERT_EQUAL(std::string("full"),
                         fresh.Login(user_.login, user_.password)
                             .json()["state"]
                             .get<std::string>());
    CPPUNIT_ASSERT(
        RunApctl("user reset-2fa nobody-" + UniqueSuffix(), "", &out) != 0);
  }

  // --- Re-authentication for changes of the second factor ----------------

  // Regression: a stolen full session could put the thief's authenticator
  // on an account without 2FA.
  void testEnableFromFullSessionNeedsPassword() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    HttpResult setup = http.PostJson("/api/2fa/setup", Json::object());
    CPPUNIT_ASSERT_EQUAL(true, setup.json()["password_required"].get<bool>());
    std::string secret;
    CPPUNIT_ASSERT(
        Base32Decode(setup.json()["secret"].get<std::string>(), &secret));
    int64_t t = SafeStep();

    HttpResult none =
        http.PostJson("/api/2fa/enable", {{"code", CodeAt(secret, t)}});
    CPPUNIT_ASSERT_EQUAL(400L, none.status);
    CPPUNIT_ASSERT_EQUAL(std::string("missing_field"), ErrorOf(none));
    HttpResult wrong = http.PostJson(
        "/api/2fa/enable",
        {{"code", CodeAt(secret, t)}, {"password", "Wrong-Passw0rd!"}});
    CPPUNIT_ASSERT_EQUAL(422L, wrong.status);
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_password"), ErrorOf(wrong));
    CPPUNIT_ASSERT_EQUAL(1, AccountFailures(user_.id));
    CPPUNIT_ASSERT_EQUAL(std::string("1"), AuditCount("2fa_password_failure"));
    CPPUNIT_ASSERT_EQUAL(
        std::string("1 0"),
        Q("SELECT CONCAT(enabled_at IS NULL, ' ', last_step)" + TotpWhere()));
    CPPUNIT_ASSERT_EQUAL(std::string("0"), AuditCount("2fa_enabled"));
    ResetIpThrottle();

    HttpResult right = http.PostJson(
        "/api/2fa/enable",
        {{"code", CodeAt(secret, t)}, {"password", user_.password}});
    CPPUNIT_ASSERT_EQUAL(200L, right.status);
  }

  void testEnableRefusedWhileLockedOut() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    std::string secret = Setup(http).secret;
    int64_t t = SafeStep();
    SetAccountFailures(user_.id, 10);
    HttpResult r = http.PostJson(
        "/api/2fa/enable",
        {{"code", CodeAt(secret, t)}, {"password", user_.password}});
    CPPUNIT_ASSERT_EQUAL(429L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("too_many_attempts"), ErrorOf(r));
    CPPUNIT_ASSERT(std::stoi(r.Header("retry-after")) > 0);
    CPPUNIT_ASSERT_EQUAL(std::string("1"),
                         Q("SELECT enabled_at IS NULL" + TotpWhere()));
    // Locked: not even a wrong password is counted or checked.
    CPPUNIT_ASSERT_EQUAL(10, AccountFailures(user_.id));
  }

  // An enrol-only session that was signed in a while ago (here: one the
  // organisation's new rule moved to enrolment) must give the password.
  void testOldEnrolOnlySessionNeedsPassword() {
    OwnTenant();
    AdminCore().Execute("UPDATE tenants SET enforce_2fa = 1 WHERE id = " +
                        Id(tenant_.id));
    HttpClient http;
    http.Login(user_.login, user_.password);
    AdminCore().Execute(
        "UPDATE sessions SET created_at = created_at - INTERVAL 1 HOUR"
        " WHERE user_id = " +
        Id(user_.id));
    HttpResult setup = http.PostJson("/api/2fa/setup", Json::object());
    CPPUNIT_ASSERT_EQUAL(true, setup.json()["password_required"].get<bool>());
    std::string secret;
    CPPUNIT_ASSERT(
        Base32Decode(setup.json()["secret"].get<std::string>(), &secret));
    int64_t t = SafeStep();
    HttpResult none =
        http.PostJson("/api/2fa/enable", {{"code", CodeAt(secret, t)}});
    CPPUNIT_ASSERT_EQUAL(400L, none.status);
    CPPUNIT_ASSERT_EQUAL(std::string("1"),
                         Q("SELECT enabled_at IS NULL" + TotpWhere()));
    HttpResult right = http.PostJson(
        "/api/2fa/enable",
        {{"code", CodeAt(secret, t)}, {"password", user_.password}});
    CPPUNIT_ASSERT_EQUAL(200L, right.status);
  }

  // SPEC: the token changes with every privilege change, also when a full
  // session turns 2FA on.
  void testEnableRotatesToken() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    std::string before = http.SessionCookie();
    std::string csrf = http.csrf();
    Enrol(http);
    CPPUNIT_ASSERT(http.SessionCookie() != before);
    CPPUNIT_ASSERT(http.csrf() != csrf);
    CPPUNIT_ASSERT_EQUAL(
        std::string("full"),
        http.Get("/api/auth/session").json()["state"].get<std::string>());
    HttpClient old;
    old.SetCookie("__Host-ap_session", before);
    CPPUNIT_ASSERT_EQUAL(401L, old.Get("/api/auth/session").status);
  }

  // Regression: a session could guess the password (and codes) here past
  // the lockout that sign-in enforces, and nothing was counted.
  void testDisableCountsWrongPasswordAndCode() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    Enrolment e = Enrol(http);
    HttpResult pw = Disable(http, "Wrong-Passw0rd!", CodeAt(e.secret, step_));
    CPPUNIT_ASSERT_EQUAL(422L, pw.status);
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_password"), ErrorOf(pw));
    CPPUNIT_ASSERT_EQUAL(1, AccountFailures(user_.id));
    CPPUNIT_ASSERT_EQUAL(std::string("1"), AuditCount("2fa_password_failure"));
    HttpResult code = Disable(http, user_.password, WrongCode(e.secret, step_));
    CPPUNIT_ASSERT_EQUAL(422L, code.status);
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_code"), ErrorOf(code));
    CPPUNIT_ASSERT_EQUAL(2, AccountFailures(user_.id));
    CPPUNIT_ASSERT_EQUAL(std::string("1"), AuditCount("2fa_failure"));
    CPPUNIT_ASSERT_EQUAL(std::string("1"), Q("SELECT COUNT(*)" + TotpWhere()));
    ResetIpThrottle();
    // The wrong password did not use up the code it came with.
    CPPUNIT_ASSERT_EQUAL(
        200L, Disable(http, user_.password, CodeAt(e.secret, step_)).status);
  }

  void testDisableRefusedWhileLockedOut() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    Enrolment e = Enrol(http);
    std::string step_before = Q("SELECT last_step" + TotpWhere());
    SetAccountFailures(user_.id, 10);
    HttpResult r = Disable(http, user_.password, CodeAt(e.secret, step_));
    CPPUNIT_ASSERT_EQUAL(429L, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("too_many_attempts"), ErrorOf(r));
    CPPUNIT_ASSERT(std::stoi(r.Header("retry-after")) > 0);
    CPPUNIT_ASSERT_EQUAL(std::string("1"), Q("SELECT COUNT(*)" + TotpWhere()));
    CPPUNIT_ASSERT_EQUAL(step_before, Q("SELECT last_step" + TotpWhere()));
    CPPUNIT_ASSERT_EQUAL(std::string("1"), AuditCount("2fa_throttled"));
  }

  void testDisableRotatesToken() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    Enrolment e = Enrol(http);
    std::string before = http.SessionCookie();
    std::string csrf = http.csrf();
    HttpResult r = Disable(http, user_.password, CodeAt(e.secret, step_));
    CPPUNIT_ASSERT_EQUAL(200L, r.status);
    CPPUNIT_ASSERT(!r.json().contains("token"));
    CPPUNIT_ASSERT(http.SessionCookie() != before);
    CPPUNIT_ASSERT(http.csrf() != csrf);
    // The new token and CSRF token carry a state-changing request.
    CPPUNIT_ASSERT_EQUAL(
        200L, http.PostJson("/api/2fa/setup", Json::object()).status);
    HttpClient old;
    old.SetCookie("__Host-ap_session", before);
    CPPUNIT_ASSERT_EQUAL(401L, old.Get("/api/auth/session").status);
  }

  void testPulseDisableGetsNewToken() {
    HttpClient web;
    web.Login(user_.login, user_.password);
    Enrolment e = Enrol(web);
    HttpClient pulse;
    pulse.LoginPulse(user_.login, user_.password);
    pulse.set_send_csrf(false);
    pulse.set_origin("");
    HttpResult verified =
        pulse.PostJson("/api/2fa/verify", {{"code", CodeAt(e.secret, step_)}});
    CPPUNIT_ASSERT_EQUAL(200L, verified.status);
    std::string before = verified.json()["token"];
    pulse.set_bearer(before);

    HttpResult r = Disable(pulse, user_.password, CodeAt(e.secret, step_ + 1));
    CPPUNIT_ASSERT_EQUAL(200L, r.status);
    CPPUNIT_ASSERT(r.Header("set-cookie").empty());
    std::string token = r.json()["token"];
    CPPUNIT_ASSERT_EQUAL(size_t{43}, token.size());
    CPPUNIT_ASSERT_EQUAL(401L, pulse.Get("/api/auth/session").status);
    pulse.set_bearer(token);
    CPPUNIT_ASSERT_EQUAL(200L, pulse.Get("/api/2fa/status").status);
  }

  // Regression: a stolen session alone could mint new recovery codes,
  // voiding the owner's and ending the owner's other sessions.
  void testRecoveryNeedsPasswordAndCode() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    Enrolment e = Enrol(http);
    HttpClient other;
    other.Login(user_.login, user_.password);
    CPPUNIT_ASSERT_EQUAL(200L, Verify(other, CodeAt(e.secret, step_)).status);
    std::string codes = RecoveryHashes();

    HttpResult none = http.PostJson("/api/2fa/recovery", Json::object());
    CPPUNIT_ASSERT_EQUAL(400L, none.status);
    CPPUNIT_ASSERT_EQUAL(std::string("missing_field"), ErrorOf(none));
    CPPUNIT_ASSERT_EQUAL(
        400L, http.PostJson("/api/2fa/recovery", {{"password", user_.password}})
                  .status);
    HttpResult pw = http.PostJson("/api/2fa/recovery",
                                  {{"password", "Wrong-Passw0rd!"},
                                   {"code", CodeAt(e.secret, step_ + 1)}});
    CPPUNIT_ASSERT_EQUAL(422L, pw.status);
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_password"), ErrorOf(pw));
    HttpResult code = NewCodes(http, WrongCode(e.secret, step_ + 1));
    CPPUNIT_ASSERT_EQUAL(422L, code.status);
    CPPUNIT_ASSERT_EQUAL(std::string("invalid_code"), ErrorOf(code));
    HttpResult reused = NewCodes(http, CodeAt(e.secret, step_));
    CPPUNIT_ASSERT_EQUAL(std::string("code_reused"), ErrorOf(reused));
    CPPUNIT_ASSERT_EQUAL(3, AccountFailures(user_.id));
    CPPUNIT_ASSERT_EQUAL(codes, RecoveryHashes());
    CPPUNIT_ASSERT_EQUAL(200L, other.Get("/api/auth/session").status);
    ResetIpThrottle();

    HttpResult ok = NewCodes(http, CodeAt(e.secret, step_ + 1));
    CPPUNIT_ASSERT_EQUAL(200L, ok.status);
    CPPUNIT_ASSERT(codes != RecoveryHashes());
    CPPUNIT_ASSERT_EQUAL(401L, other.Get("/api/auth/session").status);
  }

  void testRecoveryRefusedWhileLockedOut() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    Enrolment e = Enrol(http);
    std::string codes = RecoveryHashes();
    SetAccountFailures(user_.id, 10);
    HttpResult r = NewCodes(http, CodeAt(e.secret, step_));
    CPPUNIT_ASSERT_EQUAL(429L, r.status);
    CPPUNIT_ASSERT(std::stoi(r.Header("retry-after")) > 0);
    CPPUNIT_ASSERT_EQUAL(codes, RecoveryHashes());
  }

  // Regression: turning enforcement on left the full sessions of users
  // without 2FA working for up to 12 hours.
  void testEnforcingRestrictsUnenrolledSessions() {
    OwnTenant();
    TestUser admin = CreateUser(tenant_, "admin");
    TestUser enrolled = CreateUser(tenant_);
    HttpClient member;
    member.Login(user_.login, user_.password);
    CPPUNIT_ASSERT_EQUAL(200L, member.Get("/api/plans").status);
    HttpClient secured;
    secured.Login(enrolled.login, enrolled.password);
    Enrolment e = Setup(secured);
    step_ = SafeStep();
    CPPUNIT_ASSERT_EQUAL(200L, secured
                                   .PostJson("/api/2fa/enable",
                                             {{"code", CodeAt(e.secret, step_)},
                                              {"password", enrolled.password}})
                                   .status);
    HttpClient boss;
    boss.Login(admin.login, admin.password);

    HttpResult on = boss.PatchJson("/api/org", {{"enforce_2fa", true}});
    CPPUNIT_ASSERT_EQUAL(200L, on.status);
    HttpResult plans = member.Get("/api/plans");
    CPPUNIT_ASSERT_EQUAL(403L, plans.status);
    CPPUNIT_ASSERT_EQUAL(std::string("2fa_enrolment_required"), ErrorOf(plans));
    CPPUNIT_ASSERT_EQUAL(
        200L, member.PostJson("/api/2fa/setup", Json::object()).status);
    // The user with 2FA keeps the session; the admin without it does not.
    CPPUNIT_ASSERT_EQUAL(200L, secured.Get("/api/plans").status);
    CPPUNIT_ASSERT_EQUAL(403L, boss.Get("/api/org").status);
    CPPUNIT_ASSERT_EQUAL(std::string("1"),
                         Q("SELECT COUNT(*) FROM audit_log WHERE event ="
                           " 'sessions_restricted' AND tenant_id = " +
                           Id(tenant_.id) + " AND detail LIKE '2 %'"));
  }

 private:
  void OwnTenant() {
    tenant_ = CreateTenant("2fa");
    user_ = CreateUser(tenant_);
  }

  static std::string Key() {
    static const std::string key = [] {
      Result<Config> config = Config::LoadDefault();
      return *twofa::TwofaKeyFromConfig(*config);
    }();
    return key;
  }

  static std::string HexOf(const std::string& bytes) {
    static const char* kDigits = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : bytes) {
      out += kDigits[c >> 4];
      out += kDigits[c & 15];
    }
    return out;
  }

  static std::string Unhex(const std::string& hex) {
    std::string out;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) {
      out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    }
    return out;
  }

  // A six-digit code that is right for none of the steps around `step`.
  static std::string WrongCode(const std::string& secret, int64_t step) {
    for (int candidate = 0;; ++candidate) {
      std::string code = std::to_string(candidate);
      code.insert(0, 6 - code.size(), '0');
      bool right = false;
      for (int64_t s = step - 2; s <= step + 2; ++s) {
        right = right || CodeAt(secret, s) == code;
      }
      if (!right) return code;
    }
  }

  static std::set<std::string> NotEnrolled(const HttpResult& r) {
    std::set<std::string> logins;
    Json body = r.json();  // the loop must not run over a temporary
    for (const Json& u : body["not_enrolled"])
      logins.insert(u["login"].get<std::string>());
    return logins;
  }

  static Enrolment Setup(HttpClient& http) {
    HttpResult r = http.PostJson("/api/2fa/setup", Json::object());
    CPPUNIT_ASSERT_EQUAL(200L, r.status);
    Enrolment e;
    e.base32 = r.json()["secret"];
    CPPUNIT_ASSERT(Base32Decode(e.base32, &e.secret));
    return e;
  }

  // Enrols the logged-in user of `http` with the code of step T-1, so that
  // T and T+1 stay fresh for the test (step_ is T).
  Enrolment Enrol(HttpClient& http) {
    Enrolment e = Setup(http);
    step_ = SafeStep();
    HttpResult r = http.PostJson(
        "/api/2fa/enable",
        {{"code", CodeAt(e.secret, step_ - 1)}, {"password", user_.password}});
    CPPUNIT_ASSERT_EQUAL(200L, r.status);
    e.recovery_codes =
        r.json()["recovery_codes"].get<std::vector<std::string>>();
    // The session has a new token (the cookie jar took it) and CSRF token.
    http.set_csrf(r.json()["session"]["csrf_token"]);
    return e;
  }

  Enrolment EnrolUser() {
    HttpClient http;
    http.Login(user_.login, user_.password);
    return Enrol(http);
  }

  // POST /api/2fa/recovery with the user's password and `code`.
  HttpResult NewCodes(HttpClient& http, const std::string& code) {
    return http.PostJson("/api/2fa/recovery",
                         {{"password", user_.password}, {"code", code}});
  }

  // POST /api/2fa/disable with `password` and `code`; on success the client
  // takes the session's new CSRF token (the cookie jar takes the token).
  static HttpResult Disable(HttpClient& http, const std::string& password,
                            const std::string& code) {
    HttpResult r = http.PostJson("/api/2fa/disable",
                                 {{"password", password}, {"code", code}});
    if (r.status == 200) http.set_csrf(r.json()["session"]["csrf_token"]);
    return r;
  }

  std::string TotpWhere() const {
    return " FROM user_totp WHERE user_id = " + Id(user_.id);
  }

  std::string RecoveryHashes() const {
    return Q(
        "SELECT GROUP_CONCAT(HEX(code_hash) ORDER BY code_hash)"
        " FROM recovery_codes WHERE used_at IS NULL AND user_id = " +
        Id(user_.id));
  }

  std::string AuditCount(const std::string& event) const {
    return Q("SELECT COUNT(*) FROM audit_log WHERE event = '" + event +
             "' AND user_id = " + Id(user_.id));
  }

  // POST /api/2fa/verify; on success the client takes the new CSRF token.
  static HttpResult Verify(HttpClient& http, const std::string& code) {
    HttpResult r = http.PostJson("/api/2fa/verify", {{"code", code}});
    Json j = r.json();
    if (r.status == 200 && j.contains("csrf_token")) {
      http.set_csrf(j["csrf_token"]);
    }
    return r;
  }

  TestTenant tenant_;
  TestUser user_;
  int64_t step_ = 0;
};

CPPUNIT_TEST_SUITE_REGISTRATION(TwofaTest);

}  // namespace ap::test
