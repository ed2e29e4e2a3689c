// The organisation's users, for its administrators only, and only inside
// their own organisation: another organisation's user is 404.
#pragma once

#include "common/http/context.h"
#include "common/http/response.h"
#include "modules/login/login_settings.h"

namespace ap::login {

// 403 "forbidden" unless the session's user is an administrator.
Status RequireAdmin(const Context& ctx);

// GET /api/users?page=1&per_page=50: {"users": [...], "page", "per_page",
// "total"}; a user is {"id", "login", "email", "display_name", "role",
// "status", "created_at"}.
Response HandleListUsers(Context& ctx);

// GET /api/users/{id}
Response HandleGetUser(Context& ctx);

// POST /api/users {"login", "email", "display_name"?, "role"?}: 201 with
// the user, status "invited"; the invitation mail goes out. 409
// login_taken / email_taken.
Response HandleInviteUser(Context& ctx, const LoginSettings& settings);

// PATCH /api/users/{id} {"role"?, "disabled"?}: 200 with the user.
// Disabling ends the user's sessions; 409 last_admin when the change
// would leave the organisation without an active administrator.
Response HandleUpdateUser(Context& ctx);

}  // namespace ap::login
