#include "common/session/session_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <sstream>

#include "common/crypto/hash.h"

namespace ap {
namespace {

// last_seen_at is refreshed at most this often: a write per request would
// make every read a write.
constexpr int64_t kTouchEverySeconds = 60;

SessionState StateFromName(const std::string& name) {
  if (name == "pending_2fa") return SessionState::kPending2fa;
  if (name == "enrol_only") return SessionState::kEnrolOnly;
  return SessionState::kFull;
}

std::istream* AsBlob(const std::string& bytes,
                     std::unique_ptr<std::istringstream>& holder) {
  holder = std::make_unique<std::istringstream>(bytes);
  return holder.get();
}

}  // namespace

SessionStore::SessionStore(const Config& config)
    : idle_seconds_(config.GetInt("session.idle_seconds", 1800)),
      absolute_seconds_(config.GetInt("session.absolute_seconds", 43200)),
      pending_seconds_(config.GetInt("session.pending_seconds", 300)) {}

std::string SessionStore::PresentedToken(const Request& request, bool* bearer) {
  std::string auth = request.Header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (auth.size() > kBearer.size() &&
      std::string_view(auth).substr(0, kBearer.size()) == kBearer) {
    *bearer = true;
    return auth.substr(kBearer.size());
  }
  *bearer = false;
  return request.Cookie(kSessionCookie);
}

std::optional<Session> SessionStore::Authenticate(const Request& request) {
  bool bearer = false;
  std::string token = PresentedToken(request, &bearer);
  // Tokens we issue are 43 characters; anything else cannot match.
  if (token.size() != 43) return std::nullopt;

  Db& core = DbPool::ForThread().Core();
  std::optional<Session> session = Load(core, Sha256(token));
  if (session) session->via_bearer = bearer;
  return session;
}

std::optional<Session> SessionStore::Load(Db& core,
                                          const std::string& token_hash) {
  auto st = core.Prepare(
      "SELECT s.id, s.user_id, s.tenant_id, s.state, s.csrf_token, s.client,"
      " u.login, u.email, u.display_name, u.role,"
      " t.slug, t.uuid, t.name, t.db_host, t.db_port, t.db_schema,"
      " TIMESTAMPDIFF(SECOND, s.last_seen_at, UTC_TIMESTAMP(3)) AS idle"
      " FROM sessions s JOIN users u ON u.id = s.user_id"
      " JOIN tenants t ON t.id = s.tenant_id"
      " WHERE s.token_hash = UNHEX(?) AND s.revoked_at IS NULL"
      " AND s.expires_at > UTC_TIMESTAMP(3)"
      " AND u.status = 'active' AND t.status = 'active'");
  // As hex, not as a blob: Connector/C++ sends a blob in a packet of its
  // own, and this lookup runs on every request.
  st->setString(1, HexEncode(token_hash));
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next()) return std::nullopt;

  Session s;
  s.id = rs->getInt64("id");
  s.state = StateFromName(rs->getString("state"));
  int64_t idle = rs->getInt64("idle");
  int64_t limit =
      s.state == SessionState::kFull ? idle_seconds_ : pending_seconds_;
  if (idle > limit) return std::nullopt;

  s.user_id = rs->getInt64("user_id");
  s.tenant_id = rs->getInt64("tenant_id");
  s.csrf_token = rs->getString("csrf_token");
  s.client = rs->getString("client");
  s.login = rs->getString("login");
  s.email = rs->getString("email");
  s.display_name = rs->getString("display_name");
  s.role = rs->getString("role");
  s.tenant_slug = rs->getString("slug");
  s.tenant_uuid = rs->getString("uuid");
  s.tenant_name = rs->getString("name");
  s.tenant_db.host = rs->getString("db_host");
  s.tenant_db.port = rs->getInt("db_port");
  s.tenant_db.schema = rs->getString("db_schema");

  if (idle >= kTouchEverySeconds) {
    auto touch = core.Prepare(
        "UPDATE sessions SET last_seen_at = UTC_TIMESTAMP(3) WHERE id = ?");
    touch->setInt64(1, s.id);
    touch->executeUpdate();
  }
  return s;
}

SessionStore::Created SessionStore::Create(Db& core, int64_t user_id,
                                           SessionState state,
                                           std::string_view client,
                                           const Request& request) {
  Created created;
  created.token = RandomToken();
  std::string csrf = RandomToken();

  auto st = core.Prepare(
      "INSERT INTO sessions (token_hash, user_id, tenant_id, state,"
      " csrf_token, client, ip, user_agent, expires_at)"
      " SELECT ?, u.id, u.tenant_id, ?, ?, ?, ?, ?,"
      " UTC_TIMESTAMP(3) + INTERVAL ? SECOND FROM users u WHERE u.id = ?");
  std::unique_ptr<std::istringstream> blob;
  st->setBlob(1, AsBlob(Sha256(created.token), blob));
  st->setString(2, SessionStateName(state));
  st->setString(3, csrf);
  st->setString(4, std::string(client));
  st->setString(5, request.remote_addr.substr(0, 45));
  st->setString(6, request.Header("user-agent").substr(0, 255));
  st->setInt64(7, absolute_seconds_);
  st->setInt64(8, user_id);
  st->executeUpdate();

  std::optional<Session> loaded = Load(core, Sha256(created.token));
  if (loaded) created.session = *loaded;
  return created;
}

std::string SessionStore::Rotate(Db& core, int64_t session_id,
                                 SessionState state) {
  std::string token = RandomToken();
  auto st = core.Prepare(
      "UPDATE sessions SET token_hash = ?, state = ?, csrf_token = ?,"
      " last_seen_at = UTC_TIMESTAMP(3) WHERE id = ? AND revoked_at IS NULL");
  std::unique_ptr<std::istringstream> blob;
  st->setBlob(1, AsBlob(Sha256(token), blob));
  st->setString(2, SessionStateName(state));
  st->setString(3, RandomToken());
  st->setInt64(4, session_id);
  st->executeUpdate();
  return token;
}

void SessionStore::Revoke(Db& core, int64_t session_id) {
  auto st = core.Prepare(
      "UPDATE sessions SET revoked_at = UTC_TIMESTAMP(3)"
      " WHERE id = ? AND revoked_at IS NULL");
  st->setInt64(1, session_id);
  st->executeUpdate();
}

void SessionStore::RevokeAllForUser(Db& core, int64_t user_id,
                                    int64_t keep_session_id) {
  auto st = core.Prepare(
      "UPDATE sessions SET revoked_at = UTC_TIMESTAMP(3)"
      " WHERE user_id = ? AND id <> ? AND revoked_at IS NULL");
  st->setInt64(1, user_id);
  st->setInt64(2, keep_session_id);
  st->executeUpdate();
}

std::string SessionStore::CookieFor(const std::string& token) const {
  return std::string(kSessionCookie) + "=" + token +
         "; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=" +
         std::to_string(absolute_seconds_);
}

std::string SessionStore::ClearingCookie() {
  return std::string(kSessionCookie) +
         "=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0";
}

}  // namespace ap
