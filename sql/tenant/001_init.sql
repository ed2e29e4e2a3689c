-- The template of every tenant's schema. User IDs refer to ap_core.users;
-- they are not foreign keys because the schema may live on another server.

CREATE TABLE plans (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  title VARCHAR(200) NOT NULL,
  description TEXT NOT NULL,
  area VARCHAR(200) NOT NULL DEFAULT '',
  priority ENUM('low', 'medium', 'high', 'critical') NOT NULL DEFAULT 'medium',
  status ENUM('draft', 'open', 'in_progress', 'done', 'cancelled')
    NOT NULL DEFAULT 'draft',
  owner_id BIGINT UNSIGNED NULL,
  due_date DATE NULL,
  created_by BIGINT UNSIGNED NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  updated_by BIGINT UNSIGNED NOT NULL,
  updated_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  version INT UNSIGNED NOT NULL DEFAULT 1,
  deleted_at DATETIME(3) NULL,
  deleted_by BIGINT UNSIGNED NULL,
  KEY ix_plans_updated (deleted_at, updated_at, id),
  KEY ix_plans_due (deleted_at, due_date, id),
  KEY ix_plans_status (deleted_at, status, id),
  KEY ix_plans_owner (deleted_at, owner_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE tasks (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  plan_id BIGINT UNSIGNED NOT NULL,
  title VARCHAR(200) NOT NULL,
  description TEXT NOT NULL,
  status ENUM('todo', 'doing', 'done') NOT NULL DEFAULT 'todo',
  assignee_id BIGINT UNSIGNED NULL,
  due_date DATE NULL,
  done_at DATETIME(3) NULL,
  position INT NOT NULL DEFAULT 0,
  created_by BIGINT UNSIGNED NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  deleted_at DATETIME(3) NULL,
  KEY ix_tasks_plan (plan_id, deleted_at, position, id),
  CONSTRAINT fk_tasks_plan FOREIGN KEY (plan_id) REFERENCES plans (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE comments (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  plan_id BIGINT UNSIGNED NOT NULL,
  author_id BIGINT UNSIGNED NOT NULL,
  body TEXT NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  deleted_at DATETIME(3) NULL,
  KEY ix_comments_plan (plan_id, deleted_at, id),
  CONSTRAINT fk_comments_plan FOREIGN KEY (plan_id) REFERENCES plans (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every change to a plan, its tasks, comments and attachments.
CREATE TABLE history (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  plan_id BIGINT UNSIGNED NOT NULL,
  entity ENUM('plan', 'task', 'comment', 'attachment') NOT NULL,
  entity_id BIGINT UNSIGNED NOT NULL,
  action VARCHAR(32) NOT NULL,
  field VARCHAR(64) NOT NULL DEFAULT '',
  old_value TEXT NULL,
  new_value TEXT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  KEY ix_history_plan (plan_id, id),
  CONSTRAINT fk_history_plan FOREIGN KEY (plan_id) REFERENCES plans (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Attachments: the bytes are in object storage under object_key, which
-- holds a random UUID and never the user's file name.
CREATE TABLE attachments (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  plan_id BIGINT UNSIGNED NOT NULL,
  task_id BIGINT UNSIGNED NULL,
  object_key VARCHAR(200) NOT NULL,
  filename VARCHAR(255) NOT NULL,
  content_type VARCHAR(100) NOT NULL,
  size BIGINT UNSIGNED NOT NULL,
  sha256 CHAR(64) NOT NULL,
  uploaded_by BIGINT UNSIGNED NOT NULL,
  uploaded_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  deleted_at DATETIME(3) NULL,
  deleted_by BIGINT UNSIGNED NULL,
  UNIQUE KEY uq_attachments_key (object_key),
  KEY ix_attachments_plan (plan_id, deleted_at, id),
  CONSTRAINT fk_attachments_plan FOREIGN KEY (plan_id) REFERENCES plans (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
