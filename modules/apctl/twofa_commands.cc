#include "modules/apctl/twofa_commands.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <cstdio>
#include <memory>
#include <optional>

#include "common/audit/audit.h"

namespace ap::apctl {
namespace {

struct Target {
  int64_t id = 0;
  int64_t tenant_id = 0;
  bool had_2fa = false;
};

std::optional<Target> FindTarget(Db& core, const std::string& login) {
  auto st = core.Prepare(
      "SELECT u.id, u.tenant_id, EXISTS (SELECT 1 FROM user_totp x"
      " WHERE x.user_id = u.id AND x.enabled_at IS NOT NULL) AS had_2fa"
      " FROM users u WHERE u.login = ?");
  st->setString(1, login);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next()) return std::nullopt;
  return Target{rs->getInt64("id"), rs->getInt64("tenant_id"),
                rs->getBoolean("had_2fa")};
}

void Run(Db& core, const char* sql, int64_t user_id) {
  auto st = core.Prepare(sql);
  st->setInt64(1, user_id);
  st->executeUpdate();
}

}  // namespace

int UserResetTwofa(AdminEnv& env, const std::string& login) {
  std::optional<Target> user = FindTarget(env.core, login);
  if (!user) return Fail("no user '" + login + "'");

  Transaction tx(env.core);
  Run(env.core, "DELETE FROM recovery_codes WHERE user_id = ?", user->id);
  Run(env.core, "DELETE FROM user_totp WHERE user_id = ?", user->id);
  // Sessions that passed the old second factor end with it.
  Run(env.core,
      "UPDATE sessions SET revoked_at = UTC_TIMESTAMP(3)"
      " WHERE user_id = ? AND revoked_at IS NULL",
      user->id);
  tx.Commit();

  WriteAudit(env.core, {user->tenant_id, user->id, "", "2fa_reset",
                        "by apctl; sessions revoked"});
  std::printf("two-factor sign-in of %s %s; their sessions were ended\n",
              login.c_str(),
              user->had_2fa ? "was removed" : "was not on (nothing to remove)");
  return 0;
}

}  // namespace ap::apctl
