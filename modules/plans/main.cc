// The plans FastCGI module: configuration and the accept loop only.
#include "common/http/module.h"
#include "modules/plans/routes.h"

int main(int argc, char** argv) {
  return ap::RunModule("plans", argc, argv, ap::plans::AddRoutes);
}
