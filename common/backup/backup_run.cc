#include "common/backup/backup_run.h"

#include <thread>

#include "common/backup/temp_dir.h"

namespace ap::backup {
namespace {

Status UploadParts(BackupStore& store, const Manifest& manifest,
                   const TempDir& dir) {
  for (const PartEntry& part : manifest.parts) {
    Status put = store.PutPart(manifest.id, part.name,
                               dir.File(part.name + ".enc"), part.sha256);
    if (!put.ok()) return put;
  }
  return Status::Ok();
}

// Removes this run's objects where the run is not to be kept.
void CleanUp(std::vector<std::unique_ptr<BackupStore>>& stores,
             const std::string& id, const std::vector<std::string>& keep) {
  for (auto& store : stores) {
    bool kept = false;
    for (const std::string& k : keep) kept = kept || k == store->name();
    if (!kept)
      store->Delete(id).IgnoreError();  // best effort: retention
                                        // removes leftovers later
  }
}

RunResult Failed(RunResult result, const std::string& destination,
                 const Status& status) {
  result.failed_destination = destination;
  result.status = destination.empty()
                      ? status
                      : Status(status.code(), status.error(),
                               "destination " + destination + " (" +
                                   status.message() + ")");
  return result;
}

}  // namespace

RunResult RunBackup(const BackupSettings& settings,
                    const std::vector<SchemaSource>& sources,
                    std::vector<std::unique_ptr<BackupStore>>& stores,
                    int64_t now) {
  RunResult result;
  Manifest& m = result.manifest;
  m.id = NewBackupId(now);
  m.started_at = IsoTime(now);
  TempDir dir;
  Status made = dir.Create(settings.tmp_dir, "backup");
  if (!made.ok()) return Failed(std::move(result), "", made);

  Result<std::vector<PartEntry>> parts =
      TakeSnapshot(settings, sources, m.id, dir);
  if (!parts.ok()) return Failed(std::move(result), "", parts.status());
  m.parts = std::move(*parts);
  m.finished_at = IsoTime(static_cast<int64_t>(time(nullptr)));

  // Both destinations at once: each store has its own S3 connection.
  std::vector<Status> uploads(stores.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < stores.size(); ++i) {
    threads.emplace_back(
        [&, i] { uploads[i] = UploadParts(*stores[i], m, dir); });
  }
  for (std::thread& t : threads) t.join();

  std::vector<std::string> good;
  std::string failed;
  Status failure;
  for (size_t i = 0; i < stores.size(); ++i) {
    if (uploads[i].ok()) {
      good.push_back(stores[i]->name());
    } else if (failed.empty()) {
      failed = stores[i]->name();
      failure = uploads[i];
    }
  }
  if (!failed.empty() && !settings.accept_single_location) {
    CleanUp(stores, m.id, {});
    return Failed(std::move(result), failed, failure);
  }

  // The manifest last, in reverse order: b, then a.
  std::string json = ManifestToJson(m, settings.key);
  for (auto it = stores.rbegin(); it != stores.rend(); ++it) {
    BackupStore& store = **it;
    bool uploaded = false;
    for (const std::string& g : good) uploaded = uploaded || g == store.name();
    if (!uploaded) continue;
    Status put = store.PutManifest(m.id, json);
    if (put.ok()) {
      result.complete_in.push_back(store.name());
    } else if (failed.empty()) {
      failed = store.name();
      failure = put;
    }
  }
  if (failed.empty()) return result;

  CleanUp(stores, m.id,
          settings.accept_single_location ? result.complete_in
                                          : std::vector<std::string>{});
  if (!settings.accept_single_location) result.complete_in.clear();
  return Failed(std::move(result), failed, failure);
}

Result<std::vector<std::string>> Prune(const BackupSettings& settings,
                                       BackupStore& store, int64_t now) {
  Result<std::vector<StoredBackup>> list = store.List();
  if (!list.ok()) return list.status();
  std::vector<BackupAge> ages;
  for (const StoredBackup& b : *list) {
    int64_t t = BackupIdTime(b.id);
    if (t < 0) continue;  // not ours: left alone
    ages.push_back({b.id, t, b.has_manifest});
  }
  std::vector<std::string> doomed =
      BackupsToDelete(ages, settings.retention, now);
  for (const std::string& id : doomed) AP_RETURN_IF_ERROR(store.Delete(id));
  return doomed;
}

}  // namespace ap::backup
