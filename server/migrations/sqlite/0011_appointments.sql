-- Appointments for services' in-person steps. Slots are a fixed grid (see
-- app::appointments::schedule), so a slot row exists only once someone books it.
CREATE TABLE offices (
    office_code TEXT PRIMARY KEY,
    agency_code TEXT NOT NULL REFERENCES agencies (code),
    name        TEXT NOT NULL,
    town        TEXT NOT NULL,
    address     TEXT NOT NULL,
    -- Citizens seen per half-hour slot.
    capacity    INTEGER NOT NULL CHECK (capacity > 0)
);
CREATE INDEX offices_agency ON offices (agency_code, town);

CREATE TABLE appointment_slots (
    office_code TEXT NOT NULL REFERENCES offices (office_code),
    starts_at   INTEGER NOT NULL,
    booked      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (office_code, starts_at),
    CHECK (booked >= 0)
);

CREATE TABLE appointments (
    appointment_id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES applications (application_id),
    -- Which of the service's in-person steps.
    step           INTEGER NOT NULL,
    office_code    TEXT NOT NULL REFERENCES offices (office_code),
    starts_at      INTEGER NOT NULL,
    -- booked, moved (to a newer row), cancelled.
    status         TEXT NOT NULL DEFAULT 'booked',
    booked_at      INTEGER NOT NULL,
    ended_at       INTEGER
);
-- One live booking per application and step.
CREATE UNIQUE INDEX appointments_live ON appointments (application_id, step) WHERE status = 'booked';
CREATE INDEX appointments_slot ON appointments (office_code, starts_at);
