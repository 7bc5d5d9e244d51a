-- The service catalogue. PostgreSQL dialect; the SQLite twin lives in ../sqlite.
-- Integers are BIGINT everywhere so the same Rust code (i64) reads both backends.

CREATE TABLE agencies (
    agency_id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Stable public identifier used in URLs, the API and CSV imports.
    code           TEXT NOT NULL UNIQUE,
    kind           TEXT NOT NULL CHECK (kind IN ('ministry', 'state_department', 'state_agency', 'constitutional', 'county')),
    name_en        TEXT NOT NULL,
    name_sw        TEXT NOT NULL,
    description_en TEXT NOT NULL,
    description_sw TEXT NOT NULL,
    county_number  BIGINT CHECK (county_number BETWEEN 1 AND 47),
    website        TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Application forms are shared by many services built from one template (every county's
-- business permits use the same form), so they are stored once, keyed by content hash.
CREATE TABLE form_definitions (
    form_id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    definition   TEXT NOT NULL
);

CREATE TABLE services (
    service_id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code                   TEXT NOT NULL UNIQUE,
    agency_id              BIGINT NOT NULL REFERENCES agencies (agency_id),
    category               TEXT NOT NULL,
    name_en                TEXT NOT NULL,
    name_sw                TEXT NOT NULL,
    summary_en             TEXT NOT NULL,
    summary_sw             TEXT NOT NULL,
    -- JSON arrays of {"en": .., "sw": ..}; always read and written whole.
    requirements           TEXT NOT NULL,
    in_person_steps        TEXT NOT NULL,
    currency               TEXT NOT NULL CHECK (currency IN ('KES', 'USD')),
    convenience_fee_waived BOOLEAN NOT NULL,
    timeline_days          BIGINT NOT NULL CHECK (timeline_days BETWEEN 1 AND 365),
    form_id                BIGINT NOT NULL REFERENCES form_definitions (form_id),
    keywords               TEXT NOT NULL,
    popularity             BIGINT NOT NULL CHECK (popularity >= 0),
    created_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at             TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX services_agency_id ON services (agency_id);

-- Prices live in their own rows so invoices can point at the exact variant that was paid for.
CREATE TABLE service_fee_variants (
    service_id   BIGINT NOT NULL REFERENCES services (service_id) ON DELETE CASCADE,
    variant_code TEXT NOT NULL,
    position     BIGINT NOT NULL,
    label_en     TEXT NOT NULL,
    label_sw     TEXT NOT NULL,
    amount_minor BIGINT NOT NULL CHECK (amount_minor >= 0),
    PRIMARY KEY (service_id, variant_code)
);

-- Bumped by every catalogue write; each server polls it to know when to reload its snapshot.
CREATE TABLE catalogue_version (
    id      BIGINT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO catalogue_version (id, version) VALUES (1, 0);
