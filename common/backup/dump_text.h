// Reading mariadb-dump's text: splitting a dump of several schemas into one
// part per schema, and counting and hashing each table's rows.
//
// The dump is made with one INSERT per row (--skip-extended-insert), and
// mariadb-dump escapes line breaks inside values, so every row is exactly
// one line "INSERT INTO `table` VALUES (...);". That makes the manifest's
// numbers exact and independent of the server: a restore is checked by
// dumping the restored schema again and comparing the same numbers.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/status.h"

namespace ap::backup {

// Receives the parts of a dump. Each part gets the dump's header (session
// settings) first, then its schema's lines without the CREATE DATABASE and
// USE statements, so a part can be loaded into a schema of any name.
class DumpSink {
 public:
  virtual ~DumpSink() = default;
  virtual Status BeginPart(const std::string& schema) = 0;
  virtual Status Line(std::string_view line) = 0;  // without the '\n'
  virtual Status EndPart() = 0;
};

class DumpSplitter {
 public:
  explicit DumpSplitter(DumpSink* sink) : sink_(sink) {}

  Status Feed(std::string_view line);

  // Ends the last part. A dump without any schema is an error.
  Status Finish();

 private:
  DumpSink* sink_;
  std::vector<std::string> header_;
  bool in_part_ = false;
  bool skipped_create_ = false;
  bool skipped_use_ = false;
};

// The schema named by a "-- Current Database: `name`" line, or "".
std::string CurrentDatabaseMarker(std::string_view line);

// Reads a backquoted identifier at the start of `text` ("`a``b`" -> "a`b");
// false when there is none.
bool ReadIdentifier(std::string_view text, std::string* name, size_t* consumed);

struct TableStats {
  int64_t rows = 0;
  // Sum modulo 2^256 of the SHA-256 of every row line: independent of the
  // order rows come in, changed by any changed, added or missing row.
  std::array<unsigned char, 32> sum{};

  std::string ChecksumHex() const;
  void AddRow(std::string_view line);
};

// Per-table numbers of one part.
class PartStats {
 public:
  void Line(std::string_view line);

  const std::map<std::string, TableStats>& tables() const { return tables_; }

  // Highest version in the part's schema_version table (0: none).
  int schema_version() const { return schema_version_; }

 private:
  std::map<std::string, TableStats> tables_;
  int schema_version_ = 0;
};

}  // namespace ap::backup
