// The Argon2id cost from configuration, for every place that hashes or
// checks a password (login, password change, reset, apctl).
#pragma once

#include <cstddef>

#include "common/base/status.h"
#include "common/crypto/password.h"

namespace ap {

class Config;

// auth.argon2_memory_kib, auth.argon2_time_cost, auth.argon2_parallelism
// (defaults: PasswordParams' own), checked with CheckPasswordParams.
Result<PasswordParams> PasswordParamsFromConfig(const Config& config);

// auth.max_concurrent_hashes: how many Argon2id computations one process
// runs at once (1 to 256, default 1). Each holds auth.argon2_memory_kib
// while it runs; about one per core the process may use keeps sign-ins at
// the hash limit.
Result<size_t> HashLimitFromConfig(const Config& config);

}  // namespace ap
