#include "modules/login/user_handlers.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <optional>

#include "common/account/user_validation.h"
#include "common/audit/audit.h"
#include "common/db/sql_time.h"
#include "common/http/json.h"
#include "common/http/query_number.h"
#include "common/mail/smtp_sender.h"
#include "common/session/session_store.h"
#include "modules/login/account_store.h"
#include "modules/login/mail_templates.h"

namespace ap::login {
namespace {

constexpr int64_t kDefaultPerPage = 50;
constexpr int64_t kMaxPerPage = 200;
// Bounds the OFFSET (page - 1) * per_page far below overflow.
constexpr int64_t kMaxPage = 1000000;

constexpr const char* kUserColumns =
    "id, login, email, display_name, role, status,"
    " " AP_SQL_ISO_MILLIS("created_at") " AS created";

struct UserRow {
  int64_t id = 0;
  std::string login;
  std::string email;
  std::string display_name;
  std::string role;
  std::string status;
  std::string created_at;
};

UserRow ReadUser(sql::ResultSet& rs) {
  return {rs.getInt64("id"),      rs.getString("login"),
          rs.getString("email"),  rs.getString("display_name"),
          rs.getString("role"),   rs.getString("status"),
          rs.getString("created")};
}

Json UserJson(const UserRow& u) {
  return {{"id", u.id},
          {"login", u.login},
          {"email", u.email},
          {"display_name", u.display_name},
          {"role", u.role},
          {"status", u.status},
          {"created_at", u.created_at}};
}

// The user with this ID in the tenant; `lock` takes a row lock (inside a
// transaction).
std::optional<UserRow> FindTenantUser(Db& core, int64_t tenant_id,
                                      int64_t user_id, bool lock) {
  auto st = core.Prepare(std::string("SELECT ") + kUserColumns +
                         " FROM users WHERE id = ? AND tenant_id = ?" +
                         (lock ? " FOR UPDATE" : ""));
  st->setInt64(1, user_id);
  st->setInt64(2, tenant_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next()) return std::nullopt;
  return ReadUser(*rs);
}

struct UserPage {
  int64_t page = 1;
  int64_t per_page = kDefaultPerPage;
};

// `page` and `per_page` as sent, else 400: a typo must not quietly show
// another page than the one asked for.
Result<UserPage> ParseUserPage(const Request& req) {
  UserPage p;
  AP_RETURN_IF_ERROR(ReadQueryNumber(
      req, "page", kMaxPage, "invalid_page",
      "page must be from 1 to " + std::to_string(kMaxPage) + ".", &p.page));
  AP_RETURN_IF_ERROR(ReadQueryNumber(
      req, "per_page", kMaxPerPage, "invalid_per_page",
      "per_page must be from 1 to " + std::to_string(kMaxPerPage) + ".",
      &p.per_page));
  return p;
}

// 409 login_taken or email_taken for a failed insert.
Status TakenStatus(Db& core, const std::string& login) {
  auto st = core.Prepare("SELECT 1 FROM users WHERE login = ?");
  st->setString(1, login);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (rs->next()) {
    return Status(Code::kConflict, "login_taken", "The login is taken.");
  }
  return Status(Code::kConflict, "email_taken",
                "The e-mail address is already used by an account.");
}

struct NewUser {
  std::string login;
  std::string email;
  std::string display_name;
  std::string role;
};

Result<NewUser> ParseNewUser(const Request& req) {
  Result<Json> body = ParseJsonObject(req);
  if (!body.ok()) return body.status();
  const Json& b = *body;
  AP_RETURN_IF_ERROR(
      RejectUnknownFields(b, {"login", "email", "display_name", "role"}));
  for (const char* key : {"login", "email", "display_name", "role"}) {
    if (b.contains(key) && !b[key].is_string()) {
      return BadRequest("invalid_" + std::string(key),
                        std::string(key) + " must be a string.");
    }
  }
  NewUser u{b.value("login", ""), b.value("email", ""),
            b.value("display_name", ""), b.value("role", "member")};
  if (u.display_name.empty()) u.display_name = u.login;
  AP_RETURN_IF_ERROR(ValidateNewUser(u.login, u.email, u.role, u.display_name));
  return u;
}

int64_t InsertInvitedUser(Db& core, int64_t tenant_id, const NewUser& u) {
  auto st = core.Prepare(
      "INSERT INTO users (tenant_id, login, email, display_name, role,"
      " status) VALUES (?, ?, ?, ?, ?, 'invited')");
  st->setInt64(1, tenant_id);
  st->setString(2, u.login);
  st->setString(3, u.email);
  st->setString(4, u.display_name);
  st->setString(5, u.role);
  st->executeUpdate();
  auto id = core.Prepare("SELECT id FROM users WHERE login = ?");
  id->setString(1, u.login);
  std::unique_ptr<sql::ResultSet> rs(id->executeQuery());
  rs->next();
  return rs->getInt64(1);
}

struct UserChange {
  std::optional<std::string> role;
  std::optional<bool> disabled;
};

Result<UserChange> ParseUserChange(const Request& req) {
  Result<Json> body = ParseJsonObject(req);
  if (!body.ok()) return body.status();
  const Json& b = *body;
  AP_RETURN_IF_ERROR(RejectUnknownFields(b, {"role", "disabled"}));
  UserChange change;
  if (b.contains("role")) {
    if (!b["role"].is_string() ||
        (b["role"] != "admin" && b["role"] != "member")) {
      return BadRequest("invalid_role", "The role must be admin or member.");
    }
    change.role = b["role"].get<std::string>();
  }
  if (b.contains("disabled")) {
    if (!b["disabled"].is_boolean()) {
      return BadRequest("invalid_disabled", "disabled must be true or false.");
    }
    change.disabled = b["disabled"].get<bool>();
  }
  return change;
}

int64_t ActiveAdmins(Db& core, int64_t tenant_id) {
  auto st = core.Prepare(
      "SELECT id FROM users WHERE tenant_id = ? AND role = 'admin'"
      " AND status = 'active' FOR UPDATE");
  st->setInt64(1, tenant_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  int64_t n = 0;
  while (rs->next()) ++n;
  return n;
}

// The status after the change: re-enabling gives back "invited" to a user
// who never set a password.
std::string NewStatus(Db& core, const UserRow& user, const UserChange& c) {
  if (!c.disabled) return user.status;
  if (*c.disabled) return "disabled";
  if (user.status != "disabled") return user.status;
  auto st = core.Prepare(
      "SELECT password_hash IS NULL AS invited FROM users WHERE id = ?");
  st->setInt64(1, user.id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  return rs->next() && rs->getBoolean("invited") ? "invited" : "active";
}

void StoreUserChange(Db& core, int64_t user_id, const std::string& role,
                     const std::string& status) {
  auto st = core.Prepare(
      "UPDATE users SET role = ?, status = ?, updated_at = UTC_TIMESTAMP(3)"
      " WHERE id = ?");
  st->setString(1, role);
  st->setString(2, status);
  st->setInt64(3, user_id);
  st->executeUpdate();
}

}  // namespace

Status RequireAdmin(const Context& ctx) {
  if (ctx.session().is_admin()) return Status::Ok();
  return Status(Code::kForbidden, "forbidden",
                "Only the organisation's administrators may do this.");
}

Response HandleListUsers(Context& ctx) {
  Status admin = RequireAdmin(ctx);
  if (!admin.ok()) return Response::Error(admin);
  int64_t tenant_id = ctx.session().tenant_id;
  Result<UserPage> paging = ParseUserPage(ctx.request());
  if (!paging.ok()) return Response::Error(paging.status());
  int64_t page = paging->page;
  int64_t per_page = paging->per_page;

  auto st = ctx.core().Prepare(std::string("SELECT ") + kUserColumns +
                               " FROM users WHERE tenant_id = ?"
                               " ORDER BY login LIMIT ? OFFSET ?");
  st->setInt64(1, tenant_id);
  st->setInt64(2, per_page);
  st->setInt64(3, (page - 1) * per_page);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  Json users = Json::array();
  while (rs->next()) users.push_back(UserJson(ReadUser(*rs)));

  auto count =
      ctx.core().Prepare("SELECT COUNT(*) FROM users WHERE tenant_id = ?");
  count->setInt64(1, tenant_id);
  std::unique_ptr<sql::ResultSet> total(count->executeQuery());
  total->next();
  return JsonResponse(200, {{"users", users},
                            {"page", page},
                            {"per_page", per_page},
                            {"total", total->getInt64(1)}});
}

Response HandleGetUser(Context& ctx) {
  Status admin = RequireAdmin(ctx);
  if (!admin.ok()) return Response::Error(admin);
  Result<int64_t> id = ctx.IdParam("id");
  if (!id.ok()) return Response::Error(id.status());
  std::optional<UserRow> user =
      FindTenantUser(ctx.core(), ctx.session().tenant_id, *id, false);
  if (!user) return Response::Error(NotFound());
  return JsonResponse(200, UserJson(*user));
}

Response HandleInviteUser(Context& ctx, const LoginSettings& settings) {
  Status admin = RequireAdmin(ctx);
  if (!admin.ok()) return Response::Error(admin);
  Result<NewUser> input = ParseNewUser(ctx.request());
  if (!input.ok()) return Response::Error(input.status());
  const Session& session = ctx.session();
  Db& core = ctx.core();

  int64_t user_id = 0;
  try {
    user_id = InsertInvitedUser(core, session.tenant_id, *input);
  } catch (const sql::SQLException& e) {
    if (!IsDuplicateKey(e)) throw;
    return Response::Error(TakenStatus(core, input->login));
  }
  std::string token =
      IssueToken(core, user_id, TokenKind::kInvitation, kInvitationSeconds);
  MailOutbox::Instance().Enqueue(
      InvitationMail({settings.public_url, token, input->email,
                      input->display_name, session.tenant_name}));
  WriteAudit(core, {session.tenant_id, session.user_id,
                    ctx.request().remote_addr, "user_invited",
                    "user " + input->login + " (id " + std::to_string(user_id) +
                        "), role " + input->role});
  return JsonResponse(
      201, UserJson(*FindTenantUser(core, session.tenant_id, user_id, false)));
}

Response HandleUpdateUser(Context& ctx) {
  Status admin = RequireAdmin(ctx);
  if (!admin.ok()) return Response::Error(admin);
  Result<int64_t> id = ctx.IdParam("id");
  if (!id.ok()) return Response::Error(id.status());
  Result<UserChange> change = ParseUserChange(ctx.request());
  if (!change.ok()) return Response::Error(change.status());
  const Session& session = ctx.session();
  Db& core = ctx.core();

  Transaction tx(core);
  int64_t admins = ActiveAdmins(core, session.tenant_id);
  std::optional<UserRow> user =
      FindTenantUser(core, session.tenant_id, *id, true);
  if (!user) return Response::Error(NotFound());
  std::string role = change->role.value_or(user->role);
  std::string status = NewStatus(core, *user, *change);
  bool was_admin = user->role == "admin" && user->status == "active";
  bool stays_admin = role == "admin" && status == "active";
  if (was_admin && !stays_admin && admins <= 1) {
    return Response::Error(
        Status(Code::kConflict, "last_admin",
               "The organisation needs at least one active administrator."));
  }
  StoreUserChange(core, user->id, role, status);
  if (status == "disabled") {
    SessionStore(ctx.config()).RevokeAllForUser(core, user->id, 0);
  }
  tx.Commit();

  WriteAudit(core, {session.tenant_id, session.user_id,
                    ctx.request().remote_addr, "user_updated",
                    "user " + user->login + ": role " + user->role + " -> " +
                        role + ", status " + user->status + " -> " + status});
  return JsonResponse(
      200, UserJson(*FindTenantUser(core, session.tenant_id, *id, false)));
}

}  // namespace ap::login
