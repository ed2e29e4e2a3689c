// Password login (with throttling and the reCAPTCHA gate), logout, "who
// am I", and the active password policy.
#pragma once

#include "common/http/context.h"
#include "common/http/response.h"
#include "modules/login/login_settings.h"

namespace ap::login {

// POST /api/auth/login {"login", "password", "client"?, "captcha"?}
Response HandleLogin(Context& ctx, const LoginSettings& settings);
// POST /api/auth/logout
Response HandleLogout(Context& ctx);
// GET /api/auth/session
Response HandleSession(Context& ctx);
// GET /api/auth/policy[?token=...]: the session's organisation's policy,
// the one of an invitation/reset token's organisation, else the default.
Response HandlePolicy(Context& ctx);

}  // namespace ap::login
