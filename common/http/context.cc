#include "common/http/context.h"

#include <cassert>
#include <cstdlib>

namespace ap {

const char* SessionStateName(SessionState state) {
  switch (state) {
    case SessionState::kFull:
      return "full";
    case SessionState::kPending2fa:
      return "pending_2fa";
    case SessionState::kEnrolOnly:
      return "enrol_only";
  }
  return "unknown";
}

std::string Context::Param(std::string_view name) const {
  auto it = params_.find(name);
  return it == params_.end() ? std::string() : it->second;
}

Result<int64_t> Context::IdParam(std::string_view name) const {
  std::string text = Param(name);
  bool digits = !text.empty() && text.size() <= 18 && text[0] != '0';
  for (char c : text) digits = digits && c >= '0' && c <= '9';
  if (!digits) return NotFound();
  return static_cast<int64_t>(std::strtoll(text.c_str(), nullptr, 10));
}

const Session& Context::session() const {
  assert(session_ != nullptr);
  return *session_;
}

Db& Context::tenant() {
  assert(session_ != nullptr);
  return DbPool::ForThread().Get(session_->tenant_db);
}

}  // namespace ap
