-- Short links: at most one plain link (no alias, expiry or visit limit)
-- per target and tenant, so creating the same link twice, even in two
-- racing requests, returns the first. NULL never collides in a unique key:
-- aliases, limited and deleted links are left out of the constraint.
ALTER TABLE short_links
  ADD COLUMN plain_target_hash BINARY(32) AS
    (IF(is_alias = 0 AND expires_at IS NULL AND max_visits IS NULL
        AND deleted_at IS NULL, target_hash, NULL)) PERSISTENT,
  ADD UNIQUE KEY uq_links_plain_target (tenant_id, plain_target_hash);
