#include "modules/links/link_store.h"

#include <cppconn/datatype.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <limits>
#include <memory>

#include "common/crypto/hash.h"

namespace ap::links {
namespace {

constexpr const char* kLinkColumns =
    "id, code, target, is_alias, created_by, created_at, expires_at,"
    " max_visits, visits, last_visit_at";

// A link can be followed: not deleted, not expired, visits left.
constexpr const char* kFollowable =
    " deleted_at IS NULL"
    " AND (expires_at IS NULL OR expires_at > UTC_TIMESTAMP(3))"
    " AND (max_visits IS NULL OR visits < max_visits)";

std::optional<std::string> OptionalString(sql::ResultSet& rs,
                                          const char* column) {
  if (rs.isNull(column)) return std::nullopt;
  return std::string(rs.getString(column));
}

Link ReadLink(sql::ResultSet& rs) {
  Link link;
  link.id = rs.getInt64("id");
  link.code = rs.getString("code");
  link.target = rs.getString("target");
  link.is_alias = rs.getBoolean("is_alias");
  link.created_by = rs.getInt64("created_by");
  link.created_at = rs.getString("created_at");
  link.expires_at = OptionalString(rs, "expires_at");
  if (!rs.isNull("max_visits")) link.max_visits = rs.getInt64("max_visits");
  link.visits = rs.getInt64("visits");
  link.last_visit_at = OptionalString(rs, "last_visit_at");
  return link;
}

std::optional<Link> FirstLink(sql::PreparedStatement& st) {
  std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
  if (!rs->next()) return std::nullopt;
  return ReadLink(*rs);
}

}  // namespace

std::optional<Resolvable> FindResolvable(Db& core, std::string_view code,
                                         int64_t tenant_id) {
  auto st = core.Prepare(std::string("SELECT id, target FROM short_links"
                                     " WHERE code = ? AND tenant_id = ? AND") +
                         kFollowable);
  st->setString(1, std::string(code));
  st->setInt64(2, tenant_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next()) return std::nullopt;
  return Resolvable{rs->getInt64("id"), rs->getString("target")};
}

bool CountVisit(Db& core, int64_t link_id) {
  auto st = core.Prepare(
      std::string("UPDATE short_links SET visits = visits + 1,"
                  " last_visit_at = UTC_TIMESTAMP(3) WHERE id = ? AND") +
      kFollowable);
  st->setInt64(1, link_id);
  return st->executeUpdate() == 1;
}

std::optional<Link> FindByCode(Db& core, int64_t tenant_id,
                               std::string_view code) {
  auto st = core.Prepare(std::string("SELECT ") + kLinkColumns +
                         " FROM short_links WHERE code = ? AND tenant_id = ?"
                         " AND deleted_at IS NULL");
  st->setString(1, std::string(code));
  st->setInt64(2, tenant_id);
  return FirstLink(*st);
}

std::optional<Link> FindPlain(Db& core, int64_t tenant_id,
                              std::string_view target) {
  // The hash makes this one lookup on (tenant_id, plain_target_hash); the
  // target itself is compared too, so a hash collision cannot mix links.
  auto st = core.Prepare(std::string("SELECT ") + kLinkColumns +
                         " FROM short_links WHERE tenant_id = ?"
                         " AND plain_target_hash = UNHEX(?) AND target = ?");
  st->setInt64(1, tenant_id);
  st->setString(2, Sha256Hex(target));
  st->setString(3, std::string(target));
  return FirstLink(*st);
}

void InsertLink(Db& core, const NewLink& link) {
  auto st = core.Prepare(
      "INSERT INTO short_links (code, tenant_id, target, target_hash,"
      " is_alias, created_by, expires_at, max_visits)"
      " VALUES (?, ?, ?, UNHEX(?), ?, ?, ?, ?)");
  st->setString(1, link.code);
  st->setInt64(2, link.tenant_id);
  st->setString(3, link.target);
  st->setString(4, Sha256Hex(link.target));
  st->setBoolean(5, link.is_alias);
  st->setInt64(6, link.created_by);
  if (link.expires_at) {
    st->setString(7, *link.expires_at);
  } else {
    st->setNull(7, sql::DataType::TIMESTAMP);
  }
  if (link.max_visits) {
    st->setInt64(8, *link.max_visits);
  } else {
    st->setNull(8, sql::DataType::INTEGER);
  }
  st->executeUpdate();
}

void PurgeDeletedAlias(Db& core, int64_t tenant_id, std::string_view alias) {
  auto st = core.Prepare(
      "DELETE FROM short_links WHERE code = ? AND tenant_id = ?"
      " AND is_alias = 1 AND deleted_at IS NOT NULL");
  st->setString(1, std::string(alias));
  st->setInt64(2, tenant_id);
  st->executeUpdate();
}

std::vector<Link> ListLinks(Db& core, int64_t tenant_id, int64_t before_id,
                            int limit) {
  // Keyset paging on (tenant_id, id): stable while links are added.
  // The index is named: on small tables the optimiser was seen choosing
  // another key on tenant_id plus a sort; paging must read in index order.
  auto st = core.Prepare(std::string("SELECT ") + kLinkColumns +
                         " FROM short_links FORCE INDEX (ix_links_tenant)"
                         " WHERE tenant_id = ? AND deleted_at IS NULL"
                         " AND id < ?"
                         " ORDER BY id DESC LIMIT ?");
  st->setInt64(1, tenant_id);
  st->setInt64(2,
               before_id > 0 ? before_id : std::numeric_limits<int64_t>::max());
  st->setInt(3, limit);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  std::vector<Link> links;
  while (rs->next()) links.push_back(ReadLink(*rs));
  return links;
}

void SoftDeleteLink(Db& core, int64_t link_id) {
  auto st = core.Prepare(
      "UPDATE short_links SET deleted_at = UTC_TIMESTAMP(3)"
      " WHERE id = ? AND deleted_at IS NULL");
  st->setInt64(1, link_id);
  st->executeUpdate();
}

}  // namespace ap::links
