// SessionStore: creates, finds, rotates and revokes sessions in ap_core.
//
// A session token is 256 random bits, handed to the client once (cookie
// __Host-ap_session, or in the JSON body for the Pulse app's bearer use)
// and stored only as its SHA-256. A session ends after session.idle_seconds
// without use, after session.absolute_seconds in any case, when revoked,
// or when its user or tenant is disabled. Thread-safe: it holds only
// configuration and uses the calling thread's connections.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/config/config.h"
#include "common/db/db.h"
#include "common/http/dispatcher.h"
#include "common/http/request.h"
#include "common/session/session.h"

namespace ap {

inline constexpr std::string_view kSessionCookie = "__Host-ap_session";

class SessionStore : public Authenticator {
 public:
  explicit SessionStore(const Config& config);

  std::optional<Session> Authenticate(const Request& request) override;

  struct Created {
    std::string token;  // the secret; give it to the client, never log it
    Session session;
  };

  // Starts a session for an active user in `state`. `client` is "web" or
  // "pulse"; ip and user agent come from the request.
  Created Create(Db& core, int64_t user_id, SessionState state,
                 std::string_view client, const Request& request);

  // Gives the session a new token and state (privilege change: 2FA step).
  // The old token stops working at once.
  std::string Rotate(Db& core, int64_t session_id, SessionState state);

  void Revoke(Db& core, int64_t session_id);

  // Revokes every session of the user except `keep_session_id` (0: all).
  void RevokeAllForUser(Db& core, int64_t user_id, int64_t keep_session_id);

  // Set-Cookie values that set and clear the session cookie.
  std::string CookieFor(const std::string& token) const;
  static std::string ClearingCookie();

  // The token a request presents (bearer first, then cookie), and whether
  // it came as a bearer token.
  static std::string PresentedToken(const Request& request, bool* bearer);

 private:
  // Loads the live session with this token hash, or nullopt.
  std::optional<Session> Load(Db& core, const std::string& token_hash);

  int64_t idle_seconds_;
  int64_t absolute_seconds_;
  int64_t pending_seconds_;
};

}  // namespace ap
