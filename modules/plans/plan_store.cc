#include "modules/plans/plan_store.h"

#include <cppconn/datatype.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "modules/plans/plan_rules.h"

namespace ap::plans {
namespace {

// Timestamps are formatted by the server: Connector/C++ drops the fraction
// of a DATETIME(3) in prepared statement results.
#define AP_TS(col) "DATE_FORMAT(" col ", '%Y-%m-%d %H:%i:%s.%f')"

const char* const kPlanColumns =
    "SELECT p.id, p.title, p.description, p.area, p.priority, p.status,"
    " p.owner_id, DATE_FORMAT(p.due_date, '%Y-%m-%d') AS due_date,"
    " p.created_by, " AP_TS("p.created_at") " AS created_at,"
    " p.updated_by, " AP_TS("p.updated_at") " AS updated_at, p.version,"
    " COALESCE(p.due_date < UTC_DATE()"
    "  AND p.status NOT IN ('done', 'cancelled'), 0) AS overdue,"
    " (SELECT COUNT(*) FROM tasks t WHERE t.plan_id = p.id"
    "  AND t.deleted_at IS NULL AND t.status = 'done') AS tasks_done,"
    " (SELECT COUNT(*) FROM tasks t WHERE t.plan_id = p.id"
    "  AND t.deleted_at IS NULL) AS tasks_total,"
    " " AP_TS("p.deleted_at") " AS deleted_at, p.deleted_by";

const char* const kTaskColumns =
    "SELECT id, plan_id, title, description, status, assignee_id,"
    " DATE_FORMAT(due_date, '%Y-%m-%d') AS due_date,"
    " " AP_TS("done_at") " AS done_at, position, created_by,"
    " " AP_TS("created_at") " AS created_at,"
    " " AP_TS("updated_at") " AS updated_at, version FROM tasks";

const char* const kCommentColumns =
    "SELECT id, plan_id, author_id, body,"
    " " AP_TS("created_at") " AS created_at,"
    " " AP_TS("updated_at") " AS updated_at FROM comments";

// A statement parameter: a number or a text. (Not a std::variant: g++ 12
// reports a false "may be used uninitialized" on vectors of it.)
struct Param {
  Param(int64_t n) : is_number(true), number(n) {}  // NOLINT: implicit

  Param(std::string t) : text(std::move(t)) {}  // NOLINT: implicit

  bool is_number = false;
  int64_t number = 0;
  std::string text;
};

void Bind(sql::PreparedStatement& st, const std::vector<Param>& params) {
  for (size_t i = 0; i < params.size(); ++i) {
    auto index = static_cast<unsigned int>(i + 1);
    if (params[i].is_number) {
      st.setInt64(index, params[i].number);
    } else {
      st.setString(index, params[i].text);
    }
  }
}

std::optional<std::string> OptString(sql::ResultSet& rs, const char* col) {
  if (rs.isNull(col)) return std::nullopt;
  return std::string(rs.getString(col));
}

std::optional<int64_t> OptInt(sql::ResultSet& rs, const char* col) {
  if (rs.isNull(col)) return std::nullopt;
  return rs.getInt64(col);
}

PlanRow ReadPlan(sql::ResultSet& rs) {
  PlanRow p;
  p.id = rs.getInt64("id");
  p.title = rs.getString("title");
  p.description = rs.getString("description");
  p.area = rs.getString("area");
  p.priority = rs.getString("priority");
  p.status = rs.getString("status");
  p.owner_id = OptInt(rs, "owner_id");
  p.due_date = OptString(rs, "due_date");
  p.created_by = rs.getInt64("created_by");
  p.created_at = rs.getString("created_at");
  p.updated_by = rs.getInt64("updated_by");
  p.updated_at = rs.getString("updated_at");
  p.version = rs.getInt64("version");
  p.overdue = rs.getInt("overdue") != 0;
  p.tasks_done = rs.getInt64("tasks_done");
  p.tasks_total = rs.getInt64("tasks_total");
  p.deleted_at = OptString(rs, "deleted_at");
  p.deleted_by = OptInt(rs, "deleted_by");
  return p;
}

TaskRow ReadTask(sql::ResultSet& rs) {
  TaskRow t;
  t.id = rs.getInt64("id");
  t.plan_id = rs.getInt64("plan_id");
  t.title = rs.getString("title");
  t.description = rs.getString("description");
  t.status = rs.getString("status");
  t.assignee_id = OptInt(rs, "assignee_id");
  t.due_date = OptString(rs, "due_date");
  t.done_at = OptString(rs, "done_at");
  t.position = rs.getInt64("position");
  t.created_by = rs.getInt64("created_by");
  t.created_at = rs.getString("created_at");
  t.updated_at = rs.getString("updated_at");
  t.version = rs.getInt64("version");
  return t;
}

CommentRow ReadComment(sql::ResultSet& rs) {
  CommentRow c;
  c.id = rs.getInt64("id");
  c.plan_id = rs.getInt64("plan_id");
  c.author_id = rs.getInt64("author_id");
  c.body = rs.getString("body");
  c.created_at = rs.getString("created_at");
  c.updated_at = rs.getString("updated_at");
  return c;
}

// The expression plans are sorted by. Plans without a due date come last
// in both directions, so the key is never NULL and keyset paging works.
std::string SortExpr(const ListQuery& q) {
  switch (q.sort) {
    case SortField::kUpdated:
      return "p.updated_at";
    case SortField::kDueDate:
      return q.descending ? "COALESCE(p.due_date, DATE'1000-01-01')"
                          : "COALESCE(p.due_date, DATE'9999-12-31')";
    case SortField::kPriority:
      return "(p.priority + 0)";
  }
  return "p.id";
}

// The sort key as text, the form a cursor carries.
std::string SortKeySelect(const ListQuery& q) {
  switch (q.sort) {
    case SortField::kUpdated:
      return AP_TS("p.updated_at");
    case SortField::kDueDate:
      return "DATE_FORMAT(" + SortExpr(q) + ", '%Y-%m-%d')";
    case SortField::kPriority:
      return "CAST(p.priority + 0 AS CHAR)";
  }
  return "''";
}

void AddFilters(const ListQuery& q, std::string* where,
                std::vector<Param>* params) {
  *where += q.deleted ? " WHERE p.deleted_at IS NOT NULL"
                      : " WHERE p.deleted_at IS NULL";
  if (!q.statuses.empty()) {
    *where += " AND p.status IN (";
    for (size_t i = 0; i < q.statuses.size(); ++i) {
      *where += i == 0 ? "?" : ", ?";
      params->push_back(q.statuses[i]);
    }
    *where += ")";
  }
  if (q.owner_id) {
    *where += " AND p.owner_id = ?";
    params->push_back(*q.owner_id);
  }
  if (q.area) {
    *where += " AND p.area = ?";
    params->push_back(*q.area);
  }
  if (q.overdue) {
    *where +=
        " AND p.due_date < UTC_DATE()"
        " AND p.status NOT IN ('done', 'cancelled')";
  }
  if (!q.text.empty()) {
    std::string like = "%" + EscapeLike(q.text) + "%";
    *where +=
        " AND (p.title LIKE ? ESCAPE '!'"
        " OR p.description LIKE ? ESCAPE '!')";
    params->push_back(like);
    params->push_back(like);
  }
}

void AddKeyset(const ListQuery& q, std::string* where,
               std::vector<Param>* params) {
  if (!q.after) return;
  std::string expr = SortExpr(q);
  const char* op = q.descending ? " < " : " > ";
  *where +=
      " AND (" + expr + op + "? OR (" + expr + " = ? AND p.id" + op + "?))";
  params->push_back(q.after->key);
  params->push_back(q.after->key);
  params->push_back(q.after->id);
}

int64_t LastInsertId(Db& db) {
  auto st = db.Prepare("SELECT LAST_INSERT_ID()");
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  rs->next();
  return rs->getInt64(1);
}

void BindNullable(sql::PreparedStatement& st, unsigned int index,
                  const std::optional<std::string>& value) {
  if (value) {
    st.setString(index, *value);
  } else {
    st.setNull(index, sql::DataType::VARCHAR);
  }
}

void BindNullableId(sql::PreparedStatement& st, unsigned int index,
                    const std::optional<int64_t>& value) {
  if (value) {
    st.setInt64(index, *value);
  } else {
    st.setNull(index, sql::DataType::VARCHAR);
  }
}

}  // namespace

std::optional<PlanRow> LoadPlan(Db& db, int64_t id, Which which, bool lock) {
  std::string sql = std::string(kPlanColumns) +
                    " FROM plans p WHERE p.id = ? AND p.deleted_at IS " +
                    (which == Which::kLive ? "NULL" : "NOT NULL");
  if (lock) sql += " FOR UPDATE";
  auto st = db.Prepare(sql);
  st->setInt64(1, id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next()) return std::nullopt;
  return ReadPlan(*rs);
}

std::vector<PlanRow> ListPlans(Db& db, const ListQuery& q) {
  std::string sql = std::string(kPlanColumns) + ", " + SortKeySelect(q) +
                    " AS sort_key FROM plans p";
  std::vector<Param> params;
  AddFilters(q, &sql, &params);
  AddKeyset(q, &sql, &params);
  const char* dir = q.descending ? " DESC" : " ASC";
  sql += " ORDER BY " + SortExpr(q) + dir + ", p.id" + dir + " LIMIT ?";
  params.push_back(int64_t{q.limit} + 1);

  auto st = db.Prepare(sql);
  Bind(*st, params);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  std::vector<PlanRow> rows;
  while (rs->next()) {
    rows.push_back(ReadPlan(*rs));
    rows.back().sort_key = rs->getString("sort_key");
  }
  return rows;
}

int64_t InsertPlan(Db& db, const PlanRow& plan, int64_t user_id) {
  auto st = db.Prepare(
      "INSERT INTO plans (title, description, area, priority, status,"
      " owner_id, due_date, created_by, updated_by)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st->setString(1, plan.title);
  st->setString(2, plan.description);
  st->setString(3, plan.area);
  st->setString(4, plan.priority);
  st->setString(5, plan.status);
  BindNullableId(*st, 6, plan.owner_id);
  BindNullable(*st, 7, plan.due_date);
  st->setInt64(8, user_id);
  st->setInt64(9, user_id);
  st->executeUpdate();
  return LastInsertId(db);
}

bool UpdatePlan(Db& db, int64_t id, int64_t version,
                const std::vector<ColumnValue>& columns, int64_t user_id) {
  std::string sql = "UPDATE plans SET ";
  for (const ColumnValue& c : columns) sql += c.column + " = ?, ";
  sql +=
      "updated_by = ?, updated_at = UTC_TIMESTAMP(3), version = version + 1"
      " WHERE id = ? AND version = ? AND deleted_at IS NULL";

  auto st = db.Prepare(sql);
  unsigned int i = 1;
  for (const ColumnValue& c : columns) BindNullable(*st, i++, c.value);
  st->setInt64(i++, user_id);
  st->setInt64(i++, id);
  st->setInt64(i, version);
  return st->executeUpdate() == 1;
}

void SetPlanDeleted(Db& db, int64_t id, bool deleted, int64_t user_id) {
  auto st = db.Prepare(
      deleted ? "UPDATE plans SET deleted_at = UTC_TIMESTAMP(3),"
                " deleted_by = ?, version = version + 1 WHERE id = ?"
              : "UPDATE plans SET deleted_at = NULL, deleted_by = NULL,"
                " updated_by = ?, updated_at = UTC_TIMESTAMP(3),"
                " version = version + 1 WHERE id = ?");
  st->setInt64(1, user_id);
  st->setInt64(2, id);
  st->executeUpdate();
}

std::vector<TaskRow> LoadTasks(Db& db, int64_t plan_id) {
  auto st = db.Prepare(std::string(kTaskColumns) +
                       " WHERE plan_id = ? AND deleted_at IS NULL"
                       " ORDER BY position, id");
  st->setInt64(1, plan_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  std::vector<TaskRow> tasks;
  while (rs->next()) tasks.push_back(ReadTask(*rs));
  return tasks;
}

std::optional<TaskRow> LoadTask(Db& db, int64_t plan_id, int64_t task_id,
                                bool lock) {
  std::string sql = std::string(kTaskColumns) +
                    " WHERE id = ? AND plan_id = ? AND deleted_at IS NULL";
  if (lock) sql += " FOR UPDATE";
  auto st = db.Prepare(sql);
  st->setInt64(1, task_id);
  st->setInt64(2, plan_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next()) return std::nullopt;
  return ReadTask(*rs);
}

int64_t CountTasks(Db& db, int64_t plan_id) {
  auto st = db.Prepare(
      "SELECT COUNT(*) FROM tasks WHERE plan_id = ? AND deleted_at IS NULL");
  st->setInt64(1, plan_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  rs->next();
  return rs->getInt64(1);
}

int64_t InsertTask(Db& db, const TaskRow& task, int64_t user_id) {
  auto st = db.Prepare(
      "INSERT INTO tasks (plan_id, title, description, status, assignee_id,"
      " due_date, done_at, position, created_by)"
      " SELECT ?, ?, ?, ?, ?, ?, IF(? = 'done', UTC_TIMESTAMP(3), NULL),"
      " COALESCE(MAX(position), 0) + 1, ? FROM tasks WHERE plan_id = ?");
  st->setInt64(1, task.plan_id);
  st->setString(2, task.title);
  st->setString(3, task.description);
  st->setString(4, task.status);
  BindNullableId(*st, 5, task.assignee_id);
  BindNullable(*st, 6, task.due_date);
  st->setString(7, task.status);
  st->setInt64(8, user_id);
  st->setInt64(9, task.plan_id);
  st->executeUpdate();
  return LastInsertId(db);
}

bool UpdateTask(Db& db, int64_t task_id, int64_t version,
                const std::vector<ColumnValue>& columns) {
  std::string sql = "UPDATE tasks SET ";
  for (const ColumnValue& c : columns) {
    // done_at follows the status: set when a task becomes done, cleared
    // when it leaves done.
    if (c.column == "status") {
      sql +=
          "done_at = CASE WHEN ? = 'done' THEN UTC_TIMESTAMP(3)"
          " ELSE NULL END, ";
    }
    sql += c.column + " = ?, ";
  }
  sql +=
      "updated_at = UTC_TIMESTAMP(3), version = version + 1"
      " WHERE id = ? AND version = ? AND deleted_at IS NULL";

  auto st = db.Prepare(sql);
  unsigned int i = 1;
  for (const ColumnValue& c : columns) {
    if (c.column == "status") BindNullable(*st, i++, c.value);
    BindNullable(*st, i++, c.value);
  }
  st->setInt64(i++, task_id);
  st->setInt64(i, version);
  return st->executeUpdate() == 1;
}

bool DeleteTask(Db& db, int64_t task_id, int64_t version) {
  auto st = db.Prepare(
      "UPDATE tasks SET deleted_at = UTC_TIMESTAMP(3), version = version + 1"
      " WHERE id = ? AND version = ? AND deleted_at IS NULL");
  st->setInt64(1, task_id);
  st->setInt64(2, version);
  return st->executeUpdate() == 1;
}

void SetTaskPosition(Db& db, int64_t task_id, int64_t position) {
  auto st = db.Prepare("UPDATE tasks SET position = ? WHERE id = ?");
  st->setInt64(1, position);
  st->setInt64(2, task_id);
  st->executeUpdate();
}

std::vector<CommentRow> LoadComments(Db& db, int64_t plan_id, int64_t after,
                                     int limit) {
  auto st = db.Prepare(std::string(kCommentColumns) +
                       " WHERE plan_id = ? AND deleted_at IS NULL"
                       " AND id > ? ORDER BY id LIMIT ?");
  st->setInt64(1, plan_id);
  st->setInt64(2, after);
  st->setInt(3, limit);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  std::vector<CommentRow> comments;
  while (rs->next()) comments.push_back(ReadComment(*rs));
  return comments;
}

std::optional<CommentRow> LoadComment(Db& db, int64_t plan_id,
                                      int64_t comment_id, bool lock) {
  std::string sql = std::string(kCommentColumns) +
                    " WHERE id = ? AND plan_id = ? AND deleted_at IS NULL";
  if (lock) sql += " FOR UPDATE";
  auto st = db.Prepare(sql);
  st->setInt64(1, comment_id);
  st->setInt64(2, plan_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next()) return std::nullopt;
  return ReadComment(*rs);
}

int64_t InsertComment(Db& db, int64_t plan_id, int64_t author_id,
                      const std::string& body) {
  auto st = db.Prepare(
      "INSERT INTO comments (plan_id, author_id, body) VALUES (?, ?, ?)");
  st->setInt64(1, plan_id);
  st->setInt64(2, author_id);
  st->setString(3, body);
  st->executeUpdate();
  return LastInsertId(db);
}

void UpdateComment(Db& db, int64_t comment_id, const std::string& body) {
  auto st = db.Prepare(
      "UPDATE comments SET body = ?, updated_at = UTC_TIMESTAMP(3)"
      " WHERE id = ?");
  st->setString(1, body);
  st->setInt64(2, comment_id);
  st->executeUpdate();
}

void DeleteComment(Db& db, int64_t comment_id) {
  auto st = db.Prepare(
      "UPDATE comments SET deleted_at = UTC_TIMESTAMP(3) WHERE id = ?");
  st->setInt64(1, comment_id);
  st->executeUpdate();
}

void AddHistory(Db& db, int64_t plan_id, const HistoryRow& row) {
  auto st = db.Prepare(
      "INSERT INTO history (plan_id, entity, entity_id, action, field,"
      " old_value, new_value, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  st->setInt64(1, plan_id);
  st->setString(2, row.entity);
  st->setInt64(3, row.entity_id);
  st->setString(4, row.action);
  st->setString(5, row.field);
  BindNullable(*st, 6, row.old_value);
  BindNullable(*st, 7, row.new_value);
  st->setInt64(8, row.user_id);
  st->executeUpdate();
}

std::vector<HistoryRow> LoadHistory(Db& db, int64_t plan_id, int64_t before,
                                    int limit) {
  auto st = db.Prepare(
      "SELECT id, entity, entity_id, action, field, old_value, new_value,"
      " user_id, " AP_TS("at") " AS at FROM history"
      " WHERE plan_id = ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?");
  st->setInt64(1, plan_id);
  st->setInt64(2, before);
  st->setInt64(3, before);
  st->setInt(4, limit);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  std::vector<HistoryRow> rows;
  while (rs->next()) {
    HistoryRow h;
    h.id = rs->getInt64("id");
    h.entity = rs->getString("entity");
    h.entity_id = rs->getInt64("entity_id");
    h.action = rs->getString("action");
    h.field = rs->getString("field");
    h.old_value = OptString(*rs, "old_value");
    h.new_value = OptString(*rs, "new_value");
    h.user_id = rs->getInt64("user_id");
    h.at = rs->getString("at");
    rows.push_back(std::move(h));
  }
  return rows;
}

std::map<int64_t, std::string> UserNames(Db& core, int64_t tenant_id,
                                         const std::set<int64_t>& ids) {
  std::map<int64_t, std::string> names;
  if (ids.empty()) return names;
  std::string sql =
      "SELECT id, display_name, login FROM users WHERE tenant_id = ?"
      " AND id IN (";
  for (size_t i = 0; i < ids.size(); ++i) sql += i == 0 ? "?" : ", ?";
  sql += ")";

  auto st = core.Prepare(sql);
  st->setInt64(1, tenant_id);
  unsigned int i = 2;
  for (int64_t id : ids) st->setInt64(i++, id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  while (rs->next()) {
    // A user without a display name is shown by login rather than blank.
    std::string name = rs->getString("display_name");
    names[rs->getInt64("id")] =
        name.empty() ? std::string(rs->getString("login")) : name;
  }
  return names;
}

bool IsActiveTenantUser(Db& core, int64_t tenant_id, int64_t user_id) {
  auto st = core.Prepare(
      "SELECT 1 FROM users WHERE id = ? AND tenant_id = ?"
      " AND status = 'active'");
  st->setInt64(1, user_id);
  st->setInt64(2, tenant_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  return rs->next();
}

}  // namespace ap::plans
