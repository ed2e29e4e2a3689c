// apctl user ... and apctl audit.
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "common/account/login_throttle.h"
#include "common/account/password_params.h"
#include "common/account/password_policy.h"
#include "common/account/user_validation.h"
#include "common/audit/audit.h"
#include "common/crypto/password.h"
#include "common/tenant/tenant_directory.h"
#include "modules/apctl/admin.h"
#include "modules/apctl/twofa_commands.h"

namespace ap::apctl {
namespace {

constexpr int64_t kDefaultAuditLines = 50;
constexpr int64_t kMaxAuditLines = 10000;

struct UserRow {
  int64_t id = 0;
  int64_t tenant_id = 0;
  std::string login;
  std::string email;
};

std::optional<UserRow> FindUser(Db& core, const std::string& login) {
  auto st = core.Prepare(
      "SELECT id, tenant_id, login, email FROM users WHERE login = ?");
  st->setString(1, login);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next()) return std::nullopt;
  return UserRow{rs->getInt64("id"), rs->getInt64("tenant_id"),
                 rs->getString("login"), rs->getString("email")};
}

// The organisation's password policy, as the API applies it.
PasswordPolicy TenantPolicy(Db& core, int64_t tenant_id) {
  auto st = core.Prepare(
      "SELECT password_policy, enforce_2fa FROM tenants WHERE id = ?");
  st->setInt64(1, tenant_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next()) return PasswordPolicy();
  return PasswordPolicy::FromTenant(
      std::string(rs->getString("password_policy")),
      rs->getBoolean("enforce_2fa"));
}

// The policy's verdict as one line: "weak password, it breaks: min_length
// digit".
std::optional<std::string> PolicyFailure(AdminEnv& env, int64_t tenant_id,
                                         const std::string& password,
                                         const std::string& login,
                                         const std::string& email) {
  Result<const CommonPasswords*> common = ProcessCommonPasswords(env.config);
  if (!common.ok()) return common.status().message();
  std::vector<std::string> problems = PasswordProblems(
      password, {login, email}, TenantPolicy(env.core, tenant_id), **common);
  if (problems.empty()) return std::nullopt;
  std::string text = "weak password, it breaks:";
  for (const std::string& p : problems) text += " " + p;
  return text;
}

// The configured Argon2id cost (auth.argon2_*), as the login module uses.
std::optional<std::string> HashWithConfig(AdminEnv& env,
                                          const std::string& password,
                                          std::string* hash) {
  Result<PasswordParams> params = PasswordParamsFromConfig(env.config);
  if (!params.ok()) return params.status().message();
  *hash = HashPassword(password, *params);
  if (hash->empty()) return "hashing the password failed";
  return std::nullopt;
}

struct NewUserArgs {
  std::string tenant_slug;
  std::string login;
  std::string email;
  std::string role;
  std::string display_name;
};

// Refuses (exit code 1, reason printed) what would make the insert fail:
// an unknown tenant, an invalid field, a login or e-mail already taken.
int CheckNewUser(AdminEnv& env, const NewUserArgs& u,
                 std::optional<TenantRecord>* tenant) {
  *tenant = FindTenantBySlug(env.core, u.tenant_slug);
  if (!*tenant) return Fail("no tenant '" + u.tenant_slug + "'");
  Status valid = ValidateNewUser(u.login, u.email, u.role, u.display_name);
  if (!valid.ok()) return Fail(valid.message());

  auto taken = env.core.Prepare(
      "SELECT login = ? AS same_login FROM users WHERE login = ? OR email = ?");
  taken->setString(1, u.login);
  taken->setString(2, u.login);
  taken->setString(3, u.email);
  std::unique_ptr<sql::ResultSet> rs(taken->executeQuery());
  if (rs->next()) {
    return Fail(rs->getBoolean("same_login")
                    ? "login '" + u.login + "' is already taken"
                    : "e-mail '" + u.email + "' is already taken");
  }
  return 0;
}

// Creates the checked user once the password meets the tenant's policy.
int InsertUser(AdminEnv& env, const TenantRecord& tenant, const NewUserArgs& u,
               const std::string& password) {
  if (auto failure =
          PolicyFailure(env, tenant.id, password, u.login, u.email)) {
    return Fail(*failure);
  }
  std::string hash;
  if (auto failure = HashWithConfig(env, password, &hash)) {
    return Fail(*failure);
  }

  auto st = env.core.Prepare(
      "INSERT INTO users (tenant_id, login, email, display_name, role,"
      " password_hash, password_changed_at)"
      " VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(3))");
  st->setInt64(1, tenant.id);
  st->setString(2, u.login);
  st->setString(3, u.email);
  st->setString(4, u.display_name);
  st->setString(5, u.role);
  st->setString(6, hash);
  st->executeUpdate();
  std::optional<UserRow> user = FindUser(env.core, u.login);
  WriteAudit(env.core, {tenant.id, user->id, "", "user_created",
                        "by apctl, role " + u.role});
  std::printf("user %s created in %s\n", u.login.c_str(),
              u.tenant_slug.c_str());
  return 0;
}

int UserCreate(AdminEnv& env, const Args& args) {
  for (const char* name : {"tenant", "login", "email"}) {
    if (!args.Flag(name)) {
      return UsageFail("user create needs --tenant, --login and --email");
    }
  }
  NewUserArgs user{args.Option("tenant"), args.Option("login"),
                   args.Option("email"), args.Option("role", "member"),
                   args.Option("name")};
  // As the API does: no display name means the login.
  if (user.display_name.empty()) user.display_name = user.login;
  // Everything but the password first: a typo in a name is reported as
  // such, not as a missing password after the password was typed.
  std::optional<TenantRecord> tenant;
  if (int rc = CheckNewUser(env, user, &tenant); rc != 0) return rc;
  std::string password;
  if (!ReadNewPassword(&password)) return Fail("no password given");
  return InsertUser(env, *tenant, user, password);
}

int UserPasswd(AdminEnv& env, const std::string& login) {
  std::optional<UserRow> user = FindUser(env.core, login);
  if (!user) return Fail("no user '" + login + "'");
  std::string password;
  if (!ReadNewPassword(&password)) return Fail("no password given");
  if (auto failure = PolicyFailure(env, user->tenant_id, password, user->login,
                                   user->email)) {
    return Fail(*failure);
  }
  std::string hash;
  if (auto failure = HashWithConfig(env, password, &hash)) {
    return Fail(*failure);
  }

  Transaction tx(env.core);
  auto st = env.core.Prepare(
      "UPDATE users SET password_hash = ?, password_changed_at ="
      " UTC_TIMESTAMP(3), updated_at = UTC_TIMESTAMP(3) WHERE id = ?");
  st->setString(1, hash);
  st->setInt64(2, user->id);
  st->executeUpdate();
  auto revoke = env.core.Prepare(
      "UPDATE sessions SET revoked_at = UTC_TIMESTAMP(3)"
      " WHERE user_id = ? AND revoked_at IS NULL");
  revoke->setInt64(1, user->id);
  revoke->executeUpdate();
  // As the e-mail reset does: an admin who set a new password means the
  // user to sign in with it now, not after the lockout window.
  LoginThrottle(ThrottleLimits{})
      .Reset(env.core, LoginThrottle::AccountKey(user->id, ""));
  tx.Commit();

  WriteAudit(env.core, {user->tenant_id, user->id, "", "password_reset",
                        "by apctl; sessions revoked; sign-in lockout lifted"});
  std::printf(
      "password of %s changed; their sessions were ended and their"
      " sign-in lockout lifted\n",
      login.c_str());
  return 0;
}

int UserSetStatus(AdminEnv& env, const std::string& login,
                  const std::string& status) {
  std::optional<UserRow> user = FindUser(env.core, login);
  if (!user) return Fail("no user '" + login + "'");
  auto st = env.core.Prepare(
      "UPDATE users SET status = ?, updated_at = UTC_TIMESTAMP(3)"
      " WHERE id = ?");
  st->setString(1, status);
  st->setInt64(2, user->id);
  st->executeUpdate();
  if (status == "disabled") {
    auto revoke = env.core.Prepare(
        "UPDATE sessions SET revoked_at = UTC_TIMESTAMP(3)"
        " WHERE user_id = ? AND revoked_at IS NULL");
    revoke->setInt64(1, user->id);
    revoke->executeUpdate();
  }
  WriteAudit(env.core,
             {user->tenant_id, user->id, "", "user_" + status, "by apctl"});
  std::printf("user %s is %s\n", login.c_str(), status.c_str());
  return 0;
}

}  // namespace

int CreateUser(AdminEnv& env, const std::string& tenant_slug,
               const std::string& login, const std::string& email,
               const std::string& role, const std::string& display_name,
               const std::string& password) {
  NewUserArgs user{tenant_slug, login, email, role, display_name};
  std::optional<TenantRecord> tenant;
  if (int rc = CheckNewUser(env, user, &tenant); rc != 0) return rc;
  return InsertUser(env, *tenant, user, password);
}

int CmdUser(AdminEnv& env, const Args& args) {
  std::string action = args.words.size() > 1 ? args.words[1] : "";
  std::string login = args.words.size() > 2 ? args.words[2] : "";
  if (action == "create") return UserCreate(env, args);
  if (action == "passwd" && !login.empty()) return UserPasswd(env, login);
  if (action == "disable" && !login.empty()) {
    return UserSetStatus(env, login, "disabled");
  }
  if (action == "enable" && !login.empty()) {
    return UserSetStatus(env, login, "active");
  }
  if (action == "reset-2fa" && !login.empty()) {
    return UserResetTwofa(env, login);
  }
  std::fputs(
      "usage: apctl user create --tenant SLUG --login L --email E"
      " [--role admin|member] [--name NAME] | passwd LOGIN |"
      " disable LOGIN | enable LOGIN | reset-2fa LOGIN\n",
      stderr);
  return 2;
}

int CmdAudit(AdminEnv& env, const Args& args) {
  std::string slug = args.Option("tenant");
  std::optional<int64_t> limit =
      NumberOption(args, "limit", kDefaultAuditLines, kMaxAuditLines);
  if (!limit) {
    return UsageFail("--limit must be a number from 1 to " +
                     std::to_string(kMaxAuditLines));
  }
  if (!slug.empty() && !FindTenantBySlug(env.core, slug)) {
    return Fail("no tenant '" + slug + "'");
  }
  auto st = env.core.Prepare(
      "SELECT a.at, COALESCE(t.slug, '-') AS tenant,"
      " COALESCE(u.login, '-') AS user, a.ip, a.event, a.detail"
      " FROM audit_log a LEFT JOIN tenants t ON t.id = a.tenant_id"
      " LEFT JOIN users u ON u.id = a.user_id"
      " WHERE (? = '' OR t.slug = ?) ORDER BY a.id DESC LIMIT ?");
  st->setString(1, slug);
  st->setString(2, slug);
  st->setInt64(3, *limit);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  while (rs->next()) {
    std::printf("%s  %-12s %-20s %-15s %-22s %s\n",
                std::string(rs->getString("at")).c_str(),
                std::string(rs->getString("tenant")).c_str(),
                std::string(rs->getString("user")).c_str(),
                std::string(rs->getString("ip")).c_str(),
                std::string(rs->getString("event")).c_str(),
                std::string(rs->getString("detail")).c_str());
  }
  return 0;
}

}  // namespace ap::apctl
