//! `mlango seed --scale` at a tiny size (2,000 accounts) on PostgreSQL: the seeded population
//! satisfies the schema and reads back through the application's own store — a busy citizen's
//! applications, an officer's queue, a bill by its reference — and a seeded unpaid bill is
//! settled by an M-Pesa confirmation like any other. SQLite is refused with directions.

use crate::helpers::{TestApp, connect, postgres_db, sqlite_db};
use crate::payments::post_json;
use app::applications::state::State;
use app::payments::reference::{BillRef, ReceiptNo};
use mlango::seed_scale::{Options, Scale, run};
use serde_json::json;
use sqlx::Connection;

fn options(accounts: u64, allow_existing_data: bool) -> Options {
    Options { scale: Scale::Accounts(accounts), allow_existing_data, keep_indexes: false }
}

#[tokio::test]
async fn a_seeded_population_reads_back_through_the_store_and_its_bills_can_be_paid() {
    let Some(db) = postgres_db().await else { return };
    let report = run(&db.url, options(2_000, false)).await.expect("seed");
    assert_eq!((report.sizes.accounts, report.sizes.applications), (2_000, 2_857));
    assert!(report.database_bytes > 0 && report.passes.iter().any(|p| p.name == "applications" && p.rows == 2_857));
    let mut sql = sqlx::PgConnection::connect(&db.url).await.expect("connect");
    let count = |q: &'static str| sqlx::query_scalar::<_, i64>(q);

    // The people, the applications and their rows.
    assert_eq!(
        count("SELECT count(*) FROM accounts WHERE role = 'citizen' AND agency_code IS NULL")
            .fetch_one(&mut sql)
            .await
            .unwrap(),
        2_000
    );
    let states: Vec<(String, i64)> =
        sqlx::query_as("SELECT state, count(*) FROM applications GROUP BY 1").fetch_all(&mut sql).await.unwrap();
    let n = |s: State| states.iter().find(|(c, _)| c == s.code()).map_or(0, |(_, n)| *n);
    assert!(n(State::Issued) > 2_000, "most are issued: {states:?}");
    assert!(n(State::Expired) > 50 && n(State::Rejected) > 20 && n(State::Draft) > 20, "{states:?}");
    assert!(n(State::AwaitingPayment) >= 1, "some wait for payment: {states:?}");
    let queued: i64 = [State::Queued, State::InReview, State::NeedsInfo, State::Resubmitted, State::Approved]
        .iter()
        .map(|s| n(*s))
        .sum();
    assert!(queued >= 5, "some are in officers' queues: {states:?}");
    let agencies: Vec<(String, i64)> =
        sqlx::query_as("SELECT agency_code, count(*) FROM applications GROUP BY 1 ORDER BY 2 DESC LIMIT 3")
            .fetch_all(&mut sql)
            .await
            .unwrap();
    assert_eq!(agencies[0].0, "ntsa", "NTSA carries the most: {agencies:?}");
    let flagships: i64 = count("SELECT count(*) FROM applications WHERE agency_code IN ('ntsa', 'immigration', 'dci')")
        .fetch_one(&mut sql)
        .await
        .unwrap();
    assert!(flagships * 100 > 2_857 * 55, "flagship agencies carry most of the volume: {flagships}");

    // Each application's history ends where it is, and its version counts the steps.
    let broken: i64 = count(
        "SELECT count(*) FROM applications a \
         LEFT JOIN LATERAL (SELECT count(*) AS n, max(at) AS last_at FROM application_events e \
             WHERE e.application_id = a.application_id) c ON TRUE \
         LEFT JOIN LATERAL (SELECT to_state FROM application_events e WHERE e.application_id = a.application_id \
             ORDER BY at DESC, event_id DESC LIMIT 1) l ON TRUE \
         WHERE a.version <> c.n OR (c.n > 0 AND (l.to_state <> a.state OR c.last_at <> a.updated_at))",
    )
    .fetch_one(&mut sql)
    .await
    .unwrap();
    assert_eq!(broken, 0, "histories agree with states");
    let unpaired: i64 = count(
        "SELECT count(*) FROM applications a LEFT JOIN invoices i ON i.application_id = a.application_id \
         WHERE a.state NOT IN ('draft') AND a.amount_minor + a.convenience_minor > 0 AND \
         (i.bill_ref IS NULL OR (i.status = 'paid') <> (a.state NOT IN ('awaiting_payment', 'expired')))",
    )
    .fetch_one(&mut sql)
    .await
    .unwrap();
    assert_eq!(unpaired, 0, "every submitted application with a fee has its bill, paid once it moved on");
    let (debits, credits): (i64, i64) =
        sqlx::query_as("SELECT sum(debit_minor)::bigint, sum(credit_minor)::bigint FROM ledger_entries")
            .fetch_one(&mut sql)
            .await
            .unwrap();
    assert_eq!(debits, credits, "the ledger balances");
    let bills: Vec<String> = sqlx::query_scalar("SELECT bill_ref FROM invoices").fetch_all(&mut sql).await.unwrap();
    assert!(bills.iter().all(|b| BillRef::parse(b).is_ok()), "bill references carry their check digit");
    let receipts: Vec<String> =
        sqlx::query_scalar("SELECT receipt_no FROM payments").fetch_all(&mut sql).await.unwrap();
    assert!(!receipts.is_empty() && receipts.iter().all(|r| ReceiptNo::parse(r).is_some()));
    // The indexes dropped for the load are back, exactly as the migrations make them.
    let indexes = "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1";
    let seeded: Vec<String> = sqlx::query_scalar(indexes).fetch_all(&mut sql).await.unwrap();
    let fresh = postgres_db().await.expect("a second database");
    drop(connect(&fresh).await);
    let mut fresh_sql = sqlx::PgConnection::connect(&fresh.url).await.expect("connect");
    let migrated: Vec<String> = sqlx::query_scalar(indexes).fetch_all(&mut fresh_sql).await.unwrap();
    drop(fresh_sql);
    assert_eq!(seeded, migrated, "the same indexes as a freshly migrated database");
    let leftover: bool = sqlx::query_scalar("SELECT to_regclass('mlango_seed_dropped_indexes') IS NULL")
        .fetch_one(&mut sql)
        .await
        .unwrap();
    assert!(leftover, "the list of dropped indexes is gone");

    let store = connect(&db).await;
    // Sign-in finds a seeded person by ID number and by email, and the demo password is theirs.
    let (doc, email): (String, String) = sqlx::query_as(
        "SELECT document_number, email FROM accounts WHERE role = 'citizen' AND email IS NOT NULL ORDER BY account_id LIMIT 1",
    )
    .fetch_one(&mut sql)
    .await
    .unwrap();
    let by_id = store.find_account(app::accounts::ports::AccountKey::LoginName(&doc)).await.unwrap().expect("by ID");
    let by_email =
        store.find_account(app::accounts::ports::AccountKey::LoginName(&email)).await.unwrap().expect("by email");
    assert_eq!(by_id.id, by_email.id);
    assert!(
        app::accounts::password::verify_password(
            mlango::seed_scale::PASSWORD.into(),
            Some(by_id.password_hash.clone())
        )
        .await
    );

    // The busiest citizen's applications, newest first; an issued one still matches its hash.
    let (busy, busy_n): (i64, i64) =
        sqlx::query_as("SELECT citizen_id, count(*) FROM applications GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1")
            .fetch_one(&mut sql)
            .await
            .unwrap();
    assert!(busy_n >= 20, "a frequent applicant: {busy_n}");
    let mine = store.applications_of(busy).await.unwrap();
    assert_eq!(mine.len() as i64, busy_n);
    assert!(mine.windows(2).all(|w| w[0].updated_at >= w[1].updated_at));
    let issued: String = sqlx::query_scalar("SELECT reference FROM applications WHERE state = 'issued' LIMIT 1")
        .fetch_one(&mut sql)
        .await
        .unwrap();
    let a = store.application(&issued).await.unwrap().expect("issued application");
    let hash = app::applications::form::snapshot_hash(
        &a.service_code,
        &a.variant_code,
        a.amount_minor.unwrap_or_default(),
        a.currency.as_deref().unwrap_or_default(),
        &a.answers,
        &[],
    );
    assert_eq!(Some(hash), a.snapshot_hash, "the snapshot hash is the application's own");
    assert!(store.events_of_application(a.id).await.unwrap().len() >= 6);

    // NTSA's queue: an officer's first page in charter order, and the counts agree with it.
    let officer: i64 = sqlx::query_scalar(
        "SELECT account_id FROM accounts WHERE agency_code = 'ntsa' AND role = 'agency_officer' LIMIT 1",
    )
    .fetch_one(&mut sql)
    .await
    .unwrap();
    let today = app::applications::calendar::Date::from_unix_eat(app::clock::Clock::now(&app::clock::SystemClock));
    let t = app::staff::queue::Thresholds::on(today);
    let page = store.agency_queue("ntsa", officer, &app::staff::queue::QueueFilter::default(), &t, 50).await.unwrap();
    let open: i64 = count(
        "SELECT count(*) FROM applications WHERE agency_code = 'ntsa' \
         AND state IN ('queued', 'in_review', 'needs_info', 'resubmitted', 'approved')",
    )
    .fetch_one(&mut sql)
    .await
    .unwrap();
    assert!(open >= 1, "NTSA has open applications");
    assert_eq!(page.len() as i64, open.min(50));
    assert!(page.iter().all(|r| !r.applicant.is_empty()));
    let key = |r: &app::applications::ports::QueueRow| (r.app.due_date.clone().unwrap_or_default(), r.app.id);
    assert!(page.windows(2).all(|w| key(&w[0]) <= key(&w[1])), "charter order");
    let counts = store.queue_counts("ntsa", &t).await.unwrap();
    assert_eq!(counts.iter().map(|(_, n)| n).sum::<i64>(), open);
    let (_, breached) = counts.iter().find(|(s, _)| *s == app::staff::queue::CharterStatus::Breached).unwrap();
    assert!(*breached < open, "seeded queues are mostly on time");

    // An unpaid seeded bill, found by its reference and paid by an M-Pesa confirmation.
    let bill: String = sqlx::query_scalar(
        "SELECT i.bill_ref FROM invoices i JOIN applications a USING (application_id) \
         WHERE a.state = 'awaiting_payment' ORDER BY i.bill_ref LIMIT 1",
    )
    .fetch_one(&mut sql)
    .await
    .unwrap();
    let invoice = store.payable_invoice(&bill).await.unwrap().expect("bill by reference");
    assert_eq!(invoice.application_state, Some(State::AwaitingPayment));
    assert_eq!(invoice.paid_minor, 0);
    let reference = invoice.application_ref.clone().expect("an application's bill");
    let app = TestApp::spawn(store.clone(), Some(db)).await;
    let body = json!({
        "TransactionType": "CustomerPayBillOnline", "TransID": "SEEDPAY001", "TransTime": "20260115103000",
        "TransAmount": format!("{}.{:02}", invoice.total_minor / 100, invoice.total_minor % 100),
        "BusinessShortCode": mlango::sim::mpesa::SIM_MPESA_SHORTCODE, "BillRefNumber": bill, "InvoiceNumber": "",
        "OrgAccountBalance": "", "ThirdPartyTransID": "", "MSISDN": "254720000001", "FirstName": "Wanjiku",
        "MiddleName": "", "LastName": "Kamau"
    });
    let path = format!("/callbacks/mpesa/c2b/confirmation/{}", mlango::payments::DEMO_CALLBACK_TOKEN);
    let (status, reply) = post_json(&app, &path, &body).await;
    assert_eq!((status, reply["ResultCode"].as_i64()), (200, Some(0)), "{reply}");
    let paid = app.store.payable_invoice(&bill).await.unwrap().expect("bill");
    assert_eq!(paid.paid_minor, invoice.total_minor);
    assert_eq!(app.store.application(&reference).await.unwrap().expect("application").state, State::Queued);
}

#[tokio::test]
async fn a_second_load_refuses_a_database_with_people_unless_told_and_then_adds_to_it() {
    let Some(db) = postgres_db().await else { return };
    run(&db.url, options(100, false)).await.expect("first load");
    let refused = run(&db.url, options(100, false)).await.expect_err("second load refused");
    assert!(refused.contains("already holds citizen data") && refused.contains("--allow-existing-data"), "{refused}");
    run(&db.url, options(100, true)).await.expect("second load, told to");
    let mut sql = sqlx::PgConnection::connect(&db.url).await.expect("connect");
    let (people, phones, documents): (i64, i64, i64) = sqlx::query_as(
        "SELECT count(*), count(DISTINCT phone), count(DISTINCT document_number) FROM accounts WHERE agency_code IS NULL",
    )
    .fetch_one(&mut sql)
    .await
    .unwrap();
    assert_eq!((people, phones, documents), (200, 200, 200), "two loads, every person distinct");
}

#[tokio::test]
async fn scale_loads_refuse_sqlite_and_say_what_to_use() {
    let db = sqlite_db();
    let refused = run(&db.url, Options { scale: Scale::National, allow_existing_data: false, keep_indexes: false })
        .await
        .expect_err("SQLite is refused");
    assert!(refused.contains("needs PostgreSQL") && refused.contains("DATABASE_URL=postgres://"), "{refused}");
    assert!(refused.contains("14,000,000") && refused.contains("mlango seed --demo"), "{refused}");
}
