#include "modules/login/auth_handlers.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <optional>

#include "common/account/login_throttle.h"
#include "common/audit/audit.h"
#include "common/crypto/password.h"
#include "common/http/json.h"
#include "common/log/log.h"
#include "common/session/session_json.h"
#include "common/session/session_store.h"
#include "modules/login/account_store.h"

namespace ap::login {
namespace {

constexpr size_t kMaxLoginLength = 254;
constexpr size_t kMaxPasswordLength = 1024;

struct Account {
  int64_t id = 0;
  int64_t tenant_id = 0;
  std::string password_hash;
  bool active = false;  // user and tenant both active
  bool has_2fa = false;
  bool tenant_enforces_2fa = false;
};

struct LoginInput {
  std::string name;
  std::string password;
  std::string client;
  std::string captcha;  // the widget's token; "" when not sent
};

// Finds the account by e-mail (when the name holds '@') or by login.
// Logins cannot contain '@', so the two never collide.
std::optional<Account> FindAccount(Db& core, const std::string& name) {
  bool by_email = name.find('@') != std::string::npos;
  auto st = core.Prepare(
      std::string("SELECT u.id, u.tenant_id, u.password_hash,"
                  " u.status = 'active' AND t.status = 'active' AS active,"
                  " t.enforce_2fa, EXISTS (SELECT 1 FROM user_totp x"
                  "  WHERE x.user_id = u.id AND x.enabled_at IS NOT NULL)"
                  "  AS has_2fa"
                  " FROM users u JOIN tenants t ON t.id = u.tenant_id"
                  " WHERE ") +
      (by_email ? "u.email = ?" : "u.login = ?"));
  st->setString(1, name);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next()) return std::nullopt;

  Account account;
  account.id = rs->getInt64("id");
  account.tenant_id = rs->getInt64("tenant_id");
  account.password_hash =
      rs->isNull("password_hash") ? "" : rs->getString("password_hash");
  account.active = rs->getBoolean("active");
  account.has_2fa = rs->getBoolean("has_2fa");
  account.tenant_enforces_2fa = rs->getBoolean("enforce_2fa");
  return account;
}

// Checks the password so that an unknown account costs the same time as
// a known one: the answer must not tell whether an account exists.
bool PasswordMatches(const std::optional<Account>& account,
                     const std::string& password,
                     const PasswordParams& params) {
  if (!account || account->password_hash.empty()) {
    BurnPasswordTime(params);
    return false;
  }
  return VerifyPassword(password, account->password_hash);
}

Status InvalidCredentials() {
  return Status(Code::kUnauthorized, "invalid_credentials",
                "Wrong login or password.");
}

SessionState StateAfterPassword(const Account& account) {
  if (account.has_2fa) return SessionState::kPending2fa;
  if (account.tenant_enforces_2fa) return SessionState::kEnrolOnly;
  return SessionState::kFull;
}

Result<LoginInput> ParseLoginInput(const Request& req) {
  Result<Json> body = ParseJsonObject(req);
  if (!body.ok()) return body.status();
  AP_RETURN_IF_ERROR(
      RejectUnknownFields(*body, {"login", "password", "client", "captcha"}));

  const Json& b = *body;
  if (!b.contains("login") || !b["login"].is_string() ||
      !b.contains("password") || !b["password"].is_string()) {
    return BadRequest("missing_field", "Both login and password are required.");
  }
  if (b.contains("captcha") && !b["captcha"].is_string()) {
    return BadRequest("invalid_captcha", "captcha must be a string.");
  }
  if (b.contains("client") && !b["client"].is_string()) {
    return BadRequest("invalid_client", "client must be 'web' or 'pulse'.");
  }
  LoginInput in{b["login"], b["password"], b.value("client", "web"),
                b.value("captcha", "")};
  if (in.client != "web" && in.client != "pulse") {
    return BadRequest("invalid_client", "client must be 'web' or 'pulse'.");
  }
  return in;
}

Response CaptchaRefusal(const std::string& error, const std::string& message,
                        const CaptchaSettings& captcha) {
  return JsonResponse(
      401,
      {{"error", error}, {"message", message}, {"site_key", captcha.site_key}});
}

Response Throttled(int64_t retry_after) {
  Response r =
      Response::Error(Status(Code::kTooManyRequests, "too_many_attempts",
                             "Too many failed sign-ins. Try again later."));
  r.AddHeader("Retry-After", std::to_string(retry_after));
  return r;
}

// The reCAPTCHA gate. Returns the refusal, or nullopt to go on. A refused
// token counts as a failed attempt; a missing one does not (no password
// was tried). When the verify service cannot be asked, the configuration
// decides, and either way it is logged.
std::optional<Response> PassCaptchaGate(Context& ctx,
                                        const LoginSettings& settings,
                                        const LoginInput& in,
                                        const std::optional<Account>& account,
                                        const LoginThrottle& throttle,
                                        const std::string& account_key) {
  const CaptchaSettings& captcha = settings.captcha;
  const std::string& ip = ctx.request().remote_addr;
  if (in.captcha.empty()) {
    return CaptchaRefusal("captcha_required",
                          "Answer the captcha, then sign in again.", captcha);
  }
  std::string detail;
  CaptchaVerdict verdict = VerifyCaptcha(captcha, in.captcha, ip, &detail);
  if (verdict == CaptchaVerdict::kPassed) return std::nullopt;

  AuditEntry audit{account ? account->tenant_id : 0, account ? account->id : 0,
                   ip, "captcha_failure", detail};
  if (verdict == CaptchaVerdict::kUnavailable) {
    LogError("reCAPTCHA check impossible (" + detail + "): failing " +
             (captcha.fail_open ? "open (recaptcha.fail_open)" : "closed"));
    if (captcha.fail_open) return std::nullopt;
    WriteAudit(ctx.core(), audit);
    return Response::Error(
        Unavailable("captcha_unavailable",
                    "The captcha cannot be checked now. Try again later."));
  }
  WriteAudit(ctx.core(), audit);
  throttle.RecordFailure(ctx.core(), account_key, LoginThrottle::IpKey(ip));
  return CaptchaRefusal("captcha_invalid",
                        "The captcha answer was not accepted.", captcha);
}

Response StartSession(Context& ctx, const LoginSettings& settings,
                      const Account& account, const LoginInput& in) {
  Db& core = ctx.core();
  const Request& req = ctx.request();
  if (NeedsRehash(account.password_hash, settings.password_params)) {
    StorePassword(core, account.id,
                  HashPassword(in.password, settings.password_params), false);
  }
  // A new login always gets a new token: any session the browser held
  // before is ended (no session fixation).
  SessionStore store(ctx.config());
  if (ctx.has_session()) store.Revoke(core, ctx.session().id);
  SessionState state = StateAfterPassword(account);
  SessionStore::Created created =
      store.Create(core, account.id, state, in.client, req);
  WriteAudit(core,
             {account.tenant_id, account.id, req.remote_addr, "login_success",
              "client=" + in.client + " state=" + SessionStateName(state)});

  Json out = SessionJson(created.session);
  if (in.client == "pulse") {
    out["token"] = created.token;
    return JsonResponse(200, out);
  }
  Response response = JsonResponse(200, out);
  response.AddHeader("Set-Cookie", store.CookieFor(created.token));
  return response;
}

Json PolicyJson(const PasswordPolicy& policy) {
  return {{"mode", policy.mode_name()},
          {"min_length", policy.min_length()},
          {"max_length", policy.max_length()},
          {"require", policy.required_classes()},
          {"rejects_login", true},
          {"rejects_email", true},
          {"rejects_common", true}};
}

}  // namespace

Response HandleLogin(Context& ctx, const LoginSettings& settings) {
  Result<LoginInput> input = ParseLoginInput(ctx.request());
  if (!input.ok()) return Response::Error(input.status());
  const LoginInput& in = *input;
  if (in.name.empty() || in.name.size() > kMaxLoginLength ||
      in.password.empty() || in.password.size() > kMaxPasswordLength) {
    return Response::Error(InvalidCredentials());
  }

  Db& core = ctx.core();
  const std::string& ip = ctx.request().remote_addr;
  std::optional<Account> account = FindAccount(core, in.name);
  LoginThrottle throttle(settings.limits);
  std::string account_key =
      LoginThrottle::AccountKey(account ? account->id : 0, in.name);
  std::string ip_key = LoginThrottle::IpKey(ip);
  ThrottleState state = throttle.Check(core, account_key, ip_key);
  if (state.locked()) {
    WriteAudit(core,
               {account ? account->tenant_id : 0, account ? account->id : 0, ip,
                "login_throttled",
                "retry after " + std::to_string(state.retry_after) + " s"});
    return Throttled(state.retry_after);
  }
  if (settings.captcha.enabled() &&
      (state.captcha || settings.captcha.always)) {
    if (auto refusal = PassCaptchaGate(ctx, settings, in, account, throttle,
                                       account_key)) {
      return *refusal;
    }
  }

  bool matches =
      PasswordMatches(account, in.password, settings.password_params);
  if (!matches || !account->active) {
    WriteAudit(core, {account ? account->tenant_id : 0,
                      account ? account->id : 0, ip, "login_failure",
                      !account   ? "unknown account"
                      : !matches ? "wrong password"
                                 : "account or organisation disabled"});
    throttle.RecordFailure(core, account_key, ip_key);
    return Response::Error(InvalidCredentials());
  }
  // Failures are forgotten only when the password is the whole proof: a
  // session still waiting for its 2FA code has proved nothing yet, and
  // resetting here would wipe the wrong codes counted against it.
  if (StateAfterPassword(*account) == SessionState::kFull) {
    throttle.Reset(core, account_key);
  }
  return StartSession(ctx, settings, *account, in);
}

Response HandleLogout(Context& ctx) {
  const Session& session = ctx.session();
  SessionStore store(ctx.config());
  store.Revoke(ctx.core(), session.id);
  WriteAudit(ctx.core(), {session.tenant_id, session.user_id,
                          ctx.request().remote_addr, "logout", ""});

  Response response = Response::NoContent();
  response.AddHeader("Set-Cookie", SessionStore::ClearingCookie());
  return response;
}

Response HandleSession(Context& ctx) {
  return JsonResponse(200, SessionJson(ctx.session()));
}

Response HandlePolicy(Context& ctx) {
  PasswordPolicy policy;
  std::string token = ctx.request().Query("token");
  if (ctx.has_session()) {
    policy = PolicyForTenant(ctx.core(), ctx.session().tenant_id);
  } else if (!token.empty()) {
    std::optional<TokenHolder> holder = FindLiveToken(ctx.core(), token);
    if (holder) policy = holder->policy;
  }
  return JsonResponse(200, PolicyJson(policy));
}

}  // namespace ap::login
