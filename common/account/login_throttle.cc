#include "common/account/login_throttle.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <sstream>

#include "common/config/config.h"
#include "common/crypto/hash.h"

namespace ap {
namespace {

// Old windows are swept by one failure in this many, so the table stays
// small without a separate job.
constexpr unsigned kSweepOneIn = 64;

void SetKey(sql::PreparedStatement& st, unsigned index, const std::string& key,
            std::unique_ptr<std::istringstream>& holder) {
  holder = std::make_unique<std::istringstream>(key);
  st.setBlob(index, holder.get());
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return out;
}

}  // namespace

Result<ThrottleLimits> ThrottleLimits::FromConfig(const Config& config) {
  ThrottleLimits d;
  ThrottleLimits l;
  l.captcha_after = config.GetInt("auth.captcha_after", d.captcha_after);
  l.lockout_after = config.GetInt("auth.lockout_after", d.lockout_after);
  l.ip_captcha_after =
      config.GetInt("auth.ip_captcha_after", d.ip_captcha_after);
  l.ip_lockout_after =
      config.GetInt("auth.ip_lockout_after", d.ip_lockout_after);
  l.window_seconds = config.GetInt("auth.window_seconds", d.window_seconds);
  if (l.captcha_after < 1 || l.lockout_after < l.captcha_after ||
      l.ip_captcha_after < 1 || l.ip_lockout_after < l.ip_captcha_after ||
      l.window_seconds < 1) {
    return Internal(
        "auth.captcha_after, auth.lockout_after, auth.ip_captcha_after,"
        " auth.ip_lockout_after and auth.window_seconds must be positive,"
        " and each captcha limit at most its lockout limit");
  }
  return l;
}

std::string LoginThrottle::AccountKey(int64_t user_id, std::string_view typed) {
  if (user_id > 0) return Sha256("account:id:" + std::to_string(user_id));
  return Sha256("account:name:" + Lower(typed));
}

std::string LoginThrottle::IpKey(std::string_view ip) {
  return Sha256("ip:" + std::string(ip));
}

ThrottleState LoginThrottle::Check(Db& core, const std::string& account_key,
                                   const std::string& ip_key) const {
  auto st = core.Prepare(
      "SELECT kind, failures, TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(3),"
      " window_start + INTERVAL ? SECOND) + 1 AS remaining"
      " FROM login_attempts WHERE window_start > UTC_TIMESTAMP(3) -"
      " INTERVAL ? SECOND AND ((kind = 'account' AND key_hash = ?)"
      " OR (kind = 'ip' AND key_hash = ?))");
  std::unique_ptr<std::istringstream> a, b;
  st->setInt64(1, limits_.window_seconds);
  st->setInt64(2, limits_.window_seconds);
  SetKey(*st, 3, account_key, a);
  SetKey(*st, 4, ip_key, b);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());

  ThrottleState state;
  while (rs->next()) {
    bool ip = rs->getString("kind") == "ip";
    int64_t failures = rs->getInt64("failures");
    int64_t remaining = std::max<int64_t>(rs->getInt64("remaining"), 1);
    if (failures >= (ip ? limits_.ip_lockout_after : limits_.lockout_after)) {
      state.retry_after = std::max(state.retry_after, remaining);
    }
    if (failures >= (ip ? limits_.ip_captcha_after : limits_.captcha_after)) {
      state.captcha = true;
    }
  }
  return state;
}

void LoginThrottle::Count(Db& core, const char* kind,
                          const std::string& key) const {
  // The assignments run left to right: `failures` still sees the old
  // window_start. A window that has passed starts again at this failure.
  auto st = core.Prepare(
      "INSERT INTO login_attempts (kind, key_hash, window_start, failures)"
      " VALUES (?, ?, UTC_TIMESTAMP(3), 1) ON DUPLICATE KEY UPDATE"
      " failures = IF(window_start <= UTC_TIMESTAMP(3) - INTERVAL ? SECOND,"
      "  1, failures + 1),"
      " window_start = IF(window_start <= UTC_TIMESTAMP(3) - INTERVAL ?"
      "  SECOND, UTC_TIMESTAMP(3), window_start)");
  std::unique_ptr<std::istringstream> holder;
  st->setString(1, kind);
  SetKey(*st, 2, key, holder);
  st->setInt64(3, limits_.window_seconds);
  st->setInt64(4, limits_.window_seconds);
  st->executeUpdate();
}

void LoginThrottle::RecordFailure(Db& core, const std::string& account_key,
                                  const std::string& ip_key) const {
  Count(core, "account", account_key);
  if (!ip_key.empty()) Count(core, "ip", ip_key);

  if (static_cast<unsigned char>(RandomBytes(1)[0]) % kSweepOneIn == 0) {
    auto sweep = core.Prepare(
        "DELETE FROM login_attempts WHERE window_start <"
        " UTC_TIMESTAMP(3) - INTERVAL ? SECOND LIMIT 1000");
    sweep->setInt64(1, limits_.window_seconds);
    sweep->executeUpdate();
  }
}

void LoginThrottle::Reset(Db& core, const std::string& account_key) const {
  auto st = core.Prepare(
      "DELETE FROM login_attempts WHERE kind = 'account' AND key_hash = ?");
  std::unique_ptr<std::istringstream> holder;
  SetKey(*st, 1, account_key, holder);
  st->executeUpdate();
}

}  // namespace ap
