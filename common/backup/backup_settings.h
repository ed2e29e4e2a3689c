// The backup.* configuration, read and checked once per command.
#pragma once

#include <string>

#include "common/backup/mysql_tools.h"
#include "common/backup/retention.h"
#include "common/base/status.h"
#include "common/config/config.h"

namespace ap::backup {

struct BackupSettings {
  std::string key;  // 32 bytes, from backup.key
  std::string tmp_dir;
  ToolPaths tools;
  std::string admin_user;  // db.admin_user / db.admin_password: dumps
  std::string admin_password;
  bool accept_single_location = false;
  RetentionPolicy retention;
  int max_age_hours = 13;
};

// A missing or malformed backup.key, or a nonsensical retention, is an
// error naming the key.
Result<BackupSettings> BackupSettingsFromConfig(const Config& config);

}  // namespace ap::backup
