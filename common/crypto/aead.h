// Authenticated encryption of small secrets at rest (TOTP secrets, tokens
// kept for later use) with AES-256-GCM.
//
// Sealed format: version (1 byte, 0x01) || nonce (12 random bytes) ||
// ciphertext || tag (16 bytes). The version byte is authenticated along
// with the associated data, which should name what the value is and whose
// it is (say "totp:<user id>"), so a sealed value copied to another row or
// field fails to open.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/base/status.h"

namespace ap {

constexpr size_t kAeadKeyBytes = 32;
// What Seal adds to the plaintext: version, nonce and tag.
constexpr size_t kAeadOverheadBytes = 1 + 12 + 16;

// Encrypts `plaintext` under a 32-byte `key`. Fails only on a key of the
// wrong size (a configuration error) or an OpenSSL failure.
Result<std::string> Seal(std::string_view key, std::string_view plaintext,
                         std::string_view associated_data);

// Decrypts what Seal produced. A wrong key, wrong associated data, any
// changed byte, an unknown version or a short input all give the same
// error ("sealed_data_invalid", code kBadRequest); a caller opening its own
// stored data should treat that as an internal error.
Result<std::string> Open(std::string_view key, std::string_view sealed,
                         std::string_view associated_data);

// Reads a 32-byte key from configuration: 64 hex digits, or standard
// base64 with padding (what `openssl rand -base64 32` prints). Whitespace
// around it is ignored; an all-zero key (a template placeholder) and
// anything else are refused. Error messages never repeat the text.
Result<std::string> KeyFromConfigText(std::string_view text);

}  // namespace ap
