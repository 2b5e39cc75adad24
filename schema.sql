-- Homeroom's one schema. Each "-- migrate:N" block is applied once, in order, in one
-- transaction, and the database remembers which blocks it has (GRDB's grdb_migrations table).
-- Change the schema only by adding a new block at the end: never edit a block that has shipped.

-- migrate:1
CREATE TABLE student (
    student_id       TEXT PRIMARY KEY NOT NULL
                     CHECK (length(student_id) = 7 AND student_id NOT GLOB '*[^0-9]*'),
    last_name        TEXT NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
    first_name       TEXT NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
    middle_name      TEXT NOT NULL DEFAULT '' CHECK (length(middle_name) <= 100),
    birth_date       TEXT CHECK (birth_date IS NULL OR birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    grade            TEXT CHECK (grade IS NULL OR grade IN ('PK','KG','01','02','03','04','05','06','07','08','09','10','11','12')),
    school           TEXT CHECK (school IS NULL OR length(school) <= 200),
    homeroom_teacher TEXT CHECK (homeroom_teacher IS NULL OR length(homeroom_teacher) <= 200),
    active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    password_hash    TEXT CHECK (password_hash IS NULL OR password_hash LIKE '$argon2id$%'),
    claimed_at       TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK ((password_hash IS NULL) = (claimed_at IS NULL))
);

CREATE TABLE challenge_answer (
    student_id  TEXT NOT NULL REFERENCES student(student_id) ON DELETE CASCADE,
    question_id TEXT NOT NULL CHECK (length(question_id) BETWEEN 1 AND 64),
    answer_hash TEXT NOT NULL CHECK (answer_hash LIKE '$argon2id$%'),
    PRIMARY KEY (student_id, question_id)
);

-- Every security-relevant event. Never a password or an answer.
CREATE TABLE audit_event (
    id             INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    client_address TEXT NOT NULL,
    actor          TEXT,
    action         TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 64),
    subject        TEXT CHECK (subject IS NULL OR length(subject) <= 128),
    outcome        TEXT NOT NULL CHECK (outcome IN ('success', 'failure', 'throttled')),
    reason         TEXT
);
CREATE INDEX audit_event_at ON audit_event(at);
CREATE INDEX audit_event_subject ON audit_event(subject, at);

-- Failed attempts counted by the throttles, and the locks they set.
CREATE TABLE throttle_failure (
    id    INTEGER PRIMARY KEY,
    scope TEXT NOT NULL,
    key   TEXT NOT NULL,
    at    TEXT NOT NULL
);
CREATE INDEX throttle_failure_key ON throttle_failure(scope, key, at);

CREATE TABLE throttle_lock (
    scope        TEXT NOT NULL,
    key          TEXT NOT NULL,
    locked_until TEXT NOT NULL,
    PRIMARY KEY (scope, key)
);

-- Server-side browser sessions (HummingbirdAuth's persist driver); the key is a SHA-256 of the cookie.
CREATE TABLE web_session (
    key        TEXT PRIMARY KEY NOT NULL,
    value      BLOB NOT NULL,
    expires_at TEXT
);
CREATE INDEX web_session_expires ON web_session(expires_at);

-- Server secrets made at first start (the CSRF key).
CREATE TABLE setting (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

-- migrate:2
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

-- migrate:3
-- Self-service reset: consecutive failed resets and the lock they set; and per-day counters
-- (Forgot Username's daily limit per account).
ALTER TABLE account_guard ADD COLUMN failed_resets INTEGER NOT NULL DEFAULT 0 CHECK (failed_resets >= 0);
ALTER TABLE account_guard ADD COLUMN reset_locked_until TEXT;

CREATE TABLE daily_request (
    scope TEXT NOT NULL CHECK (length(scope) BETWEEN 1 AND 64),
    key   TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 128),
    day   TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    count INTEGER NOT NULL CHECK (count >= 1),
    PRIMARY KEY (scope, key, day)
);

-- migrate:4
-- Single sign-on: Homeroom as an OpenID Connect provider. Every secret and token is stored only
-- as its SHA-256 (they are random, 256 bits: a slow hash adds nothing); signing keys are the
-- server's own.
CREATE TABLE oidc_client (
    client_id   TEXT PRIMARY KEY NOT NULL CHECK (length(client_id) BETWEEN 1 AND 64),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- NULL for a public client (native or single-page app, PKCE instead of a secret).
    secret_hash TEXT CHECK (secret_hash IS NULL OR length(secret_hash) = 64),
    -- The registration: redirect URIs, who may use the app, flags (JSON, see OIDCClient).
    settings    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- The subject an account has in every token, made once and never changed or reused.
CREATE TABLE oidc_subject (
    username TEXT PRIMARY KEY NOT NULL,
    subject  TEXT NOT NULL UNIQUE
);

-- Authorization requests waiting for their person to sign in (the browser holds the id).
CREATE TABLE oidc_pending (
    id_hash    TEXT PRIMARY KEY NOT NULL,
    request    TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Authorization codes: single use, short-lived, bound to what was granted.
CREATE TABLE oidc_code (
    code_hash  TEXT PRIMARY KEY NOT NULL,
    client_id  TEXT NOT NULL,
    grant_data TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);

-- Access and refresh tokens. A family is every token issued from one code: a reused code or
-- refresh token revokes it whole.
CREATE TABLE oidc_token (
    token_hash TEXT PRIMARY KEY NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
    client_id  TEXT NOT NULL,
    username   TEXT NOT NULL,
    family     TEXT NOT NULL,
    grant_data TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT,
    revoked_at TEXT
);
CREATE INDEX oidc_token_family ON oidc_token(family);
CREATE INDEX oidc_token_expires ON oidc_token(expires_at);

-- The keys id_tokens are signed with; a retired key stays published until its tokens expired.
CREATE TABLE oidc_signing_key (
    kid         TEXT PRIMARY KEY NOT NULL,
    alg         TEXT NOT NULL CHECK (alg IN ('RS256', 'ES256')),
    private_pem TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    retired_at  TEXT
);

-- migrate:5
-- Back-channel logout: the apps each sign-in (sid) was given a code for, and the logout tokens
-- waiting to be delivered when that sign-in (or every session of its account) ends.
CREATE TABLE oidc_session_client (
    sid       TEXT NOT NULL,
    client_id TEXT NOT NULL,
    username  TEXT NOT NULL,
    PRIMARY KEY (sid, client_id)
);
CREATE INDEX oidc_session_client_username ON oidc_session_client(username);

CREATE TABLE oidc_logout (
    id        INTEGER PRIMARY KEY,
    client_id TEXT NOT NULL,
    uri       TEXT NOT NULL,
    sid       TEXT NOT NULL,
    username  TEXT NOT NULL,
    attempts  INTEGER NOT NULL DEFAULT 0,
    next_at   TEXT NOT NULL
);

-- migrate:6
-- What a person allowed an app that asks for consent: its scopes, until withdrawn.
CREATE TABLE oidc_consent (
    username   TEXT NOT NULL,
    client_id  TEXT NOT NULL,
    scopes     TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    PRIMARY KEY (username, client_id)
);

-- migrate:7
-- A staff member's own email address, for single sign-on's `email` scope (else the staff domain).
ALTER TABLE staff ADD COLUMN email TEXT CHECK (email IS NULL OR (length(email) BETWEEN 3 AND 254 AND email LIKE '%_@_%'));

-- migrate:8
-- Who a browser session is signed in as (NULL until it is, and again once ended elsewhere), so
-- the metrics count the signed-in ones; and the locked accounts, counted the same way.
ALTER TABLE web_session ADD COLUMN username TEXT;
CREATE INDEX web_session_username ON web_session(username) WHERE username IS NOT NULL;
CREATE INDEX account_guard_locked ON account_guard(locked_at) WHERE locked_at IS NOT NULL;

-- migrate:9
-- The student table again, its grade and active rules said without IN: in a CHECK constraint
-- SQLite builds an IN list again for every row written (about 4 µs a row for the grades, the
-- largest part of writing a million students); these comparisons are the same rules at a tenth
-- of that. And WITHOUT ROWID: the rows live in the student ID's B-tree, so writing a student
-- writes one B-tree, not a table and its key's index. Every other column and rule is as before.
-- SQLite changes a constraint this way: a new table, the rows copied, the old one dropped (GRDB
-- turns foreign keys off during a migration and checks them after).
CREATE TABLE student_new (
    student_id       TEXT PRIMARY KEY NOT NULL
                     CHECK (length(student_id) = 7 AND student_id NOT GLOB '*[^0-9]*'),
    last_name        TEXT NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
    first_name       TEXT NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
    middle_name      TEXT NOT NULL DEFAULT '' CHECK (length(middle_name) <= 100),
    birth_date       TEXT CHECK (birth_date IS NULL OR birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    grade            TEXT CHECK (grade IS NULL OR grade = 'PK' OR grade = 'KG' OR grade GLOB '0[1-9]' OR grade GLOB '1[0-2]'),
    school           TEXT CHECK (school IS NULL OR length(school) <= 200),
    homeroom_teacher TEXT CHECK (homeroom_teacher IS NULL OR length(homeroom_teacher) <= 200),
    active           INTEGER NOT NULL DEFAULT 1 CHECK (active = 0 OR active = 1),
    password_hash    TEXT CHECK (password_hash IS NULL OR password_hash LIKE '$argon2id$%'),
    claimed_at       TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK ((password_hash IS NULL) = (claimed_at IS NULL))
) WITHOUT ROWID;
INSERT INTO student_new SELECT * FROM student;
DROP TABLE student;
ALTER TABLE student_new RENAME TO student;

-- migrate:10
-- The technician's search by name (AppDatabase+Search): an FTS5 index of each student's names,
-- folded by its unicode61 tokenizer (case, and accents with remove_diacritics 2; letters,
-- numbers and marks make tokens), so a word prefix of a query (`"nun"*`) is one range of its
-- terms. Contentless and detail=none: it keeps only which students have which words, the
-- smallest index and the fastest to build (about two seconds for a million students). Its rowid
-- is the student ID as a number (`CAST(student_id AS INTEGER)`: IDs are 7 digits, so it is
-- unique, and the student table has no rowid). The text indexed is made by
-- StudentSearchIndex.text (the names, and again without apostrophes and periods, so "O'Brien" is
-- found as "obrien" as well as "o" and "brien"); the writes that change names (the roster
-- import) keep it in the same transaction, and this migration's follow-up
-- (AppDatabase.migrator) fills it for the students already here.
CREATE VIRTUAL TABLE student_search USING fts5(
    names, content = '', detail = none, columnsize = 0,
    tokenize = 'unicode61 remove_diacritics 2 categories ''L* N* Co M*'''
);
-- Each student's last and first names by the index's rowid, in a table of their own, so a search
-- that matches many students (a common prefix matches a hundred thousand of a million) orders them
-- reading narrow rows in rowid order rather than whole student rows. Kept with student_search.
CREATE TABLE student_sort (
    id         INTEGER PRIMARY KEY,
    last_name  TEXT NOT NULL,
    first_name TEXT NOT NULL
);

-- migrate:11
-- One-time codes a technician or a teacher hands a student on paper (OneTimeCode): a claim code
-- for an unclaimed student, a reset code for a claimed one. At most one per student: issuing
-- another replaces it, and using or revoking it deletes it (the audit log keeps each). Only the
-- code's SHA-256 is kept; 60 random bits cannot be searched from the portal.
CREATE TABLE one_time_code (
    student_id TEXT PRIMARY KEY NOT NULL REFERENCES student(student_id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind = 'claim' OR kind = 'reset'),
    code_hash  TEXT NOT NULL UNIQUE,
    issued_at  TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- migrate:12
-- QR badges for the youngest students (Badge): the QR holds a 160-bit secret and a short code is
-- printed under it for typing; only their SHA-256 are kept. At most one badge per student:
-- printing another replaces it, revoking deletes it.
CREATE TABLE badge (
    student_id TEXT PRIMARY KEY NOT NULL REFERENCES student(student_id) ON DELETE CASCADE,
    secret_hash TEXT NOT NULL UNIQUE,
    short_hash  TEXT NOT NULL UNIQUE,
    issued_at   TEXT NOT NULL
);
