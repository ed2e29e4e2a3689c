// LinkStore: the rows of ap_core.short_links, through prepared statements.
//
// Short links are global (a code is resolved before anything else is
// known), so every query here names the tenant itself: callers pass the
// session's tenant, and a row of another tenant is never found. Functions
// throw sql::SQLException like every database call; the dispatcher turns
// the unexpected ones into 500/503.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/db/db.h"

namespace ap::links {

struct Link {
  int64_t id = 0;
  std::string code;
  std::string target;
  bool is_alias = false;
  int64_t created_by = 0;
  std::string created_at;  // DATETIME(3) text, UTC
  std::optional<std::string> expires_at;
  std::optional<int64_t> max_visits;
  int64_t visits = 0;
  std::optional<std::string> last_visit_at;
};

struct NewLink {
  std::string code;
  int64_t tenant_id = 0;
  std::string target;
  bool is_alias = false;
  int64_t created_by = 0;
  std::optional<std::string> expires_at;  // DATETIME(3) text, UTC
  std::optional<int64_t> max_visits;

  // No alias, expiry or visit limit: one such link per target and tenant.
  bool is_plain() const { return !is_alias && !expires_at && !max_visits; }
};

// What the resolver needs of a link that may be followed now.
struct Resolvable {
  int64_t id = 0;
  std::string target;
};

// The link with `code` in `tenant_id` that is not deleted, expired or used
// up: one lookup on the unique code key.
std::optional<Resolvable> FindResolvable(Db& core, std::string_view code,
                                         int64_t tenant_id);

// Counts one visit unless the link became deleted, expired or used up
// since it was read; false then. Atomic, so the last allowed visit is
// granted once however many requests race for it.
bool CountVisit(Db& core, int64_t link_id);

// The tenant's link with `code` that is not deleted (expired ones too).
std::optional<Link> FindByCode(Db& core, int64_t tenant_id,
                               std::string_view code);

// The tenant's plain link (see NewLink::is_plain) to `target`, if any.
std::optional<Link> FindPlain(Db& core, int64_t tenant_id,
                              std::string_view target);

// Inserts the link; throws the duplicate-key error when the code is taken
// or a plain link to the target already exists in the tenant.
void InsertLink(Db& core, const NewLink& link);

// A deleted alias stays in the table (its code is unique); the tenant that
// owned it may take it again, which removes the old row for good.
void PurgeDeletedAlias(Db& core, int64_t tenant_id, std::string_view alias);

// Up to `limit` of the tenant's links that are not deleted, newest first,
// with ids below `before_id` (0: from the newest).
std::vector<Link> ListLinks(Db& core, int64_t tenant_id, int64_t before_id,
                            int limit);

// Marks the link deleted; it stops resolving at once.
void SoftDeleteLink(Db& core, int64_t link_id);

}  // namespace ap::links
