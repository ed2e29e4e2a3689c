#include "test/integration/fixtures.h"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_connection.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "common/config/config.h"
#include "common/crypto/hash.h"
#include "common/tenant/tenant_directory.h"

namespace ap::test {
namespace {

const Config& AdminConfig() {
  static const Config config = [] {
    Result<Config> loaded = Config::LoadDefault();
    if (!loaded.ok()) throw std::runtime_error(loaded.status().message());
    return *loaded;
  }();
  return config;
}

void ConfigureAdminPool() {
  static std::once_flag once;
  std::call_once(once, [] {
    DbGlobalInit();
    DbCredentials admin = CredentialsFromConfig(AdminConfig());
    admin.user = AdminConfig().GetString("db.admin_user", "root");
    admin.password = AdminConfig().GetString("db.admin_password");
    DbPool::Configure(CoreAddressFromConfig(AdminConfig()), admin);
  });
}

std::string ApctlPath() {
  const char* bin = std::getenv("AP_BIN_DIR");
  return std::string(bin != nullptr && *bin != '\0' ? bin : "build/bin") +
         "/apctl";
}

}  // namespace

std::string UniqueSuffix() {
  std::string hex = HexEncode(RandomBytes(4));
  return hex;
}

int RunApctl(const std::string& args, const std::string& input,
             std::string* output) {
  std::string input_file = "/tmp/ap-apctl-input-" + UniqueSuffix();
  std::ofstream(input_file) << input;
  std::string command = ApctlPath() + " " + args + " < " + input_file + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  char buffer[4096];
  size_t n = 0;
  while (pipe != nullptr && (n = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    out.append(buffer, n);
  }
  int status = pipe != nullptr ? pclose(pipe) : -1;
  std::remove(input_file.c_str());
  if (output != nullptr) *output = out;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TestTenant CreateTenant(const std::string& prefix,
                        const std::string& extra_args) {
  TestTenant tenant;
  tenant.slug = prefix + "-" + UniqueSuffix();
  std::string out;
  int rc = RunApctl("tenant create " + tenant.slug + " --name 'Test " +
                        tenant.slug + "' " + extra_args,
                    "", &out);
  if (rc != 0) throw std::runtime_error("apctl tenant create: " + out);

  std::optional<TenantRecord> record =
      FindTenantBySlug(AdminCore(), tenant.slug);
  if (!record) throw std::runtime_error("tenant row missing");
  tenant.id = record->id;
  tenant.db = record->db;
  return tenant;
}

TestUser CreateUser(const TestTenant& tenant, const std::string& role) {
  TestUser user;
  user.login = "u-" + UniqueSuffix();
  user.email = user.login + "@example.test";
  user.password = kTestPassword;
  user.role = role;
  user.tenant = tenant;
  std::string out;
  int rc =
      RunApctl("user create --tenant " + tenant.slug + " --login " +
                   user.login + " --email " + user.email + " --role " + role,
               user.password + "\n", &out);
  if (rc != 0) throw std::runtime_error("apctl user create: " + out);
  user.id = std::stoll(QueryOne(
      AdminCore(), "SELECT id FROM users WHERE login = '" + user.login + "'"));
  return user;
}

Db& AdminCore() {
  ConfigureAdminPool();
  return DbPool::ForThread().Core();
}

Db& AdminTenantDb(const TestTenant& tenant) {
  ConfigureAdminPool();
  return DbPool::ForThread().Get(tenant.db);
}

std::string QueryOne(Db& db, const std::string& sql) {
  std::unique_ptr<sql::Statement> st(db.Conn().createStatement());
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery(sql));
  if (!rs->next()) return "";
  return rs->isNull(1) ? "" : std::string(rs->getString(1));
}

}  // namespace ap::test
