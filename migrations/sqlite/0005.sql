-- Back-channel logout: the apps each sign-in (sid) was given a code for, and the logout tokens
-- waiting to be delivered when that sign-in (or every session of its account) ends.
CREATE TABLE oidc_session_client (
    sid       TEXT NOT NULL,
    client_id TEXT NOT NULL,
    username  TEXT NOT NULL,
    PRIMARY KEY (sid, client_id)
);
CREATE INDEX oidc_session_client_username ON oidc_session_client(username);

CREATE TABLE oidc_logout (
    id        INTEGER PRIMARY KEY,
    client_id TEXT NOT NULL,
    uri       TEXT NOT NULL,
    sid       TEXT NOT NULL,
    username  TEXT NOT NULL,
    attempts  INTEGER NOT NULL DEFAULT 0,
    next_at   TEXT NOT NULL
);
