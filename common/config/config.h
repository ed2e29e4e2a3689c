// Config: one flat file of "key = value" lines, overridden by environment.
//
// Every address, credential and limit lives here. The environment variable
// AP_<KEY> (key upper-cased, '.' and '-' turned into '_') overrides the file,
// so a hosting admin or a test can change one value without editing it.
// Only a configuration loaded from a file reads the environment: one made
// from text or Set() (unit tests) means exactly what it says, whatever the
// shell that runs the tests has exported.
// The file is found through AP_CONFIG, else the build's default (the local
// stack's file), so every executable works against the local stack with no
// flags. A Config is immutable after Load() and safe to share across threads.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "common/base/status.h"

namespace ap {

class Config {
 public:
  Config() = default;

  // Reads the file at `path`; a missing file or a malformed line is an
  // error. The environment overrides what it holds.
  static Result<Config> Load(const std::string& path);

  // Loads AP_CONFIG or the compiled-in default path.
  static Result<Config> LoadDefault();

  // Parses text in the file format; `origin` names it in error messages.
  static Result<Config> Parse(std::string_view text, std::string_view origin);

  bool Has(std::string_view key) const;

  std::string GetString(std::string_view key,
                        std::string_view fallback = "") const;

  // Numbers and booleans that do not parse fall back and are reported by
  // Validate(), so a typo stops the start instead of silently defaulting.
  int64_t GetInt(std::string_view key, int64_t fallback) const;

  bool GetBool(std::string_view key, bool fallback) const;

  // Sets a value (tests, and command-line overrides of admin tools).
  void Set(std::string_view key, std::string_view value);

  // The path the configuration was loaded from, for messages.
  const std::string& origin() const { return origin_; }

  // Environment variable name that overrides `key`.
  static std::string EnvName(std::string_view key);

 private:
  const char* FromEnvironment(std::string_view key) const;

  std::map<std::string, std::string, std::less<>> values_;
  std::string origin_;
  bool environment_ = false;  // AP_<KEY> variables override values_
};

}  // namespace ap
