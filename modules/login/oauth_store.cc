#include "modules/login/oauth_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "common/account/password_state.h"
#include "common/crypto/hash.h"
#include "common/db/sql_time.h"

namespace ap::login {
namespace {

const char* PurposeName(OauthPurpose purpose) {
  return purpose == OauthPurpose::kLink ? "link" : "login";
}

// The columns OauthAccount needs, for a query over users u and tenants t.
constexpr const char* kAccountColumns =
    "SELECT u.id, u.tenant_id,"
    " u.status = 'active' AND t.status = 'active' AS active,"
    " t.enforce_2fa, EXISTS (SELECT 1 FROM user_totp x"
    "  WHERE x.user_id = u.id AND x.enabled_at IS NOT NULL) AS has_2fa"
    " FROM users u JOIN tenants t ON t.id = u.tenant_id ";

std::optional<OauthAccount> ReadAccount(sql::PreparedStatement& st) {
  std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
  if (!rs->next()) return std::nullopt;
  OauthAccount a;
  a.user_id = rs->getInt64("id");
  a.tenant_id = rs->getInt64("tenant_id");
  a.active = rs->getBoolean("active");
  a.has_2fa = rs->getBoolean("has_2fa");
  a.tenant_enforces_2fa = rs->getBoolean("enforce_2fa");
  return a;
}

}  // namespace

void SaveState(Db& core, const OauthStateInput& in) {
  auto st = core.Prepare(
      "INSERT INTO oauth_states (state_hash, binding_hash, provider, purpose,"
      " session_id, next_path, ip, expires_at) VALUES (UNHEX(?), UNHEX(?),"
      " ?, ?, ?, ?, ?, UTC_TIMESTAMP(3) + INTERVAL ? SECOND)");
  st->setString(1, Sha256Hex(in.state));
  st->setString(2, Sha256Hex(in.binding));
  st->setString(3, in.provider);
  st->setString(4, PurposeName(in.purpose));
  if (in.session_id > 0) {
    st->setInt64(5, in.session_id);
  } else {
    st->setNull(5, 0);
  }
  st->setString(6, in.next_path);
  st->setString(7, in.ip);
  st->setInt64(8, in.lifetime_seconds);
  st->executeUpdate();
}

std::optional<OauthStateRow> ClaimState(Db& core, const std::string& state) {
  std::string hash = Sha256Hex(state);

  // The UPDATE is the single-use check: of two callbacks racing with the
  // same state, only one changes the row.
  auto claim = core.Prepare(
      "UPDATE oauth_states SET used_at = UTC_TIMESTAMP(3)"
      " WHERE state_hash = UNHEX(?) AND used_at IS NULL");
  claim->setString(1, hash);
  if (claim->executeUpdate() != 1) return std::nullopt;

  auto st = core.Prepare(
      "SELECT LOWER(HEX(binding_hash)) AS binding_hash, provider, purpose,"
      " session_id, next_path, expires_at < UTC_TIMESTAMP(3) AS expired"
      " FROM oauth_states WHERE state_hash = UNHEX(?)");
  st->setString(1, hash);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next()) return std::nullopt;
  OauthStateRow row;
  row.binding_hash = rs->getString("binding_hash");
  row.provider = rs->getString("provider");
  row.purpose = rs->getString("purpose") == "link" ? OauthPurpose::kLink
                                                   : OauthPurpose::kLogin;
  row.session_id = rs->isNull("session_id") ? 0 : rs->getInt64("session_id");
  row.next_path = rs->getString("next_path");
  row.expired = rs->getBoolean("expired");
  return row;
}

void PurgeOldStates(Db& core) {
  core.Execute(
      "DELETE FROM oauth_states"
      " WHERE expires_at < UTC_TIMESTAMP(3) - INTERVAL 1 DAY LIMIT 500");
}

std::optional<OauthAccount> FindAccountByIdentity(Db& core,
                                                  const std::string& provider,
                                                  const std::string& subject) {
  auto st = core.Prepare(std::string(kAccountColumns) +
                         "JOIN user_identities i ON i.user_id = u.id"
                         " WHERE i.provider = ? AND i.subject = ?"
                         " AND i.unlinked_at IS NULL");
  st->setString(1, provider);
  st->setString(2, subject);
  return ReadAccount(*st);
}

std::optional<OauthAccount> FindActiveAccountByEmail(Db& core,
                                                     const std::string& email) {
  // users.email is unique (ignoring case), so this is one user or none.
  // The column's collation also equates accents ('e' = 'é'), so the
  // second condition compares code points, letter case aside: a provider
  // account named after a look-alike address must not take over a user.
  auto st = core.Prepare(std::string(kAccountColumns) +
                         "WHERE u.email = ?"
                         " AND LOWER(u.email) COLLATE utf8mb4_bin = LOWER(?)"
                         " AND u.status = 'active' AND t.status = 'active'");
  st->setString(1, email);
  st->setString(2, email);
  return ReadAccount(*st);
}

std::optional<OauthAccount> FindAccountById(Db& core, int64_t user_id) {
  auto st = core.Prepare(std::string(kAccountColumns) + "WHERE u.id = ?");
  st->setInt64(1, user_id);
  return ReadAccount(*st);
}

LinkOutcome LinkIdentity(Db& core, int64_t user_id, const std::string& provider,
                         const std::string& subject, const std::string& email) {
  Transaction tx(core);
  auto owner = core.Prepare(
      "SELECT user_id, unlinked_at IS NULL AS linked FROM user_identities"
      " WHERE provider = ? AND subject = ? FOR UPDATE");
  owner->setString(1, provider);
  owner->setString(2, subject);
  std::unique_ptr<sql::ResultSet> rs(owner->executeQuery());
  if (rs->next() && rs->getBoolean("linked")) {
    return rs->getInt64("user_id") == user_id ? LinkOutcome::kAlreadyLinked
                                              : LinkOutcome::kTakenByOther;
  }

  // What is replaced: this user's earlier identity at the provider, and
  // the unlinked record of this subject (an identity once unlinked is free
  // for whoever links it now).
  auto drop = core.Prepare(
      "DELETE FROM user_identities WHERE provider = ?"
      " AND (user_id = ? OR (subject = ? AND unlinked_at IS NOT NULL))");
  drop->setString(1, provider);
  drop->setInt64(2, user_id);
  drop->setString(3, subject);
  drop->executeUpdate();
  auto add = core.Prepare(
      "INSERT INTO user_identities (user_id, provider, subject, email)"
      " VALUES (?, ?, ?, ?)");
  add->setInt64(1, user_id);
  add->setString(2, provider);
  add->setString(3, subject);
  add->setString(4, email.substr(0, 254));
  add->executeUpdate();
  tx.Commit();
  return LinkOutcome::kLinked;
}

bool HasIdentityRecord(Db& core, int64_t user_id, const std::string& provider) {
  auto st = core.Prepare(
      "SELECT 1 FROM user_identities WHERE user_id = ? AND provider = ?");
  st->setInt64(1, user_id);
  st->setString(2, provider);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  return rs->next();
}

void TouchIdentity(Db& core, const std::string& provider,
                   const std::string& subject) {
  auto st = core.Prepare(
      "UPDATE user_identities SET last_used_at = UTC_TIMESTAMP(3)"
      " WHERE provider = ? AND subject = ?");
  st->setString(1, provider);
  st->setString(2, subject);
  st->executeUpdate();
}

std::vector<IdentityRow> ListIdentities(Db& core, int64_t user_id) {
  auto st = core.Prepare(
      "SELECT provider, email,"
      " " AP_SQL_ISO_MILLIS("created_at") " AS linked_at"
      " FROM user_identities WHERE user_id = ? AND unlinked_at IS NULL"
      " ORDER BY provider");
  st->setInt64(1, user_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  std::vector<IdentityRow> out;
  while (rs->next()) {
    out.push_back({rs->getString("provider"), rs->getString("email"),
                   rs->getString("linked_at")});
  }
  return out;
}

bool UnlinkIdentity(Db& core, int64_t user_id, const std::string& provider,
                    bool* last) {
  *last = false;
  Transaction tx(core);

  // Locks the user's identities, so two unlinks at once cannot remove the
  // last two ways in.
  auto others = core.Prepare(
      "SELECT provider FROM user_identities WHERE user_id = ?"
      " AND unlinked_at IS NULL FOR UPDATE");
  others->setInt64(1, user_id);
  std::unique_ptr<sql::ResultSet> rs(others->executeQuery());
  bool found = false;
  int count = 0;
  while (rs->next()) {
    ++count;
    if (rs->getString("provider") == provider) found = true;
  }
  if (!found) return false;
  if (count == 1 && !UserHasPassword(core, user_id)) {
    *last = true;
    return false;
  }

  auto mark = core.Prepare(
      "UPDATE user_identities SET unlinked_at = UTC_TIMESTAMP(3)"
      " WHERE user_id = ? AND provider = ?");
  mark->setInt64(1, user_id);
  mark->setString(2, provider);
  mark->executeUpdate();
  tx.Commit();
  return true;
}

std::map<std::string, bool> TenantProviderSwitches(Db& core,
                                                   int64_t tenant_id) {
  auto st = core.Prepare(
      "SELECT provider, enabled FROM tenant_oauth_providers"
      " WHERE tenant_id = ?");
  st->setInt64(1, tenant_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  std::map<std::string, bool> out;
  while (rs->next()) {
    out[rs->getString("provider")] = rs->getBoolean("enabled");
  }
  return out;
}

bool TenantAllowsProvider(Db& core, int64_t tenant_id,
                          const std::string& provider) {
  std::map<std::string, bool> switches =
      TenantProviderSwitches(core, tenant_id);
  auto it = switches.find(provider);
  return it == switches.end() || it->second;
}

void SetTenantProvider(Db& core, int64_t tenant_id, const std::string& provider,
                       bool enabled) {
  auto st = core.Prepare(
      "INSERT INTO tenant_oauth_providers (tenant_id, provider, enabled)"
      " VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE enabled = VALUES(enabled),"
      " updated_at = UTC_TIMESTAMP(3)");
  st->setInt64(1, tenant_id);
  st->setString(2, provider);
  st->setBoolean(3, enabled);
  st->executeUpdate();
}

}  // namespace ap::login
