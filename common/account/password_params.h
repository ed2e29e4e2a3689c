// The Argon2id cost from configuration, for every place that hashes or
// checks a password (login, password change, reset, apctl).
#pragma once

#include "common/base/status.h"
#include "common/crypto/password.h"

namespace ap {

class Config;

// auth.argon2_memory_kib, auth.argon2_time_cost, auth.argon2_parallelism
// (defaults: PasswordParams' own), checked with CheckPasswordParams.
Result<PasswordParams> PasswordParamsFromConfig(const Config& config);

}  // namespace ap
