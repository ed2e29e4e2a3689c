#include "modules/attachments/attachment_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "common/db/sql_time.h"

namespace ap::attachments {
namespace {

constexpr const char* kColumns =
    "a.id, a.plan_id, a.task_id, a.object_key, a.filename, a.content_type,"
    " a.size, a.sha256, a.uploaded_by, " AP_SQL_ISO_MILLIS("a.uploaded_at") ","
    " " AP_SQL_ISO_MILLIS("a.deleted_at") ", a.deleted_by";

Attachment ReadRow(sql::ResultSet& rs) {
  Attachment a;
  a.id = rs.getInt64(1);
  a.plan_id = rs.getInt64(2);
  if (!rs.isNull(3)) a.task_id = rs.getInt64(3);
  a.object_key = rs.getString(4);
  a.filename = rs.getString(5);
  a.content_type = rs.getString(6);
  a.size = rs.getInt64(7);
  a.sha256 = rs.getString(8);
  a.uploaded_by = rs.getInt64(9);
  a.uploaded_at = rs.getString(10);
  if (!rs.isNull(11)) a.deleted_at = rs.getString(11);
  if (!rs.isNull(12)) a.deleted_by = rs.getInt64(12);
  return a;
}

bool Exists(Db& db, const std::string& query, int64_t a, int64_t b) {
  auto st = db.Prepare(query);
  st->setInt64(1, a);
  if (b != 0) st->setInt64(2, b);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  return rs->next();
}

void AddHistory(Db& db, const Attachment& a, const char* action,
                int64_t user_id) {
  auto st = db.Prepare(
      "INSERT INTO history (plan_id, entity, entity_id, action, new_value,"
      " user_id) VALUES (?, 'attachment', ?, ?, ?, ?)");
  st->setInt64(1, a.plan_id);
  st->setInt64(2, a.id);
  st->setString(3, action);
  st->setString(4, a.filename);
  st->setInt64(5, user_id);
  st->executeUpdate();
}

int64_t LastInsertId(Db& db) {
  auto st = db.Prepare("SELECT LAST_INSERT_ID()");
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  rs->next();
  return rs->getInt64(1);
}

}  // namespace

bool PlanIsLive(Db& db, int64_t plan_id) {
  return Exists(db, "SELECT 1 FROM plans WHERE id = ? AND deleted_at IS NULL",
                plan_id, 0);
}

bool TaskIsInPlan(Db& db, int64_t plan_id, int64_t task_id) {
  return Exists(db,
                "SELECT 1 FROM tasks WHERE plan_id = ? AND id = ?"
                " AND deleted_at IS NULL",
                plan_id, task_id);
}

int64_t InsertAttachment(Db& db, const Attachment& a) {
  Transaction tx(db);
  auto st = db.Prepare(
      "INSERT INTO attachments (plan_id, task_id, object_key, filename,"
      " content_type, size, sha256, uploaded_by)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  st->setInt64(1, a.plan_id);
  if (a.task_id) {
    st->setInt64(2, *a.task_id);
  } else {
    st->setNull(2, 0);
  }
  st->setString(3, a.object_key);
  st->setString(4, a.filename);
  st->setString(5, a.content_type);
  st->setInt64(6, a.size);
  st->setString(7, a.sha256);
  st->setInt64(8, a.uploaded_by);
  st->executeUpdate();

  Attachment stored = a;
  stored.id = LastInsertId(db);
  AddHistory(db, stored, "create", a.uploaded_by);
  tx.Commit();
  return stored.id;
}

int64_t FindAttachmentIdByKey(Db& db, const std::string& object_key) {
  auto st = db.Prepare("SELECT id FROM attachments WHERE object_key = ?");
  st->setString(1, object_key);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  return rs->next() ? rs->getInt64(1) : 0;
}

std::optional<Attachment> FindAttachment(Db& db, int64_t id, bool in_trash) {
  auto st = db.Prepare(
      std::string("SELECT ") + kColumns +
      " FROM attachments a JOIN plans p ON p.id = a.plan_id"
      " WHERE a.id = ? AND p.deleted_at IS NULL AND a.deleted_at IS " +
      (in_trash ? "NOT NULL" : "NULL"));
  st->setInt64(1, id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next()) return std::nullopt;
  return ReadRow(*rs);
}

std::vector<Attachment> ListAttachments(Db& db, int64_t plan_id, bool in_trash,
                                        int64_t after_id, int limit) {
  auto st =
      db.Prepare(std::string("SELECT ") + kColumns +
                 " FROM attachments a WHERE a.plan_id = ? AND a.id > ?"
                 " AND a.deleted_at IS " +
                 (in_trash ? "NOT NULL" : "NULL") + " ORDER BY a.id LIMIT ?");
  st->setInt64(1, plan_id);
  st->setInt64(2, after_id);
  st->setInt(3, limit);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  std::vector<Attachment> list;
  while (rs->next()) list.push_back(ReadRow(*rs));
  return list;
}

bool TrashAttachment(Db& db, const Attachment& a, int64_t user_id) {
  Transaction tx(db);
  auto st = db.Prepare(
      "UPDATE attachments SET deleted_at = UTC_TIMESTAMP(3), deleted_by = ?"
      " WHERE id = ? AND deleted_at IS NULL");
  st->setInt64(1, user_id);
  st->setInt64(2, a.id);
  if (st->executeUpdate() != 1) return false;
  AddHistory(db, a, "delete", user_id);
  tx.Commit();
  return true;
}

bool RestoreAttachment(Db& db, const Attachment& a, int64_t user_id) {
  Transaction tx(db);
  auto st = db.Prepare(
      "UPDATE attachments SET deleted_at = NULL, deleted_by = NULL"
      " WHERE id = ? AND deleted_at IS NOT NULL");
  st->setInt64(1, a.id);
  if (st->executeUpdate() != 1) return false;
  AddHistory(db, a, "restore", user_id);
  tx.Commit();
  return true;
}

}  // namespace ap::attachments
