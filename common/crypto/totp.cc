#include "common/crypto/totp.h"

#include <openssl/crypto.h>

#include <utility>

#include "common/crypto/hash.h"

namespace ap {
namespace {

constexpr char kBase32Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr int kMinDigits = 6;
constexpr int kMaxDigits = 8;

std::string CounterBytes(uint64_t counter) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[static_cast<size_t>(i)] = static_cast<char>(counter & 0xff);
    counter >>= 8;
  }
  return out;
}

// RFC 4226 section 5.3: 31 bits from the offset named by the last nibble.
uint32_t DynamicTruncate(const std::string& mac) {
  size_t offset = static_cast<unsigned char>(mac.back()) & 0x0f;
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) {
    value = value << 8 | static_cast<unsigned char>(mac[offset + i]);
  }
  return value & 0x7fffffff;
}

bool IsSixDigits(std::string_view code) {
  if (code.size() != static_cast<size_t>(kTotpDigits)) return false;
  for (char c : code) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool CodeAtStep(std::string_view secret_bytes, std::string_view code,
                int64_t step) {
  if (step < 0) return false;
  std::string expected = Hotp(secret_bytes, static_cast<uint64_t>(step));
  return CRYPTO_memcmp(expected.data(), code.data(), code.size()) == 0;
}

// Base32 value of `c` in either case, or -1.
int Base32Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

// Percent-encodes all but RFC 3986's unreserved characters, so ':', '&',
// '?', '/' and spaces in a name cannot change the URI's structure.
std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    auto b = static_cast<unsigned char>(c);
    bool unreserved = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') ||
                      (b >= '0' && b <= '9') || b == '-' || b == '.' ||
                      b == '_' || b == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
  }
  return out;
}

}  // namespace

std::string Hotp(std::string_view secret_bytes, uint64_t counter, int digits) {
  if (digits < kMinDigits || digits > kMaxDigits) return std::string();
  uint32_t value =
      DynamicTruncate(HmacSha1(secret_bytes, CounterBytes(counter)));
  std::string code(static_cast<size_t>(digits), '0');
  for (size_t i = code.size(); i-- > 0;) {
    code[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return code;
}

int64_t TotpStep(int64_t unix_time) {
  int64_t step = unix_time / kTotpPeriodSeconds;
  // Division truncates toward zero; steps are floor(t / period).
  if (unix_time % kTotpPeriodSeconds != 0 && unix_time < 0) --step;
  return step;
}

std::string Totp(std::string_view secret_bytes, int64_t unix_time, int digits) {
  if (unix_time < 0) return std::string();
  return Hotp(secret_bytes, static_cast<uint64_t>(TotpStep(unix_time)), digits);
}

std::optional<int64_t> MatchTotp(std::string_view secret_bytes,
                                 std::string_view code, int64_t unix_time,
                                 int drift_steps) {
  if (!IsSixDigits(code) || unix_time < 0) return std::nullopt;
  const int64_t now = TotpStep(unix_time);
  // Nearest step first: if two steps' codes collide, the user most likely
  // typed the current one.
  if (CodeAtStep(secret_bytes, code, now)) return now;
  for (int64_t d = 1; d <= drift_steps; ++d) {
    if (CodeAtStep(secret_bytes, code, now - d)) return now - d;
    if (CodeAtStep(secret_bytes, code, now + d)) return now + d;
  }
  return std::nullopt;
}

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : bytes) {
    // At most 4 bits wait from before, plus 8: 12 bits are enough.
    acc = (acc << 8 | static_cast<unsigned char>(c)) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += kBase32Alphabet[acc >> bits & 31];
    }
  }
  if (bits > 0) out += kBase32Alphabet[acc << (5 - bits) & 31];
  return out;
}

bool Base32Decode(std::string_view text, std::string* out) {
  std::string bytes;
  uint32_t acc = 0;
  int bits = 0;
  size_t chars = 0;
  bool padding = false;
  for (char c : text) {
    if (c == ' ') continue;
    if (c == '=') {
      padding = true;
      continue;
    }
    int v = Base32Value(c);
    if (v < 0 || padding) return false;
    // At most 7 bits wait from before, plus 5: 12 bits are enough.
    acc = (acc << 5 | static_cast<uint32_t>(v)) & 0xfff;
    bits += 5;
    ++chars;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>(acc >> bits & 0xff);
    }
  }
  // A final group of 1, 3 or 6 characters cannot end on a byte boundary.
  size_t rest = chars % 8;
  if (rest == 1 || rest == 3 || rest == 6) return false;
  *out = std::move(bytes);
  return true;
}

std::string OtpauthUri(std::string_view issuer, std::string_view account,
                       std::string_view secret_bytes) {
  std::string label = PercentEncode(account);
  if (!issuer.empty()) label = PercentEncode(issuer) + ":" + label;
  std::string uri =
      "otpauth://totp/" + label + "?secret=" + Base32Encode(secret_bytes);
  if (!issuer.empty()) uri += "&issuer=" + PercentEncode(issuer);
  return uri + "&algorithm=SHA1&digits=" + std::to_string(kTotpDigits) +
         "&period=" + std::to_string(kTotpPeriodSeconds);
}

}  // namespace ap
