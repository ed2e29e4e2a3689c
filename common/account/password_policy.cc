#include "common/account/password_policy.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>

#include "common/config/config.h"

namespace ap {
namespace {

constexpr size_t kContractMinLength = 8;
constexpr size_t kNistMinLength = 15;
constexpr size_t kNistMinLengthWith2fa = 8;

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return out;
}

// Length in characters, not bytes: "zażółć" is 6 long.
size_t Utf8Length(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string TrimLine(std::string line) {
  while (!line.empty() &&
         (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
    line.pop_back();
  }
  return line;
}

void AddCompositionProblems(std::string_view password,
                            std::vector<std::string>* problems) {
  bool upper = false, lower = false, digit = false, special = false;
  for (unsigned char c : password) {
    if (std::isupper(c)) {
      upper = true;
    } else if (std::islower(c)) {
      lower = true;
    } else if (std::isdigit(c)) {
      digit = true;
    } else {
      special = true;  // punctuation, spaces and non-ASCII characters
    }
  }
  if (!upper) problems->push_back("uppercase");
  if (!lower) problems->push_back("lowercase");
  if (!digit) problems->push_back("digit");
  if (!special) problems->push_back("special");
}

// The folder of the configuration file, with a trailing '/', or "".
std::string ConfigFolder(const Config& config) {
  const std::string& origin = config.origin();
  size_t slash = origin.rfind('/');
  return slash == std::string::npos ? "" : origin.substr(0, slash + 1);
}

}  // namespace

PasswordPolicy PasswordPolicy::FromTenant(std::string_view mode_name,
                                          bool enforce_2fa) {
  PasswordPolicy policy;
  policy.mode = mode_name == "nist" ? PolicyMode::kNist : PolicyMode::kContract;
  policy.enforce_2fa = enforce_2fa;
  return policy;
}

const char* PasswordPolicy::mode_name() const {
  return mode == PolicyMode::kNist ? "nist" : "contract";
}

size_t PasswordPolicy::min_length() const {
  if (mode == PolicyMode::kContract) return kContractMinLength;
  return enforce_2fa ? kNistMinLengthWith2fa : kNistMinLength;
}

std::vector<std::string> PasswordPolicy::required_classes() const {
  if (mode == PolicyMode::kNist) return {};
  return {"uppercase", "lowercase", "digit", "special"};
}

CommonPasswords CommonPasswords::FromText(std::string_view text) {
  CommonPasswords list;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    line = TrimLine(line);
    if (line.empty() || line[0] == '#') continue;
    list.words_.insert(Lower(line));
  }
  return list;
}

Result<CommonPasswords> CommonPasswords::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Internal("cannot read the common password list " + path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  CommonPasswords list = FromText(text.str());
  if (list.size() == 0) {
    return Internal("the common password list " + path + " is empty");
  }
  return list;
}

bool CommonPasswords::Contains(std::string_view password) const {
  return words_.count(Lower(password)) > 0;
}

Result<const CommonPasswords*> ProcessCommonPasswords(const Config& config) {
  static std::mutex mutex;
  static std::unique_ptr<CommonPasswords> loaded;
  std::lock_guard<std::mutex> lock(mutex);
  if (loaded) return static_cast<const CommonPasswords*>(loaded.get());

  std::string path =
      config.GetString("auth.common_passwords_file", "common-passwords.txt");
  if (path.empty() || path[0] != '/') path = ConfigFolder(config) + path;
  Result<CommonPasswords> list = CommonPasswords::Load(path);
  if (!list.ok()) return list.status();
  loaded = std::make_unique<CommonPasswords>(std::move(*list));
  return static_cast<const CommonPasswords*>(loaded.get());
}

std::vector<std::string> PasswordProblems(std::string_view password,
                                          const PasswordContext& context,
                                          const PasswordPolicy& policy,
                                          const CommonPasswords& common) {
  std::vector<std::string> problems;
  size_t length = Utf8Length(password);
  if (length < policy.min_length()) problems.push_back("min_length");
  if (length > policy.max_length()) problems.push_back("max_length");
  if (policy.mode == PolicyMode::kContract) {
    AddCompositionProblems(password, &problems);
  }

  std::string lowered = Lower(password);
  if (!context.login.empty() && lowered == Lower(context.login)) {
    problems.push_back("not_login");
  }
  if (!context.email.empty() && lowered == Lower(context.email)) {
    problems.push_back("not_email");
  }
  if (common.Contains(password)) problems.push_back("common");
  return problems;
}

}  // namespace ap
