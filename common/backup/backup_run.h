// apctl backup run and prune: a snapshot to both destinations, or none.
//
// Order of a run: dump and encrypt every part locally; upload all parts to
// destinations a and b (in parallel); then the manifest to b and to a. A backup
// is complete only with its manifest, so an interrupted run never looks
// complete. When any upload fails, the run removes what it wrote from both
// destinations -- unless backup.accept_single_location is set, in which
// case the destinations that took every part get their manifest (a usable
// backup in one location) and the run still reports failure.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/backup/backup_settings.h"
#include "common/backup/backup_store.h"
#include "common/backup/manifest.h"
#include "common/backup/snapshot.h"
#include "common/base/status.h"

namespace ap::backup {

struct RunResult {
  Status status;                   // OK only when every destination has it
  std::string failed_destination;  // "a", "b", or "" (the dump failed)
  Manifest manifest;
  std::vector<std::string> complete_in;  // destinations holding it whole
};

RunResult RunBackup(const BackupSettings& settings,
                    const std::vector<SchemaSource>& sources,
                    std::vector<std::unique_ptr<BackupStore>>& stores,
                    int64_t now);

// Applies the retention policy in one destination; returns the ids deleted.
Result<std::vector<std::string>> Prune(const BackupSettings& settings,
                                       BackupStore& store, int64_t now);

}  // namespace ap::backup
