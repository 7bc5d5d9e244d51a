-- Service drafts: an agency admin edits a copy of a service (or a new one) and publishes it
-- when ready; the catalogue changes only at publication, in the same transaction that closes
-- the draft. The whole service (details, prices, form) is kept as JSON, read and written whole.
CREATE TABLE service_drafts (
    draft_id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_code  TEXT NOT NULL,
    service_code TEXT NOT NULL,
    -- Whether the service did not exist when the draft was started (its prices are then set
    -- here, so another admin must publish it: maker-checker, as for fee changes).
    is_new       BIGINT NOT NULL,
    body         TEXT NOT NULL,
    -- draft, published, discarded.
    state        TEXT NOT NULL DEFAULT 'draft',
    -- Bumped by every save: a form showing an older version is refused, not applied.
    version      BIGINT NOT NULL DEFAULT 1,
    created_by   BIGINT NOT NULL REFERENCES accounts (account_id),
    created_at   BIGINT NOT NULL,
    updated_by   BIGINT NOT NULL REFERENCES accounts (account_id),
    updated_at   BIGINT NOT NULL,
    closed_by    BIGINT REFERENCES accounts (account_id),
    closed_at    BIGINT
);
-- One open draft per service, so two admins never edit rival copies.
CREATE UNIQUE INDEX service_drafts_open ON service_drafts (service_code) WHERE state = 'draft';
CREATE INDEX service_drafts_agency ON service_drafts (agency_code, state, updated_at);
