-- The agency back office (issue 7): days an office is closed, and people's reviews of
-- reconciliation exceptions. SQLite dialect; the PostgreSQL twin lives in ../postgres.

-- A day an office sees nobody (a public holiday of its own, staff training): no slot is shown
-- or booked on it. A day is closed only while it has no bookings.
CREATE TABLE office_closures (
    office_code TEXT NOT NULL REFERENCES offices (office_code),
    -- YYYY-MM-DD in East Africa Time.
    day         TEXT NOT NULL,
    reason      TEXT NOT NULL,
    closed_by   INTEGER NOT NULL REFERENCES accounts (account_id),
    closed_at   INTEGER NOT NULL,
    PRIMARY KEY (office_code, day)
);

-- A finance officer's or platform admin's review of a reconciliation exception (a payment
-- set aside, an attempt M-Pesa never settled, a callback refused or never processed). It moves
-- no money: it records who looked, when, and what they found. What the exception showed is
-- kept with it, so the record reads the same after the payment or callback changes.
CREATE TABLE reconciliation_reviews (
    review_id      INTEGER PRIMARY KEY,
    -- payment_review, attempt_review, attempt_stuck, callback_refused, callback_review,
    -- callback_unprocessed (app::staff::reconciliation::ExceptionKind).
    kind           TEXT NOT NULL,
    -- payments.payment_id, payment_attempts.attempt_id or mpesa_callbacks.callback_id.
    subject_id     INTEGER NOT NULL,
    -- The bill's agency; NULL when no bill is known (platform admins only).
    agency_code    TEXT,
    bill_ref       TEXT,
    receipt_no     TEXT,
    mpesa_receipt  TEXT,
    amount_minor   INTEGER,
    expected_minor INTEGER,
    detail         TEXT NOT NULL,
    since          INTEGER NOT NULL,
    note           TEXT NOT NULL CHECK (length(note) > 0),
    resolved_by    INTEGER NOT NULL REFERENCES accounts (account_id),
    resolved_at    INTEGER NOT NULL,
    -- Reviewed once: a second press (or a second person at once) changes nothing.
    UNIQUE (kind, subject_id)
);
CREATE INDEX reconciliation_reviews_agency ON reconciliation_reviews (agency_code, resolved_at);

-- Exceptions are found without reading every payment, attempt and callback.
CREATE INDEX payments_review ON payments (paid_at) WHERE needs_review = TRUE;
CREATE INDEX payment_attempts_review ON payment_attempts (updated_at) WHERE state = 'needs_review';
CREATE INDEX mpesa_callbacks_exceptions ON mpesa_callbacks (received_at)
    WHERE outcome NOT IN ('applied', 'duplicate', 'accepted', 'rejected');
