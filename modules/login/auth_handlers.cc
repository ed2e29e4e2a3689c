#include "modules/login/auth_handlers.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <optional>

#include "common/audit/audit.h"
#include "common/crypto/password.h"
#include "common/http/json.h"
#include "common/session/session_json.h"
#include "common/session/session_store.h"

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
                     const std::string& password) {
  if (!account || account->password_hash.empty()) {
    BurnPasswordTime(PasswordParams());
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

}  // namespace

Response HandleLogin(Context& ctx) {
  const Request& req = ctx.request();
  Result<Json> body = ParseJsonObject(req);
  if (!body.ok()) return Response::Error(body.status());
  Status fields = RejectUnknownFields(
      *body, {"login", "password", "client", "captcha"});
  if (!fields.ok()) return Response::Error(fields);

  const Json& b = *body;
  if (!b.contains("login") || !b["login"].is_string() ||
      !b.contains("password") || !b["password"].is_string()) {
    return Response::Error(BadRequest(
        "missing_field", "Both login and password are required."));
  }
  std::string name = b["login"];
  std::string password = b["password"];
  std::string client = b.value("client", "web");
  if (client != "web" && client != "pulse") {
    return Response::Error(
        BadRequest("invalid_client", "client must be 'web' or 'pulse'."));
  }
  if (name.empty() || name.size() > kMaxLoginLength || password.empty() ||
      password.size() > kMaxPasswordLength) {
    return Response::Error(InvalidCredentials());
  }

  Db& core = ctx.core();
  std::optional<Account> account = FindAccount(core, name);
  bool matches = PasswordMatches(account, password);
  if (!matches || !account->active) {
    WriteAudit(core, {account ? account->tenant_id : 0,
                      account ? account->id : 0, req.remote_addr,
                      "login_failure",
                      !account ? "unknown account"
                      : !matches ? "wrong password"
                                 : "account or organisation disabled"});
    return Response::Error(InvalidCredentials());
  }

  // A new login always gets a new token: any session the browser held
  // before is ended (no session fixation).
  SessionStore store(ctx.config());
  if (ctx.has_session()) store.Revoke(core, ctx.session().id);
  SessionState state = StateAfterPassword(*account);
  SessionStore::Created created =
      store.Create(core, account->id, state, client, req);
  WriteAudit(core, {account->tenant_id, account->id, req.remote_addr,
                    "login_success",
                    std::string("client=") + client +
                        " state=" + SessionStateName(state)});

  Json out = SessionJson(created.session);
  Response response;
  if (client == "pulse") {
    out["token"] = created.token;
    response = JsonResponse(200, out);
  } else {
    response = JsonResponse(200, out);
    response.AddHeader("Set-Cookie", store.CookieFor(created.token));
  }
  return response;
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

}  // namespace ap::login
