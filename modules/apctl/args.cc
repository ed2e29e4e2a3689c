#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "common/text/number.h"
#include "modules/apctl/admin.h"

namespace ap::apctl {
namespace {

// Reads a line without echo when standard input is a terminal.
bool ReadLine(const char* prompt, bool terminal, std::string* line) {
  termios saved{};
  if (terminal) {
    std::fputs(prompt, stderr);
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  bool ok = static_cast<bool>(std::getline(std::cin, *line));
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::fputs("\n", stderr);
  }
  if (!line->empty() && line->back() == '\r') line->pop_back();
  return ok;
}

}  // namespace

std::string Args::Option(const std::string& name,
                         const std::string& fallback) const {
  auto it = options.find(name);
  return it == options.end() ? fallback : it->second;
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "apctl: %s\n", message.c_str());
  return 1;
}

int UsageFail(const std::string& message) {
  std::fprintf(stderr, "apctl: %s\n", message.c_str());
  return 2;
}

std::optional<int64_t> NumberOption(const Args& args, const std::string& name,
                                    int64_t fallback, int64_t max) {
  if (!args.Flag(name)) return fallback;
  std::optional<int64_t> value = ParsePositiveDecimal(args.Option(name));
  if (!value || *value > max) return std::nullopt;
  return value;
}

bool ReadNewPassword(std::string* password) {
  bool terminal = isatty(STDIN_FILENO) != 0;
  if (!ReadLine("New password: ", terminal, password)) return false;
  if (!terminal) return true;

  std::string again;
  if (!ReadLine("Repeat it: ", terminal, &again)) return false;
  if (again != *password) {
    std::fputs("apctl: the two passwords differ\n", stderr);
    return false;
  }
  return true;
}

}  // namespace ap::apctl
