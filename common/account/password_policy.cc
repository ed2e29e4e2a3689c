#include "common/account/password_policy.h"

#include <algorithm>
#include <cctype>

namespace ap {
namespace {

constexpr size_t kMinLength = 8;
constexpr size_t kMaxLength = 128;

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return out;
}

// Length in characters, not bytes: "zażółć" is 6 long.
size_t Utf8Length(std::string_view s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      }));
}

}  // namespace

std::vector<std::string> PasswordProblems(std::string_view password,
                                          const PasswordContext& context) {
  std::vector<std::string> problems;
  size_t length = Utf8Length(password);
  if (length < kMinLength) problems.push_back("min_length");
  if (length > kMaxLength) problems.push_back("max_length");

  bool upper = false, lower = false, digit = false, special = false;
  for (unsigned char c : password) {
    if (std::isupper(c)) upper = true;
    else if (std::islower(c)) lower = true;
    else if (std::isdigit(c)) digit = true;
    else special = true;  // punctuation, spaces and non-ASCII letters
  }
  if (!upper) problems.push_back("uppercase");
  if (!lower) problems.push_back("lowercase");
  if (!digit) problems.push_back("digit");
  if (!special) problems.push_back("special");

  std::string lowered = Lower(password);
  if (!context.login.empty() && lowered == Lower(context.login)) {
    problems.push_back("not_login");
  }
  if (!context.email.empty() && lowered == Lower(context.email)) {
    problems.push_back("not_email");
  }
  return problems;
}

}  // namespace ap
