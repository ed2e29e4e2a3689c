-- Login hardening: failed-login counters shared by every app server, and
-- the single-use tokens of invitation and password-reset mails.

-- One row per throttled key and window. The key is the SHA-256 of
-- "account:<user id or typed name>" or "ip:<client address>", so unknown
-- names are counted exactly like known accounts. Rows are updated with
-- INSERT ... ON DUPLICATE KEY UPDATE, which is atomic across servers.
CREATE TABLE login_attempts (
  kind ENUM('account', 'ip') NOT NULL,
  key_hash BINARY(32) NOT NULL,
  window_start DATETIME(3) NOT NULL,
  failures INT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (kind, key_hash),
  KEY ix_attempts_window (window_start)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Invitation and reset links. Only the SHA-256 of the token is stored; a
-- token is used once (used_at) and never after expires_at.
CREATE TABLE user_tokens (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  token_hash BINARY(32) NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  kind ENUM('invitation', 'reset') NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  expires_at DATETIME(3) NOT NULL,
  used_at DATETIME(3) NULL,
  UNIQUE KEY uq_user_tokens_hash (token_hash),
  KEY ix_user_tokens_user (user_id, kind),
  CONSTRAINT fk_user_tokens_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
