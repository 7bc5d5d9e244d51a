-- Service drafts: an agency admin edits a copy of a service (or a new one) and publishes it
-- when ready; the catalogue changes only at publication, in the same transaction that closes
-- the draft. The whole service (details, prices, form) is kept as JSON, read and written whole.
CREATE TABLE service_drafts (
    draft_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_code  TEXT NOT NULL,
    service_code TEXT NOT NULL,
    -- Whether the service did not exist when the draft was started (its prices are then set
    -- here, so another admin must publish it: maker-checker, as for fee changes).
    is_new       INTEGER NOT NULL,
    body         TEXT NOT NULL,
    -- draft, published, discarded.
    state        TEXT NOT NULL DEFAULT 'draft',
    -- Bumped by every save: a form showing an older version is refused, not applied.
    version      INTEGER NOT NULL DEFAULT 1,
    created_by   INTEGER NOT NULL REFERENCES accounts (account_id),
    created_at   INTEGER NOT NULL,
    updated_by   INTEGER NOT NULL REFERENCES accounts (account_id),
    updated_at   INTEGER NOT NULL,
    closed_by    INTEGER REFERENCES accounts (account_id),
    closed_at    INTEGER
);
-- One open draft per service, so two admins never edit rival copies.
CREATE UNIQUE INDEX service_drafts_open ON service_drafts (service_code) WHERE state = 'draft';
CREATE INDEX service_drafts_agency ON service_drafts (agency_code, state, updated_at);
