#include "common/backup/snapshot.h"

#include <cstdlib>
#include <map>
#include <memory>

#include "common/backup/part_file.h"
#include "common/backup/subprocess.h"

namespace ap::backup {
namespace {

// Writes each part of a dump to its encrypted file.
class PartFileSink : public DumpSink {
 public:
  PartFileSink(const BackupSettings& settings, const std::string& backup_id,
               const TempDir& dir,
               const std::map<std::string, const SchemaSource*>& sources)
      : settings_(settings), id_(backup_id), dir_(dir), sources_(sources) {}

  Status BeginPart(const std::string& schema) override {
    auto it = sources_.find(schema);
    if (it == sources_.end()) return Internal("unexpected schema " + schema);
    source_ = it->second;
    writer_ = std::make_unique<PartWriter>();
    stats_ = PartStats();
    return writer_->Open(dir_.File(source_->part_name + ".enc"), settings_.key,
                         id_, source_->part_name);
  }

  Status Line(std::string_view line) override {
    stats_.Line(line);
    buffer_.append(line);
    buffer_ += '\n';
    if (buffer_.size() < (256 << 10)) return Status::Ok();
    Status written = writer_->Write(buffer_);
    buffer_.clear();
    return written;
  }

  Status EndPart() override;

  std::vector<PartEntry>& entries() { return entries_; }

 private:
  const BackupSettings& settings_;
  const std::string& id_;
  const TempDir& dir_;
  const std::map<std::string, const SchemaSource*>& sources_;
  const SchemaSource* source_ = nullptr;
  std::unique_ptr<PartWriter> writer_;
  PartStats stats_;
  std::string buffer_;
  std::vector<PartEntry> entries_;
};

Status PartFileSink::EndPart() {
  AP_RETURN_IF_ERROR(writer_->Write(buffer_));
  buffer_.clear();
  AP_RETURN_IF_ERROR(writer_->Finish());
  PartEntry entry;
  entry.name = source_->part_name;
  entry.schema = source_->schema;
  entry.tenant = source_->tenant;
  entry.server = source_->server.Describe();
  entry.schema_version = stats_.schema_version();
  entry.sha256 = writer_->sha256_hex();
  entry.size = writer_->size();
  entry.tables = TablesFromStats(stats_);
  entries_.push_back(std::move(entry));
  writer_.reset();
  return Status::Ok();
}

struct LineBuffer {
  char* data = nullptr;
  size_t capacity = 0;

  ~LineBuffer() { free(data); }
};

}  // namespace

Status DumpServer(const ToolPaths& tools, const std::string& defaults_file,
                  const ServerTarget& server,
                  const std::vector<std::string>& schemas, DumpSink* sink,
                  const std::string& stderr_path) {
  Subprocess dump;
  AP_RETURN_IF_ERROR(dump.Start(DumpArgs(tools, defaults_file, server, schemas),
                                Subprocess::Stdin::kNull,
                                Subprocess::Stdout::kPipe, stderr_path));
  DumpSplitter splitter(sink);
  LineBuffer line;
  ssize_t n = 0;
  Status fed;
  while (fed.ok() &&
         (n = getline(&line.data, &line.capacity, dump.stdout_pipe())) > 0) {
    size_t len = static_cast<size_t>(n);
    if (line.data[len - 1] == '\n') --len;
    fed = splitter.Feed(std::string_view(line.data, len));
  }
  if (!fed.ok()) {
    dump.Wait().IgnoreError();  // killed by the closed pipe
    return fed;
  }
  AP_RETURN_IF_ERROR(dump.Wait());
  return splitter.Finish();
}

namespace {

// The parts of one server's schemas, from one mariadb-dump.
Result<std::vector<PartEntry>> DumpOneServer(
    const BackupSettings& settings, const ServerTarget& server,
    const std::vector<const SchemaSource*>& list, const std::string& backup_id,
    const TempDir& dir, const std::string& defaults) {
  std::map<std::string, const SchemaSource*> by_schema;
  std::vector<std::string> schemas;
  for (const SchemaSource* s : list) {
    by_schema[s->schema] = s;
    schemas.push_back(s->schema);
  }
  PartFileSink sink(settings, backup_id, dir, by_schema);
  Status dumped = DumpServer(settings.tools, defaults, server, schemas, &sink,
                             dir.File("dump.err"));
  if (!dumped.ok()) {
    return Internal("dump of " + server.Describe() + ": " + dumped.message());
  }
  if (sink.entries().size() != schemas.size()) {
    return Internal("the dump of " + server.Describe() + " holds " +
                    std::to_string(sink.entries().size()) + " of " +
                    std::to_string(schemas.size()) + " schemas");
  }
  return std::move(sink.entries());
}

}  // namespace

Result<std::vector<PartEntry>> TakeSnapshot(
    const BackupSettings& settings, const std::vector<SchemaSource>& sources,
    const std::string& backup_id, const TempDir& dir) {
  std::map<ServerTarget, std::vector<const SchemaSource*>> by_server;
  for (const SchemaSource& s : sources) by_server[s.server].push_back(&s);
  std::string defaults = dir.File("dump.cnf");
  AP_RETURN_IF_ERROR(WriteDefaultsFile(defaults, settings.admin_user,
                                       settings.admin_password));

  std::vector<PartEntry> entries;
  for (const auto& [server, list] : by_server) {
    Result<std::vector<PartEntry>> parts =
        DumpOneServer(settings, server, list, backup_id, dir, defaults);
    // 1412: a table changed (DDL) after the snapshot began; a new
    // snapshot usually succeeds.
    if (!parts.ok() &&
        parts.status().message().find("Error 1412") != std::string::npos) {
      parts = DumpOneServer(settings, server, list, backup_id, dir, defaults);
    }
    if (!parts.ok()) return parts.status();
    for (PartEntry& e : *parts) entries.push_back(std::move(e));
  }
  return entries;
}

Status StatsSink::BeginPart(const std::string& schema) {
  current_ = &parts_[schema];
  return Status::Ok();
}

Status StatsSink::Line(std::string_view line) {
  current_->Line(line);
  return Status::Ok();
}

}  // namespace ap::backup
