-- Payments: M-Pesa attempts, raw callbacks, payments with receipts, citizen credits and the
-- double-entry ledger. PostgreSQL dialect; the SQLite twin lives in ../sqlite. Money is
-- integer cents; times are unix seconds (UTC).

-- How much of the invoice has been received (the status follows from it).
ALTER TABLE invoices ADD COLUMN paid_minor BIGINT NOT NULL DEFAULT 0 CHECK (paid_minor >= 0);

-- One row per STK push, written before the push is sent.
CREATE TABLE payment_attempts (
    attempt_id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bill_ref            TEXT NOT NULL REFERENCES invoices (bill_ref),
    phone               TEXT NOT NULL,
    amount_minor        BIGINT NOT NULL CHECK (amount_minor > 0),
    -- requesting, pending, unknown, failed, paid, needs_review (app::payments::state).
    state               TEXT NOT NULL,
    checkout_request_id TEXT UNIQUE,
    merchant_request_id TEXT,
    result_code         BIGINT,
    result_desc         TEXT NOT NULL DEFAULT '',
    query_count         BIGINT NOT NULL DEFAULT 0,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
-- At most one push in flight per bill: a double click or a retry storm cannot prompt twice.
CREATE UNIQUE INDEX payment_attempts_in_flight ON payment_attempts (bill_ref)
    WHERE state IN ('requesting', 'pending');
CREATE INDEX payment_attempts_bill ON payment_attempts (bill_ref, created_at);
CREATE INDEX payment_attempts_open ON payment_attempts (updated_at)
    WHERE state IN ('requesting', 'pending', 'unknown');

-- Every provider callback exactly as it arrived, before anything else is done with it.
CREATE TABLE mpesa_callbacks (
    callback_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        TEXT NOT NULL,
    -- stk:<CheckoutRequestID>:<ResultCode> or c2b:<TransID>; NULL when unreadable.
    dedupe_key  TEXT UNIQUE,
    body        TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    -- received (not yet processed), applied, duplicate, refused:<why>, needs_review.
    outcome     TEXT NOT NULL DEFAULT 'received'
);

CREATE TABLE payments (
    payment_id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    receipt_no    TEXT NOT NULL UNIQUE,
    bill_ref      TEXT REFERENCES invoices (bill_ref),
    channel       TEXT NOT NULL,
    -- M-Pesa's own receipt (STK MpesaReceiptNumber / C2B TransID): one payment per receipt.
    mpesa_receipt TEXT UNIQUE,
    -- One payment per STK attempt, however many callbacks and queries confirm it.
    attempt_id    BIGINT UNIQUE REFERENCES payment_attempts (attempt_id),
    phone         TEXT NOT NULL DEFAULT '',
    amount_minor  BIGINT NOT NULL CHECK (amount_minor > 0),
    applied_minor BIGINT NOT NULL CHECK (applied_minor >= 0),
    credit_minor  BIGINT NOT NULL CHECK (credit_minor >= 0),
    paid_at       BIGINT NOT NULL,
    needs_review  BOOLEAN NOT NULL DEFAULT FALSE,
    note          TEXT NOT NULL DEFAULT '',
    CHECK (needs_review OR applied_minor + credit_minor = amount_minor)
);
CREATE INDEX payments_bill ON payments (bill_ref, paid_at);

-- A citizen's credit: overpayments and payments to closed bills, usable on another bill.
CREATE TABLE citizen_credits (
    credit_id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    citizen_id   BIGINT NOT NULL REFERENCES accounts (account_id),
    amount_minor BIGINT NOT NULL,
    payment_id   BIGINT REFERENCES payments (payment_id),
    reason       TEXT NOT NULL,
    at           BIGINT NOT NULL
);
CREATE INDEX citizen_credits_citizen ON citizen_credits (citizen_id);

-- Double entry: every payment debits M-Pesa clearing and credits agency revenue, convenience
-- fees, citizen credit or suspense by the same total.
CREATE TABLE ledger_entries (
    entry_id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payment_id   BIGINT NOT NULL REFERENCES payments (payment_id),
    agency_code  TEXT,
    account      TEXT NOT NULL,
    debit_minor  BIGINT NOT NULL DEFAULT 0 CHECK (debit_minor >= 0),
    credit_minor BIGINT NOT NULL DEFAULT 0 CHECK (credit_minor >= 0),
    at           BIGINT NOT NULL
);
CREATE INDEX ledger_entries_agency ON ledger_entries (agency_code, at);
