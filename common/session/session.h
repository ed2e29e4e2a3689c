// Session: who is making a request, as established from a session token.
#pragma once

#include <cstdint>
#include <string>

#include "common/db/db.h"

namespace ap {

enum class SessionState {
  kFull,        // password (and 2FA if any) done
  kPending2fa,  // password done, the 2FA code still missing
  kEnrolOnly,   // the organisation demands 2FA and the user has none yet
};

struct Session {
  int64_t id = 0;
  int64_t user_id = 0;
  int64_t tenant_id = 0;
  std::string tenant_slug;
  std::string tenant_uuid;
  std::string tenant_name;
  std::string login;
  std::string email;
  std::string display_name;
  std::string role;  // "admin" or "member"
  SessionState state = SessionState::kFull;
  std::string csrf_token;
  std::string client;  // "web" or "pulse"
  bool via_bearer = false;
  DbAddress tenant_db;  // where this tenant's schema lives

  bool is_admin() const { return role == "admin"; }
};

const char* SessionStateName(SessionState state);

}  // namespace ap
