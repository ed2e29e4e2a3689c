// Changing a password, and the mailed links: asking for a reset, and
// setting a password with an invitation or reset token.
#pragma once

#include "common/http/context.h"
#include "common/http/response.h"
#include "modules/login/login_settings.h"

namespace ap::login {

// POST /api/auth/password {"current_password", "new_password"}: 204; every
// other session of the user is revoked.
Response HandleChangePassword(Context& ctx, const LoginSettings& settings);

// POST /api/auth/reset {"login"} (login or e-mail): always 202 with the
// same body; a mail goes out only for an active account.
Response HandleResetRequest(Context& ctx, const LoginSettings& settings);

// POST /api/auth/reset/confirm {"token", "password"}: for reset and
// invitation tokens alike. 200 {"login"}; every session is revoked; the
// user then signs in (with 2FA if they have it).
Response HandleResetConfirm(Context& ctx, const LoginSettings& settings);

}  // namespace ap::login
