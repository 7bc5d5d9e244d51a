-- Refunds: requested by one agency finance officer or admin, decided by another (maker-checker).
CREATE TABLE refunds (
    refund_id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payment_id    BIGINT NOT NULL REFERENCES payments (payment_id),
    agency_code   TEXT NOT NULL,
    amount_minor  BIGINT NOT NULL CHECK (amount_minor > 0),
    reason        TEXT NOT NULL,
    -- requested, approved, rejected.
    state         TEXT NOT NULL DEFAULT 'requested',
    requested_by  BIGINT NOT NULL REFERENCES accounts (account_id),
    requested_at  BIGINT NOT NULL,
    decided_by    BIGINT REFERENCES accounts (account_id),
    decided_at    BIGINT,
    decision_note TEXT NOT NULL DEFAULT '',
    -- The checker is never the maker.
    CHECK (decided_by IS NULL OR decided_by <> requested_by)
);
CREATE INDEX refunds_agency ON refunds (agency_code, state, requested_at);
CREATE INDEX refunds_payment ON refunds (payment_id);
