// NameCache: users' display names, kept for a few seconds.
//
// Plans show the names of their owners and assignees. The names live in
// ap_core and the plans in the tenant's schema, so every list and read
// spent a round trip of its own on them. A name changes rarely and is no
// secret inside its tenant, so showing one a few seconds old is harmless;
// entries are keyed by tenant and user, and nothing decides access from
// them (sessions, users' status and roles are still read on every
// request). At most `capacity` entries: a full cache starts over. Not
// thread-safe: one per worker thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>

namespace ap::plans {

class NameCache {
 public:
  using Clock = std::chrono::steady_clock;
  using NameMap = std::map<int64_t, std::string>;

  NameCache(Clock::duration ttl, size_t capacity)
      : ttl_(ttl), capacity_(capacity) {}

  // Copies the fresh names of `ids` in `tenant_id` into `names`; returns
  // the ids it had none for.
  std::set<int64_t> Find(int64_t tenant_id, const std::set<int64_t>& ids,
                         Clock::time_point now, NameMap* names) const;

  // Keeps `names` (of `tenant_id`, just read) until now + ttl.
  void Put(int64_t tenant_id, const NameMap& names, Clock::time_point now);

  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string name;
    Clock::time_point expires;
  };

  Clock::duration ttl_;
  size_t capacity_;
  std::map<std::pair<int64_t, int64_t>, Entry> entries_;
};

}  // namespace ap::plans
