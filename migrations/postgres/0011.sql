-- One-time codes a technician or a teacher hands a student on paper: at most one per student,
-- only its SHA-256 kept.
CREATE TABLE one_time_code (
    student_id TEXT PRIMARY KEY REFERENCES student(student_id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('claim', 'reset')),
    code_hash  TEXT NOT NULL UNIQUE,
    issued_at  BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
