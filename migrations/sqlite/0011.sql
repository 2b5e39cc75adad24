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
