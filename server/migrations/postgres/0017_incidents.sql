-- Incidents on the public status page (/status), posted and resolved by platform
-- administrators, in English and Kiswahili.
CREATE TABLE incidents (
    incident_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    component   TEXT NOT NULL CHECK (component IN ('portal', 'payments', 'sms', 'database')),
    severity    TEXT NOT NULL CHECK (severity IN ('minor', 'major')),
    -- Titles go out by SMS: short GSM-7 text (checked by the application).
    title_en    TEXT NOT NULL,
    title_sw    TEXT NOT NULL,
    message_en  TEXT NOT NULL,
    message_sw  TEXT NOT NULL,
    opened_at   BIGINT NOT NULL,
    opened_by   BIGINT NOT NULL REFERENCES accounts (account_id),
    resolved_at BIGINT,
    resolved_by BIGINT REFERENCES accounts (account_id),
    -- The one-time token of the form it was posted from: a form sent twice posts once.
    form_token  TEXT NOT NULL UNIQUE,
    CHECK ((resolved_at IS NULL) = (resolved_by IS NULL))
);
CREATE INDEX incidents_open ON incidents (opened_at) WHERE resolved_at IS NULL;
CREATE INDEX incidents_resolved ON incidents (resolved_at) WHERE resolved_at IS NOT NULL;

-- The citizens told that an incident opened (they had a bill to pay then): the same people
-- are told when it is resolved, and nobody else.
CREATE TABLE incident_recipients (
    incident_id BIGINT NOT NULL REFERENCES incidents (incident_id),
    citizen_id  BIGINT NOT NULL REFERENCES accounts (account_id),
    PRIMARY KEY (incident_id, citizen_id)
);

-- Finding everyone with a bill to pay, when an incident opens.
CREATE INDEX applications_awaiting_payment ON applications (citizen_id) WHERE state = 'awaiting_payment';
