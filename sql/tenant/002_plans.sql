-- Descriptions and comment bodies may hold up to 20,000 characters; in
-- utf8mb4 that is up to 80,000 bytes, more than TEXT's 65,535. History
-- rows keep old and new values of those fields, so they grow too.
ALTER TABLE plans MODIFY description MEDIUMTEXT NOT NULL;
ALTER TABLE tasks MODIFY description MEDIUMTEXT NOT NULL;
ALTER TABLE comments MODIFY body MEDIUMTEXT NOT NULL;
ALTER TABLE history MODIFY old_value MEDIUMTEXT NULL,
  MODIFY new_value MEDIUMTEXT NULL;

-- Keyset paging by priority and the trash list.
ALTER TABLE plans ADD KEY ix_plans_priority (deleted_at, priority, id);
ALTER TABLE plans ADD KEY ix_plans_deleted (deleted_at, id);
