-- ap_core: what is global to the installation. Tenants' own data lives in
-- one schema per tenant (sql/tenant), never here.

CREATE TABLE tenants (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  uuid CHAR(36) NOT NULL,
  slug VARCHAR(64) NOT NULL,
  name VARCHAR(200) NOT NULL,
  -- Where the tenant's schema lives, so tenants can be spread over servers.
  db_host VARCHAR(255) NOT NULL,
  db_port INT UNSIGNED NOT NULL,
  db_schema VARCHAR(64) NOT NULL,
  status ENUM('active', 'disabled') NOT NULL DEFAULT 'active',
  enforce_2fa TINYINT(1) NOT NULL DEFAULT 0,
  password_policy ENUM('contract', 'nist') NOT NULL DEFAULT 'contract',
  created_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  UNIQUE KEY uq_tenants_uuid (uuid),
  UNIQUE KEY uq_tenants_slug (slug),
  UNIQUE KEY uq_tenants_schema (db_host, db_port, db_schema)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Logins and e-mails are unique across all tenants, ignoring case (the
-- collation is case-insensitive), so one can sign in without naming the
-- organisation.
CREATE TABLE users (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  tenant_id BIGINT UNSIGNED NOT NULL,
  login VARCHAR(100) NOT NULL,
  email VARCHAR(254) NOT NULL,
  display_name VARCHAR(200) NOT NULL DEFAULT '',
  role ENUM('admin', 'member') NOT NULL DEFAULT 'member',
  status ENUM('active', 'disabled', 'invited') NOT NULL DEFAULT 'active',
  password_hash VARCHAR(255) NULL,
  password_changed_at DATETIME(3) NULL,
  created_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  UNIQUE KEY uq_users_login (login),
  UNIQUE KEY uq_users_email (email),
  KEY ix_users_tenant (tenant_id, id),
  CONSTRAINT fk_users_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Sessions are found by the SHA-256 of their token; the token itself is
-- never stored.
CREATE TABLE sessions (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  token_hash BINARY(32) NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  tenant_id BIGINT UNSIGNED NOT NULL,
  state ENUM('full', 'pending_2fa', 'enrol_only') NOT NULL,
  csrf_token CHAR(43) NOT NULL,
  client ENUM('web', 'pulse') NOT NULL DEFAULT 'web',
  ip VARCHAR(45) NOT NULL DEFAULT '',
  user_agent VARCHAR(255) NOT NULL DEFAULT '',
  twofa_failures INT UNSIGNED NOT NULL DEFAULT 0,
  created_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  last_seen_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  expires_at DATETIME(3) NOT NULL,
  revoked_at DATETIME(3) NULL,
  UNIQUE KEY uq_sessions_token (token_hash),
  KEY ix_sessions_user (user_id, revoked_at),
  CONSTRAINT fk_sessions_user FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT fk_sessions_tenant FOREIGN KEY (tenant_id)
    REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Security events. The detail never holds secrets.
CREATE TABLE audit_log (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  tenant_id BIGINT UNSIGNED NULL,
  user_id BIGINT UNSIGNED NULL,
  ip VARCHAR(45) NOT NULL DEFAULT '',
  event VARCHAR(64) NOT NULL,
  detail VARCHAR(2000) NOT NULL DEFAULT '',
  KEY ix_audit_tenant (tenant_id, id),
  KEY ix_audit_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
