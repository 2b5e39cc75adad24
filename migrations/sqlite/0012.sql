-- QR badges for the youngest students (Badge): the QR holds a 160-bit secret and a short code is
-- printed under it for typing; only their SHA-256 are kept. At most one badge per student:
-- printing another replaces it, revoking deletes it.
CREATE TABLE badge (
    student_id TEXT PRIMARY KEY NOT NULL REFERENCES student(student_id) ON DELETE CASCADE,
    secret_hash TEXT NOT NULL UNIQUE,
    short_hash  TEXT NOT NULL UNIQUE,
    issued_at   TEXT NOT NULL
);
