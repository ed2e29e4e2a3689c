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

  std::unique_ptr<sql::PreparedStatement> Prepare(const std::string& query);

  // Runs a statement without parameters or results (DDL, transactions).
  void Execute(const std::string& query);

  // Forgets the connection; the next Conn() opens a new one.
  void Reset();

  bool connected() const { return conn_ != nullptr; }

  const DbAddress& address() const { return address_; }

 private:
  DbAddress address_;
  DbCredentials credentials_;
  std::unique_ptr<sql::Connection> conn_;
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
