// apctl: the admin command line. Provisions tenants, manages users, runs
// migrations. Works against the local stack with no flags (the default
// configuration); AP_CONFIG names another.
#include <cppconn/exception.h>

#include <cstdio>
#include <string>

#include "common/db/db.h"
#include "common/log/log.h"
#include "modules/apctl/admin.h"
#include "modules/apctl/backup_commands.h"
#include "modules/apctl/gc_commands.h"

namespace {

constexpr const char* kUsage =
    "usage: apctl COMMAND ...\n"
    "  migrate                          apply pending migrations (core and"
    " every tenant)\n"
    "  tenant create SLUG --name NAME [--db-host H --db-port P]\n"
    "  tenant list\n"
    "  tenant disable SLUG | tenant enable SLUG\n"
    "  user create --tenant SLUG --login L --email E [--role admin|member]"
    " [--name NAME]\n"
    "                                   (password from stdin or a prompt)\n"
    "  user passwd LOGIN                (password from stdin or a prompt)\n"
    "  user disable LOGIN | user enable LOGIN\n"
    "  audit [--tenant SLUG] [--limit N]\n"
    "  seed-demo [--write FILE]         the demo organisations (once)\n"
    "  gc [--report] [--delete-orphans] [--min-age-minutes N]"
    " [--tenant SLUG]\n"
    "                                   objects without rows and rows"
    " without objects\n"
    "  trash empty [--tenant SLUG] [--older-than DAYS]\n"
    "  backup run [--no-prune] | list | prune | check [--max-age-hours N]\n"
    "  backup verify [ID] [--from a|b]\n"
    "  backup restore ID [--tenant SLUG | --part NAME] [--target-schema S]\n"
    "                 [--target-host H --target-port P] [--from a|b]"
    " [--force]\n";

bool ParseArgs(int argc, char** argv, ap::apctl::Args* args) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0) {
      args->words.push_back(arg);
    } else if (ap::apctl::IsFlag(arg.substr(2))) {
      args->options[arg.substr(2)] = "";
    } else if (i + 1 < argc) {
      args->options[arg.substr(2)] = argv[++i];
    } else {
      return false;
    }
  }
  return !args->words.empty();
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
  std::fputs(kUsage, stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  ap::InitLog("apctl", ap::LogLevel::kWarn);
  ap::apctl::Args args;
  if (!ParseArgs(argc, argv, &args)) {
    std::fputs(kUsage, stderr);
    return 2;
  }

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
