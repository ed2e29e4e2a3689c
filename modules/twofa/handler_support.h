// Small pieces every 2FA handler uses: reading the body, the audit line,
// the clock, issuing recovery codes.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/account/login_throttle.h"
#include "common/base/status.h"
#include "common/http/context.h"

namespace ap::twofa {

// The body's fields, all required, all strings of at most 1024 bytes;
// any other field is refused (400).
Result<std::map<std::string, std::string, std::less<>>> ReadStringFields(
    const Request& request, std::initializer_list<std::string_view> names);

// An audit row for the session's user.
void Audit(Context& ctx, const std::string& event, const std::string& detail);

int64_t NowUnix();

// Makes new recovery codes, stores their hashes in place of the old ones
// (inside the caller's transaction) and returns them for showing once.
std::vector<std::string> IssueRecoveryCodes(Db& core, int64_t user_id);

// Ends every other session of the session's user (a 2FA change).
void RevokeOtherSessions(Context& ctx);

Status InvalidCode();

// A wrong second factor: audited as "2fa_failure" (detail says why) and
// counted by the login throttle as a failed sign-in of the account.
void RecordCodeFailure(Context& ctx, const ThrottleLimits& limits,
                       const std::string& detail);

}  // namespace ap::twofa
