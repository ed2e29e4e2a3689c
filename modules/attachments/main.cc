// The attachments FastCGI module: configuration and the accept loop only.
#include "common/http/module.h"
#include "modules/attachments/routes.h"

int main(int argc, char** argv) {
  return ap::RunModule("attachments", argc, argv, ap::attachments::AddRoutes);
}
