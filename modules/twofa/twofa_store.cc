#include "modules/twofa/twofa_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <iterator>
#include <memory>
#include <sstream>

#include "common/db/sql_time.h"

namespace ap::twofa {
namespace {

// Connector/C++ reads a BLOB parameter from a stream when the statement
// executes, so the stream must outlive the call: keep one per parameter.
class BlobParams {
 public:
  void Set(sql::PreparedStatement& st, unsigned index,
           const std::string& bytes) {
    streams_.push_back(std::make_unique<std::istringstream>(bytes));
    st.setBlob(index, streams_.back().get());
  }

 private:
  std::vector<std::unique_ptr<std::istringstream>> streams_;
};

std::string ReadBlob(sql::ResultSet& rs, const std::string& column) {
  std::unique_ptr<std::istream> in(rs.getBlob(column));
  if (!in) return "";
  return std::string(std::istreambuf_iterator<char>(*in),
                     std::istreambuf_iterator<char>());
}

}  // namespace

std::optional<TotpRow> LoadTotp(Db& core, int64_t user_id) {
  auto st = core.Prepare(
      "SELECT secret_sealed, last_step, enabled_at IS NOT NULL AS enabled,"
      " COALESCE(" AP_SQL_ISO_MILLIS("enabled_at") ", '')"
      " AS enabled_iso FROM user_totp WHERE user_id = ?");
  st->setInt64(1, user_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next()) return std::nullopt;

  TotpRow row;
  row.secret_sealed = ReadBlob(*rs, "secret_sealed");
  row.last_step = rs->getInt64("last_step");
  row.enabled = rs->getBoolean("enabled");
  row.enabled_at = rs->getString("enabled_iso");
  return row;
}

bool StartSetup(Db& core, int64_t user_id, const std::string& sealed) {
  // Delete-then-insert instead of an upsert: the insert fails on the
  // primary key exactly when a confirmed secret is in the way.
  auto drop = core.Prepare(
      "DELETE FROM user_totp WHERE user_id = ? AND enabled_at IS NULL");
  drop->setInt64(1, user_id);
  drop->executeUpdate();

  auto st = core.Prepare(
      "INSERT IGNORE INTO user_totp (user_id, secret_sealed) VALUES (?, ?)");
  BlobParams blobs;
  st->setInt64(1, user_id);
  blobs.Set(*st, 2, sealed);
  return st->executeUpdate() == 1;
}

bool ConfirmSetup(Db& core, int64_t user_id, const std::string& sealed,
                  int64_t step) {
  auto st = core.Prepare(
      "UPDATE user_totp SET enabled_at = UTC_TIMESTAMP(3), last_step = ?"
      " WHERE user_id = ? AND enabled_at IS NULL AND secret_sealed = ?");
  BlobParams blobs;
  st->setInt64(1, step);
  st->setInt64(2, user_id);
  blobs.Set(*st, 3, sealed);
  return st->executeUpdate() == 1;
}

bool AdvanceStep(Db& core, int64_t user_id, int64_t step) {
  auto st = core.Prepare(
      "UPDATE user_totp SET last_step = ? WHERE user_id = ?"
      " AND enabled_at IS NOT NULL AND last_step < ?");
  st->setInt64(1, step);
  st->setInt64(2, user_id);
  st->setInt64(3, step);
  return st->executeUpdate() == 1;
}

void DeleteTwofa(Db& core, int64_t user_id) {
  for (const char* sql : {"DELETE FROM recovery_codes WHERE user_id = ?",
                          "DELETE FROM user_totp WHERE user_id = ?"}) {
    auto st = core.Prepare(sql);
    st->setInt64(1, user_id);
    st->executeUpdate();
  }
}

void ReplaceRecoveryCodes(Db& core, int64_t user_id,
                          const std::vector<std::string>& hashes) {
  auto drop = core.Prepare("DELETE FROM recovery_codes WHERE user_id = ?");
  drop->setInt64(1, user_id);
  drop->executeUpdate();

  auto st = core.Prepare(
      "INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)");
  for (const std::string& hash : hashes) {
    BlobParams blobs;
    st->setInt64(1, user_id);
    blobs.Set(*st, 2, hash);
    st->executeUpdate();
  }
}

bool UseRecoveryCode(Db& core, int64_t user_id, const std::string& hash) {
  auto st = core.Prepare(
      "UPDATE recovery_codes SET used_at = UTC_TIMESTAMP(3)"
      " WHERE user_id = ? AND code_hash = ? AND used_at IS NULL LIMIT 1");
  BlobParams blobs;
  st->setInt64(1, user_id);
  blobs.Set(*st, 2, hash);
  return st->executeUpdate() == 1;
}

int64_t UnusedRecoveryCodes(Db& core, int64_t user_id) {
  auto st = core.Prepare(
      "SELECT COUNT(*) AS n FROM recovery_codes"
      " WHERE user_id = ? AND used_at IS NULL");
  st->setInt64(1, user_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  return rs->next() ? rs->getInt64("n") : 0;
}

bool TenantEnforces(Db& core, int64_t tenant_id) {
  auto st = core.Prepare("SELECT enforce_2fa FROM tenants WHERE id = ?");
  st->setInt64(1, tenant_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  return rs->next() && rs->getBoolean("enforce_2fa");
}

}  // namespace ap::twofa
