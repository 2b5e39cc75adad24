-- Times are integers: milliseconds since 1970 (UTC), supplied by the server, never the
-- database's clock. Booleans the SQLite schema keeps as 0/1 are 0/1 here too, so statements that
-- compare them read the same on both.
CREATE TABLE student (
    student_id       TEXT PRIMARY KEY CHECK (student_id ~ '^[0-9]{7}$'),
    last_name        TEXT NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
    first_name       TEXT NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
    middle_name      TEXT NOT NULL DEFAULT '' CHECK (length(middle_name) <= 100),
    birth_date       TEXT CHECK (birth_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    grade            TEXT CHECK (grade IN ('PK','KG','01','02','03','04','05','06','07','08','09','10','11','12')),
    school           TEXT CHECK (length(school) <= 200),
    homeroom_teacher TEXT CHECK (length(homeroom_teacher) <= 200),
    active           SMALLINT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    password_hash    TEXT CHECK (password_hash LIKE '$argon2id$%'),
    claimed_at       BIGINT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
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
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             BIGINT NOT NULL,
    client_address TEXT NOT NULL,
    actor          TEXT,
    action         TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 64),
    subject        TEXT CHECK (length(subject) <= 128),
    outcome        TEXT NOT NULL CHECK (outcome IN ('success', 'failure', 'throttled')),
    reason         TEXT
);
CREATE INDEX audit_event_at ON audit_event(at);
CREATE INDEX audit_event_subject ON audit_event(subject, at);

-- Failed attempts counted by the throttles, and the locks they set.
CREATE TABLE throttle_failure (
    id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scope TEXT NOT NULL,
    key   TEXT NOT NULL,
    at    BIGINT NOT NULL
);
CREATE INDEX throttle_failure_key ON throttle_failure(scope, key, at);

CREATE TABLE throttle_lock (
    scope        TEXT NOT NULL,
    key          TEXT NOT NULL,
    locked_until BIGINT NOT NULL,
    PRIMARY KEY (scope, key)
);

-- Server-side browser sessions (HummingbirdAuth's persist driver); the key is a SHA-256 of the cookie.
CREATE TABLE web_session (
    key        TEXT PRIMARY KEY,
    value      BYTEA NOT NULL,
    expires_at BIGINT
);
CREATE INDEX web_session_expires ON web_session(expires_at);

-- Server secrets made by whichever node starts first (the CSRF key and the like).
CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
