// apctl seed-demo: two demo organisations with realistic users, so that
// what one tenant sees and the other does not can be tried by hand.
#include <cstdio>
#include <fstream>
#include <string>

#include "common/tenant/tenant_directory.h"
#include "modules/apctl/admin.h"
#include "modules/apctl/local_stack.h"
#include "modules/apctl/seed_plans.h"

namespace ap::apctl {
namespace {

// Demo data only: the local stack prints this password with the URL.
constexpr const char* kDemoPassword = "Demo-Plan-2026!";

struct DemoUser {
  const char* tenant;
  const char* login;
  const char* email;
  const char* name;
  const char* role;
};

constexpr DemoUser kUsers[] = {
    {"acme", "anna.nowak", "anna.nowak@acme.example", "Anna Nowak", "admin"},
    {"acme", "piotr.kowalski", "piotr.kowalski@acme.example", "Piotr Kowalski",
     "member"},
    {"acme", "ewa.wisniewska", "ewa.wisniewska@acme.example", "Ewa Wiśniewska",
     "member"},
    {"baltic", "john.smith", "john.smith@baltic.example", "John Smith",
     "admin"},
    {"baltic", "marta.zielinska", "marta.zielinska@baltic.example",
     "Marta Zielińska", "member"},
};

}  // namespace

int CmdSeedDemo(AdminEnv& env, const Args& args) {
  // The demo users share a password that is printed and written down: on
  // an installation that others reach they would be open doors.
  std::string url = env.config.GetString("public_url");
  if (!IsLoopbackUrl(url) && !args.Flag("allow-nonlocal")) {
    return Fail("seed-demo refused: public_url (" + url +
                ") is not on this machine, and the demo users share a"
                " published password; pass --allow-nonlocal to seed anyway");
  }
  if (FindTenantBySlug(env.core, "acme")) {
    std::printf("demo organisations already present\n");
  } else {
    DbAddress core = env.core.address();
    if (CreateTenant(env, "acme", "Acme Components Sp. z o.o.", core.host,
                     core.port) != 0 ||
        CreateTenant(env, "baltic", "Baltic Foods S.A.", core.host,
                     core.port) != 0) {
      return 1;
    }
    for (const DemoUser& u : kUsers) {
      if (CreateUser(env, u.tenant, u.login, u.email, u.role, u.name,
                     kDemoPassword) != 0) {
        return 1;
      }
    }
    if (SeedDemoPlans(env) != 0) return 1;
  }

  std::string login = std::string("demo login: anna.nowak / ") + kDemoPassword +
                      " (Acme; john.smith is the admin of Baltic Foods)\n";
  std::fputs(login.c_str(), stdout);
  std::string file = args.Option("write");
  if (!file.empty()) std::ofstream(file) << login;
  return 0;
}

}  // namespace ap::apctl
