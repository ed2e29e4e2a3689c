#include "modules/links/create_request.h"

#include "modules/links/code.h"
#include "modules/links/target.h"
#include "modules/links/timestamp.h"

namespace ap::links {
namespace {

bool Present(const Json& body, const char* key) {
  return body.contains(key) && !body[key].is_null();
}

Status ParseTarget(const Json& body, CreateRequest* out) {
  if (!Present(body, "target")) {
    return BadRequest("missing_field", "target is required.");
  }
  if (!body["target"].is_string()) {
    return BadRequest("invalid_target", "target must be a string.");
  }
  out->target = body["target"].get<std::string>();
  return ValidateTarget(out->target);
}

Status ParseAlias(const Json& body, bool is_admin, CreateRequest* out) {
  if (!Present(body, "alias")) return Status::Ok();
  if (!is_admin) {
    return Status(Code::kForbidden, "forbidden",
                  "Only organisation admins may choose an alias.");
  }
  if (!body["alias"].is_string()) {
    return BadRequest("invalid_alias", "alias must be a string.");
  }
  out->alias = body["alias"].get<std::string>();
  return ValidateAlias(*out->alias);
}

Status ParseExpiry(const Json& body, std::string_view now, CreateRequest* out) {
  if (!Present(body, "expires_at")) return Status::Ok();
  std::optional<std::string> expires;
  if (body["expires_at"].is_string()) {
    expires = ParseUtcTimestamp(body["expires_at"].get<std::string>());
  }
  if (!expires) {
    return BadRequest("invalid_expires_at",
                      "expires_at must be an ISO 8601 UTC date and time, "
                      "e.g. 2026-12-31T23:59:59Z.");
  }
  // Both are fixed-width text of the same form: text order is time order.
  if (*expires <= now) {
    return BadRequest("invalid_expires_at",
                      "expires_at must be in the future.");
  }
  out->expires_at = std::move(expires);
  return Status::Ok();
}

// A whole number in [1, kMaxVisitsLimit]; JSON reads positive numbers as
// unsigned and negative ones as signed, so both are checked.
std::optional<int64_t> VisitLimit(const Json& value) {
  if (value.is_number_unsigned()) {
    auto n = value.get<uint64_t>();
    if (n < 1 || n > static_cast<uint64_t>(kMaxVisitsLimit)) return {};
    return static_cast<int64_t>(n);
  }
  if (!value.is_number_integer()) return std::nullopt;
  auto n = value.get<int64_t>();
  if (n < 1 || n > kMaxVisitsLimit) return std::nullopt;
  return n;
}

Status ParseMaxVisits(const Json& body, CreateRequest* out) {
  if (!Present(body, "max_visits")) return Status::Ok();
  out->max_visits = VisitLimit(body["max_visits"]);
  if (!out->max_visits) {
    return BadRequest("invalid_max_visits",
                      "max_visits must be a whole number from 1 to "
                      "1000000000.");
  }
  return Status::Ok();
}

}  // namespace

Result<CreateRequest> ParseCreateRequest(const Json& body, bool is_admin,
                                         std::string_view now) {
  AP_RETURN_IF_ERROR(RejectUnknownFields(
      body, {"target", "alias", "expires_at", "max_visits"}));

  CreateRequest request;
  AP_RETURN_IF_ERROR(ParseTarget(body, &request));
  AP_RETURN_IF_ERROR(ParseAlias(body, is_admin, &request));
  AP_RETURN_IF_ERROR(ParseExpiry(body, now, &request));
  AP_RETURN_IF_ERROR(ParseMaxVisits(body, &request));
  return request;
}

}  // namespace ap::links
