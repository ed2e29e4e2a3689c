#include "modules/apctl/command_line.h"

#include <algorithm>

namespace ap::apctl {
namespace {

Status Usage(const std::string& message) {
  return BadRequest("usage", message);
}

bool Contains(const std::vector<std::string_view>& names,
              std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool HasActions(std::string_view command) {
  for (const CommandSpec& spec : Commands()) {
    if (spec.command == command && !spec.action.empty()) return true;
  }
  return false;
}

const CommandSpec* FindSpec(std::string_view command, std::string_view action) {
  for (const CommandSpec& spec : Commands()) {
    if (spec.command == command && spec.action == action) return &spec;
  }
  return nullptr;
}

std::string Name(const CommandSpec& spec) {
  std::string name(spec.command);
  if (!spec.action.empty()) name += " " + std::string(spec.action);
  return name;
}

// One "--name" at argv[*i]; a value option also takes argv[*i + 1].
Status ParseOption(const CommandSpec& spec,
                   const std::vector<std::string>& argv, size_t* i,
                   Args* args) {
  std::string name = argv[*i].substr(2);
  if (args->options.count(name) > 0) {
    return Usage("--" + name + " is given twice");
  }
  if (Contains(spec.flags, name)) {
    args->options[name] = "";
    return Status::Ok();
  }
  if (!Contains(spec.options, name)) {
    return Usage("unknown option --" + name + " for '" + Name(spec) + "'");
  }
  // A value that looks like an option means the value was left out.
  if (*i + 1 >= argv.size() || argv[*i + 1].rfind("--", 0) == 0) {
    return Usage("--" + name + " needs a value");
  }
  args->options[name] = argv[++*i];
  return Status::Ok();
}

}  // namespace

const std::vector<CommandSpec>& Commands() {
  static const std::vector<CommandSpec> kCommands = {
      {"migrate",
       "",
       0,
       0,
       {},
       {},
       "migrate",
       "apply pending migrations (core and every tenant)"},
      {"tenant",
       "create",
       1,
       1,
       {"name", "db-host", "db-port"},
       {},
       "tenant create SLUG --name NAME [--db-host H --db-port P]",
       ""},
      {"tenant", "list", 0, 0, {}, {}, "tenant list", ""},
      {"tenant", "disable", 1, 1, {}, {}, "tenant disable SLUG", ""},
      {"tenant", "enable", 1, 1, {}, {}, "tenant enable SLUG", ""},
      {"user",
       "create",
       0,
       0,
       {"tenant", "login", "email", "role", "name"},
       {},
       "user create --tenant SLUG --login L --email E [--role admin|member]"
       " [--name NAME]",
       "password from stdin or a prompt"},
      {"user",
       "passwd",
       1,
       1,
       {},
       {},
       "user passwd LOGIN",
       "password from stdin or a prompt; ends their sessions and lifts"
       " their sign-in lockout"},
      {"user", "disable", 1, 1, {}, {}, "user disable LOGIN", ""},
      {"user", "enable", 1, 1, {}, {}, "user enable LOGIN", ""},
      {"user",
       "reset-2fa",
       1,
       1,
       {},
       {},
       "user reset-2fa LOGIN",
       "removes their two-factor sign-in and ends their sessions"},
      {"audit",
       "",
       0,
       0,
       {"tenant", "limit"},
       {},
       "audit [--tenant SLUG] [--limit N]",
       "newest first, N from 1 to 10000"},
      {"seed-demo",
       "",
       0,
       0,
       {"write"},
       {"allow-nonlocal"},
       "seed-demo [--write FILE] [--allow-nonlocal]",
       "the demo organisations (once); only on the local stack unless"
       " --allow-nonlocal"},
      {"gc",
       "",
       0,
       0,
       {"min-age-minutes", "tenant"},
       {"report", "delete-orphans"},
       "gc [--report] [--delete-orphans] [--min-age-minutes N]"
       " [--tenant SLUG]",
       "objects without rows and rows without objects"},
      {"trash",
       "empty",
       0,
       0,
       {"tenant", "older-than"},
       {},
       "trash empty [--tenant SLUG] [--older-than DAYS]",
       ""},
      {"backup", "run", 0, 0, {}, {"no-prune"}, "backup run [--no-prune]", ""},
      {"backup", "list", 0, 0, {}, {}, "backup list", ""},
      {"backup", "prune", 0, 0, {}, {}, "backup prune", ""},
      {"backup",
       "check",
       0,
       0,
       {"max-age-hours"},
       {},
       "backup check [--max-age-hours N]",
       ""},
      {"backup",
       "verify",
       0,
       1,
       {"from"},
       {},
       "backup verify [ID] [--from a|b]",
       ""},
      {"backup",
       "restore",
       1,
       1,
       {"tenant", "part", "target-schema", "target-host", "target-port",
        "from"},
       {"force"},
       "backup restore ID [--tenant SLUG | --part NAME] [--target-schema S]"
       " [--target-host H --target-port P] [--from a|b] [--force]",
       ""},
  };
  return kCommands;
}

Status ParseCommandLine(const std::vector<std::string>& argv, Args* args,
                        const CommandSpec** spec) {
  *spec = nullptr;
  if (argv.empty()) return Usage("no command given");
  const std::string& command = argv[0];
  bool actions = HasActions(command);
  if (actions && argv.size() < 2) {
    return Usage("'" + command + "' needs an action");
  }
  std::string action = actions ? argv[1] : "";
  *spec = FindSpec(command, action);
  if (*spec == nullptr) {
    return Usage(actions
                     ? "unknown action '" + action + "' of '" + command + "'"
                     : "unknown command '" + command + "'");
  }

  args->words.assign(argv.begin(), argv.begin() + (actions ? 2 : 1));
  size_t positional = 0;
  for (size_t i = args->words.size(); i < argv.size(); ++i) {
    if (argv[i].rfind("--", 0) == 0) {
      AP_RETURN_IF_ERROR(ParseOption(**spec, argv, &i, args));
    } else {
      args->words.push_back(argv[i]);
      ++positional;
    }
  }
  if (positional < (*spec)->min_args || positional > (*spec)->max_args) {
    return Usage("wrong number of arguments for '" + Name(**spec) + "'");
  }
  return Status::Ok();
}

std::string UsageText() {
  std::string text = "usage: apctl COMMAND ...\n";
  for (const CommandSpec& spec : Commands()) {
    text += "  " + std::string(spec.usage) + "\n";
    if (!spec.help.empty()) text += "      " + std::string(spec.help) + "\n";
  }
  return text;
}

}  // namespace ap::apctl
