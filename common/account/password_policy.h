// The password rules of the customer's contract: 8 to 128 characters with
// an upper-case letter, a lower-case letter, a digit and a special
// character, not equal to the login or the e-mail.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ap {

struct PasswordContext {
  std::string login;
  std::string email;
};

// The names of the rules the password breaks; empty when it is acceptable.
std::vector<std::string> PasswordProblems(std::string_view password,
                                          const PasswordContext& context);

}  // namespace ap
