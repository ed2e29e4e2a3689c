#include "common/backup/backup_settings.h"

#include "common/crypto/aead.h"

namespace ap::backup {
namespace {

Status ConfigError(const std::string& message) { return Internal(message); }

}  // namespace

Result<BackupSettings> BackupSettingsFromConfig(const Config& config) {
  BackupSettings s;
  if (config.GetString("backup.key").empty()) {
    return ConfigError("backup.key is missing in " + config.origin());
  }
  Result<std::string> key = KeyFromConfigText(config.GetString("backup.key"));
  if (!key.ok()) return ConfigError("backup.key: " + key.status().message());
  s.key = *key;
  s.tmp_dir = config.GetString("backup.tmp_dir");
  s.tools = ToolPathsFromConfig(config);
  s.admin_user = config.GetString("db.admin_user", "root");
  s.admin_password = config.GetString("db.admin_password");
  s.accept_single_location =
      config.GetBool("backup.accept_single_location", false);

  int64_t days = config.GetInt("backup.keep_days", 14);
  int64_t months = config.GetInt("backup.keep_monthly", 12);
  int64_t max_age = config.GetInt("backup.max_age_hours", 13);
  if (days < 1 || days > 3650) {
    return ConfigError("backup.keep_days must be 1 to 3650");
  }
  if (months < 0 || months > 1200) {
    return ConfigError("backup.keep_monthly must be 0 to 1200");
  }
  if (max_age < 1 || max_age > 24 * 365) {
    return ConfigError("backup.max_age_hours must be 1 to 8760");
  }
  s.retention.keep_days = static_cast<int>(days);
  s.retention.keep_monthly = static_cast<int>(months);
  s.max_age_hours = static_cast<int>(max_age);
  return s;
}

}  // namespace ap::backup
