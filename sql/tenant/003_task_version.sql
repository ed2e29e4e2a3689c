-- Tasks get the optimistic concurrency plans have: every edit and delete
-- bumps the version, and a write based on an older version is refused
-- with 409 instead of silently undoing somebody else's change. Existing
-- tasks start at version 1, like a new one.
ALTER TABLE tasks
  ADD COLUMN version INT UNSIGNED NOT NULL DEFAULT 1 AFTER updated_at;
