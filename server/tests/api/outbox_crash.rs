//! The outbox under a bad provider and a dying worker: Africa's Talking (the simulator, over
//! real HTTP) fails 30% of sends and answers 10% only after the sender gave up, while the
//! outbox worker is killed mid-pass again and again. Every message reaches its phone, and no
//! phone receives the same message twice — a send whose outcome was lost is matched to its
//! delivery report instead of being sent blindly again. On SQLite and PostgreSQL.
//!
//! The worker is killed by aborting its task, which stops it at whatever await it had reached
//! (mid-request to the provider, between the send and the record): from the database's side
//! that is what `kill -9` leaves behind. The clock is the test's, so claims lapse and the
//! provider's reporting window passes without waiting.

use crate::helpers::{TestApp, all_dbs, connect, fixture};
use app::contact::PhoneNumber;
use app::notifications::outbox::{CLAIM_SECS, DLR_WAIT_SECS};
use app::notifications::service::deliver_due;
use mlango::gateways::{AfricasTalkingConfig, AfricasTalkingSms};
use mlango::sim::{Flaky, SIM_AT_API_KEY, SIM_AT_USERNAME};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

const PHONES: usize = 30;

fn phone(i: usize) -> PhoneNumber {
    PhoneNumber::parse(&format!("0722{i:06}")).expect("phone")
}

/// Statuses of every message, counted.
async fn counts(app: &TestApp) -> BTreeMap<String, i64> {
    app.store.notice_counts().await.expect("counts").into_iter().collect()
}

fn settled(counts: &BTreeMap<String, i64>) -> bool {
    counts.keys().all(|s| s == "sent" || s == "delivered")
}

#[tokio::test]
async fn messages_arrive_once_each_while_the_provider_fails_and_the_worker_is_killed_mid_send() {
    for db in all_dbs().await {
        let backend = db.backend;
        let store = connect(&db).await;
        store.import_catalogue(&fixture()).await.expect("fixture");
        let app = TestApp::spawn(store, Some(db)).await;
        // The real adapter, with a timeout the simulator's late answers overrun.
        let mut config =
            AfricasTalkingConfig::new(&format!("{}/sim/sms", app.address), SIM_AT_USERNAME, SIM_AT_API_KEY, None);
        config.timeout = Duration::from_millis(400);
        let mut state = app.state.clone();
        state.sms = Arc::new(AfricasTalkingSms::new(config));

        // Two different answers queued for each of 30 phones.
        for i in 0..PHONES {
            app.sims.sms.reply(&phone(i), "HELP").await.expect("inbound");
            app.sims.sms.reply(&phone(i), &format!("STATUS CRASH-{i}")).await.expect("inbound");
        }
        assert_eq!(counts(&app).await.get("queued"), Some(&(2 * PHONES as i64)), "{backend}");
        app.sims.sms.set_flaky(Flaky { fail_percent: 30, timeout_percent: 10, hold: Duration::from_millis(900) });

        // Kill the worker at varied points, over and over.
        let mut kills = 0;
        for round in 0..40u64 {
            let worker = {
                let state = state.clone();
                tokio::spawn(async move { deliver_due(&state).await })
            };
            tokio::time::sleep(Duration::from_millis(40 + (round * 37) % 260)).await;
            if !worker.is_finished() {
                kills += 1;
            }
            worker.abort();
            let _ = worker.await;
            // Delivery reports arrive over real HTTP; give them a moment, then let claims lapse
            // (every third round, also the reporting window and any backoff).
            tokio::time::sleep(Duration::from_millis(150)).await;
            let step = if round % 3 == 2 { DLR_WAIT_SECS + 1 } else { CLAIM_SECS + 1 };
            app.clock.advance(step);
            if settled(&counts(&app).await) {
                break;
            }
        }
        assert!(kills >= 3, "{backend}: the worker was killed mid-pass only {kills} times");

        // Then a worker that lives, until every message is settled.
        for _ in 0..30 {
            if settled(&counts(&app).await) {
                break;
            }
            deliver_due(&state).await.expect("pass");
            tokio::time::sleep(Duration::from_millis(1_000)).await;
            app.clock.advance(3_601);
        }
        let counts = counts(&app).await;
        assert!(settled(&counts), "{backend}: {counts:?}");

        // What the phones saw: each of the two answers exactly once.
        let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
        for m in app.sims.sms.messages(None) {
            *seen.entry((m.to, m.text)).or_default() += 1;
        }
        let duplicates: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).take(5).collect();
        assert!(duplicates.is_empty(), "{backend}: a phone saw a message twice: {duplicates:?}");
        for i in 0..PHONES {
            let to = phone(i);
            let got: Vec<&String> = seen.keys().filter(|(p, _)| p == to.as_str()).map(|(_, t)| t).collect();
            assert_eq!(got.len(), 2, "{backend}: {} received {got:?}", to.as_str());
            assert!(got.iter().any(|t| t.contains(&format!("CRASH-{i}"))), "{backend}: {got:?}");
        }
        let (failed, late) = app.sims.sms.flaky_counts();
        assert!(failed > 0 && late > 0, "{backend}: the provider failed {failed} and was late {late} times");
    }
}

/// An adapter whose provider takes the connection and never answers.
async fn silent_provider() -> AfricasTalkingSms {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let mut config = AfricasTalkingConfig::new(&format!("http://{addr}"), "u", "k", None);
    config.timeout = Duration::from_millis(300);
    AfricasTalkingSms::new(config)
}

#[tokio::test]
async fn a_one_time_codes_delivery_report_is_not_taken_for_a_message_in_doubt() {
    for db in all_dbs().await {
        let backend = db.backend;
        let store = connect(&db).await;
        store.import_catalogue(&fixture()).await.expect("fixture");
        let app = TestApp::spawn(store, Some(db)).await;
        let to = phone(900);
        app.sims.sms.reply(&to, "HELP").await.expect("inbound");

        // The provider swallows the send: in doubt, and held back while it may report.
        let mut silent = app.state.clone();
        silent.sms = Arc::new(silent_provider().await);
        assert_eq!(deliver_due(&silent).await.expect("pass"), 0, "{backend}");
        assert_eq!(counts(&app).await.get("queued"), Some(&1), "{backend}");
        app.clock.advance(CLAIM_SECS + 1);
        assert_eq!(deliver_due(&app.state).await.expect("pass"), 0, "{backend}: not sent blindly again");
        assert!(app.sims.sms.messages(Some(&to)).is_empty(), "{backend}");

        // Meanwhile a one-time code reaches the same phone and is reported delivered.
        app::notifications::service::send_direct_sms(&app.state, &to, "Your code is 123456").await.expect("sent");
        // The simulator posts the report 50 ms after the send.
        tokio::time::sleep(Duration::from_millis(800)).await;
        // That report explains the code, not the message: once the window passes, it is sent.
        app.clock.advance(DLR_WAIT_SECS);
        assert_eq!(deliver_due(&app.state).await.expect("pass"), 1, "{backend}");
        let got: Vec<String> = app.sims.sms.messages(Some(&to)).into_iter().map(|m| m.text).collect();
        assert_eq!(got.len(), 2, "{backend}: {got:?}");
        assert!(got[0].starts_with("Mlango: Send STATUS"), "{backend}: {got:?}");
    }
}
