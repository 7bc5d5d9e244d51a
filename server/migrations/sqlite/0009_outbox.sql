-- The outbox: messages to citizens, written in the transaction of the change they announce
-- and sent by a worker. One row per message (dedupe_key), claimed before each send.
CREATE TABLE notifications (
    notification_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    -- `receipt:R1234567890`: the same happening queues one message, however often recorded.
    dedupe_key          TEXT NOT NULL UNIQUE,
    kind                TEXT NOT NULL,
    -- The record the text is rendered from (a receipt number).
    subject             TEXT NOT NULL,
    citizen_id          INTEGER REFERENCES accounts (account_id),
    -- Without an account (an agency's own bill): the number that paid.
    phone               TEXT,
    channel             TEXT NOT NULL DEFAULT 'sms',
    -- queued, sent, failed.
    status              TEXT NOT NULL DEFAULT 'queued',
    attempts            INTEGER NOT NULL DEFAULT 0,
    next_attempt_at     INTEGER NOT NULL,
    -- A server sending it holds it until then; after that another may take it over.
    claimed_until       INTEGER NOT NULL DEFAULT 0,
    last_error          TEXT NOT NULL DEFAULT '',
    provider_message_id TEXT,
    created_at          INTEGER NOT NULL,
    sent_at             INTEGER
);
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'queued';
CREATE INDEX notifications_citizen ON notifications (citizen_id, created_at);
