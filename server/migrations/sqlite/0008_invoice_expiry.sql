-- Bills are payable until they expire (NULL: never). An application whose bill expires
-- unpaid moves to "expired"; money that still arrives after that becomes the citizen's credit.
ALTER TABLE invoices ADD COLUMN expires_at INTEGER;
CREATE INDEX invoices_expiry ON invoices (expires_at) WHERE expires_at IS NOT NULL AND paid_minor = 0;
