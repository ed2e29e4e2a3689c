#include "common/http/query_number.h"

#include <optional>

#include "common/text/number.h"

namespace ap {

Status ReadQueryNumber(const Request& req, std::string_view name, int64_t max,
                       const std::string& error, const std::string& message,
                       int64_t* value) {
  if (!req.HasQuery(name)) return Status::Ok();
  std::optional<int64_t> parsed = ParsePositiveDecimal(req.Query(name));
  if (!parsed || *parsed > max) return BadRequest(error, message);
  *value = *parsed;
  return Status::Ok();
}

}  // namespace ap
