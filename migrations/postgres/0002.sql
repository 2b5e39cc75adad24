-- Staff accounts. Without a password_hash the account signs in through PAM (when enabled).
-- A staff username never looks like a student's ("s" and seven digits).
CREATE TABLE staff (
    username      TEXT PRIMARY KEY
                  CHECK (username ~ '^[a-z_][a-z0-9._@-]{0,63}$' AND username !~ '^s[0-9]{7}$'),
    display_name  TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    role          TEXT NOT NULL CHECK (role IN ('teacher', 'technician', 'admin')),
    password_hash TEXT CHECK (password_hash LIKE '$argon2id$%'),
    active        SMALLINT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);

-- The sign-in guard of one username, student or staff, existing or not (see migrations/sqlite).
CREATE TABLE account_guard (
    username        TEXT PRIMARY KEY CHECK (length(username) BETWEEN 1 AND 64),
    failed_sign_ins INTEGER NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
    last_failed_at  BIGINT,
    locked_at       BIGINT,
    session_epoch   INTEGER NOT NULL DEFAULT 0 CHECK (session_epoch >= 0)
);
