// TOTP secrets at rest: sealed with AES-256-GCM under twofa.key, bound to
// their user, so the database alone never reveals a secret and a sealed
// value copied onto another user's row does not open.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/base/status.h"
#include "common/config/config.h"

namespace ap::twofa {

// Raw bytes of a new TOTP secret (160 bits, as RFC 4226 recommends).
inline constexpr size_t kSecretBytes = 20;

// The 32-byte key from twofa.key (64 hex digits or base64). An error
// names the key and the file, never the value.
Result<std::string> TwofaKeyFromConfig(const Config& config);

// "totp:<user id>": the associated data every seal and open uses.
std::string SecretAssociatedData(int64_t user_id);

Result<std::string> SealSecret(std::string_view key, int64_t user_id,
                               std::string_view secret);

// Fails when the value was sealed under another key or for another user.
Result<std::string> OpenSecret(std::string_view key, int64_t user_id,
                               std::string_view sealed);

}  // namespace ap::twofa
