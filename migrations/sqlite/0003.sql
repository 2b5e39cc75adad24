-- Self-service reset: consecutive failed resets and the lock they set; and per-day counters
-- (Forgot Username's daily limit per account).
ALTER TABLE account_guard ADD COLUMN failed_resets INTEGER NOT NULL DEFAULT 0 CHECK (failed_resets >= 0);
ALTER TABLE account_guard ADD COLUMN reset_locked_until TEXT;

CREATE TABLE daily_request (
    scope TEXT NOT NULL CHECK (length(scope) BETWEEN 1 AND 64),
    key   TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 128),
    day   TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    count INTEGER NOT NULL CHECK (count >= 1),
    PRIMARY KEY (scope, key, day)
);
