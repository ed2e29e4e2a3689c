#include "modules/attachments/settings.h"

#include <cstdlib>

#include "modules/attachments/sniff.h"

namespace ap::attachments {
namespace {

Status ConfigError(std::string message) {
  return Status(Code::kInternal, "config", std::move(message));
}

std::string DefaultTempDir() {
  const char* dir = std::getenv("TMPDIR");
  return dir != nullptr && *dir != '\0' ? dir : "/tmp";
}

}  // namespace

Result<Settings> SettingsFromConfig(const Config& config) {
  Settings settings;
  Result<S3Settings> s3 = S3SettingsFromConfig(config);
  if (!s3.ok()) return s3.status();
  settings.s3 = *s3;

  UploadLimits& limits = settings.limits;
  limits.max_bytes = config.GetInt("attachments.max_bytes", kDefaultMaxBytes);
  if (limits.max_bytes < 1 || limits.max_bytes > (int64_t{5} << 30)) {
    return ConfigError("attachments.max_bytes must be 1 to 5 GiB");
  }
  limits.allowed_types = ParseTypeList(
      config.GetString("attachments.allowed_types", DefaultAllowedTypes()));
  if (limits.allowed_types.empty()) {
    return ConfigError("attachments.allowed_types lists no type");
  }
  limits.temp_dir = config.GetString("attachments.temp_dir", DefaultTempDir());

  int64_t seconds = config.GetInt("attachments.presign_seconds", 60);
  if (seconds < 5 || seconds > 3600) {
    return ConfigError("attachments.presign_seconds must be 5 to 3600");
  }
  settings.presign_seconds = static_cast<int>(seconds);
  settings.accel_prefix =
      config.GetString("attachments.accel_prefix", "/internal/s3");
  if (settings.accel_prefix.empty() || settings.accel_prefix[0] != '/' ||
      settings.accel_prefix.back() == '/') {
    return ConfigError(
        "attachments.accel_prefix must start and not end with '/'");
  }
  return settings;
}

}  // namespace ap::attachments
