#include "common/crypto/hash.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace ap {
namespace {

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kBase64UrlAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

const unsigned char* Bytes(std::string_view s) {
  // OpenSSL may treat a null pointer as "no key" even with length 0; an
  // empty view can carry one, so point at a real (empty) buffer instead.
  static const unsigned char kEmpty = 0;
  return s.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(s.data());
}

std::string Hmac(const EVP_MD* md, std::string_view key,
                 std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int out_len = 0;
  // Keys and messages here are small (secrets, tokens, request digests); a
  // length past INT_MAX is a programming error, not input.
  if (key.size() > INT_MAX ||
      HMAC(md, Bytes(key), static_cast<int>(key.size()), Bytes(data),
           data.size(), out, &out_len) == nullptr) {
    std::fputs("fatal: HMAC failed\n", stderr);
    std::abort();
  }
  return std::string(reinterpret_cast<char*>(out), out_len);
}

uint32_t ByteAt(std::string_view s, size_t i) {
  return i < s.size() ? static_cast<unsigned char>(s[i]) : 0;
}

std::string EncodeBase64(std::string_view bytes, const char* alphabet,
                         bool pad) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t v = ByteAt(bytes, i) << 16 | ByteAt(bytes, i + 1) << 8 |
                 ByteAt(bytes, i + 2);
    // A group of n input bytes (1..3) needs n + 1 output characters.
    size_t chars = std::min<size_t>(bytes.size() - i, 3) + 1;
    for (size_t k = 0; k < chars; ++k) out += alphabet[v >> (18 - 6 * k) & 63];
    if (pad) out.append(4 - chars, '=');
  }
  return out;
}

using DecodeTable = std::array<int8_t, 256>;

// Maps each byte to its 6-bit value, or -1 when it is not in the alphabet.
constexpr DecodeTable MakeDecodeTable(const char* alphabet) {
  DecodeTable table{};
  for (auto& v : table) v = -1;
  for (int8_t i = 0; i < 64; ++i) {
    table[static_cast<unsigned char>(alphabet[i])] = i;
  }
  return table;
}

constexpr DecodeTable kBase64Table = MakeDecodeTable(kBase64Alphabet);
constexpr DecodeTable kBase64UrlTable = MakeDecodeTable(kBase64UrlAlphabet);

// Strict: only alphabet characters, no whitespace, and the unused low bits
// of the last character must be zero. Every byte string then has exactly
// one accepted encoding, so a token cannot be altered into a second string
// that decodes to the same value.
bool DecodeBase64(std::string_view text, const DecodeTable& table,
                  std::string* out) {
  if (text.size() % 4 == 1) return false;
  std::string bytes;
  bytes.reserve(text.size() / 4 * 3 + 2);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = table[static_cast<unsigned char>(c)];
    if (v < 0) return false;
    acc = (acc << 6 | static_cast<uint32_t>(v)) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>(acc >> bits & 0xff);
    }
  }
  if ((acc & ((1u << bits) - 1)) != 0) return false;
  *out = std::move(bytes);
  return true;
}

}  // namespace

std::string Sha256(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(Bytes(data), data.size(), md, &len, EVP_sha256(), nullptr) !=
      1) {
    std::fputs("fatal: EVP_Digest(SHA-256) failed\n", stderr);
    std::abort();
  }
  return std::string(reinterpret_cast<char*>(md), len);
}

std::string Sha256Hex(std::string_view data) { return HexEncode(Sha256(data)); }

std::string HmacSha256(std::string_view key, std::string_view data) {
  return Hmac(EVP_sha256(), key, data);
}

std::string HmacSha1(std::string_view key, std::string_view data) {
  return Hmac(EVP_sha1(), key, data);
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    auto b = static_cast<unsigned char>(c);
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (n == 0) return out;
  if (n > INT_MAX || RAND_bytes(reinterpret_cast<unsigned char*>(out.data()),
                                static_cast<int>(n)) != 1) {
    std::fputs("fatal: RAND_bytes failed\n", stderr);
    std::abort();
  }
  return out;
}

std::string RandomToken() { return Base64UrlEncode(RandomBytes(32)); }

std::string Base64UrlEncode(std::string_view bytes) {
  return EncodeBase64(bytes, kBase64UrlAlphabet, /*pad=*/false);
}

std::string Base64Encode(std::string_view bytes) {
  return EncodeBase64(bytes, kBase64Alphabet, /*pad=*/true);
}

bool Base64UrlDecode(std::string_view text, std::string* out) {
  // Unpadded only: that is how we (and JOSE) write it.
  return DecodeBase64(text, kBase64UrlTable, out);
}

bool Base64Decode(std::string_view text, std::string* out) {
  // Padding is required, and only as the last one or two characters.
  if (text.size() % 4 != 0) return false;
  size_t pad = 0;
  while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') {
    ++pad;
  }
  return DecodeBase64(text.substr(0, text.size() - pad), kBase64Table, out);
}

}  // namespace ap
