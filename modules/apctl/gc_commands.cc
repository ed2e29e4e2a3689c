// apctl gc: finds objects in storage that no attachment row names (an
// upload that died between the object and its row) and rows whose object
// is gone (data loss: reported, never "fixed"); deletes the first kind when
// asked. apctl trash empty: removes attachments that have been in the
// trash for long enough, row first, then object (an object left behind is
// an orphan for gc; a row without its object would be a loss).
#include "modules/apctl/gc_commands.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/audit/audit.h"
#include "common/storage/s3_client.h"
#include "common/tenant/tenant_directory.h"

namespace ap::apctl {
namespace {

constexpr const char* kGcUsage =
    "usage: apctl gc [--report] [--delete-orphans] [--min-age-minutes N]"
    " [--tenant SLUG]\n";
constexpr const char* kTrashUsage =
    "usage: apctl trash empty [--tenant SLUG] [--older-than DAYS]\n";

// Rows newer than this, relative to the object listing, are not checked:
// their object may have been stored after the listing was taken.
constexpr int kListingMarginSeconds = 60;

struct RowRef {
  int64_t id = 0;
  std::string key;
  bool settled = true;  // old enough that its object must be listed
};

std::optional<int64_t> ParseCount(const std::string& text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return std::atoll(text.c_str());
}

std::unique_ptr<S3Client> MakeS3(const Config& config) {
  Result<S3Settings> settings = S3SettingsFromConfig(config);
  if (!settings.ok()) {
    Fail(settings.status().message());
    return nullptr;
  }
  return std::make_unique<S3Client>(*settings);
}

// Every row, trash included. Rows written less than a minute before the
// listing (`listed_at`, the database's UTC time) are not settled: their
// object may have been stored after the listing was taken.
std::vector<RowRef> ReadRows(Db& db, const std::string& listed_at) {
  auto st = db.Prepare(
      "SELECT id, object_key, uploaded_at < ? - INTERVAL ? SECOND"
      " FROM attachments ORDER BY id");
  st->setString(1, listed_at);
  st->setInt(2, kListingMarginSeconds);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  std::vector<RowRef> rows;
  while (rs->next()) {
    rows.push_back({rs->getInt64(1), rs->getString(2), rs->getBoolean(3)});
  }
  return rows;
}

// The database's clock, which wrote uploaded_at.
std::string DbNow(Db& db) {
  auto st = db.Prepare("SELECT UTC_TIMESTAMP(3)");
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  rs->next();
  return rs->getString(1);
}

// "t/<tenant uuid>/<uuid>" -> "<tenant uuid>"
std::string TenantOfKey(const std::string& key) {
  size_t end = key.find('/', 2);
  return end == std::string::npos ? "" : key.substr(2, end - 2);
}

struct GcTotals {
  int rows = 0;
  int missing = 0;
  int unreadable_tenants = 0;
};

// Matches one tenant's rows against the listing: matched objects leave
// `objects`, rows without an object are printed.
void CheckTenant(const TenantRecord& tenant, const std::string& listed_at,
                 std::map<std::string, ObjectInfo>& objects,
                 std::map<std::string, bool>& readable, GcTotals& totals) {
  std::vector<RowRef> rows;
  Db& db = DbPool::ForThread().Get(tenant.db);
  try {
    rows = ReadRows(db, listed_at);
    // One connection at a time, however many tenants there are.
    db.Reset();
  } catch (const sql::SQLException& e) {
    db.Reset();
    std::fprintf(stderr,
                 "apctl: tenant %s unreadable (%s): its objects are"
                 " not judged\n",
                 tenant.slug.c_str(), e.what());
    ++totals.unreadable_tenants;
    readable[tenant.uuid] = false;
    return;
  }
  readable[tenant.uuid] = true;
  for (const RowRef& row : rows) {
    ++totals.rows;
    if (objects.erase(row.key) == 1 || !row.settled) continue;
    ++totals.missing;
    std::printf("missing object  tenant=%s attachment=%lld key=%s\n",
                tenant.slug.c_str(), static_cast<long long>(row.id),
                row.key.c_str());
  }
}

// Prints the orphans; deletes those older than `min_age` when asked.
int HandleOrphans(S3Client& s3, const std::map<std::string, ObjectInfo>& left,
                  const std::map<std::string, bool>& readable, bool remove,
                  int64_t min_age, int64_t now) {
  int orphans = 0, deleted = 0, failed = 0;
  for (const auto& [key, info] : left) {
    auto tenant = readable.find(TenantOfKey(key));
    if (tenant != readable.end() && !tenant->second) continue;
    ++orphans;
    bool old_enough =
        info.last_modified > 0 && now - info.last_modified >= min_age;
    std::printf("orphan object   key=%s size=%lld age=%llds%s\n", key.c_str(),
                static_cast<long long>(info.size),
                static_cast<long long>(now - info.last_modified),
                tenant == readable.end() ? " (unknown tenant)" : "");
    if (!remove || !old_enough) continue;
    Status st = s3.Delete(key);
    if (st.ok()) {
      ++deleted;
    } else {
      ++failed;
      std::fprintf(stderr, "apctl: cannot delete %s: %s\n", key.c_str(),
                   st.message().c_str());
    }
  }
  std::printf("orphan objects: %d, deleted: %d\n", orphans, deleted);
  return failed;
}

// Deletes one tenant's attachments trashed before the cut-off; returns how
// many, or -1 on a storage error.
int EmptyTenantTrash(Db& db, S3Client& s3, int64_t older_than_days) {
  auto st = db.Prepare(
      "SELECT id, object_key FROM attachments WHERE deleted_at IS NOT NULL"
      " AND deleted_at < UTC_TIMESTAMP(3) - INTERVAL ? DAY ORDER BY id");
  st->setInt64(1, older_than_days);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  std::vector<RowRef> rows;
  while (rs->next()) rows.push_back({rs->getInt64(1), rs->getString(2)});

  int removed = 0;
  bool storage_error = false;
  for (const RowRef& row : rows) {
    // Only if still in the trash: a restore may have come in between.
    auto del = db.Prepare(
        "DELETE FROM attachments WHERE id = ? AND deleted_at IS NOT NULL");
    del->setInt64(1, row.id);
    if (del->executeUpdate() != 1) continue;
    ++removed;
    Status gone = s3.Delete(row.key);
    if (!gone.ok()) {
      storage_error = true;
      std::fprintf(stderr,
                   "apctl: row %lld removed but object %s not (%s);"
                   " apctl gc --delete-orphans will remove it\n",
                   static_cast<long long>(row.id), row.key.c_str(),
                   gone.message().c_str());
    }
  }
  return storage_error ? -1 : removed;
}

}  // namespace

int CmdGc(AdminEnv& env, const Args& args) {
  if (args.words.size() != 1) {
    std::fputs(kGcUsage, stderr);
    return 2;
  }
  std::optional<int64_t> minutes =
      ParseCount(args.Option("min-age-minutes", "60"));
  if (!minutes) {
    std::fputs(kGcUsage, stderr);
    return 2;
  }
  std::string only = args.Option("tenant");
  std::unique_ptr<S3Client> s3 = MakeS3(env.config);
  if (s3 == nullptr) return 1;

  // Listing first, rows second: a row committed after the listing may
  // name an object the listing could not see yet (see ReadRows).
  std::vector<TenantRecord> tenants = ListTenants(env.core);
  std::string prefix = "t/";
  if (!only.empty()) {
    std::erase_if(tenants,
                  [&](const TenantRecord& t) { return t.slug != only; });
    if (tenants.empty()) return Fail("no tenant " + only);
    prefix += tenants[0].uuid + "/";
  }
  std::string listed_at = DbNow(env.core);
  Result<std::vector<ObjectInfo>> listing = s3->List(prefix);
  if (!listing.ok()) return Fail(listing.status().message());
  std::map<std::string, ObjectInfo> objects;
  for (ObjectInfo& info : *listing) objects[info.key] = std::move(info);
  size_t total_objects = objects.size();

  GcTotals totals;
  std::map<std::string, bool> readable;
  for (const TenantRecord& tenant : tenants) {
    CheckTenant(tenant, listed_at, objects, readable, totals);
  }
  int failed =
      HandleOrphans(*s3, objects, readable, args.Flag("delete-orphans"),
                    *minutes * 60, static_cast<int64_t>(std::time(nullptr)));
  std::printf("objects: %zu, rows: %d, rows without objects: %d\n",
              total_objects, totals.rows, totals.missing);
  bool trouble =
      totals.missing > 0 || totals.unreadable_tenants > 0 || failed > 0;
  return trouble ? 1 : 0;
}

int CmdTrash(AdminEnv& env, const Args& args) {
  std::optional<int64_t> days = ParseCount(args.Option("older-than", "30"));
  if (args.words.size() != 2 || args.words[1] != "empty" || !days) {
    std::fputs(kTrashUsage, stderr);
    return 2;
  }
  std::unique_ptr<S3Client> s3 = MakeS3(env.config);
  if (s3 == nullptr) return 1;

  std::string only = args.Option("tenant");
  bool any = false, errors = false;
  for (const TenantRecord& tenant : ListTenants(env.core)) {
    if (!only.empty() && tenant.slug != only) continue;
    any = true;
    Db& db = DbPool::ForThread().Get(tenant.db);
    int removed = EmptyTenantTrash(db, *s3, *days);
    db.Reset();
    errors = errors || removed < 0;
    std::printf("%s: %s attachments removed from the trash\n",
                tenant.slug.c_str(),
                removed < 0 ? "some" : std::to_string(removed).c_str());
    WriteAudit(env.core, {tenant.id, 0, "", "trash_emptied",
                          "attachments deleted over " + std::to_string(*days) +
                              " days ago"});
  }
  if (!any) return Fail("no tenant " + only);
  return errors ? 1 : 0;
}

}  // namespace ap::apctl
