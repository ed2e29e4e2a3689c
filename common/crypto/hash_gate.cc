#include "common/crypto/hash_gate.h"

#include <algorithm>

namespace ap {

void HashGate::SetLimit(size_t limit) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    limit_ = limit;
  }
  freed_.notify_all();
}

size_t HashGate::limit() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return limit_;
}

size_t HashGate::peak() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return peak_;
}

void HashGate::Enter() {
  std::unique_lock<std::mutex> lock(mutex_);
  freed_.wait(lock, [this] { return limit_ == 0 || inside_ < limit_; });
  ++inside_;
  peak_ = std::max(peak_, inside_);
}

void HashGate::Leave() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    --inside_;
  }
  freed_.notify_one();
}

}  // namespace ap
