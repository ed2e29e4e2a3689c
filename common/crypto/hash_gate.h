// HashGate: lets at most N password hash computations run at once.
//
// Each Argon2id computation holds its whole memory cost (19 MiB by
// default) while it runs, so a process whose every worker thread hashes
// at the same moment needs threads x that. The gate bounds it: past the
// limit, a computation waits for a free slot. Waiting costs a login no
// throughput as long as the limit keeps the cores busy, and unknown
// accounts wait in the same queue as known ones (the time of an answer
// still tells nothing). Thread-safe.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace ap {

class HashGate {
 public:
  // 0: no limit.
  explicit HashGate(size_t limit = 0) : limit_(limit) {}

  HashGate(const HashGate&) = delete;
  HashGate& operator=(const HashGate&) = delete;

  // Holds one slot of the gate for its lifetime.
  class Pass {
   public:
    explicit Pass(HashGate& gate) : gate_(gate) { gate_.Enter(); }

    ~Pass() { gate_.Leave(); }

    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;

   private:
    HashGate& gate_;
  };

  // Changes the limit; waiters are let in when it grows.
  void SetLimit(size_t limit);

  size_t limit() const;

  // The most computations that were inside at once.
  size_t peak() const;

 private:
  void Enter();
  void Leave();

  mutable std::mutex mutex_;
  std::condition_variable freed_;
  size_t limit_;
  size_t inside_ = 0;
  size_t peak_ = 0;
};

}  // namespace ap
