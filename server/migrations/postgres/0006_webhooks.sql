-- Signed webhooks to agencies' systems: one row per event (written in the transaction that
-- caused it), claimed by one server at a time, retried with backoff, every attempt logged.
CREATE TABLE webhook_deliveries (
    delivery_id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- `evt_<bill_ref>_paid`: one event per happening, however often it is recorded.
    event_id        TEXT NOT NULL UNIQUE,
    api_key_id      BIGINT NOT NULL REFERENCES api_keys (key_id),
    url             TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    body            TEXT NOT NULL,
    -- pending, delivered, failed (gave up).
    state           TEXT NOT NULL DEFAULT 'pending',
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    -- A server working on it holds it until then; after that another may take it over.
    claimed_until   BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    delivered_at    BIGINT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX webhook_deliveries_key ON webhook_deliveries (api_key_id, created_at);

CREATE TABLE webhook_attempts (
    attempt_id  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id BIGINT NOT NULL REFERENCES webhook_deliveries (delivery_id),
    at          BIGINT NOT NULL,
    -- HTTP status, or NULL when no answer came.
    http_status BIGINT,
    error       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, at);
