// Answers that change the session: the 2FA step and turning 2FA on or
// off give the session a new token (and CSRF token) in its new state. A
// browser gets the token as the session cookie; the Pulse app, which sent
// it as a bearer token, gets it in the JSON body as at login.
#pragma once

#include <string>

#include "common/http/context.h"
#include "common/http/json.h"
#include "common/session/session.h"

namespace ap::twofa {

struct RotatedSession {
  Session session;    // the request's session in its new state
  std::string token;  // the new secret; never log it
};

RotatedSession RotateSession(Context& ctx, SessionState state);

// `body` as JSON with the new token delivered the way the client takes it.
Response AnswerWithToken(Context& ctx, Json body,
                         const RotatedSession& rotated);

// The answer to a request whose session is now revoked: `status` and the
// cookie cleared for a browser.
Response AnswerSessionEnded(const Status& status);

}  // namespace ap::twofa
