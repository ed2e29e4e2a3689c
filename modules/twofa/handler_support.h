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

using Fields = std::map<std::string, std::string, std::less<>>;

// The body's fields, all required, all strings of at most 1024 bytes;
// any other field is refused (400).
Result<Fields> ReadStringFields(const Request& request,
                                std::initializer_list<std::string_view> names);

// As ReadStringFields, with `optional` fields that may be absent (and are
// then not in the map) but, when present, are checked the same way.
Result<Fields> ReadStringFields(
    const Request& request, std::initializer_list<std::string_view> required,
    std::initializer_list<std::string_view> optional);

// An audit row for the session's user.
void Audit(Context& ctx, const std::string& event, const std::string& detail);

int64_t NowUnix();

// Makes new recovery codes, stores their hashes in place of the old ones
// (inside the caller's transaction) and returns them for showing once.
std::vector<std::string> IssueRecoveryCodes(Db& core, int64_t user_id);

// Ends every other session of the session's user (a 2FA change).
void RevokeOtherSessions(Context& ctx);

Status InvalidCode();

// A right TOTP code whose step was already accepted. Telling it apart from
// a wrong code reveals nothing worth hiding: the code was right once, so
// whoever typed it saw it in the app or watched someone use it; the answer
// tells the owner to wait for the next one instead of doubting the phone.
Status CodeReused();

// The account is locked out by the login throttle: 429 with Retry-After,
// audited as "2fa_throttled".
Response TooManyAttempts(Context& ctx, int64_t retry_after);

// A wrong second factor: audited as "2fa_failure" (detail says why) and
// counted by the login throttle as a failed sign-in of the account.
void RecordCodeFailure(Context& ctx, const ThrottleLimits& limits,
                       const std::string& detail);

}  // namespace ap::twofa
