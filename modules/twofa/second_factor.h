// Checks a code a user typed against their enabled 2FA: a TOTP code within
// one step of drift that was not accepted before, or an unused recovery
// code (which is then used up). The single place that decides whether a
// second factor is proven, for the login step and for disabling 2FA.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/base/status.h"
#include "common/db/db.h"

namespace ap::twofa {

enum class Factor {
  kTotp,      // a fresh TOTP code; its step is now used
  kRecovery,  // a recovery code, now used up
  kWrong,     // no match, malformed, or 2FA not enabled
  kReplayed,  // a right TOTP code whose step was already used
};

inline bool Proven(Factor f) {
  return f == Factor::kTotp || f == Factor::kRecovery;
}

// Fails (internal) only when the stored secret does not open: twofa.key
// was changed, or the row was tampered with.
Result<Factor> CheckSecondFactor(Db& core, std::string_view key,
                                 int64_t user_id, std::string_view code,
                                 int64_t now);

// Checks a TOTP code against an unconfirmed or confirmed sealed secret
// without recording anything; the matched step, or -1.
Result<int64_t> MatchSealedTotp(std::string_view key, int64_t user_id,
                                const std::string& sealed,
                                std::string_view code, int64_t now);

}  // namespace ap::twofa
