// apctl: the admin command line. Provisions tenants, manages users, runs
// migrations. Works against the local stack with no flags (the default
// configuration); AP_CONFIG names another.
#include <cppconn/exception.h>

#include <cstdio>
#include <string>
#include <vector>

#include "common/db/db.h"
#include "common/log/log.h"
#include "modules/apctl/admin.h"
#include "modules/apctl/backup_commands.h"
#include "modules/apctl/command_line.h"
#include "modules/apctl/gc_commands.h"

namespace {

// Prints what is wrong with the command line and how the command is used.
int UsageError(const ap::Status& status, const ap::apctl::CommandSpec* spec) {
  std::fprintf(stderr, "apctl: %s\n", status.message().c_str());
  if (spec == nullptr) {
    std::fputs(ap::apctl::UsageText().c_str(), stderr);
  } else {
    std::fprintf(stderr, "usage: apctl %s\n", std::string(spec->usage).c_str());
  }
  return 2;
}

int Dispatch(ap::apctl::AdminEnv& env, const ap::apctl::Args& args) {
  const std::string& command = args.words[0];
  if (command == "migrate") return ap::apctl::CmdMigrate(env, args);
  if (command == "tenant") return ap::apctl::CmdTenant(env, args);
  if (command == "user") return ap::apctl::CmdUser(env, args);
  if (command == "seed-demo") return ap::apctl::CmdSeedDemo(env, args);
  if (command == "audit") return ap::apctl::CmdAudit(env, args);
  if (command == "gc") return ap::apctl::CmdGc(env, args);
  if (command == "trash") return ap::apctl::CmdTrash(env, args);
  if (command == "backup") return ap::apctl::CmdBackup(env, args);
  std::fputs(ap::apctl::UsageText().c_str(), stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  ap::InitLog("apctl", ap::LogLevel::kWarn);
  if (argc == 2 &&
      (std::string(argv[1]) == "help" || std::string(argv[1]) == "--help")) {
    std::fputs(ap::apctl::UsageText().c_str(), stdout);
    return 0;
  }
  ap::apctl::Args args;
  const ap::apctl::CommandSpec* spec = nullptr;
  // Checked before the configuration is even read: a misspelt command line
  // changes nothing.
  ap::Status parsed = ap::apctl::ParseCommandLine(
      std::vector<std::string>(argv + 1, argv + argc), &args, &spec);
  if (!parsed.ok()) return UsageError(parsed, spec);

  ap::Result<ap::Config> config = ap::Config::LoadDefault();
  if (!config.ok()) return ap::apctl::Fail(config.status().message());

  // apctl creates schemas, so it uses the admin account, not the modules'.
  ap::DbCredentials admin = ap::CredentialsFromConfig(*config);
  admin.user = config->GetString("db.admin_user", "root");
  admin.password = config->GetString("db.admin_password");
  ap::DbGlobalInit();
  ap::DbPool::Configure(ap::CoreAddressFromConfig(*config), admin);

  try {
    ap::apctl::AdminEnv env{*config, ap::DbPool::ForThread().Core()};
    return Dispatch(env, args);
  } catch (const sql::SQLException& e) {
    return ap::apctl::Fail(std::string("database error: ") + e.what() +
                           " (SQLSTATE " + e.getSQLState() + ")");
  }
}
