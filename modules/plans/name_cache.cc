#include "modules/plans/name_cache.h"

namespace ap::plans {

std::set<int64_t> NameCache::Find(int64_t tenant_id,
                                  const std::set<int64_t>& ids,
                                  Clock::time_point now, NameMap* names) const {
  std::set<int64_t> missing;
  for (int64_t id : ids) {
    auto it = entries_.find({tenant_id, id});
    if (it == entries_.end() || it->second.expires <= now) {
      missing.insert(id);
    } else {
      (*names)[id] = it->second.name;
    }
  }
  return missing;
}

void NameCache::Put(int64_t tenant_id, const NameMap& names,
                    Clock::time_point now) {
  for (const auto& [id, name] : names) {
    if (entries_.size() >= capacity_) entries_.clear();
    entries_[{tenant_id, id}] = Entry{name, now + ttl_};
  }
}

}  // namespace ap::plans
