-- What a person allowed an app that asks for consent: its scopes, until withdrawn.
CREATE TABLE oidc_consent (
    username   TEXT NOT NULL,
    client_id  TEXT NOT NULL,
    scopes     TEXT NOT NULL,
    granted_at BIGINT NOT NULL,
    PRIMARY KEY (username, client_id)
);
