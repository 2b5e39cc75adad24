-- The technician's search by name. Each student's name words, folded by the server as SQLite's
-- unicode61 tokenizer folds them (SearchText: case and accents, apostrophes and periods taken
-- out), one row per word; a word prefix of a query is one range of this key (COLLATE "C" makes
-- `LIKE 'nun%'` a range scan). Kept by the writes that change names, in their transaction.
CREATE TABLE student_name_word (
    word       TEXT COLLATE "C" NOT NULL,
    student_id TEXT NOT NULL REFERENCES student(student_id) ON DELETE CASCADE,
    PRIMARY KEY (word, student_id)
);
CREATE INDEX student_name_word_student ON student_name_word(student_id);
CREATE INDEX student_sort ON student(last_name, first_name, student_id);
