-- Applications, their history and their invoices. PostgreSQL dialect; the SQLite twin lives
-- in ../sqlite. Times are unix seconds (UTC); dates are ISO text in East Africa Time.

CREATE TABLE applications (
    application_id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Public reference the citizen quotes (APP-XXXXXXXX).
    reference         TEXT NOT NULL UNIQUE,
    citizen_id        BIGINT NOT NULL REFERENCES accounts (account_id),
    service_code      TEXT NOT NULL,
    -- The service's agency when applied for: whose officers may decide it.
    agency_code       TEXT NOT NULL,
    variant_code      TEXT NOT NULL,
    state             TEXT NOT NULL,
    -- JSON object of normalised answers; frozen once submitted.
    answers           TEXT NOT NULL DEFAULT '{}',
    -- Set at submission: what was applied for, priced from the stored service.
    snapshot_hash     TEXT,
    amount_minor      BIGINT,
    convenience_minor BIGINT,
    currency          TEXT,
    submitted_at      BIGINT,
    due_date          TEXT,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    -- Optimistic lock: every change names the version it read.
    version           BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX applications_citizen ON applications (citizen_id, updated_at);
CREATE INDEX applications_agency ON applications (agency_code, state, updated_at);

CREATE TABLE application_events (
    event_id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications (application_id),
    at             BIGINT NOT NULL,
    from_state     TEXT NOT NULL,
    to_state       TEXT NOT NULL,
    event          TEXT NOT NULL,
    actor_id       BIGINT,
    actor_role     TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX application_events_app ON application_events (application_id, at);

CREATE TABLE invoices (
    bill_ref          TEXT PRIMARY KEY,
    application_id    BIGINT NOT NULL UNIQUE REFERENCES applications (application_id),
    amount_minor      BIGINT NOT NULL,
    convenience_minor BIGINT NOT NULL,
    total_minor       BIGINT NOT NULL CHECK (total_minor = amount_minor + convenience_minor),
    currency          TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'unpaid',
    created_at        BIGINT NOT NULL
);

-- Documents issued from approved applications: immutable, built only from the submitted
-- snapshot, verifiable by number at /v1/documents/{number}.
CREATE TABLE issued_documents (
    number         TEXT PRIMARY KEY,
    application_id BIGINT NOT NULL UNIQUE REFERENCES applications (application_id),
    citizen_id     BIGINT NOT NULL REFERENCES accounts (account_id),
    service_code   TEXT NOT NULL,
    variant_code   TEXT NOT NULL,
    holder_name    TEXT NOT NULL,
    snapshot_hash  TEXT NOT NULL,
    -- JSON: service and agency names, option label and answers as applied for.
    details        TEXT NOT NULL,
    issued_at      BIGINT NOT NULL,
    issued_by      BIGINT NOT NULL REFERENCES accounts (account_id)
);
