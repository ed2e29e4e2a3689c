-- Sign-in with OpenID Connect providers (Google, LinkedIn, any other one
-- configured): which provider identity belongs to which user, the state of
-- sign-ins under way, and which providers each organisation allows.

-- A provider's subject ("sub") is stable and case-sensitive, hence binary.
-- One identity per provider and user; one user per provider identity.
CREATE TABLE user_identities (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT UNSIGNED NOT NULL,
  provider VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  subject VARBINARY(255) NOT NULL,
  email VARCHAR(254) NOT NULL DEFAULT '',
  created_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  last_used_at DATETIME(3) NULL,
  UNIQUE KEY uq_identities_subject (provider, subject),
  UNIQUE KEY uq_identities_user (user_id, provider),
  CONSTRAINT fk_identities_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per sign-in sent to a provider. Only hashes are kept: of the
-- state (what the provider sends back) and of the browser binding (a
-- cookie set when the flow started). The nonce and the PKCE verifier are
-- not stored at all: both are derived from the binding and the state, and
-- only the browser holds the binding. A row is used once (used_at) and
-- never after expires_at.
CREATE TABLE oauth_states (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  state_hash BINARY(32) NOT NULL,
  binding_hash BINARY(32) NOT NULL,
  provider VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  purpose ENUM('login', 'link') NOT NULL,
  -- For linking: the signed-in session that asked for it.
  session_id BIGINT UNSIGNED NULL,
  next_path VARCHAR(512) NOT NULL DEFAULT '/',
  ip VARCHAR(45) NOT NULL DEFAULT '',
  created_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  expires_at DATETIME(3) NOT NULL,
  used_at DATETIME(3) NULL,
  UNIQUE KEY uq_oauth_states_hash (state_hash),
  KEY ix_oauth_states_expiry (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Providers an organisation has turned off. No row: allowed (a provider
-- added to the configuration later is allowed until an admin says no).
CREATE TABLE tenant_oauth_providers (
  tenant_id BIGINT UNSIGNED NOT NULL,
  provider VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  enabled TINYINT(1) NOT NULL,
  updated_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  PRIMARY KEY (tenant_id, provider),
  CONSTRAINT fk_tenant_oauth_tenant FOREIGN KEY (tenant_id)
    REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
