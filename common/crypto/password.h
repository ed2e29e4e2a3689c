// Password hashing with Argon2id, stored as PHC strings
// ($argon2id$v=19$m=...,t=...,p=...$salt$hash) that carry their own
// parameters, so old hashes still verify after the parameters change.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/base/status.h"

namespace ap {

// Argon2id cost. The defaults are OWASP's minimum (19 MiB, 2 passes, one
// lane): about 15 ms per hash on the target machine.
struct PasswordParams {
  uint32_t memory_kib = 19456;
  uint32_t time_cost = 2;
  uint32_t parallelism = 1;
};

// For checking configuration at start-up: OK when libargon2 accepts the
// parameters, memory is at least 7 MiB (OWASP's smallest recommendation)
// and at most 4 GiB (a typo there would exhaust the machine per login).
Status CheckPasswordParams(const PasswordParams& params);

// Hashes with a fresh 16-byte random salt and a 32-byte output. Returns an
// empty string if libargon2 fails (parameters it refuses, or no memory);
// an empty hash never verifies.
[[nodiscard]] std::string HashPassword(std::string_view password,
                                       const PasswordParams& params);

// True only if `encoded` is a well-formed Argon2id PHC string of
// `password`. The comparison runs in constant time.
[[nodiscard]] bool VerifyPassword(std::string_view password,
                                  const std::string& encoded);

// True when `encoded` was made with other parameters than `params` (or is
// not an Argon2id v19 string): rehash after the next successful login.
[[nodiscard]] bool NeedsRehash(const std::string& encoded,
                               const PasswordParams& params);

// Bounds the Argon2id computations (hash, verify and the dummy below) that
// run at once in this process to `limit` (0: no bound, the default); the
// others wait their turn (common/crypto/hash_gate.h). With a bound, blocks
// as large as a hash's memory are also mapped per computation and handed
// back to the system after it: glibc would otherwise keep one in every
// thread's arena, and the process would grow to threads x memory anyway.
// Call before threads start.
void LimitConcurrentHashes(size_t limit);

// The most Argon2id computations that ran at once so far.
size_t PeakConcurrentHashes();

// Spends the time of one VerifyPassword under `params` on a fixed dummy.
// Login calls it when the account does not exist (or has no password), so
// the response time does not reveal which accounts exist.
void BurnPasswordTime(const PasswordParams& params);

}  // namespace ap
