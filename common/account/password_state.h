// Whether an account can sign in with a password at all: accounts invited
// for provider sign-in only (Google, LinkedIn) have none.
#pragma once

#include <cstdint>

#include "common/db/db.h"

namespace ap {

// True when the user has a password hash; false for a provider-only
// account or an unknown user. Throws sql::SQLException like the database.
bool UserHasPassword(Db& core, int64_t user_id);

}  // namespace ap
