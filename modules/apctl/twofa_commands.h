// apctl user reset-2fa: for an admin helping a user who lost their phone.
#pragma once

#include <string>

#include "modules/apctl/admin.h"

namespace ap::apctl {

// Removes the user's TOTP secret and recovery codes and ends their
// sessions; they sign in with the password alone (or, when their
// organisation enforces 2FA, must enrol again). Audited.
int UserResetTwofa(AdminEnv& env, const std::string& login);

}  // namespace ap::apctl
