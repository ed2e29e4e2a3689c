// FcgiServer: the FastCGI accept loop with a pool of worker threads.
//
// Each worker accepts on the shared listening socket, reads the request,
// hands it to the dispatcher and writes the answer. SIGTERM and SIGINT are
// blocked in every thread and waited for in Run(): a multi-threaded libfcgi
// process would otherwise ignore them (see STACK-NOTES). On a signal the
// listening socket is shut down, the workers finish their request and end.
#pragma once

#include <cstddef>
#include <string>

#include "common/http/dispatcher.h"

namespace ap {

struct ServerOptions {
  std::string socket_path;  // empty: use the socket inherited on fd 0
  int threads = 4;
  size_t max_body_bytes = 1 << 20;
};

class FcgiServer {
 public:
  FcgiServer(ServerOptions options, const Dispatcher& dispatcher)
      : options_(std::move(options)), dispatcher_(dispatcher) {}

  // Serves until SIGTERM or SIGINT; returns the process exit code.
  int Run();

 private:
  void Work(int listen_fd);

  ServerOptions options_;
  const Dispatcher& dispatcher_;
};

}  // namespace ap
