// ScratchDb: a throw-away MariaDB server for checking backups, in a private
// temporary folder, started for one command and removed with everything in
// it when the object goes.
//
// It runs with --skip-grant-tables (any user name is accepted), so by
// default it listens only on a unix socket inside its 0700 folder, which
// only the owner of the process can reach. Listening on 127.0.0.1 as well
// is for tests that restore into it over TCP.
#pragma once

#include <memory>
#include <string>

#include "common/backup/mysql_tools.h"
#include "common/backup/subprocess.h"
#include "common/backup/temp_dir.h"
#include "common/base/status.h"

namespace ap::backup {

class ScratchDb {
 public:
  ScratchDb() = default;
  ~ScratchDb();

  ScratchDb(const ScratchDb&) = delete;
  ScratchDb& operator=(const ScratchDb&) = delete;

  // Initialises a data folder under `parent` ("" for $TMPDIR) and starts
  // the server; waits until it accepts connections (at most 60 s).
  Status Start(const ToolPaths& tools, const std::string& parent,
               bool listen_tcp);

  // The unix socket, or 127.0.0.1 and the port when listening on TCP.
  ServerTarget socket_target() const;
  ServerTarget tcp_target() const;

  // A client option file for it (any user works).
  const std::string& defaults_file() const { return defaults_file_; }

  void Stop();

 private:
  Status Install(const ToolPaths& tools);
  Status WaitReady();

  TempDir dir_;
  Subprocess server_;
  std::string socket_;
  std::string defaults_file_;
  int port_ = 0;
};

}  // namespace ap::backup
