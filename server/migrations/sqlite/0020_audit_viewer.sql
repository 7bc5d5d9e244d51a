-- The platform admins' audit-log viewer reads newest first, by kind, a page at a time by id.
CREATE INDEX audit_kind ON audit_log (kind, event_id);
