#include "common/http/json.h"

namespace ap {

Response JsonResponse(int status, const Json& body) {
  return Response::Json(
      status, body.dump(-1, ' ', false, Json::error_handler_t::replace));
}

Result<Json> ParseJsonObject(const Request& request) {
  if (!request.HasContentType("application/json")) {
    return Status(Code::kUnsupportedType, "unsupported_media_type",
                  "The body must be application/json.");
  }

  Json body = Json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    return BadRequest("invalid_json", "The body is not valid JSON.");
  }
  if (!body.is_object()) {
    return BadRequest("invalid_json", "The body must be a JSON object.");
  }
  return body;
}

Status RejectUnknownFields(const Json& object,
                           std::initializer_list<std::string_view> allowed) {
  for (const auto& item : object.items()) {
    bool known = false;
    for (std::string_view name : allowed) known = known || item.key() == name;
    if (!known) {
      return BadRequest("unknown_field", "Unknown field '" + item.key() + "'.");
    }
  }
  return Status::Ok();
}

std::string StringMember(const Json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace ap
