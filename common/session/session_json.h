// The JSON form of a session, as the web UI and the Pulse app read it:
// GET /api/auth/session, the login answer and every answer that changes
// the session (the 2FA step, enrolment) share this one shape.
#pragma once

#include "common/http/json.h"
#include "common/session/session.h"

namespace ap {

// {"state", "csrf_token", "client", "user": {id, login, email,
// display_name, role}, "tenant": {slug, name}}. Never the token.
Json SessionJson(const Session& session);

}  // namespace ap
