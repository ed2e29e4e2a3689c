#include "modules/twofa/handler_support.h"

#include <ctime>

#include "common/audit/audit.h"
#include "common/http/json.h"
#include "common/session/session_store.h"
#include "modules/twofa/codes.h"
#include "modules/twofa/twofa_store.h"

namespace ap::twofa {

constexpr size_t kMaxFieldBytes = 1024;

Result<std::map<std::string, std::string, std::less<>>> ReadStringFields(
    const Request& request, std::initializer_list<std::string_view> names) {
  Result<Json> body = ParseJsonObject(request);
  if (!body.ok()) return body.status();
  Status unknown = RejectUnknownFields(*body, names);
  if (!unknown.ok()) return unknown;

  std::map<std::string, std::string, std::less<>> fields;
  for (std::string_view name : names) {
    auto it = body->find(name);
    if (it == body->end() || !it->is_string()) {
      return BadRequest("missing_field",
                        "The field '" + std::string(name) +
                            "' is required and must be a string.");
    }
    std::string value = it->get<std::string>();
    if (value.size() > kMaxFieldBytes) {
      return BadRequest("field_too_long",
                        "The field '" + std::string(name) + "' is too long.");
    }
    fields.emplace(std::string(name), std::move(value));
  }
  return fields;
}

void Audit(Context& ctx, const std::string& event, const std::string& detail) {
  const Session& s = ctx.session();
  WriteAudit(ctx.core(), {s.tenant_id, s.user_id, ctx.request().remote_addr,
                          event, detail});
}

int64_t NowUnix() { return static_cast<int64_t>(std::time(nullptr)); }

std::vector<std::string> IssueRecoveryCodes(Db& core, int64_t user_id) {
  std::vector<std::string> codes = NewRecoveryCodes();
  std::vector<std::string> hashes;
  for (const std::string& code : codes) {
    hashes.push_back(RecoveryCodeHash(NormalizeRecoveryCode(code)));
  }
  ReplaceRecoveryCodes(core, user_id, hashes);
  return codes;
}

void RevokeOtherSessions(Context& ctx) {
  SessionStore(ctx.config())
      .RevokeAllForUser(ctx.core(), ctx.session().user_id, ctx.session().id);
}

void RecordCodeFailure(Context& ctx, const ThrottleLimits& limits,
                       const std::string& detail) {
  Audit(ctx, "2fa_failure", detail);
  // The account only, not the IP: guessing a code needs the password
  // first, and a pending session gets five tries; an IP count would let
  // one user's slips lock out a whole office behind one address.
  LoginThrottle(limits).RecordFailure(
      ctx.core(), LoginThrottle::AccountKey(ctx.session().user_id, ""), "");
}

Status InvalidCode() {
  return Status(Code::kUnprocessable, "invalid_code",
                "That code is not right. Please try again.");
}

}  // namespace ap::twofa
