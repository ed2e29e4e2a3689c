// TempDir: a private (0700) working folder, removed with everything in it
// when the object goes. Backups pass through it encrypted; only restores
// and the scratch server write plain data there, and only for as long as
// the command runs.
#pragma once

#include <string>

#include "common/base/status.h"

namespace ap::backup {

class TempDir {
 public:
  TempDir() = default;
  ~TempDir();

  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Creates "<parent>/ap-<tag>-XXXXXX"; `parent` empty means $TMPDIR or
  // /tmp.
  Status Create(const std::string& parent, const std::string& tag);

  const std::string& path() const { return path_; }

  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Writes `content` to a new file readable by its owner only (0600).
Status WritePrivateFile(const std::string& path, const std::string& content);

}  // namespace ap::backup
