#include "common/backup/retention.h"

#include <ctime>
#include <map>
#include <set>

namespace ap::backup {
namespace {

// Months since year 0, so that "the last N months" is a subtraction.
int64_t MonthIndex(int64_t unix_seconds) {
  time_t t = static_cast<time_t>(unix_seconds);
  tm utc{};
  gmtime_r(&t, &utc);
  return (int64_t{utc.tm_year} + 1900) * 12 + utc.tm_mon;
}

// The ids kept: young ones, each month's first, and the newest.
std::set<std::string> Kept(const std::vector<BackupAge>& backups,
                           const RetentionPolicy& policy, int64_t now) {
  std::set<std::string> keep;
  std::map<int64_t, const BackupAge*> first_of_month;
  const BackupAge* newest = nullptr;
  int64_t this_month = MonthIndex(now);
  for (const BackupAge& b : backups) {
    if (!b.complete) continue;
    if (now - b.time < int64_t{policy.keep_days} * 86400) keep.insert(b.id);
    if (newest == nullptr || b.time > newest->time) newest = &b;
    int64_t month = MonthIndex(b.time);
    if (this_month - month >= policy.keep_monthly) continue;
    auto [it, added] = first_of_month.emplace(month, &b);
    if (!added && b.time < it->second->time) it->second = &b;
  }
  for (const auto& [month, b] : first_of_month) keep.insert(b->id);
  if (newest != nullptr) keep.insert(newest->id);
  return keep;
}

}  // namespace

std::vector<std::string> BackupsToDelete(const std::vector<BackupAge>& backups,
                                         const RetentionPolicy& policy,
                                         int64_t now) {
  std::set<std::string> keep = Kept(backups, policy, now);
  std::vector<std::string> doomed;
  for (const BackupAge& b : backups) {
    if (keep.count(b.id) > 0) continue;
    if (!b.complete &&
        now - b.time < int64_t{policy.incomplete_grace_hours} * 3600) {
      continue;  // perhaps a run still going on
    }
    doomed.push_back(b.id);
  }
  return doomed;
}

}  // namespace ap::backup
