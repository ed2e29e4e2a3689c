#include "common/account/password_state.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

namespace ap {

bool UserHasPassword(Db& core, int64_t user_id) {
  auto st = core.Prepare(
      "SELECT 1 FROM users WHERE id = ? AND password_hash IS NOT NULL"
      " AND password_hash <> ''");
  st->setInt64(1, user_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  return rs->next();
}

}  // namespace ap
