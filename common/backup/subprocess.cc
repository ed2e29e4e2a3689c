#include "common/backup/subprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

extern char** environ;

namespace ap::backup {
namespace {

struct FileActions {
  posix_spawn_file_actions_t actions;

  FileActions() { posix_spawn_file_actions_init(&actions); }

  ~FileActions() { posix_spawn_file_actions_destroy(&actions); }
};

void ClosePair(int fds[2]) {
  if (fds[0] >= 0) close(fds[0]);
  if (fds[1] >= 0) close(fds[1]);
}

}  // namespace

Subprocess::~Subprocess() {
  CloseStdin();
  if (out_ != nullptr) fclose(out_);
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

Status Subprocess::Start(const std::vector<std::string>& argv, Stdin in,
                         Stdout out, const std::string& stderr_path) {
  program_ = argv.at(0);
  stderr_path_ = stderr_path;
  int in_fds[2] = {-1, -1};
  int out_fds[2] = {-1, -1};
  if ((in == Stdin::kPipe && pipe2(in_fds, O_CLOEXEC) != 0) ||
      (out == Stdout::kPipe && pipe2(out_fds, O_CLOEXEC) != 0)) {
    ClosePair(in_fds);
    return Internal("pipe for " + program_ + ": " + std::strerror(errno));
  }

  FileActions fa;
  if (in == Stdin::kPipe) {
    posix_spawn_file_actions_adddup2(&fa.actions, in_fds[0], 0);
  } else {
    posix_spawn_file_actions_addopen(&fa.actions, 0, "/dev/null", O_RDONLY, 0);
  }
  if (out == Stdout::kPipe) {
    posix_spawn_file_actions_adddup2(&fa.actions, out_fds[1], 1);
  } else {
    posix_spawn_file_actions_addopen(&fa.actions, 1, "/dev/null", O_WRONLY, 0);
  }
  posix_spawn_file_actions_addopen(&fa.actions, 2, stderr_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);

  std::vector<char*> args;
  for (const std::string& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int rc = posix_spawnp(&pid_, program_.c_str(), &fa.actions, nullptr,
                        args.data(), environ);
  if (in_fds[0] >= 0) close(in_fds[0]);
  if (out_fds[1] >= 0) close(out_fds[1]);
  if (rc != 0) {
    pid_ = -1;
    if (in_fds[1] >= 0) close(in_fds[1]);
    if (out_fds[0] >= 0) close(out_fds[0]);
    return Internal("cannot start " + program_ + ": " + std::strerror(rc));
  }
  if (in_fds[1] >= 0) in_ = fdopen(in_fds[1], "w");
  if (out_fds[0] >= 0) out_ = fdopen(out_fds[0], "r");
  return Status::Ok();
}

void Subprocess::CloseStdin() {
  if (in_ != nullptr) fclose(in_);
  in_ = nullptr;
}

Status Subprocess::Wait() {
  CloseStdin();
  if (out_ != nullptr) fclose(out_);
  out_ = nullptr;
  if (pid_ <= 0) return Internal(program_ + " was not started");

  int status = 0;
  pid_t done = -1;
  do {
    done = waitpid(pid_, &status, 0);
  } while (done < 0 && errno == EINTR);
  pid_ = -1;
  if (done > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    return Status::Ok();
  }
  std::string how = WIFEXITED(status)
                        ? "exit code " + std::to_string(WEXITSTATUS(status))
                        : "signal " + std::to_string(WTERMSIG(status));
  return Internal(program_ + " failed (" + how +
                  "): " + TailOfFile(stderr_path_));
}

bool Subprocess::Exited() {
  if (pid_ <= 0) return true;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) != pid_) return false;
  pid_ = -1;
  return true;
}

void Subprocess::Terminate() {
  CloseStdin();
  if (out_ != nullptr) fclose(out_);
  out_ = nullptr;
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

std::string TailOfFile(const std::string& path, size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.size() > max_bytes) text = text.substr(text.size() - max_bytes);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text.empty() ? "no error output" : text;
}

}  // namespace ap::backup
