// JSON helpers for handlers. Include only where JSON is built or read:
// nlohmann/json is slow to compile.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string_view>

#include "common/base/status.h"
#include "common/http/request.h"
#include "common/http/response.h"

namespace ap {

using Json = nlohmann::json;

// A JSON response; invalid UTF-8 in strings is replaced, never thrown.
Response JsonResponse(int status, const Json& body);

// The body as a JSON object: 415 when the content type is not JSON, 400
// "invalid_json" when it does not parse or is not an object.
Result<Json> ParseJsonObject(const Request& request);

// 400 "unknown_field" naming the first key not in `allowed`.
Status RejectUnknownFields(const Json& object,
                           std::initializer_list<std::string_view> allowed);

// The string member `key` of `object`, or "" when `object` is no object or
// the member is missing or not a string. For documents from elsewhere
// (providers, stored files), where nlohmann's value() would throw on a
// member of another type.
std::string StringMember(const Json& object, const char* key);

}  // namespace ap
