#include "modules/twofa/secret_box.h"

#include "common/crypto/aead.h"

namespace ap::twofa {

Result<std::string> TwofaKeyFromConfig(const Config& config) {
  if (!config.Has("twofa.key")) {
    return Status(Code::kInternal, "config",
                  "twofa.key is not set in " + config.origin() +
                      ": it needs 32 random bytes as 64 hex digits"
                      " (openssl rand -hex 32)");
  }
  Result<std::string> key = KeyFromConfigText(config.GetString("twofa.key"));
  if (!key.ok()) {
    return Status(Code::kInternal, "config",
                  "twofa.key in " + config.origin() +
                      " is unusable: " + key.status().message());
  }
  return key;
}

std::string SecretAssociatedData(int64_t user_id) {
  return "totp:" + std::to_string(user_id);
}

Result<std::string> SealSecret(std::string_view key, int64_t user_id,
                               std::string_view secret) {
  return Seal(key, secret, SecretAssociatedData(user_id));
}

Result<std::string> OpenSecret(std::string_view key, int64_t user_id,
                               std::string_view sealed) {
  return Open(key, sealed, SecretAssociatedData(user_id));
}

}  // namespace ap::twofa
