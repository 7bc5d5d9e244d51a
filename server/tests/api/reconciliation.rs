//! Reconciliation exceptions: a payment M-Pesa made for the wrong amount, attempts left open
//! past the give-up time, money to no known bill, and refused or unprocessed callbacks are
//! listed with what happened and what to do — an agency's finance staff see their agency's
//! only (page and CSV), platform admins see everything; resolving needs a note, records who
//! and when, happens once, moves no money, and is refused for other agencies' exceptions,
//! callbacks (agency staff) and other roles with nothing recorded. On SQLite and PostgreSQL.

use crate::accounts::{Browser, app_with_accounts, direct_session};
use crate::helpers::{TestApp, all_dbs, connect};
use crate::payments::{applied, post_json};
use app::clock::Clock;
use app::payments::ports::NewAttempt;
use app::staff::reconciliation::{Exception, ExceptionKind, ExceptionScope};
use mlango::payments::DEMO_CALLBACK_TOKEN;
use serde_json::json;

async fn as_user<'a>(app: &'a TestApp, id_number: &str) -> Browser<'a> {
    Browser { app, session: Some(direct_session(app, id_number).await) }
}

/// Every open exception, platform-wide, as the store lists them.
async fn open(app: &TestApp) -> Vec<Exception> {
    app.store.open_exceptions(&ExceptionScope::at(app.clock.now(), None)).await.unwrap()
}

fn find(list: &[Exception], kind: ExceptionKind, agency: Option<&str>) -> Exception {
    list.iter()
        .find(|e| e.kind == kind && e.agency_code.as_deref() == agency)
        .cloned()
        .unwrap_or_else(|| panic!("no {kind:?} for {agency:?} in {list:#?}"))
}

/// A paybill confirmation to our paybill (or another short code) for an account and amount.
async fn paybill(app: &TestApp, trans_id: &str, account: &str, shillings: i64, short_code: &str) {
    let body = json!({
        "TransactionType": "CustomerPayBillOnline", "TransID": trans_id, "TransTime": "20261204103000",
        "TransAmount": format!("{shillings}.00"), "BusinessShortCode": short_code,
        "BillRefNumber": account, "InvoiceNumber": "", "OrgAccountBalance": "", "ThirdPartyTransID": "",
        "MSISDN": "254712000001", "FirstName": "Wanjiku", "MiddleName": "", "LastName": "Kamau"
    });
    let (status, _) = post_json(app, &format!("/callbacks/mpesa/c2b/confirmation/{DEMO_CALLBACK_TOKEN}"), &body).await;
    assert_eq!(status, 200);
}

/// Sets up one exception of every kind: immigration's short STK payment, an open attempt on
/// an NTSA bill past the give-up time, money to no bill, a refused and an unprocessed callback.
async fn exceptions(app: &TestApp) -> (String, String) {
    // Immigration: M-Pesa pays one shilling less than asked.
    let (mut citizen, _reference, bill) = applied(app).await;
    post_json(app, "/sim/mpesa/chaos", &json!({"drop": 1.0, "seed": 7})).await;
    let (status, _, body) = citizen.api("/api/payments/mpesa", &[("bill_ref", &bill), ("phone", "0712000001")]).await;
    assert_eq!(status, 200, "{body}");
    let attempt = app.store.attempts_of(&bill).await.unwrap().remove(0);
    let checkout = attempt.checkout_request_id.clone().expect("accepted by the simulator");
    let total = app.store.payable_invoice(&bill).await.unwrap().unwrap().total_minor / 100;
    let stk = json!({"Body": {"stkCallback": {
        "MerchantRequestID": "29115-34620561-1", "CheckoutRequestID": checkout, "ResultCode": 0,
        "ResultDesc": "The service request is processed successfully.",
        "CallbackMetadata": {"Item": [
            {"Name": "Amount", "Value": total - 1}, {"Name": "MpesaReceiptNumber", "Value": "SKL7REC001"},
            {"Name": "TransactionDate", "Value": 20261123102115_i64}, {"Name": "PhoneNumber", "Value": 254712000001_i64}
        ]}
    }}});
    let (status, _) = post_json(app, &format!("/callbacks/mpesa/stk/{DEMO_CALLBACK_TOKEN}"), &stk).await;
    assert_eq!(status, 200);

    // NTSA: a bill whose payment prompt never got an answer.
    let r = citizen
        .form(
            "/applications",
            "/api/applications/save",
            &[("service", "ntsa-driving-licence-renewal"), ("answers[full_name]", "Wanjiku Kamau"), ("submit", "yes")],
        )
        .await;
    let ntsa_ref = r.location.trim_start_matches("/applications/").to_string();
    let ntsa_app = app.store.application(&ntsa_ref).await.unwrap().expect("ntsa application");
    let ntsa_bill = app.store.invoice_of(ntsa_app.id).await.unwrap().expect("ntsa bill").bill_ref;
    let now = app.clock.now();
    let attempt = NewAttempt { bill_ref: ntsa_bill.clone(), phone: "254712000001".into(), amount_minor: 65_000, now };
    app.store.create_attempt(&attempt).await.unwrap();

    // Money to no bill, a confirmation for another short code, a callback never processed.
    paybill(app, "TDC7SUSP001", "NOSUCHBILL", 500, mlango::sim::mpesa::SIM_MPESA_SHORTCODE).await;
    paybill(app, "TDC7MISR001", &bill, 700, "600000").await;
    app.store.record_callback("stk", Some("stk:ws_CO_lost:0"), "{\"Body\":{}}", now).await.unwrap();
    // A day and a bit later: the attempt is past the give-up time, the callback ten minutes old.
    app.clock.advance(24 * 3600 + 120);
    (bill, ntsa_bill)
}

#[tokio::test]
async fn finance_staff_see_and_resolve_their_agencys_exceptions_and_platform_admins_see_all_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let (bill, ntsa_bill) = exceptions(&app).await;
        let all = open(&app).await;
        let short = find(&all, ExceptionKind::PaymentReview, Some("immigration"));
        assert_eq!((short.amount_minor, short.expected_minor), (Some(609_900), Some(610_000)), "{backend}");
        assert_eq!(short.bill_ref.as_deref(), Some(bill.as_str()), "{backend}");
        let stuck = find(&all, ExceptionKind::AttemptStuck, Some("ntsa"));
        assert_eq!(stuck.bill_ref.as_deref(), Some(ntsa_bill.as_str()), "{backend}");
        let suspense = find(&all, ExceptionKind::PaymentReview, None);
        assert_eq!(suspense.bill_ref, None, "{backend}");
        let refused = find(&all, ExceptionKind::CallbackRefused, None);
        assert!(refused.detail.contains("refused:short_code"), "{backend}: {refused:?}");
        find(&all, ExceptionKind::CallbackReview, None);
        let lost = find(&all, ExceptionKind::CallbackUnprocessed, None);
        assert_eq!(
            all.iter().filter(|e| e.kind == ExceptionKind::AttemptReview).count(),
            0,
            "{backend}: the short payment's attempt is shown once, as its payment"
        );

        // Immigration's finance officer: its exceptions only, in plain words, with the references.
        let mut finance = as_user(&app, "10000006").await;
        let (status, page) = finance.page("/staff/finance").await;
        assert_eq!(status, 200, "{backend}");
        assert!(page.contains("Settlement report") && page.contains("Payments to check"), "{backend}: {page}");
        assert!(
            page.contains(&format!("M-Pesa paid KSh 6,099 on bill {bill} but KSh 6,100 was asked")),
            "{backend}: {page}"
        );
        assert!(page.contains("SKL7REC001") && page.contains("contact the payer"), "{backend}");
        for hidden in [ntsa_bill.as_str(), "NOSUCHBILL", "Callback refused", "TDC7MISR001"] {
            assert!(!page.contains(hidden), "{backend}: {hidden} is not immigration's");
        }
        let (status, csv) = finance.page("/staff/finance/exceptions.csv").await;
        assert_eq!(status, 200, "{backend}: {csv}");
        assert_eq!(csv.lines().count(), 2, "{backend}: a header and immigration's one exception: {csv}");
        assert!(csv.lines().nth(1).unwrap().starts_with("payment_review,"), "{backend}: {csv}");
        assert!(csv.contains(",6099.00,6100.00,") && csv.contains(&bill), "{backend}: {csv}");

        // Platform admins: everything, callbacks included, on their own page and CSV.
        let mut platform = as_user(&app, "10000008").await;
        let (status, page) = platform.page("/staff/reconciliation").await;
        assert_eq!(status, 200, "{backend}");
        for shown in [bill.as_str(), ntsa_bill.as_str(), "NOSUCHBILL", "Callback refused", "Callback not processed"] {
            assert!(page.contains(shown), "{backend}: {shown} on the platform page");
        }
        let (_, home) = platform.page("/staff").await;
        assert!(home.contains(r#"href="/staff/reconciliation""#), "{backend}");
        let (status, csv) = platform.page("/staff/finance/exceptions.csv").await;
        assert_eq!((status, csv.lines().count()), (200, 1 + all.len()), "{backend}: {csv}");

        // Others: no page, no CSV.
        for id in ["10000001", "10000004", "10000007"] {
            let mut other = as_user(&app, id).await;
            assert_eq!(other.page("/staff/finance/exceptions.csv").await.0, 403, "{backend}: {id}");
            assert!(!other.page("/staff/reconciliation").await.1.contains("NOSUCHBILL"), "{backend}: {id}");
        }
        assert!(!finance.page("/staff/reconciliation").await.1.contains("NOSUCHBILL"), "{backend}");
        assert_eq!(app.get("/staff/finance/exceptions.csv").await.status().as_u16(), 401, "{backend}");

        // Refusals change nothing: no note, another agency's, a callback, an officer, nonsense.
        let resolve = |e: &Exception, note: &'static str| {
            vec![
                ("kind", e.kind.code().to_string()),
                ("subject_id", e.subject_id.to_string()),
                ("note", note.to_string()),
            ]
        };
        let mut officer = as_user(&app, "10000004").await;
        for (who, fields, want) in [
            ("finance", resolve(&short, "   "), 400),
            ("finance", resolve(&stuck, "Not ours"), 404),
            ("finance", resolve(&refused, "Looked"), 404),
            ("officer", resolve(&short, "Looked"), 403),
            ("platform", vec![("kind", "nonsense".into()), ("subject_id", "1".into()), ("note", "x".into())], 404),
        ] {
            let browser = match who {
                "finance" => &mut finance,
                "officer" => &mut officer,
                _ => &mut platform,
            };
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, _, body) = browser.api("/api/staff/reconciliation/resolve", &fields).await;
            assert_eq!(status, want, "{backend}: {who} {fields:?}: {body}");
        }
        assert!(app.store.resolved_exceptions(None, 10).await.unwrap().is_empty(), "{backend}: nothing recorded");
        assert!(app.store.audit_page(Some("reconciliation_resolved"), None, None, 5).await.unwrap().is_empty());

        // Resolved by the finance officer: recorded with the note, once; no money moved.
        let ledger = app.store.ledger_totals().await.unwrap();
        let fields = resolve(&short, "Called the payer: they will pay the shilling; refund agreed");
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = finance.form("/staff/finance", "/api/staff/reconciliation/resolve", &fields).await;
        assert_eq!(r.location, "/staff/finance?resolved=1#exceptions", "{backend}: {:?}", r.error());
        let (status, _, body) = finance.api("/api/staff/reconciliation/resolve", &fields).await;
        assert_eq!((status, body.contains("exception_resolved")), (409, true), "{backend}: {body}");
        assert_eq!(app.store.ledger_totals().await.unwrap(), ledger, "{backend}: resolving moves no money");
        assert!(app.store.payments_of(&bill).await.unwrap()[0].needs_review, "{backend}: still set aside");
        let audit = app.store.audit_page(Some("reconciliation_resolved"), None, None, 5).await.unwrap();
        assert_eq!(audit.len(), 1, "{backend}");
        assert!(audit[0].event.detail.contains("refund agreed"), "{backend}: {:?}", audit[0]);

        // It leaves the open list, and the resolved list shows the note and who.
        assert!(!open(&app).await.iter().any(|e| e.kind == short.kind && e.subject_id == short.subject_id));
        let (_, page) = finance.page("/staff/finance").await;
        assert!(page.contains("Nothing to check") && !page.contains("SKL7REC001"), "{backend}: {page}");
        let (_, page) = finance.page("/staff/finance?exceptions=resolved").await;
        let name = app.store.audit_page(Some("reconciliation_resolved"), None, None, 1).await.unwrap()[0]
            .account_name
            .clone()
            .unwrap_or_default();
        assert!(page.contains("refund agreed") && page.contains(&format!("Resolved by {name}")), "{backend}: {page}");
        let (_, csv) = finance.page("/staff/finance/exceptions.csv").await;
        assert_eq!(csv.lines().count(), 1, "{backend}: only open exceptions are exported");

        // The platform admin resolves a callback; agency staff never see it among theirs.
        let fields = resolve(&lost, "M-Pesa resent it; the copy was applied");
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = platform.form("/staff/reconciliation", "/api/staff/reconciliation/resolve", &fields).await;
        assert_eq!(r.location, "/staff/reconciliation?resolved=1#exceptions", "{backend}: {:?}", r.error());
        let (_, page) = platform.page("/staff/reconciliation?exceptions=resolved").await;
        assert!(page.contains("copy was applied") && page.contains("refund agreed"), "{backend}");
        let (_, page) = finance.page("/staff/finance?exceptions=resolved").await;
        assert!(!page.contains("copy was applied"), "{backend}: a callback's review is platform-only");
        assert_eq!(open(&app).await.len(), all.len() - 2, "{backend}");
    }
}
