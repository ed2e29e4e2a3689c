// The login benchmark's baseline: the time of one Argon2id hash with the
// parameters the login module uses, measured alone on this machine.
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "common/config/config.h"
#include "common/crypto/password.h"

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::atoi(argv[1]) : 20;
  ap::PasswordParams params;
  ap::Result<ap::Config> config = ap::Config::LoadDefault();
  if (config.ok()) {
    params.memory_kib = static_cast<uint32_t>(
        config->GetInt("auth.argon2_memory_kib", params.memory_kib));
    params.time_cost = static_cast<uint32_t>(
        config->GetInt("auth.argon2_time_cost", params.time_cost));
    params.parallelism = static_cast<uint32_t>(
        config->GetInt("auth.argon2_parallelism", params.parallelism));
  }
  std::string hash = ap::HashPassword("Bench-Passw0rd!", params);

  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < rounds; ++i) {
    if (!ap::VerifyPassword("Bench-Passw0rd!", hash)) return 1;
  }
  auto elapsed = std::chrono::steady_clock::now() - start;
  double ms =
      std::chrono::duration<double, std::milli>(elapsed).count() / rounds;
  std::printf("%.3f\n", ms);
  return 0;
}
