-- The officer's queue: who is working on an application, and the order the queue is read in
-- (most urgent charter date first, then by id, a page at a time by key).
ALTER TABLE applications ADD COLUMN assigned_to INTEGER REFERENCES accounts (account_id);
CREATE INDEX applications_queue ON applications (agency_code, due_date, application_id);
CREATE INDEX applications_assigned ON applications (assigned_to) WHERE assigned_to IS NOT NULL;
-- The performance page counts an agency's applications by day of submission.
CREATE INDEX applications_submitted ON applications (agency_code, submitted_at);
