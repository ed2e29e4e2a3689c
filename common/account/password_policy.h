// The password rules, the same for the API, the admin command line and
// invitations.
//
// Two modes, chosen per organisation (tenants.password_policy):
//  - contract (the default, the customer's contract): 8 to 128 characters
//    with an upper-case letter, a lower-case letter, a digit and a special
//    character;
//  - nist (NIST SP 800-63B): at least 15 characters, or 8 when the
//    organisation enforces 2FA, at most 128, no composition rules.
// Both refuse the login, the e-mail and the common passwords shipped with
// the project (etc/common-passwords.txt), all compared ignoring case.
// Rule names are stable: the web UI and the Pulse app translate them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "common/base/status.h"

namespace ap {

class Config;

enum class PolicyMode { kContract, kNist };

struct PasswordPolicy {
  PolicyMode mode = PolicyMode::kContract;
  bool enforce_2fa = false;  // shortens the NIST minimum to 8

  // From the tenants row's values; unknown names mean the contract.
  static PasswordPolicy FromTenant(std::string_view mode_name,
                                   bool enforce_2fa);

  const char* mode_name() const;
  size_t min_length() const;

  size_t max_length() const { return 128; }

  // "uppercase", "lowercase", "digit", "special" in contract mode.
  std::vector<std::string> required_classes() const;
};

struct PasswordContext {
  std::string login;
  std::string email;
};

// A set of common passwords, lower-cased.
class CommonPasswords {
 public:
  // Lines of the file; '#' lines and blank lines are skipped.
  static Result<CommonPasswords> Load(const std::string& path);
  static CommonPasswords FromText(std::string_view text);

  bool Contains(std::string_view password) const;

  size_t size() const { return words_.size(); }

 private:
  std::unordered_set<std::string> words_;
};

// The process's list: auth.common_passwords_file (a relative path is taken
// from the configuration file's folder; default common-passwords.txt
// beside it), loaded on first use and kept. Call once at start-up, before
// threads, so a missing file stops the start.
Result<const CommonPasswords*> ProcessCommonPasswords(const Config& config);

// The names of the rules the password breaks, in a fixed order:
// min_length, max_length, uppercase, lowercase, digit, special, not_login,
// not_email, common. Empty when the password is acceptable.
std::vector<std::string> PasswordProblems(std::string_view password,
                                          const PasswordContext& context,
                                          const PasswordPolicy& policy,
                                          const CommonPasswords& common);

}  // namespace ap
