// Fixtures for the integration tests: tenants and users made through the
// real admin command line, and an admin database connection to check what
// the stack wrote. Every name gets a unique suffix, so tests never see each
// other's data and can run against a stack that already holds some.
#pragma once

#include <cstdint>
#include <string>

#include "common/db/db.h"

namespace ap::test {

inline constexpr const char* kTestPassword = "Test-Passw0rd!";

struct TestTenant {
  int64_t id = 0;
  std::string slug;
  DbAddress db;
};

struct TestUser {
  int64_t id = 0;
  std::string login;
  std::string email;
  std::string password;
  std::string role;
  TestTenant tenant;
};

// A short random lower-case suffix.
std::string UniqueSuffix();

// Runs build/bin/apctl (AP_BIN_DIR overrides) with `args`, feeding
// `input` on stdin. Returns the exit code; output gets stdout and stderr.
int RunApctl(const std::string& args, const std::string& input,
             std::string* output);

// A new tenant "<prefix>-<suffix>"; extra apctl options may follow.
TestTenant CreateTenant(const std::string& prefix = "t",
                        const std::string& extra_args = "");

TestUser CreateUser(const TestTenant& tenant,
                    const std::string& role = "member");

// Admin connections for assertions (and for arranging rows directly).
Db& AdminCore();
Db& AdminTenantDb(const TestTenant& tenant);

// Runs one statement on the tenant's schema / core and returns the first
// column of the first row as text ("" when there is no row).
std::string QueryOne(Db& db, const std::string& sql);

}  // namespace ap::test
