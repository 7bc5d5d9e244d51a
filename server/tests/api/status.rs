//! The status page and incidents: a platform administrator posts an incident, /status and
//! /v1/status show it, citizens with a bill to pay (and only they) get one SMS in their own
//! language, resolving it tells the same people; other roles are refused, bad input changes
//! nothing, and the page still renders with the database down. On SQLite and PostgreSQL.

use crate::accounts::{Browser, app_with_accounts, direct_session};
use crate::helpers::{TestApp, all_dbs, connect, sqlite_db};
use crate::outbox::pay_by_paybill;
use crate::payments::{applied, submit_passport};
use app::accounts::identity::DocumentKind;
use app::accounts::ports::AccountKey;
use app::i18n::Lang;
use app::notifications::outbox::NoticeKind;
use serde_json::{Value, json};

const OPEN: &str = "/api/staff/incidents/open";
const RESOLVE: &str = "/api/staff/incidents/resolve";

async fn account_id(app: &TestApp, id_number: &str) -> i64 {
    app.store.find_account(AccountKey::Document(DocumentKind::NationalId, id_number)).await.unwrap().unwrap().id
}

/// A browser signed in as the demo account with `id_number`.
async fn browser<'a>(app: &'a TestApp, id_number: &str) -> Browser<'a> {
    Browser { app, session: Some(direct_session(app, id_number).await) }
}

/// The one-time token of the incident form on `/staff/incidents`.
async fn form_token(admin: &mut Browser<'_>) -> String {
    let (status, html) = admin.page("/staff/incidents").await;
    assert_eq!(status, 200, "{html}");
    let after = html.split(r#"name="form_token" value=""#).nth(1).expect("the form carries a token");
    after.split('"').next().unwrap().to_string()
}

fn incident_fields<'a>(token: &'a str, component: &'a str, severity: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("component", component),
        ("severity", severity),
        ("title_en", "M-Pesa payments are failing"),
        ("title_sw", "Malipo ya M-Pesa yanashindikana"),
        ("message_en", "Safaricom is fixing a fault. Your bill is safe; pay later."),
        ("message_sw", "Safaricom wanarekebisha hitilafu. Ankara yako iko salama; lipa baadaye."),
        ("form_token", token),
    ]
}

/// Messages of `kind` queued or sent to `citizen`.
async fn notices(app: &TestApp, citizen: i64, kind: NoticeKind) -> Vec<app::notifications::ports::NoticeRecord> {
    app.store.notices_of(citizen, 100).await.unwrap().into_iter().filter(|n| n.kind == kind).collect()
}

/// Every incident the store holds (open, and resolved in the last year).
async fn incidents(app: &TestApp) -> Vec<app::status::model::Incident> {
    use app::clock::Clock;
    app.store.incidents_since(app.clock.now() - 365 * 86_400).await.unwrap()
}

/// Sends what the outbox holds through the simulated SMS provider.
async fn send_all(app: &TestApp) {
    for _ in 0..5 {
        app::notifications::service::deliver_due(&app.state).await.unwrap();
    }
}

fn component<'a>(body: &'a Value, name: &str) -> &'a str {
    body["components"].as_array().unwrap().iter().find(|c| c["component"] == name).unwrap()["status"].as_str().unwrap()
}

#[tokio::test]
async fn an_incident_is_shown_told_to_people_with_a_bill_and_resolved() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        // Citizen A has a bill to pay and reads Kiswahili; citizen B has paid theirs.
        let (_a, _reference, _bill) = applied(&app).await;
        let a = account_id(&app, "10000001").await;
        app.store.set_language(a, Lang::Sw).await.unwrap();
        let mut b_browser = browser(&app, "10000002").await;
        let (_, b_bill) = submit_passport(&app, &mut b_browser, "Otieno Ouma").await;
        pay_by_paybill(&app, &b_bill, "TST4INC001", 1).await;
        let b = account_id(&app, "10000002").await;

        let (_, html) = app.get_text("/status").await;
        assert!(html.contains(r#"data-component="payments" data-health="operational""#), "{backend}: {html}");
        assert!(html.contains("There are no incidents now."), "{backend}");

        let mut admin = browser(&app, "10000008").await;
        let token = form_token(&mut admin).await;
        let r = admin.form("/staff/incidents", OPEN, &incident_fields(&token, "payments", "major")).await;
        assert!(r.location.starts_with("/staff/incidents?posted="), "{backend}: {r:?} {:?}", r.error());
        let id: i64 = r.location.rsplit('=').next().unwrap().parse().unwrap();
        let (_, page) = admin.page(&r.location).await;
        assert!(page.contains(&format!("Incident {id} is posted.")), "{backend}");

        // Shown on the page (in both languages) and in the API.
        let (status, html) = app.get_text("/status").await;
        assert_eq!(status, 200);
        assert!(html.contains("M-Pesa payments are failing"), "{backend}");
        assert!(html.contains(r#"data-component="payments" data-health="down""#), "{backend}: a major incident");
        assert!(html.contains(&format!(r#"id="incident-{id}""#)), "{backend}");
        let (_, html) = app.get_text("/status?lang=sw").await;
        assert!(html.contains("Malipo ya M-Pesa yanashindikana") && html.contains("Matukio ya sasa"), "{backend}");
        let (status, body) = app.get_json("/v1/status").await;
        assert_eq!(status, 200);
        assert_eq!(
            (body["status"].as_str(), component(&body, "payments")),
            (Some("down"), "down"),
            "{backend}: {body}"
        );
        assert_eq!(body["incidents_available"], true);
        assert_eq!(body["incidents"][0]["id"], id);
        assert_eq!(
            body["incidents"][0]["title"],
            json!({"en": "M-Pesa payments are failing", "sw": "Malipo ya M-Pesa yanashindikana"})
        );
        assert_eq!(body["incidents"][0]["resolved_at"], Value::Null);

        // Exactly one message, to the citizen with a bill to pay, in her language.
        assert_eq!(notices(&app, a, NoticeKind::IncidentOpened).await.len(), 1, "{backend}");
        assert!(notices(&app, b, NoticeKind::IncidentOpened).await.is_empty(), "{backend}: B has nothing to pay");
        let admin_id = account_id(&app, "10000008").await;
        assert!(notices(&app, admin_id, NoticeKind::IncidentOpened).await.is_empty());
        send_all(&app).await;
        let sent = notices(&app, a, NoticeKind::IncidentOpened).await;
        let text = sent[0].body.clone().unwrap_or_else(|| panic!("{backend}: not sent: {:?}", sent[0]));
        assert_eq!(
            text,
            "Mlango: Malipo ya M-Pesa yanashindikana. Ankara yako iko salama. Malipo yakishindikana, jaribu tena baadaye; tutakutumia SMS likirekebishwa.",
            "{backend}"
        );

        // The same form sent again (a double click, the back button) posts nothing more.
        let r = admin.form("/staff/incidents", OPEN, &incident_fields(&token, "payments", "major")).await;
        assert_eq!(r.error(), Some(json!({"Problem": {"problem": "incident_already_posted"}})), "{backend}: {r:?}");
        assert_eq!(incidents(&app).await.len(), 1, "{backend}");
        assert_eq!(notices(&app, a, NoticeKind::IncidentOpened).await.len(), 1, "{backend}");

        // An SMS incident tells nobody (the message would wait in the broken queue).
        let token2 = form_token(&mut admin).await;
        let r = admin.form("/staff/incidents", OPEN, &incident_fields(&token2, "sms", "major")).await;
        assert!(r.location.starts_with("/staff/incidents?posted="), "{backend}: {r:?}");
        let sms_id: i64 = r.location.rsplit('=').next().unwrap().parse().unwrap();
        assert_eq!(notices(&app, a, NoticeKind::IncidentOpened).await.len(), 1, "{backend}");

        // Resolving tells the same people, once; a second resolve changes nothing.
        let r = admin.form("/staff/incidents", RESOLVE, &[("incident_id", &id.to_string())]).await;
        assert_eq!(r.location, format!("/staff/incidents?resolved={id}"), "{backend}: {:?}", r.error());
        let r = admin.form("/staff/incidents", RESOLVE, &[("incident_id", &id.to_string())]).await;
        assert_eq!(r.error(), Some(json!({"Problem": {"problem": "incident_resolved"}})), "{backend}");
        assert_eq!(notices(&app, a, NoticeKind::IncidentResolved).await.len(), 1, "{backend}");
        assert!(notices(&app, b, NoticeKind::IncidentResolved).await.is_empty(), "{backend}");
        send_all(&app).await;
        let sent = notices(&app, a, NoticeKind::IncidentResolved).await;
        assert_eq!(
            sent[0].body.as_deref(),
            Some(
                "Mlango: Limerekebishwa: Malipo ya M-Pesa yanashindikana. Unaweza kulipa ankara yako kama kawaida. Asante kwa uvumilivu."
            ),
            "{backend}"
        );
        let r = admin.form("/staff/incidents", RESOLVE, &[("incident_id", &sms_id.to_string())]).await;
        assert!(r.error().is_none(), "{backend}: {r:?}");
        assert!(notices(&app, a, NoticeKind::IncidentResolved).await.len() == 1, "{backend}: nobody was told of it");

        // Resolved ones are listed for 14 days, then drop off.
        let (_, html) = app.get_text("/status").await;
        assert!(html.contains(r#"data-component="payments" data-health="operational""#), "{backend}");
        let resolved = html.split(r#"id="resolved-incidents""#).nth(1).expect("a resolved section");
        assert!(resolved.contains(&format!(r#"id="incident-{id}""#)), "{backend}");
        let (_, body) = app.get_json("/v1/status").await;
        assert!(body["incidents"][0]["resolved_at"].is_i64(), "{backend}: {body}");
        app.clock.advance(15 * 86_400);
        let (_, body) = app.get_json("/v1/status").await;
        assert_eq!(body["incidents"], json!([]), "{backend}");
    }
}

#[tokio::test]
async fn only_platform_admins_may_post_or_resolve_and_bad_input_changes_nothing() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let (_a, _reference, _bill) = applied(&app).await;
        let a = account_id(&app, "10000001").await;
        let mut admin = browser(&app, "10000008").await;
        let token = form_token(&mut admin).await;

        // Other roles and anonymous callers are refused, and the page is not theirs either.
        for (who, id_number) in
            [("citizen", "10000001"), ("officer", "10000004"), ("finance", "10000006"), ("agent", "10000003")]
        {
            let mut b = browser(&app, id_number).await;
            let (status, _, body) = b.api(OPEN, &incident_fields(&token, "payments", "major")).await;
            assert_eq!((status, body.as_str()), (403, "\"Forbidden\""), "{backend}: {who}");
            let (status, _, _) = b.api(RESOLVE, &[("incident_id", "1")]).await;
            assert_eq!(status, 403, "{backend}: {who}");
            assert_eq!(b.page("/staff/incidents").await.0, 403, "{backend}: {who}");
        }
        let mut anonymous = Browser::new(&app);
        let (status, _, _) = anonymous.api(OPEN, &incident_fields(&token, "payments", "major")).await;
        assert_eq!(status, 401, "{backend}");
        assert!(incidents(&app).await.is_empty(), "{backend}");

        // Each mistake is named, and nothing is posted or queued.
        let long_message = "x".repeat(601);
        let long_title = "y".repeat(61);
        let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
            (vec![("component", "email")], "incident_component_unknown"),
            (vec![("severity", "catastrophic")], "incident_severity_unknown"),
            (vec![("title_en", "  ")], "incident_title_invalid"),
            (vec![("title_sw", "")], "incident_title_invalid"),
            (vec![("title_en", &long_title)], "incident_title_invalid"),
            (vec![("title_en", "Payments “down” 🙁")], "incident_title_invalid"),
            (vec![("message_sw", &long_message)], "incident_message_invalid"),
            (vec![("message_en", "")], "incident_message_invalid"),
        ];
        for (changes, problem) in cases {
            let mut fields = incident_fields(&token, "payments", "major");
            for (k, v) in &changes {
                fields.iter_mut().find(|(name, _)| name == k).unwrap().1 = *v;
            }
            let r = admin.form("/staff/incidents", OPEN, &fields).await;
            assert_eq!(r.error(), Some(json!({"Problem": {"problem": problem}})), "{backend}: {changes:?} {r:?}");
            // As an API client: the right status code.
            let (status, _, _) = admin.api(OPEN, &fields).await;
            assert_eq!(status, 400, "{backend}: {changes:?}");
        }
        let r = admin.form("/staff/incidents", RESOLVE, &[("incident_id", "999999")]).await;
        assert_eq!(r.error(), Some(json!({"Problem": {"problem": "incident_unknown"}})), "{backend}");
        let r = admin.form("/staff/incidents", RESOLVE, &[("incident_id", "not-a-number")]).await;
        assert_eq!(r.error(), Some(json!({"Problem": {"problem": "incident_unknown"}})), "{backend}");
        assert!(incidents(&app).await.is_empty(), "{backend}");
        assert!(notices(&app, a, NoticeKind::IncidentOpened).await.is_empty(), "{backend}");

        // The token was not used up by the refusals: the corrected form posts.
        let r = admin.form("/staff/incidents", OPEN, &incident_fields(&token, "payments", "minor")).await;
        assert!(r.location.starts_with("/staff/incidents?posted="), "{backend}: {r:?} {:?}", r.error());
        assert_eq!(incidents(&app).await.len(), 1);
    }
}

#[tokio::test]
async fn provider_health_follows_recent_calls_on_the_app_clock() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let (_, body) = app.get_json("/v1/status").await;
    assert_eq!((component(&body, "payments"), component(&body, "sms")), ("operational", "operational"), "{body}");
    assert_eq!(component(&body, "database"), "operational");

    app::status::record_payments(&app.state, false);
    let (_, body) = app.get_json("/v1/status").await;
    assert_eq!(component(&body, "payments"), "degraded", "one failure: some problems");
    app::status::record_payments(&app.state, false);
    app::status::record_payments(&app.state, false);
    app::status::record_sms(&app.state, true);
    let (_, body) = app.get_json("/v1/status").await;
    assert_eq!((component(&body, "payments"), component(&body, "sms")), ("down", "operational"));
    assert_eq!(body["status"], "down");
    let (_, html) = app.get_text("/status").await;
    assert!(html.contains(r#"data-component="payments" data-health="down""#) && html.contains("Not working"));

    // Old failures say nothing about now: with no calls since, it is not shown as down.
    app.clock.advance(16 * 60);
    let (_, body) = app.get_json("/v1/status").await;
    assert_eq!(component(&body, "payments"), "operational");
}

#[tokio::test]
async fn the_status_page_renders_with_the_database_down() {
    use crate::degraded::Flaky;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let db = sqlite_db();
    let inner = connect(&db).await;
    inner.import_catalogue(&crate::helpers::fixture()).await.unwrap();
    let store = Arc::new(Flaky {
        data: crate::helpers::fixture(),
        down: AtomicBool::new(false),
        inner,
        clashes: Default::default(),
    });
    let app = TestApp::spawn(store.clone(), Some(db)).await;
    store.down.store(true, Ordering::SeqCst);

    let (status, html) = app.get_text("/status").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains(r#"data-component="database" data-health="down""#), "{html}");
    assert!(html.contains(r#"data-component="payments" data-health="operational""#));
    assert!(html.contains("We cannot load the list of incidents right now."));
    assert!(!html.contains("connection refused"));
    let (status, html) = app.get_text("/status?lang=sw").await;
    assert_eq!(status, 200);
    assert!(html.contains("Hatuwezi kupakia orodha ya matukio sasa hivi."));

    let (status, body) = app.get_json("/v1/status").await;
    assert_eq!(status, 200);
    assert_eq!((body["status"].as_str(), component(&body, "database")), (Some("down"), "down"), "{body}");
    assert_eq!((body["incidents_available"].as_bool(), body["incidents"].clone()), (Some(false), json!([])));
}

#[tokio::test]
async fn the_status_endpoint_is_in_the_openapi_document_and_linked_from_every_page() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let (_, doc) = app.get_json("/v1/openapi.json").await;
    assert!(doc["paths"]["/v1/status"]["get"].is_object(), "{}", doc["paths"]);
    assert!(doc["components"]["schemas"]["StatusDto"].is_object());
    for path in ["/", "/agencies", "/login"] {
        let (_, html) = app.get_text(path).await;
        assert!(html.contains(r#"<a href="/status">Service status</a>"#), "{path}");
    }
}
