#include "modules/login/password_handlers.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <optional>

#include "common/account/login_throttle.h"
#include "common/audit/audit.h"
#include "common/crypto/password.h"
#include "common/db/db.h"
#include "common/http/json.h"
#include "common/mail/smtp_sender.h"
#include "common/session/session_store.h"
#include "modules/login/account_store.h"
#include "modules/login/mail_templates.h"

namespace ap::login {
namespace {

constexpr size_t kMaxPasswordBytes = 1024;
constexpr size_t kMaxNameLength = 254;
// One reset mail per account per this many seconds at most.
constexpr int64_t kResetMailEverySeconds = 60;

// The named string fields of a JSON body, all required, nothing else.
Result<Json> ParseFields(const Request& req,
                         std::initializer_list<std::string_view> names) {
  Result<Json> body = ParseJsonObject(req);
  if (!body.ok()) return body.status();
  AP_RETURN_IF_ERROR(RejectUnknownFields(*body, names));
  for (std::string_view name : names) {
    std::string key(name);
    if (!body->contains(key) || !(*body)[key].is_string()) {
      return BadRequest("missing_field", key + " is required.");
    }
  }
  return body;
}

struct UserPassword {
  std::string hash;
  std::string login;
  std::string email;
};

UserPassword LoadUserPassword(Db& core, int64_t user_id) {
  auto st = core.Prepare(
      "SELECT COALESCE(password_hash, '') AS h, login, email FROM users"
      " WHERE id = ?");
  st->setInt64(1, user_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  UserPassword u;
  if (rs->next()) {
    u.hash = rs->getString("h");
    u.login = rs->getString("login");
    u.email = rs->getString("email");
  }
  return u;
}

struct ResetTarget {
  int64_t user_id = 0;
  int64_t tenant_id = 0;
  std::string login;
  std::string email;
};

// An active account of an active organisation, by login or e-mail.
std::optional<ResetTarget> FindResetTarget(Db& core, const std::string& name) {
  bool by_email = name.find('@') != std::string::npos;
  auto st = core.Prepare(
      std::string("SELECT u.id, u.tenant_id, u.login, u.email FROM users u"
                  " JOIN tenants t ON t.id = u.tenant_id WHERE ") +
      (by_email ? "u.email = ?" : "u.login = ?") +
      " AND u.status = 'active' AND t.status = 'active'");
  st->setString(1, name);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next()) return std::nullopt;
  return ResetTarget{rs->getInt64("id"), rs->getInt64("tenant_id"),
                     rs->getString("login"), rs->getString("email")};
}

Status InvalidToken() {
  return BadRequest("invalid_token",
                    "The link is invalid, already used or expired.");
}

}  // namespace

Response HandleChangePassword(Context& ctx, const LoginSettings& settings) {
  Result<Json> body =
      ParseFields(ctx.request(), {"current_password", "new_password"});
  if (!body.ok()) return Response::Error(body.status());
  std::string current = (*body)["current_password"];
  std::string next = (*body)["new_password"];

  const Session& session = ctx.session();
  Db& core = ctx.core();
  const std::string& ip = ctx.request().remote_addr;
  LoginThrottle throttle(settings.limits);
  std::string account_key = LoginThrottle::AccountKey(session.user_id, "");
  ThrottleState state =
      throttle.Check(core, account_key, LoginThrottle::IpKey(ip));
  if (state.locked()) {
    Response r =
        Response::Error(Status(Code::kTooManyRequests, "too_many_attempts",
                               "Too many wrong passwords. Try again later."));
    r.AddHeader("Retry-After", std::to_string(state.retry_after));
    return r;
  }

  UserPassword user = LoadUserPassword(core, session.user_id);
  if (current.size() > kMaxPasswordBytes || user.hash.empty() ||
      !VerifyPassword(current, user.hash)) {
    throttle.RecordFailure(core, account_key, LoginThrottle::IpKey(ip));
    WriteAudit(core, {session.tenant_id, session.user_id, ip,
                      "password_change_failure", "wrong current password"});
    return Response::Error(Status(Code::kForbidden, "wrong_password",
                                  "The current password is wrong."));
  }
  std::vector<std::string> problems = PasswordProblems(
      next, {user.login, user.email}, PolicyForTenant(core, session.tenant_id),
      *settings.common);
  if (!problems.empty()) return WeakPasswordResponse(problems);

  StorePassword(core, session.user_id,
                HashPassword(next, settings.password_params), false);
  SessionStore(ctx.config())
      .RevokeAllForUser(core, session.user_id, session.id);
  WriteAudit(core, {session.tenant_id, session.user_id, ip, "password_changed",
                    "other sessions revoked"});
  return Response::NoContent();
}

Response HandleResetRequest(Context& ctx, const LoginSettings& settings) {
  Result<Json> body = ParseFields(ctx.request(), {"login"});
  if (!body.ok()) return Response::Error(body.status());
  std::string name = (*body)["login"];
  Db& core = ctx.core();
  const std::string& ip = ctx.request().remote_addr;

  std::optional<ResetTarget> target;
  if (!name.empty() && name.size() <= kMaxNameLength) {
    target = FindResetTarget(core, name);
  }
  if (!target) {
    WriteAudit(core, {0, 0, ip, "password_reset_requested",
                      "no active account; no mail"});
  } else if (TokenIssuedWithin(core, target->user_id, TokenKind::kReset,
                               kResetMailEverySeconds)) {
    WriteAudit(core, {target->tenant_id, target->user_id, ip,
                      "password_reset_requested", "too soon; no mail"});
  } else {
    std::string token =
        IssueToken(core, target->user_id, TokenKind::kReset, kResetSeconds);
    MailOutbox::Instance().Enqueue(
        ResetMail({settings.public_url, token, target->email, target->login}));
    WriteAudit(core, {target->tenant_id, target->user_id, ip,
                      "password_reset_requested", "mail sent"});
  }
  // The same answer in every case: it must not tell who has an account.
  return JsonResponse(
      202, {{"status", "accepted"},
            {"message",
             "If the account exists, a mail with a link is on its way."}});
}

Response HandleResetConfirm(Context& ctx, const LoginSettings& settings) {
  Result<Json> body = ParseFields(ctx.request(), {"token", "password"});
  if (!body.ok()) return Response::Error(body.status());
  std::string token = (*body)["token"];
  std::string password = (*body)["password"];
  Db& core = ctx.core();

  std::optional<TokenHolder> holder = FindLiveToken(core, token);
  if (!holder) return Response::Error(InvalidToken());
  std::vector<std::string> problems =
      PasswordProblems(password, {holder->login, holder->email}, holder->policy,
                       *settings.common);
  if (!problems.empty()) return WeakPasswordResponse(problems);

  std::string hash = HashPassword(password, settings.password_params);
  Transaction tx(core);
  if (!ConsumeToken(core, holder->token_id)) {
    return Response::Error(InvalidToken());
  }
  StorePassword(core, holder->user_id, hash, true);
  SessionStore(ctx.config()).RevokeAllForUser(core, holder->user_id, 0);
  tx.Commit();

  LoginThrottle(settings.limits)
      .Reset(core, LoginThrottle::AccountKey(holder->user_id, ""));
  bool invitation = holder->kind == TokenKind::kInvitation;
  WriteAudit(core,
             {holder->tenant_id, holder->user_id, ctx.request().remote_addr,
              invitation ? "invitation_accepted" : "password_reset",
              invitation ? "password set" : "password set; sessions revoked"});
  return JsonResponse(200, {{"login", holder->login}});
}

}  // namespace ap::login
