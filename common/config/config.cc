#include "common/config/config.h"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

#ifndef AP_DEFAULT_CONFIG
#define AP_DEFAULT_CONFIG "etc/local.conf"
#endif

namespace ap {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.remove_suffix(1);
  }
  return s;
}

Status ConfigError(std::string message) {
  return Status(Code::kInternal, "config", std::move(message));
}

}  // namespace

Result<Config> Config::Parse(std::string_view text, std::string_view origin) {
  Config config;
  config.origin_ = std::string(origin);
  int line_no = 0;

  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? "" : text.substr(end + 1);
    ++line_no;

    line = Trim(line);
    if (line.empty() || line.front() == '#') continue;
    size_t eq = line.find('=');
    if (eq == std::string_view::npos || Trim(line.substr(0, eq)).empty()) {
      return ConfigError(std::string(origin) + ":" + std::to_string(line_no) +
                         ": expected 'key = value'");
    }
    config.values_[std::string(Trim(line.substr(0, eq)))] =
        std::string(Trim(line.substr(eq + 1)));
  }
  return config;
}

Result<Config> Config::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return ConfigError("cannot read configuration file " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  Result<Config> config = Parse(buffer.str(), path);
  if (config.ok()) config->environment_ = true;
  return config;
}

Result<Config> Config::LoadDefault() {
  const char* path = std::getenv("AP_CONFIG");
  return Load(path != nullptr && *path != '\0' ? path : AP_DEFAULT_CONFIG);
}

std::string Config::EnvName(std::string_view key) {
  std::string name = "AP_";
  for (char c : key) {
    name +=
        (c == '.' || c == '-')
            ? '_'
            : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

const char* Config::FromEnvironment(std::string_view key) const {
  return environment_ ? std::getenv(EnvName(key).c_str()) : nullptr;
}

bool Config::Has(std::string_view key) const {
  return FromEnvironment(key) != nullptr || values_.find(key) != values_.end();
}

std::string Config::GetString(std::string_view key,
                              std::string_view fallback) const {
  if (const char* env = FromEnvironment(key)) return env;
  auto it = values_.find(key);
  return it == values_.end() ? std::string(fallback) : it->second;
}

int64_t Config::GetInt(std::string_view key, int64_t fallback) const {
  std::string text = GetString(key);
  if (text.empty()) return fallback;
  char* end = nullptr;
  long long value = std::strtoll(text.c_str(), &end, 10);
  return (end != nullptr && *end == '\0') ? value : fallback;
}

bool Config::GetBool(std::string_view key, bool fallback) const {
  std::string text = GetString(key);
  if (text == "true" || text == "yes" || text == "on" || text == "1") {
    return true;
  }
  if (text == "false" || text == "no" || text == "off" || text == "0") {
    return false;
  }
  return fallback;
}

void Config::Set(std::string_view key, std::string_view value) {
  values_[std::string(key)] = std::string(value);
}

}  // namespace ap
