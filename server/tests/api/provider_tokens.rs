//! Servers on one database share one M-Pesa access token: Daraja revokes the old token
//! whenever a new one is fetched, so servers fetching their own kept revoking each other's.

use crate::degraded::Flaky;
use crate::helpers::{all_dbs, connect, fixture, postgres_db, sqlite_db};
use crate::payments_crash::sims;
use app::contact::PhoneNumber;
use app::payments::gateway::{MpesaGateway, StkPush};
use app::payments::tokens::SharedToken;
use futures::StreamExt;
use mlango::gateways::{DarajaConfig, DarajaGateway};
use mlango::sim::mpesa::{SIM_MPESA_CONSUMER_KEY, SIM_MPESA_CONSUMER_SECRET, SIM_MPESA_PASSKEY, SIM_MPESA_SHORTCODE};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// A gateway as `mlango serve` builds it for the simulator at `sim`.
fn gateway(sim: &str) -> DarajaGateway {
    DarajaGateway::new(DarajaConfig::new(
        &format!("{sim}/sim/mpesa"),
        SIM_MPESA_CONSUMER_KEY,
        SIM_MPESA_CONSUMER_SECRET,
        SIM_MPESA_SHORTCODE,
        SIM_MPESA_PASSKEY,
    ))
}

fn push(i: usize) -> StkPush {
    StkPush {
        phone: PhoneNumber::parse(&format!("07{:08}", 12_000_000 + i)).expect("phone"),
        amount_kes: 100 + i as i64,
        account_reference: format!("T{i}"),
        description: "Token test".into(),
        callback_url: "http://127.0.0.1:9/callbacks/mpesa/stk/unused".into(),
    }
}

/// Sends `n` pushes at once, alternating between the gateways; the refused ones' errors.
async fn push_through(gateways: &[&DarajaGateway], n: usize) -> Vec<String> {
    futures::stream::iter(0..n)
        .map(|i| async move { gateways[i % gateways.len()].stk_push(&push(i)).await.err().map(|e| format!("{e:?}")) })
        .buffer_unordered(12)
        .filter_map(|r| async move { r })
        .collect()
        .await
}

#[tokio::test]
async fn shared_tokens_are_stored_and_leased_on_both_backends() {
    for db in all_dbs().await {
        let store = connect(&db).await;
        let b = db.backend;
        assert_eq!(store.shared_token("daraja:x").await.expect("read"), None, "{b}: nothing stored yet");
        let lease = store.lease_shared_token("daraja:x").await.expect("lease");
        assert_eq!(lease.current(), None, "{b}: the row made for the lease holds no token");
        drop(lease);
        assert_eq!(store.shared_token("daraja:x").await.expect("read"), None, "{b}: a dropped lease stores nothing");

        let first = SharedToken { value: "tok-1".into(), refresh_at: 2_000_000_000 };
        store.lease_shared_token("daraja:x").await.expect("lease").replace(&first).await.expect("replace");
        assert_eq!(store.shared_token("daraja:x").await.expect("read"), Some(first.clone()), "{b}");
        assert_eq!(store.shared_token("daraja:other-app").await.expect("read"), None, "{b}: tokens are per app");

        let lease = store.lease_shared_token("daraja:x").await.expect("lease");
        assert_eq!(lease.current(), Some(&first), "{b}: a lease sees the stored token");
        let second = SharedToken { value: "tok-2".into(), refresh_at: 2_000_003_600 };
        lease.replace(&second).await.expect("replace");
        assert_eq!(store.shared_token("daraja:x").await.expect("read"), Some(second), "{b}");
    }
}

#[tokio::test]
async fn a_server_waits_for_the_token_another_is_fetching() {
    let Some(db) = postgres_db().await else { return };
    // Two connections' worth of servers: two stores on one database.
    let (a, b) = (connect(&db).await, connect(&db).await);
    let lease = a.lease_shared_token("daraja:x").await.expect("lease");
    let waiter = tokio::spawn(async move {
        let lease = b.lease_shared_token("daraja:x").await.expect("second lease");
        lease.current().cloned()
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!waiter.is_finished(), "the second server waits while the first fetches");
    let fetched = SharedToken { value: "fetched-by-a".into(), refresh_at: 2_000_000_000 };
    lease.replace(&fetched).await.expect("replace");
    let seen = tokio::time::timeout(Duration::from_secs(10), waiter).await.expect("released").expect("task");
    assert_eq!(seen, Some(fetched), "and then sees the first server's token instead of fetching its own");
}

#[tokio::test]
async fn gateways_on_one_database_fetch_one_token_between_them() {
    let Some(db) = postgres_db().await else { return };
    let (sims, sim) = sims().await;
    let (store_a, store_b) = (connect(&db).await, connect(&db).await);
    let (a, b) = (gateway(&sim), gateway(&sim));
    a.share_tokens(store_a);
    b.share_tokens(store_b);

    let refused = push_through(&[&a, &b], 60).await;
    assert!(refused.is_empty(), "{} of 60 pushes refused: {refused:?}", refused.len());
    assert_eq!(sims.mpesa.counters().token_requests, 1, "one token between the two servers");

    // Daraja drops the token early (it does, on its side): both servers are refused it, one
    // fetches a new one and the other takes that one instead of revoking it with its own.
    sims.mpesa.revoke_tokens();
    let refused = push_through(&[&a, &b], 60).await;
    assert!(refused.is_empty(), "{} of 60 pushes refused after the revocation: {refused:?}", refused.len());
    assert_eq!(sims.mpesa.counters().token_requests, 2, "one new token between the two servers");
}

#[tokio::test]
async fn a_server_that_cannot_reach_the_database_fetches_its_own_token() {
    let db = sqlite_db();
    let (sims, sim) = sims().await;
    let store = Arc::new(Flaky {
        data: fixture(),
        down: AtomicBool::new(true),
        inner: connect(&db).await,
        clashes: Default::default(),
    });
    let gw = gateway(&sim);
    gw.share_tokens(store);
    let refused = push_through(&[&gw], 5).await;
    assert!(refused.is_empty(), "paying does not stop because the database did: {refused:?}");
    assert_eq!(sims.mpesa.counters().token_requests, 1);
}
