-- What was sent, as sent (for the citizen's in-app message list), and on which channel: a
-- message the phone network could not deliver is sent again by email when there is one.
ALTER TABLE notifications ADD COLUMN body TEXT;
