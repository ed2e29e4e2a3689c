#include "common/crypto/password.h"

#include <argon2.h>
#include <malloc.h>

#include <charconv>
#include <optional>

#include "common/crypto/hash.h"
#include "common/crypto/hash_gate.h"

namespace ap {
namespace {

constexpr uint32_t kSaltBytes = 16;
constexpr uint32_t kHashBytes = 32;
constexpr uint32_t kMinMemoryKib = 7 * 1024;
constexpr uint32_t kMaxMemoryKib = 4 * 1024 * 1024;
constexpr std::string_view kPrefix = "$argon2id$v=19$";
// Allocations from this size on are mapped and unmapped one by one; well
// below the smallest Argon2 memory we accept (kMinMemoryKib).
constexpr int kMmapThresholdBytes = 1 << 20;

HashGate& ProcessGate() {
  static HashGate gate;
  return gate;
}

// Reads "<key><number>" at the front of `*text` and consumes it.
bool ConsumeField(std::string_view* text, std::string_view key,
                  uint32_t* value) {
  if (text->substr(0, key.size()) != key) return false;
  const char* begin = text->data() + key.size();
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(begin, end, *value);
  if (ec != std::errc() || ptr == begin) return false;
  text->remove_prefix(static_cast<size_t>(ptr - text->data()));
  return true;
}

// The parameters of an Argon2id v19 PHC string, if it is one.
std::optional<PasswordParams> ParseParams(std::string_view encoded) {
  if (encoded.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  encoded.remove_prefix(kPrefix.size());
  PasswordParams params;
  if (!ConsumeField(&encoded, "m=", &params.memory_kib) ||
      !ConsumeField(&encoded, ",t=", &params.time_cost) ||
      !ConsumeField(&encoded, ",p=", &params.parallelism) ||
      encoded.substr(0, 1) != "$") {
    return std::nullopt;
  }
  return params;
}

}  // namespace

Status CheckPasswordParams(const PasswordParams& params) {
  if (params.time_cost < ARGON2_MIN_TIME ||
      params.parallelism < ARGON2_MIN_LANES ||
      params.parallelism > ARGON2_MAX_LANES ||
      params.memory_kib < 8 * params.parallelism ||
      params.memory_kib < kMinMemoryKib || params.memory_kib > kMaxMemoryKib) {
    return Internal(
        "Argon2id parameters out of range: need time_cost >= 1, "
        "parallelism >= 1, 7 MiB <= memory <= 4 GiB and 8 KiB per lane.");
  }
  return Status::Ok();
}

void LimitConcurrentHashes(size_t limit) {
  if (limit > 0) mallopt(M_MMAP_THRESHOLD, kMmapThresholdBytes);
  ProcessGate().SetLimit(limit);
}

size_t PeakConcurrentHashes() { return ProcessGate().peak(); }

std::string HashPassword(std::string_view password,
                         const PasswordParams& params) {
  HashGate::Pass pass(ProcessGate());
  const std::string salt = RandomBytes(kSaltBytes);
  std::string encoded(
      argon2_encodedlen(params.time_cost, params.memory_kib, params.parallelism,
                        kSaltBytes, kHashBytes, Argon2_id),
      '\0');
  int rc = argon2id_hash_encoded(params.time_cost, params.memory_kib,
                                 params.parallelism, password.data(),
                                 password.size(), salt.data(), salt.size(),
                                 kHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) return std::string();
  // The length bound includes the terminating NUL and room for the widest
  // numbers; cut at the real end.
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool VerifyPassword(std::string_view password, const std::string& encoded) {
  // libargon2 reads the string up to its NUL: one inside would let a
  // stored value verify as a different (truncated) string.
  if (encoded.find('\0') != std::string::npos) return false;
  HashGate::Pass pass(ProcessGate());
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) ==
         ARGON2_OK;
}

bool NeedsRehash(const std::string& encoded, const PasswordParams& params) {
  std::optional<PasswordParams> used = ParseParams(encoded);
  return !used || used->memory_kib != params.memory_kib ||
         used->time_cost != params.time_cost ||
         used->parallelism != params.parallelism;
}

void BurnPasswordTime(const PasswordParams& params) {
  // A verify is one Argon2id computation with the stored parameters; so is
  // this. The salt is fixed: nothing here is kept or compared.
  static constexpr char kDummyPassword[] = "not a password of anyone";
  static constexpr char kDummySalt[] = "0123456789abcdef";
  static_assert(sizeof(kDummySalt) - 1 == kSaltBytes);
  unsigned char out[kHashBytes];
  HashGate::Pass pass(ProcessGate());
  (void)argon2id_hash_raw(
      params.time_cost, params.memory_kib, params.parallelism, kDummyPassword,
      sizeof(kDummyPassword) - 1, kDummySalt, kSaltBytes, out, sizeof(out));
}

}  // namespace ap
