-- Who a browser session is signed in as (NULL until it is, and again once ended elsewhere), so
-- the metrics count the signed-in ones; and the locked accounts, counted the same way.
ALTER TABLE web_session ADD COLUMN username TEXT;
CREATE INDEX web_session_username ON web_session(username) WHERE username IS NOT NULL;
CREATE INDEX account_guard_locked ON account_guard(locked_at) WHERE locked_at IS NOT NULL;
