// GET /s/{code}: following a short link. The hot path of this module.
//
// A visitor with a full session of the link's tenant is sent to the
// target (a path on this host). Without a full session, every code goes to
// the login page, which comes back here afterwards: the answer must not
// tell a stranger which codes exist. A signed-in user of another tenant,
// and every unknown, expired, used-up or deleted code, get the same 404
// page, byte for byte. HEAD answers as GET would but counts no visit.
#pragma once

#include <string>
#include <string_view>

#include "common/http/context.h"
#include "common/http/response.h"

namespace ap::links {

Response HandleResolve(Context& ctx);

// "/login.html?next=%2Fs%2F<code>": the login page follows `next` after
// the password (and 2FA) step.
std::string LoginRedirectLocation(std::string_view code);

// The one 404 page of the resolver.
Response NotFoundPage();

}  // namespace ap::links
