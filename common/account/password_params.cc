#include "common/account/password_params.h"

#include <cstdint>

#include "common/config/config.h"

namespace ap {
namespace {

constexpr int64_t kMaxHashLimit = 256;

// Out-of-range values become 0, which CheckPasswordParams refuses.
uint32_t AsU32(int64_t value) {
  return value < 0 || value > UINT32_MAX ? 0 : static_cast<uint32_t>(value);
}

}  // namespace

Result<PasswordParams> PasswordParamsFromConfig(const Config& config) {
  PasswordParams defaults;
  PasswordParams params;
  params.memory_kib =
      AsU32(config.GetInt("auth.argon2_memory_kib", defaults.memory_kib));
  params.time_cost =
      AsU32(config.GetInt("auth.argon2_time_cost", defaults.time_cost));
  params.parallelism =
      AsU32(config.GetInt("auth.argon2_parallelism", defaults.parallelism));
  Status ok = CheckPasswordParams(params);
  if (!ok.ok()) return ok;
  return params;
}

Result<size_t> HashLimitFromConfig(const Config& config) {
  int64_t limit = config.GetInt("auth.max_concurrent_hashes", 1);
  if (limit < 1 || limit > kMaxHashLimit) {
    return Internal("auth.max_concurrent_hashes must be 1 to 256.");
  }
  return static_cast<size_t>(limit);
}

}  // namespace ap
