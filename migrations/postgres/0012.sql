-- QR badges for the youngest students: at most one per student, only SHA-256s kept.
CREATE TABLE badge (
    student_id  TEXT PRIMARY KEY REFERENCES student(student_id) ON DELETE CASCADE,
    secret_hash TEXT NOT NULL UNIQUE,
    short_hash  TEXT NOT NULL UNIQUE,
    issued_at   BIGINT NOT NULL
);
