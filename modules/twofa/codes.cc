#include "modules/twofa/codes.h"

#include <cctype>

#include "common/crypto/hash.h"
#include "common/crypto/totp.h"

namespace ap::twofa {
namespace {

std::string WithoutSpaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != ' ') out += c;
  }
  return out;
}

bool AllDigits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// One uniformly random alphabet character: bytes past the largest
// multiple of the alphabet size are drawn again, so no character is
// likelier than another.
char RandomAlphabetChar() {
  constexpr size_t kSize = kRecoveryAlphabet.size();
  constexpr unsigned kLimit = 256 - 256 % kSize;
  for (;;) {
    auto byte = static_cast<unsigned char>(RandomBytes(1)[0]);
    if (byte < kLimit) return kRecoveryAlphabet[byte % kSize];
  }
}

}  // namespace

CodeInput ParseCodeInput(std::string_view text) {
  std::string compact = WithoutSpaces(text);
  if (compact.size() == static_cast<size_t>(kTotpDigits) &&
      AllDigits(compact)) {
    return {CodeInput::Kind::kTotp, compact};
  }
  std::string recovery = NormalizeRecoveryCode(compact);
  if (!recovery.empty()) return {CodeInput::Kind::kRecovery, recovery};
  return {};
}

std::string NormalizeRecoveryCode(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '-' || c == ' ') continue;
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (kRecoveryAlphabet.find(lower) == std::string_view::npos) return "";
    out += lower;
  }
  return out.size() == kRecoveryCodeLength ? out : "";
}

std::vector<std::string> NewRecoveryCodes(int count) {
  std::vector<std::string> codes;
  for (int i = 0; i < count; ++i) {
    std::string code;
    for (size_t j = 0; j < kRecoveryCodeLength; ++j) {
      if (j == kRecoveryCodeLength / 2) code += '-';
      code += RandomAlphabetChar();
    }
    codes.push_back(code);
  }
  return codes;
}

std::string RecoveryCodeHash(std::string_view canonical) {
  return Sha256(canonical);
}

}  // namespace ap::twofa
