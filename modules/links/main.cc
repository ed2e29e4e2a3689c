// The links FastCGI module: configuration and the accept loop only.
#include "common/http/module.h"
#include "modules/links/routes.h"

int main(int argc, char** argv) {
  return ap::RunModule("links", argc, argv, ap::links::AddRoutes);
}
