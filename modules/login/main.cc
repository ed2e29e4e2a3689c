// The login FastCGI module: configuration and the accept loop only.
#include "common/http/module.h"
#include "modules/login/routes.h"

int main(int argc, char** argv) {
  return ap::RunModule("login", argc, argv, ap::login::AddRoutes);
}
