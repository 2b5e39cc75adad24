-- Single sign-on: Homeroom as an OpenID Connect provider. Secrets and tokens only as SHA-256.
CREATE TABLE oidc_client (
    client_id   TEXT PRIMARY KEY CHECK (length(client_id) BETWEEN 1 AND 64),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    secret_hash TEXT CHECK (length(secret_hash) = 64),
    settings    TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE oidc_subject (
    username TEXT PRIMARY KEY,
    subject  TEXT NOT NULL UNIQUE
);

CREATE TABLE oidc_pending (
    id_hash    TEXT PRIMARY KEY,
    request    TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE oidc_code (
    code_hash  TEXT PRIMARY KEY,
    client_id  TEXT NOT NULL,
    grant_data TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);

CREATE TABLE oidc_token (
    token_hash TEXT PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
    client_id  TEXT NOT NULL,
    username   TEXT NOT NULL,
    family     TEXT NOT NULL,
    grant_data TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT,
    revoked_at BIGINT
);
CREATE INDEX oidc_token_family ON oidc_token(family);
CREATE INDEX oidc_token_expires ON oidc_token(expires_at);

CREATE TABLE oidc_signing_key (
    kid         TEXT PRIMARY KEY,
    alg         TEXT NOT NULL CHECK (alg IN ('RS256', 'ES256')),
    private_pem TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    retired_at  BIGINT
);
