//! Exactly once under callback chaos: a thousand STK payments through the simulator while it
//! duplicates 20%, reorders 10%, delays and drops 5% of the callbacks, then one reconciliation
//! pass. Every bill is paid exactly once, the ledger balances, the money recorded equals the
//! simulator's statement, and each payment sends one receipt SMS — on SQLite and PostgreSQL.

use crate::accounts::{app_with_accounts, sign_in};
use crate::helpers::{all_dbs, connect};
use app::applications::state::State;
use app::clock::Clock;
use app::payments::state::InvoiceStatus;
use serde_json::json;
use std::time::Duration;

/// Bills per backend (each paid once through a separate STK push); `MLANGO_CHAOS_BILLS`
/// overrides it (more for a soak, fewer while iterating).
fn bills() -> usize {
    std::env::var("MLANGO_CHAOS_BILLS").ok().and_then(|v| v.parse().ok()).filter(|&n| n > 0).unwrap_or(1000)
}

#[tokio::test]
async fn every_bill_is_paid_exactly_once_through_duplicated_reordered_and_dropped_callbacks() {
    let bills_wanted = bills();
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let mut a = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
        let post = |path: &str, body: serde_json::Value| {
            let req = app.client.post(format!("{}{path}", app.address)).json(&body);
            async move { req.send().await.expect("sim").status().as_u16() }
        };
        assert_eq!(
            post(
                "/sim/mpesa/chaos",
                json!({"duplicate": 0.2, "reorder": 0.1, "drop": 0.05, "delay_ms_max": 30, "seed": 2026})
            )
            .await,
            200
        );
        assert_eq!(post("/sim/mpesa/auto", json!({"mode": "pay", "after_ms": 0})).await, 200);
        // Every push is answered from the same phone: a large balance keeps it from running dry.
        post("/sim/mpesa/balance", json!({"msisdn": "254712000001", "balance_kes": 100_000_000})).await;

        let photo = crate::helpers::photo();
        let mut bills = Vec::with_capacity(bills_wanted);
        for i in 0..bills_wanted {
            let (status, body) = a
                .apply_api(
                    &[
                        ("service", "immigration-passport-ordinary"),
                        ("variant", "48-pages"),
                        ("answers[full_name]", &format!("Chaos Citizen {i}")),
                        ("submit", "yes"),
                    ],
                    &[("passport_photo", "photo.jpg", photo.clone())],
                )
                .await;
            assert_eq!(status, 200, "{backend}: {body}");
            let reference = body.trim_matches('"').trim_start_matches("/applications/").to_string();
            let stored = app.store.application(&reference).await.unwrap().unwrap();
            let bill = app.store.invoice_of(stored.id).await.unwrap().unwrap().bill_ref;
            let (status, _, body) = a.api("/api/payments/mpesa", &[("bill_ref", &bill), ("phone", "0712000001")]).await;
            assert_eq!(status, 200, "{backend}: {body}");
            bills.push(bill);
        }
        // Let the simulator answer every prompt and post every callback it is going to post.
        for _ in 0..20 {
            let answered = app.sims.mpesa.pushes().iter().filter(|p| p.result.is_some()).count();
            if answered == bills_wanted && app.sims.mpesa.settle(Duration::from_secs(30)).await {
                break;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }

        // Before reconciliation the statement shows money we have not recorded yet: exactly
        // the payments whose callbacks were dropped.
        let day = app::payments::settlement::Period {
            from: app::applications::calendar::Date::from_unix_eat(app.clock.now()),
            to: app::applications::calendar::Date::from_unix_eat(app.clock.now()),
        };
        let (from, to) = day.bounds();
        let statement = || async {
            let csv = app.get_text("/sim/mpesa/statement.csv").await.1;
            mlango::payments::read_statement_csv(&csv).unwrap()
        };
        let lines = statement().await;
        assert_eq!(lines.len(), bills_wanted, "{backend}");
        let recorded = app.store.mpesa_payments_between(from, to + 86_400).await.unwrap();
        let before = app::payments::statement::compare(&lines, &recorded);
        let open = app.store.attempts_to_reconcile(i64::MAX, 10_000).await.unwrap().len();
        assert_eq!(before.len(), open, "{backend}: one difference per unsettled payment: {before:?}");
        assert!(
            before.iter().all(|d| matches!(d, app::payments::statement::Difference::MissingLocally(_))),
            "{backend}"
        );

        // The dropped callbacks are found by reconciliation.
        app.clock.advance(app::payments::service::RECONCILE_AFTER_SECS + 1);
        let report =
            app::payments::service::reconcile(&app.state, app::payments::service::RECONCILE_AFTER_SECS, 10_000)
                .await
                .unwrap();
        assert_eq!(report.still_open + report.failed + report.needs_review, 0, "{backend}: {report:?}");

        let mut recorded_minor = 0;
        for bill in &bills {
            let invoice = app.store.payable_invoice(bill).await.unwrap().unwrap();
            assert_eq!(invoice.status, InvoiceStatus::Paid, "{backend}: {bill}");
            assert_eq!(invoice.application_state, Some(State::Queued), "{backend}: {bill}");
            let payments = app.store.payments_of(bill).await.unwrap();
            assert_eq!(payments.len(), 1, "{backend}: {bill} paid exactly once: {payments:?}");
            assert_eq!(payments[0].amount_minor, invoice.total_minor);
            recorded_minor += payments[0].amount_minor;
        }
        let (debits, credits) = app.store.ledger_totals().await.unwrap();
        assert_eq!((debits, credits), (recorded_minor, recorded_minor), "{backend}: the ledger balances");
        // After it, the statement and the records agree line for line.
        let recorded = app.store.mpesa_payments_between(from, to + 86_400).await.unwrap();
        let after = app::payments::statement::compare(&statement().await, &recorded);
        assert!(after.is_empty(), "{backend}: {after:?}");
        // One receipt SMS per payment, however many copies of its callback came.
        app::notifications::service::deliver_due(&app.state).await.unwrap();
        let (_, sms) = app.get_json("/sim/sms/messages?to=254712000001").await;
        let receipts = sms["messages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["text"].as_str().is_some_and(|t| t.contains("Receipt R")))
            .count();
        assert_eq!(receipts, bills_wanted, "{backend}: one receipt SMS per payment");
        let (_, statement) = app.get_json("/sim/mpesa/statement").await;
        assert_eq!(statement["count"], bills_wanted, "{backend}: one M-Pesa transaction per bill");
        assert_eq!(
            statement["total_kes"].as_i64().unwrap() * 100,
            recorded_minor,
            "{backend}: totals equal the statement"
        );
    }
}
