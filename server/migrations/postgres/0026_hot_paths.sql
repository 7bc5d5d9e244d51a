-- Hot paths stay flat as data grows (issue 9): every query a page view, a sign-in or a
-- payment runs is served by an index that fits it, lists are read a page at a time by key,
-- and totals come from counters instead of counting. PostgreSQL dialect; the SQLite twin
-- lives in ../sqlite.

-- Looking a person up by phone (an SMS rating names only the phone it came from).
CREATE INDEX accounts_phone ON accounts (phone);

-- A citizen's applications, most recently changed first, a page at a time by (time, id).
DROP INDEX applications_citizen;
CREATE INDEX applications_citizen_recent ON applications (citizen_id, updated_at, application_id);

-- The officer's queue holds only open applications: an index of those alone, in the order
-- the queue is read (charter date, none last, then id), a page at a time by key. It replaces
-- the queue index over every application an agency ever had, and the performance page's
-- index (that page reads counters now).
DROP INDEX applications_queue;
DROP INDEX applications_submitted;
CREATE INDEX applications_open_queue ON applications (agency_code, (COALESCE(due_date, '9999-12-31')), application_id)
    WHERE state IN ('queued', 'in_review', 'needs_info', 'resubmitted', 'approved');

-- The charter clock looks for open applications past their date: an index of the ones whose
-- clock runs, instead of every application that ever had a date.
DROP INDEX applications_due;
CREATE INDEX applications_owed ON applications (due_date)
    WHERE state IN ('queued', 'in_review', 'resubmitted', 'approved');

-- A citizen's messages, newest first, a page at a time by (time, id).
DROP INDEX notifications_citizen;
CREATE INDEX notifications_citizen_recent ON notifications (citizen_id, created_at, notification_id);

-- The audit-log viewer narrowed to one person, newest first by id.
CREATE INDEX audit_account_event ON audit_log (account_id, event_id);

-- Resolved reconciliation exceptions, latest review first, a page at a time by (time, id):
-- one agency's, or (platform admins) everyone's.
DROP INDEX reconciliation_reviews_agency;
CREATE INDEX reconciliation_reviews_agency_recent ON reconciliation_reviews (agency_code, resolved_at, review_id);
CREATE INDEX reconciliation_reviews_recent ON reconciliation_reviews (resolved_at, review_id);

-- Payments by time, for checking a day's M-Pesa statement against what was recorded.
CREATE INDEX payments_paid_at ON payments (paid_at);

-- Counters kept up to date in the transaction of each change that moves them (see
-- server/src/db/stats.rs), so the performance page, the finance report and the queue's
-- counts read a few hundred rows however many applications and payments there are.
--
-- Per agency, service and EAT day (days since 1970-01-01): applications received, decided
-- (approved or rejected; how many with no charter date missed before; their total seconds
-- from submission), documents issued, charter dates missed, payments that brought fees and
-- those fees, and ratings by score.
CREATE TABLE agency_daily_stats (
    agency_code       TEXT NOT NULL,
    -- '' for an agency's own bill that names no service.
    service_code      TEXT NOT NULL,
    day               BIGINT NOT NULL,
    received          BIGINT NOT NULL DEFAULT 0,
    decided           BIGINT NOT NULL DEFAULT 0,
    decided_on_time   BIGINT NOT NULL DEFAULT 0,
    decide_secs       BIGINT NOT NULL DEFAULT 0,
    issued            BIGINT NOT NULL DEFAULT 0,
    breached          BIGINT NOT NULL DEFAULT 0,
    payments          BIGINT NOT NULL DEFAULT 0,
    revenue_minor     BIGINT NOT NULL DEFAULT 0,
    convenience_minor BIGINT NOT NULL DEFAULT 0,
    rated_1           BIGINT NOT NULL DEFAULT 0,
    rated_2           BIGINT NOT NULL DEFAULT 0,
    rated_3           BIGINT NOT NULL DEFAULT 0,
    rated_4           BIGINT NOT NULL DEFAULT 0,
    rated_5           BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (agency_code, day, service_code)
);

-- An agency's open applications (queued to approved) by due date ('9999-12-31' for none),
-- paused (needs_info: the citizen owes an answer) and whether a charter date was missed: the
-- queue's counts by charter status, for any day, from one row per open due date.
CREATE TABLE agency_queue_counts (
    agency_code TEXT NOT NULL,
    due_key     TEXT NOT NULL,
    paused      BIGINT NOT NULL,
    missed      BIGINT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (agency_code, due_key, paused, missed)
);

-- The counters start from what is already there (the same SQL as stats::REBUILD).
INSERT INTO agency_daily_stats (agency_code, service_code, day, received, decided, decided_on_time, decide_secs,
    issued, breached, payments, revenue_minor, convenience_minor, rated_1, rated_2, rated_3, rated_4, rated_5)
SELECT agency_code, service_code, day, SUM(received), SUM(decided), SUM(decided_on_time), SUM(decide_secs),
    SUM(issued), SUM(breached), SUM(payments), SUM(revenue_minor), SUM(convenience_minor),
    SUM(rated_1), SUM(rated_2), SUM(rated_3), SUM(rated_4), SUM(rated_5) FROM (
    SELECT agency_code, service_code, (submitted_at + 10800) / 86400 AS day, 1 AS received, 0 AS decided,
        0 AS decided_on_time, 0 AS decide_secs, 0 AS issued, 0 AS breached, 0 AS payments, 0 AS revenue_minor,
        0 AS convenience_minor, 0 AS rated_1, 0 AS rated_2, 0 AS rated_3, 0 AS rated_4, 0 AS rated_5
    FROM applications WHERE submitted_at IS NOT NULL
    UNION ALL
    SELECT a.agency_code, a.service_code, (e.at + 10800) / 86400, 0,
        CASE WHEN e.event IN ('approve', 'reject') THEN 1 ELSE 0 END,
        CASE WHEN e.event IN ('approve', 'reject') AND NOT EXISTS (SELECT 1 FROM application_events b
            WHERE b.application_id = e.application_id AND b.event = 'charter_breached' AND b.event_id < e.event_id)
            THEN 1 ELSE 0 END,
        CASE WHEN e.event IN ('approve', 'reject') THEN e.at - COALESCE(a.submitted_at, e.at) ELSE 0 END,
        CASE WHEN e.event = 'issue' THEN 1 ELSE 0 END,
        CASE WHEN e.event = 'charter_breached' THEN 1 ELSE 0 END, 0, 0, 0, 0, 0, 0, 0, 0
    FROM application_events e JOIN applications a ON a.application_id = e.application_id
    WHERE e.event IN ('approve', 'reject', 'issue', 'charter_breached')
    UNION ALL
    SELECT agency_code, service_code, day, 0, 0, 0, 0, 0, 0, 1, revenue, convenience, 0, 0, 0, 0, 0 FROM (
        SELECT l.payment_id, l.agency_code, COALESCE(i.service_code, '') AS service_code, (l.at + 10800) / 86400 AS day,
            SUM(CASE WHEN l.account = 'agency_revenue' THEN l.credit_minor ELSE 0 END) AS revenue,
            SUM(CASE WHEN l.account = 'convenience_fees' THEN l.credit_minor ELSE 0 END) AS convenience
        FROM ledger_entries l JOIN payments p ON p.payment_id = l.payment_id JOIN invoices i ON i.bill_ref = p.bill_ref
        WHERE l.account IN ('agency_revenue', 'convenience_fees')
        GROUP BY l.payment_id, l.agency_code, COALESCE(i.service_code, ''), (l.at + 10800) / 86400) paid
    UNION ALL
    SELECT r.agency_code, a.service_code, (r.rated_at + 10800) / 86400, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        CASE WHEN r.score = 1 THEN 1 ELSE 0 END, CASE WHEN r.score = 2 THEN 1 ELSE 0 END,
        CASE WHEN r.score = 3 THEN 1 ELSE 0 END, CASE WHEN r.score = 4 THEN 1 ELSE 0 END,
        CASE WHEN r.score = 5 THEN 1 ELSE 0 END
    FROM ratings r JOIN applications a ON a.application_id = r.application_id) counted
GROUP BY agency_code, service_code, day;

INSERT INTO agency_queue_counts (agency_code, due_key, paused, missed, n)
SELECT agency_code, COALESCE(due_date, '9999-12-31'), CASE WHEN state = 'needs_info' THEN 1 ELSE 0 END,
    CASE WHEN charter_missed_on IS NULL THEN 0 ELSE 1 END, COUNT(*) FROM applications
WHERE state IN ('queued', 'in_review', 'needs_info', 'resubmitted', 'approved')
GROUP BY agency_code, COALESCE(due_date, '9999-12-31'), CASE WHEN state = 'needs_info' THEN 1 ELSE 0 END,
    CASE WHEN charter_missed_on IS NULL THEN 0 ELSE 1 END;
