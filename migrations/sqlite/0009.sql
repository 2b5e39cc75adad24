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
