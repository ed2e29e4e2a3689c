// Validation of user fields, shared by the API and the admin command line.
#pragma once

#include <string>

#include "common/base/status.h"

namespace ap {

// Logins: 2-100 characters of letters, digits, '.', '_' and '-'; never an
// '@', so a login can never be mistaken for an e-mail at sign-in.
bool IsValidLogin(const std::string& login);

// A plain check of shape (one '@', a dot in the domain, no spaces, at most
// 254 characters): the invitation mail proves the rest.
bool IsValidEmail(const std::string& email);

// The message for a name that holds a control character, a line break or
// a bidi control (common/text/safe_text.h).
inline constexpr const char* kUnsafeNameMessage =
    "The name must not contain control characters, line breaks or"
    " direction controls.";

// All fields of a new user; 400-style statuses with the field named. The
// display name must be free of control and bidi characters.
Status ValidateNewUser(const std::string& login, const std::string& email,
                       const std::string& role,
                       const std::string& display_name);

}  // namespace ap
