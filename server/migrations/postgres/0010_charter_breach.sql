-- The service charter's clock: the last date an agency missed for an application (the new
-- date it owes is due_date). Found by the charter clock through the applications_due index.
ALTER TABLE applications ADD COLUMN charter_missed_on TEXT;
CREATE INDEX applications_due ON applications (due_date, state) WHERE due_date IS NOT NULL;
