#include "modules/plans/plan_input.h"

#include "modules/plans/plan_rules.h"

namespace ap::plans {
namespace {

Status Invalid(const std::string& field, const std::string& what) {
  return BadRequest("invalid_field", field + " " + what);
}

// Reads a string field of at most `max_chars` characters. Single-line
// fields refuse control characters, multi-line ones all but line breaks.
Status ReadText(const Json& body, const std::string& field, size_t max_chars,
                bool multiline, std::optional<std::string>* out) {
  auto it = body.find(field);
  if (it == body.end()) return Status::Ok();
  if (!it->is_string()) return Invalid(field, "must be a string.");

  std::string text = it->get<std::string>();
  if (Utf8Length(text) > max_chars) {
    return BadRequest("field_too_long", field + " must be at most " +
                                            std::to_string(max_chars) +
                                            " characters.");
  }
  if (HasControlChars(text, multiline)) {
    return Invalid(field, "must not contain control characters.");
  }
  *out = std::move(text);
  return Status::Ok();
}

Status ReadEnum(const Json& body, const std::string& field,
                bool (*valid)(std::string_view), const std::string& allowed,
                std::optional<std::string>* out) {
  auto it = body.find(field);
  if (it == body.end()) return Status::Ok();
  if (!it->is_string() || !valid(it->get<std::string>())) {
    return Invalid(field, "must be one of " + allowed + ".");
  }
  *out = it->get<std::string>();
  return Status::Ok();
}

Status ReadUserId(const Json& body, const std::string& field,
                  Nullable<int64_t>* out) {
  auto it = body.find(field);
  if (it == body.end()) return Status::Ok();
  out->present = true;
  if (it->is_null()) return Status::Ok();
  if (!it->is_number_integer() || it->get<int64_t>() <= 0) {
    return Invalid(field, "must be a user id or null.");
  }
  out->value = it->get<int64_t>();
  return Status::Ok();
}

Status ReadDate(const Json& body, const std::string& field,
                Nullable<std::string>* out) {
  auto it = body.find(field);
  if (it == body.end()) return Status::Ok();
  out->present = true;
  if (it->is_null()) return Status::Ok();
  if (!it->is_string() || !IsValidDate(it->get<std::string>())) {
    return BadRequest("invalid_date",
                      field + " must be a date YYYY-MM-DD or null.");
  }
  out->value = it->get<std::string>();
  return Status::Ok();
}

Status CheckTitle(const std::optional<std::string>& title, bool required) {
  if (!title && required) {
    return BadRequest("field_required", "title is required.");
  }
  if (title && IsBlank(*title)) {
    return BadRequest("field_required", "title must not be empty.");
  }
  return Status::Ok();
}

// The "version" a write is based on. When `required`, absent or null is
// 400 "version_required", since an edit without it would silently
// overwrite whatever changed since the client loaded `what`.
Status ReadVersion(const Json& body, const std::string& what, bool required,
                   std::optional<int64_t>* out) {
  auto version = body.find("version");
  if (version == body.end() || version->is_null()) {
    if (!required) return Status::Ok();
    return BadRequest("version_required", "Send the version of the " + what +
                                              " the edit is based on.");
  }
  if (!version->is_number_integer() || version->get<int64_t>() <= 0) {
    return Invalid("version", "must be a positive integer.");
  }
  *out = version->get<int64_t>();
  return Status::Ok();
}

Status ReadPlanFields(const Json& body, PlanInput* in) {
  AP_RETURN_IF_ERROR(
      ReadText(body, "title", kMaxTitleChars, false, &in->title));
  AP_RETURN_IF_ERROR(ReadText(body, "description", kMaxDescriptionChars, true,
                              &in->description));
  AP_RETURN_IF_ERROR(ReadText(body, "area", kMaxAreaChars, false, &in->area));
  AP_RETURN_IF_ERROR(ReadEnum(body, "priority", IsPriority,
                              "low, medium, high, critical", &in->priority));
  AP_RETURN_IF_ERROR(ReadEnum(body, "status", IsPlanStatus,
                              "draft, open, in_progress, done, cancelled",
                              &in->status));
  AP_RETURN_IF_ERROR(ReadUserId(body, "owner_id", &in->owner_id));
  return ReadDate(body, "due_date", &in->due_date);
}

Status ReadTaskFields(const Json& body, TaskInput* in) {
  AP_RETURN_IF_ERROR(
      ReadText(body, "title", kMaxTitleChars, false, &in->title));
  AP_RETURN_IF_ERROR(ReadText(body, "description", kMaxDescriptionChars, true,
                              &in->description));
  AP_RETURN_IF_ERROR(
      ReadEnum(body, "status", IsTaskStatus, "todo, doing, done", &in->status));
  AP_RETURN_IF_ERROR(ReadUserId(body, "assignee_id", &in->assignee_id));
  return ReadDate(body, "due_date", &in->due_date);
}

}  // namespace

Result<PlanInput> ParsePlanCreate(const Json& body) {
  AP_RETURN_IF_ERROR(
      RejectUnknownFields(body, {"title", "description", "area", "priority",
                                 "status", "owner_id", "due_date"}));
  PlanInput in;
  AP_RETURN_IF_ERROR(ReadPlanFields(body, &in));
  AP_RETURN_IF_ERROR(CheckTitle(in.title, /*required=*/true));
  if (in.status && !IsInitialStatus(*in.status)) {
    return Status(Code::kUnprocessable, "invalid_transition",
                  "A new plan starts as draft, open or in_progress.");
  }
  return in;
}

Result<PlanInput> ParsePlanPatch(const Json& body) {
  AP_RETURN_IF_ERROR(
      RejectUnknownFields(body, {"title", "description", "area", "priority",
                                 "status", "owner_id", "due_date", "version"}));
  PlanInput in;
  AP_RETURN_IF_ERROR(ReadVersion(body, "plan", /*required=*/true, &in.version));
  AP_RETURN_IF_ERROR(ReadPlanFields(body, &in));
  AP_RETURN_IF_ERROR(CheckTitle(in.title, /*required=*/false));
  return in;
}

Result<TaskInput> ParseTaskCreate(const Json& body) {
  AP_RETURN_IF_ERROR(RejectUnknownFields(
      body, {"title", "description", "status", "assignee_id", "due_date"}));
  TaskInput in;
  AP_RETURN_IF_ERROR(ReadTaskFields(body, &in));
  AP_RETURN_IF_ERROR(CheckTitle(in.title, /*required=*/true));
  return in;
}

Result<TaskInput> ParseTaskPatch(const Json& body) {
  AP_RETURN_IF_ERROR(
      RejectUnknownFields(body, {"title", "description", "status",
                                 "assignee_id", "due_date", "version"}));
  TaskInput in;
  AP_RETURN_IF_ERROR(ReadVersion(body, "task", /*required=*/true, &in.version));
  AP_RETURN_IF_ERROR(ReadTaskFields(body, &in));
  AP_RETURN_IF_ERROR(CheckTitle(in.title, /*required=*/false));
  return in;
}

Result<std::optional<int64_t>> ParseTaskDelete(const Request& request) {
  if (request.body.empty()) return std::optional<int64_t>();
  Result<Json> body = ParseJsonObject(request);
  if (!body.ok()) return body.status();
  AP_RETURN_IF_ERROR(RejectUnknownFields(*body, {"version"}));
  std::optional<int64_t> version;
  AP_RETURN_IF_ERROR(ReadVersion(*body, "task", /*required=*/false, &version));
  return version;
}

Result<std::string> ParseCommentBody(const Json& body) {
  AP_RETURN_IF_ERROR(RejectUnknownFields(body, {"body"}));
  std::optional<std::string> text;
  AP_RETURN_IF_ERROR(ReadText(body, "body", kMaxCommentChars, true, &text));
  if (!text || IsBlank(*text)) {
    return BadRequest("field_required", "body is required.");
  }
  return *text;
}

}  // namespace ap::plans
