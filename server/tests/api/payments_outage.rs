//! M-Pesa down, then the database too, mid-run: applications are still accepted, the bills wait
//! (and do not expire), each waiting citizen is told once — in their language, on whichever
//! server notices — when paying works again, and then pays. On SQLite and PostgreSQL.

use crate::accounts::{Browser, sign_in};
use crate::degraded::Flaky;
use crate::helpers::{TestApp, all_dbs, connect, fixture};
use crate::payments::{post_json, submit_passport};
use app::applications::state::State;
use app::clock::Clock;
use app::payments::outage::{self, Released};
use app::payments::state::{AttemptState, InvoiceStatus};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

const EN_RESUMED: &str = "M-Pesa works again";
const SW_RESUMED: &str = "M-Pesa inafanya kazi tena";

/// Every SMS the simulated phone `to` received that contains `needle`.
async fn texts_with(app: &TestApp, to: &str, needle: &str) -> Vec<String> {
    let (_, json) = app.get_json(&format!("/sim/sms/messages?to={to}")).await;
    json["messages"]
        .as_array()
        .map(|list| list.iter().filter_map(|m| m["text"].as_str()).filter(|t| t.contains(needle)).map(str::to_string))
        .into_iter()
        .flatten()
        .collect()
}

/// Waits (up to 10 s) until `bill` is paid in full.
async fn paid(app: &TestApp, bill: &str) -> app::payments::ports::PayableInvoice {
    for _ in 0..200 {
        let i = app.store.payable_invoice(bill).await.unwrap().unwrap();
        if i.status == InvoiceStatus::Paid {
            return i;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{bill} was never paid");
}

/// Answers the newest PIN prompt for `bill` on the simulated phone, as the citizen would.
async fn enter_pin(app: &TestApp, bill: &str) {
    let attempts = app.store.attempts_of(bill).await.unwrap();
    let checkout = attempts.first().and_then(|a| a.checkout_request_id.clone()).expect("a push M-Pesa accepted");
    let (status, body) =
        post_json(app, "/sim/mpesa/answer", &json!({"checkout_request_id": checkout, "action": "pin", "pin": "1234"}))
            .await;
    assert_eq!(status, 200, "{body}");
}

/// Tries to pay `bill` as an API client; the status and body.
async fn try_to_pay(b: &mut Browser<'_>, bill: &str, phone: &str) -> (u16, String) {
    let (status, _, body) = b.api("/api/payments/mpesa", &[("bill_ref", bill), ("phone", phone)]).await;
    (status, body)
}

/// Makes the M-Pesa simulator refuse every push ("system busy"), or work normally again.
async fn mpesa_refusing(app: &TestApp, refusing: bool) {
    let (status, body) = if refusing {
        post_json(app, "/sim/mpesa/chaos", &json!({"busy": 1.0})).await
    } else {
        post_json(app, "/sim/mpesa/reset", &json!({})).await
    };
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn mpesa_and_the_database_go_down_and_each_waiting_citizen_is_told_once_when_paying_works_again() {
    for db in all_dbs().await {
        let backend = db.backend;
        let inner = connect(&db).await;
        inner.import_catalogue(&fixture()).await.unwrap();
        mlango::accounts::demo::seed_demo_accounts(inner.as_ref(), 1_700_000_000).await.unwrap();
        let flaky =
            Arc::new(Flaky { data: fixture(), down: AtomicBool::new(false), inner, clashes: Default::default() });
        let app = TestApp::spawn(flaky.clone(), Some(db)).await;
        let t0 = app.clock.now();

        // M-Pesa refuses; applications are still accepted, each with its bill.
        mpesa_refusing(&app, true).await;
        let mut a = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
        let mut b = sign_in(&app, "10000002", "Harambee-Demo-2026", "0712000002").await;
        b.page("/applications?lang=sw").await;
        let (a1_ref, a1) = submit_passport(&app, &mut a, "Wanjiku Kamau").await;
        let (_, a2) = submit_passport(&app, &mut a, "Wanjiku Kamau").await;
        let (b1_ref, b1) = submit_passport(&app, &mut b, "Otieno Odhiambo").await;
        let (_, b2) = submit_passport(&app, &mut b, "Otieno Odhiambo").await;
        for bill in [&a1, &a2, &b1, &b2] {
            let i = app.store.payable_invoice(bill).await.unwrap().expect("a bill for every application");
            assert_eq!(i.application_state, Some(State::AwaitingPayment), "{backend}");
        }

        // Paying fails clearly, and the wait is recorded once however often they try.
        for _ in 0..3 {
            let (status, body) = try_to_pay(&mut a, &a1, "0712000001").await;
            assert_eq!(status, 503, "{backend}: {body}");
            assert!(body.contains("mpesa_unavailable"), "{backend}: {body}");
        }
        let wait = app.store.payment_wait(&a1).await.unwrap().expect("the wait is recorded");
        assert_eq!((wait.tries, wait.since, wait.is_open()), (3, t0, true), "{backend}: one wait, three tries");
        let attempts = app.store.attempts_of(&a1).await.unwrap();
        assert!(attempts.len() == 3 && attempts.iter().all(|x| x.state == AttemptState::Failed), "{backend}");
        assert_eq!(try_to_pay(&mut a, &a2, "0712000001").await.0, 503, "{backend}");
        // Without JavaScript: the form comes back with the error, and the page says what happens.
        let r = b
            .form(
                &format!("/applications/{b1_ref}?lang=sw"),
                "/api/payments/mpesa",
                &[("bill_ref", &b1), ("phone", "0712000002")],
            )
            .await;
        assert_eq!(r.error(), Some(json!({"Problem": {"problem": "mpesa_unavailable"}})), "{backend}: {r:?}");
        assert!(app.store.payment_wait(&b2).await.unwrap().is_none(), "{backend}: B never tried to pay B2");
        let (_, page) = a.page(&format!("/applications/{a1_ref}")).await;
        assert!(page.contains("Your application is saved"), "{backend}");
        assert!(page.contains("does not expire while M-Pesa is down") && page.contains("send you an SMS"));
        let (_, page) = b.page(&format!("/applications/{b1_ref}?lang=sw")).await;
        assert!(page.contains("Ombi lako limehifadhiwa") && page.contains("Tutakutumia SMS"), "{backend}");

        // Paybill still works: A2 is paid meanwhile.
        let total = app.store.payable_invoice(&a2).await.unwrap().unwrap().total_minor;
        let (status, body) = post_json(
            &app,
            "/sim/mpesa/c2b/pay",
            &json!({"msisdn": "254712000001", "bill_ref": a2, "amount": total / 100}),
        )
        .await;
        assert_eq!(status, 200, "{backend}: {body}");
        paid(&app, &a2).await;

        // No proof M-Pesa works, and nothing to ask it about: nobody is told anything yet.
        let r = outage::tick(&app.state).await.unwrap();
        assert_eq!((r.probed, r.released), (false, Released::default()), "{backend}");

        // The database goes down too.
        flaky.down.store(true, Ordering::SeqCst);
        assert_eq!(app.get_text("/").await.0, 200, "{backend}");
        let (status, html) = app.get_text("/services/immigration-passport-ordinary").await;
        assert!(status == 200 && html.contains("Ordinary passport"), "{backend}: the catalogue is still served");
        let (status, body) = app.get_json("/readyz").await;
        assert_eq!((status, body["reason"].as_str()), (503, Some("the database is unreachable")), "{backend}");
        let (status, body) = try_to_pay(&mut a, &a1, "0712000001").await;
        assert_eq!(status, 503, "{backend}: try again, not sign in again: {body}");
        assert!(outage::tick(&app.state).await.is_err(), "{backend}");
        flaky.down.store(false, Ordering::SeqCst);
        // Nothing half-written by the attempt made while it was down.
        assert_eq!(app.store.attempts_of(&a1).await.unwrap().len(), 3, "{backend}");
        assert_eq!(app.store.payment_wait(&a1).await.unwrap().map(|w| w.tries), Some(3), "{backend}");
        assert!(app.store.payments_of(&a1).await.unwrap().is_empty(), "{backend}");

        // The outage outlasts the bills' life; waiting bills do not expire.
        app.clock.advance((app::payments::INVOICE_LIFE_DAYS + 1) * 86_400);
        let r = outage::tick(&app.state).await.unwrap();
        assert!(r.held >= 2 && r.released == Released::default(), "{backend}: {r:?}");
        app::applications::service::expire_unpaid(&app.state, 100).await.unwrap();
        for bill in [&a1, &b1] {
            let i = app.store.payable_invoice(bill).await.unwrap().unwrap();
            assert_eq!(i.application_state, Some(State::AwaitingPayment), "{backend}: {bill} kept");
            let keep = app.clock.now() + outage::HOLD_DAYS * 86_400;
            assert!(i.expires_at >= Some(keep), "{backend}: payable {} days on at least", outage::HOLD_DAYS);
            assert!(i.payable_at(keep - 1), "{backend}");
        }
        let b2_invoice = app.store.payable_invoice(&b2).await.unwrap().unwrap();
        assert_eq!(b2_invoice.application_state, Some(State::Expired), "{backend}: only waiting bills are kept");

        // Both come back. A second server (its own memory of M-Pesa, the same database) sends a
        // push that Daraja accepts: that is the proof, whichever server notices it.
        mpesa_refusing(&app, false).await;
        app.clock.advance(60);
        let second = app::ssr::AppState { health: Default::default(), ..app.state.clone() };
        let mut b3 = sign_in(&app, "10000002", "Harambee-Demo-2026", "0712000002").await;
        let (_, b3_bill) = submit_passport(&app, &mut b3, "Otieno Odhiambo").await;
        let invoice = app.store.payable_invoice(&b3_bill).await.unwrap().unwrap();
        let (pushed, _) = app::payments::service::push_for_invoice(&second, &invoice, "0712000002").await.unwrap();
        assert_eq!(pushed, app::payments::service::PushOutcome::Sent, "{backend}");

        // Both servers run the worker at once: each wait is released once.
        let (r1, r2) = tokio::join!(outage::tick(&app.state), outage::tick(&second));
        let (r1, r2) = (r1.unwrap(), r2.unwrap());
        assert!(!r1.probed && !r2.probed, "{backend}: real calls are proof enough; no probe");
        let notified = r1.released.notified + r2.released.notified;
        let dropped = r1.released.dropped + r2.released.dropped;
        assert_eq!((notified, dropped), (2, 1), "{backend}: A1 and B1 told, A2 (paid) dropped: {r1:?} {r2:?}");
        let (r1, r2) = tokio::join!(outage::tick(&app.state), outage::tick(&second));
        assert_eq!((r1.unwrap(), r2.unwrap()), Default::default(), "{backend}: nobody waits any more");
        for (bill, outcome) in [(&a1, "notified"), (&a2, "dropped"), (&b1, "notified")] {
            let w = app.store.payment_wait(bill).await.unwrap().unwrap();
            assert_eq!(w.outcome.as_deref(), Some(outcome), "{backend}: {bill}");
        }

        for _ in 0..2 {
            let (s1, s2) = tokio::join!(
                app::notifications::service::deliver_due(&app.state),
                app::notifications::service::deliver_due(&second)
            );
            s1.unwrap();
            s2.unwrap();
        }
        let to_a = texts_with(&app, "254712000001", EN_RESUMED).await;
        assert_eq!(to_a.len(), 1, "{backend}: one SMS for A's waiting bill, none for the paid one: {to_a:?}");
        let amount = app.store.payable_invoice(&a1).await.unwrap().unwrap().outstanding_minor();
        let kes = app::money::Money { minor: amount, currency: app::money::Currency::Kes }.to_string();
        assert!(to_a[0].contains(&a1) && to_a[0].contains(&kes) && !to_a[0].contains(&a2), "{backend}: {}", to_a[0]);
        assert!(to_a[0].contains("paybill 174379"), "{backend}: how to pay: {}", to_a[0]);
        let to_b = texts_with(&app, "254712000002", SW_RESUMED).await;
        assert_eq!(to_b.len(), 1, "{backend}: in B's language: {to_b:?}");
        assert!(to_b[0].contains(&b1), "{backend}");
        assert!(texts_with(&app, "254712000002", EN_RESUMED).await.is_empty(), "{backend}");

        // The citizen pays, and the page no longer says they wait.
        let mut a = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
        let (status, body) = try_to_pay(&mut a, &a1, "0712000001").await;
        assert_eq!(status, 200, "{backend}: {body}");
        enter_pin(&app, &a1).await;
        let i = paid(&app, &a1).await;
        assert_eq!(i.application_state, Some(State::Queued), "{backend}");
        let (_, page) = a.page(&format!("/applications/{a1_ref}")).await;
        assert!(!page.contains("Your application is saved"), "{backend}");
        assert_eq!(texts_with(&app, "254712000001", EN_RESUMED).await.len(), 1, "{backend}: still one");
    }
}

#[tokio::test]
async fn a_quiet_server_asks_m_pesa_itself_at_most_once_a_minute() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = crate::accounts::app_with_accounts(connect(&db).await, Some(db)).await;
        let counters = || async { app.get_json("/sim/mpesa/pushes").await.1["counters"]["query_requests"].clone() };

        // Paying worked this morning: A paid.
        let mut a = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
        let (_, paid_bill) = submit_passport(&app, &mut a, "Wanjiku Kamau").await;
        assert_eq!(try_to_pay(&mut a, &paid_bill, "0712000001").await.0, 200, "{backend}");
        enter_pin(&app, &paid_bill).await;
        paid(&app, &paid_bill).await;

        // Then M-Pesa refuses B.
        let mut b = sign_in(&app, "10000002", "Harambee-Demo-2026", "0712000002").await;
        let (_, bill) = submit_passport(&app, &mut b, "Otieno Odhiambo").await;
        mpesa_refusing(&app, true).await;
        assert_eq!(try_to_pay(&mut b, &bill, "0712000002").await.0, 503, "{backend}");

        // It works again, but nobody pays: the worker asks M-Pesa about A's push, once.
        mpesa_refusing(&app, false).await;
        app.clock.advance(60);
        let before = counters().await;
        let r = outage::tick(&app.state).await.unwrap();
        assert!(r.probed && r.released == Released { notified: 1, dropped: 0 }, "{backend}: {r:?}");
        assert_eq!(counters().await, json!(before.as_u64().unwrap() + 1), "{backend}: one STK query");
        let r = outage::tick(&app.state).await.unwrap();
        assert!(!r.probed, "{backend}: nobody waits, nothing to ask");

        // A second outage within the minute: no second question until the minute is over.
        mpesa_refusing(&app, true).await;
        assert_eq!(try_to_pay(&mut b, &bill, "0712000002").await.0, 503, "{backend}");
        mpesa_refusing(&app, false).await;
        let r = outage::tick(&app.state).await.unwrap();
        assert!(!r.probed && r.released == Released::default(), "{backend}: {r:?}");
        assert_eq!(counters().await, json!(before.as_u64().unwrap() + 1), "{backend}");
        app.clock.advance(outage::PROBE_EVERY_SECS);
        let r = outage::tick(&app.state).await.unwrap();
        assert!(r.probed && r.released.notified == 1, "{backend}: {r:?}");

        // Each wait sent its own message.
        app::notifications::service::deliver_due(&app.state).await.unwrap();
        let to_b = texts_with(&app, "254712000002", EN_RESUMED).await;
        assert_eq!(to_b.len(), 2, "{backend}: {to_b:?}");
    }
}
