-- Citizens waiting for M-Pesa (issue 8): a payment that could not start because M-Pesa was
-- unavailable. PostgreSQL dialect; the SQLite twin lives in ../sqlite.

-- One row per citizen and bill. While `released_at` is NULL the citizen waits: the bill is
-- kept payable (its expiry pushed on) and they are sent one SMS when paying works again. A
-- later outage opens the same row again, with a new `since`.
CREATE TABLE payment_waits (
    citizen_id  BIGINT NOT NULL REFERENCES accounts (account_id),
    bill_ref    TEXT NOT NULL REFERENCES invoices (bill_ref),
    -- The first failed try of this wait (unix seconds); also names its SMS, so each wait sends
    -- at most one.
    since       BIGINT NOT NULL,
    last_try_at BIGINT NOT NULL,
    tries       BIGINT NOT NULL DEFAULT 1 CHECK (tries > 0),
    released_at BIGINT,
    -- notified (the SMS was queued with the release) or dropped (the bill was paid or its
    -- payment started meanwhile: nothing to tell).
    outcome     TEXT CHECK (outcome IN ('notified', 'dropped')),
    PRIMARY KEY (citizen_id, bill_ref),
    CHECK ((released_at IS NULL) = (outcome IS NULL))
);
CREATE INDEX payment_waits_open ON payment_waits (since) WHERE released_at IS NULL;
CREATE INDEX payment_waits_bill ON payment_waits (bill_ref);

-- Pushes Daraja accepted, newest first: proof (from any server) that paying works again.
CREATE INDEX payment_attempts_accepted ON payment_attempts (created_at) WHERE checkout_request_id IS NOT NULL;

-- When a server last asked M-Pesa on its own whether it works again: one row, claimed with a
-- conditional update, so all servers together ask at most once a minute.
CREATE TABLE payment_probe (
    probe_id BIGINT PRIMARY KEY CHECK (probe_id = 1),
    last_at  BIGINT NOT NULL
);
INSERT INTO payment_probe (probe_id, last_at) VALUES (1, 0);
