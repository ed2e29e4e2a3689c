#include "common/session/session_json.h"

namespace ap {

Json SessionJson(const Session& s) {
  return {{"state", SessionStateName(s.state)},
          {"csrf_token", s.csrf_token},
          {"client", s.client},
          {"user",
           {{"id", s.user_id},
            {"login", s.login},
            {"email", s.email},
            {"display_name", s.display_name},
            {"role", s.role}}},
          {"tenant", {{"slug", s.tenant_slug}, {"name", s.tenant_name}}}};
}

}  // namespace ap
