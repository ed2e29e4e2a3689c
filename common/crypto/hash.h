// Hashes, MACs, encodings and randomness, on OpenSSL.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ap {

// Raw 32-byte SHA-256 digest, and its lower-case hex form.
std::string Sha256(std::string_view data);
std::string Sha256Hex(std::string_view data);

// Raw HMAC digests.
std::string HmacSha256(std::string_view key, std::string_view data);
std::string HmacSha1(std::string_view key, std::string_view data);

std::string HexEncode(std::string_view bytes);

// `n` bytes from the operating system's CSPRNG (OpenSSL RAND_bytes).
// Aborts the process if the generator fails: nothing secure can follow.
std::string RandomBytes(size_t n);

// A 256-bit random token, base64url without padding (43 characters).
std::string RandomToken();

std::string Base64UrlEncode(std::string_view bytes);  // no padding
std::string Base64Encode(std::string_view bytes);     // with padding

// Decoders return false on malformed input.
bool Base64UrlDecode(std::string_view text, std::string* out);
bool Base64Decode(std::string_view text, std::string* out);

}  // namespace ap
