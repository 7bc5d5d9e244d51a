-- The expiry worker's index kept every bill that ever expired unpaid, so each pass walked
-- them all (1.9 s at 2 million accounts, issue 9). A bill whose application ended unpaid
-- (expired, withdrawn, rejected) is now closed, and the index holds only bills still waiting.
-- SQLite dialect; the PostgreSQL twin lives in ../postgres.

-- Unix seconds when the bill's application ended while the bill was unpaid.
ALTER TABLE invoices ADD COLUMN closed_at INTEGER;

UPDATE invoices SET closed_at = (SELECT a.updated_at FROM applications a WHERE a.application_id = invoices.application_id)
 WHERE paid_minor = 0
   AND application_id IN (SELECT application_id FROM applications WHERE state IN ('expired', 'withdrawn', 'rejected', 'issued'));

-- Building it holds writes to invoices back while it reads the table (seconds at 2 million
-- accounts); see "Migrations on a large database" in docs/deploy.md.
CREATE INDEX invoices_awaiting_expiry ON invoices (expires_at)
 WHERE expires_at IS NOT NULL AND paid_minor = 0 AND application_id IS NOT NULL AND closed_at IS NULL;
DROP INDEX IF EXISTS invoices_expiry;
