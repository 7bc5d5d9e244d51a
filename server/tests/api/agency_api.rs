//! The agency invoice API over HTTP: keys, Idempotency-Key (same key and body → same response;
//! same key, other body → 422; a burst of retries makes one invoice), input checks, tenancy,
//! and paying an agency bill by STK push. On SQLite and PostgreSQL.

use crate::accounts::app_with_accounts;
use crate::helpers::{TestApp, all_dbs, connect, sqlite_db};
use app::payments::agency::issue_key;
use serde_json::{Value, json};
use std::time::Duration;

async fn key_for(app: &TestApp, agency: &str) -> String {
    let issued = issue_key(agency, "test system", None, 0);
    app.store.create_api_key(&issued.record).await.unwrap();
    issued.key
}

async fn call(
    app: &TestApp,
    method: &str,
    path: &str,
    key: Option<&str>,
    idem: Option<&str>,
    body: &str,
) -> (u16, Value) {
    let url = format!("{}{path}", app.address);
    let mut req = match method {
        "GET" => app.client.get(url),
        _ => app.client.post(url).header("content-type", "application/json").body(body.to_string()),
    };
    if let Some(k) = key {
        req = req.bearer_auth(k);
    }
    if let Some(i) = idem {
        req = req.header("Idempotency-Key", i);
    }
    let r = req.send().await.expect("request");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn agencies_create_invoices_idempotently_and_get_paid_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let key = key_for(&app, "immigration").await;
        let other = key_for(&app, "ntsa").await;
        let body = r#"{"amount_kes": 1000, "description": "Visa overstay penalty", "external_ref": "IMM-77", "payer_phone": "0712000009"}"#;

        let (status, e) = call(&app, "POST", "/v1/invoices", None, None, body).await;
        assert_eq!((status, e["error"].as_str()), (401, Some("unauthorized")), "{backend}");
        let (status, _) = call(&app, "POST", "/v1/invoices", Some("mlg_00000000_nope"), None, body).await;
        assert_eq!(status, 401, "{backend}");

        let (status, first) = call(&app, "POST", "/v1/invoices", Some(&key), Some("order-77"), body).await;
        assert_eq!(status, 201, "{backend}: {first}");
        assert_eq!(first["total_kes"], 1050.0, "{backend}: KSh 1,000 plus the gazetted KSh 50");
        assert_eq!(first["status"], "unpaid");
        let bill = first["bill_ref"].as_str().unwrap().to_string();
        // The same key and body: the same response, no second invoice.
        let (status, again) = call(&app, "POST", "/v1/invoices", Some(&key), Some("order-77"), body).await;
        assert_eq!((status, &again), (201, &first), "{backend}");
        // The same key with another body is refused.
        let changed = body.replace("1000", "2000");
        let (status, e) = call(&app, "POST", "/v1/invoices", Some(&key), Some("order-77"), &changed).await;
        assert_eq!((status, e["error"].as_str()), (422, Some("idempotency_key_reused")), "{backend}");
        // A burst of concurrent retries with one new key makes one invoice.
        let burst = (0..20).map(|_| call(&app, "POST", "/v1/invoices", Some(&key), Some("order-78"), body));
        let answers = futures::future::join_all(burst).await;
        let bills: std::collections::BTreeSet<String> =
            answers.iter().map(|(s, v)| format!("{s} {}", v["bill_ref"].as_str().unwrap_or("none"))).collect();
        assert_eq!(bills.len(), 1, "{backend}: {bills:?}");
        assert!(bills.iter().next().unwrap().starts_with("201 "), "{backend}: {bills:?}");
        // The payer named hears of each bill once, in words that name the agency, not the
        // agency's own description.
        app::notifications::service::deliver_due(&app.state).await.unwrap();
        let to = app::contact::PhoneNumber::parse("0712000009").unwrap();
        let texts: Vec<String> = app.sims.sms.messages(Some(&to)).into_iter().map(|m| m.text).collect();
        assert_eq!(texts.len(), 2, "{backend}: one SMS per bill: {texts:?}");
        let about_first: Vec<&String> = texts.iter().filter(|t| t.contains(&bill)).collect();
        assert_eq!(about_first.len(), 1, "{backend}: {texts:?}");
        assert!(
            about_first[0].contains("has sent you a bill of KSh 1,050. Pay by ")
                && !about_first[0].contains("overstay"),
            "{backend}: {}",
            about_first[0]
        );

        // Bad input is refused with a reason and creates nothing.
        for (bad, code) in [
            (r#"{"amount_kes": -5, "description": "x"}"#, "invalid_amount"),
            (r#"{"amount_kes": "12.345", "description": "x"}"#, "invalid_amount"),
            (r#"{"amount_kes": 10, "description": ""}"#, "invalid_description"),
            (
                r#"{"amount_kes": 10, "description": "x", "service_code": "ntsa-driving-test-booking"}"#,
                "unknown_service",
            ),
            (r#"{"amount_kes": 10, "description": "x", "payer_phone": "12"}"#, "invalid_phone"),
            (r#"{"amount_kes": 10, "description": "x", "amount_minor": 1}"#, "invalid_json"),
            (r#"{"amount_kes": 10, "#, "invalid_json"),
        ] {
            let (status, e) = call(&app, "POST", "/v1/invoices", Some(&key), None, bad).await;
            assert_eq!(e["error"].as_str(), Some(code), "{backend}: {bad} → {status} {e}");
            assert!(status == 400 || status == 422, "{backend}: {bad} → {status}");
        }

        // Each agency sees only its own bills.
        let (status, got) = call(&app, "GET", &format!("/v1/invoices/{bill}"), Some(&key), None, "").await;
        assert_eq!((status, got["external_ref"].as_str()), (200, Some("IMM-77")), "{backend}");
        let (status, _) = call(&app, "GET", &format!("/v1/invoices/{bill}"), Some(&other), None, "").await;
        assert_eq!(status, 404, "{backend}");
        let (status, _) = call(
            &app,
            "POST",
            &format!("/v1/invoices/{bill}/mpesa-stk"),
            Some(&other),
            None,
            r#"{"phone":"0712000009"}"#,
        )
        .await;
        assert_eq!(status, 404, "{backend}");

        // The payer gets a prompt, pays, and the invoice shows it.
        let (status, push) = call(
            &app,
            "POST",
            &format!("/v1/invoices/{bill}/mpesa-stk"),
            Some(&key),
            None,
            r#"{"phone":"0712000009"}"#,
        )
        .await;
        assert_eq!(status, 202, "{backend}: {push}");
        let checkout = push["checkout_request_id"].as_str().unwrap().to_string();
        let (status, _) = call(
            &app,
            "POST",
            &format!("/v1/invoices/{bill}/mpesa-stk"),
            Some(&key),
            None,
            r#"{"phone":"0712000009"}"#,
        )
        .await;
        assert_eq!(status, 409, "{backend}: one prompt at a time");
        app.client
            .post(format!("{}/sim/mpesa/answer", app.address))
            .json(&json!({"checkout_request_id": checkout, "action": "pin", "pin": "1234"}))
            .send()
            .await
            .unwrap();
        let mut paid = Value::Null;
        for _ in 0..200 {
            paid = call(&app, "GET", &format!("/v1/invoices/{bill}"), Some(&key), None, "").await.1;
            if paid["status"] == "paid" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(
            (paid["status"].as_str(), paid["paid_minor"].as_i64()),
            (Some("paid"), Some(105_000)),
            "{backend}: {paid}"
        );
        let (status, _) = call(
            &app,
            "POST",
            &format!("/v1/invoices/{bill}/mpesa-stk"),
            Some(&key),
            None,
            r#"{"phone":"0712000009"}"#,
        )
        .await;
        assert_eq!(status, 409, "{backend}: a paid bill takes no more prompts");
        let (d, c) = app.store.ledger_totals().await.unwrap();
        assert_eq!((d, c), (105_000, 105_000), "{backend}");
    }
}

#[tokio::test]
async fn the_openapi_document_describes_the_invoice_endpoints() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let (status, doc) = app.get_json("/v1/openapi.json").await;
    assert_eq!(status, 200);
    for path in ["/v1/invoices", "/v1/invoices/{bill_ref}", "/v1/invoices/{bill_ref}/mpesa-stk"] {
        assert!(doc["paths"][path].is_object(), "{path} missing from {}", doc["paths"]);
    }
}

/// A receiver that refuses the first `fail_first` posts with 500, then accepts; it records
/// every post (event id, signature header, body).
async fn receiver(fail_first: usize) -> (String, std::sync::Arc<std::sync::Mutex<Vec<(String, String, String)>>>) {
    use axum::http::HeaderMap;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let log = log.clone();
            async move {
                let h = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
                let mut log = log.lock().unwrap();
                log.push((h("mlango-event-id"), h("mlango-signature"), body));
                if log.len() <= fail_first {
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR
                } else {
                    axum::http::StatusCode::OK
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/hook"), seen)
}

#[tokio::test]
async fn a_paid_agency_bill_is_announced_by_one_signed_webhook_retried_until_accepted_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let (url, seen) = receiver(1).await;
        let issued = issue_key("immigration", "hooked system", Some(url), 0);
        app.store.create_api_key(&issued.record).await.unwrap();
        let key = issued.key;
        let secret = issued.record.webhook_secret.clone();
        let (_, inv) = call(
            &app,
            "POST",
            "/v1/invoices",
            Some(&key),
            None,
            r#"{"amount_kes": 500, "description": "Permit fee", "external_ref": "P-1"}"#,
        )
        .await;
        let bill = inv["bill_ref"].as_str().unwrap().to_string();
        // Paid by paybill in two parts: one event, when it is fully paid.
        for amount in [200, 320] {
            app.client
                .post(format!("{}/sim/mpesa/c2b/pay", app.address))
                .json(&json!({"msisdn": "254712000009", "bill_ref": bill, "amount": amount}))
                .send()
                .await
                .unwrap();
            app.sims.mpesa.settle(Duration::from_secs(10)).await;
        }
        let client = mlango::webhooks::client();
        assert_eq!(
            mlango::webhooks::deliver_due(&app.state, &client).await.unwrap(),
            0,
            "{backend}: the receiver fails first"
        );
        assert_eq!(
            mlango::webhooks::deliver_due(&app.state, &client).await.unwrap(),
            0,
            "{backend}: not due again yet"
        );
        app.clock.advance(31);
        assert_eq!(mlango::webhooks::deliver_due(&app.state, &client).await.unwrap(), 1, "{backend}: the retry lands");
        app.clock.advance(3600);
        assert_eq!(mlango::webhooks::deliver_due(&app.state, &client).await.unwrap(), 0, "{backend}: delivered once");

        let posts = seen.lock().unwrap().clone();
        assert_eq!(posts.len(), 2, "{backend}");
        assert_eq!(posts[0].0, format!("evt_{bill}_paid"));
        assert_eq!(posts[0], posts[1].clone().with_sig(&posts[0].1), "{backend}: the retry is the same event and body");
        let (event_id, sig, body) = &posts[1];
        let t: i64 = sig.trim_start_matches("t=").split(',').next().unwrap().parse().unwrap();
        assert_eq!(sig, &mlango::webhooks::signature(&secret, t, body), "{backend}: signed with the key's secret");
        let event: Value = serde_json::from_str(body).unwrap();
        assert_eq!((event["id"].as_str(), event["type"].as_str()), (Some(event_id.as_str()), Some("invoice.paid")));
        assert_eq!(event["data"]["external_ref"], "P-1");
        assert_eq!(event["data"]["paid_minor"], 52_000, "{backend}: KSh 500 plus the KSh 20 convenience fee");

        let (status, log) = call(&app, "GET", "/v1/webhooks/deliveries", Some(&key), None, "").await;
        assert_eq!(status, 200, "{backend}");
        let d = &log["deliveries"][0];
        assert_eq!(
            (d["state"].as_str(), d["attempts"].as_i64(), d["last_status"].as_i64()),
            (Some("delivered"), Some(2), Some(200)),
            "{backend}: {log}"
        );
    }
}

trait WithSig {
    fn with_sig(self, sig: &str) -> Self;
}

impl WithSig for (String, String, String) {
    fn with_sig(self, sig: &str) -> Self {
        (self.0, sig.to_string(), self.2)
    }
}
