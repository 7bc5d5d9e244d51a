//! Paying over HTTP against the Daraja simulator: STK push → PIN on the simulated phone →
//! callback → receipt, application queued, SMS; failures that charge nothing; forged, duplicate
//! and malformed callbacks; paybill (C2B) with validation; and reconciliation of a callback
//! that never came. On SQLite and PostgreSQL.

use crate::accounts::{Browser, app_with_accounts, sign_in};
use crate::helpers::{TestApp, all_dbs, connect, sqlite_db};
use app::applications::state::State;
use app::clock::Clock;
use app::payments::state::{AttemptState, InvoiceStatus};
use mlango::payments::DEMO_CALLBACK_TOKEN;
use serde_json::{Value, json};
use std::time::Duration;

/// Signs in the first demo citizen and submits a passport application (KSh 6,050 + KSh 50).
pub(crate) async fn applied(app: &TestApp) -> (Browser<'_>, String, String) {
    let mut a = sign_in(app, "10000001", "Harambee-Demo-2026", "0712000001").await;
    let (reference, bill) = submit_passport(app, &mut a, "Wanjiku Kamau").await;
    (a, reference, bill)
}

/// Submits a 48-page passport application as `browser`; returns its reference and bill.
pub(crate) async fn submit_passport(app: &TestApp, browser: &mut Browser<'_>, full_name: &str) -> (String, String) {
    let r = browser
        .apply(
            &[
                ("service", "immigration-passport-ordinary"),
                ("variant", "48-pages"),
                ("answers[full_name]", full_name),
                ("submit", "yes"),
            ],
            &[("passport_photo", "photo.jpg", crate::helpers::photo())],
        )
        .await;
    assert_eq!(r.status, 303, "{r:?}");
    let reference = r.location.trim_start_matches("/applications/").to_string();
    let stored = app.store.application(&reference).await.unwrap().expect("application");
    let bill = app.store.invoice_of(stored.id).await.unwrap().expect("invoice").bill_ref;
    (reference, bill)
}

pub(crate) async fn post_json(app: &TestApp, path: &str, body: &Value) -> (u16, Value) {
    let r = app.client.post(format!("{}{path}", app.address)).json(body).send().await.expect("post");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// The checkout id of the newest push the simulator received for `bill`.
async fn checkout_of(app: &TestApp, bill: &str) -> String {
    let attempts = app.store.attempts_of(bill).await.unwrap();
    attempts.first().and_then(|a| a.checkout_request_id.clone()).expect("a push accepted by the simulator")
}

/// Waits (up to 10 s) for the newest attempt on `bill` to reach a settled state.
async fn settled(app: &TestApp, bill: &str) -> AttemptState {
    for _ in 0..200 {
        let a = app.store.attempts_of(bill).await.unwrap();
        if let Some(a) = a.first()
            && !a.state.is_open()
        {
            return a.state;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the payment attempt on {bill} never settled");
}

/// Waits (up to 10 s) until `bill` has received at least `minor` (confirmations arrive on
/// their own after the simulator's reply).
async fn paid_at_least(app: &TestApp, bill: &str, minor: i64) -> app::payments::ports::PayableInvoice {
    for _ in 0..200 {
        let i = app.store.payable_invoice(bill).await.unwrap().unwrap();
        if i.paid_minor >= minor {
            return i;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{bill} never received {minor} cents");
}

fn stk_success(checkout: &str, amount: i64, receipt: &str) -> Value {
    json!({"Body": {"stkCallback": {
        "MerchantRequestID": "29115-34620561-1",
        "CheckoutRequestID": checkout,
        "ResultCode": 0,
        "ResultDesc": "The service request is processed successfully.",
        "CallbackMetadata": {"Item": [
            {"Name": "Amount", "Value": amount},
            {"Name": "MpesaReceiptNumber", "Value": receipt},
            {"Name": "Balance"},
            {"Name": "TransactionDate", "Value": 20261123102115_i64},
            {"Name": "PhoneNumber", "Value": 254712000001_i64}
        ]}
    }}})
}

#[tokio::test]
async fn a_citizen_pays_by_stk_push_and_the_application_is_queued_with_a_receipt_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let (mut a, reference, bill) = applied(&app).await;
        assert!(app::payments::reference::BillRef::parse(&bill).is_ok(), "{backend}: a check-digit bill reference");

        let page = a.page(&format!("/applications/{reference}")).await.1;
        assert!(page.contains("Pay with M-Pesa") && page.contains(&bill[..3]), "{backend}: the pay form is offered");

        let r = a
            .form(
                &format!("/applications/{reference}"),
                "/api/payments/mpesa",
                &[("bill_ref", &bill), ("phone", "0712 000 001")],
            )
            .await;
        assert_eq!(r.location, format!("/applications/{reference}?paying=sent#payment"), "{backend}: {r:?}");
        // A double click sends no second prompt.
        let (status, _, body) = a.api("/api/payments/mpesa", &[("bill_ref", &bill), ("phone", "0712000001")]).await;
        assert_eq!(status, 409, "{backend}: {body}");
        assert_eq!(app.store.attempts_of(&bill).await.unwrap().len(), 1, "{backend}: one push per bill at a time");

        let checkout = checkout_of(&app, &bill).await;
        let (status, body) = post_json(
            &app,
            "/sim/mpesa/answer",
            &json!({"checkout_request_id": checkout, "action": "pin", "pin": "1234"}),
        )
        .await;
        assert_eq!(status, 200, "{backend}: {body}");
        assert_eq!(settled(&app, &bill).await, AttemptState::Paid, "{backend}");

        let invoice = app.store.payable_invoice(&bill).await.unwrap().unwrap();
        assert_eq!(invoice.status, InvoiceStatus::Paid, "{backend}");
        assert_eq!(invoice.application_state, Some(State::Queued), "{backend}: paid → queued in the same transaction");
        let stored = app.store.application(&reference).await.unwrap().unwrap();
        assert!(stored.due_date.is_some(), "{backend}: the charter clock starts at payment");
        let payments = app.store.payments_of(&bill).await.unwrap();
        assert_eq!(payments.len(), 1, "{backend}");
        assert_eq!(payments[0].amount_minor, invoice.total_minor);
        assert!(payments[0].mpesa_receipt.is_some());
        let (debits, credits) = app.store.ledger_totals().await.unwrap();
        assert_eq!((debits, credits), (invoice.total_minor, invoice.total_minor), "{backend}: the ledger balances");

        let (status, check) = app.get_json(&format!("/v1/receipts/{}", payments[0].receipt_no)).await;
        assert_eq!(status, 200, "{backend}: {check}");
        assert_eq!(check["valid"], true);
        assert_eq!(check["status"], "settled");
        assert!(check["payer"].as_str().unwrap().contains('*'), "{backend}: the payer's number is masked");
        let (status, _) = app.get_json("/v1/receipts/R0000000000").await;
        assert_eq!(status, 404);
        // The receipt as a PDF, for the applicant only.
        let pdf_path = format!("/receipts/{}/receipt.pdf", payments[0].receipt_no);
        let (status, pdf) = a.page(&pdf_path).await;
        assert!(status == 200 && pdf.starts_with("%PDF-"), "{backend}: {status}");
        assert_eq!(app.get(&pdf_path).await.status().as_u16(), 401, "{backend}: signed out");
        let mut other = sign_in(&app, "10000002", "Harambee-Demo-2026", "0712000002").await;
        assert_eq!(other.page(&pdf_path).await.0, 404, "{backend}: another citizen's receipt is not found");

        let (status, live) = a.page(&format!("/api/payments/status?bill_ref={bill}")).await;
        assert_eq!(status, 200);
        assert!(live.starts_with("\"paid\\n"), "{backend}: {live}");

        // The receipt reaches the citizen's phone, from the outbox.
        app::notifications::service::deliver_due(&app.state).await.unwrap();
        let (_, sms) = app.get_json("/sim/sms/messages?to=254712000001").await;
        let texts: Vec<&str> = sms["messages"].as_array().unwrap().iter().filter_map(|m| m["text"].as_str()).collect();
        assert!(texts.iter().any(|t| t.contains(&payments[0].receipt_no)), "{backend}: {texts:?}");

        // Paying a paid bill is refused.
        let (status, _, _) = a.api("/api/payments/mpesa", &[("bill_ref", &bill), ("phone", "0712000001")]).await;
        assert_eq!(status, 409, "{backend}");

        // The agency's finance officer sees the takings, on the page and as CSV; the citizen cannot.
        let (status, _) = a.page("/staff/finance/settlement.csv").await;
        assert_eq!(status, 403, "{backend}");
        let mut f = sign_in(&app, "10000006", "Harambee-Demo-2026", "0712000006").await;
        let (status, page) = f.page("/staff/finance").await;
        assert_eq!(status, 200, "{backend}");
        assert!(
            page.contains("Settlement report") && page.contains("<td class=\"num\">KSh 6,050</td>"),
            "{backend}: {page}"
        );
        let (status, csv) = f.page("/staff/finance/settlement.csv").await;
        assert_eq!(status, 200, "{backend}: {csv}");
        let today = app::applications::calendar::Date::from_unix_eat(app.clock.now()).iso();
        let line = csv.lines().nth(1).unwrap_or_default().to_string();
        assert!(
            line.starts_with(&format!("{today},\"immigration-passport-ordinary\","))
                && line.ends_with(",1,6050.00,50.00"),
            "{backend}: {csv}"
        );
        let (status, _) = f.page("/staff/finance/settlement.csv?from=2026-02-30").await;
        assert_eq!(status, 400, "{backend}: an impossible date is refused");
    }
}

#[tokio::test]
async fn a_wrong_pin_or_a_cancel_charges_nothing_and_the_citizen_can_try_again() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let (mut a, reference, bill) = applied(&app).await;
    for (action, code) in [("wrong_pin", 2001), ("cancel", 1032), ("timeout", 1037)] {
        let (status, _, body) = a.api("/api/payments/mpesa", &[("bill_ref", &bill), ("phone", "0712000001")]).await;
        assert_eq!(status, 200, "{action}: {body}");
        let checkout = checkout_of(&app, &bill).await;
        post_json(
            &app,
            "/sim/mpesa/answer",
            &json!({"checkout_request_id": checkout, "action": action, "pin": "0000"}),
        )
        .await;
        assert_eq!(settled(&app, &bill).await, AttemptState::Failed, "{action}");
        assert_eq!(app.store.attempts_of(&bill).await.unwrap()[0].result_code, Some(code));
        let (_, page) = a.page(&format!("/applications/{reference}")).await;
        assert!(page.contains("Nothing was charged"), "{action}: the page says so");
    }
    let invoice = app.store.payable_invoice(&bill).await.unwrap().unwrap();
    assert_eq!((invoice.status, invoice.application_state), (InvoiceStatus::Unpaid, Some(State::AwaitingPayment)));
    assert!(app.store.payments_of(&bill).await.unwrap().is_empty());
}

#[tokio::test]
async fn forged_duplicate_and_malformed_callbacks_change_nothing_they_should_not() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let (mut a, _reference, bill) = applied(&app).await;
    // Hold the simulator's own callback back so only ours arrive.
    post_json(&app, "/sim/mpesa/chaos", &json!({"drop": 1.0, "seed": 7})).await;
    a.api("/api/payments/mpesa", &[("bill_ref", &bill), ("phone", "0712000001")]).await;
    let checkout = checkout_of(&app, &bill).await;
    let total = app.store.payable_invoice(&bill).await.unwrap().unwrap().total_minor / 100;
    let stk = format!("/callbacks/mpesa/stk/{DEMO_CALLBACK_TOKEN}");

    // (a) the wrong secret path
    let (status, _) =
        post_json(&app, "/callbacks/mpesa/stk/guessed-token", &stk_success(&checkout, total, "SKL1AAAAAA")).await;
    assert_eq!(status, 404);
    // (b) a checkout id we never issued
    let (status, _) = post_json(&app, &stk, &stk_success("ws_CO_000000000000000000", total, "SKL1AAAAAB")).await;
    assert_eq!(status, 200, "acknowledged, ignored");
    // (c) malformed and truncated
    let r = app.client.post(format!("{}{stk}", app.address)).body("{\"Body\":{\"stkCallback\":").send().await.unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert!(app.store.payments_of(&bill).await.unwrap().is_empty(), "nothing paid yet");
    assert!(app.store.attempts_of(&bill).await.unwrap()[0].state.is_open());

    // (d) the right id but the wrong amount: set aside, never paid
    let (status, _) = post_json(&app, &stk, &stk_success(&checkout, total - 1, "SKL1AAAAAC")).await;
    assert_eq!(status, 200);
    assert_eq!(app.store.attempts_of(&bill).await.unwrap()[0].state, AttemptState::NeedsReview);
    let invoice = app.store.payable_invoice(&bill).await.unwrap().unwrap();
    assert_eq!((invoice.status, invoice.application_state), (InvoiceStatus::Unpaid, Some(State::AwaitingPayment)));
    let p = app.store.payments_of(&bill).await.unwrap();
    assert!(p.len() == 1 && p[0].needs_review && p[0].applied_minor == 0, "{p:?}");
    // A success arriving afterwards cannot undo the review.
    post_json(&app, &stk, &stk_success(&checkout, total, "SKL1AAAAAD")).await;
    assert_eq!(app.store.attempts_of(&bill).await.unwrap()[0].state, AttemptState::NeedsReview);
    let (d, c) = app.store.ledger_totals().await.unwrap();
    assert_eq!(d, c, "the ledger balances (suspense)");
}

#[tokio::test]
async fn a_duplicated_callback_pays_once_and_a_reused_receipt_is_refused() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let (mut a, _reference, bill) = applied(&app).await;
    post_json(&app, "/sim/mpesa/chaos", &json!({"drop": 1.0, "seed": 7})).await;
    a.api("/api/payments/mpesa", &[("bill_ref", &bill), ("phone", "0712000001")]).await;
    let checkout = checkout_of(&app, &bill).await;
    let total = app.store.payable_invoice(&bill).await.unwrap().unwrap().total_minor / 100;
    let stk = format!("/callbacks/mpesa/stk/{DEMO_CALLBACK_TOKEN}");
    let body = stk_success(&checkout, total, "SKL2BBBBBB");
    let sends = (0..5).map(|_| post_json(&app, &stk, &body));
    for (status, _) in futures::future::join_all(sends).await {
        assert_eq!(status, 200, "every copy acknowledged");
    }
    assert_eq!(app.store.payments_of(&bill).await.unwrap().len(), 1, "paid exactly once");
    let (d, _) = app.store.ledger_totals().await.unwrap();
    assert_eq!(d, total * 100);

    // Another citizen's bill claiming the same M-Pesa receipt.
    let mut b = sign_in(&app, "10000002", "Harambee-Demo-2026", "0712000002").await;
    let (_, other_bill) = submit_passport(&app, &mut b, "Otieno").await;
    b.api("/api/payments/mpesa", &[("bill_ref", &other_bill), ("phone", "0712000002")]).await;
    let other_checkout = checkout_of(&app, &other_bill).await;
    post_json(&app, &stk, &stk_success(&other_checkout, total, "SKL2BBBBBB")).await;
    assert!(app.store.payments_of(&other_bill).await.unwrap().is_empty(), "a reused receipt pays nothing");
    assert_eq!(app.store.attempts_of(&other_bill).await.unwrap()[0].state, AttemptState::NeedsReview);
}

#[tokio::test]
async fn a_dropped_callback_is_recovered_by_reconciliation() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let (mut a, _reference, bill) = applied(&app).await;
        post_json(&app, "/sim/mpesa/chaos", &json!({"drop": 1.0, "seed": 1})).await;
        a.api("/api/payments/mpesa", &[("bill_ref", &bill), ("phone", "0712000001")]).await;
        let checkout = checkout_of(&app, &bill).await;
        post_json(&app, "/sim/mpesa/answer", &json!({"checkout_request_id": checkout, "action": "pin", "pin": "1234"}))
            .await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(app.store.attempts_of(&bill).await.unwrap()[0].state.is_open(), "{backend}: no callback came");

        // Too soon: reconciliation leaves fresh attempts alone.
        let r = app::payments::service::reconcile(&app.state, 180, 100).await.unwrap();
        assert_eq!(r.examined, 0, "{backend}");
        app.clock.advance(200);
        let r = app::payments::service::reconcile(&app.state, 180, 100).await.unwrap();
        assert_eq!((r.examined, r.paid), (1, 1), "{backend}: {r:?}");
        let invoice = app.store.payable_invoice(&bill).await.unwrap().unwrap();
        assert_eq!(
            (invoice.status, invoice.application_state),
            (InvoiceStatus::Paid, Some(State::Queued)),
            "{backend}"
        );
        // Running it again changes nothing.
        let r = app::payments::service::reconcile(&app.state, 0, 100).await.unwrap();
        assert_eq!(r.examined, 0, "{backend}");
        assert_eq!(app.store.payments_of(&bill).await.unwrap().len(), 1, "{backend}");
        let _ = app.clock.now();
    }
}

#[tokio::test]
async fn paybill_payments_are_validated_against_open_bills_and_overpayments_become_credit() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let (mut a, _reference, bill) = applied(&app).await;
    let total = app.store.payable_invoice(&bill).await.unwrap().unwrap().total_minor;

    // A mistyped account number is refused at validation: no money moves.
    let mut wrong = bill.clone().into_bytes();
    wrong[0] = if wrong[0] == b'9' { b'1' } else { wrong[0] + 1 };
    let (status, body) = post_json(
        &app,
        "/sim/mpesa/c2b/pay",
        &json!({"msisdn": "254712000001", "bill_ref": String::from_utf8(wrong).unwrap(), "amount": total / 100}),
    )
    .await;
    assert!(status >= 400 || body.to_string().contains("C2B00012"), "{status} {body}");

    // Part, then more than the rest: paid, the excess kept as credit.
    let (status, body) =
        post_json(&app, "/sim/mpesa/c2b/pay", &json!({"msisdn": "254712000001", "bill_ref": bill, "amount": 1000}))
            .await;
    assert_eq!(status, 200, "{body}");
    let invoice = paid_at_least(&app, &bill, 100_000).await;
    assert_eq!((invoice.status, invoice.paid_minor), (InvoiceStatus::PartPaid, 100_000));
    post_json(&app, "/sim/mpesa/c2b/pay", &json!({"msisdn": "254712000001", "bill_ref": bill, "amount": total / 100}))
        .await;
    let invoice = paid_at_least(&app, &bill, total).await;
    assert_eq!((invoice.status, invoice.application_state), (InvoiceStatus::Paid, Some(State::Queued)));
    assert_eq!(app.store.credit_balance(invoice.citizen_id.unwrap()).await.unwrap(), 100_000, "the KSh 1,000 overpaid");
    let (d, c) = app.store.ledger_totals().await.unwrap();
    assert_eq!((d, c), (total + 100_000, total + 100_000));

    // The credit pays part of the citizen's next bill, once.
    let (second_ref, second_bill) = submit_passport(&app, &mut a, "Wanjiku").await;
    let (_, page) = a.page(&format!("/applications/{second_ref}")).await;
    assert!(page.contains("Use my credit for this bill") && page.contains("KSh 1,000"), "the credit is offered");
    let (status, _, body) = a.api("/api/payments/credit", &[("bill_ref", &second_bill)]).await;
    assert_eq!(status, 200, "{body}");
    let invoice = app.store.payable_invoice(&second_bill).await.unwrap().unwrap();
    assert_eq!((invoice.status, invoice.paid_minor), (InvoiceStatus::PartPaid, 100_000));
    assert_eq!(app.store.credit_balance(invoice.citizen_id.unwrap()).await.unwrap(), 0, "spent");
    let (status, _, _) = a.api("/api/payments/credit", &[("bill_ref", &second_bill)]).await;
    assert_eq!(status, 400, "no credit left");
    let (d, c) = app.store.ledger_totals().await.unwrap();
    assert_eq!(d, c, "the ledger balances");
    let payments = app.store.payments_of(&second_bill).await.unwrap();
    assert_eq!(payments[0].channel, app::payments::ports::Channel::Credit);
    // Another citizen cannot spend it, or even see the bill.
    let mut b = sign_in(&app, "10000002", "Harambee-Demo-2026", "0712000002").await;
    let (status, _, _) = b.api("/api/payments/credit", &[("bill_ref", &second_bill)]).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn refunds_need_a_second_person_and_never_exceed_the_payment_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let (_a, _reference, bill) = applied(&app).await;
        let total = app.store.payable_invoice(&bill).await.unwrap().unwrap().total_minor;
        post_json(
            &app,
            "/sim/mpesa/c2b/pay",
            &json!({"msisdn": "254712000001", "bill_ref": bill, "amount": total / 100}),
        )
        .await;
        paid_at_least(&app, &bill, total).await;
        let receipt = app.store.payments_of(&bill).await.unwrap()[0].receipt_no.clone();

        let mut maker = sign_in(&app, "10000006", "Harambee-Demo-2026", "0712000006").await;
        let mut checker = sign_in(&app, "10000005", "Harambee-Demo-2026", "0712000005").await;
        let ask = |amount: &'static str| {
            [
                ("receipt_no", receipt.clone()),
                ("amount", amount.to_string()),
                ("reason", "paid for the wrong service".to_string()),
            ]
        };
        let too_much = (total / 100 + 1).to_string();
        let (status, _, body) = maker
            .api(
                "/api/payments/refunds/request",
                &[("receipt_no", &receipt), ("amount", &too_much), ("reason", "paid twice")],
            )
            .await;
        assert_eq!(status, 409, "{backend}: {body}");
        let a = ask("1000");
        let (status, _, body) = maker
            .api("/api/payments/refunds/request", &a.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>())
            .await;
        assert_eq!(status, 200, "{backend}: {body}");
        let (status, _, _) = maker
            .api(
                "/api/payments/refunds/request",
                &[("receipt_no", "R0000000000"), ("amount", "10"), ("reason", "unknown receipt")],
            )
            .await;
        assert_eq!(status, 404, "{backend}");
        let refunds = app.store.refunds_of_agency("immigration", 10).await.unwrap();
        assert_eq!(refunds.len(), 1, "{backend}");
        let id = refunds[0].id.to_string();

        // The maker cannot approve their own request; the checker can, once.
        let (status, _, body) =
            maker.api("/api/payments/refunds/decide", &[("refund_id", &id), ("decision", "approve")]).await;
        assert_eq!(status, 403, "{backend}: {body}");
        let (status, _, body) =
            checker.api("/api/payments/refunds/decide", &[("refund_id", &id), ("decision", "reject")]).await;
        assert_eq!(status, 400, "{backend}: rejecting needs a note: {body}");
        let (status, _, body) =
            checker.api("/api/payments/refunds/decide", &[("refund_id", &id), ("decision", "approve")]).await;
        assert_eq!(status, 200, "{backend}: {body}");
        let (status, _, _) =
            checker.api("/api/payments/refunds/decide", &[("refund_id", &id), ("decision", "approve")]).await;
        assert_eq!(status, 409, "{backend}: decided already");
        let refunds = app.store.refunds_of_agency("immigration", 10).await.unwrap();
        assert_eq!(refunds[0].state, app::payments::refunds::RefundState::Approved, "{backend}");
        let (d, c) = app.store.ledger_totals().await.unwrap();
        assert_eq!((d, c), (total + 100_000, total + 100_000), "{backend}: the refund is booked both sides");

        // What remains refundable is the payment less what is approved or waiting.
        let rest = (total / 100 - 1000 + 1).to_string();
        let (status, _, _) = maker
            .api(
                "/api/payments/refunds/request",
                &[("receipt_no", &receipt), ("amount", &rest), ("reason", "the rest and more")],
            )
            .await;
        assert_eq!(status, 409, "{backend}");
        let (status, page) = checker.page("/staff/finance").await;
        assert!(status == 200 && page.contains("Approved, due to the payer"), "{backend}");
    }
}

#[tokio::test]
async fn an_unpaid_bill_expires_after_thirty_days_and_its_application_with_it() {
    let db = sqlite_db();
    let url = db.url.clone();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let (mut first, reference, bill) = applied(&app).await;
    let (_, page) = first.page(&format!("/applications/{reference}")).await;
    assert!(page.contains("Pay by"), "the last day to pay is shown");
    app.clock.advance(29 * 86_400);
    assert_eq!(app::applications::service::expire_unpaid(&app.state, 100).await.unwrap(), 0, "not yet");
    app.clock.advance(86_400 + 1);
    // A month on, the citizen signs in afresh. Past its time: no new prompt, and paybill
    // validation refuses it before money moves.
    let mut a = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
    let (status, _, body) = a.api("/api/payments/mpesa", &[("bill_ref", &bill), ("phone", "0712000001")]).await;
    assert_eq!(status, 409, "{body}");
    let (status, body) =
        post_json(&app, "/sim/mpesa/c2b/pay", &json!({"msisdn": "254712000001", "bill_ref": bill, "amount": 100}))
            .await;
    assert!(status >= 400, "{status} {body}");
    let (_, page) = a.page(&format!("/applications/{reference}")).await;
    assert!(page.contains("The time to pay this bill has passed"), "the page says so");
    assert_eq!(app::applications::service::expire_unpaid(&app.state, 100).await.unwrap(), 1);
    let stored = app.store.application(&reference).await.unwrap().unwrap();
    assert_eq!(stored.state, State::Expired);
    // The lapsed bill is closed, which takes it out of the expiry worker's index.
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let closed: Option<i64> = sqlx::query_scalar("SELECT closed_at FROM invoices WHERE bill_ref = $1")
        .bind(&bill)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(closed, Some(app.clock.now()));
    assert_eq!(app::applications::service::expire_unpaid(&app.state, 100).await.unwrap(), 0, "once");
}

#[tokio::test]
async fn an_ambiguous_push_is_never_repeated_and_its_payment_still_lands() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let (mut a, reference, bill) = applied(&app).await;
        // The push reaches M-Pesa, but the connection breaks before its answer comes back.
        let (status, _) =
            post_json(&app, "/sim/mpesa/chaos", &json!({"ambiguous_push": 1.0, "ambiguous_mode": "drop", "seed": 3}))
                .await;
        assert_eq!(status, 200);
        let r = a
            .form(
                &format!("/applications/{reference}"),
                "/api/payments/mpesa",
                &[("bill_ref", &bill), ("phone", "0712000001")],
            )
            .await;
        assert_eq!(r.location, format!("/applications/{reference}?paying=unsure#payment"), "{backend}: {r:?}");
        let attempts = app.store.attempts_of(&bill).await.unwrap();
        assert_eq!((attempts.len(), attempts[0].state), (1, AttemptState::Unknown), "{backend}");
        let (_, page) = a.page(&format!("/applications/{reference}?paying=unsure")).await;
        assert!(page.contains("Do not pay twice"), "{backend}: the citizen is told not to pay again");
        // Pressing again does not send a second prompt.
        let (status, _, _) = a.api("/api/payments/mpesa", &[("bill_ref", &bill), ("phone", "0712000001")]).await;
        assert_eq!(status, 409, "{backend}");
        assert_eq!(app.sims.mpesa.pushes().len(), 1, "{backend}: one prompt reached M-Pesa");
        // The citizen pays the prompt they did get; its callback names a checkout id we never
        // heard, and is matched to the unsure attempt by phone and amount.
        post_json(&app, "/sim/mpesa/reset", &json!({})).await;
        let checkout = app.sims.mpesa.pushes()[0].checkout_request_id.clone();
        post_json(&app, "/sim/mpesa/answer", &json!({"checkout_request_id": checkout, "action": "pin", "pin": "1234"}))
            .await;
        assert_eq!(settled(&app, &bill).await, AttemptState::Paid, "{backend}");
        let invoice = app.store.payable_invoice(&bill).await.unwrap().unwrap();
        assert_eq!(
            (invoice.status, invoice.application_state),
            (InvoiceStatus::Paid, Some(State::Queued)),
            "{backend}"
        );
        assert_eq!(app.store.payments_of(&bill).await.unwrap().len(), 1, "{backend}");
    }
}

#[tokio::test]
async fn a_storm_of_concurrent_pay_presses_sends_one_prompt_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let (a, _reference, bill) = applied(&app).await;
        let cookie = a.cookie_header().expect("signed in");
        let presses = (0..30).map(|_| {
            let req = app
                .client
                .post(format!("{}/api/payments/mpesa", app.address))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json")
                .header("origin", &app.address)
                .header("cookie", &cookie)
                .body(format!("bill_ref={bill}&phone=0712000001"));
            async move { req.send().await.expect("post").status().as_u16() }
        });
        let statuses = futures::future::join_all(presses).await;
        assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{backend}: {statuses:?}");
        assert!(statuses.iter().all(|s| *s == 200 || *s == 409), "{backend}: {statuses:?}");
        assert_eq!(app.store.attempts_of(&bill).await.unwrap().len(), 1, "{backend}");
        assert_eq!(app.sims.mpesa.pushes().len(), 1, "{backend}: exactly one prompt reached M-Pesa");
    }
}
