// The organisation's settings and its audit log.
#pragma once

#include "common/http/context.h"
#include "common/http/response.h"
#include "modules/login/login_settings.h"

namespace ap::login {

// GET /api/org (any member): {"slug", "name", "enforce_2fa",
// "password_policy"}.
Response HandleGetOrg(Context& ctx, const LoginSettings& settings);

// PATCH /api/org (administrators) {"name"?, "enforce_2fa"?,
// "password_policy"?: "contract" | "nist"}: 200 with the organisation.
Response HandleUpdateOrg(Context& ctx, const LoginSettings& settings);

// GET /api/org/audit?limit=50&before=ID (administrators): the
// organisation's own rows, newest first: {"entries": [{"id", "at",
// "user_id", "login", "ip", "event", "detail"}], "next_before": ID|null}.
Response HandleOrgAudit(Context& ctx);

}  // namespace ap::login
