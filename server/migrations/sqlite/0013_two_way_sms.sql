-- Delivery reports and two-way SMS.
--
-- A message the provider took is `sent`; its delivery report moves it to `delivered`, or to
-- `failed` with the network's reason. The provider's last word is kept as it said it.
ALTER TABLE notifications ADD COLUMN delivery_status TEXT;
-- Every delivery report, by the provider's message id. A report can come before the sender
-- has recorded the id it was given; recording the send then applies it.
CREATE TABLE sms_delivery_reports (
    provider_message_id TEXT PRIMARY KEY,
    status              TEXT NOT NULL,
    -- delivered or failed once final; NULL while on its way.
    outcome             TEXT,
    failure_reason      TEXT NOT NULL,
    network_code        TEXT NOT NULL,
    received_at         INTEGER NOT NULL
);
CREATE INDEX notifications_provider_id ON notifications (provider_message_id);

-- Every SMS citizens send to the short code, once (the provider's id), with the reply given.
CREATE TABLE sms_inbound (
    inbound_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    provider_id  TEXT NOT NULL UNIQUE,
    phone        TEXT NOT NULL,
    short_code   TEXT NOT NULL,
    text         TEXT NOT NULL,
    -- status, verify, rate, help, unknown.
    command      TEXT NOT NULL,
    -- Empty when no reply was sent (a flood from one number).
    reply        TEXT NOT NULL,
    received_at  INTEGER NOT NULL
);
CREATE INDEX sms_inbound_phone ON sms_inbound (phone, received_at);

-- A citizen's 1-5 rating of a finished application, shown to the agency.
CREATE TABLE ratings (
    application_id INTEGER PRIMARY KEY REFERENCES applications (application_id),
    agency_code    TEXT NOT NULL,
    score          INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    rated_at       INTEGER NOT NULL,
    inbound_id     INTEGER REFERENCES sms_inbound (inbound_id)
);
CREATE INDEX ratings_agency ON ratings (agency_code, rated_at);
