// What the OpenID Connect sign-in keeps in ap_core: sign-ins under way
// (oauth_states), provider identities linked to users (user_identities)
// and the providers each organisation allows (tenant_oauth_providers).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/db/db.h"

namespace ap::login {

enum class OauthPurpose { kLogin, kLink };

struct OauthStateInput {
  std::string state;    // the secret sent to the provider; stored hashed
  std::string binding;  // the browser cookie's secret; stored hashed
  std::string provider;
  OauthPurpose purpose = OauthPurpose::kLogin;
  int64_t session_id = 0;  // linking: the session that asked
  std::string next_path = "/";
  std::string ip;
  int64_t lifetime_seconds = 600;
};

void SaveState(Db& core, const OauthStateInput& in);

struct OauthStateRow {
  std::string binding_hash;  // hex SHA-256
  std::string provider;
  OauthPurpose purpose = OauthPurpose::kLogin;
  int64_t session_id = 0;
  std::string next_path;
  bool expired = false;
};

// Marks the state used and returns its row. nullopt when no such state
// was ever issued or it was used before (a replay): a state works once.
std::optional<OauthStateRow> ClaimState(Db& core, const std::string& state);

// Forgets states that ended more than a day ago (a few hundred at a time).
void PurgeOldStates(Db& core);

// An account as the sign-in rules need it.
struct OauthAccount {
  int64_t user_id = 0;
  int64_t tenant_id = 0;
  bool active = false;  // user and organisation both active
  bool has_2fa = false;
  bool tenant_enforces_2fa = false;
};

std::optional<OauthAccount> FindAccountByIdentity(Db& core,
                                                  const std::string& provider,
                                                  const std::string& subject);
// The one active user with this e-mail, in an active organisation.
std::optional<OauthAccount> FindActiveAccountByEmail(Db& core,
                                                     const std::string& email);
std::optional<OauthAccount> FindAccountById(Db& core, int64_t user_id);

enum class LinkOutcome { kLinked, kAlreadyLinked, kTakenByOther };

// Links the identity to the user, replacing the user's earlier identity at
// that provider. An identity already linked to someone else stays theirs.
LinkOutcome LinkIdentity(Db& core, int64_t user_id, const std::string& provider,
                         const std::string& subject, const std::string& email);

// Whether the user has any identity at `provider`, linked or unlinked:
// then a verified e-mail alone must not link another one.
bool HasIdentityRecord(Db& core, int64_t user_id, const std::string& provider);

void TouchIdentity(Db& core, const std::string& provider,
                   const std::string& subject);

struct IdentityRow {
  std::string provider;
  std::string email;
  std::string linked_at;  // ISO 8601, UTC
};

std::vector<IdentityRow> ListIdentities(Db& core, int64_t user_id);

// Unlinks the user's identity at the provider (marked, not deleted: see
// HasIdentityRecord) unless it is the last way to sign in (no password and
// no other identity). Returns false when none was linked; sets *last when
// refused for being the last.
bool UnlinkIdentity(Db& core, int64_t user_id, const std::string& provider,
                    bool* last);

// Providers the organisation turned on or off; absent: allowed.
std::map<std::string, bool> TenantProviderSwitches(Db& core, int64_t tenant_id);
bool TenantAllowsProvider(Db& core, int64_t tenant_id,
                          const std::string& provider);
void SetTenantProvider(Db& core, int64_t tenant_id, const std::string& provider,
                       bool enabled);

}  // namespace ap::login
