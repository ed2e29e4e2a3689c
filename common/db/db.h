// Db: one MariaDB connection through Connector/C++, owned by one thread.
//
// Connections are cached per thread and per (host, port, schema) in a
// DbPool, so a worker thread reuses its connections across requests and no
// connection is ever shared between threads. Connector/C++ reports failures
// by throwing sql::SQLException; the request dispatcher catches them at its
// edge, resets the pool after a connection error and answers 503.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>

#include "common/base/status.h"
#include "common/db/statement_cache.h"

namespace sql {
class Connection;
class PreparedStatement;
class SQLException;
}  // namespace sql

namespace ap {

class Config;

struct DbAddress {
  std::string host;
  int port = 3306;
  std::string schema;

  bool operator<(const DbAddress& other) const {
    return std::tie(host, port, schema) <
           std::tie(other.host, other.port, other.schema);
  }
};

struct DbCredentials {
  std::string user;
  std::string password;
  int connect_timeout_seconds = 3;
  int read_timeout_seconds = 30;
};

class Db;

// A prepared statement on loan from its connection's cache (Db::Prepare).
// Used like a pointer to the statement; destroying it gives the statement
// back for the next Prepare of the same query. As with any Connector/C++
// statement, its result sets must be destroyed before it is, and it must
// not outlive the Db it came from.
class CachedStatement {
 public:
  CachedStatement() = default;
  CachedStatement(Db* db, std::string query, uint64_t epoch,
                  std::unique_ptr<sql::PreparedStatement> statement);
  ~CachedStatement();

  CachedStatement(CachedStatement&& other) noexcept;
  CachedStatement& operator=(CachedStatement&& other) noexcept;

  sql::PreparedStatement* operator->() const { return statement_.get(); }

  sql::PreparedStatement& operator*() const { return *statement_; }

  sql::PreparedStatement* get() const { return statement_.get(); }

 private:
  void GiveBack();

  Db* db_ = nullptr;
  std::string query_;
  uint64_t epoch_ = 0;
  std::unique_ptr<sql::PreparedStatement> statement_;
};

// Reads db.host, db.port, db.core_schema, db.user, db.password.
DbAddress CoreAddressFromConfig(const Config& config);
DbCredentials CredentialsFromConfig(const Config& config);

class Db {
 public:
  Db(DbAddress address, DbCredentials credentials);
  ~Db();

  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // The live connection, opened (or re-checked after idling) on demand.
  // Throws sql::SQLException when the server cannot be reached.
  sql::Connection& Conn();

  // The prepared statement of `query` on this connection, with no
  // parameters set: a cached one when one is idle, else a new one.
  CachedStatement Prepare(const std::string& query);

  // Runs a statement without parameters or results (DDL, transactions).
  void Execute(const std::string& query);

  // Forgets the connection and its statements; the next Conn() opens a
  // new one.
  void Reset();

  bool connected() const { return conn_ != nullptr; }

  const DbAddress& address() const { return address_; }

  size_t cached_statements() const { return statements_.idle_count(); }

  // Idle prepared statements kept per connection. A module uses a few
  // dozen distinct queries; the server's max_prepared_stmt_count (16382
  // by default) counts those of all connections: processes x threads x
  // DbPool::kMaxOpen x this must stay below it.
  static constexpr size_t kMaxCachedStatements = 32;

 private:
  friend class CachedStatement;

  std::unique_ptr<sql::PreparedStatement> PrepareOnServer(
      const std::string& query);
  void CloseConnection();

  DbAddress address_;
  DbCredentials credentials_;
  // Declared after conn_: destroyed first, while the connection is open.
  std::unique_ptr<sql::Connection> conn_;
  StatementCache<sql::PreparedStatement> statements_;
  std::chrono::steady_clock::time_point last_used_;
};

// The connections of the calling thread. Configure() once before threads
// start; ForThread() then gives each thread its own pool. A thread keeps at
// most kMaxOpen connections open: with many tenants, every thread holding
// one per tenant would exhaust the server's connection limit. The least
// recently used is closed (its Db stays valid and reconnects on use).
class DbPool {
 public:
  static void Configure(const DbAddress& core, const DbCredentials& creds);

  static DbPool& ForThread();

  Db& Core();
  Db& Get(const DbAddress& address);

  // Drops every connection (after a connection error).
  void ResetAll();

  static constexpr size_t kMaxOpen = 6;

 private:
  struct Entry {
    std::unique_ptr<Db> db;
    uint64_t last_use = 0;
  };

  void CloseLeastRecentlyUsed(const Db* keep);

  std::map<DbAddress, Entry> connections_;
  uint64_t uses_ = 0;
};

// RAII transaction: rolls back unless Commit() was called.
class Transaction {
 public:
  explicit Transaction(Db& db);
  ~Transaction();

  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void Commit();

 private:
  Db& db_;
  bool open_ = true;
};

// True when the error means the connection is gone (server restarted,
// connection killed, network), not that the statement was wrong.
bool IsConnectionError(const sql::SQLException& e);

// Duplicate key (1062): the usual way a unique constraint reports itself.
bool IsDuplicateKey(const sql::SQLException& e);

// Every thread that uses Connector/C++ calls these (see STACK-NOTES).
void DbThreadInit();
void DbThreadEnd();

// Gets the driver instance; call once in main before starting threads.
void DbGlobalInit();

}  // namespace ap
