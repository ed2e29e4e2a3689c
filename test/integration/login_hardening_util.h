// Helpers of the login hardening tests: the throttle's rows, captcha
// logins, and the mail that the stack's stand-in SMTP server keeps.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "test/integration/fixtures.h"
#include "test/integration/http_client.h"

namespace ap::test {

// Tokens the stand-in reCAPTCHA service accepts, refuses, or answers with
// an outage.
inline constexpr const char* kValidCaptcha = "valid-test-token";
inline constexpr const char* kInvalidCaptcha = "forged-test-token";
inline constexpr const char* kOutageCaptcha = "down-test-token";

// Forgets every per-IP failure count (all tests come from 127.0.0.1).
void ResetIpThrottle();

// Sets the failure count of the test client's IP (127.0.0.1).
void SetIpFailures(int failures);

// The failures counted for the account in its current window (0: none).
int AccountFailures(int64_t user_id);

// Sets the failure count of the account, in a window that starts now.
void SetAccountFailures(int64_t user_id, int failures);

// Moves the account's throttle window (and IP windows) into the past, as
// if the window had passed.
void ExpireThrottleWindow(int64_t user_id);

// A login carrying a captcha token; keeps the CSRF token on success.
HttpResult LoginWithCaptcha(HttpClient& http, const std::string& login,
                            const std::string& password,
                            const std::string& captcha);

// Mails received for `address` so far (each the stand-in's JSON record).
std::vector<Json> MailsTo(const std::string& address);

// Waits until at least `count` mails for `address` arrived; returns the
// newest, or null after `timeout`.
Json WaitForMail(const std::string& address, size_t count = 1,
                 std::chrono::seconds timeout = std::chrono::seconds(15));

// The token of the first "?token=" link in the mail's text.
std::string TokenFromMail(const Json& mail);

// The rules of a weak_password answer.
std::vector<std::string> RulesOf(const HttpResult& result);

// A user with a chosen login and e-mail, made through apctl.
TestUser CreateNamedUser(const TestTenant& tenant, const std::string& login,
                         const std::string& email,
                         const std::string& role = "member");

// Median of the durations, in microseconds.
double MedianMicros(std::vector<double> samples);

}  // namespace ap::test
