// The signed-in user's own sessions: list them, revoke one.
#pragma once

#include "common/http/context.h"
#include "common/http/response.h"
#include "modules/login/login_settings.h"

namespace ap::login {

// GET /api/auth/sessions: {"sessions": [{"id", "created_at",
// "last_seen_at", "ip", "user_agent", "client", "current"}]}, live ones
// only, most recently used first.
Response HandleListSessions(Context& ctx, const LoginSettings& settings);

// DELETE /api/auth/sessions/{id}: 204; another user's session is 404.
// Revoking the current one also clears its cookie.
Response HandleRevokeSession(Context& ctx);

}  // namespace ap::login
