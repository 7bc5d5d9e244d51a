-- Refunds: requested by one agency finance officer or admin, decided by another (maker-checker).
CREATE TABLE refunds (
    refund_id     INTEGER PRIMARY KEY,
    payment_id    INTEGER NOT NULL REFERENCES payments (payment_id),
    agency_code   TEXT NOT NULL,
    amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
    reason        TEXT NOT NULL,
    -- requested, approved, rejected.
    state         TEXT NOT NULL DEFAULT 'requested',
    requested_by  INTEGER NOT NULL REFERENCES accounts (account_id),
    requested_at  INTEGER NOT NULL,
    decided_by    INTEGER REFERENCES accounts (account_id),
    decided_at    INTEGER,
    decision_note TEXT NOT NULL DEFAULT '',
    -- The checker is never the maker.
    CHECK (decided_by IS NULL OR decided_by <> requested_by)
);
CREATE INDEX refunds_agency ON refunds (agency_code, state, requested_at);
CREATE INDEX refunds_payment ON refunds (payment_id);
