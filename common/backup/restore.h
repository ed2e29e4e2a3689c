// apctl backup restore and verify: loading parts into a server, after
// checking every one of them.
//
// Nothing is loaded before every part to be restored has been downloaded,
// matched against the SHA-256 in the manifest (whose MAC is checked) and
// decrypted once in full: a changed byte anywhere stops the restore before
// it touches a schema. Parts are then decrypted a second time as they are
// piped into the mariadb client, so no plain SQL is written to disk.
#pragma once

#include <string>
#include <vector>

#include "common/backup/backup_settings.h"
#include "common/backup/backup_store.h"
#include "common/backup/manifest.h"
#include "common/backup/mysql_tools.h"
#include "common/backup/temp_dir.h"
#include "common/base/status.h"

namespace ap::backup {

// Reads and checks a backup's manifest from `store`.
Result<Manifest> LoadManifest(const BackupSettings& settings,
                              BackupStore& store, const std::string& id);

// The newest backup of `store` whose manifest checks out.
Result<Manifest> NewestComplete(const BackupSettings& settings,
                                BackupStore& store);

struct RestoreRequest {
  std::string part;           // "" for every part
  std::string target_schema;  // with `part`: load it under this name
  ServerTarget server;        // where to load
  std::string defaults_file;  // credentials for `server`
  bool force = false;         // replace a schema that exists
  bool quiet = false;         // no line per restored schema
};

// Restores and prints one line per schema loaded on standard output.
// Integrity failures say "part X of backup ID failed its integrity check".
Status Restore(const BackupSettings& settings, BackupStore& store,
               const Manifest& manifest, const RestoreRequest& request);

// Restores every part of the backup into a scratch server, dumps them
// again and compares rows and checksums with the manifest. `report` gets
// one line per part.
Status Verify(const BackupSettings& settings, BackupStore& store,
              const Manifest& manifest, std::vector<std::string>* report);

}  // namespace ap::backup
