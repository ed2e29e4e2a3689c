#include "common/backup/scratch_db.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <thread>

namespace ap::backup {
namespace {

// A port free right now on 127.0.0.1 (the kernel's choice).
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

bool SocketAccepts(const std::string& path) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

// mariadbd refuses to run as root unless told to.
std::vector<std::string> UserOption() {
  if (geteuid() != 0) return {};
  return {"--user=root"};
}

}  // namespace

ScratchDb::~ScratchDb() { Stop(); }

Status ScratchDb::Start(const ToolPaths& tools, const std::string& parent,
                        bool listen_tcp) {
  AP_RETURN_IF_ERROR(dir_.Create(parent, "scratch-db"));
  socket_ = dir_.File("mysqld.sock");
  if (socket_.size() >= sizeof(sockaddr_un::sun_path)) {
    return Internal("the scratch folder's path is too long for a socket: " +
                    dir_.path());
  }
  defaults_file_ = dir_.File("client.cnf");
  AP_RETURN_IF_ERROR(WriteDefaultsFile(defaults_file_, "root", ""));
  AP_RETURN_IF_ERROR(Install(tools));

  std::vector<std::string> argv = {tools.server,
                                   "--no-defaults",
                                   "--datadir=" + dir_.File("data"),
                                   "--socket=" + socket_,
                                   "--pid-file=" + dir_.File("mysqld.pid"),
                                   "--skip-grant-tables",
                                   "--skip-log-bin",
                                   "--innodb-flush-log-at-trx-commit=0",
                                   "--innodb-doublewrite=0",
                                   "--innodb-buffer-pool-size=128M",
                                   "--skip-name-resolve",
                                   "--innodb-file-per-table=0"};
  for (const std::string& u : UserOption()) argv.push_back(u);
  if (listen_tcp) {
    port_ = FreePort();
    argv.push_back("--bind-address=127.0.0.1");
    argv.push_back("--port=" + std::to_string(port_));
  } else {
    argv.push_back("--skip-networking");
  }
  AP_RETURN_IF_ERROR(server_.Start(argv, Subprocess::Stdin::kNull,
                                   Subprocess::Stdout::kNull,
                                   dir_.File("mysqld.err")));
  return WaitReady();
}

Status ScratchDb::Install(const ToolPaths& tools) {
  std::vector<std::string> argv = {
      tools.install_db, "--no-defaults", "--datadir=" + dir_.File("data"),
      "--auth-root-authentication-method=normal", "--skip-test-db"};
  for (const std::string& u : UserOption()) argv.push_back(u);
  Subprocess install;
  AP_RETURN_IF_ERROR(install.Start(argv, Subprocess::Stdin::kNull,
                                   Subprocess::Stdout::kNull,
                                   dir_.File("install.err")));
  Status done = install.Wait();
  if (!done.ok()) {
    return Internal("scratch database: " + done.message());
  }
  return Status::Ok();
}

Status ScratchDb::WaitReady() {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    if (SocketAccepts(socket_)) return Status::Ok();
    if (server_.Exited()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return Internal("the scratch database did not start: " +
                  TailOfFile(dir_.File("mysqld.err")));
}

ServerTarget ScratchDb::socket_target() const {
  ServerTarget t;
  t.socket = socket_;
  return t;
}

ServerTarget ScratchDb::tcp_target() const {
  ServerTarget t;
  t.host = "127.0.0.1";
  t.port = port_;
  return t;
}

void ScratchDb::Stop() { server_.Terminate(); }

}  // namespace ap::backup
