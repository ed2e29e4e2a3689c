// Subprocess: a child program (mariadb-dump, mariadb, mariadbd) with its
// standard input and output as pipes to us and its standard error kept in a
// file, so a failure can be reported with the program's own words.
//
// Arguments go to execvp directly, never through a shell. One thread owns a
// Subprocess; the destructor closes the pipes and kills a child that is
// still running.
#pragma once

#include <sys/types.h>

#include <cstdio>
#include <string>
#include <vector>

#include "common/base/status.h"

namespace ap::backup {

class Subprocess {
 public:
  enum class Stdin { kPipe, kNull };
  enum class Stdout { kPipe, kNull };

  Subprocess() = default;
  ~Subprocess();

  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  // Starts argv[0] (looked up in PATH). `stderr_path` receives the
  // program's standard error.
  Status Start(const std::vector<std::string>& argv, Stdin in, Stdout out,
               const std::string& stderr_path);

  // The pipes (null unless asked for). Closing stdin_pipe() tells the
  // child its input ended.
  FILE* stdin_pipe() { return in_; }

  FILE* stdout_pipe() { return out_; }

  void CloseStdin();

  // Waits for the child; OK only when it exited with status 0. The error
  // names the program and ends with the last lines of its standard error.
  Status Wait();

  // True once the child has ended (without waiting for it).
  bool Exited();

  // Sends SIGTERM and waits (for servers).
  void Terminate();

  pid_t pid() const { return pid_; }

 private:
  std::string program_;
  std::string stderr_path_;
  pid_t pid_ = -1;
  FILE* in_ = nullptr;
  FILE* out_ = nullptr;
};

// The last `max_bytes` of a text file, trimmed, for error messages.
std::string TailOfFile(const std::string& path, size_t max_bytes = 600);

}  // namespace ap::backup
