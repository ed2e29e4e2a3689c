-- Short links: global, since /s/{code} is resolved before the tenant is
-- known; every row names its tenant and is only resolved for it.
CREATE TABLE short_links (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code VARCHAR(64) NOT NULL,
  tenant_id BIGINT UNSIGNED NOT NULL,
  target VARCHAR(2000) NOT NULL,
  target_hash BINARY(32) NOT NULL,
  is_alias TINYINT(1) NOT NULL DEFAULT 0,
  created_by BIGINT UNSIGNED NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  expires_at DATETIME(3) NULL,
  max_visits INT UNSIGNED NULL,
  visits INT UNSIGNED NOT NULL DEFAULT 0,
  last_visit_at DATETIME(3) NULL,
  deleted_at DATETIME(3) NULL,
  UNIQUE KEY uq_links_code (code),
  KEY ix_links_tenant_target (tenant_id, target_hash),
  KEY ix_links_tenant (tenant_id, id),
  CONSTRAINT fk_links_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
