// StatementCache: the idle prepared statements of one connection.
//
// Preparing a statement costs a round trip to the server and a parse there;
// executing a prepared one again costs neither. The cache keeps statements
// for reuse, keyed by their query text:
//
//  - A statement is on loan while a caller uses it: Take() removes it, so
//    two callers of the same query (a second one while the first one's
//    result set is still being read) never share a statement; the second
//    gets none and prepares its own, and both come back afterwards.
//  - At most `capacity` idle statements are kept, the least recently
//    returned one is dropped first: the server limits prepared statements
//    (max_prepared_stmt_count counts every connection's).
//  - Clear() drops every idle statement and starts a new epoch: a
//    statement taken before is dropped when it comes back, never cached
//    for a connection it does not belong to.
//
// Not thread-safe: owned by one connection, which one thread owns. T is
// the statement type (a template so that it is tested without a server).
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <utility>

namespace ap {

template <typename T>
class StatementCache {
 public:
  explicit StatementCache(size_t capacity) : capacity_(capacity) {}

  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  // An idle statement of `query`, now on loan to the caller; nullptr when
  // there is none.
  std::unique_ptr<T> Take(const std::string& query) {
    for (auto it = idle_.begin(); it != idle_.end(); ++it) {
      if (it->query == query) {
        std::unique_ptr<T> statement = std::move(it->statement);
        idle_.erase(it);
        return statement;
      }
    }
    return nullptr;
  }

  // Takes back a statement lent out in `epoch`. One from an earlier epoch
  // is deleted instead, as is the oldest idle one past the capacity.
  void Give(const std::string& query, uint64_t epoch,
            std::unique_ptr<T> statement) {
    if (statement == nullptr || epoch != epoch_ || capacity_ == 0) return;
    idle_.push_front(Entry{query, std::move(statement)});
    if (idle_.size() > capacity_) idle_.pop_back();
  }

  // Deletes every idle statement; those on loan are deleted on return.
  void Clear() {
    idle_.clear();
    ++epoch_;
  }

  uint64_t epoch() const { return epoch_; }

  size_t idle_count() const { return idle_.size(); }

 private:
  struct Entry {
    std::string query;
    std::unique_ptr<T> statement;
  };

  size_t capacity_;
  uint64_t epoch_ = 0;
  std::list<Entry> idle_;  // most recently returned first
};

}  // namespace ap
