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
