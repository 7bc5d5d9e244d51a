//! Platform admins and agencies: the list (counts, search, pages), onboarding a new agency
//! with its first admin into the catalogue (bad forms, an existing code, an unsuitable admin
//! and a double submit change nothing), and an agency's API keys — created from the page with
//! the key shown once (never in an address, never stored), working on /v1 at once, revoked and
//! refused by /v1 at once; the CLI still makes keys for the new agency. On SQLite and PostgreSQL.

use crate::accounts::{Browser, app_with_accounts, direct_session};
use crate::helpers::{TestApp, all_dbs, connect};
use app::accounts::identity::DocumentKind;
use app::accounts::model::Role;
use app::accounts::ports::AccountKey;
use app::catalogue::model::{Agency, AgencyCode, AgencyKind, Localized};
use app::catalogue::ports::CatalogueBatch;
use reqwest::header::{CACHE_CONTROL, COOKIE, SET_COOKIE};

const PLATFORM: &str = "10000008";
const CITIZEN: &str = "10000002";

async fn browser<'a>(app: &'a TestApp, id_number: &str) -> Browser<'a> {
    Browser { app, session: Some(direct_session(app, id_number).await) }
}

fn problem(body: &str, name: &str) -> bool {
    body.contains(&format!("\"problem\":\"{name}\""))
}

fn onboarding<'a>(code: &'a str, admin: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("code", code),
        ("kind", "state_agency"),
        ("name_en", "Kenya Forest Service"),
        ("name_sw", "Huduma ya Misitu ya Kenya"),
        ("description_en", "Permits for forest produce and access to forests."),
        ("description_sw", "Vibali vya mazao ya misitu na kuingia misituni."),
        ("county_number", ""),
        ("website", "https://www.kenyaforestservice.org"),
        ("admin_id_number", admin),
    ]
}

/// `POST /v1/invoices` with `key`: the status.
async fn invoice(app: &TestApp, key: &str) -> u16 {
    app.client
        .post(format!("{}/v1/invoices", app.address))
        .bearer_auth(key)
        .header("content-type", "application/json")
        .body(r#"{"amount_kes": 500, "description": "Forest access permit"}"#)
        .send()
        .await
        .expect("invoice")
        .status()
        .as_u16()
}

/// GETs a page with the session and, if given, the new-key cookie: status, body, headers.
async fn page_with(
    app: &TestApp,
    b: &Browser<'_>,
    path: &str,
    flash: Option<&str>,
) -> (u16, String, reqwest::header::HeaderMap) {
    let mut cookie = b.cookie_header().unwrap_or_default();
    if let Some(f) = flash {
        cookie = format!("{cookie}; {f}");
    }
    let r = app.client.get(format!("{}{path}", app.address)).header(COOKIE, cookie).send().await.expect("get");
    let (status, headers) = (r.status().as_u16(), r.headers().clone());
    (status, r.text().await.unwrap_or_default(), headers)
}

#[tokio::test]
async fn platform_admins_onboard_an_agency_with_its_first_admin_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let url = db.url.clone();
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let mut platform = browser(&app, PLATFORM).await;

        // The list: every agency with its staff and live keys.
        let (status, html) = platform.page("/staff/agencies").await;
        assert_eq!(status, 200, "{backend}");
        assert!(html.contains("3 agencies") && html.contains("Department of Immigration Services"), "{backend}");
        assert!(html.contains(r#"<a href="/staff/team?agency=immigration">4</a>"#), "{backend}: {html}");
        let (_, home) = platform.page("/staff").await;
        assert!(home.contains(r#"href="/staff/agencies""#) && home.contains(r#"href="/staff/team""#), "{backend}");
        let (_, html) = platform.page("/staff/agencies?q=TRANSPORT").await;
        assert!(html.contains("1 agency") && html.contains("ntsa") && !html.contains("Immigration"), "{backend}");
        let (_, html) = platform.page("/staff/agencies?q=100%25").await;
        assert!(html.contains("No agency matches."), "{backend}: a % is searched for, not a wildcard");

        // Only platform admins.
        let mut agency_admin = browser(&app, "10000005").await;
        let (status, _, _) = agency_admin.api("/api/staff/agencies/onboard", &onboarding("kenya-forest", "")).await;
        assert_eq!(status, 403, "{backend}");
        let (status, html) = agency_admin.page("/staff/agencies").await;
        assert!(status == 403 && !html.contains("Department of Immigration Services"), "{backend}");

        // Bad forms, an existing code, an unsuitable first admin: refused, nothing written.
        let version = app.store.catalogue_version().await.unwrap();
        let mut county = onboarding("kenya-forest", "");
        county[1] = ("kind", "county");
        let mut no_swahili = onboarding("kenya-forest", "");
        no_swahili[3] = ("name_sw", "");
        for (fields, expected) in [
            (onboarding("k", ""), "agency_code_invalid"),
            (onboarding("kenya forest", ""), "agency_code_invalid"),
            (onboarding("ntsa", ""), "agency_exists"),
            (county, "agency_county_invalid"),
            (no_swahili, "agency_name_invalid"),
            (onboarding("kenya-forest", "10000007"), "staff_of_other_agency"),
            (onboarding("kenya-forest", "99999999"), "staff_account_unknown"),
            (onboarding("kenya-forest", PLATFORM), "staff_not_eligible"),
        ] {
            let (status, _, body) = platform.api("/api/staff/agencies/onboard", &fields).await;
            assert!(status >= 400 && problem(&body, expected), "{backend}: {expected}: {status} {body}");
        }
        assert!(app.store.agency_summary("kenya-forest").await.unwrap().is_none(), "{backend}");
        assert_eq!(app.store.catalogue_version().await.unwrap(), version, "{backend}");

        // Onboarded, with an existing citizen as its first admin (signed out to take the role).
        let mut citizen = browser(&app, CITIZEN).await;
        let r = platform
            .form("/staff/agencies", "/api/staff/agencies/onboard", &onboarding(" Kenya-Forest ", CITIZEN))
            .await;
        assert_eq!(r.location, "/staff/agencies?agency=kenya-forest&done=onboarded", "{backend}: {:?}", r.error());
        assert!(app.store.catalogue_version().await.unwrap() > version, "{backend}: every server reloads");
        let live = mlango::catalogue::live::load(app.store.as_ref()).await.unwrap();
        let agency = live.catalogue.agency("kenya-forest").expect("in the catalogue");
        assert_eq!(agency.name.sw, "Huduma ya Misitu ya Kenya", "{backend}");
        let admin =
            app.store.find_account(AccountKey::Document(DocumentKind::NationalId, CITIZEN)).await.unwrap().unwrap();
        assert_eq!((admin.role, admin.agency.as_deref()), (Role::AgencyAdmin, Some("kenya-forest")), "{backend}");
        assert_eq!(citizen.page("/account").await.0, 401, "{backend}");
        let summary = app.store.agency_summary("kenya-forest").await.unwrap().unwrap();
        assert_eq!((summary.staff, summary.active_keys), (1, 0), "{backend}");
        assert_eq!(app.store.audit_page(Some("agency_onboarded"), None, None, 10).await.unwrap().len(), 1);
        let (_, html) = platform.page(&r.location).await;
        assert!(
            html.contains("The agency is onboarded") && html.contains("API keys of Kenya Forest Service"),
            "{backend}"
        );
        // The new admin manages their team.
        let mut new_admin = browser(&app, CITIZEN).await;
        let (status, html) = new_admin.page("/staff/team").await;
        assert!(status == 200 && html.contains("Staff of Kenya Forest Service"), "{backend}");

        // The same form again: refused, nothing changed.
        let version = app.store.catalogue_version().await.unwrap();
        let r =
            platform.form("/staff/agencies", "/api/staff/agencies/onboard", &onboarding("kenya-forest", CITIZEN)).await;
        assert_eq!(r.error(), Some(serde_json::json!({"Problem": {"problem": "agency_exists"}})), "{backend}");
        assert_eq!(app.store.catalogue_version().await.unwrap(), version, "{backend}");

        // The operators' CLI makes keys for the new agency as before.
        let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_mlango"))
            .args(["api-key", "create", "--agency", "kenya-forest", "--label", "cli"])
            .env("DATABASE_URL", &url)
            .output()
            .await
            .expect("run mlango");
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(out.status.success(), "{backend}: {text} {}", String::from_utf8_lossy(&out.stderr));
        let key = text.lines().find_map(|l| l.trim().strip_prefix("mlg_").map(|k| format!("mlg_{k}"))).unwrap();
        assert_eq!(invoice(&app, &key).await, 201, "{backend}");
    }
}

#[tokio::test]
async fn the_agency_list_comes_a_page_at_a_time() {
    let db = crate::helpers::sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let agencies = (1..=60)
        .map(|i| Agency {
            code: AgencyCode::parse(&format!("board-{i:02}")).unwrap(),
            kind: AgencyKind::StateAgency,
            name: Localized::new(format!("Board {i:02}"), format!("Bodi {i:02}")),
            description: Localized::new("A board.", "Bodi."),
            county_number: None,
            website: None,
        })
        .collect();
    app.store.import_catalogue(&CatalogueBatch { agencies, services: vec![] }).await.unwrap();
    let mut platform = browser(&app, PLATFORM).await;
    let (_, first) = platform.page("/staff/agencies").await;
    assert!(first.contains("63 agencies") && first.contains("Board 01") && !first.contains("Board 60"));
    assert!(first.contains(r#"href="/staff/agencies?page=2" rel="next""#), "{first}");
    let (_, second) = platform.page("/staff/agencies?page=2").await;
    assert!(second.contains("Board 60") && !second.contains("Board 01") && !second.contains(r#"rel="next""#));
    let (_, searched) = platform.page("/staff/agencies?q=bodi+6").await;
    assert!(searched.contains("1 agency") && searched.contains("Board 60"), "{searched}");
}

#[tokio::test]
async fn an_api_key_is_shown_once_works_at_once_and_stops_at_once_when_revoked_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let mut platform = browser(&app, PLATFORM).await;

        // Refusals: bad label, bad webhook, unknown agency, other roles.
        for (fields, expected) in [
            (vec![("agency", "ntsa"), ("label", "")], "api_key_label_invalid"),
            (vec![("agency", "ntsa"), ("label", "Billing"), ("webhook_url", "ftp://x")], "webhook_url_invalid"),
            (vec![("agency", "nowhere"), ("label", "Billing")], "agency_unknown"),
        ] {
            let (status, _, body) = platform.api("/api/staff/agencies/keys/create", &fields).await;
            assert!(status >= 400 && problem(&body, expected), "{backend}: {expected}: {status} {body}");
        }
        let mut ntsa_officer = browser(&app, "10000007").await;
        let (status, _, _) =
            ntsa_officer.api("/api/staff/agencies/keys/create", &[("agency", "ntsa"), ("label", "Mine")]).await;
        assert_eq!(status, 403, "{backend}");
        assert!(app.store.api_keys_of("ntsa").await.unwrap().is_empty(), "{backend}");

        // Created from the page: the address carries no secret; a cookie carries it to the page.
        let fields = [("agency", "ntsa"), ("label", "NTSA TIMS"), ("webhook_url", "https://tims.ntsa.go.ke/hooks")];
        let r = platform.form("/staff/agencies?agency=ntsa", "/api/staff/agencies/keys/create", &fields).await;
        let keys = app.store.api_keys_of("ntsa").await.unwrap();
        assert_eq!(keys.len(), 1, "{backend}: {:?}", r.error());
        let id = keys[0].id;
        assert_eq!(r.location, format!("/staff/agencies?agency=ntsa&new_key={id}#new-key"), "{backend}");
        let resp_cookie = {
            // `Browser::form` keeps only the session cookie; ask again for the raw headers.
            let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
            let resp = app
                .client
                .post(format!("{}/api/staff/agencies/keys/create", app.address))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "text/html")
                .header("origin", &app.address)
                .header("referer", format!("{}/staff/agencies?agency=ntsa", app.address))
                .header(COOKIE, platform.cookie_header().unwrap())
                .body(body)
                .send()
                .await
                .unwrap();
            let location = resp.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
            assert!(!location.contains("mlg_") && !location.contains("whsec_"), "{backend}: {location}");
            resp.headers()
                .get_all(SET_COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find(|c| c.starts_with("__Host-mlango_new_key="))
                .map(str::to_string)
                .expect("the new key travels in a cookie")
        };
        assert!(
            resp_cookie.contains("HttpOnly")
                && resp_cookie.contains("SameSite=Strict")
                && resp_cookie.contains("Secure"),
            "{backend}: {resp_cookie}"
        );
        let flash = resp_cookie.split(';').next().unwrap().to_string();
        let value = flash.trim_start_matches("__Host-mlango_new_key=").to_string();
        let mut parts = value.split('.');
        let (second_id, key, secret) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
        assert!(key.starts_with("mlg_") && secret.starts_with("whsec_"), "{backend}");
        let keys = app.store.api_keys_of("ntsa").await.unwrap();
        let second = keys.iter().find(|k| k.id.to_string() == second_id).expect("second key");
        // Stored as its hash only.
        assert!(app.store.api_key_by_hash(&app::payments::agency::hash_key(key)).await.unwrap().is_some());

        // The page the browser lands on shows it, clears the cookie, and is not cached.
        let path = format!("/staff/agencies?agency=ntsa&new_key={second_id}");
        let (status, html, headers) = page_with(&app, &platform, &path, Some(&flash)).await;
        assert_eq!(status, 200, "{backend}");
        assert!(html.contains(key) && html.contains(secret) && html.contains("shown only this once"), "{backend}");
        assert!(html.contains(&format!("mlg_{}_…", second.prefix)) && html.contains("NTSA TIMS"), "{backend}");
        let cleared = headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|c| c.starts_with("__Host-mlango_new_key=;") && c.contains("Max-Age=0"));
        assert!(cleared, "{backend}: {headers:?}");
        assert_eq!(headers.get(CACHE_CONTROL).and_then(|v| v.to_str().ok()), Some("no-store"), "{backend}");
        // Reloaded (the cookie gone), or with the cookie replayed for another key: not shown.
        let (_, html, _) = page_with(&app, &platform, &path, None).await;
        assert!(!html.contains(key) && !html.contains(secret), "{backend}");
        let other = format!("/staff/agencies?agency=ntsa&new_key={id}");
        let (_, html, _) = page_with(&app, &platform, &other, Some(&flash)).await;
        assert!(!html.contains(key), "{backend}");
        let (_, html, _) = page_with(&app, &platform, "/staff/agencies?agency=immigration", Some(&flash)).await;
        assert!(!html.contains(key), "{backend}: another agency's page does not show it");

        // It works on /v1 at once; the list counts it.
        assert_eq!(invoice(&app, key).await, 201, "{backend}");
        let summary = app.store.agency_summary("ntsa").await.unwrap().unwrap();
        assert_eq!(summary.active_keys, 2, "{backend}");

        // Revoked: /v1 refuses it from the next request; revoking again, or another agency's
        // key through this agency, or from another role, is refused and changes nothing.
        let revoke = [("agency", "ntsa"), ("key_id", second_id)];
        let r = platform.form("/staff/agencies?agency=ntsa", "/api/staff/agencies/keys/revoke", &revoke).await;
        assert_eq!(r.location, format!("/staff/agencies?agency=ntsa&done=revoked#key-{second_id}"), "{backend}");
        assert_eq!(invoice(&app, key).await, 401, "{backend}: a revoked key stops at once");
        let (status, _, body) = platform.api("/api/staff/agencies/keys/revoke", &revoke).await;
        assert_eq!((status, problem(&body, "api_key_revoked")), (409, true), "{backend}: {body}");
        let other_agency = [("agency", "immigration"), ("key_id", &id.to_string())];
        let (status, _, body) = platform.api("/api/staff/agencies/keys/revoke", &other_agency).await;
        assert_eq!((status, problem(&body, "api_key_unknown")), (404, true), "{backend}: {body}");
        let first_revoke = [("agency", "ntsa"), ("key_id", &id.to_string())];
        assert_eq!(ntsa_officer.api("/api/staff/agencies/keys/revoke", &first_revoke).await.0, 403, "{backend}");
        let keys = app.store.api_keys_of("ntsa").await.unwrap();
        assert_eq!(keys.iter().filter(|k| k.revoked_at.is_none()).count(), 1, "{backend}: only the first is live");
        let (_, html) = platform.page("/staff/agencies?agency=ntsa").await;
        assert!(html.contains("Revoked ") && html.contains("https://tims.ntsa.go.ke/hooks"), "{backend}");
        for kind in ["api_key_created", "api_key_revoked"] {
            let events = app.store.audit_page(Some(kind), None, None, 10).await.unwrap();
            assert!(
                !events.is_empty() && events.iter().all(|e| e.event.detail.starts_with("ntsa: key mlg_")),
                "{kind}"
            );
        }
    }
}
