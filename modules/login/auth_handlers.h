// Password login, logout and "who am I".
#pragma once

#include "common/http/context.h"
#include "common/http/response.h"

namespace ap::login {

Response HandleLogin(Context& ctx);
Response HandleLogout(Context& ctx);
Response HandleSession(Context& ctx);

}  // namespace ap::login
