// The benchmark's baseline: the least a FastCGI program can do behind the
// same nginx. Answers a constant JSON body; with --select it first runs one
// primary-key SELECT on ap_core, which is the floor for any endpoint that
// touches the database. Not a module: nothing here is product code.
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <fcgiapp.h>
#include <mysql_connection.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/config/config.h"
#include "common/db/db.h"

namespace {

constexpr char kBody[] =
    "Status: 200 OK\r\nContent-Type: application/json\r\n\r\n"
    "{\"ok\":true}";

void Serve(int fd, bool select) {
  ap::DbThreadInit();
  FCGX_Request request;
  FCGX_InitRequest(&request, fd, 0);
  std::unique_ptr<sql::PreparedStatement> st;

  while (FCGX_Accept_r(&request) >= 0) {
    if (select) {
      if (!st) {
        st.reset(ap::DbPool::ForThread().Core().Conn().prepareStatement(
            "SELECT id, slug FROM tenants WHERE id = ?"));
      }
      st->setInt64(1, 1);
      std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
      while (rs->next()) {
      }
    }
    FCGX_PutStr(kBody, static_cast<int>(sizeof kBody - 1), request.out);
    FCGX_Finish_r(&request);
  }
  st.reset();
  ap::DbThreadEnd();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s SOCKET [--select]\n", argv[0]);
    return 2;
  }
  bool select = argc > 2 && std::strcmp(argv[2], "--select") == 0;

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  ap::Result<ap::Config> config = ap::Config::LoadDefault();
  if (!config.ok()) return 2;
  ap::DbGlobalInit();
  ap::DbPool::Configure(ap::CoreAddressFromConfig(*config),
                        ap::CredentialsFromConfig(*config));

  FCGX_Init();
  ::unlink(argv[1]);
  int fd = FCGX_OpenSocket(argv[1], 256);
  if (fd < 0) return 1;
  ::chmod(argv[1], 0660);

  std::vector<std::thread> workers;
  for (int i = 0; i < 4; ++i) workers.emplace_back(Serve, fd, select);
  int received = 0;
  sigwait(&signals, &received);
  ::shutdown(fd, SHUT_RDWR);
  for (std::thread& t : workers) t.join();
  ::unlink(argv[1]);
  return 0;
}
