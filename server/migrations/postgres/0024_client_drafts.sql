-- Drafts kept on the citizen's phone while offline (issue 8). PostgreSQL dialect; the SQLite twin lives in ../sqlite.

-- The id a new draft's apply form carries, made for that one form (by the page, or by the
-- phone's browser). The same draft may be sent twice (a retried sync, a save whose answer
-- never arrived, a double click): the second send finds the draft the first one made and
-- updates it instead of making another. Each citizen has an id space of their own, so
-- another citizen's id never reaches their draft.
ALTER TABLE applications ADD COLUMN client_id TEXT;
CREATE UNIQUE INDEX applications_client_id ON applications (citizen_id, client_id) WHERE client_id IS NOT NULL;
