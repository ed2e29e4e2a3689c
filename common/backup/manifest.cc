#include "common/backup/manifest.h"

#include <cctype>
#include <ctime>
#include <nlohmann/json.hpp>

#include "common/crypto/hash.h"

namespace ap::backup {
namespace {

using Json = nlohmann::json;

std::string MacKey(const std::string& key) {
  return HmacSha256(key, "ap-backup manifest mac 1");
}

Json PartToJson(const PartEntry& p) {
  Json tables = Json::object();
  for (const auto& [name, t] : p.tables) {
    tables[name] = {{"rows", t.rows}, {"checksum", t.checksum}};
  }
  return {{"name", p.name},
          {"schema", p.schema},
          {"tenant", p.tenant},
          {"server", p.server},
          {"schema_version", p.schema_version},
          {"sha256", p.sha256},
          {"size", p.size},
          {"tables", tables}};
}

PartEntry PartFromJson(const Json& j) {
  PartEntry p;
  p.name = j.at("name").get<std::string>();
  p.schema = j.at("schema").get<std::string>();
  p.tenant = j.value("tenant", "");
  p.server = j.value("server", "");
  p.schema_version = j.value("schema_version", 0);
  p.sha256 = j.at("sha256").get<std::string>();
  p.size = j.at("size").get<int64_t>();
  for (const auto& [name, t] : j.at("tables").items()) {
    p.tables[name] = {t.at("rows").get<int64_t>(),
                      t.at("checksum").get<std::string>()};
  }
  return p;
}

Json BodyToJson(const Manifest& m) {
  Json parts = Json::array();
  for (const PartEntry& p : m.parts) parts.push_back(PartToJson(p));
  return {{"format", m.format},
          {"id", m.id},
          {"started_at", m.started_at},
          {"finished_at", m.finished_at},
          {"parts", parts}};
}

Status Unreadable(const std::string& why) {
  return Status(Code::kUnprocessable, "manifest_invalid",
                "the manifest does not check out (" + why + ")");
}

}  // namespace

const PartEntry* Manifest::FindPart(const std::string& name) const {
  for (const PartEntry& p : parts) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::map<std::string, TableEntry> TablesFromStats(const PartStats& stats) {
  std::map<std::string, TableEntry> tables;
  for (const auto& [name, t] : stats.tables()) {
    tables[name] = {t.rows, t.ChecksumHex()};
  }
  return tables;
}

std::string ManifestToJson(const Manifest& manifest, const std::string& key) {
  Json body = BodyToJson(manifest);
  // dump() of nlohmann's default (sorted) object is canonical.
  body["mac"] = HexEncode(HmacSha256(MacKey(key), body.dump()));
  return body.dump(1) + "\n";
}

Result<Manifest> ManifestFromJson(const std::string& text,
                                  const std::string& key) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Unreadable("not JSON");
  if (!j.contains("mac") || !j["mac"].is_string()) return Unreadable("no MAC");
  std::string mac = j["mac"].get<std::string>();
  j.erase("mac");
  if (HexEncode(HmacSha256(MacKey(key), j.dump())) != mac) {
    return Unreadable("wrong MAC: changed, or another backup.key");
  }
  try {
    Manifest m;
    m.format = j.at("format").get<int>();
    if (m.format != 1) return Unreadable("unknown format");
    m.id = j.at("id").get<std::string>();
    m.started_at = j.at("started_at").get<std::string>();
    m.finished_at = j.at("finished_at").get<std::string>();
    for (const Json& p : j.at("parts")) m.parts.push_back(PartFromJson(p));
    return m;
  } catch (const Json::exception& e) {
    return Unreadable(e.what());
  }
}

std::string NewBackupId(int64_t unix_seconds) {
  time_t t = static_cast<time_t>(unix_seconds);
  tm utc{};
  gmtime_r(&t, &utc);
  char buffer[32];
  strftime(buffer, sizeof buffer, "%Y-%m-%dT%H%M%SZ", &utc);
  return std::string(buffer) + "-" + HexEncode(RandomBytes(3));
}

int64_t BackupIdTime(const std::string& id) {
  tm utc{};
  const char* end = strptime(id.c_str(), "%Y-%m-%dT%H%M%SZ-", &utc);
  if (end == nullptr || id.size() != 25) return -1;
  for (const char* p = end; *p != '\0'; ++p) {
    if (!std::isxdigit(static_cast<unsigned char>(*p))) return -1;
  }
  return static_cast<int64_t>(timegm(&utc));
}

std::string IsoTime(int64_t unix_seconds) {
  time_t t = static_cast<time_t>(unix_seconds);
  tm utc{};
  gmtime_r(&t, &utc);
  char buffer[32];
  strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

std::vector<std::string> CompareTables(
    const std::map<std::string, TableEntry>& expected,
    const std::map<std::string, TableEntry>& found) {
  std::vector<std::string> problems;
  for (const auto& [name, want] : expected) {
    auto it = found.find(name);
    if (it == found.end()) {
      problems.push_back("table " + name + " is missing");
    } else if (it->second.rows != want.rows) {
      problems.push_back("table " + name + ": " +
                         std::to_string(it->second.rows) + " rows, expected " +
                         std::to_string(want.rows));
    } else if (it->second.checksum != want.checksum) {
      problems.push_back("table " + name + ": rows differ (checksum)");
    }
  }
  for (const auto& [name, entry] : found) {
    if (expected.count(name) == 0) {
      problems.push_back("table " + name + " is not in the backup");
    }
  }
  return problems;
}

}  // namespace ap::backup
