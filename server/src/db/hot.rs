//! The SQL of the hot paths, in one place: what a sign-in, every request's session, a
//! citizen's lists, the officer's queue, a payment callback, a receipt or document check and
//! the agency dashboards run. The stores run exactly these texts, and
//! `server/tests/api/hot_paths.rs` asks PostgreSQL for each one's plan and fails if any reads
//! a big table from end to end — so an index a query needs cannot go missing unnoticed.
//!
//! Lists are read a page at a time by key ([`keyset`]), never by skipping rows.

use app::paging::Seek;

/// A value bound to a query built at run time, in placeholder order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Text.
    Text(String),
    /// A 64-bit integer.
    Int(i64),
}

/// Binds [`Arg`]s in order onto a `sqlx::query`.
#[macro_export]
macro_rules! bind_args {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                $crate::db::hot::Arg::Text(s) => q.bind(s.clone()),
                $crate::db::hot::Arg::Int(i) => q.bind(*i),
            };
        }
        q
    }};
}

/// How a keyset page reads: from the start, onwards past a cursor in display order, or back
/// towards the start (the rows then come in reverse and the store turns them round).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// The first page.
    First,
    /// Past the cursor in display order.
    Forward,
    /// Before the cursor in display order.
    Backward,
}

impl Way {
    /// The way `seek` reads a list shown in `descending` key order.
    pub fn of<C>(seek: &Seek<C>, descending: bool) -> Way {
        match seek {
            Seek::First => Way::First,
            _ if seek.forward(descending) => Way::Forward,
            _ => Way::Backward,
        }
    }
}

/// A keyset page over `base` (a query ending in a WHERE clause, with `binds_before`
/// placeholders): the cursor condition on `(key, id)` (or on `id` alone when `key` is `None`),
/// then the order and `LIMIT`. The cursor's placeholders come next (key, then id), then the
/// limit's. A row comparison lets both backends start the index scan at the cursor.
pub fn keyset(base: &str, key: Option<&str>, id: &str, descending: bool, way: Way, binds_before: usize) -> String {
    let (ascending, op) = match (way, descending) {
        (Way::First, d) => (!d, None),
        (Way::Forward, true) | (Way::Backward, false) => (false, Some("<")),
        (Way::Forward, false) | (Way::Backward, true) => (true, Some(">")),
    };
    let dir = if ascending { "ASC" } else { "DESC" };
    let mut n = binds_before;
    let cond = match (op, key) {
        (None, _) => String::new(),
        (Some(op), Some(key)) => {
            n += 2;
            format!(" AND ({key}, {id}) {op} (${}, ${})", n - 1, n)
        }
        (Some(op), None) => {
            n += 1;
            format!(" AND {id} {op} ${n}")
        }
    };
    let order = match key {
        Some(key) => format!("{key} {dir}, {id} {dir}"),
        None => format!("{id} {dir}"),
    };
    format!("{base}{cond} ORDER BY {order} LIMIT ${}", n + 1)
}

/// The binds of a keyset page after the base query's: the cursor (if any), then the limit.
pub fn keyset_args(cursor: Option<(i64, i64)>, limit: u32) -> Vec<Arg> {
    let mut args: Vec<Arg> = cursor.map(|(k, id)| vec![Arg::Int(k), Arg::Int(id)]).unwrap_or_default();
    args.push(Arg::Int(i64::from(limit)));
    args
}

// ---- Sign-in and sessions -------------------------------------------------------------------

/// An account by id.
pub fn account_by_id() -> String {
    format!("SELECT {} FROM accounts WHERE account_id = $1", super::accounts::ACCOUNT_COLUMNS)
}

/// An account by identity document.
pub fn account_by_document() -> String {
    format!(
        "SELECT {} FROM accounts WHERE document_kind = $1 AND document_number = $2",
        super::accounts::ACCOUNT_COLUMNS
    )
}

/// Sign-in with an email address.
pub fn account_by_email() -> String {
    format!("SELECT {} FROM accounts WHERE lower(email) = lower($1)", super::accounts::ACCOUNT_COLUMNS)
}

/// Sign-in with a document number of any kind: national IDs first, then the others in a
/// fixed order so the answer is stable.
pub fn account_by_login_number() -> String {
    format!(
        "SELECT {} FROM accounts WHERE document_number = $1 \
         ORDER BY CASE document_kind WHEN 'national_id' THEN 0 ELSE 1 END, document_kind LIMIT 1",
        super::accounts::ACCOUNT_COLUMNS
    )
}

/// The session behind a cookie, on every request.
pub fn session_by_token() -> String {
    format!("SELECT {} FROM sessions WHERE token_hash = $1", super::accounts::SESSION_COLUMNS)
}

/// A new session (sign-in, sign-up, rotation).
pub const SESSION_INSERT: &str = "INSERT INTO sessions (token_hash, public_id, account_id, stage, data, created_at, \
     last_seen_at, expires_at, authenticated_at, user_agent, client_ip) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

/// A session seen again (its expiry slides on).
pub const SESSION_UPDATE: &str = "UPDATE sessions SET account_id = $2, stage = $3, data = $4, last_seen_at = $5, \
     expires_at = $6, authenticated_at = $7 WHERE token_hash = $1";

// ---- A citizen's applications ---------------------------------------------------------------

/// A page of a citizen's applications, most recently changed first: binds citizen, then
/// [`keyset_args`] on `(updated_at, id)`.
pub fn citizen_applications(way: Way) -> String {
    let base = format!("SELECT {} FROM applications WHERE citizen_id = $1", super::applications::APPLICATION_COLUMNS);
    keyset(&base, Some("updated_at"), "application_id", true, way, 1)
}

/// Applications whose bill lapsed unpaid, for the expiry worker: binds now, then the limit.
/// Only bills still waiting are in `invoices_awaiting_expiry` (a bill closes when its
/// application ends unpaid), and the bills are picked there first, oldest first, so a pass reads
/// the bills due and no more. (Joined the other way round the planner, judging `expires_at` by
/// every bill, preferred walking all applications awaiting payment: 33 ms at 500,000 accounts,
/// growing with the country.) An open bill's application awaits payment by construction; the
/// state is checked again all the same.
pub fn applications_to_expire() -> String {
    let columns = super::applications::APPLICATION_COLUMNS
        .split(", ")
        .map(|c| format!("a.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "SELECT {columns} FROM (SELECT i.application_id, i.expires_at FROM invoices i \
         WHERE i.paid_minor = 0 AND i.expires_at IS NOT NULL AND i.application_id IS NOT NULL \
         AND i.closed_at IS NULL AND i.expires_at <= $1 AND NOT EXISTS (SELECT 1 FROM payment_attempts p \
         WHERE p.bill_ref = i.bill_ref AND p.state IN ('requesting', 'pending', 'unknown')) \
         ORDER BY i.expires_at LIMIT $2) due JOIN applications a ON a.application_id = due.application_id \
         WHERE a.state = 'awaiting_payment' ORDER BY due.expires_at"
    )
}

/// An application by its public reference.
pub fn application_by_reference() -> String {
    format!("SELECT {} FROM applications WHERE reference = $1", super::applications::APPLICATION_COLUMNS)
}

/// The most recent issued, unrated application of whoever has this phone (an SMS rating).
pub fn rateable_by_phone() -> String {
    format!(
        "SELECT {} FROM applications WHERE application_id = \
         (SELECT a.application_id FROM applications a JOIN accounts c ON c.account_id = a.citizen_id \
          WHERE c.phone = $1 AND a.state = 'issued' AND a.updated_at >= $2 \
          AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.application_id = a.application_id) \
          ORDER BY a.updated_at DESC LIMIT 1)",
        super::applications::APPLICATION_COLUMNS
    )
}

// ---- The officer's queue ----------------------------------------------------------------------

/// The open states, as the queue's partial index names them (the SQL must repeat the
/// index's predicate word for word for SQLite to use it).
pub const OPEN: &str = "a.state IN ('queued', 'in_review', 'needs_info', 'resubmitted', 'approved')";

/// The queue's sort key (the partial index's expression): applications without a charter
/// date go last.
pub const QUEUE_KEY: &str = "COALESCE(a.due_date, '9999-12-31')";

/// A page of an agency's queue: its open applications narrowed by `filter` (`me` is the
/// officer asking, for "mine"), most urgent charter date first, `limit` rows from the
/// filter's cursor (`after` onwards, or back from `before`).
pub fn queue(
    agency_code: &str,
    me: i64,
    filter: &app::staff::queue::QueueFilter,
    t: &app::staff::queue::Thresholds,
    limit: u32,
) -> (String, Vec<Arg>) {
    use app::staff::queue::CharterStatus;
    let columns: Vec<String> =
        super::applications::APPLICATION_COLUMNS.split(',').map(|c| format!("a.{}", c.trim())).collect();
    let mut args = vec![Arg::Text(agency_code.to_string())];
    let next = |a: Arg, args: &mut Vec<Arg>| {
        args.push(a);
        format!("${}", args.len())
    };
    let mut sql = format!(
        "SELECT {}, c.first_name AS applicant_first, c.other_names AS applicant_other, \
         o.first_name AS assignee_first, o.other_names AS assignee_other \
         FROM applications a JOIN accounts c ON c.account_id = a.citizen_id \
         LEFT JOIN accounts o ON o.account_id = a.assigned_to WHERE a.agency_code = $1 AND {OPEN}",
        columns.join(", ")
    );
    const RUNNING: &str = " AND a.state IN ('queued', 'in_review', 'resubmitted', 'approved')";
    match filter.charter {
        None => {}
        Some(CharterStatus::Paused) => sql.push_str(" AND a.state = 'needs_info'"),
        Some(CharterStatus::Breached) => {
            let today = next(Arg::Text(t.today.clone()), &mut args);
            sql.push_str(&format!("{RUNNING} AND (a.charter_missed_on IS NOT NULL OR a.due_date < {today})"));
        }
        Some(CharterStatus::AtRisk) => {
            let today = next(Arg::Text(t.today.clone()), &mut args);
            let until = next(Arg::Text(t.at_risk_until.clone()), &mut args);
            sql.push_str(&format!(
                "{RUNNING} AND a.charter_missed_on IS NULL AND a.due_date >= {today} AND a.due_date <= {until}"
            ));
        }
        Some(CharterStatus::OnTime) => {
            let until = next(Arg::Text(t.at_risk_until.clone()), &mut args);
            sql.push_str(&format!(
                "{RUNNING} AND a.charter_missed_on IS NULL AND (a.due_date IS NULL OR a.due_date > {until})"
            ));
        }
    }
    if let Some(state) = filter.state {
        let s = next(Arg::Text(state.code().to_string()), &mut args);
        sql.push_str(&format!(" AND a.state = {s}"));
    }
    if filter.mine {
        let m = next(Arg::Int(me), &mut args);
        sql.push_str(&format!(" AND a.assigned_to = {m}"));
    }
    if filter.unassigned {
        sql.push_str(" AND a.assigned_to IS NULL");
    }
    if !filter.search.is_empty() {
        // A reference or ID number exactly, or part of the applicant's name.
        let like = format!("%{}%", filter.search.to_lowercase().replace(['%', '_', '\\'], ""));
        let reference = next(Arg::Text(filter.search.to_uppercase()), &mut args);
        let number = next(Arg::Text(filter.search.clone()), &mut args);
        let name = next(Arg::Text(like), &mut args);
        sql.push_str(&format!(
            " AND (a.reference = {reference} OR c.document_number = {number} \
             OR LOWER(c.first_name || ' ' || c.other_names) LIKE {name})"
        ));
    }
    let (way, cursor) = match (&filter.after, &filter.before) {
        (Some(c), _) => (Way::Forward, Some(c)),
        (None, Some(c)) => (Way::Backward, Some(c)),
        (None, None) => (Way::First, None),
    };
    let sql = keyset(&sql, Some(QUEUE_KEY), "a.application_id", false, way, args.len());
    if let Some(c) = cursor {
        args.push(Arg::Text(c.due.clone()));
        args.push(Arg::Int(c.id));
    }
    args.push(Arg::Int(i64::from(limit)));
    (sql, args)
}

/// An agency's open applications by due date, pause and breach (the queue's counts).
pub const QUEUE_COUNTS: &str =
    "SELECT due_key, paused, missed, n FROM agency_queue_counts WHERE agency_code = $1 AND n <> 0";

/// Applications past their charter date while the agency owes the next step, oldest date first.
pub fn past_due() -> String {
    // The states in which the agency owes the next step, from the state machine.
    let owed = app::applications::state::ALL_STATES
        .iter()
        .filter(|s| s.clock_running())
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "SELECT {} FROM applications WHERE due_date < $1 AND state IN ({owed}) ORDER BY due_date LIMIT $2",
        super::applications::APPLICATION_COLUMNS
    )
}

// ---- Dashboards ---------------------------------------------------------------------------------

/// The performance page: an agency's days from a first day on.
pub const PERFORMANCE_DAYS: &str = "SELECT day, CAST(SUM(received) AS BIGINT) AS received, \
     CAST(SUM(decided) AS BIGINT) AS decided, CAST(SUM(decided_on_time) AS BIGINT) AS on_time, \
     CAST(SUM(decide_secs) AS BIGINT) AS decide_secs, CAST(SUM(rated_1) AS BIGINT) AS r1, \
     CAST(SUM(rated_2) AS BIGINT) AS r2, CAST(SUM(rated_3) AS BIGINT) AS r3, CAST(SUM(rated_4) AS BIGINT) AS r4, \
     CAST(SUM(rated_5) AS BIGINT) AS r5 FROM agency_daily_stats WHERE agency_code = $1 AND day >= $2 GROUP BY day";

/// The finance report: an agency's takings per day and service over `[first day, end day)`.
pub const SETTLEMENT: &str = "SELECT day, service_code, payments, revenue_minor, convenience_minor \
     FROM agency_daily_stats WHERE agency_code = $1 AND day >= $2 AND day < $3 AND payments > 0 \
     ORDER BY day, service_code";

// ---- Payments ---------------------------------------------------------------------------------

/// An STK callback finds its attempt.
pub fn attempt_by_checkout() -> String {
    format!("SELECT {} FROM payment_attempts WHERE checkout_request_id = $1", super::payments::ATTEMPT_COLUMNS)
}

/// Every callback is stored raw first; a copy is told apart by its key.
pub const CALLBACK_INSERT: &str = "INSERT INTO mpesa_callbacks (kind, dedupe_key, body, received_at) \
     VALUES ($1, $2, $3, $4) ON CONFLICT (dedupe_key) DO NOTHING RETURNING callback_id";

/// A copy of a callback finds the first.
pub const CALLBACK_BY_KEY: &str = "SELECT callback_id, outcome FROM mpesa_callbacks WHERE dedupe_key = $1";

/// The attempt's bill, read before a settlement.
pub const ATTEMPT_BILL: &str = "SELECT bill_ref FROM payment_attempts WHERE attempt_id = $1";

/// A settlement locks its bill first.
pub const INVOICE_LOCK: &str = "UPDATE invoices SET paid_minor = paid_minor WHERE bill_ref = $1";

/// The same M-Pesa receipt heard before?
pub const PAYMENT_BY_MPESA_RECEIPT: &str = "SELECT attempt_id, bill_ref FROM payments WHERE mpesa_receipt = $1";

/// The attempt's payment, if one was written.
pub const PAYMENT_BY_ATTEMPT: &str = "SELECT payment_id FROM payments WHERE attempt_id = $1";

/// The bill as a settlement sees it, under its lock.
pub const SETTLEMENT_BILL: &str = "SELECT i.total_minor, i.paid_minor, i.amount_minor, a.state, a.citizen_id, \
     i.agency_code, i.service_code, i.application_id, i.api_key_id, i.external_ref, k.webhook_url FROM invoices i \
     LEFT JOIN applications a ON a.application_id = i.application_id \
     LEFT JOIN api_keys k ON k.key_id = i.api_key_id WHERE i.bill_ref = $1";

/// The bill's new total received.
pub const INVOICE_PAID: &str = "UPDATE invoices SET paid_minor = $2, status = $3 WHERE bill_ref = $1";

/// A paid bill moves its application on (what it returns places it in the queue's counts).
pub const APPLICATION_PAID: &str = "UPDATE applications SET state = $2, due_date = $3, updated_at = $4, \
     version = version + 1 WHERE application_id = $1 AND state = 'awaiting_payment' \
     RETURNING agency_code, charter_missed_on";

/// A citizen's credit.
pub const CREDIT_BALANCE: &str =
    "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM citizen_credits WHERE citizen_id = $1";

/// A bill by its reference (the payment page, the API, a paybill payment).
pub const PAYABLE_INVOICE: &str = "SELECT i.bill_ref, i.application_id, a.reference, a.state, a.citizen_id, \
     i.agency_code, i.service_code, i.description, i.api_key_id, i.external_ref, i.amount_minor, i.convenience_minor, \
     i.total_minor, i.paid_minor, i.currency, i.created_at, i.expires_at \
     FROM invoices i LEFT JOIN applications a ON a.application_id = i.application_id WHERE i.bill_ref = $1";

/// Receipt verification.
pub fn receipt() -> String {
    format!(
        "SELECT {}, a.reference, i.service_code, i.agency_code, a.citizen_id, i.total_minor, i.currency \
         FROM payments p LEFT JOIN invoices i ON i.bill_ref = p.bill_ref \
         LEFT JOIN applications a ON a.application_id = i.application_id WHERE p.receipt_no = $1",
        super::payments::PAYMENT_COLUMNS
    )
}

/// Issued-document verification.
pub fn document_by_number() -> String {
    format!("SELECT {} FROM issued_documents WHERE number = $1", super::applications::DOCUMENT_COLUMNS)
}

// ---- Other lists --------------------------------------------------------------------------------

/// A page of a citizen's messages, newest first: binds citizen, then [`keyset_args`] on
/// `(created_at, id)`.
pub fn notices(way: Way) -> String {
    keyset(
        "SELECT notification_id, kind, subject, status, delivery_status, last_error, created_at, channel, body \
         FROM notifications WHERE citizen_id = $1",
        Some("created_at"),
        "notification_id",
        true,
        way,
        1,
    )
}

/// A page of the audit log, newest first by id, of one kind and/or about one account.
pub fn audit(kind: Option<&str>, account_id: Option<i64>, seek: &Seek<i64>, limit: u32) -> (String, Vec<Arg>) {
    let mut sql = String::from(
        "SELECT l.event_id, l.at, l.kind, l.account_id, l.actor_id, l.client_ip, l.detail, \
         a.first_name AS account_first, a.other_names AS account_other, \
         b.first_name AS actor_first, b.other_names AS actor_other FROM audit_log l \
         LEFT JOIN accounts a ON a.account_id = l.account_id \
         LEFT JOIN accounts b ON b.account_id = l.actor_id WHERE 1 = 1",
    );
    let mut args = Vec::new();
    if let Some(kind) = kind {
        args.push(Arg::Text(kind.to_string()));
        sql.push_str(&format!(" AND l.kind = ${}", args.len()));
    }
    if let Some(id) = account_id {
        args.push(Arg::Int(id));
        sql.push_str(&format!(" AND l.account_id = ${}", args.len()));
    }
    let sql = keyset(&sql, None, "l.event_id", true, Way::of(seek, true), args.len());
    args.extend(seek.cursor().map(|id| Arg::Int(*id)));
    args.push(Arg::Int(i64::from(limit)));
    (sql, args)
}

/// A page of resolved reconciliation exceptions, latest review first: one agency's (bound
/// first) or everyone's, then [`keyset_args`] on `(resolved_at, review id)`.
pub fn resolved_exceptions(agency: bool, way: Way) -> String {
    let base = format!(
        "SELECT r.review_id, r.kind, r.subject_id, r.agency_code, r.bill_ref, r.receipt_no, r.mpesa_receipt, \
         r.amount_minor, r.expected_minor, r.detail, r.since, r.note, r.resolved_by, r.resolved_at, ra.first_name, \
         ra.other_names FROM reconciliation_reviews r LEFT JOIN accounts ra ON ra.account_id = r.resolved_by WHERE {}",
        if agency { "r.agency_code = $1" } else { "1 = 1" }
    );
    keyset(&base, Some("r.resolved_at"), "r.review_id", true, way, usize::from(agency))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyset_pages_go_both_ways_with_the_placeholders_in_bind_order() {
        let q = |way| keyset("SELECT x FROM t WHERE a = $1", Some("k"), "id", true, way, 1);
        assert_eq!(q(Way::First), "SELECT x FROM t WHERE a = $1 ORDER BY k DESC, id DESC LIMIT $2");
        assert_eq!(
            q(Way::Forward),
            "SELECT x FROM t WHERE a = $1 AND (k, id) < ($2, $3) ORDER BY k DESC, id DESC LIMIT $4"
        );
        assert_eq!(
            q(Way::Backward),
            "SELECT x FROM t WHERE a = $1 AND (k, id) > ($2, $3) ORDER BY k ASC, id ASC LIMIT $4"
        );
        let asc = keyset("SELECT x FROM t WHERE 1 = 1", None, "id", false, Way::Backward, 0);
        assert_eq!(asc, "SELECT x FROM t WHERE 1 = 1 AND id < $1 ORDER BY id DESC LIMIT $2");
        assert_eq!(Way::of(&Seek::Before(1), true), Way::Forward);
        assert_eq!(Way::of(&Seek::After(1), true), Way::Backward);
        assert_eq!(Way::of(&Seek::After(1), false), Way::Forward);
        assert_eq!(Way::of::<i64>(&Seek::First, false), Way::First);
    }

    #[test]
    fn queue_binds_follow_its_placeholders() {
        use app::staff::queue::{CharterStatus, Cursor, QueueFilter, Thresholds};
        let t = Thresholds { today: "2026-12-04".into(), at_risk_until: "2026-12-08".into() };
        let f = QueueFilter {
            charter: Some(CharterStatus::AtRisk),
            mine: true,
            search: "Wanjiku".into(),
            before: Some(Cursor { due: "2026-12-05".into(), id: 9 }),
            ..Default::default()
        };
        let (sql, args) = queue("ntsa", 7, &f, &t, 51);
        let placeholders = sql.matches('$').count();
        assert_eq!(placeholders, args.len(), "{sql}");
        assert!(sql.contains(&format!("({QUEUE_KEY}, a.application_id) < ($8, $9)")), "{sql}");
        assert!(sql.ends_with("ORDER BY COALESCE(a.due_date, '9999-12-31') DESC, a.application_id DESC LIMIT $10"));
        assert_eq!(args[3], Arg::Int(7), "me");
        assert_eq!(args[9], Arg::Int(51), "limit");
        let (sql, args) = queue("ntsa", 7, &QueueFilter::default(), &t, 51);
        assert_eq!((sql.matches('$').count(), args.len()), (2, 2));
    }

    #[test]
    fn audit_pages_bind_filters_then_cursor_then_limit() {
        let (sql, args) = audit(Some("login_failed"), Some(3), &Seek::After(40), 100);
        assert!(sql.contains("l.kind = $1 AND l.account_id = $2 AND l.event_id > $3 ORDER BY l.event_id ASC LIMIT $4"));
        assert_eq!(args, [Arg::Text("login_failed".into()), Arg::Int(3), Arg::Int(40), Arg::Int(100)]);
        let (sql, args) = audit(None, None, &Seek::First, 100);
        assert!(sql.ends_with("WHERE 1 = 1 ORDER BY l.event_id DESC LIMIT $1") && args.len() == 1, "{sql}");
    }
}
