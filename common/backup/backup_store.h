// Where backups are kept: two S3-compatible destinations, "a" and "b",
// standing for two locations (backup.a.* and backup.b.* in configuration,
// read by S3SettingsFromConfig).
//
// Layout in each bucket: backups/<id>/<part>.enc for the encrypted parts,
// then backups/<id>/manifest.json, written last. Deleting removes the
// manifest first, so a half-deleted backup never looks complete.
//
// A BackupStore holds an S3Client: one per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/base/status.h"
#include "common/config/config.h"
#include "common/storage/s3_client.h"

namespace ap::backup {

// One backup as a destination holds it.
struct StoredBackup {
  std::string id;
  int64_t size = 0;  // bytes of all its objects
  int objects = 0;
  bool has_manifest = false;
};

class BackupStore {
 public:
  BackupStore(std::string name, S3Settings settings);

  const std::string& name() const { return name_; }

  const std::string& bucket() const { return bucket_; }

  // Every backup under backups/, oldest first.
  Result<std::vector<StoredBackup>> List();

  Status PutPart(const std::string& id, const std::string& part,
                 const std::string& path, const std::string& sha256_hex);
  Status PutManifest(const std::string& id, const std::string& json);
  Result<std::string> GetManifest(const std::string& id);
  Status GetPart(const std::string& id, const std::string& part,
                 const std::string& path);

  // Removes the manifest, then every other object of the backup.
  Status Delete(const std::string& id);

  static std::string PartKey(const std::string& id, const std::string& part);
  static std::string ManifestKey(const std::string& id);

 private:
  std::string name_;
  std::string bucket_;
  std::unique_ptr<S3Client> s3_;
};

// The destinations "a" and "b" from configuration; a missing key is an
// error naming it.
Result<std::vector<std::unique_ptr<BackupStore>>> StoresFromConfig(
    const Config& config);

}  // namespace ap::backup
