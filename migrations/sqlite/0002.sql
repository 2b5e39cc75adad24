-- Staff accounts. Without a password_hash the account signs in through PAM (when enabled).
-- A staff username never looks like a student's ("s" and seven digits).
CREATE TABLE staff (
    username      TEXT PRIMARY KEY NOT NULL
                  CHECK (length(username) BETWEEN 1 AND 64
                         AND username GLOB '[a-z_]*'
                         AND username NOT GLOB '*[^a-z0-9._@-]*'
                         AND username NOT GLOB 's[0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    display_name  TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    role          TEXT NOT NULL CHECK (role IN ('teacher', 'technician', 'admin')),
    password_hash TEXT CHECK (password_hash IS NULL OR password_hash LIKE '$argon2id$%'),
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

-- The sign-in guard of one username, student or staff, existing or not (so an unknown name
-- behaves exactly like a real one): consecutive failed sign-ins, the lock they set at the
-- limit (lifted only by a technician or a successful reset), and the session epoch (raising it
-- ends every session of the account).
CREATE TABLE account_guard (
    username        TEXT PRIMARY KEY NOT NULL CHECK (length(username) BETWEEN 1 AND 64),
    failed_sign_ins INTEGER NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
    last_failed_at  TEXT,
    locked_at       TEXT,
    session_epoch   INTEGER NOT NULL DEFAULT 0 CHECK (session_epoch >= 0)
);
