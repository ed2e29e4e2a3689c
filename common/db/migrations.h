// Numbered schema migrations: sql/<kind>/NNN_name.sql, applied in order,
// each exactly once, recorded in the schema's schema_version table.
//
// MariaDB commits DDL implicitly, so a migration that fails half-way is not
// rolled back: its version is not recorded, the error names the file, and
// migrations are written so that the admin can fix and re-run them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/base/status.h"
#include "common/db/db.h"

namespace ap {

struct Migration {
  int version = 0;
  std::string name;  // file name, e.g. "001_init.sql"
  std::string sql;
};

// Reads every NNN_*.sql in `dir`, sorted by version. Two files with one
// version number are an error.
Result<std::vector<Migration>> LoadMigrations(const std::string& dir);

// Splits a script at semicolons that end a line; comments are dropped.
std::vector<std::string> SplitStatements(std::string_view script);

// Applies the migrations not yet recorded in the schema `db` is connected
// to; returns how many were applied. Throws sql::SQLException.
int ApplyMigrations(Db& db, const std::vector<Migration>& migrations);

// The highest applied version (0 for none).
int SchemaVersion(Db& db);

// The folder of sql/ from configuration (sql.dir), else the source tree's.
std::string SqlDir(const class Config& config);

}  // namespace ap
