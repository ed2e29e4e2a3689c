// Taking the snapshot: one mariadb-dump per database server for all the
// schemas it holds, which mariadb-dump reads inside one transaction (one
// consistent snapshot of all of them, InnoDB's consistent read: writers are
// never blocked). The dump is split into one encrypted part per schema as
// it streams in; the row counts and checksums of the manifest come from
// the same text.
#pragma once

#include <string>
#include <vector>

#include "common/backup/backup_settings.h"
#include "common/backup/dump_text.h"
#include "common/backup/manifest.h"
#include "common/backup/mysql_tools.h"
#include "common/backup/temp_dir.h"
#include "common/base/status.h"

namespace ap::backup {

// One schema to back up.
struct SchemaSource {
  std::string part_name;  // "ap_core" or "tenant-<slug>"
  std::string schema;
  std::string tenant;  // slug, "" for the core schema
  ServerTarget server;
};

// Runs mariadb-dump for `schemas` on `server` and feeds its output, line by
// line, to `sink`. The tool's errors end up in the returned status.
Status DumpServer(const ToolPaths& tools, const std::string& defaults_file,
                  const ServerTarget& server,
                  const std::vector<std::string>& schemas, DumpSink* sink,
                  const std::string& stderr_path);

// Dumps every source and writes "<part_name>.enc" files into `dir`; the
// returned entries hold everything but nothing about destinations.
Result<std::vector<PartEntry>> TakeSnapshot(
    const BackupSettings& settings, const std::vector<SchemaSource>& sources,
    const std::string& backup_id, const TempDir& dir);

// Collects PartStats per schema (for checking a restore).
class StatsSink : public DumpSink {
 public:
  Status BeginPart(const std::string& schema) override;
  Status Line(std::string_view line) override;

  Status EndPart() override { return Status::Ok(); }

  const std::map<std::string, PartStats>& parts() const { return parts_; }

 private:
  std::map<std::string, PartStats> parts_;
  PartStats* current_ = nullptr;
};

}  // namespace ap::backup
