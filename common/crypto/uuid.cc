#include "common/crypto/uuid.h"

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <cstdio>
#include <cstdlib>
#include <exception>

namespace ap {

std::string NewUuid() {
  // The generator draws from the OS (getrandom) on each call; one per
  // thread because an instance is not safe to share.
  thread_local boost::uuids::random_generator generator;
  try {
    return boost::uuids::to_string(generator());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fatal: UUID entropy source failed: %s\n", e.what());
    std::abort();
  }
}

bool IsUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

}  // namespace ap
