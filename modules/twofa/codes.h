// What a user types at the second step: a 6-digit TOTP code from the
// authenticator app, or one of the single-use recovery codes. Pure
// functions, so the parsing and the code format are unit-tested alone.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ap::twofa {

// Recovery codes: 10 characters from an alphabet without look-alikes
// (no 0/o, 1/l/i), about 49 bits each, shown as "xxxxx-xxxxx".
inline constexpr std::string_view kRecoveryAlphabet =
    "23456789abcdefghjkmnpqrstuvwxyz";
inline constexpr size_t kRecoveryCodeLength = 10;
inline constexpr int kRecoveryCodeCount = 10;

// Wrong codes a pending session may send before it is revoked.
inline constexpr int kMaxCodeFailures = 5;

struct CodeInput {
  enum class Kind { kTotp, kRecovery, kInvalid };
  Kind kind = Kind::kInvalid;
  // Six digits for kTotp; the canonical recovery code (lower case, no
  // dash) for kRecovery.
  std::string value;
};

// Tells the two kinds apart. Spaces are ignored anywhere (apps show
// "123 456"); recovery codes may be typed in any case, with or without
// the dash.
CodeInput ParseCodeInput(std::string_view text);

// A canonical recovery code, or "" when `text` is not one.
std::string NormalizeRecoveryCode(std::string_view text);

// `count` new random recovery codes in display form ("xxxxx-xxxxx").
std::vector<std::string> NewRecoveryCodes(int count = kRecoveryCodeCount);

// What is stored for a recovery code: SHA-256 of its canonical form (the
// codes are random enough that a salt adds nothing).
std::string RecoveryCodeHash(std::string_view canonical);

}  // namespace ap::twofa
