-- Agencies' own systems bill citizens through the API: API keys, and invoices that belong to
-- an agency rather than to an application. PostgreSQL dialect; the SQLite twin lives in ../sqlite.

CREATE TABLE api_keys (
    key_id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_code    TEXT NOT NULL,
    -- The key's public part (`mlg_<prefix>_…`), shown in logs and lists.
    prefix         TEXT NOT NULL UNIQUE,
    -- SHA-256 of the whole key: keys are 256-bit random, so a fast hash is enough.
    key_hash       TEXT NOT NULL UNIQUE,
    label          TEXT NOT NULL DEFAULT '',
    -- Where paid-invoice webhooks go, and the secret they are signed with (HMAC-SHA256).
    webhook_url    TEXT,
    webhook_secret TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    revoked_at     BIGINT
);

ALTER TABLE invoices ALTER COLUMN application_id DROP NOT NULL;
ALTER TABLE invoices ADD COLUMN agency_code TEXT;
ALTER TABLE invoices ADD COLUMN service_code TEXT;
ALTER TABLE invoices ADD COLUMN description TEXT NOT NULL DEFAULT '';
-- Set for invoices created through the API: the key, its Idempotency-Key, a hash of the
-- request body and the first response (replayed for a retry with the same key and body).
ALTER TABLE invoices ADD COLUMN api_key_id BIGINT REFERENCES api_keys (key_id);
ALTER TABLE invoices ADD COLUMN idempotency_key TEXT;
ALTER TABLE invoices ADD COLUMN request_hash TEXT;
ALTER TABLE invoices ADD COLUMN first_response TEXT;
ALTER TABLE invoices ADD COLUMN external_ref TEXT;
ALTER TABLE invoices ADD COLUMN payer_phone TEXT;
UPDATE invoices i SET agency_code = a.agency_code, service_code = a.service_code
FROM applications a WHERE a.application_id = i.application_id;
ALTER TABLE invoices ALTER COLUMN agency_code SET NOT NULL;
ALTER TABLE invoices ADD CONSTRAINT invoices_owner CHECK (application_id IS NOT NULL OR api_key_id IS NOT NULL);
ALTER TABLE invoices ADD CONSTRAINT invoices_idempotency UNIQUE (api_key_id, idempotency_key);
CREATE INDEX invoices_agency ON invoices (agency_code, created_at);
