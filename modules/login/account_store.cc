#include "modules/login/account_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <sstream>

#include "common/crypto/hash.h"
#include "common/http/json.h"

namespace ap::login {
namespace {

// Tokens we issue are 43 characters of base64url.
constexpr size_t kTokenLength = 43;

void SetBinary(sql::PreparedStatement& st, unsigned index,
               const std::string& bytes,
               std::unique_ptr<std::istringstream>& holder) {
  holder = std::make_unique<std::istringstream>(bytes);
  st.setBlob(index, holder.get());
}

}  // namespace

PasswordPolicy PolicyForTenant(Db& core, int64_t tenant_id) {
  auto st = core.Prepare(
      "SELECT password_policy, enforce_2fa FROM tenants WHERE id = ?");
  st->setInt64(1, tenant_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next()) return PasswordPolicy();
  return PasswordPolicy::FromTenant(
      std::string(rs->getString("password_policy")),
      rs->getBoolean("enforce_2fa"));
}

Response WeakPasswordResponse(const std::vector<std::string>& rules) {
  return JsonResponse(
      422, {{"error", "weak_password"},
            {"message", "The password does not satisfy the password policy."},
            {"rules", rules}});
}

void StorePassword(Db& core, int64_t user_id, const std::string& hash,
                   bool activate) {
  auto st = core.Prepare(
      "UPDATE users SET password_hash = ?,"
      " password_changed_at = UTC_TIMESTAMP(3),"
      " status = IF(? AND status = 'invited', 'active', status),"
      " updated_at = UTC_TIMESTAMP(3) WHERE id = ?");
  st->setString(1, hash);
  st->setBoolean(2, activate);
  st->setInt64(3, user_id);
  st->executeUpdate();
}

const char* TokenKindName(TokenKind kind) {
  return kind == TokenKind::kInvitation ? "invitation" : "reset";
}

std::string IssueToken(Db& core, int64_t user_id, TokenKind kind,
                       int64_t lifetime_seconds) {
  auto old = core.Prepare(
      "UPDATE user_tokens SET used_at = UTC_TIMESTAMP(3)"
      " WHERE user_id = ? AND kind = ? AND used_at IS NULL");
  old->setInt64(1, user_id);
  old->setString(2, TokenKindName(kind));
  old->executeUpdate();

  std::string token = RandomToken();
  auto st = core.Prepare(
      "INSERT INTO user_tokens (token_hash, user_id, kind, expires_at)"
      " VALUES (?, ?, ?, UTC_TIMESTAMP(3) + INTERVAL ? SECOND)");
  std::unique_ptr<std::istringstream> holder;
  SetBinary(*st, 1, Sha256(token), holder);
  st->setInt64(2, user_id);
  st->setString(3, TokenKindName(kind));
  st->setInt64(4, lifetime_seconds);
  st->executeUpdate();
  return token;
}

bool TokenIssuedWithin(Db& core, int64_t user_id, TokenKind kind,
                       int64_t seconds) {
  auto st = core.Prepare(
      "SELECT 1 FROM user_tokens WHERE user_id = ? AND kind = ?"
      " AND created_at > UTC_TIMESTAMP(3) - INTERVAL ? SECOND LIMIT 1");
  st->setInt64(1, user_id);
  st->setString(2, TokenKindName(kind));
  st->setInt64(3, seconds);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  return rs->next();
}

std::optional<TokenHolder> FindLiveToken(Db& core, const std::string& token) {
  if (token.size() != kTokenLength) return std::nullopt;
  auto st = core.Prepare(
      "SELECT k.id, k.kind, u.id AS user_id, u.tenant_id, u.login, u.email,"
      " t.password_policy, t.enforce_2fa"
      " FROM user_tokens k JOIN users u ON u.id = k.user_id"
      " JOIN tenants t ON t.id = u.tenant_id"
      " WHERE k.token_hash = ? AND k.used_at IS NULL"
      " AND k.expires_at > UTC_TIMESTAMP(3) AND t.status = 'active'"
      " AND (u.status = 'active' OR (u.status = 'invited'"
      "  AND k.kind = 'invitation'))");
  std::unique_ptr<std::istringstream> holder;
  SetBinary(*st, 1, Sha256(token), holder);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next()) return std::nullopt;

  TokenHolder h;
  h.token_id = rs->getInt64("id");
  h.kind = rs->getString("kind") == "invitation" ? TokenKind::kInvitation
                                                 : TokenKind::kReset;
  h.user_id = rs->getInt64("user_id");
  h.tenant_id = rs->getInt64("tenant_id");
  h.login = rs->getString("login");
  h.email = rs->getString("email");
  h.policy =
      PasswordPolicy::FromTenant(std::string(rs->getString("password_policy")),
                                 rs->getBoolean("enforce_2fa"));
  return h;
}

bool ConsumeToken(Db& core, int64_t token_id) {
  auto st = core.Prepare(
      "UPDATE user_tokens SET used_at = UTC_TIMESTAMP(3) WHERE id = ?"
      " AND used_at IS NULL AND expires_at > UTC_TIMESTAMP(3)");
  st->setInt64(1, token_id);
  return st->executeUpdate() == 1;
}

}  // namespace ap::login
