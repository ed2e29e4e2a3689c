#include "common/db/db.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/statement.h>
#include <mysql_connection.h>
#include <mysql_driver.h>

#include "common/config/config.h"
#include "common/log/log.h"

namespace ap {
namespace {

// A connection unused for this long is pinged before use, so a server
// restart costs no failed request on the threads that were idle meanwhile
// (a restart takes longer than this). Busy connections are not pinged.
constexpr auto kRecheckAfterIdle = std::chrono::seconds(1);

// ER_MAX_PREPARED_STMT_COUNT_REACHED: the server-wide limit of prepared
// statements is reached; giving back this connection's idle ones may help.
constexpr int kTooManyStatements = 1461;

DbAddress g_core;
DbCredentials g_credentials;

sql::mysql::MySQL_Driver* Driver() {
  return sql::mysql::get_mysql_driver_instance();
}

}  // namespace

DbAddress CoreAddressFromConfig(const Config& config) {
  DbAddress address;
  address.host = config.GetString("db.host", "127.0.0.1");
  address.port = static_cast<int>(config.GetInt("db.port", 3306));
  address.schema = config.GetString("db.core_schema", "ap_core");
  return address;
}

DbCredentials CredentialsFromConfig(const Config& config) {
  DbCredentials creds;
  creds.user = config.GetString("db.user", "ap");
  creds.password = config.GetString("db.password");
  creds.connect_timeout_seconds =
      static_cast<int>(config.GetInt("db.connect_timeout_seconds", 3));
  creds.read_timeout_seconds =
      static_cast<int>(config.GetInt("db.read_timeout_seconds", 30));
  return creds;
}

// The cache is made here, where sql::PreparedStatement is a complete type.
Db::Db(DbAddress address, DbCredentials credentials)
    : address_(std::move(address)),
      credentials_(std::move(credentials)),
      statements_(kMaxCachedStatements) {}

Db::~Db() = default;

CachedStatement::CachedStatement(
    Db* db, std::string query, uint64_t epoch,
    std::unique_ptr<sql::PreparedStatement> statement)
    : db_(db),
      query_(std::move(query)),
      epoch_(epoch),
      statement_(std::move(statement)) {}

CachedStatement::~CachedStatement() { GiveBack(); }

CachedStatement::CachedStatement(CachedStatement&& other) noexcept
    : db_(other.db_),
      query_(std::move(other.query_)),
      epoch_(other.epoch_),
      statement_(std::move(other.statement_)) {}

CachedStatement& CachedStatement::operator=(CachedStatement&& other) noexcept {
  if (this != &other) {
    GiveBack();
    db_ = other.db_;
    query_ = std::move(other.query_);
    epoch_ = other.epoch_;
    statement_ = std::move(other.statement_);
  }
  return *this;
}

void CachedStatement::GiveBack() {
  if (db_ == nullptr || statement_ == nullptr) return;
  db_->statements_.Give(query_, epoch_, std::move(statement_));
  statement_.reset();  // dropped by the cache when stale or past capacity
}

sql::Connection& Db::Conn() {
  auto now = std::chrono::steady_clock::now();
  if (conn_ && now - last_used_ > kRecheckAfterIdle && !conn_->isValid()) {
    CloseConnection();
  }

  if (!conn_) {
    sql::ConnectOptionsMap options;
    options["hostName"] = sql::SQLString(address_.host);
    options["port"] = address_.port;
    options["userName"] = sql::SQLString(credentials_.user);
    options["password"] = sql::SQLString(credentials_.password);
    if (!address_.schema.empty()) {
      options["schema"] = sql::SQLString(address_.schema);
    }
    options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
    options["OPT_CONNECT_TIMEOUT"] = credentials_.connect_timeout_seconds;
    options["OPT_READ_TIMEOUT"] = credentials_.read_timeout_seconds;
    options["OPT_WRITE_TIMEOUT"] = credentials_.read_timeout_seconds;
    options["OPT_RECONNECT"] = false;
    conn_.reset(Driver()->connect(options));
    std::unique_ptr<sql::Statement> st(conn_->createStatement());
    st->execute("SET time_zone = '+00:00'");
  }
  last_used_ = now;
  return *conn_;
}

CachedStatement Db::Prepare(const std::string& query) {
  Conn();  // first: after idling it may reconnect, which clears the cache
  std::unique_ptr<sql::PreparedStatement> statement = statements_.Take(query);
  if (statement) {
    statement->clearParameters();
  } else {
    statement = PrepareOnServer(query);
  }
  return CachedStatement(this, query, statements_.epoch(),
                         std::move(statement));
}

std::unique_ptr<sql::PreparedStatement> Db::PrepareOnServer(
    const std::string& query) {
  try {
    return std::unique_ptr<sql::PreparedStatement>(
        Conn().prepareStatement(query));
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() != kTooManyStatements) throw;
    LogWarn(
        "database: the server's prepared statement limit is reached;"
        " dropping this connection's cached statements");
    statements_.Clear();
    return std::unique_ptr<sql::PreparedStatement>(
        Conn().prepareStatement(query));
  }
}

void Db::Execute(const std::string& query) {
  std::unique_ptr<sql::Statement> st(Conn().createStatement());
  st->execute(query);
}

void Db::Reset() { CloseConnection(); }

void Db::CloseConnection() {
  // The statements go first, while their connection still exists.
  statements_.Clear();
  conn_.reset();
}

void DbPool::Configure(const DbAddress& core, const DbCredentials& creds) {
  g_core = core;
  g_credentials = creds;
}

DbPool& DbPool::ForThread() {
  thread_local DbPool pool;
  return pool;
}

Db& DbPool::Core() { return Get(g_core); }

Db& DbPool::Get(const DbAddress& address) {
  Entry& entry = connections_[address];
  if (!entry.db) entry.db = std::make_unique<Db>(address, g_credentials);
  entry.last_use = ++uses_;
  if (!entry.db->connected()) CloseLeastRecentlyUsed(entry.db.get());
  return *entry.db;
}

void DbPool::CloseLeastRecentlyUsed(const Db* keep) {
  size_t open = 1;  // the one about to connect
  Entry* oldest = nullptr;
  for (auto& [address, entry] : connections_) {
    if (entry.db.get() == keep || !entry.db->connected()) continue;
    ++open;
    if (oldest == nullptr || entry.last_use < oldest->last_use) {
      oldest = &entry;
    }
  }
  if (open > kMaxOpen && oldest != nullptr) oldest->db->Reset();
}

void DbPool::ResetAll() {
  for (auto& [address, entry] : connections_) entry.db->Reset();
}

Transaction::Transaction(Db& db) : db_(db) { db_.Execute("START TRANSACTION"); }

Transaction::~Transaction() {
  if (!open_) return;
  try {
    db_.Execute("ROLLBACK");
  } catch (const sql::SQLException& e) {
    // The connection is gone: the server rolls the transaction back itself.
    db_.Reset();
  }
}

void Transaction::Commit() {
  db_.Execute("COMMIT");
  open_ = false;
}

bool IsConnectionError(const sql::SQLException& e) {
  switch (e.getErrorCode()) {
    case 2002:  // cannot connect through socket
    case 2003:  // cannot connect to server
    case 2006:  // server has gone away
    case 2013:  // lost connection during query
    case 2055:  // lost connection at reading
    case 1927:  // connection killed
    case 4031:  // disconnected by server for inactivity
      return true;
    default:
      return false;
  }
}

bool IsDuplicateKey(const sql::SQLException& e) {
  return e.getErrorCode() == 1062;
}

void DbGlobalInit() { Driver(); }

void DbThreadInit() { Driver()->threadInit(); }

void DbThreadEnd() { Driver()->threadEnd(); }

}  // namespace ap
