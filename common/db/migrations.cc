#include "common/db/migrations.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <dirent.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <memory>
#include <sstream>

#include "common/config/config.h"

#ifndef AP_SOURCE_DIR
#define AP_SOURCE_DIR "."
#endif

namespace ap {
namespace {

// "012_add_x.sql" -> 12; 0 when the name does not fit.
int VersionOf(const std::string& name) {
  size_t digits = 0;
  while (digits < name.size() &&
         std::isdigit(static_cast<unsigned char>(name[digits]))) {
    ++digits;
  }
  bool fits = digits > 0 && digits < name.size() && name[digits] == '_' &&
              name.size() > 4 && name.substr(name.size() - 4) == ".sql";
  return fits ? std::stoi(name.substr(0, digits)) : 0;
}

void EnsureVersionTable(Db& db) {
  db.Execute(
      "CREATE TABLE IF NOT EXISTS schema_version ("
      " version INT NOT NULL PRIMARY KEY,"
      " name VARCHAR(200) NOT NULL,"
      " applied_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3)"
      ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
}

}  // namespace

std::string SqlDir(const Config& config) {
  return config.GetString("sql.dir", std::string(AP_SOURCE_DIR) + "/sql");
}

Result<std::vector<Migration>> LoadMigrations(const std::string& dir) {
  std::unique_ptr<DIR, int (*)(DIR*)> handle(opendir(dir.c_str()), closedir);
  if (!handle) return Internal("cannot read migrations folder " + dir);

  std::vector<Migration> out;
  while (dirent* entry = readdir(handle.get())) {
    std::string name = entry->d_name;
    int version = VersionOf(name);
    if (version == 0) continue;
    std::ifstream in(dir + "/" + name);
    std::stringstream text;
    text << in.rdbuf();
    out.push_back({version, name, text.str()});
  }

  std::sort(out.begin(), out.end(), [](const Migration& a, const Migration& b) {
    return a.version < b.version;
  });
  for (size_t i = 1; i < out.size(); ++i) {
    if (out[i].version == out[i - 1].version) {
      return Internal("two migrations share version " +
                      std::to_string(out[i].version) + " in " + dir);
    }
  }
  return out;
}

std::vector<std::string> SplitStatements(std::string_view script) {
  std::vector<std::string> out;
  std::string current;
  std::istringstream lines{std::string(script)};
  std::string line;

  while (std::getline(lines, line)) {
    std::string_view trimmed = line;
    while (!trimmed.empty() &&
           std::isspace(static_cast<unsigned char>(trimmed.front()))) {
      trimmed.remove_prefix(1);
    }
    if (trimmed.empty() || trimmed.substr(0, 2) == "--") continue;
    while (!trimmed.empty() &&
           std::isspace(static_cast<unsigned char>(trimmed.back()))) {
      trimmed.remove_suffix(1);
    }
    current += line;
    current += '\n';
    if (trimmed.back() == ';') {
      current.erase(current.rfind(';'));
      out.push_back(current);
      current.clear();
    }
  }
  if (current.find_first_not_of(" \n\t") != std::string::npos) {
    out.push_back(current);
  }
  return out;
}

int SchemaVersion(Db& db) {
  EnsureVersionTable(db);
  auto st = db.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version");
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  return rs->next() ? rs->getInt(1) : 0;
}

int ApplyMigrations(Db& db, const std::vector<Migration>& migrations) {
  EnsureVersionTable(db);
  auto applied_st = db.Prepare("SELECT version FROM schema_version");
  std::unique_ptr<sql::ResultSet> rs(applied_st->executeQuery());
  std::vector<int> applied;
  while (rs->next()) applied.push_back(rs->getInt(1));

  int count = 0;
  for (const Migration& m : migrations) {
    if (std::find(applied.begin(), applied.end(), m.version) != applied.end()) {
      continue;
    }
    for (const std::string& statement : SplitStatements(m.sql)) {
      db.Execute(statement);
    }
    auto record =
        db.Prepare("INSERT INTO schema_version (version, name) VALUES (?, ?)");
    record->setInt(1, m.version);
    record->setString(2, m.name);
    record->executeUpdate();
    ++count;
  }
  return count;
}

}  // namespace ap
