// The tenant directory in ap_core: which tenants exist and where each
// one's schema lives. Used by the admin command line and tests; requests
// reach their tenant only through the session (common/http/context.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/base/status.h"
#include "common/db/db.h"

namespace ap {

struct TenantRecord {
  int64_t id = 0;
  std::string uuid;
  std::string slug;
  std::string name;
  std::string status;
  bool enforce_2fa = false;
  DbAddress db;
};

// Slugs are 2-63 characters of a-z, 0-9 and '-', starting alphanumeric.
bool IsValidSlug(const std::string& slug);

std::optional<TenantRecord> FindTenantBySlug(Db& core, const std::string& slug);

std::vector<TenantRecord> ListTenants(Db& core);

}  // namespace ap
