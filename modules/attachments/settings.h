// The attachments module's configuration, read once at start-up.
//
//   attachments.max_bytes        largest file, default 26214400 (25 MiB);
//                                nginx's client_max_body_size for the
//                                upload location must be a little larger
//   attachments.allowed_types    comma list of sniffed media types
//   attachments.temp_dir         where multipart uploads are unpacked
//                                (default: TMPDIR, else /tmp)
//   attachments.presign_seconds  life of a download's presigned URL (60)
//   attachments.accel_prefix     nginx's internal location (/internal/s3)
//   s3.*                         the object store (common/storage)
#pragma once

#include <string>

#include "common/base/status.h"
#include "common/config/config.h"
#include "common/storage/s3_client.h"
#include "modules/attachments/upload.h"

namespace ap::attachments {

inline constexpr int64_t kDefaultMaxBytes = 25 << 20;

struct Settings {
  UploadLimits limits;
  S3Settings s3;
  int presign_seconds = 60;
  std::string accel_prefix = "/internal/s3";
};

// A missing or malformed value is an error naming the key.
Result<Settings> SettingsFromConfig(const Config& config);

}  // namespace ap::attachments
