// Which backups to delete: the retention rule, as a pure function so it
// can be tested on made-up dates.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ap::backup {

struct RetentionPolicy {
  int keep_days = 14;     // every complete backup younger than this
  int keep_monthly = 12;  // the first complete backup of each of the last
                          // N calendar months (UTC), this month included
  // A backup without a manifest older than this is a failed or killed run.
  int incomplete_grace_hours = 24;
};

struct BackupAge {
  std::string id;
  int64_t time = 0;  // Unix seconds, from the id
  bool complete = false;
};

// The ids to delete. The newest complete backup is always kept, whatever
// its age, so retention never leaves a destination empty.
std::vector<std::string> BackupsToDelete(const std::vector<BackupAge>& backups,
                                         const RetentionPolicy& policy,
                                         int64_t now);

}  // namespace ap::backup
