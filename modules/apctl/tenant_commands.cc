// apctl migrate and apctl tenant ...
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>

#include <cstdio>
#include <string>

#include "common/audit/audit.h"
#include "common/crypto/uuid.h"
#include "common/db/migrations.h"
#include "common/tenant/tenant_directory.h"
#include "common/text/safe_text.h"
#include "modules/apctl/admin.h"

namespace ap::apctl {
namespace {

// The schema name is built from a validated slug, so it holds only
// [a-z0-9_] and is safe inside backquotes.
std::string SchemaFor(const Config& config, const std::string& slug) {
  std::string schema = config.GetString("db.tenant_schema_prefix", "ap_t_");
  for (char c : slug) schema += c == '-' ? '_' : c;
  return schema;
}

Result<std::vector<Migration>> Migrations(const Config& config,
                                          const char* kind) {
  return LoadMigrations(SqlDir(config) + "/" + kind);
}

// Lets the modules' own database user work on the schema. On the main
// server a wildcard grant on the tenant prefix covers it already
// (deploy/README.md); another server needs this. The account is
// 'db.user'@'db.user_host': the app servers' network in production
// ('10.0.0.%'), the loopback on the local stack.
void GrantModuleUser(AdminEnv& env, Db& server, const std::string& schema) {
  std::string user = env.config.GetString("db.user", "ap");
  std::string host = env.config.GetString("db.user_host", "127.0.0.1");
  // Account names cannot be bound as parameters: keep them to the
  // characters accounts are made of, so the statement stays one GRANT.
  auto plain = [](const std::string& text) {
    return !text.empty() && text.find_first_not_of(
                                "abcdefghijklmnopqrstuvwxyz"
                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                "0123456789._%:-") == std::string::npos;
  };
  if (!plain(user) || !plain(host)) {
    std::fprintf(stderr,
                 "apctl: warning: db.user or db.user_host holds characters"
                 " an account name cannot; grant %s by hand\n",
                 schema.c_str());
    return;
  }
  try {
    server.Execute("GRANT SELECT, INSERT, UPDATE, DELETE ON `" + schema +
                   "`.* TO '" + user + "'@'" + host + "'");
  } catch (const sql::SQLException& e) {
    std::fprintf(stderr,
                 "apctl: warning: could not grant %s access to %s (%s);"
                 " grant it by hand if the modules cannot reach it\n",
                 user.c_str(), schema.c_str(), e.what());
  }
}

int TenantList(AdminEnv& env) {
  for (const TenantRecord& t : ListTenants(env.core)) {
    std::printf("%-20s %-9s %s:%d/%s  %s\n", t.slug.c_str(), t.status.c_str(),
                t.db.host.c_str(), t.db.port, t.db.schema.c_str(),
                t.name.c_str());
  }
  return 0;
}

int TenantSetStatus(AdminEnv& env, const std::string& slug,
                    const std::string& status) {
  auto st = env.core.Prepare(
      "UPDATE tenants SET status = ?, updated_at = UTC_TIMESTAMP(3)"
      " WHERE slug = ?");
  st->setString(1, status);
  st->setString(2, slug);
  if (st->executeUpdate() == 0 && !FindTenantBySlug(env.core, slug)) {
    return Fail("no tenant '" + slug + "'");
  }
  std::optional<TenantRecord> t = FindTenantBySlug(env.core, slug);
  WriteAudit(env.core, {t->id, 0, "", "tenant_" + status, "by apctl"});
  std::printf("tenant %s is %s\n", slug.c_str(), status.c_str());
  return 0;
}

}  // namespace

int CmdMigrate(AdminEnv& env, const Args& args) {
  (void)args;
  Result<std::vector<Migration>> core = Migrations(env.config, "core");
  Result<std::vector<Migration>> tenant = Migrations(env.config, "tenant");
  if (!core.ok()) return Fail(core.status().message());
  if (!tenant.ok()) return Fail(tenant.status().message());

  DbAddress server = env.core.address();
  std::string core_schema = server.schema;
  server.schema.clear();
  DbPool::ForThread().Get(server).Execute(
      "CREATE DATABASE IF NOT EXISTS `" + core_schema +
      "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");

  int applied = ApplyMigrations(env.core, *core);
  std::printf("core: %d migration(s) applied, version %d\n", applied,
              SchemaVersion(env.core));
  for (const TenantRecord& t : ListTenants(env.core)) {
    Db& db = DbPool::ForThread().Get(t.db);
    int n = ApplyMigrations(db, *tenant);
    std::printf("tenant %s: %d migration(s) applied, version %d\n",
                t.slug.c_str(), n, SchemaVersion(db));
    // One connection at a time: an installation has more tenants than the
    // server allows connections.
    db.Reset();
  }
  return 0;
}

int CreateTenant(AdminEnv& env, const std::string& slug,
                 const std::string& name, const std::string& db_host,
                 int db_port) {
  if (!IsValidSlug(slug)) {
    return Fail("invalid slug '" + slug +
                "': use 2-63 characters a-z, 0-9 and '-'");
  }
  if (name.empty() || name.size() > 200) {
    return Fail("--name is required (at most 200 characters)");
  }
  // The name is shown on one line (tenant list, the web UI's header).
  if (HasUnsafeCharacters(name, false)) {
    return Fail(
        "invalid name: it must not contain control characters,"
        " line breaks or direction controls");
  }
  if (FindTenantBySlug(env.core, slug)) {
    return Fail("tenant '" + slug + "' already exists");
  }
  Result<std::vector<Migration>> migrations = Migrations(env.config, "tenant");
  if (!migrations.ok()) return Fail(migrations.status().message());

  DbAddress address{db_host, db_port, SchemaFor(env.config, slug)};
  Db& server = DbPool::ForThread().Get({db_host, db_port, ""});
  try {
    // Without IF NOT EXISTS: an existing schema is never taken over.
    server.Execute("CREATE DATABASE `" + address.schema +
                   "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
  } catch (const sql::SQLException& e) {
    return Fail("cannot create schema " + address.schema + ": " + e.what());
  }

  try {
    ApplyMigrations(DbPool::ForThread().Get(address), *migrations);
    GrantModuleUser(env, server, address.schema);
    auto st = env.core.Prepare(
        "INSERT INTO tenants (uuid, slug, name, db_host, db_port, db_schema)"
        " VALUES (?, ?, ?, ?, ?, ?)");
    st->setString(1, NewUuid());
    st->setString(2, slug);
    st->setString(3, name);
    st->setString(4, address.host);
    st->setInt(5, address.port);
    st->setString(6, address.schema);
    st->executeUpdate();
  } catch (const sql::SQLException& e) {
    // Leave nothing half-made: a schema without its directory row.
    server.Execute("DROP DATABASE IF EXISTS `" + address.schema + "`");
    return Fail("cannot create tenant '" + slug + "': " + e.what());
  }

  std::optional<TenantRecord> t = FindTenantBySlug(env.core, slug);
  WriteAudit(env.core, {t->id, 0, "", "tenant_created", "by apctl"});
  std::printf("tenant %s created in %s:%d/%s\n", slug.c_str(),
              address.host.c_str(), address.port, address.schema.c_str());
  return 0;
}

int CmdTenant(AdminEnv& env, const Args& args) {
  std::string action = args.words.size() > 1 ? args.words[1] : "";
  std::string slug = args.words.size() > 2 ? args.words[2] : "";
  if (action == "list") return TenantList(env);
  if (action == "create" && !slug.empty()) {
    DbAddress core = env.core.address();
    std::string host = args.Option("db-host", core.host);
    std::optional<int64_t> port =
        NumberOption(args, "db-port", core.port, 65535);
    if (!port) return UsageFail("--db-port must be a port from 1 to 65535");
    if (!args.Flag("name")) return UsageFail("tenant create needs --name");
    return CreateTenant(env, slug, args.Option("name"), host,
                        static_cast<int>(*port));
  }
  if (action == "disable" && !slug.empty()) {
    return TenantSetStatus(env, slug, "disabled");
  }
  if (action == "enable" && !slug.empty()) {
    return TenantSetStatus(env, slug, "active");
  }
  std::fputs(
      "usage: apctl tenant create SLUG --name NAME | list |"
      " disable SLUG | enable SLUG\n",
      stderr);
  return 2;
}

}  // namespace ap::apctl
