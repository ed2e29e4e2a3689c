#include "common/account/user_validation.h"

#include "common/text/safe_text.h"

namespace ap {

bool IsValidLogin(const std::string& login) {
  if (login.size() < 2 || login.size() > 100) return false;
  for (char c : login) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool IsValidEmail(const std::string& email) {
  if (email.size() < 3 || email.size() > 254) return false;
  size_t at = email.find('@');
  if (at == std::string::npos || at == 0 || email.rfind('@') != at) {
    return false;
  }
  for (unsigned char c : email) {
    if (c <= ' ' || c == 0x7f) return false;
  }
  size_t dot = email.find('.', at);
  return dot != std::string::npos && dot > at + 1 && dot + 1 < email.size();
}

Status ValidateNewUser(const std::string& login, const std::string& email,
                       const std::string& role,
                       const std::string& display_name) {
  if (!IsValidLogin(login)) {
    return BadRequest("invalid_login",
                      "The login must be 2-100 letters, digits, '.', '_' or "
                      "'-'.");
  }
  if (!IsValidEmail(email)) {
    return BadRequest("invalid_email", "The e-mail address is not valid.");
  }
  if (role != "admin" && role != "member") {
    return BadRequest("invalid_role", "The role must be admin or member.");
  }
  if (display_name.size() > 200) {
    return BadRequest("invalid_name", "The name is too long.");
  }
  if (HasUnsafeCharacters(display_name, false)) {
    return BadRequest("invalid_name", kUnsafeNameMessage);
  }
  return Status::Ok();
}

}  // namespace ap
