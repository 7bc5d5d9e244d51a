//! Bill references and receipt numbers are 9 random digits, so with millions of bills a fresh
//! draw sometimes clashes with one in use. The store tells such a clash from a real duplicate,
//! and the write is repeated with a new number: citizens, agencies and payers never see it.

use crate::accounts::app_with_accounts;
use crate::degraded::Flaky;
use crate::helpers::{all_dbs, connect, fixture, sqlite_db};
use crate::outbox::pay_by_paybill;
use crate::payments::applied;
use app::payments::agency::{NewAgencyInvoice, issue_key};
use app::payments::ports::{Channel, NewPayment, Settled, Settlement};
use app::payments::reference::DRAWS;
use app::payments::state::InvoiceStatus;
use app::store::StoreError;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

fn agency_invoice(bill_ref: &str, api_key_id: i64) -> NewAgencyInvoice {
    NewAgencyInvoice {
        bill_ref: bill_ref.into(),
        agency_code: "immigration".into(),
        service_code: None,
        description: "Clash test".into(),
        amount_minor: 10_000,
        convenience_minor: 0,
        total_minor: 10_000,
        currency: "KES".into(),
        api_key_id,
        idempotency_key: None,
        request_hash: String::new(),
        first_response: String::new(),
        external_ref: None,
        payer_phone: None,
        expires_at: None,
        now: 1_800_000_000,
    }
}

fn paybill(receipt_no: &str, bill_ref: &str, mpesa_receipt: &str) -> Settlement {
    Settlement {
        attempt: None,
        payment: Some(NewPayment {
            receipt_no: receipt_no.into(),
            bill_ref: Some(bill_ref.into()),
            channel: Channel::MpesaPaybill,
            mpesa_receipt: Some(mpesa_receipt.into()),
            phone: "254712000001".into(),
            amount_minor: 1_000,
            paid_at: 1_800_000_000,
            needs_review: false,
            note: String::new(),
        }),
        on_paid: None,
        callback: None,
        now: 1_800_000_000,
    }
}

#[tokio::test]
async fn the_store_tells_a_clashing_drawn_number_from_a_real_duplicate() {
    for db in all_dbs().await {
        let b = db.backend;
        let store = connect(&db).await;
        store.import_catalogue(&fixture()).await.expect("fixture");
        let key = store.create_api_key(&issue_key("immigration", "clash test", None, 0).record).await.expect("key");
        store.create_agency_invoice(&agency_invoice("4829175536", key)).await.expect("first bill");
        let again = store.create_agency_invoice(&agency_invoice("4829175536", key)).await;
        assert!(matches!(again, Err(StoreError::ReferenceTaken(_))), "{b}: {again:?}");

        let first = store.settle(&paybill("R4829175536", "4829175536", "QAB1")).await.expect("first payment");
        assert!(matches!(first, Settled::Applied { .. }), "{b}: {first:?}");
        let same_receipt = store.settle(&paybill("R4829175536", "4829175536", "QAB2")).await;
        assert!(matches!(same_receipt, Err(StoreError::ReferenceTaken(_))), "{b}: {same_receipt:?}");
        // The same M-Pesa payment again is a real duplicate, never a reason to draw again.
        let same_mpesa = store.settle(&paybill("R1111111111", "4829175536", "QAB1")).await;
        assert!(!matches!(same_mpesa, Err(StoreError::ReferenceTaken(_))), "{b}: {same_mpesa:?}");
        let payments = store.payments_of("4829175536").await.expect("payments");
        assert_eq!(payments.len(), 1, "{b}: the clashing writes changed nothing");
    }
}

#[tokio::test]
async fn a_clashing_bill_or_receipt_number_is_drawn_again_unseen() {
    let db = sqlite_db();
    let inner = connect(&db).await;
    inner.import_catalogue(&fixture()).await.expect("fixture");
    let flaky = Arc::new(Flaky { data: fixture(), down: AtomicBool::new(false), inner, clashes: Default::default() });
    let app = app_with_accounts(flaky.clone(), Some(db)).await;

    // A citizen's submission: two clashes, then a bill.
    flaky.clashes.store(2, Ordering::SeqCst);
    let (_browser, reference, bill) = applied(&app).await;
    assert_eq!(flaky.clashes.load(Ordering::SeqCst), 0, "both clashes were met");
    let stored = app.store.application(&reference).await.unwrap().expect("application");
    assert_eq!(app.store.invoice_of(stored.id).await.unwrap().expect("invoice").bill_ref, bill);

    // Paying it: two clashing receipt numbers, then the payment.
    flaky.clashes.store(2, Ordering::SeqCst);
    pay_by_paybill(&app, &bill, "QCL0000001", 1).await;
    assert_eq!(flaky.clashes.load(Ordering::SeqCst), 0);
    let invoice = app.store.payable_invoice(&bill).await.unwrap().expect("bill");
    assert_eq!(invoice.status, InvoiceStatus::Paid);
    let payments = app.store.payments_of(&bill).await.unwrap();
    assert_eq!(payments.len(), 1, "{payments:?}");
    assert!(app::payments::reference::ReceiptNo::parse(&payments[0].receipt_no).is_some());

    // An agency's invoice: the bill it is told of is the one stored, and a retry with the
    // same Idempotency-Key is told the same.
    let issued = issue_key("immigration", "clash test", None, 0);
    app.store.create_api_key(&issued.record).await.unwrap();
    let post = |idem: &'static str| {
        app.client
            .post(format!("{}/v1/invoices", app.address))
            .bearer_auth(&issued.key)
            .header("Idempotency-Key", idem)
            .json(&json!({"amount_kes": 500, "description": "Clash test"}))
            .send()
    };
    flaky.clashes.store(2, Ordering::SeqCst);
    let r = post("clash-1").await.expect("post");
    assert_eq!(r.status(), 201);
    let created: Value = r.json().await.expect("json");
    let bill = created["bill_ref"].as_str().expect("bill_ref").to_string();
    assert!(app.store.payable_invoice(&bill).await.unwrap().is_some(), "the bill told is the bill stored");
    let replayed: Value = post("clash-1").await.expect("post").json().await.expect("json");
    assert_eq!(replayed["bill_ref"], created["bill_ref"]);

    // Every draw clashing (about 3 in a billion): a retryable refusal, and nothing written.
    flaky.clashes.store(DRAWS, Ordering::SeqCst);
    let r = post("clash-2").await.expect("post");
    assert_eq!(r.status(), 503, "{:?}", r.text().await);
    flaky.clashes.store(0, Ordering::SeqCst);
    let r = post("clash-2").await.expect("post");
    assert_eq!(r.status(), 201, "the same request later succeeds, as a new invoice");
}
