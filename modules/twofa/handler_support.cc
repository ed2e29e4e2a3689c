#include "modules/twofa/handler_support.h"

#include <ctime>

#include "common/audit/audit.h"
#include "common/http/json.h"
#include "common/session/session_store.h"
#include "modules/twofa/codes.h"
#include "modules/twofa/twofa_store.h"

namespace ap::twofa {

constexpr size_t kMaxFieldBytes = 1024;

namespace {

// Adds the field `name` to `fields`; absent is an error only if required.
Status TakeField(const Json& body, std::string_view name, bool required,
                 Fields* fields) {
  auto it = body.find(name);
  if (it == body.end() && !required) return Status::Ok();
  if (it == body.end() || !it->is_string()) {
    return BadRequest("missing_field", "The field '" + std::string(name) +
                                           "' is required and must be a "
                                           "string.");
  }
  std::string value = it->get<std::string>();
  if (value.size() > kMaxFieldBytes) {
    return BadRequest("field_too_long",
                      "The field '" + std::string(name) + "' is too long.");
  }
  fields->emplace(std::string(name), std::move(value));
  return Status::Ok();
}

}  // namespace

Result<Fields> ReadStringFields(const Request& request,
                                std::initializer_list<std::string_view> names) {
  return ReadStringFields(request, names, {});
}

Result<Fields> ReadStringFields(
    const Request& request, std::initializer_list<std::string_view> required,
    std::initializer_list<std::string_view> optional) {
  Result<Json> body = ParseJsonObject(request);
  if (!body.ok()) return body.status();
  // Without the optional fields, only the required ones may be left.
  Json rest = *body;
  for (std::string_view name : optional) rest.erase(std::string(name));
  AP_RETURN_IF_ERROR(RejectUnknownFields(rest, required));

  Fields fields;
  for (std::string_view name : required) {
    AP_RETURN_IF_ERROR(TakeField(*body, name, true, &fields));
  }
  for (std::string_view name : optional) {
    AP_RETURN_IF_ERROR(TakeField(*body, name, false, &fields));
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

Status CodeReused() {
  return Status(Code::kUnprocessable, "code_reused",
                "That code was already used. Wait for the next one.");
}

Response TooManyAttempts(Context& ctx, int64_t retry_after) {
  Audit(ctx, "2fa_throttled",
        "retry after " + std::to_string(retry_after) + " s");
  Response r =
      Response::Error(Status(Code::kTooManyRequests, "too_many_attempts",
                             "Too many failed sign-ins. Try again later."));
  r.AddHeader("Retry-After", std::to_string(retry_after));
  return r;
}

}  // namespace ap::twofa
