#include "common/backup/mysql_tools.h"

#include <tuple>

#include "common/config/config.h"

namespace ap::backup {
namespace {

// Option files take double-quoted values with backslash escapes.
std::string OptionValue(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string ServerTarget::Describe() const {
  if (!socket.empty()) return "socket " + socket;
  return host + ":" + std::to_string(port);
}

bool ServerTarget::operator<(const ServerTarget& o) const {
  return std::tie(host, port, socket) < std::tie(o.host, o.port, o.socket);
}

ToolPaths ToolPathsFromConfig(const Config& config) {
  ToolPaths tools;
  tools.dump = config.GetString("backup.mariadb_dump", tools.dump);
  tools.client = config.GetString("backup.mariadb", tools.client);
  tools.server = config.GetString("backup.mariadbd", tools.server);
  tools.install_db =
      config.GetString("backup.mariadb_install_db", tools.install_db);
  return tools;
}

Status WriteDefaultsFile(const std::string& path, const std::string& user,
                         const std::string& password) {
  if (user.find_first_of("\n\r") != std::string::npos ||
      password.find_first_of("\n\r") != std::string::npos) {
    return Internal("database user or password holds a line break");
  }
  return WritePrivateFile(path, "[client]\nuser=" + OptionValue(user) +
                                    "\npassword=" + OptionValue(password) +
                                    "\n");
}

std::vector<std::string> ConnectionArgs(const std::string& program,
                                        const std::string& defaults_file,
                                        const ServerTarget& server) {
  std::vector<std::string> args = {program, "--defaults-file=" + defaults_file};
  if (!server.socket.empty()) {
    args.push_back("--protocol=socket");
    args.push_back("--socket=" + server.socket);
  } else {
    args.push_back("--protocol=tcp");
    args.push_back("--host=" + server.host);
    args.push_back("--port=" + std::to_string(server.port));
  }
  args.push_back("--default-character-set=utf8mb4");
  return args;
}

std::vector<std::string> DumpArgs(const ToolPaths& tools,
                                  const std::string& defaults_file,
                                  const ServerTarget& server,
                                  const std::vector<std::string>& schemas) {
  std::vector<std::string> args =
      ConnectionArgs(tools.dump, defaults_file, server);
  for (const char* option :
       {"--single-transaction", "--skip-lock-tables", "--routines",
        "--triggers", "--events", "--hex-blob", "--skip-extended-insert",
        "--no-autocommit", "--skip-dump-date", "--databases"}) {
    args.push_back(option);
  }
  for (const std::string& schema : schemas) args.push_back(schema);
  return args;
}

std::vector<std::string> ClientArgs(const ToolPaths& tools,
                                    const std::string& defaults_file,
                                    const ServerTarget& server) {
  std::vector<std::string> args =
      ConnectionArgs(tools.client, defaults_file, server);
  args.push_back("--binary-mode");
  args.push_back("--batch");
  return args;
}

Result<std::string> QuoteSchema(const std::string& name) {
  if (name.empty() || name.size() > 64) {
    return BadRequest("bad_schema", "bad schema name '" + name + "'");
  }
  for (char c : name) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || c == '_' || c == '$';
    if (!plain) {
      return BadRequest("bad_schema", "bad schema name '" + name + "'");
    }
  }
  return "`" + name + "`";
}

}  // namespace ap::backup
