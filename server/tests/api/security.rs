//! Cross-site requests, CSP nonces, the authorisation matrix over every server function,
//! error leakage and body limits.

use crate::accounts::{Browser, app_with_accounts, direct_session, sign_in};
use crate::helpers::{TestApp, connect, sqlite_db};
use reqwest::header::{ACCEPT, CONTENT_TYPE, COOKIE};
use std::collections::BTreeMap;

/// Sample arguments that decode for each server function, so the call reaches its authorisation.
fn sample_args(path: &str) -> Option<Vec<(&'static str, &'static str)>> {
    Some(match path {
        "/api/auth/signup" => {
            vec![("account_type", "citizen"), ("document_number", "1"), ("first_name", "A"), ("year_of_birth", "1990")]
        }
        "/api/auth/signup/contact" => vec![("phone", "0700000000"), ("password", "x")],
        "/api/auth/login" => vec![("login", "nobody"), ("password", "x")],
        "/api/auth/otp" => vec![("code", "123456")],
        "/api/auth/otp/resend" => vec![],
        "/api/auth/reset" => vec![("login", "nobody")],
        "/api/auth/reset/password" => vec![("password", "x")],
        "/api/auth/logout" => vec![],
        "/api/account/sessions/revoke" => vec![("session", "nosuchsession")],
        "/api/account/export" => vec![],
        "/api/staff/citizen" => vec![("document_number", "10000001")],
        "/api/account/contact" => vec![("phone", "0733000000")],
        "/api/agent/assist" => vec![("document_number", "10000001")],
        "/api/agent/assist/end" => vec![],
        "/api/applications/save" => vec![("service", "ntsa-driving-licence-renewal")],
        "/api/applications/withdraw" => vec![("reference", "APP-NONE")],
        "/api/applications/answer" => vec![("reference", "APP-NONE"), ("note", "an answer")],
        "/api/staff/applications/decide" => vec![("reference", "APP-NONE"), ("action", "approve")],
        "/api/staff/applications/assign" => vec![("reference", "APP-NONE"), ("to", "me")],
        "/api/staff/fees/propose" => vec![
            ("service", "immigration-passport-ordinary"),
            ("variant", "48-pages"),
            ("amount", "6500"),
            ("effective_from", "2099-01-01"),
            ("reason", "Finance Act"),
        ],
        "/api/staff/fees/decide" => vec![("change_id", "999999"), ("decision", "approve")],
        // Unknown agencies and an invalid code: the platform admin's call passes authorisation
        // and changes nothing.
        "/api/staff/team/add" => {
            vec![("agency", "no-such-agency"), ("id_number", "10000001"), ("role", "agency_officer")]
        }
        "/api/staff/team/role" => {
            vec![("agency", "no-such-agency"), ("account_id", "999999"), ("role", "agency_officer")]
        }
        "/api/staff/team/remove" => vec![("agency", "no-such-agency"), ("account_id", "999999")],
        "/api/staff/agencies/onboard" => vec![
            ("code", "k"),
            ("kind", "state_agency"),
            ("name_en", "Matrix Agency"),
            ("name_sw", "Idara ya Matrix"),
            ("description_en", "Nothing."),
            ("description_sw", "Hakuna."),
        ],
        "/api/staff/agencies/keys/create" => vec![("agency", "no-such-agency"), ("label", "matrix")],
        "/api/staff/agencies/keys/revoke" => vec![("agency", "no-such-agency"), ("key_id", "999999")],
        "/api/staff/services/draft/start" => vec![("service_code", "immigration-passport-ordinary")],
        "/api/staff/services/draft/new" => {
            vec![("code", "immigration-matrix-permit"), ("name_en", "Matrix permit"), ("category", "labour")]
        }
        "/api/staff/services/draft/details" => vec![
            ("draft_id", "999999"),
            ("version", "1"),
            ("name_en", "Matrix permit"),
            ("category", "labour"),
            ("timeline_days", "10"),
        ],
        "/api/staff/services/draft/fees" => {
            vec![("draft_id", "999999"), ("version", "1"), ("currency", "KES"), ("fees", "standard | Standard | | 100")]
        }
        "/api/staff/services/draft/field" => vec![
            ("draft_id", "999999"),
            ("version", "1"),
            ("kind", "text"),
            ("name", "full_name"),
            ("label_en", "Full name"),
        ],
        "/api/staff/services/draft/document" => vec![
            ("draft_id", "999999"),
            ("version", "1"),
            ("code", "photo"),
            ("label_en", "Photo"),
            ("jpeg", "yes"),
            ("max_mb", "2"),
        ],
        "/api/staff/services/draft/arrange" => {
            vec![("draft_id", "999999"), ("version", "1"), ("name", "full_name"), ("action", "up")]
        }
        "/api/staff/services/draft/publish" => vec![("draft_id", "999999"), ("version", "1")],
        "/api/staff/services/draft/discard" => vec![("draft_id", "999999"), ("version", "1")],
        "/api/payments/mpesa" => vec![("bill_ref", "1234567890"), ("phone", "0712000001")],
        "/api/payments/status" => vec![("bill_ref", "1234567890")],
        "/api/payments/credit" => vec![("bill_ref", "1234567890")],
        "/api/payments/refunds/request" => {
            vec![("receipt_no", "R0000000000"), ("amount", "10"), ("reason", "paid twice")]
        }
        "/api/payments/refunds/decide" => vec![("refund_id", "999999"), ("decision", "approve")],
        "/api/appointments/book" => {
            vec![("reference", "APP-NONE"), ("step", "0"), ("office", "immigration-nairobi"), ("starts_at", "0")]
        }
        "/api/appointments/cancel" => vec![("reference", "APP-NONE"), ("step", "0")],
        "/api/staff/incidents/open" => vec![
            ("component", "sms"),
            ("severity", "minor"),
            ("title_en", "Slow text messages"),
            ("title_sw", "Jumbe fupi zinachelewa"),
            ("message_en", "Codes may take a few minutes."),
            ("message_sw", "Nambari zinaweza kuchelewa dakika chache."),
            ("form_token", "matrix-sample-token"),
        ],
        "/api/staff/incidents/resolve" => vec![("incident_id", "999999")],
        "/api/staff/offices/add" => vec![
            ("agency", "immigration"),
            ("code", "immigration-matrix"),
            ("name", "Matrix office"),
            ("town", "Nakuru"),
            ("address", "Matrix House, Kenyatta Avenue"),
            ("capacity", "2"),
        ],
        "/api/staff/offices/update" => vec![
            ("agency", "immigration"),
            ("office", "immigration-nairobi"),
            ("name", "Department of Immigration Services, Nairobi"),
            ("town", "Nairobi"),
            ("address", "Nyayo House, Kenyatta Avenue"),
            ("capacity", "4"),
        ],
        "/api/staff/offices/close" => vec![
            ("agency", "immigration"),
            ("office", "immigration-nairobi"),
            ("day", "2000-01-03"),
            ("reason", "Staff training"),
        ],
        "/api/staff/offices/reopen" => {
            vec![("agency", "immigration"), ("office", "immigration-nairobi"), ("day", "2000-01-03")]
        }
        "/api/staff/reconciliation/resolve" => {
            vec![("kind", "payment_review"), ("subject_id", "999999"), ("note", "Checked the statement")]
        }
        _ => return None,
    })
}

/// Who may call what: `A` allowed (authorisation passed), `U` 401, `F` 403.
/// Columns: anonymous, citizen A, citizen B, agent, officer agency 1, officer agency 2, finance agency 1, platform admin.
const MATRIX: &[(&str, &str)] = &[
    ("/api/auth/signup", "AAAAAAAA"),
    ("/api/auth/signup/contact", "AAAAAAAA"),
    ("/api/auth/login", "AAAAAAAA"),
    ("/api/auth/otp", "AAAAAAAA"),
    ("/api/auth/otp/resend", "AAAAAAAA"),
    ("/api/auth/reset", "AAAAAAAA"),
    ("/api/auth/reset/password", "AAAAAAAA"),
    ("/api/auth/logout", "AAAAAAAA"),
    ("/api/account/sessions/revoke", "UAAAAAAA"),
    ("/api/account/export", "UAAAAAAA"),
    ("/api/staff/citizen", "UFFFAAFA"),
    ("/api/account/contact", "UAAAAAAA"),
    ("/api/agent/assist", "UFFAFFFF"),
    ("/api/agent/assist/end", "UFFAFFFF"),
    ("/api/applications/save", "UAAFFFFF"),
    ("/api/applications/withdraw", "UAAFFFFF"),
    ("/api/applications/answer", "UAAFFFFF"),
    ("/api/staff/applications/decide", "UFFFAAFF"),
    ("/api/staff/applications/assign", "UFFFAAFF"),
    ("/api/staff/fees/propose", "UFFFFFFF"),
    ("/api/staff/fees/decide", "UFFFFFFF"),
    ("/api/staff/team/add", "UFFFFFFA"),
    ("/api/staff/team/role", "UFFFFFFA"),
    ("/api/staff/team/remove", "UFFFFFFA"),
    ("/api/staff/agencies/onboard", "UFFFFFFA"),
    ("/api/staff/agencies/keys/create", "UFFFFFFA"),
    ("/api/staff/agencies/keys/revoke", "UFFFFFFA"),
    ("/api/staff/services/draft/start", "UFFFFFFF"),
    ("/api/staff/services/draft/new", "UFFFFFFF"),
    ("/api/staff/services/draft/details", "UFFFFFFF"),
    ("/api/staff/services/draft/fees", "UFFFFFFF"),
    ("/api/staff/services/draft/field", "UFFFFFFF"),
    ("/api/staff/services/draft/document", "UFFFFFFF"),
    ("/api/staff/services/draft/arrange", "UFFFFFFF"),
    ("/api/staff/services/draft/publish", "UFFFFFFF"),
    ("/api/staff/services/draft/discard", "UFFFFFFF"),
    ("/api/payments/mpesa", "UAAFFFFF"),
    ("/api/payments/status", "UAAFFFFF"),
    ("/api/payments/credit", "UAAFFFFF"),
    ("/api/payments/refunds/request", "UFFFFFAF"),
    ("/api/payments/refunds/decide", "UFFFFFAF"),
    ("/api/appointments/book", "UAAFFFFF"),
    ("/api/appointments/cancel", "UAAFFFFF"),
    ("/api/staff/incidents/open", "UFFFFFFA"),
    ("/api/staff/incidents/resolve", "UFFFFFFA"),
    ("/api/staff/offices/add", "UFFFFFFA"),
    ("/api/staff/offices/update", "UFFFFFFA"),
    ("/api/staff/offices/close", "UFFFFFFA"),
    ("/api/staff/offices/reopen", "UFFFFFFA"),
    ("/api/staff/reconciliation/resolve", "UFFFFFAA"),
];

const CALLERS: [(&str, Option<(&str, &str)>); 8] = [
    ("anonymous", None),
    ("citizen A", Some(("10000001", "0712000001"))),
    ("citizen B", Some(("10000002", "0712000002"))),
    ("agent", Some(("10000003", "0712000003"))),
    ("officer, immigration", Some(("10000004", "0712000004"))),
    ("officer, ntsa", Some(("10000007", "0712000007"))),
    ("finance, immigration", Some(("10000006", "0712000006"))),
    ("platform admin", Some(("10000008", "0712000008"))),
];

fn registered_server_fns() -> Vec<(String, String)> {
    leptos::server_fn::axum::server_fn_paths().map(|(p, m)| (p.to_string(), m.to_string())).collect()
}

async fn call(app: &TestApp, session: Option<&str>, path: &str, method: &str, args: &[(&str, &str)]) -> (u16, String) {
    let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(args).finish();
    let mut req = if method == "GET" {
        app.client.get(format!("{}{path}?{query}", app.address))
    } else {
        app.client
            .post(format!("{}{path}", app.address))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("Origin", &app.address)
            .body(query)
    };
    req = req.header(ACCEPT, "application/json");
    if let Some(s) = session {
        req = req.header(COOKIE, format!("__Host-mlango_session={s}"));
    }
    let resp = req.send().await.expect("call");
    (resp.status().as_u16(), resp.text().await.unwrap_or_default())
}

#[tokio::test]
async fn every_server_function_is_in_the_authorisation_matrix() {
    let known: BTreeMap<&str, &str> = MATRIX.iter().copied().collect();
    for (path, method) in registered_server_fns() {
        assert!(
            known.contains_key(path.as_str()) && sample_args(&path).is_some(),
            "server function {method} {path} is missing from the authorisation matrix (tests/api/security.rs)"
        );
        if method == "GET" {
            // Read-only functions only: a GET must never change anything (cross-site navigations send cookies).
            assert!(
                ["/api/account/export", "/api/payments/status"].contains(&path.as_str()),
                "{path} uses GET; only read-only functions may"
            );
        }
    }
    assert_eq!(registered_server_fns().len(), MATRIX.len(), "the matrix lists a function that no longer exists");
}

#[tokio::test]
async fn authorisation_matrix_holds_for_every_role() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let methods: BTreeMap<String, String> = registered_server_fns().into_iter().collect();
    let mut failures = vec![];
    for (path, expected) in MATRIX {
        for (i, (caller, _)) in CALLERS.iter().enumerate() {
            // A fresh session per call: signing out or starting a sign-in ends the caller's session.
            let session = match CALLERS[i].1 {
                Some((id, _)) => Some(direct_session(&app, id).await),
                None => None,
            };
            let method = methods.get(*path).map(String::as_str).unwrap_or("POST");
            let (status, body) = call(&app, session.as_deref(), path, method, &sample_args(path).unwrap()).await;
            let got = match (status, body.as_str()) {
                (401, "\"Unauthorized\"") => 'U',
                (403, "\"Forbidden\"") => 'F',
                _ => 'A',
            };
            let want = expected.as_bytes()[i] as char;
            if got != want {
                failures.push(format!("{path} as {caller}: expected {want}, got {got} ({status} {body})"));
            }
        }
    }
    assert!(failures.is_empty(), "authorisation matrix differs:\n{}", failures.join("\n"));
}

#[tokio::test]
async fn cross_site_posts_to_every_server_function_are_refused() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let victim = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
    let cookie = format!("__Host-mlango_session={}", victim.session.clone().unwrap());
    let sessions_before = app.store.sessions_of(1).await.unwrap().len();
    for (path, method) in registered_server_fns() {
        if method == "GET" {
            continue;
        }
        let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(sample_args(&path).unwrap()).finish();
        for (origin, fetch_site) in [
            (Some("https://evil.example"), Some("cross-site")),
            (Some("https://evil.example"), None),
            (Some("null"), None),
            (None, Some("same-site")),
            (None, None),
        ] {
            let mut req = app
                .client
                .post(format!("{}{path}", app.address))
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(ACCEPT, "text/html")
                .header(COOKIE, &cookie)
                .body(body.clone());
            if let Some(o) = origin {
                req = req.header("Origin", o);
            }
            if let Some(s) = fetch_site {
                req = req.header("Sec-Fetch-Site", s);
            }
            let status = req.send().await.unwrap().status().as_u16();
            assert_eq!(status, 403, "{path} from origin {origin:?} / {fetch_site:?}");
        }
    }
    assert_eq!(app.store.sessions_of(1).await.unwrap().len(), sessions_before, "nothing changed");
    let mut still = Browser { app: &app, session: victim.session.clone() };
    assert_eq!(still.page("/account").await.0, 200, "the victim is still signed in");
    // The same form from the site itself works with JavaScript off.
    let r = still.form("/account", "/api/auth/logout", &[]).await;
    assert_eq!(r.location, "/?signed_out=1");
}

fn nonce_of(csp: &str) -> String {
    csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).expect("a nonce in the CSP").to_string()
}

#[tokio::test]
async fn every_page_gets_its_own_csp_nonce_even_from_the_cache() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    for path in ["/", "/services/immigration-passport-ordinary", "/login", "/signup"] {
        let mut nonces = vec![];
        for _ in 0..3 {
            let resp = app.get(path).await;
            let csp = resp.headers()["content-security-policy"].to_str().unwrap().to_string();
            assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("object-src 'none'"), "{csp}");
            assert!(csp.contains("base-uri 'none'") && csp.contains("frame-ancestors 'none'"), "{csp}");
            assert!(!csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"), "{csp}");
            let nonce = nonce_of(&csp);
            let html = resp.text().await.unwrap();
            assert!(
                html.contains(&format!("nonce=\"{nonce}\"")),
                "{path}: the page's scripts carry the header's nonce"
            );
            nonces.push(nonce);
        }
        nonces.sort();
        nonces.dedup();
        assert_eq!(nonces.len(), 3, "{path}: nonces repeat across responses");
    }
    let resp = app.get("/healthz").await;
    assert!(resp.headers()["content-security-policy"].to_str().unwrap().contains("default-src 'none'"));
    assert_eq!(resp.headers()["x-content-type-options"], "nosniff");
}

#[tokio::test]
async fn database_errors_never_reach_the_response() {
    use crate::degraded::Flaky;
    use std::sync::atomic::{AtomicBool, Ordering};
    let db = sqlite_db();
    let inner = connect(&db).await;
    inner.import_catalogue(&crate::helpers::fixture()).await.unwrap();
    mlango::accounts::demo::seed_demo_accounts(inner.as_ref(), 1_700_000_000).await.unwrap();
    let store = std::sync::Arc::new(Flaky {
        data: crate::helpers::fixture(),
        down: AtomicBool::new(false),
        inner,
        clashes: Default::default(),
    });
    let app = TestApp::spawn(store.clone(), Some(db)).await;
    let signed_in = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
    store.down.store(true, Ordering::SeqCst);
    for (path, method) in registered_server_fns() {
        let (status, body) =
            call(&app, signed_in.session.as_deref(), &path, &method, &sample_args(&path).unwrap()).await;
        for leak in ["connection refused", "sqlx", "SQLITE", "constraint", "SELECT", "/work/", "database error"] {
            assert!(!body.contains(leak), "{path} leaked {leak:?}: {status} {body}");
        }
    }
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let big = format!("login={}&password=x", "a".repeat(2 * 1024 * 1024));
    let resp = app
        .client
        .post(format!("{}/api/auth/login", app.address))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("Origin", &app.address)
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 413);
}
