// The twofa FastCGI module: configuration and the accept loop only.
#include "common/http/module.h"
#include "modules/twofa/routes.h"

int main(int argc, char** argv) {
  return ap::RunModule("twofa", argc, argv, ap::twofa::AddRoutes);
}
