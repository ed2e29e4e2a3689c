// The audit log: one row in ap_core.audit_log per security event, and the
// same event as a log line for the operator. Never pass secrets in detail.
#pragma once

#include <cstdint>
#include <string>

#include "common/db/db.h"

namespace ap {

struct AuditEntry {
  int64_t tenant_id = 0;  // 0: none (an unknown login, an admin command)
  int64_t user_id = 0;
  std::string ip;
  std::string event;   // "login_success", "password_changed", ...
  std::string detail;  // short, human-readable, no secrets
};

// Writes the row; throws sql::SQLException like every database call.
void WriteAudit(Db& core, const AuditEntry& entry);

}  // namespace ap
