-- Fee changes, maker-checker: one agency admin proposes a new price for one option of one of
-- the agency's services from a set date; a different admin approves (or rejects) it; on that
-- date the price changes in the catalogue (every server reloads it). Applications already
-- submitted keep the price they were given.
CREATE TABLE fee_changes (
    change_id        INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_code      TEXT NOT NULL,
    service_code     TEXT NOT NULL,
    variant_code     TEXT NOT NULL,
    old_amount_minor INTEGER NOT NULL,
    new_amount_minor INTEGER NOT NULL CHECK (new_amount_minor >= 0),
    -- ISO date in EAT from which the new price applies.
    effective_from   TEXT NOT NULL,
    reason           TEXT NOT NULL,
    -- proposed, approved, rejected, applied, withdrawn.
    state            TEXT NOT NULL,
    proposed_by      INTEGER NOT NULL REFERENCES accounts (account_id),
    proposed_at      INTEGER NOT NULL,
    decided_by       INTEGER REFERENCES accounts (account_id),
    decided_at       INTEGER,
    decision_note    TEXT NOT NULL DEFAULT '',
    applied_at       INTEGER,
    CHECK (decided_by IS NULL OR decided_by <> proposed_by)
);
CREATE INDEX fee_changes_agency ON fee_changes (agency_code, proposed_at);
CREATE INDEX fee_changes_due ON fee_changes (effective_from) WHERE state = 'approved';
