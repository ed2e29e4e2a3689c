// One-time passwords for two-factor login: HOTP (RFC 4226) and TOTP
// (RFC 6238) with HMAC-SHA1, 30-second steps and 6 digits, which is what
// authenticator apps accept everywhere; Base32 (RFC 4648) for the secrets
// users type in, and the otpauth:// URI that QR codes carry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ap {

constexpr int kTotpDigits = 6;
constexpr int64_t kTotpPeriodSeconds = 30;

// The HOTP code for `counter`, zero-padded to `digits` (6 to 8); empty if
// `digits` is out of that range.
std::string Hotp(std::string_view secret_bytes, uint64_t counter,
                 int digits = kTotpDigits);

// The TOTP time step that contains `unix_time` (step 0 starts at 0).
int64_t TotpStep(int64_t unix_time);

// The TOTP code at `unix_time`; empty for a time before 1970 or `digits`
// outside 6 to 8.
std::string Totp(std::string_view secret_bytes, int64_t unix_time,
                 int digits = kTotpDigits);

// Checks a 6-digit `code` against the steps within `drift_steps` (negative
// counts as 0) of `unix_time`, nearest first. Returns the matching step, so
// the caller can refuse replays: accept a code only if its step is later
// than the last step accepted for that user, then remember it. Anything
// but exactly six ASCII digits never matches.
std::optional<int64_t> MatchTotp(std::string_view secret_bytes,
                                 std::string_view code, int64_t unix_time,
                                 int drift_steps = 1);

// Upper-case RFC 4648 Base32 without padding (apps and users skip it).
std::string Base32Encode(std::string_view bytes);

// Decodes Base32 as people type or paste it: any case, spaces anywhere,
// optional trailing '=' padding. Bits past the last whole byte are ignored.
// Returns false (leaving `out` alone) on any other character, '=' before
// data, or a length no encoder produces.
bool Base32Decode(std::string_view text, std::string* out);

// otpauth://totp/Issuer:account?secret=...&issuer=...&algorithm=SHA1
// &digits=6&period=30, issuer and account percent-encoded. With an empty
// issuer the label is the account alone and there is no issuer parameter.
std::string OtpauthUri(std::string_view issuer, std::string_view account,
                       std::string_view secret_bytes);

}  // namespace ap
