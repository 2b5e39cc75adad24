-- SQLite's step 9 rebuilt the student table for speed (its CHECK constraints said without IN,
-- and WITHOUT ROWID). PostgreSQL evaluates IN lists once and keeps a table and its key's index
-- as it always does: the rules are the same, and there is nothing to change here. The step is
-- kept so that both dialects number their migrations alike.
SELECT 1;
