#include "common/http/fcgi_server.h"

#include <fcgiapp.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <thread>
#include <vector>

#include "common/db/db.h"
#include "common/http/fcgi_request.h"
#include "common/log/log.h"

namespace ap {
namespace {

// Owns an accepted FastCGI request so every path finishes it.
class AcceptedRequest {
 public:
  explicit AcceptedRequest(FCGX_Request& request) : request_(request) {}

  ~AcceptedRequest() { FCGX_Finish_r(&request_); }

  AcceptedRequest(const AcceptedRequest&) = delete;
  AcceptedRequest& operator=(const AcceptedRequest&) = delete;

 private:
  FCGX_Request& request_;
};

int OpenListenSocket(const std::string& path) {
  if (path.empty()) return 0;
  ::unlink(path.c_str());
  int fd = FCGX_OpenSocket(path.c_str(), 256);
  if (fd < 0) return -1;
  // nginx workers must reach the socket; the directory limits who else can.
  ::chmod(path.c_str(), 0660);
  return fd;
}

}  // namespace

void FcgiServer::Work(int listen_fd) {
  DbThreadInit();
  FCGX_Request fcgi;
  FCGX_InitRequest(&fcgi, listen_fd, 0);

  while (FCGX_Accept_r(&fcgi) >= 0) {
    AcceptedRequest accepted(fcgi);
    Result<Request> request = ReadFcgiRequest(fcgi, options_.max_body_bytes);
    Response response = request.ok() ? dispatcher_.Handle(*request)
                                     : Response::Error(request.status());
    std::string out = SerializeCgi(response);
    FCGX_PutStr(out.data(), static_cast<int>(out.size()), fcgi.out);
  }

  FCGX_Free(&fcgi, 1);
  DbThreadEnd();
}

int FcgiServer::Run() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // A client that hangs up must not kill the process on the next write.
  signal(SIGPIPE, SIG_IGN);

  if (FCGX_Init() != 0) {
    LogError("FCGX_Init failed");
    return 1;
  }
  int listen_fd = OpenListenSocket(options_.socket_path);
  if (listen_fd < 0) {
    LogError("cannot listen on " + options_.socket_path + ": " +
             std::strerror(errno));
    return 1;
  }

  std::vector<std::thread> workers;
  for (int i = 0; i < options_.threads; ++i) {
    workers.emplace_back([this, listen_fd] { Work(listen_fd); });
  }
  LogInfo("listening on " +
          (options_.socket_path.empty() ? std::string("fd 0")
                                        : options_.socket_path) +
          " with " + std::to_string(options_.threads) + " threads");

  int received = 0;
  sigwait(&signals, &received);
  LogInfo(std::string("stopping on ") + strsignal(received));

  // Accept then fails in every worker; requests in flight complete.
  FCGX_ShutdownPending();
  ::shutdown(listen_fd, SHUT_RDWR);
  for (std::thread& worker : workers) worker.join();
  if (!options_.socket_path.empty()) ::unlink(options_.socket_path.c_str());
  LogInfo("stopped");
  return 0;
}

}  // namespace ap
