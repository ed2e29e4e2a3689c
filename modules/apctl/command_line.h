// The admin command line's grammar: every command with its positional
// arguments, the options that take a value and the flags that take none.
// Parsing checks a command line against it before anything runs, so a
// typo ("--rol admin") is refused instead of silently becoming a default.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/base/status.h"
#include "modules/apctl/admin.h"

namespace ap::apctl {

struct CommandSpec {
  std::string_view command;  // "user"
  std::string_view action;   // "create"; "" for a command without actions
  size_t min_args = 0;       // positional arguments after command/action
  size_t max_args = 0;
  std::vector<std::string_view> options;  // "--name VALUE"
  std::vector<std::string_view> flags;    // "--force"
  std::string_view usage;                 // "user create --tenant SLUG ..."
  std::string_view help;                  // one line, may be empty
};

// Every command apctl knows, in the order the usage text lists them.
const std::vector<CommandSpec>& Commands();

// Parses argv[1..] into `args`. Refuses, with a message naming what is
// wrong: an unknown command or action, an option or flag the command does
// not take, an option without a value (missing, or another "--option"), an
// option given twice, and too few or too many positional arguments.
// `*spec` is the command found (null when none was).
Status ParseCommandLine(const std::vector<std::string>& argv, Args* args,
                        const CommandSpec** spec);

// The whole usage text, one command per line.
std::string UsageText();

}  // namespace ap::apctl
