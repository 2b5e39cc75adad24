-- Single sign-on: Homeroom as an OpenID Connect provider. Every secret and token is stored only
-- as its SHA-256 (they are random, 256 bits: a slow hash adds nothing); signing keys are the
-- server's own.
CREATE TABLE oidc_client (
    client_id   TEXT PRIMARY KEY NOT NULL CHECK (length(client_id) BETWEEN 1 AND 64),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- NULL for a public client (native or single-page app, PKCE instead of a secret).
    secret_hash TEXT CHECK (secret_hash IS NULL OR length(secret_hash) = 64),
    -- The registration: redirect URIs, who may use the app, flags (JSON, see OIDCClient).
    settings    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- The subject an account has in every token, made once and never changed or reused.
CREATE TABLE oidc_subject (
    username TEXT PRIMARY KEY NOT NULL,
    subject  TEXT NOT NULL UNIQUE
);

-- Authorization requests waiting for their person to sign in (the browser holds the id).
CREATE TABLE oidc_pending (
    id_hash    TEXT PRIMARY KEY NOT NULL,
    request    TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Authorization codes: single use, short-lived, bound to what was granted.
CREATE TABLE oidc_code (
    code_hash  TEXT PRIMARY KEY NOT NULL,
    client_id  TEXT NOT NULL,
    grant_data TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);

-- Access and refresh tokens. A family is every token issued from one code: a reused code or
-- refresh token revokes it whole.
CREATE TABLE oidc_token (
    token_hash TEXT PRIMARY KEY NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
    client_id  TEXT NOT NULL,
    username   TEXT NOT NULL,
    family     TEXT NOT NULL,
    grant_data TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT,
    revoked_at TEXT
);
CREATE INDEX oidc_token_family ON oidc_token(family);
CREATE INDEX oidc_token_expires ON oidc_token(expires_at);

-- The keys id_tokens are signed with; a retired key stays published until its tokens expired.
CREATE TABLE oidc_signing_key (
    kid         TEXT PRIMARY KEY NOT NULL,
    alg         TEXT NOT NULL CHECK (alg IN ('RS256', 'ES256')),
    private_pem TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    retired_at  TEXT
);
