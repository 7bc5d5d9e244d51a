-- Accounts, sessions, one-time codes, audit and privacy logs. SQLite dialect; the PostgreSQL
-- twin lives in ../postgres. Times are unix seconds (UTC) in 64-bit integers.

CREATE TABLE accounts (
    account_id      INTEGER PRIMARY KEY,
    account_type    TEXT NOT NULL CHECK (account_type IN ('citizen', 'resident', 'refugee', 'diplomat', 'foreigner', 'business')),
    role            TEXT NOT NULL CHECK (role IN ('citizen', 'agent', 'agency_officer', 'agency_admin', 'agency_finance', 'platform_admin')),
    -- Staff belong to one agency; agency roles must name one.
    agency_code     TEXT REFERENCES agencies (code),
    document_kind   TEXT NOT NULL CHECK (document_kind IN ('national_id', 'alien_id', 'refugee_id', 'diplomatic_id', 'passport')),
    document_number TEXT NOT NULL,
    first_name      TEXT NOT NULL,
    other_names     TEXT NOT NULL,
    year_of_birth   INTEGER NOT NULL,
    -- Not unique: families in Kenya often share one phone.
    phone           TEXT NOT NULL,
    email           TEXT,
    password_hash   TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    UNIQUE (document_kind, document_number),
    CHECK (role NOT IN ('agency_officer', 'agency_admin', 'agency_finance') OR agency_code IS NOT NULL)
);
CREATE UNIQUE INDEX accounts_email ON accounts (lower(email));
CREATE INDEX accounts_document_number ON accounts (document_number);

CREATE TABLE sessions (
    token_hash       TEXT PRIMARY KEY,
    public_id        TEXT NOT NULL UNIQUE,
    account_id       INTEGER REFERENCES accounts (account_id) ON DELETE CASCADE,
    stage            TEXT NOT NULL,
    data             TEXT NOT NULL DEFAULT '{}',
    created_at       INTEGER NOT NULL,
    last_seen_at     INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    authenticated_at INTEGER,
    user_agent       TEXT NOT NULL DEFAULT '',
    client_ip        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- One row per code sent: also the log the send limits count.
CREATE TABLE otp_challenges (
    challenge_id TEXT PRIMARY KEY,
    session_hash TEXT NOT NULL,
    account_id   INTEGER REFERENCES accounts (account_id) ON DELETE CASCADE,
    purpose      TEXT NOT NULL,
    channel      TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
    destination  TEXT NOT NULL,
    code_hash    TEXT NOT NULL,
    client_ip    TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    consumed_at  INTEGER
);
CREATE INDEX otp_session ON otp_challenges (session_hash, purpose, created_at);
CREATE INDEX otp_destination ON otp_challenges (destination, created_at);
CREATE INDEX otp_account ON otp_challenges (account_id, created_at);
CREATE INDEX otp_client_ip ON otp_challenges (client_ip, created_at);

CREATE TABLE audit_log (
    event_id   INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    account_id INTEGER,
    actor_id   INTEGER,
    client_ip  TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_account ON audit_log (account_id, at);

-- "Who viewed my data": every read of a citizen's record by someone else.
CREATE TABLE data_access_log (
    access_id   INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    citizen_id  INTEGER NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
    viewer_id   INTEGER NOT NULL REFERENCES accounts (account_id),
    viewer_name TEXT NOT NULL,
    viewer_role TEXT NOT NULL,
    agency_code TEXT,
    what        TEXT NOT NULL
);
CREATE INDEX data_access_citizen ON data_access_log (citizen_id, at);

CREATE TABLE consents (
    consent_id   INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
    purpose      TEXT NOT NULL,
    version      TEXT NOT NULL,
    granted_at   INTEGER NOT NULL,
    withdrawn_at INTEGER
);
CREATE INDEX consents_account ON consents (account_id);
