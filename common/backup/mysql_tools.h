// How the backup commands call MariaDB's own tools: mariadb-dump for the
// snapshot, mariadb for restores. Credentials go in a private option file
// (--defaults-file, which must be the first option and makes the tool read
// no other option file, so no my.cnf on the host changes what a backup
// holds), never on the command line where ps would show them.
#pragma once

#include <string>
#include <vector>

#include "common/backup/temp_dir.h"
#include "common/base/status.h"

namespace ap {
class Config;
}

namespace ap::backup {

// A database server: TCP host and port, or a unix socket when set.
struct ServerTarget {
  std::string host;
  int port = 3306;
  std::string socket;

  std::string Describe() const;
  bool operator<(const ServerTarget& o) const;
};

struct ToolPaths {
  std::string dump = "mariadb-dump";
  std::string client = "mariadb";
  std::string server = "mariadbd";
  std::string install_db = "mariadb-install-db";
};

// backup.mariadb_dump, backup.mariadb, backup.mariadbd,
// backup.mariadb_install_db; the defaults are found in PATH.
ToolPaths ToolPathsFromConfig(const Config& config);

// Writes "[client] user=… password=…" to `path` (0600).
Status WriteDefaultsFile(const std::string& path, const std::string& user,
                         const std::string& password);

// The options every dump and restore shares: utf8mb4, binary columns in
// hex so the text is pure ASCII where it matters.
std::vector<std::string> ConnectionArgs(const std::string& program,
                                        const std::string& defaults_file,
                                        const ServerTarget& server);

// mariadb-dump of several schemas in one consistent snapshot (one
// transaction, no table locks), one INSERT per row so rows can be counted
// and hashed from the text.
std::vector<std::string> DumpArgs(const ToolPaths& tools,
                                  const std::string& defaults_file,
                                  const ServerTarget& server,
                                  const std::vector<std::string>& schemas);

// mariadb reading SQL from standard input.
std::vector<std::string> ClientArgs(const ToolPaths& tools,
                                    const std::string& defaults_file,
                                    const ServerTarget& server);

// `name` as a quoted identifier; refuses names that are not plain
// (letters, digits, '_', '$', at most 64).
Result<std::string> QuoteSchema(const std::string& name);

}  // namespace ap::backup
