#include "modules/twofa/second_factor.h"

#include <optional>

#include "common/crypto/totp.h"
#include "common/log/log.h"
#include "modules/twofa/codes.h"
#include "modules/twofa/secret_box.h"
#include "modules/twofa/twofa_store.h"

namespace ap::twofa {

Result<int64_t> MatchSealedTotp(std::string_view key, int64_t user_id,
                                const std::string& sealed,
                                std::string_view code, int64_t now) {
  Result<std::string> secret = OpenSecret(key, user_id, sealed);
  if (!secret.ok()) {
    LogError("twofa: the TOTP secret of user " + std::to_string(user_id) +
             " does not open: twofa.key changed or the row was altered");
    return Internal("Two-factor sign-in is unavailable for this account.");
  }
  std::optional<int64_t> step = MatchTotp(*secret, code, now, 1);
  return step ? *step : -1;
}

Result<Factor> CheckSecondFactor(Db& core, std::string_view key,
                                 int64_t user_id, std::string_view code,
                                 int64_t now) {
  std::optional<TotpRow> row = LoadTotp(core, user_id);
  if (!row || !row->enabled) return Factor::kWrong;

  CodeInput input = ParseCodeInput(code);
  if (input.kind == CodeInput::Kind::kRecovery) {
    return UseRecoveryCode(core, user_id, RecoveryCodeHash(input.value))
               ? Factor::kRecovery
               : Factor::kWrong;
  }
  if (input.kind != CodeInput::Kind::kTotp) return Factor::kWrong;

  Result<int64_t> step =
      MatchSealedTotp(key, user_id, row->secret_sealed, input.value, now);
  if (!step.ok()) return step.status();
  if (*step < 0) return Factor::kWrong;
  // The conditional update is what refuses a replay, also when two
  // requests race with the same code.
  return AdvanceStep(core, user_id, *step) ? Factor::kTotp : Factor::kReplayed;
}

}  // namespace ap::twofa
