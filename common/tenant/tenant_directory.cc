#include "common/tenant/tenant_directory.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

namespace ap {
namespace {

constexpr const char* kColumns =
    "SELECT id, uuid, slug, name, status, enforce_2fa, db_host, db_port,"
    " db_schema FROM tenants";

TenantRecord FromRow(sql::ResultSet& rs) {
  TenantRecord t;
  t.id = rs.getInt64("id");
  t.uuid = rs.getString("uuid");
  t.slug = rs.getString("slug");
  t.name = rs.getString("name");
  t.status = rs.getString("status");
  t.enforce_2fa = rs.getBoolean("enforce_2fa");
  t.db.host = rs.getString("db_host");
  t.db.port = rs.getInt("db_port");
  t.db.schema = rs.getString("db_schema");
  return t;
}

}  // namespace

bool IsValidSlug(const std::string& slug) {
  if (slug.size() < 2 || slug.size() > 63 || slug.front() == '-') {
    return false;
  }
  for (char c : slug) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::optional<TenantRecord> FindTenantBySlug(Db& core,
                                             const std::string& slug) {
  auto st = core.Prepare(std::string(kColumns) + " WHERE slug = ?");
  st->setString(1, slug);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next()) return std::nullopt;
  return FromRow(*rs);
}

std::vector<TenantRecord> ListTenants(Db& core) {
  auto st = core.Prepare(std::string(kColumns) + " ORDER BY slug");
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  std::vector<TenantRecord> out;
  while (rs->next()) out.push_back(FromRow(*rs));
  return out;
}

}  // namespace ap
