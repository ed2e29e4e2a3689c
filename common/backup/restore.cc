#include "common/backup/restore.h"

#include <cstdio>
#include <set>

#include "common/backup/part_file.h"
#include "common/backup/scratch_db.h"
#include "common/backup/snapshot.h"
#include "common/backup/subprocess.h"

namespace ap::backup {
namespace {

Status IntegrityFailure(const Manifest& m, const std::string& part,
                        const std::string& why) {
  return Status(Code::kUnprocessable, "integrity_failed",
                "part " + part + " of backup " + m.id +
                    " failed its integrity check (" + why + ")");
}

// Downloads a part to `path` and checks its hash and every chunk.
Status FetchPart(const BackupSettings& settings, BackupStore& store,
                 const Manifest& m, const PartEntry& part,
                 const std::string& path) {
  Status got = store.GetPart(m.id, part.name, path);
  if (got.code() == Code::kNotFound) {
    return IntegrityFailure(m, part.name,
                            "missing in destination " + store.name());
  }
  AP_RETURN_IF_ERROR(got);
  Result<std::string> sha = FileSha256Hex(path);
  if (!sha.ok()) return sha.status();
  if (*sha != part.sha256) {
    return IntegrityFailure(m, part.name, "SHA-256 differs from the manifest");
  }
  Status read = ReadPart(path, settings.key, m.id, part.name,
                         [](std::string_view) { return Status::Ok(); });
  if (!read.ok()) return IntegrityFailure(m, part.name, read.message());
  return Status::Ok();
}

// Runs one statement with the mariadb client and returns its output.
Result<std::string> QueryText(const BackupSettings& settings,
                              const RestoreRequest& r, const std::string& sql,
                              const TempDir& dir) {
  std::vector<std::string> argv =
      ClientArgs(settings.tools, r.defaults_file, r.server);
  argv.push_back("--skip-column-names");
  argv.push_back("--execute=" + sql);
  Subprocess client;
  AP_RETURN_IF_ERROR(client.Start(argv, Subprocess::Stdin::kNull,
                                  Subprocess::Stdout::kPipe,
                                  dir.File("query.err")));
  std::string out;
  char buffer[4096];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, client.stdout_pipe())) > 0) {
    out.append(buffer, n);
  }
  AP_RETURN_IF_ERROR(client.Wait());
  return out;
}

// The schemas the target server holds now.
Result<std::set<std::string>> ExistingSchemas(const BackupSettings& settings,
                                              const RestoreRequest& r,
                                              const TempDir& dir) {
  Result<std::string> out = QueryText(
      settings, r, "SELECT schema_name FROM information_schema.schemata", dir);
  if (!out.ok()) return out.status();
  std::set<std::string> names;
  size_t start = 0;
  while (start < out->size()) {
    size_t end = out->find('\n', start);
    if (end == std::string::npos) end = out->size();
    if (end > start) names.insert(out->substr(start, end - start));
    start = end + 1;
  }
  return names;
}

// Writes a checked part into the client's input, under `schema`.
Status WritePart(FILE* in, const BackupSettings& settings,
                 const RestoreRequest& r, const Manifest& m,
                 const PartEntry& part, const std::string& path,
                 const std::string& schema) {
  Result<std::string> quoted = QuoteSchema(schema);
  if (!quoted.ok()) return quoted.status();
  std::string prologue;
  if (r.force) prologue += "DROP DATABASE IF EXISTS " + *quoted + ";\n";
  // Without IF NOT EXISTS: a schema created since the check stops the load.
  prologue += "CREATE DATABASE " + *quoted +
              " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\nUSE " +
              *quoted + ";\n";
  auto write = [in](std::string_view sql) {
    if (fwrite(sql.data(), 1, sql.size(), in) != sql.size()) {
      return Internal("the mariadb client stopped reading");
    }
    return Status::Ok();
  };
  AP_RETURN_IF_ERROR(write(prologue));
  Status read = ReadPart(path, settings.key, m.id, part.name, write);
  if (read.code() == Code::kUnprocessable) {
    return IntegrityFailure(m, part.name, read.message());
  }
  return read;
}

// Loads the parts through one mariadb client session, which stops at the
// first error.
Status LoadParts(const BackupSettings& settings, const RestoreRequest& r,
                 const Manifest& m, const std::vector<const PartEntry*>& parts,
                 const TempDir& dir) {
  Subprocess client;
  AP_RETURN_IF_ERROR(
      client.Start(ClientArgs(settings.tools, r.defaults_file, r.server),
                   Subprocess::Stdin::kPipe, Subprocess::Stdout::kNull,
                   dir.File("load.err")));
  Status written;
  for (const PartEntry* p : parts) {
    std::string schema = r.target_schema.empty() ? p->schema : r.target_schema;
    written = WritePart(client.stdin_pipe(), settings, r, m, *p,
                        dir.File(p->name + ".enc"), schema);
    if (!written.ok()) break;
    if (!r.quiet) {
      std::printf("restoring %s into %s on %s\n", p->name.c_str(),
                  schema.c_str(), r.server.Describe().c_str());
    }
  }
  // The client's own error explains more than a closed pipe.
  AP_RETURN_IF_ERROR(client.Wait());
  return written;
}

std::vector<const PartEntry*> Selected(const Manifest& m,
                                       const std::string& name) {
  std::vector<const PartEntry*> parts;
  for (const PartEntry& p : m.parts) {
    if (name.empty() || p.name == name) parts.push_back(&p);
  }
  return parts;
}

}  // namespace

Result<Manifest> LoadManifest(const BackupSettings& settings,
                              BackupStore& store, const std::string& id) {
  Result<std::string> text = store.GetManifest(id);
  if (text.status().code() == Code::kNotFound) {
    return NotFound("backup " + id + " is not complete in destination " +
                    store.name() + " (no manifest)");
  }
  if (!text.ok()) return text.status();
  Result<Manifest> m = ManifestFromJson(*text, settings.key);
  if (!m.ok()) {
    return Status(m.status().code(), m.status().error(),
                  "backup " + id + ": " + m.status().message());
  }
  if (m->id != id) {
    return Status(Code::kUnprocessable, "manifest_invalid",
                  "backup " + id + ": the manifest names " + m->id);
  }
  return m;
}

Result<Manifest> NewestComplete(const BackupSettings& settings,
                                BackupStore& store) {
  Result<std::vector<StoredBackup>> list = store.List();
  if (!list.ok()) return list.status();
  for (auto it = list->rbegin(); it != list->rend(); ++it) {
    if (!it->has_manifest) continue;
    Result<Manifest> m = LoadManifest(settings, store, it->id);
    if (m.ok()) return m;
  }
  return NotFound("destination " + store.name() + " holds no complete backup");
}

Status Restore(const BackupSettings& settings, BackupStore& store,
               const Manifest& m, const RestoreRequest& r) {
  std::vector<const PartEntry*> parts = Selected(m, r.part);
  if (parts.empty()) {
    return NotFound("backup " + m.id + " has no part " + r.part);
  }
  TempDir dir;
  AP_RETURN_IF_ERROR(dir.Create(settings.tmp_dir, "restore"));

  // Every check before anything is loaded.
  Result<std::set<std::string>> existing = ExistingSchemas(settings, r, dir);
  if (!existing.ok()) return existing.status();
  for (const PartEntry* p : parts) {
    AP_RETURN_IF_ERROR(
        FetchPart(settings, store, m, *p, dir.File(p->name + ".enc")));
    std::string schema = r.target_schema.empty() ? p->schema : r.target_schema;
    AP_RETURN_IF_ERROR(QuoteSchema(schema).status());
    if (existing->count(schema) > 0 && !r.force) {
      return Status(Code::kConflict, "schema_exists",
                    "schema " + schema + " exists on " + r.server.Describe() +
                        "; restore into another name, or --force to"
                        " replace it");
    }
  }

  return LoadParts(settings, r, m, parts, dir);
}

namespace {

// Compares one restored part's numbers with the manifest.
std::string CheckPart(const PartEntry& p, const StatsSink& found, bool* good) {
  auto it = found.parts().find(p.schema);
  if (it == found.parts().end()) {
    *good = false;
    return "FAIL " + p.name + ": the schema is missing after the restore";
  }
  std::vector<std::string> problems =
      CompareTables(p.tables, TablesFromStats(it->second));
  if (it->second.schema_version() != p.schema_version) {
    problems.push_back("schema version differs");
  }
  if (problems.empty()) {
    return "ok   " + p.name + ": " + std::to_string(p.tables.size()) +
           " tables, rows and checksums match";
  }
  *good = false;
  std::string line = "FAIL " + p.name + ":";
  for (const std::string& problem : problems) line += " " + problem + ";";
  return line;
}

}  // namespace

Status Verify(const BackupSettings& settings, BackupStore& store,
              const Manifest& m, std::vector<std::string>* report) {
  ScratchDb scratch;
  AP_RETURN_IF_ERROR(scratch.Start(settings.tools, settings.tmp_dir, false));
  RestoreRequest r;
  r.server = scratch.socket_target();
  r.defaults_file = scratch.defaults_file();
  r.quiet = true;
  AP_RETURN_IF_ERROR(Restore(settings, store, m, r));

  TempDir dir;
  AP_RETURN_IF_ERROR(dir.Create(settings.tmp_dir, "verify"));
  std::vector<std::string> schemas;
  for (const PartEntry& p : m.parts) schemas.push_back(p.schema);
  StatsSink found;
  AP_RETURN_IF_ERROR(DumpServer(settings.tools, r.defaults_file, r.server,
                                schemas, &found, dir.File("dump.err")));
  bool good = true;
  for (const PartEntry& p : m.parts) {
    report->push_back(CheckPart(p, found, &good));
  }
  if (!good) {
    return Status(Code::kUnprocessable, "verify_failed",
                  "backup " + m.id + " does not restore as recorded");
  }
  return Status::Ok();
}

}  // namespace ap::backup
