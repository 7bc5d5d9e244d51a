//! Hot paths stay flat as data grows (issue 9): every hot query's PostgreSQL plan uses an index
//! (no big table read end to end), the counters behind the dashboards and the queue's counts
//! equal a recount from the base tables after a mix of operations, and lists paged by key show
//! every row once — ties on the sort key included — going forwards and back, on both backends.

use crate::accounts::{app_with_accounts, sign_in};
use crate::applications::submit_free;
use crate::helpers::{all_dbs, connect, postgres_db};
use crate::outbox::pay_by_paybill;
use crate::payments::submit_passport;
use app::applications::ports::{ApplicationEvent, NewDraft, Submission, Transition};
use app::applications::state::{Event, State};
use app::paging::{Seek, page};
use app::staff::queue::{Cursor, QueueFilter, Thresholds, due_key};
use mlango::db::hot::{self, Arg, Way};
use serde_json::Value;
use std::future::Future;

const PASSWORD: &str = "Harambee-Demo-2026";

/// Tables that grow with the country: none may be read from end to end by a hot query.
const BIG: [&str; 9] = [
    "accounts",
    "applications",
    "invoices",
    "payments",
    "payment_attempts",
    "notifications",
    "sessions",
    "audit_log",
    "mpesa_callbacks",
];

/// Rows enough for the planner to prefer an index wherever one fits: a few thousand
/// citizens, applications across three agencies in every state, bills, pushes, payments,
/// callbacks, messages, audit events, documents and reviews, then the counters recounted.
const SEED: &[&str] = &[
    "INSERT INTO accounts (account_type, role, document_kind, document_number, first_name, other_names, year_of_birth, \
     phone, email, password_hash, created_at) \
     SELECT 'citizen', 'citizen', 'national_id', CAST(30000000 + g AS TEXT), 'First' || g, 'Other' || g, 1980, \
     '2547' || lpad(CAST(g AS TEXT), 8, '0'), 'p' || g || '@example.com', 'x', 1700000000 \
     FROM generate_series(1, 5000) g",
    "INSERT INTO accounts (account_type, role, agency_code, document_kind, document_number, first_name, other_names, \
     year_of_birth, phone, password_hash, created_at) \
     SELECT 'citizen', 'agency_officer', 'ntsa', 'national_id', CAST(40000000 + g AS TEXT), 'Officer' || g, 'X', 1980, \
     '254799000000', 'x', 1700000000 FROM generate_series(1, 20) g",
    "INSERT INTO sessions (token_hash, public_id, account_id, stage, data, created_at, last_seen_at, expires_at) \
     SELECT 'tok' || g, 'pub' || g, g, 'active', '{}', 1700000000, 1700000000, 1800000000 FROM generate_series(1, 5000) g",
    "INSERT INTO applications (reference, citizen_id, service_code, agency_code, variant_code, state, answers, \
     submitted_at, due_date, created_at, updated_at, charter_missed_on, assigned_to) \
     SELECT 'APP-' || lpad(CAST(g AS TEXT), 8, '0'), 1 + g % 5000, \
     (ARRAY['ntsa-driving-licence-renewal', 'immigration-passport-ordinary', 'mombasa-county-parking-daily'])[1 + g % 3], \
     (ARRAY['ntsa', 'immigration', 'mombasa-county'])[1 + g % 3], 'standard', \
     (ARRAY['draft', 'awaiting_payment', 'queued', 'in_review', 'needs_info', 'approved', 'issued', 'rejected', \
            'issued', 'issued'])[1 + g % 10], '{}', 1700000000 + g * 600, \
     to_char(DATE '2026-01-01' + g % 200, 'YYYY-MM-DD'), 1700000000 + g * 600, 1700000000 + g * 600 + g % 7, \
     CASE WHEN g % 17 = 0 THEN '2025-12-01' END, CASE WHEN g % 5 = 0 THEN 5001 END \
     FROM generate_series(1, 8000) g",
    "INSERT INTO application_events (application_id, at, from_state, to_state, event, actor_role) \
     SELECT application_id, updated_at, 'in_review', state, \
     CASE state WHEN 'issued' THEN 'issue' WHEN 'rejected' THEN 'reject' ELSE 'approve' END, 'agency_officer' \
     FROM applications WHERE state IN ('approved', 'issued', 'rejected')",
    "INSERT INTO invoices (bill_ref, application_id, amount_minor, convenience_minor, total_minor, currency, status, \
     created_at, agency_code, service_code, paid_minor) \
     SELECT 'BILL' || application_id, application_id, 60000, 5000, 65000, 'KES', 'paid', created_at, agency_code, \
     service_code, 65000 FROM applications WHERE application_id <= 6000",
    // Bills that lapsed unpaid: closed once their application ended, open while it waits.
    "INSERT INTO invoices (bill_ref, application_id, amount_minor, convenience_minor, total_minor, currency, status, \
     created_at, agency_code, service_code, paid_minor, expires_at, closed_at) \
     SELECT 'BILL' || application_id, application_id, 60000, 5000, 65000, 'KES', 'unpaid', created_at, agency_code, \
     service_code, 0, created_at + 2592000, CASE WHEN state = 'awaiting_payment' THEN NULL ELSE updated_at END \
     FROM applications WHERE application_id > 6000",
    "INSERT INTO payment_attempts (bill_ref, phone, amount_minor, state, checkout_request_id, created_at, updated_at) \
     SELECT 'BILL' || g, '2547' || lpad(CAST(g AS TEXT), 8, '0'), 65000, \
     CASE WHEN g % 50 = 0 THEN 'pending' ELSE 'paid' END, 'ws_CO_' || g, 1700000000 + g, 1700000000 + g \
     FROM generate_series(1, 6000) g",
    "INSERT INTO payments (receipt_no, bill_ref, channel, mpesa_receipt, attempt_id, phone, amount_minor, \
     applied_minor, credit_minor, paid_at) \
     SELECT 'RCPT' || g, 'BILL' || g, 'mpesa_stk', 'MP' || g, g, '254700000000', 65000, 65000, 0, 1700000000 + g \
     FROM generate_series(1, 5000) g",
    "INSERT INTO ledger_entries (payment_id, agency_code, account, debit_minor, credit_minor, at) \
     SELECT p.payment_id, i.agency_code, 'agency_revenue', 0, 60000, p.paid_at FROM payments p \
     JOIN invoices i ON i.bill_ref = p.bill_ref",
    "INSERT INTO mpesa_callbacks (kind, dedupe_key, body, received_at, outcome) \
     SELECT 'stk', 'stk:ws_CO_' || g || ':0', '{}', 1700000000 + g, 'applied' FROM generate_series(1, 5000) g",
    "INSERT INTO notifications (dedupe_key, kind, subject, citizen_id, next_attempt_at, created_at, status, recipient) \
     SELECT 'n' || g, 'payment_receipt', 'RCPT' || g, 1 + g % 5000, 1700000000, 1700000000 + g / 3, 'sent', \
     'a:' || (1 + g % 5000) FROM generate_series(1, 8000) g",
    "INSERT INTO audit_log (at, kind, account_id, actor_id, detail) \
     SELECT 1700000000 + g, CASE WHEN g % 100 = 0 THEN 'fee_change_proposed' \
     ELSE (ARRAY['login_ok', 'login_failed', 'otp_wrong'])[1 + g % 3] END, \
     1 + g % 5000, CASE WHEN g % 9 = 0 THEN 5001 END, '' FROM generate_series(1, 8000) g",
    // One person with a long history.
    "INSERT INTO audit_log (at, kind, account_id, detail) \
     SELECT 1700010000 + g, 'login_ok', 42, '' FROM generate_series(1, 400) g",
    "INSERT INTO issued_documents (number, application_id, citizen_id, service_code, variant_code, holder_name, \
     snapshot_hash, details, issued_at, issued_by) \
     SELECT 'DOC' || application_id, application_id, citizen_id, service_code, 'standard', 'X', 'h', '{}', updated_at, 5001 \
     FROM applications WHERE state = 'issued'",
    "INSERT INTO reconciliation_reviews (kind, subject_id, agency_code, detail, since, note, resolved_by, resolved_at) \
     SELECT 'payment_review', g, CASE WHEN g % 20 = 0 THEN 'ntsa' ELSE 'immigration' END, '', 1700000000, 'checked', 5001, \
     1700000000 + g / 2 FROM generate_series(1, 3000) g",
    "INSERT INTO citizen_credits (citizen_id, amount_minor, reason, at) \
     SELECT 1 + g % 5000, 100, 'overpayment', 1700000000 FROM generate_series(1, 3000) g",
];

/// A hot query: what it is for, its SQL as the store runs it, its binds, and the index it
/// must use when one alone fits.
struct Hot {
    name: &'static str,
    sql: String,
    args: Vec<Arg>,
    index: Option<&'static str>,
}

fn hot_query(name: &'static str, sql: impl Into<String>, args: Vec<Arg>, index: Option<&'static str>) -> Hot {
    Hot { name, sql: sql.into(), args, index }
}

fn text(s: &str) -> Arg {
    Arg::Text(s.to_string())
}

/// Every hot query of the issue, with binds that find rows in [`SEED`].
fn hot_queries() -> Vec<Hot> {
    use Arg::Int;
    let t = Thresholds { today: "2026-03-01".into(), at_risk_until: "2026-03-03".into() };
    let queue = |name, f: QueueFilter, index| {
        let (sql, args) = hot::queue("ntsa", 5001, &f, &t, 51);
        hot_query(name, sql, args, index)
    };
    let cursor = Cursor { due: "2026-03-10".into(), id: 3000 };
    let audit = |name, kind: Option<&str>, account: Option<i64>, seek: Seek<i64>, index| {
        let (sql, args) = hot::audit(kind, account, &seek, 101);
        hot_query(name, sql, args, index)
    };
    let keyset = |cursor: Option<(i64, i64)>| hot::keyset_args(cursor, 26);
    let with = |first: Arg, rest: Vec<Arg>| std::iter::once(first).chain(rest).collect::<Vec<_>>();
    let mine = (1_700_000_000 + 1042 * 600, 1042);
    let day = 19_700;
    vec![
        hot_query("sign-in by ID number", hot::account_by_login_number(), vec![text("30000042")], None),
        hot_query("sign-in by email", hot::account_by_email(), vec![text("P42@example.com")], Some("accounts_email")),
        hot_query("account by id", hot::account_by_id(), vec![Int(42)], None),
        hot_query("account by document", hot::account_by_document(), vec![text("national_id"), text("30000042")], None),
        hot_query("session lookup (every request)", hot::session_by_token(), vec![text("tok42")], None),
        hot_query(
            "session create",
            hot::SESSION_INSERT,
            vec![
                text("tok-new"),
                text("pub-new"),
                Int(42),
                text("active"),
                text("{}"),
                Int(1),
                Int(1),
                Int(2),
                Int(1),
                text(""),
                text(""),
            ],
            None,
        ),
        hot_query(
            "session seen again",
            hot::SESSION_UPDATE,
            vec![text("tok42"), Int(42), text("active"), text("{}"), Int(5), Int(6), Int(5)],
            None,
        ),
        hot_query(
            "my applications, first page",
            hot::citizen_applications(Way::First),
            with(Int(42), keyset(None)),
            Some("applications_citizen_recent"),
        ),
        hot_query(
            "my applications, next page",
            hot::citizen_applications(Way::Forward),
            with(Int(42), keyset(Some(mine))),
            Some("applications_citizen_recent"),
        ),
        hot_query(
            "my applications, previous page",
            hot::citizen_applications(Way::Backward),
            with(Int(42), keyset(Some(mine))),
            Some("applications_citizen_recent"),
        ),
        hot_query("application by reference", hot::application_by_reference(), vec![text("APP-00000042")], None),
        hot_query(
            "bills lapsing unpaid (expiry worker)",
            hot::applications_to_expire(),
            vec![Int(1_800_000_000), Int(100)],
            Some("invoices_awaiting_expiry"),
        ),
        hot_query(
            "SMS rating: account by phone",
            hot::rateable_by_phone(),
            vec![text("254700000042"), Int(0)],
            Some("accounts_phone"),
        ),
        queue("officer's queue, first page", QueueFilter::default(), Some("applications_open_queue")),
        queue(
            "officer's queue, next page",
            QueueFilter { after: Some(cursor.clone()), ..Default::default() },
            Some("applications_open_queue"),
        ),
        queue(
            "officer's queue, previous page",
            QueueFilter { before: Some(cursor.clone()), ..Default::default() },
            Some("applications_open_queue"),
        ),
        queue(
            "officer's queue, breached",
            QueueFilter { charter: Some(app::staff::queue::CharterStatus::Breached), ..Default::default() },
            None,
        ),
        queue(
            "officer's queue, at risk",
            QueueFilter { charter: Some(app::staff::queue::CharterStatus::AtRisk), ..Default::default() },
            None,
        ),
        queue(
            "officer's queue, one state",
            QueueFilter { state: Some(State::NeedsInfo), after: Some(cursor.clone()), ..Default::default() },
            None,
        ),
        queue("officer's queue, mine", QueueFilter { mine: true, ..Default::default() }, None),
        queue("officer's queue, nobody's", QueueFilter { unassigned: true, ..Default::default() }, None),
        queue("officer's queue, search", QueueFilter { search: "First42".into(), ..Default::default() }, None),
        hot_query("officer's queue, counts", hot::QUEUE_COUNTS, vec![text("ntsa")], None),
        hot_query("charter clock", hot::past_due(), vec![text("2026-03-01"), Int(100)], Some("applications_owed")),
        hot_query(
            "STK callback stored",
            hot::CALLBACK_INSERT,
            vec![text("stk"), text("stk:ws_CO_42:0"), text("{}"), Int(1)],
            None,
        ),
        hot_query("STK callback copy", hot::CALLBACK_BY_KEY, vec![text("stk:ws_CO_42:0")], None),
        hot_query("STK callback: attempt by checkout id", hot::attempt_by_checkout(), vec![text("ws_CO_42")], None),
        hot_query("settlement: the attempt's bill", hot::ATTEMPT_BILL, vec![Int(42)], None),
        hot_query("settlement: lock the bill", hot::INVOICE_LOCK, vec![text("BILL42")], None),
        hot_query("settlement: receipt heard before", hot::PAYMENT_BY_MPESA_RECEIPT, vec![text("MP42")], None),
        hot_query("settlement: the attempt's payment", hot::PAYMENT_BY_ATTEMPT, vec![Int(42)], None),
        hot_query("settlement: the bill", hot::SETTLEMENT_BILL, vec![text("BILL42")], None),
        hot_query("settlement: credit", hot::CREDIT_BALANCE, vec![Int(42)], None),
        hot_query("settlement: the bill paid", hot::INVOICE_PAID, vec![text("BILL42"), Int(65000), text("paid")], None),
        hot_query(
            "settlement: the application queued",
            hot::APPLICATION_PAID,
            vec![Int(42), text("queued"), text("2026-05-01"), Int(1)],
            None,
        ),
        hot_query(
            "counters: queue row",
            mlango::db::stats::QUEUE_BUMP,
            vec![text("ntsa"), text("2026-05-01"), Int(0), Int(0), Int(1)],
            None,
        ),
        hot_query(
            "counters: queue row emptied",
            mlango::db::stats::QUEUE_PRUNE,
            vec![text("ntsa"), text("2026-05-01"), Int(0), Int(0)],
            None,
        ),
        hot_query(
            "counters: day row",
            mlango::db::stats::DAY_BUMP,
            [text("ntsa"), text("ntsa-driving-licence-renewal")].into_iter().chain((0..15).map(|_| Int(1))).collect(),
            None,
        ),
        hot_query("invoice by bill ref", hot::PAYABLE_INVOICE, vec![text("BILL42")], None),
        hot_query("receipt verification", hot::receipt(), vec![text("RCPT42")], None),
        hot_query("document verification", hot::document_by_number(), vec![text("DOC42")], None),
        hot_query(
            "performance dashboard",
            hot::PERFORMANCE_DAYS,
            vec![text("ntsa"), Int(day)],
            Some("agency_daily_stats_pkey"),
        ),
        hot_query(
            "finance revenue report",
            hot::SETTLEMENT,
            vec![text("ntsa"), Int(day), Int(day + 92)],
            Some("agency_daily_stats_pkey"),
        ),
        hot_query(
            "my messages, first page",
            hot::notices(Way::First),
            with(Int(42), keyset(None)),
            Some("notifications_citizen_recent"),
        ),
        hot_query(
            "my messages, next page",
            hot::notices(Way::Forward),
            with(Int(42), keyset(Some((1_700_001_000, 3042)))),
            Some("notifications_citizen_recent"),
        ),
        hot_query(
            "my messages, previous page",
            hot::notices(Way::Backward),
            with(Int(42), keyset(Some((1_700_001_000, 3042)))),
            Some("notifications_citizen_recent"),
        ),
        audit("audit log, newest", None, None, Seek::First, None),
        audit("audit log, older", None, None, Seek::Before(4000), None),
        audit("audit log, newer", None, None, Seek::After(4000), None),
        audit("audit log, one kind", Some("fee_change_proposed"), None, Seek::Before(4000), Some("audit_kind")),
        audit("audit log, one person", None, Some(42), Seek::Before(8300), Some("audit_account_event")),
        audit("audit log, one person newer", None, Some(42), Seek::After(40), Some("audit_account_event")),
        audit("audit log, kind and person", Some("login_failed"), Some(42), Seek::First, None),
        hot_query(
            "resolved exceptions, an agency's",
            hot::resolved_exceptions(true, Way::Forward),
            with(text("ntsa"), keyset(Some((1_700_000_700, 1400)))),
            Some("reconciliation_reviews_agency_recent"),
        ),
        hot_query(
            "resolved exceptions, everyone's",
            hot::resolved_exceptions(false, Way::Backward),
            keyset(Some((1_700_000_700, 1400))),
            Some("reconciliation_reviews_recent"),
        ),
    ]
}

/// Plan nodes that read a big table from end to end, and every index a plan uses.
fn inspect(plan: &Value, seq_scans: &mut Vec<String>, indexes: &mut Vec<String>) {
    if plan.get("Node Type").and_then(Value::as_str) == Some("Seq Scan") {
        let table = plan.get("Relation Name").and_then(Value::as_str).unwrap_or_default();
        if BIG.contains(&table) {
            seq_scans.push(table.to_string());
        }
    }
    if let Some(index) = plan.get("Index Name").and_then(Value::as_str) {
        indexes.push(index.to_string());
    }
    for child in plan.get("Plans").and_then(Value::as_array).into_iter().flatten() {
        inspect(child, seq_scans, indexes);
    }
}

#[tokio::test]
async fn every_hot_query_uses_an_index_on_postgres() {
    use sqlx::{Connection, Row};
    let Some(db) = postgres_db().await else { return };
    // Migrates the fresh database and brings the agencies the accounts refer to.
    let store = connect(&db).await;
    store.import_catalogue(&crate::helpers::fixture()).await.unwrap();
    let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
    for sql in SEED.iter().chain(mlango::db::stats::REBUILD.iter()) {
        sqlx::query(sql).execute(&mut conn).await.unwrap_or_else(|e| panic!("{e}: {sql}"));
    }
    sqlx::query("ANALYZE").execute(&mut conn).await.unwrap();
    // A plan may read a big table from end to end only where no index fits: this makes that
    // the one case left, so a missing index shows up as a Seq Scan.
    sqlx::query("SET enable_seqscan = off").execute(&mut conn).await.unwrap();
    let mut problems = Vec::new();
    let queries = hot_queries();
    for q in &queries {
        let explain = format!("EXPLAIN (FORMAT JSON) {}", q.sql);
        let row = mlango::bind_args!(sqlx::query(&explain), &q.args)
            .fetch_one(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}\n{}", q.name, q.sql));
        // EXPLAIN's json column, read as its text.
        let text: String = row.try_get_unchecked(0).unwrap();
        let plan: Value = serde_json::from_str(&text).unwrap();
        let (mut seq, mut indexes) = (Vec::new(), Vec::new());
        inspect(&plan[0]["Plan"], &mut seq, &mut indexes);
        let pretty = serde_json::to_string_pretty(&plan).unwrap_or_default();
        if !seq.is_empty() {
            problems.push(format!("{}: Seq Scan on {seq:?}\n{}\n{pretty}", q.name, q.sql));
        }
        if let Some(index) = q.index.filter(|i| !indexes.iter().any(|u| u == i)) {
            problems.push(format!("{}: does not use {index} (uses {indexes:?})\n{}\n{pretty}", q.name, q.sql));
        }
    }
    assert!(queries.len() >= 50, "only {} hot queries checked", queries.len());
    assert!(
        problems.is_empty(),
        "{} hot queries without a fitting index:\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}

/// The counters, as text rows in key order.
async fn counters(url: &str) -> (Vec<String>, Vec<String>) {
    const DAYS: &str = "SELECT agency_code || '|' || service_code || '|' || CAST(day AS TEXT) || '|' || \
         CAST(received AS TEXT) || '|' || CAST(decided AS TEXT) || '|' || CAST(decided_on_time AS TEXT) || '|' || \
         CAST(decide_secs AS TEXT) || '|' || CAST(issued AS TEXT) || '|' || CAST(breached AS TEXT) || '|' || \
         CAST(payments AS TEXT) || '|' || CAST(revenue_minor AS TEXT) || '|' || CAST(convenience_minor AS TEXT) || '|' || \
         CAST(rated_1 AS TEXT) || CAST(rated_2 AS TEXT) || CAST(rated_3 AS TEXT) || CAST(rated_4 AS TEXT) || \
         CAST(rated_5 AS TEXT) FROM agency_daily_stats ORDER BY agency_code, day, service_code";
    const QUEUE: &str = "SELECT agency_code || '|' || due_key || '|' || CAST(paused AS TEXT) || '|' || \
         CAST(missed AS TEXT) || '|' || CAST(n AS TEXT) FROM agency_queue_counts WHERE n <> 0 \
         ORDER BY agency_code, due_key, paused, missed";
    macro_rules! read {
        ($pool:expr) => {{
            let days: Vec<String> = sqlx::query_scalar(DAYS).fetch_all(&$pool).await.unwrap();
            let queue: Vec<String> = sqlx::query_scalar(QUEUE).fetch_all(&$pool).await.unwrap();
            (days, queue)
        }};
    }
    if url.starts_with("sqlite") {
        read!(sqlx::SqlitePool::connect(url).await.unwrap())
    } else {
        read!(sqlx::PgPool::connect(url).await.unwrap())
    }
}

/// Recounts the counters from the base tables (what the migration's backfill does).
async fn recount(url: &str) {
    macro_rules! run {
        ($pool:expr) => {{
            let pool = $pool;
            let mut tx = pool.begin().await.unwrap();
            for sql in mlango::db::stats::REBUILD {
                sqlx::query(sql).execute(&mut *tx).await.unwrap_or_else(|e| panic!("{e}: {sql}"));
            }
            tx.commit().await.unwrap();
        }};
    }
    if url.starts_with("sqlite") {
        run!(sqlx::SqlitePool::connect(url).await.unwrap())
    } else {
        run!(sqlx::PgPool::connect(url).await.unwrap())
    }
}

#[tokio::test]
async fn the_counters_equal_a_recount_after_a_mix_of_operations_on_both_backends() {
    use app::clock::Clock;
    use app::staff::queue::{CharterStatus, charter_status};
    for db in all_dbs().await {
        let (backend, url) = (db.backend, db.url.clone());
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let mut citizen = sign_in(&app, "10000001", PASSWORD, "0712000001").await;
        let mut ntsa = sign_in(&app, "10000007", PASSWORD, "0712000007").await;
        let free = [
            submit_free(&mut citizen).await,
            submit_free(&mut citizen).await,
            submit_free(&mut citizen).await,
            submit_free(&mut citizen).await,
        ];
        let decide = |reference: &str, action: &'static str, note: &'static str| {
            [("reference", reference.to_string()), ("action", action.to_string()), ("note", note.to_string())]
        };
        for (i, action, note) in [
            (0, "start_review", ""),
            (0, "approve", ""),
            (0, "issue", ""),
            (1, "start_review", ""),
            (1, "reject", "Not eligible"),
            (2, "start_review", ""),
            (2, "request_info", "Which test centre?"),
        ] {
            let fields = decide(&free[i], action, note);
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, _, body) = ntsa.api("/api/staff/applications/decide", &fields).await;
            assert_eq!(status, 200, "{backend}: {action}: {body}");
        }
        // A rating by SMS, and a second one that changes nothing.
        let phone = app::contact::PhoneNumber::parse("0712000001").unwrap();
        app.sims.sms.reply(&phone, "4").await.expect("rated");
        app.sims.sms.reply(&phone, "2").await.expect("answered");
        // A paid passport (into immigration's queue, with its fees) and an unpaid one.
        let (paid, bill) = submit_passport(&app, &mut citizen, "Wanjiku Kamau").await;
        pay_by_paybill(&app, &bill, "HOTPATH001", 2).await;
        submit_passport(&app, &mut citizen, "Wanjiku Kamau").await;
        // A month on: the open ones missed their dates; one is then decided late; one more arrives.
        app.clock.advance(30 * 86_400);
        assert!(app::applications::service::flag_charter_breaches(&app.state, 100).await.unwrap() >= 2, "{backend}");
        let mut immigration = sign_in(&app, "10000004", PASSWORD, "0712000004").await;
        for action in ["start_review", "approve"] {
            let (status, _, body) = immigration
                .api("/api/staff/applications/decide", &[("reference", paid.as_str()), ("action", action)])
                .await;
            assert_eq!(status, 200, "{backend}: {action}: {body}");
        }
        let mut citizen = sign_in(&app, "10000001", PASSWORD, "0712000001").await;
        submit_free(&mut citizen).await;
        let (status, _, body) =
            citizen.api("/api/applications/answer", &[("reference", free[2].as_str()), ("note", "Nairobi")]).await;
        assert_eq!(status, 200, "{backend}: {body}");

        let (days, queue) = counters(&url).await;
        let joined = days.join("\n");
        assert!(joined.contains("ntsa|ntsa-driving-test-booking|"), "{backend}: {joined}");
        assert!(days.iter().any(|d| d.ends_with("|00010")), "{backend}: one rating of 4: {joined}");
        let revenue: i64 = days
            .iter()
            .filter(|d| d.starts_with("immigration|immigration-passport-ordinary|"))
            .map(|d| d.split('|').nth(10).unwrap().parse::<i64>().unwrap())
            .sum();
        assert_eq!(revenue, 605_000, "{backend}: the passport's fee, once: {joined}");
        recount(&url).await;
        assert_eq!(counters(&url).await, (days, queue), "{backend}: the counters are not what a recount gives");

        // The queue's counts equal the charter rule applied to each open application.
        let t = Thresholds::on(app::applications::calendar::Date::from_unix_eat(app.clock.now()));
        for agency in ["ntsa", "immigration", "mombasa-county"] {
            let mut expected: Vec<(CharterStatus, i64)> = CharterStatus::ALL.iter().map(|s| (*s, 0)).collect();
            let mut f = QueueFilter::default();
            loop {
                let rows = app.store.agency_queue(agency, 0, &f, &t, 100).await.unwrap();
                for r in &rows {
                    let s =
                        charter_status(r.app.state, r.app.due_date.as_deref(), r.app.charter_missed_on.as_deref(), &t);
                    expected.iter_mut().find(|e| e.0 == s).unwrap().1 += 1;
                }
                let Some(last) = rows.last() else { break };
                f.after = Some(Cursor { due: due_key(last.app.due_date.as_deref()), id: last.app.id });
            }
            assert_eq!(app.store.queue_counts(agency, &t).await.unwrap(), expected, "{backend}: {agency}");
        }
        let ntsa_counts = app.store.queue_counts("ntsa", &t).await.unwrap();
        assert!(ntsa_counts.contains(&(CharterStatus::Breached, 2)), "{backend}: {ntsa_counts:?}");
    }
}

/// Walks a list from the first page to the last and back, `size` rows a page, reading with
/// `read(seek)` (which asks the store for `size + 1`); returns the pages going forwards and
/// the pages met coming back, in list order.
async fn walk<T, C, F, Fut>(
    size: usize,
    descending: bool,
    read: F,
    cursor: impl Fn(&T) -> C,
) -> (Vec<Vec<T>>, Vec<Vec<T>>)
where
    C: Clone,
    F: Fn(Seek<C>) -> Fut,
    Fut: Future<Output = Vec<T>>,
{
    let onwards = |c| if descending { Seek::Before(c) } else { Seek::After(c) };
    let backwards = |c| if descending { Seek::After(c) } else { Seek::Before(c) };
    let mut forward = Vec::new();
    let mut seek = Seek::First;
    loop {
        let p = page(read(seek.clone()).await, &seek, descending, size);
        let next = p.rows.last().filter(|_| p.has_next).map(&cursor);
        forward.push(p.rows);
        assert!(forward.len() < 100, "the pages never end");
        match next {
            Some(c) => seek = onwards(c),
            None => break,
        }
    }
    let mut backward = Vec::new();
    let mut first = forward.last().and_then(|p| p.first()).map(&cursor);
    while let Some(c) = first {
        let seek = backwards(c);
        let p = page(read(seek.clone()).await, &seek, descending, size);
        first = p.rows.first().filter(|_| p.has_prev).map(&cursor);
        backward.push(p.rows);
        assert!(backward.len() < 100, "the pages never end");
    }
    backward.reverse();
    (forward, backward)
}

/// Every row once, in `expected` order, in pages of `size`; coming back gives the same pages.
fn assert_walk<T, K: PartialEq + Clone + std::fmt::Debug>(
    what: &str,
    (forward, backward): (Vec<Vec<T>>, Vec<Vec<T>>),
    key: impl Fn(&T) -> K,
    expected: &[K],
    size: usize,
) {
    let keys = |pages: &[Vec<T>]| pages.iter().map(|p| p.iter().map(&key).collect::<Vec<_>>()).collect::<Vec<_>>();
    let (f, b) = (keys(&forward), keys(&backward));
    assert_eq!(f.concat(), expected, "{what}: going forwards, every row once, in order");
    assert_eq!(f.len(), expected.len().div_ceil(size).max(1), "{what}: full pages but the last: {f:?}");
    assert!(f.iter().all(|p| p.len() <= size), "{what}: {f:?}");
    assert_eq!(b, f[..f.len() - 1], "{what}: coming back, the same pages");
}

fn record(from: State, to: State, event: Event, at: i64) -> ApplicationEvent {
    ApplicationEvent { at, from, to, event, actor_id: None, actor_role: "citizen".into(), note: String::new() }
}

/// The `href` of the page link `rel` (`next` or `prev`) on a page, if there is one.
fn page_link(html: &str, rel: &str) -> Option<String> {
    let pattern = format!(r#"rel="{rel}" href=""#);
    let at = html.find(&pattern)? + pattern.len();
    Some(html[at..].split('"').next()?.replace("&amp;", "&"))
}

#[tokio::test]
async fn lists_paged_by_key_show_every_row_once_both_ways_with_ties_on_both_backends() {
    use app::accounts::identity::DocumentKind;
    use app::accounts::ports::{AccountKey, AuditEvent};
    use app::notifications::outbox::{NewNotice, NoticeKind};
    use app::staff::reconciliation::{Exception, ExceptionKind, NewResolution};
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let store = app.store.clone();
        let account = |n: &'static str| {
            let store = store.clone();
            async move { store.find_account(AccountKey::Document(DocumentKind::NationalId, n)).await.unwrap().unwrap().id }
        };
        let (citizen, officer) = (account("10000001").await, account("10000007").await);

        // 28 applications: the first 11 changed at one moment, the rest a second apart; all
        // queued at NTSA on three charter dates, each with a message sent at that moment.
        let mut made = Vec::new();
        for i in 0..28i64 {
            let now = if i < 11 { 1_800_000_000 } else { 1_800_000_000 + i };
            let reference = format!("APP-KEY{i:05}");
            let id = store
                .create_draft(&NewDraft {
                    reference: reference.clone(),
                    citizen_id: citizen,
                    service_code: "ntsa-driving-test-booking".into(),
                    agency_code: "ntsa".into(),
                    variant_code: "standard".into(),
                    answers: Default::default(),
                    client_id: None,
                    now,
                })
                .await
                .unwrap();
            let due = format!("2027-01-{:02}", 4 + i % 3);
            store
                .transition(&Transition {
                    application_id: id,
                    expected_version: 0,
                    records: vec![
                        record(State::Draft, State::Submitted, Event::Submit, now),
                        record(State::Submitted, State::Queued, Event::NoFeeDue, now),
                    ],
                    submission: Some(Submission {
                        answers: Default::default(),
                        snapshot_hash: "h".into(),
                        amount_minor: 0,
                        convenience_minor: 0,
                        currency: "KES".into(),
                    }),
                    due_date: Some(due.clone()),
                    invoice: None,
                    document: None,
                    charter_missed: None,
                    notices: vec![NewNotice {
                        dedupe_key: format!("keyset:{reference}"),
                        kind: NoticeKind::CharterBreach,
                        subject: reference,
                        citizen_id: Some(citizen),
                        phone: None,
                    }],
                })
                .await
                .unwrap();
            made.push((now, id, due));
        }

        // A citizen's applications, newest first.
        let mut expected: Vec<(i64, i64)> = made.iter().map(|(t, id, _)| (*t, *id)).collect();
        expected.sort_by(|a, b| b.cmp(a));
        let expected: Vec<i64> = expected.into_iter().map(|(_, id)| id).collect();
        let read = |seek: Seek<(i64, i64)>| {
            let store = store.clone();
            async move { store.citizen_applications(citizen, &seek, 6).await.unwrap() }
        };
        let walked = walk(5, true, read, |a| (a.updated_at, a.id)).await;
        assert_walk(&format!("{backend}: my applications"), walked, |a| a.id, &expected, 5);

        // The officer's queue, soonest charter date first.
        let mut expected: Vec<(String, i64)> = made.iter().map(|(_, id, due)| (due.clone(), *id)).collect();
        expected.sort();
        let expected: Vec<i64> = expected.into_iter().map(|(_, id)| id).collect();
        let t = Thresholds { today: "2026-12-01".into(), at_risk_until: "2026-12-03".into() };
        let read = |seek: Seek<Cursor>| {
            let (store, t) = (store.clone(), t.clone());
            async move {
                let f = match seek {
                    Seek::First => QueueFilter::default(),
                    Seek::After(c) => QueueFilter { after: Some(c), ..Default::default() },
                    Seek::Before(c) => QueueFilter { before: Some(c), ..Default::default() },
                };
                store.agency_queue("ntsa", officer, &f, &t, 6).await.unwrap()
            }
        };
        let walked = walk(5, false, read, |r| Cursor { due: due_key(r.app.due_date.as_deref()), id: r.app.id }).await;
        assert_walk(&format!("{backend}: the queue"), walked, |r| r.app.id, &expected, 5);

        // The citizen's messages, newest first (28 sent at one of two kinds of moment).
        let all = store.notices_of(citizen, 1000).await.unwrap();
        assert_eq!(all.len(), 28, "{backend}");
        assert!(all.windows(2).all(|w| (w[0].created_at, w[0].id) > (w[1].created_at, w[1].id)), "{backend}");
        let expected: Vec<i64> = all.iter().map(|n| n.id).collect();
        let read = |seek: Seek<(i64, i64)>| {
            let store = store.clone();
            async move { store.notices_page(citizen, &seek, 6).await.unwrap() }
        };
        let walked = walk(5, true, read, |n| (n.created_at, n.id)).await;
        assert_walk(&format!("{backend}: messages"), walked, |n| n.id, &expected, 5);

        // The audit log, newest first by id: 13 events at one moment.
        for i in 0..13 {
            let e = AuditEvent {
                at: 1_800_000_000,
                kind: "keyset_test".into(),
                account_id: Some(citizen),
                actor_id: None,
                client_ip: String::new(),
                detail: format!("event {i}"),
            };
            store.record_event(&e).await.unwrap();
        }
        let expected: Vec<i64> =
            store.audit_page(Some("keyset_test"), None, None, 1000).await.unwrap().iter().map(|e| e.id).collect();
        assert_eq!(expected.len(), 13, "{backend}");
        assert!(expected.windows(2).all(|w| w[0] > w[1]), "{backend}: newest first");
        let read = |seek: Seek<i64>| {
            let store = store.clone();
            async move { store.audit_seek(Some("keyset_test"), Some(citizen), &seek, 6).await.unwrap() }
        };
        let walked = walk(5, true, read, |e| e.id).await;
        assert_walk(&format!("{backend}: the audit log"), walked, |e| e.id, &expected, 5);

        // Resolved reconciliation exceptions, latest review first: 7 reviewed at one moment.
        for subject_id in 1..=7 {
            let exception = Exception {
                kind: ExceptionKind::PaymentReview,
                subject_id,
                agency_code: Some("ntsa".into()),
                bill_ref: None,
                receipt_no: None,
                mpesa_receipt: None,
                amount_minor: None,
                expected_minor: None,
                detail: String::new(),
                since: 1,
                resolution: None,
            };
            let r = NewResolution { exception, note: "Checked".into(), by: officer, now: 1_800_000_000 };
            assert!(store.resolve_exception(&r).await.unwrap(), "{backend}");
        }
        let review = |e: &Exception| e.resolution.as_ref().map(|r| (r.at, r.review_id)).unwrap();
        let expected: Vec<i64> =
            store.resolved_exceptions(Some("ntsa"), 100).await.unwrap().iter().map(|e| review(e).1).collect();
        assert_eq!(expected.len(), 7, "{backend}");
        let read = |seek: Seek<(i64, i64)>| {
            let store = store.clone();
            async move { store.resolved_page(Some("ntsa"), &seek, 4).await.unwrap() }
        };
        let walked = walk(3, true, read, review).await;
        assert_walk(&format!("{backend}: resolved exceptions"), walked, |e| review(e).1, &expected, 3);
        assert!(store.resolved_page(Some("immigration"), &Seek::First, 4).await.unwrap().is_empty(), "{backend}");

        // The same lists as pages with plain links: next, then previous, without JavaScript.
        let mut browser = sign_in(&app, "10000001", PASSWORD, "0712000001").await;
        let (status, first) = browser.page("/applications").await;
        assert_eq!(status, 200, "{backend}");
        let count = |html: &str| (0..28).filter(|i| html.contains(&format!("APP-KEY{i:05}"))).count();
        assert_eq!(count(&first), 25, "{backend}: a page of 25");
        assert!(page_link(&first, "prev").is_none(), "{backend}: nothing before the first page");
        let next = page_link(&first, "next").expect("a link to the next page");
        assert!(next.starts_with("/applications?before="), "{backend}: {next}");
        let (_, second) = browser.page(&next).await;
        assert_eq!(count(&second), 3, "{backend}: the other 3");
        assert!(page_link(&second, "next").is_none(), "{backend}: the last page");
        let prev = page_link(&second, "prev").expect("a link back");
        let (_, again) = browser.page(&prev).await;
        assert_eq!(count(&again), 25, "{backend}");
        assert_eq!(page_link(&again, "next"), Some(next), "{backend}: back on the first page");
        let (_, messages) = browser.page("/account/messages").await;
        assert!(page_link(&messages, "next").is_none(), "{backend}: 28 messages fit one page");
        let (_, bad) = browser.page("/applications?before=nonsense").await;
        assert_eq!(count(&bad), 25, "{backend}: a position that is not one shows the first page");

        let mut admin = sign_in(&app, "10000008", PASSWORD, "0712000008").await;
        let newest = store.audit_page(None, None, None, 1).await.unwrap()[0].id;
        let (_, html) = admin.page(&format!("/staff/audit?kind=keyset_test&before={}", newest - 3)).await;
        let newer = page_link(&html, "prev").expect("a link to newer events");
        assert!(newer.starts_with("/staff/audit?kind=keyset_test&after="), "{backend}: {newer}");
        assert!(html.contains("Newer events") && !html.contains("Older events"), "{backend}: the oldest are shown");
        let (_, html) = admin.page("/staff/audit?before=1&after=2").await;
        assert!(html.contains("error-summary"), "{backend}: one way at a time");
    }
}
