// The admin command line's commands. Each returns the process exit code:
// 0 done, 1 refused or failed (the reason printed on stderr), 2 misuse.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/config/config.h"
#include "common/db/db.h"

namespace ap::apctl {

// Parsed command line (command_line.h): the command, its action and
// positional arguments in `words`; "--name value" options and "--flag"s
// (with an empty value) in `options`.
struct Args {
  std::vector<std::string> words;
  std::map<std::string, std::string> options;

  std::string Option(const std::string& name,
                     const std::string& fallback = "") const;

  bool Flag(const std::string& name) const { return options.count(name) > 0; }
};

struct AdminEnv {
  Config config;
  Db& core;  // admin credentials, schema ap_core
};

int CmdMigrate(AdminEnv& env, const Args& args);
int CmdTenant(AdminEnv& env, const Args& args);
int CmdUser(AdminEnv& env, const Args& args);
int CmdSeedDemo(AdminEnv& env, const Args& args);
int CmdAudit(AdminEnv& env, const Args& args);

// Prints "apctl: message" on stderr and returns 1.
int Fail(const std::string& message);

// Prints "apctl: message" on stderr and returns 2 (misuse: a bad option
// value), before anything was changed.
int UsageFail(const std::string& message);

// The option `name` as a number from 1 to `max`; `fallback` when absent,
// nullopt when malformed or out of range.
std::optional<int64_t> NumberOption(const Args& args, const std::string& name,
                                    int64_t fallback, int64_t max);

// Reads a new password: prompted twice without echo on a terminal, else
// one line from standard input. Never from the command line.
bool ReadNewPassword(std::string* password);

// Creates the tenant's schema from the template and its directory row.
int CreateTenant(AdminEnv& env, const std::string& slug,
                 const std::string& name, const std::string& db_host,
                 int db_port);

// Creates an active user; the password must satisfy the policy.
int CreateUser(AdminEnv& env, const std::string& tenant_slug,
               const std::string& login, const std::string& email,
               const std::string& role, const std::string& display_name,
               const std::string& password);

}  // namespace ap::apctl
