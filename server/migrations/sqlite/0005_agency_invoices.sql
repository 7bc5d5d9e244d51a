-- Agencies' own systems bill citizens through the API: API keys, and invoices that belong to
-- an agency rather than to an application. SQLite cannot drop NOT NULL in place, so invoices
-- is rebuilt (SQLite's documented procedure; foreign keys are checked at commit).
PRAGMA defer_foreign_keys = ON;

CREATE TABLE api_keys (
    key_id         INTEGER PRIMARY KEY,
    agency_code    TEXT NOT NULL,
    -- The key's public part (`mlg_<prefix>_…`), shown in logs and lists.
    prefix         TEXT NOT NULL UNIQUE,
    -- SHA-256 of the whole key: keys are 256-bit random, so a fast hash is enough.
    key_hash       TEXT NOT NULL UNIQUE,
    label          TEXT NOT NULL DEFAULT '',
    -- Where paid-invoice webhooks go, and the secret they are signed with (HMAC-SHA256).
    webhook_url    TEXT,
    webhook_secret TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    revoked_at     INTEGER
);

CREATE TABLE invoices_v2 (
    bill_ref          TEXT PRIMARY KEY,
    application_id    INTEGER UNIQUE REFERENCES applications (application_id),
    agency_code       TEXT NOT NULL,
    service_code      TEXT,
    description       TEXT NOT NULL DEFAULT '',
    amount_minor      INTEGER NOT NULL,
    convenience_minor INTEGER NOT NULL,
    total_minor       INTEGER NOT NULL CHECK (total_minor = amount_minor + convenience_minor),
    currency          TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'unpaid',
    created_at        INTEGER NOT NULL,
    paid_minor        INTEGER NOT NULL DEFAULT 0 CHECK (paid_minor >= 0),
    -- Set for invoices created through the API: the key, its Idempotency-Key, a hash of the
    -- request body and the first response (replayed for a retry with the same key and body).
    api_key_id        INTEGER REFERENCES api_keys (key_id),
    idempotency_key   TEXT,
    request_hash      TEXT,
    first_response    TEXT,
    external_ref      TEXT,
    payer_phone       TEXT,
    CHECK (application_id IS NOT NULL OR api_key_id IS NOT NULL),
    UNIQUE (api_key_id, idempotency_key)
);
INSERT INTO invoices_v2 (bill_ref, application_id, agency_code, service_code, amount_minor, convenience_minor,
                         total_minor, currency, status, created_at, paid_minor)
SELECT i.bill_ref, i.application_id, a.agency_code, a.service_code, i.amount_minor, i.convenience_minor,
       i.total_minor, i.currency, i.status, i.created_at, i.paid_minor
FROM invoices i JOIN applications a ON a.application_id = i.application_id;
DROP TABLE invoices;
ALTER TABLE invoices_v2 RENAME TO invoices;
CREATE INDEX invoices_agency ON invoices (agency_code, created_at);
