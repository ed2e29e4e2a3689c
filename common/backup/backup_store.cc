#include "common/backup/backup_store.h"

#include <map>

namespace ap::backup {
namespace {

constexpr std::string_view kPrefix = "backups/";

}  // namespace

BackupStore::BackupStore(std::string name, S3Settings settings)
    : name_(std::move(name)),
      bucket_(settings.bucket),
      s3_(std::make_unique<S3Client>(std::move(settings))) {}

std::string BackupStore::PartKey(const std::string& id,
                                 const std::string& part) {
  return std::string(kPrefix) + id + "/" + part + ".enc";
}

std::string BackupStore::ManifestKey(const std::string& id) {
  return std::string(kPrefix) + id + "/manifest.json";
}

Result<std::vector<StoredBackup>> BackupStore::List() {
  Result<std::vector<ObjectInfo>> objects = s3_->List(kPrefix);
  if (!objects.ok()) return objects.status();
  std::map<std::string, StoredBackup> by_id;
  for (const ObjectInfo& o : *objects) {
    std::string rest = o.key.substr(kPrefix.size());
    size_t slash = rest.find('/');
    if (slash == std::string::npos) continue;
    StoredBackup& b = by_id[rest.substr(0, slash)];
    b.id = rest.substr(0, slash);
    b.size += o.size;
    ++b.objects;
    if (rest.substr(slash + 1) == "manifest.json") b.has_manifest = true;
  }
  std::vector<StoredBackup> list;
  for (auto& [id, b] : by_id) list.push_back(b);
  return list;
}

Status BackupStore::PutPart(const std::string& id, const std::string& part,
                            const std::string& path,
                            const std::string& sha256_hex) {
  return s3_->PutFile(PartKey(id, part), path, "application/octet-stream",
                      sha256_hex);
}

Status BackupStore::PutManifest(const std::string& id,
                                const std::string& json) {
  return s3_->PutString(ManifestKey(id), json, "application/json");
}

Result<std::string> BackupStore::GetManifest(const std::string& id) {
  return s3_->GetString(ManifestKey(id), 64 << 20);
}

Status BackupStore::GetPart(const std::string& id, const std::string& part,
                            const std::string& path) {
  return s3_->GetToFile(PartKey(id, part), path);
}

Status BackupStore::Delete(const std::string& id) {
  AP_RETURN_IF_ERROR(s3_->Delete(ManifestKey(id)));
  Result<std::vector<ObjectInfo>> objects =
      s3_->List(std::string(kPrefix) + id + "/");
  if (!objects.ok()) return objects.status();
  for (const ObjectInfo& o : *objects) AP_RETURN_IF_ERROR(s3_->Delete(o.key));
  return Status::Ok();
}

Result<std::vector<std::unique_ptr<BackupStore>>> StoresFromConfig(
    const Config& config) {
  std::vector<std::unique_ptr<BackupStore>> stores;
  for (const char* name : {"a", "b"}) {
    Result<S3Settings> settings =
        S3SettingsFromConfig(config, std::string("backup.") + name);
    if (!settings.ok()) return settings.status();
    stores.push_back(std::make_unique<BackupStore>(name, *settings));
  }
  return stores;
}

}  // namespace ap::backup
