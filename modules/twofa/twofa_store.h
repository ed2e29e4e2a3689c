// The 2FA rows of a user in ap_core: user_totp (the sealed secret, whether
// it is confirmed, the last accepted time step) and recovery_codes (only
// hashes). Every write is a single conditional statement, so concurrent
// requests cannot both win: a code step is accepted once, a recovery code
// used once, a confirmed secret never overwritten by a new setup.
// Functions throw sql::SQLException like every database call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/db/db.h"

namespace ap::twofa {

struct TotpRow {
  std::string secret_sealed;
  bool enabled = false;
  std::string enabled_at;  // ISO 8601 UTC, "" while unconfirmed
  int64_t last_step = 0;
};

std::optional<TotpRow> LoadTotp(Db& core, int64_t user_id);

// Stores a new unconfirmed secret, replacing an earlier unconfirmed one.
// False (nothing changed) when the user already has 2FA enabled.
bool StartSetup(Db& core, int64_t user_id, const std::string& sealed);

// Confirms the unconfirmed secret `sealed` with the code of `step`. False
// when that secret is no longer the pending one (a concurrent setup).
bool ConfirmSetup(Db& core, int64_t user_id, const std::string& sealed,
                  int64_t step);

// Records `step` as used. False when a code of that step or a later one
// was already accepted: the code is a replay.
bool AdvanceStep(Db& core, int64_t user_id, int64_t step);

// Removes the secret and every recovery code.
void DeleteTwofa(Db& core, int64_t user_id);

// Replaces all recovery codes by these hashes.
void ReplaceRecoveryCodes(Db& core, int64_t user_id,
                          const std::vector<std::string>& hashes);

// Marks the unused code with this hash as used; false if there is none.
bool UseRecoveryCode(Db& core, int64_t user_id, const std::string& hash);

int64_t UnusedRecoveryCodes(Db& core, int64_t user_id);

// tenants.enforce_2fa of the tenant.
bool TenantEnforces(Db& core, int64_t tenant_id);

}  // namespace ap::twofa
