-- Sends whose outcome is unknown (the provider did not answer in time, or the server died
-- mid-send) must not become a second SMS on the citizen's phone.
--
-- `in_doubt_since`: when the first send whose outcome is unknown began; NULL once the outcome
-- is known. Such a message is not sent again until the provider has had time to report its
-- delivery: a report for the same phone that no known message explains is this message's.
ALTER TABLE notifications ADD COLUMN in_doubt_since INTEGER;
-- Who the message is for (`a:<account id>` or `p:<phone>`): one message per recipient is in
-- flight at a time, so a delivery report for a phone names one message at most (rows in
-- doubt are always queued, so one index on the queued rows answers both questions).
ALTER TABLE notifications ADD COLUMN recipient TEXT NOT NULL DEFAULT '';
UPDATE notifications SET recipient = CASE WHEN citizen_id IS NOT NULL THEN 'a:' || citizen_id
    ELSE 'p:' || COALESCE(phone, '') END;
CREATE INDEX notifications_queued_recipient ON notifications (recipient, notification_id) WHERE status = 'queued';

-- The phone a delivery report is about (`2547XXXXXXXX`), to match reports nobody claimed.
ALTER TABLE sms_delivery_reports ADD COLUMN phone TEXT NOT NULL DEFAULT '';
CREATE INDEX sms_delivery_reports_phone ON sms_delivery_reports (phone, received_at);

-- SMS sent outside the outbox (one-time codes, security alerts): their delivery reports are
-- explained, so they are never taken for an outbox message's.
CREATE TABLE sms_direct_sends (
    provider_message_id TEXT PRIMARY KEY,
    phone               TEXT NOT NULL,
    sent_at             INTEGER NOT NULL
);
CREATE INDEX sms_direct_sends_sent_at ON sms_direct_sends (sent_at);
