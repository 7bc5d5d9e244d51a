//! Accounts end to end over HTTP: sign-up, one-time codes, sign-in, sessions, reset, and the
//! security properties around them (issue 3's "Shown by" list), on SQLite and PostgreSQL.

use crate::helpers::{TestApp, all_dbs, connect, fixture, sqlite_db};
use app::accounts::identity::DocumentKind;
use app::store::Store;
use reqwest::header::{ACCEPT, CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use serde_json::Value;
use std::sync::Arc;

const PASSWORD: &str = "mvua ya asubuhi nairobi";

/// A browser with one cookie jar that posts forms like Chromium does (same-origin headers,
/// `Accept: text/html`), or like an API client (`json`).
pub struct Browser<'a> {
    pub app: &'a TestApp,
    pub session: Option<String>,
}

/// What a form post came back with.
#[derive(Debug)]
pub struct Posted {
    pub status: u16,
    pub location: String,
    pub set_cookie: Option<String>,
}

impl Posted {
    /// The error a no-JS form post carried back in `__err`, decoded.
    pub fn error(&self) -> Option<Value> {
        use base64::Engine;
        let url = reqwest::Url::parse(&format!("http://x{}", self.location.trim_start_matches("http://x"))).ok()?;
        let err = url.query_pairs().find(|(k, _)| k == "__err")?.1.to_string();
        let raw = base64::engine::general_purpose::URL_SAFE.decode(err).ok()?;
        serde_json::from_slice(&raw).ok()
    }
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Browser { app, session: None }
    }

    fn absorb(&mut self, resp: &reqwest::Response) -> Option<String> {
        let cookie = resp
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("__Host-mlango_session="))
            .map(str::to_string);
        if let Some(c) = &cookie {
            let value = c.split(';').next().unwrap_or("").trim_start_matches("__Host-mlango_session=").to_string();
            self.session = (!value.is_empty()).then_some(value);
        }
        cookie
    }

    /// The Cookie header this browser sends.
    pub fn cookie_header(&self) -> Option<String> {
        self.session.as_ref().map(|s| format!("__Host-mlango_session={s}"))
    }

    /// Posts a form from a page of this site, as a browser without JavaScript does.
    pub async fn form(&mut self, from: &str, action: &str, fields: &[(&str, &str)]) -> Posted {
        let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        let mut req = self
            .app
            .client
            .post(format!("{}{action}", self.app.address))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "text/html,application/xhtml+xml")
            .header("Origin", &self.app.address)
            .header("Sec-Fetch-Site", "same-origin")
            .header("Referer", format!("{}{from}", self.app.address))
            .body(body);
        if let Some(c) = self.cookie_header() {
            req = req.header(COOKIE, c);
        }
        let resp = req.send().await.expect("post");
        let set_cookie = self.absorb(&resp);
        let status = resp.status().as_u16();
        let location = resp.headers().get(LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        let location = location.trim_start_matches(&self.app.address).to_string();
        Posted { status, location, set_cookie }
    }

    /// Posts the apply form (multipart, as the page sends it) with `files` as
    /// `documents[code]` parts of `(code, file name, bytes)`, like a browser without JavaScript.
    pub async fn apply(&mut self, fields: &[(&str, &str)], files: &[(&str, &str, Vec<u8>)]) -> Posted {
        let resp = self.send_apply(fields, files, "text/html,application/xhtml+xml").await;
        let set_cookie = self.absorb(&resp);
        let status = resp.status().as_u16();
        let location = resp.headers().get(LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        let location = location.trim_start_matches(&self.app.address).to_string();
        Posted { status, location, set_cookie }
    }

    /// Posts the apply form like an API client: the status and the JSON body.
    pub async fn apply_api(&mut self, fields: &[(&str, &str)], files: &[(&str, &str, Vec<u8>)]) -> (u16, String) {
        let resp = self.send_apply(fields, files, "application/json").await;
        self.absorb(&resp);
        (resp.status().as_u16(), resp.text().await.unwrap_or_default())
    }

    async fn send_apply(
        &self,
        fields: &[(&str, &str)],
        files: &[(&str, &str, Vec<u8>)],
        accept: &str,
    ) -> reqwest::Response {
        let mut form = reqwest::multipart::Form::new();
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        for (code, name, bytes) in files {
            form = form.part(
                format!("documents[{code}]"),
                reqwest::multipart::Part::bytes(bytes.clone()).file_name(name.to_string()),
            );
        }
        let mut req = self
            .app
            .client
            .post(format!("{}/applications/save", self.app.address))
            .header(ACCEPT, accept)
            .header("Origin", &self.app.address)
            .header("Sec-Fetch-Site", "same-origin")
            .multipart(form);
        if let Some(c) = self.cookie_header() {
            req = req.header(COOKIE, c);
        }
        req.send().await.expect("post")
    }

    /// Posts like an API client (JSON answers, real status codes).
    pub async fn api(&mut self, action: &str, fields: &[(&str, &str)]) -> (u16, Option<String>, String) {
        let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        let mut req = self
            .app
            .client
            .post(format!("{}{action}", self.app.address))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .header("Origin", &self.app.address)
            .body(body);
        if let Some(c) = self.cookie_header() {
            req = req.header(COOKIE, c);
        }
        let resp = req.send().await.expect("post");
        self.absorb(&resp);
        let status = resp.status().as_u16();
        let retry = resp.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_string);
        (status, retry, resp.text().await.unwrap_or_default())
    }

    /// GETs a page with this browser's cookie.
    pub async fn page(&mut self, path: &str) -> (u16, String) {
        let mut req = self.app.client.get(format!("{}{path}", self.app.address));
        if let Some(c) = self.cookie_header() {
            req = req.header(COOKIE, c);
        }
        let resp = req.send().await.expect("get");
        self.absorb(&resp);
        (resp.status().as_u16(), resp.text().await.unwrap_or_default())
    }
}

/// The newest one-time code the simulated phone received.
pub async fn sms_code(app: &TestApp, phone: &str) -> String {
    let (_, json) = app.get_json(&format!("/sim/sms/messages?to={phone}")).await;
    let text = json["messages"][0]["text"].as_str().unwrap_or_else(|| panic!("no SMS to {phone}: {json}"));
    six_digits(text)
}

/// The newest one-time code the simulated mailbox received.
pub async fn mail_code(app: &TestApp, email: &str) -> String {
    let (_, json) = app.get_json(&format!("/sim/mail/messages?to={email}")).await;
    let text = json["messages"][0]["body"].as_str().unwrap_or_else(|| panic!("no email to {email}: {json}"));
    six_digits(text)
}

fn six_digits(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).map(str::to_string).expect("a 6-digit code")
}

/// A fresh server over `store` holding the fixture catalogue and the demo accounts.
pub async fn app_with_accounts(store: Arc<dyn Store>, db: Option<crate::helpers::TestDb>) -> TestApp {
    store.import_catalogue(&fixture()).await.expect("fixture");
    mlango::accounts::demo::seed_demo_accounts(store.as_ref(), 1_700_000_000).await.expect("demo accounts");
    let app = TestApp::spawn(store, db).await;
    mlango::appointments::seed_demo_offices(app.store.as_ref(), &app.state.catalogue.current().catalogue)
        .await
        .expect("demo offices");
    app
}

/// Signs up a citizen with a demo-registry identity; returns the browser, signed in.
pub async fn sign_up<'a>(app: &'a TestApp, number: &str, phone: &str, email: &str) -> Browser<'a> {
    let person = mlango::gateways::demo_person(DocumentKind::NationalId, number).expect("in the demo range");
    let mut b = Browser::new(app);
    let year = person.year_of_birth.to_string();
    let r = b
        .form(
            "/signup",
            "/api/auth/signup",
            &[
                ("account_type", "citizen"),
                ("document_number", number),
                ("first_name", &person.first_name.to_lowercase()),
                ("year_of_birth", &year),
            ],
        )
        .await;
    assert_eq!((r.status, r.location.as_str()), (302, "/signup/contact"), "{r:?}");
    let r = b
        .form(
            "/signup/contact",
            "/api/auth/signup/contact",
            &[("phone", phone), ("email", email), ("password", PASSWORD), ("accept_terms", "yes")],
        )
        .await;
    assert_eq!((r.status, r.location.as_str()), (302, "/verify"), "{r:?}");
    let code = sms_code(app, phone).await;
    let r = b.form("/verify", "/api/auth/otp", &[("code", &code)]).await;
    assert_eq!(r.location, "/verify", "then the email code: {r:?}");
    let code = mail_code(app, email).await;
    let r = b.form("/verify", "/api/auth/otp", &[("code", &code)]).await;
    assert_eq!(r.location, "/account?welcome=1", "{r:?}");
    b
}

/// A signed-in session made directly in the store (for tests about what happens after sign-in).
pub async fn direct_session(app: &TestApp, id_number: &str) -> String {
    use app::accounts::ports::{AccountKey, Stage};
    use app::accounts::session::{ClientInfo, new_session};
    use app::clock::Clock;
    let account =
        app.store.find_account(AccountKey::Document(DocumentKind::NationalId, id_number)).await.unwrap().unwrap();
    let now = app.clock.now();
    let (token, mut record) = new_session(Stage::Active, Some(account.id), now, 3600, &ClientInfo::default());
    record.authenticated_at = Some(now);
    app.store.insert_session(&record).await.unwrap();
    token
}

/// Signs in through password and SMS code.
pub async fn sign_in<'a>(app: &'a TestApp, login: &str, password: &str, phone: &str) -> Browser<'a> {
    let mut b = Browser::new(app);
    let r = b.form("/login", "/api/auth/login", &[("login", login), ("password", password), ("channel", "sms")]).await;
    assert_eq!(r.location, "/verify", "{r:?} {:?}", r.error());
    let code = sms_code(app, phone).await;
    let r = b.form("/verify", "/api/auth/otp", &[("code", &code)]).await;
    assert!(r.location == "/account" || r.location == "/staff", "{r:?} {:?}", r.error());
    b
}

#[tokio::test]
async fn sign_up_verify_sign_in_and_out_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let store = connect(&db).await;
        let app = app_with_accounts(store, Some(db)).await;
        let mut b = sign_up(&app, "12345678", "0722111222", "mwananchi@example.com").await;
        let (status, html) = b.page("/account?welcome=1").await;
        let person = mlango::gateways::demo_person(DocumentKind::NationalId, "12345678").unwrap();
        assert_eq!(status, 200, "{backend}");
        assert!(html.contains(&person.first_name), "{backend}: the profile shows the registered name");
        assert!(html.contains("Welcome to Mlango"), "{backend}");

        // Signing up again with the same document is refused, with a way forward.
        let mut other = Browser::new(&app);
        let year = person.year_of_birth.to_string();
        let r = other
            .form(
                "/signup",
                "/api/auth/signup",
                &[
                    ("account_type", "citizen"),
                    ("document_number", "12345678"),
                    ("first_name", &person.first_name),
                    ("year_of_birth", &year),
                ],
            )
            .await;
        assert_eq!(r.error(), Some(serde_json::json!({"Problem": {"problem": "account_exists"}})), "{backend}");

        // Sign out ends the session on the server: the old cookie no longer works.
        let old = b.session.clone();
        let r = b.form("/account", "/api/auth/logout", &[]).await;
        assert_eq!(r.location, "/?signed_out=1");
        assert!(r.set_cookie.as_deref().is_some_and(|c| c.contains("Max-Age=0")), "{r:?}");
        let mut replay = Browser { app: &app, session: old };
        assert_eq!(replay.page("/account").await.0, 401, "{backend}: a signed-out session is dead");

        // Sign in again with ID number or email.
        sign_in(&app, "12345678", PASSWORD, "0722111222").await;
        let mut by_email = sign_in(&app, "MWANANCHI@example.com", PASSWORD, "0722111222").await;
        assert_eq!(by_email.page("/account").await.0, 200);
    }
}

#[tokio::test]
async fn session_cookie_attributes_and_rotation() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let mut b = Browser::new(&app);
    let r = b.form("/login", "/api/auth/login", &[("login", "10000001"), ("password", "Harambee-Demo-2026")]).await;
    let cookie = r.set_cookie.clone().expect("a pending-session cookie");
    for part in ["__Host-mlango_session=", "Path=/", "Secure", "HttpOnly", "SameSite=Lax"] {
        assert!(cookie.contains(part), "{part} missing from {cookie}");
    }
    assert!(!cookie.to_ascii_lowercase().contains("domain="), "__Host- cookies carry no Domain: {cookie}");
    let pending = b.session.clone();
    let code = sms_code(&app, "0712000001").await;
    let r = b.form("/verify", "/api/auth/otp", &[("code", &code)]).await;
    assert_eq!(r.location, "/account");
    assert_ne!(b.session, pending, "a new session id on sign-in");
    let mut old = Browser { app: &app, session: pending };
    assert_eq!(old.page("/account").await.0, 401, "the pre-sign-in id is gone");

    // Staff get SameSite=Strict.
    let mut staff = Browser::new(&app);
    let r = staff.form("/login", "/api/auth/login", &[("login", "10000004"), ("password", "Harambee-Demo-2026")]).await;
    assert!(r.set_cookie.unwrap().contains("SameSite=Strict"));

    // A tampered or unknown cookie is ignored and cleared, never an error.
    let mut forged = Browser { app: &app, session: Some("ab".repeat(32)) };
    let (status, _) = forged.page("/account").await;
    assert_eq!(status, 401);
    let mut junk = Browser { app: &app, session: Some("<script>".into()) };
    assert_eq!(junk.page("/").await.0, 200);
}

#[tokio::test]
async fn codes_expire_after_ten_minutes_and_work_once() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let mut b = Browser::new(&app);
    b.form("/login", "/api/auth/login", &[("login", "10000002"), ("password", "Harambee-Demo-2026")]).await;
    let code = sms_code(&app, "0712000002").await;
    app.clock.advance(601);
    let r = b.form("/verify", "/api/auth/otp", &[("code", &code)]).await;
    assert_eq!(r.error(), Some(serde_json::json!({"Problem": {"problem": "code_expired"}})));

    // A fresh code at 9:59 works, once.
    let mut b = Browser::new(&app);
    b.form("/login", "/api/auth/login", &[("login", "10000002"), ("password", "Harambee-Demo-2026")]).await;
    let pending = b.session.clone();
    let code = sms_code(&app, "0712000002").await;
    app.clock.advance(599);
    let r = b.form("/verify", "/api/auth/otp", &[("code", &code)]).await;
    assert_eq!(r.location, "/account", "{:?}", r.error());
    let mut replay = Browser { app: &app, session: pending };
    let r = replay.form("/verify", "/api/auth/otp", &[("code", &code)]).await;
    assert!(r.error().is_some() && r.location.starts_with("/verify"), "a used code is refused: {r:?}");
}

#[tokio::test]
async fn codes_are_bound_to_their_session_and_die_after_five_wrong_tries() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let mut a = Browser::new(&app);
    a.form("/login", "/api/auth/login", &[("login", "10000001"), ("password", "Harambee-Demo-2026")]).await;
    let code_a = sms_code(&app, "0712000001").await;
    // Another session (another person signing in) cannot use A's code.
    let mut b = Browser::new(&app);
    b.form("/login", "/api/auth/login", &[("login", "10000002"), ("password", "Harambee-Demo-2026")]).await;
    let r = b.form("/verify", "/api/auth/otp", &[("code", &code_a)]).await;
    assert!(r.error().is_some(), "a code from another session is refused");

    let wrong = if code_a == "000000" { "111111" } else { "000000" };
    for left in (0..5).rev() {
        let r = a.form("/verify", "/api/auth/otp", &[("code", wrong)]).await;
        assert_eq!(r.error(), Some(serde_json::json!({"Problem": {"problem": "code_wrong", "attempts_left": left}})));
    }
    // The right code no longer works: after five wrong tries the account must wait, and the code is void.
    let (status, retry, body) = a.api("/api/auth/otp", &[("code", &code_a)]).await;
    assert_eq!(status, 429, "{body}");
    assert!(retry.is_some());
    app.clock.advance(31);
    let r = a.form("/verify", "/api/auth/otp", &[("code", &code_a)]).await;
    assert_eq!(r.error(), Some(serde_json::json!({"Problem": {"problem": "code_used_up"}})));
    let events = app.store.events_of(1, 50).await.unwrap();
    assert!(events.iter().filter(|e| e.kind == "code_wrong").count() >= 5, "wrong codes are security events");
}

#[tokio::test]
async fn wrong_passwords_make_the_account_wait_longer_each_time() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let mut b = Browser::new(&app);
    for _ in 0..5 {
        let (status, _, body) =
            b.api("/api/auth/login", &[("login", "10000001"), ("password", "wrong password 1")]).await;
        assert_eq!(status, 401, "{body}");
        assert!(body.contains("wrong_credentials"));
    }
    // Now even the right password waits (30 s), whichever address it comes from.
    let (status, retry, _) =
        b.api("/api/auth/login", &[("login", "10000001"), ("password", "Harambee-Demo-2026")]).await;
    assert_eq!((status, retry.as_deref()), (429, Some("30")));
    app.clock.advance(31);
    let (status, _, _) = b.api("/api/auth/login", &[("login", "10000001"), ("password", "still wrong")]).await;
    assert_eq!(status, 401);
    let (status, retry, _) =
        b.api("/api/auth/login", &[("login", "10000001"), ("password", "Harambee-Demo-2026")]).await;
    assert_eq!((status, retry.as_deref()), (429, Some("60")), "the wait doubles");
    app.clock.advance(61);
    let (status, _, body) =
        b.api("/api/auth/login", &[("login", "10000001"), ("password", "Harambee-Demo-2026")]).await;
    assert_eq!(status, 200, "{body}");
    // Unknown accounts answer exactly like wrong passwords.
    let (status, _, body) = b.api("/api/auth/login", &[("login", "19999999"), ("password", "whatever it is")]).await;
    assert_eq!(status, 401);
    assert!(body.contains("wrong_credentials"));
}

#[tokio::test]
async fn code_sending_is_limited_per_number() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let mut b = Browser::new(&app);
    b.form("/login", "/api/auth/login", &[("login", "10000001"), ("password", "Harambee-Demo-2026")]).await;
    for _ in 0..2 {
        let (status, _, body) = b.api("/api/auth/otp/resend", &[]).await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, retry, _) = b.api("/api/auth/otp/resend", &[]).await;
    assert_eq!(status, 429, "the fourth code in 15 minutes is refused");
    let wait: i64 = retry.expect("Retry-After").parse().unwrap();
    assert!((1..=900).contains(&wait), "{wait}");
    let sent = app.get_json("/sim/sms/messages?to=0712000001").await.1["messages"].as_array().unwrap().len();
    assert_eq!(sent, 3);
    app.clock.advance(wait);
    assert_eq!(b.api("/api/auth/otp/resend", &[]).await.0, 200);
}

#[tokio::test]
async fn password_reset_by_code_then_sign_in_afresh() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let mut elsewhere = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
    let mut b = Browser::new(&app);
    let r = b
        .form("/password/reset", "/api/auth/reset", &[("login", "citizen.a@demo.mlango.ke"), ("channel", "email")])
        .await;
    assert_eq!(r.location, "/verify", "{:?}", r.error());
    let code = mail_code(&app, "citizen.a@demo.mlango.ke").await;
    let r = b.form("/verify", "/api/auth/otp", &[("code", &code)]).await;
    assert_eq!(r.location, "/password/new");
    let r = b.form("/password/new", "/api/auth/reset/password", &[("password", "password123")]).await;
    assert_eq!(r.error(), Some(serde_json::json!({"Problem": {"problem": "password_too_common"}})));
    let r = b
        .form(
            "/password/new",
            "/api/auth/reset/password",
            &[("password", "a much longer passphrase"), ("sign_out_everywhere", "yes")],
        )
        .await;
    assert_eq!(r.location, "/login?reset=1");
    assert_eq!(elsewhere.page("/account").await.0, 401, "other sessions ended");
    let (status, _, _) =
        Browser::new(&app).api("/api/auth/login", &[("login", "10000001"), ("password", "Harambee-Demo-2026")]).await;
    assert_eq!(status, 401, "the old password no longer works");
    sign_in(&app, "10000001", "a much longer passphrase", "0712000001").await;
}

#[tokio::test]
async fn sessions_page_lists_and_revokes_only_your_own_sessions() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let mut a1 = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
    let mut a2 = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
    let mut b = sign_in(&app, "10000002", "Harambee-Demo-2026", "0712000002").await;
    let (_, html) = a1.page("/account/sessions").await;
    assert!(html.contains("This device"));
    let a_sessions = app.store.sessions_of(1).await.unwrap();
    assert_eq!(a_sessions.len(), 2);
    // B cannot end A's session by guessing or learning its id.
    let (status, _, _) = b.api("/api/account/sessions/revoke", &[("session", &a_sessions[0].public_id)]).await;
    assert_eq!(status, 404);
    assert_eq!(app.store.sessions_of(1).await.unwrap().len(), 2, "nothing changed");
    // A ends all others.
    let r = a1.form("/account/sessions", "/api/account/sessions/revoke", &[("session", "others")]).await;
    assert_eq!(r.location, "/account/sessions");
    assert_eq!(a2.page("/account").await.0, 401);
    assert_eq!(a1.page("/account").await.0, 200);
}

#[tokio::test]
async fn staff_lookups_are_shown_to_the_citizen_and_exported() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let mut officer = sign_in(&app, "10000004", "Harambee-Demo-2026", "0712000004").await;
    let (status, html) = officer.page("/staff?document=10000001").await;
    assert_eq!(status, 200);
    let citizen = mlango::gateways::demo_person(DocumentKind::NationalId, "10000001").unwrap();
    assert!(html.contains(&citizen.first_name), "the officer sees the record");
    let mut a = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
    let (_, html) = a.page("/account/privacy").await;
    let officer_person = mlango::gateways::demo_person(DocumentKind::NationalId, "10000004").unwrap();
    assert!(
        html.contains(&officer_person.first_name) && html.contains("immigration"),
        "who viewed my data lists the officer"
    );
    let (status, body) = a.page("/api/account/export").await;
    assert_eq!(status, 200);
    let export: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(export["profile"]["document_number"], "10000001");
    assert_eq!(export["viewed_by"].as_array().unwrap().len(), 1);
    assert!(!body.contains("argon2"), "no secrets in the export");
    // A citizen cannot look others up.
    let (status, _, body) = a.api("/api/staff/citizen", &[("document_number", "10000002")]).await;
    assert_eq!((status, body.as_str()), (403, "\"Forbidden\""));
}

#[tokio::test]
async fn changing_the_phone_needs_a_fresh_sign_in_and_a_code_to_the_new_number() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let mut a = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
    app.clock.advance(11 * 60);
    let (status, _, body) = a.api("/api/account/contact", &[("phone", "0733444555")]).await;
    assert_eq!((status, body.as_str()), (403, r#"{"Problem":{"problem":"reauth_required"}}"#));
    let (_, html) = a.page("/account/contact").await;
    assert!(html.contains("/login?next=/account/contact"), "the page offers to sign in again");

    // Signing in again returns to the change page.
    let mut a = Browser::new(&app);
    a.form(
        "/login?next=/account/contact",
        "/api/auth/login",
        &[("login", "10000001"), ("password", "Harambee-Demo-2026"), ("next", "/account/contact")],
    )
    .await;
    let code = sms_code(&app, "0712000001").await;
    let r = a.form("/verify", "/api/auth/otp", &[("code", &code)]).await;
    assert_eq!(r.location, "/account/contact");
    let r = a.form("/account/contact", "/api/account/contact", &[("phone", "0733 444 555")]).await;
    assert_eq!(r.location, "/verify", "{:?}", r.error());
    let code = sms_code(&app, "0733444555").await;
    let r = a.form("/verify", "/api/auth/otp", &[("code", &code)]).await;
    assert_eq!(r.location, "/account?changed=1");
    let (_, html) = a.page("/account").await;
    assert!(html.contains("+254 733 444 555"));
    let (_, old) = app.get_json("/sim/sms/messages?to=0712000001").await;
    assert!(old["messages"][0]["text"].as_str().unwrap().contains("were changed"), "the old phone is told");
    // An open redirect through `next` is not possible.
    let mut b = Browser::new(&app);
    b.form(
        "/login",
        "/api/auth/login",
        &[("login", "10000002"), ("password", "Harambee-Demo-2026"), ("next", "https://evil.example/")],
    )
    .await;
    let code = sms_code(&app, "0712000002").await;
    assert_eq!(b.form("/verify", "/api/auth/otp", &[("code", &code)]).await.location, "/account");
}

#[tokio::test]
async fn an_agent_acts_for_a_citizen_only_with_their_code_and_the_citizen_sees_it() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let mut agent = sign_in(&app, "10000003", "Harambee-Demo-2026", "0712000003").await;
    assert_eq!(agent.page("/staff/assist").await.0, 403, "no access before consent");
    let r = agent.form("/staff", "/api/agent/assist", &[("document_number", "10000001")]).await;
    assert_eq!(r.location, "/verify", "{:?}", r.error());
    let (_, sms) = app.get_json("/sim/sms/messages?to=0712000001").await;
    let text = sms["messages"][0]["text"].as_str().unwrap().to_string();
    let agent_person = mlango::gateways::demo_person(DocumentKind::NationalId, "10000003").unwrap();
    assert!(text.contains(&agent_person.first_name), "the citizen is told who asks: {text}");
    let code = six_digits(&text);
    let r = agent.form("/verify", "/api/auth/otp", &[("code", &code)]).await;
    assert_eq!(r.location, "/staff/assist");
    let (status, html) = agent.page("/staff/assist").await;
    let citizen = mlango::gateways::demo_person(DocumentKind::NationalId, "10000001").unwrap();
    assert_eq!(status, 200);
    assert!(html.contains(&citizen.first_name));

    // The citizen sees the agent in "who viewed my data" and the grant in their activity.
    let mut c = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
    let (_, html) = c.page("/account/privacy").await;
    assert!(html.contains(&agent_person.first_name), "who viewed lists the agent");
    assert!(html.contains("agent access granted"));

    // Consent lasts an hour, then the agent must ask again.
    for _ in 0..2 {
        app.clock.advance(25 * 60);
        assert_eq!(agent.page("/staff").await.0, 200);
    }
    app.clock.advance(11 * 60);
    assert_eq!(agent.page("/staff/assist").await.0, 403);

    // Citizens cannot use the agent functions.
    let mut c = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
    let (status, _, _) = c.api("/api/agent/assist", &[("document_number", "10000002")]).await;
    assert_eq!(status, 403);
}
