// apctl backup: the commands, their output, audit rows and log lines. The
// work itself is in common/backup.
#include "modules/apctl/backup_commands.h"

#include <cppconn/exception.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "common/audit/audit.h"
#include "common/backup/backup_run.h"
#include "common/backup/backup_settings.h"
#include "common/backup/backup_store.h"
#include "common/backup/restore.h"
#include "common/log/log.h"
#include "common/tenant/tenant_directory.h"

namespace ap::apctl {
namespace {

using backup::BackupSettings;
using backup::BackupStore;
using Stores = std::vector<std::unique_ptr<BackupStore>>;

int64_t Now() { return static_cast<int64_t>(time(nullptr)); }

// An audit row; a database that is down must not hide the real outcome.
void Audit(AdminEnv& env, const std::string& event, const std::string& detail) {
  try {
    WriteAudit(env.core, {0, 0, "", event, detail.substr(0, 1900)});
  } catch (const sql::SQLException& e) {
    LogError("audit row " + event + " not written: " + e.what());
  }
}

std::string HumanSize(int64_t bytes) {
  char buffer[32];
  if (bytes < 10 * 1024) {
    std::snprintf(buffer, sizeof buffer, "%lld B",
                  static_cast<long long>(bytes));
  } else if (bytes < 10 * 1024 * 1024) {
    std::snprintf(buffer, sizeof buffer, "%lld KiB",
                  static_cast<long long>(bytes / 1024));
  } else {
    std::snprintf(buffer, sizeof buffer, "%lld MiB",
                  static_cast<long long>(bytes / (1024 * 1024)));
  }
  return buffer;
}

std::string HumanAge(int64_t seconds) {
  if (seconds < 0) seconds = 0;
  int64_t h = seconds / 3600;
  if (h < 48)
    return std::to_string(h) + "h" + std::to_string(seconds / 60 % 60) + "m";
  return std::to_string(h / 24) + "d" + std::to_string(h % 24) + "h";
}

// ap_core and every tenant's schema, each on its server.
std::vector<backup::SchemaSource> Sources(AdminEnv& env) {
  std::vector<backup::SchemaSource> sources;
  const DbAddress& core = env.core.address();
  sources.push_back({core.schema, core.schema, "", {core.host, core.port, ""}});
  for (const TenantRecord& t : ListTenants(env.core)) {
    sources.push_back(
        {"tenant-" + t.slug, t.db.schema, t.slug, {t.db.host, t.db.port, ""}});
  }
  return sources;
}

int PruneAll(const BackupSettings& settings, Stores& stores) {
  int rc = 0;
  for (auto& store : stores) {
    Result<std::vector<std::string>> deleted =
        backup::Prune(settings, *store, Now());
    if (!deleted.ok()) {
      LogError("backup prune failed: destination " + store->name() + " (" +
               deleted.status().message() + ")");
      rc = 1;
      continue;
    }
    for (const std::string& id : *deleted) {
      std::printf("pruned %s from destination %s\n", id.c_str(),
                  store->name().c_str());
    }
  }
  return rc;
}

int BackupRun(AdminEnv& env, const BackupSettings& settings, Stores& stores,
              const Args& args) {
  backup::RunResult run =
      backup::RunBackup(settings, Sources(env), stores, Now());
  if (!run.status.ok()) {
    std::string kept =
        run.complete_in.empty()
            ? "no destination holds it"
            : "complete only in destination " + run.complete_in.front();
    LogError("backup failed: " + run.status.message() + "; backup " +
             run.manifest.id + ": " + kept);
    Audit(env, "backup_failed", run.status.message() + "; " + kept);
    return 1;
  }
  int64_t size = 0;
  for (const auto& p : run.manifest.parts) size += p.size;
  std::printf("backup %s complete in destinations a and b: %zu parts, %s\n",
              run.manifest.id.c_str(), run.manifest.parts.size(),
              HumanSize(size).c_str());
  Audit(env, "backup_completed",
        run.manifest.id + ": " + std::to_string(run.manifest.parts.size()) +
            " parts, " + std::to_string(size) + " bytes, destinations a, b");
  if (args.Flag("no-prune")) return 0;
  return PruneAll(settings, stores);
}

// "ok", "INCOMPLETE (no manifest)" or what is wrong with the manifest.
std::string Checkup(const BackupSettings& settings, BackupStore& store,
                    const backup::StoredBackup& b) {
  if (!b.has_manifest) return "INCOMPLETE (no manifest)";
  Result<std::string> text = store.GetManifest(b.id);
  if (!text.ok()) return "UNREADABLE (" + text.status().message() + ")";
  Result<backup::Manifest> m = backup::ManifestFromJson(*text, settings.key);
  if (!m.ok()) return "BAD (" + m.status().message() + ")";
  int64_t expected = static_cast<int64_t>(text->size());
  for (const auto& p : m->parts) expected += p.size;
  if (b.objects != static_cast<int>(m->parts.size()) + 1 ||
      b.size != expected) {
    return "BAD (objects differ from the manifest)";
  }
  return "ok";
}

int BackupList(const BackupSettings& settings, Stores& stores) {
  int rc = 0;
  std::printf("%-4s %-26s %9s %10s  %s\n", "DEST", "ID", "AGE", "SIZE",
              "STATE");
  for (auto& store : stores) {
    Result<std::vector<backup::StoredBackup>> list = store->List();
    if (!list.ok()) {
      std::printf("%-4s unreachable: %s\n", store->name().c_str(),
                  list.status().message().c_str());
      rc = 1;
      continue;
    }
    for (const backup::StoredBackup& b : *list) {
      int64_t t = backup::BackupIdTime(b.id);
      std::printf("%-4s %-26s %9s %10s  %s\n", store->name().c_str(),
                  b.id.c_str(), t < 0 ? "?" : HumanAge(Now() - t).c_str(),
                  HumanSize(b.size).c_str(),
                  Checkup(settings, *store, b).c_str());
    }
  }
  return rc;
}

// The manifest of ID (or the newest complete one) from --from, else from
// a, falling back to b; sets *store to where it was found.
Result<backup::Manifest> PickBackup(const BackupSettings& settings,
                                    Stores& stores, const std::string& id,
                                    const std::string& from,
                                    BackupStore** store) {
  Status last = NotFound("no destination named " + from);
  for (auto& s : stores) {
    if (!from.empty() && s->name() != from) continue;
    Result<backup::Manifest> m = id.empty()
                                     ? backup::NewestComplete(settings, *s)
                                     : backup::LoadManifest(settings, *s, id);
    if (m.ok()) {
      *store = s.get();
      return m;
    }
    std::fprintf(stderr, "apctl: destination %s: %s\n", s->name().c_str(),
                 m.status().message().c_str());
    last = m.status();
    // A manifest that fails its MAC is not retried elsewhere silently.
    if (m.status().code() == Code::kUnprocessable) return last;
  }
  return last;
}

}  // namespace

namespace {

// Where a restore goes: --target-host/--target-port, else the core server.
backup::RestoreRequest RestoreTarget(AdminEnv& env, const Args& args) {
  backup::RestoreRequest r;
  r.server.host = args.Option("target-host", env.core.address().host);
  // A malformed port was refused before (BackupRestore).
  r.server.port = static_cast<int>(
      NumberOption(args, "target-port", env.core.address().port, 65535)
          .value_or(0));
  r.target_schema = args.Option("target-schema");
  r.force = args.Flag("force");
  r.part = args.Option("part");
  if (args.Option("tenant") != "") r.part = "tenant-" + args.Option("tenant");
  return r;
}

int BackupRestore(AdminEnv& env, const BackupSettings& settings, Stores& stores,
                  const Args& args) {
  if (args.words.size() != 3) {
    return Fail(
        "usage: backup restore ID [--tenant SLUG | --part NAME]"
        " [--target-schema NAME] [--target-host H --target-port P]"
        " [--from a|b] [--force]");
  }
  if (!NumberOption(args, "target-port", 1, 65535)) {
    return UsageFail("--target-port must be a port from 1 to 65535");
  }
  backup::RestoreRequest r = RestoreTarget(env, args);
  if (!r.target_schema.empty() && r.part.empty()) {
    return Fail(
        "--target-schema needs --tenant or --part: a whole backup"
        " keeps its schema names");
  }
  if (!args.Flag("target-host") && r.part.empty() && !r.force) {
    return Fail(
        "restoring everything over the live server needs"
        " --target-host (another server) or --force");
  }
  BackupStore* store = nullptr;
  Result<backup::Manifest> m =
      PickBackup(settings, stores, args.words[2], args.Option("from"), &store);
  if (!m.ok()) return Fail(m.status().message());

  backup::TempDir dir;
  Status made = dir.Create(settings.tmp_dir, "restore-cred");
  if (made.ok()) {
    r.defaults_file = dir.File("client.cnf");
    made = backup::WriteDefaultsFile(r.defaults_file, settings.admin_user,
                                     settings.admin_password);
  }
  if (!made.ok()) return Fail(made.message());
  Status done = backup::Restore(settings, *store, *m, r);
  if (!done.ok()) {
    LogError("backup restore failed: " + done.message());
    return Fail(done.message());
  }
  Audit(env, "backup_restored",
        m->id + " part " + (r.part.empty() ? "all" : r.part) + " to " +
            r.server.Describe() +
            (r.target_schema.empty() ? "" : " as " + r.target_schema));
  return 0;
}

int BackupVerify(AdminEnv& env, const BackupSettings& settings, Stores& stores,
                 const Args& args) {
  std::string id = args.words.size() > 2 ? args.words[2] : "";
  BackupStore* store = nullptr;
  Result<backup::Manifest> m =
      PickBackup(settings, stores, id, args.Option("from"), &store);
  if (!m.ok()) {
    LogError("backup verify failed: " + m.status().message());
    return 1;
  }
  std::printf("verifying backup %s from destination %s\n", m->id.c_str(),
              store->name().c_str());
  std::vector<std::string> report;
  Status verified = backup::Verify(settings, *store, *m, &report);
  for (const std::string& line : report) std::printf("%s\n", line.c_str());
  if (!verified.ok()) {
    LogError("backup verify failed: " + verified.message());
    Audit(env, "backup_verify_failed", verified.message());
    return 1;
  }
  std::printf("backup %s verified: %zu parts restore as recorded\n",
              m->id.c_str(), m->parts.size());
  Audit(env, "backup_verified", m->id);
  return 0;
}

// Warns when a destination's newest complete backup is too old.
int BackupCheck(const BackupSettings& settings, Stores& stores,
                const Args& args) {
  std::optional<int64_t> hours =
      NumberOption(args, "max-age-hours", settings.max_age_hours, 100000);
  if (!hours) {
    return UsageFail("--max-age-hours must be a number from 1 to 100000");
  }
  int64_t max_hours = *hours;
  int rc = 0;
  for (auto& store : stores) {
    Result<backup::Manifest> m = backup::NewestComplete(settings, *store);
    if (!m.ok()) {
      LogWarn("backup check: destination " + store->name() + ": " +
              m.status().message());
      rc = 1;
      continue;
    }
    int64_t age = Now() - backup::BackupIdTime(m->id);
    if (age > max_hours * 3600) {
      LogWarn("backup check: newest complete backup in destination " +
              store->name() + " is " + HumanAge(age) + " old (" + m->id +
              "), more than " + std::to_string(max_hours) + "h");
      rc = 1;
    } else {
      std::printf("destination %s: newest complete backup %s, %s old\n",
                  store->name().c_str(), m->id.c_str(), HumanAge(age).c_str());
    }
  }
  return rc;
}

}  // namespace

int CmdBackup(AdminEnv& env, const Args& args) {
  std::string sub = args.words.size() > 1 ? args.words[1] : "";
  Result<BackupSettings> settings =
      backup::BackupSettingsFromConfig(env.config);
  if (!settings.ok()) return Fail(settings.status().message());
  Result<Stores> stores = backup::StoresFromConfig(env.config);
  if (!stores.ok()) return Fail(stores.status().message());

  if (sub == "run") return BackupRun(env, *settings, *stores, args);
  if (sub == "list") return BackupList(*settings, *stores);
  if (sub == "restore") return BackupRestore(env, *settings, *stores, args);
  if (sub == "verify") return BackupVerify(env, *settings, *stores, args);
  if (sub == "prune") return PruneAll(*settings, *stores);
  if (sub == "check") return BackupCheck(*settings, *stores, args);
  return Fail("usage: backup run|list|restore|verify|prune|check");
}

}  // namespace ap::apctl
