#include "common/audit/audit.h"

#include <cppconn/prepared_statement.h>

#include "common/log/log.h"

namespace ap {

void WriteAudit(Db& core, const AuditEntry& entry) {
  LogInfo("security: " + entry.event +
          " tenant=" + std::to_string(entry.tenant_id) +
          " user=" + std::to_string(entry.user_id) + " ip=" + entry.ip +
          (entry.detail.empty() ? "" : " detail=" + entry.detail));

  auto st = core.Prepare(
      "INSERT INTO audit_log (tenant_id, user_id, ip, event, detail)"
      " VALUES (NULLIF(?, 0), NULLIF(?, 0), ?, ?, ?)");
  st->setInt64(1, entry.tenant_id);
  st->setInt64(2, entry.user_id);
  st->setString(3, entry.ip.substr(0, 45));
  st->setString(4, entry.event.substr(0, 64));
  st->setString(5, entry.detail.substr(0, 2000));
  st->executeUpdate();
}

}  // namespace ap
