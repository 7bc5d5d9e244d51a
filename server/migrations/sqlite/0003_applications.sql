-- Applications, their history and their invoices. SQLite dialect; the PostgreSQL twin lives
-- in ../postgres. Times are unix seconds (UTC); dates are ISO text in East Africa Time.

CREATE TABLE applications (
    application_id    INTEGER PRIMARY KEY,
    -- Public reference the citizen quotes (APP-XXXXXXXX).
    reference         TEXT NOT NULL UNIQUE,
    citizen_id        INTEGER NOT NULL REFERENCES accounts (account_id),
    service_code      TEXT NOT NULL,
    -- The service's agency when applied for: whose officers may decide it.
    agency_code       TEXT NOT NULL,
    variant_code      TEXT NOT NULL,
    state             TEXT NOT NULL,
    -- JSON object of normalised answers; frozen once submitted.
    answers           TEXT NOT NULL DEFAULT '{}',
    -- Set at submission: what was applied for, priced from the stored service.
    snapshot_hash     TEXT,
    amount_minor      INTEGER,
    convenience_minor INTEGER,
    currency          TEXT,
    submitted_at      INTEGER,
    due_date          TEXT,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    -- Optimistic lock: every change names the version it read.
    version           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX applications_citizen ON applications (citizen_id, updated_at);
CREATE INDEX applications_agency ON applications (agency_code, state, updated_at);

CREATE TABLE application_events (
    event_id       INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (application_id),
    at             INTEGER NOT NULL,
    from_state     TEXT NOT NULL,
    to_state       TEXT NOT NULL,
    event          TEXT NOT NULL,
    actor_id       INTEGER,
    actor_role     TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX application_events_app ON application_events (application_id, at);

CREATE TABLE invoices (
    bill_ref          TEXT PRIMARY KEY,
    application_id    INTEGER NOT NULL UNIQUE REFERENCES applications (application_id),
    amount_minor      INTEGER NOT NULL,
    convenience_minor INTEGER NOT NULL,
    total_minor       INTEGER NOT NULL CHECK (total_minor = amount_minor + convenience_minor),
    currency          TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'unpaid',
    created_at        INTEGER NOT NULL
);

-- Documents issued from approved applications: immutable, built only from the submitted
-- snapshot, verifiable by number at /v1/documents/{number}.
CREATE TABLE issued_documents (
    number         TEXT PRIMARY KEY,
    application_id INTEGER NOT NULL UNIQUE REFERENCES applications (application_id),
    citizen_id     INTEGER NOT NULL REFERENCES accounts (account_id),
    service_code   TEXT NOT NULL,
    variant_code   TEXT NOT NULL,
    holder_name    TEXT NOT NULL,
    snapshot_hash  TEXT NOT NULL,
    -- JSON: service and agency names, option label and answers as applied for.
    details        TEXT NOT NULL,
    issued_at      INTEGER NOT NULL,
    issued_by      INTEGER NOT NULL REFERENCES accounts (account_id)
);
