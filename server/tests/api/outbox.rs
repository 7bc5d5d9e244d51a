//! The outbox: a receipt SMS is queued in the payment's transaction, exactly once however often
//! M-Pesa repeats the confirmation, retried with backoff while the SMS provider is down, given
//! up when it refuses the message for good, and sent once even by racing workers. On SQLite
//! and PostgreSQL.

use crate::accounts::app_with_accounts;
use crate::helpers::{TestApp, all_dbs, connect};
use crate::payments::{applied, post_json};
use app::contact::PhoneNumber;
use app::notifications::ports::{GatewayError, ProviderReceipt, SmsGateway};
use app::notifications::service::deliver_due;
use mlango::payments::DEMO_CALLBACK_TOKEN;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// An SMS provider that fails in a chosen way, slowly, counting what it is given.
struct Provider {
    fail: Option<GatewayError>,
    taken: AtomicUsize,
}

#[async_trait::async_trait]
impl SmsGateway for Provider {
    async fn send_sms(&self, _to: &PhoneNumber, _text: &str) -> Result<ProviderReceipt, GatewayError> {
        tokio::time::sleep(Duration::from_millis(30)).await;
        match &self.fail {
            Some(e) => Err(e.clone()),
            None => {
                let n = self.taken.fetch_add(1, Ordering::SeqCst);
                Ok(ProviderReceipt { provider: "test", message_id: format!("msg-{n}") })
            }
        }
    }
}

fn with_provider(app: &TestApp, fail: Option<GatewayError>) -> (app::ssr::AppState, Arc<Provider>) {
    let provider = Arc::new(Provider { fail, taken: AtomicUsize::new(0) });
    let mut state = app.state.clone();
    state.sms = provider.clone();
    (state, provider)
}

/// Pays `bill` in full by paybill, the confirmation sent `copies` times (Daraja's retries).
pub(crate) async fn pay_by_paybill(app: &TestApp, bill: &str, trans_id: &str, copies: usize) {
    let total = app.store.payable_invoice(bill).await.unwrap().unwrap().total_minor;
    let body = json!({
        "TransactionType": "CustomerPayBillOnline", "TransID": trans_id, "TransTime": "20261204103000",
        "TransAmount": format!("{}.00", total / 100), "BusinessShortCode": mlango::sim::mpesa::SIM_MPESA_SHORTCODE,
        "BillRefNumber": bill, "InvoiceNumber": "", "OrgAccountBalance": "", "ThirdPartyTransID": "",
        "MSISDN": "254712000001", "FirstName": "Wanjiku", "MiddleName": "", "LastName": "Kamau"
    });
    for _ in 0..copies {
        let (status, reply) =
            post_json(app, &format!("/callbacks/mpesa/c2b/confirmation/{DEMO_CALLBACK_TOKEN}"), &body).await;
        assert_eq!((status, reply["ResultCode"].as_i64()), (200, Some(0)), "{reply}");
    }
}

async fn counts(app: &TestApp) -> Vec<(String, i64)> {
    app.store.notice_counts().await.unwrap()
}

fn pair(status: &str, n: i64) -> Vec<(String, i64)> {
    vec![(status.to_string(), n)]
}

#[tokio::test]
async fn a_receipt_is_queued_once_retried_while_the_provider_is_down_and_sent_once() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let (_a, _reference, bill) = applied(&app).await;
        // The "application received" message goes first (to a provider that reports no delivery).
        assert_eq!(deliver_due(&with_provider(&app, None).0).await.unwrap(), 1, "{backend}");
        let sent_before = ("sent".to_string(), 1);

        pay_by_paybill(&app, &bill, "TDA4XYZ001", 3).await;
        assert_eq!(
            counts(&app).await,
            [pair("queued", 1), vec![sent_before.clone()]].concat(),
            "{backend}: three copies, one message"
        );

        // The provider is down: nothing is lost, the message waits 10 s, then 20 s.
        let (down, _) = with_provider(&app, Some(GatewayError::Unavailable("connection refused".into())));
        assert_eq!(deliver_due(&down).await.unwrap(), 0);
        assert_eq!(deliver_due(&down).await.unwrap(), 0, "{backend}: not due again yet");
        app.clock.advance(10);
        assert_eq!(deliver_due(&down).await.unwrap(), 0);
        assert_eq!(counts(&app).await, [pair("queued", 1), vec![sent_before]].concat(), "{backend}");
        app.clock.advance(19);
        let (up, provider) = with_provider(&app, None);
        assert_eq!(deliver_due(&up).await.unwrap(), 0, "{backend}: the second retry is 20 s after the first");
        app.clock.advance(1);

        // Back up: eight workers race for it (several servers); it is sent once.
        let racing: Vec<_> = (0..8).map(|_| deliver_due(&up)).collect();
        let sent: usize = futures::future::join_all(racing).await.into_iter().map(|r| r.unwrap()).sum();
        assert_eq!((sent, provider.taken.load(Ordering::SeqCst)), (1, 1), "{backend}");
        assert_eq!(counts(&app).await, pair("sent", 2), "{backend}");
        assert_eq!(deliver_due(&up).await.unwrap(), 0, "{backend}: never sent again");
    }
}

#[tokio::test]
async fn a_receipt_the_provider_refuses_for_good_is_given_up_and_the_real_one_reads_right() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let (_a, reference, bill) = applied(&app).await;
        assert_eq!(
            deliver_due(&with_provider(&app, None).0).await.unwrap(),
            1,
            "{backend}: the application received message"
        );
        pay_by_paybill(&app, &bill, "TDA4XYZ002", 1).await;
        let (refusing, _) = with_provider(&app, Some(GatewayError::Rejected("blacklisted number".into())));
        deliver_due(&refusing).await.unwrap();
        // No SMS retries of a refusal: the receipt goes to the citizen's email at once instead.
        assert_eq!(counts(&app).await, pair("sent", 2), "{backend}");
        let citizen = app.store.application(&reference).await.unwrap().unwrap().citizen_id;
        let notices = app.store.notices_of(citizen, 10).await.unwrap();
        assert_eq!((notices[0].channel.as_str(), notices[0].status.as_str()), ("email", "sent"), "{backend}");
        let email = app
            .store
            .find_account(app::accounts::ports::AccountKey::Id(citizen))
            .await
            .unwrap()
            .unwrap()
            .email
            .unwrap();
        let mail = app.sims.mail.latest(&email).expect("the receipt by email");
        assert_eq!(mail.subject, "A message from Mlango");
        assert_eq!(Some(mail.body.clone()), notices[0].body, "{backend}: the same words as the SMS would have had");
        assert!(mail.body.contains("received for") && mail.body.contains(&bill), "{backend}: {}", mail.body);

        // The simulator's provider: the text names the amount, the application and the receipt.
        let (_, second_ref, second_bill) = applied(&app).await;
        pay_by_paybill(&app, &second_bill, "TDA4XYZ003", 2).await;
        assert_eq!(deliver_due(&app.state).await.unwrap(), 2, "{backend}: received, then the receipt");
        let receipt = app.store.payments_of(&second_bill).await.unwrap()[0].receipt_no.clone();
        let (_, sms) = app.get_json("/sim/sms/messages?to=254712000001").await;
        let texts: Vec<String> = sms["messages"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|m| m["text"].as_str().map(String::from))
            .filter(|t| t.contains("Receipt R"))
            .collect();
        assert_eq!(texts.len(), 1, "{backend}: {texts:?}");
        assert!(
            texts[0].contains(&second_ref) && texts[0].contains(&receipt) && texts[0].contains(&second_bill),
            "{backend}: {}",
            texts[0]
        );
        assert!(!texts[0].contains(&reference), "{backend}: the first application's message stayed given up");
    }
}
