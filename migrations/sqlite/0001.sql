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
