// The manifest of a backup: what it holds and how to check it. Stored as
// backups/<id>/manifest.json, written last: a backup without its manifest
// is incomplete, whatever parts it has.
//
// {"format":1, "id":"2026-12-03T140000Z-1a2b3c", "started_at":..,
//  "finished_at":.., "parts":[{"name":"ap_core", "schema":"ap_core",
//  "tenant":"", "server":"127.0.0.1:3307", "schema_version":6,
//  "sha256":"<of the encrypted object>", "size":1234, "plain_size":..,
//  "tables":{"users":{"rows":12,"checksum":"<64 hex>"}, ...}}, ...],
//  "mac":"<HMAC-SHA256 of the rest under a key derived from backup.key>"}
//
// The MAC means only the holder of backup.key can write a manifest that
// checks out, so a changed manifest is noticed like a changed part.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/backup/dump_text.h"
#include "common/base/status.h"

namespace ap::backup {

struct TableEntry {
  int64_t rows = 0;
  std::string checksum;

  bool operator==(const TableEntry&) const = default;
};

struct PartEntry {
  std::string name;    // object name: "ap_core" or "tenant-<slug>"
  std::string schema;  // the schema it was taken from
  std::string tenant;  // the tenant's slug; "" for the core schema
  std::string server;  // "host:port"
  int schema_version = 0;
  std::string sha256;  // of the encrypted object
  int64_t size = 0;
  std::map<std::string, TableEntry> tables;
};

struct Manifest {
  int format = 1;
  std::string id;
  std::string started_at;  // ISO 8601 UTC
  std::string finished_at;
  std::vector<PartEntry> parts;

  const PartEntry* FindPart(const std::string& name) const;
};

// The tables of PartStats as manifest entries.
std::map<std::string, TableEntry> TablesFromStats(const PartStats& stats);

// JSON with the MAC under `key` (the 32-byte backup key).
std::string ManifestToJson(const Manifest& manifest, const std::string& key);

// Parses and checks the MAC; a manifest that does not check out is an
// error with code kUnprocessable.
Result<Manifest> ManifestFromJson(const std::string& text,
                                  const std::string& key);

// A new backup id "YYYY-MM-DDTHHMMSSZ-<6 hex>" for the time `unix_seconds`.
std::string NewBackupId(int64_t unix_seconds);

// The time encoded in an id (Unix seconds), or -1 when it is not one.
int64_t BackupIdTime(const std::string& id);

// "YYYY-MM-DDTHH:MM:SSZ".
std::string IsoTime(int64_t unix_seconds);

// Differences between what a manifest part says and what was found, one
// line each ("table tasks: 12 rows, expected 13"); empty when equal.
std::vector<std::string> CompareTables(
    const std::map<std::string, TableEntry>& expected,
    const std::map<std::string, TableEntry>& found);

}  // namespace ap::backup
