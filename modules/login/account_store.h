// Users' passwords and mailed tokens in ap_core, for the login module's
// handlers: the tenant's password policy, setting a password, and the
// single-use invitation and reset tokens (stored as SHA-256 only).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/account/password_policy.h"
#include "common/db/db.h"
#include "common/http/response.h"
#include "modules/login/login_settings.h"

namespace ap::login {

// The organisation's policy (mode and whether it enforces 2FA).
PasswordPolicy PolicyForTenant(Db& core, int64_t tenant_id);

// 422 {"error": "weak_password", "message", "rules": [...]}.
Response WeakPasswordResponse(const std::vector<std::string>& rules);

// Stores a new hash; `activate` turns an invited user active.
void StorePassword(Db& core, int64_t user_id, const std::string& hash,
                   bool activate);

enum class TokenKind { kInvitation, kReset };

const char* TokenKindName(TokenKind kind);

// A new token for the user; unused older tokens of the kind stop working.
// Returns the secret, which only the mail carries.
std::string IssueToken(Db& core, int64_t user_id, TokenKind kind,
                       int64_t lifetime_seconds);

// True when the user got a token of this kind less than `seconds` ago
// (so one more mail is not sent: no mail bombing through the reset form).
bool TokenIssuedWithin(Db& core, int64_t user_id, TokenKind kind,
                       int64_t seconds);

struct TokenHolder {
  int64_t token_id = 0;
  TokenKind kind = TokenKind::kReset;
  int64_t user_id = 0;
  int64_t tenant_id = 0;
  std::string login;
  std::string email;
  PasswordPolicy policy;
};

// The unused, unexpired token's user (active or invited, tenant active).
std::optional<TokenHolder> FindLiveToken(Db& core, const std::string& token);

// Marks the token used; false if it was used or expired meanwhile.
bool ConsumeToken(Db& core, int64_t token_id);

}  // namespace ap::login
