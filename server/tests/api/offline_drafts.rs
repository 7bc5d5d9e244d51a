//! Drafts kept on the phone (issue 8): the apply form's `client_id` makes saving a new draft
//! idempotent per citizen, over both save paths (the multipart form post and the `applications/save`
//! server function); bad ids are refused with nothing changed. Also the pages the service worker
//! relies on: /offline in both languages, and personal pages marked private so it never keeps them.

use crate::accounts::{Browser, app_with_accounts, sign_in};
use crate::helpers::{TestApp, all_dbs, connect, sqlite_db};
use app::applications::ports::Application;
use app::applications::state::State;
use reqwest::header::{CACHE_CONTROL, COOKIE};

const SERVICE: &str = "ntsa-driving-licence-renewal";
/// A UUID, as the phone's browser makes them.
const PHONE_ID: &str = "3f2b8c1e-9d4a-4e7b-a1c2-5e6f7a8b9c0d";

/// Saves a draft through the multipart form post as an API client (as public/drafts.js sends a
/// kept draft); returns the status and the reference (or the error body).
async fn save(b: &mut Browser<'_>, client_id: &str, name: &str) -> (u16, String) {
    let (status, body) =
        b.apply_api(&[("service", SERVICE), ("client_id", client_id), ("answers[full_name]", name)], &[]).await;
    (status, body.trim_matches('"').trim_start_matches("/applications/").to_string())
}

async fn drafts_of(app: &TestApp, citizen_id: i64) -> Vec<Application> {
    app.store.applications_of(citizen_id).await.expect("applications")
}

#[tokio::test]
async fn the_same_client_id_twice_is_one_draft_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let mut a = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;

        let (status, reference) = save(&mut a, PHONE_ID, "Wanjiku Kamau").await;
        assert_eq!(status, 200, "{backend}: {reference}");
        let first = app.store.application(&reference).await.unwrap().expect("the draft");
        assert_eq!((first.state, first.answers["full_name"].as_str()), (State::Draft, "Wanjiku Kamau"), "{backend}");
        let me = first.citizen_id;

        // The phone sends it again (its first answer was lost), with what was typed since: the
        // same draft, updated.
        let (status, again) = save(&mut a, PHONE_ID, "Wanjiku W. Kamau").await;
        assert_eq!((status, again.as_str()), (200, reference.as_str()), "{backend}");
        // And once more through the server function (a form posted without the multipart handler).
        let (status, _, body) = a
            .api(
                "/api/applications/save",
                &[("service", SERVICE), ("client_id", PHONE_ID), ("answers[full_name]", "Wanjiku Wairimu Kamau")],
            )
            .await;
        assert_eq!(status, 200, "{backend}: {body}");
        assert!(body.contains(&reference), "{backend}: {body}");
        // The same from a plain form post (no JavaScript): redirected to the one draft.
        let r =
            a.apply(&[("service", SERVICE), ("client_id", PHONE_ID), ("answers[full_name]", "W. Kamau")], &[]).await;
        assert_eq!(r.location, format!("/applications/{reference}"), "{backend}: {r:?} {:?}", r.error());

        let mine = drafts_of(&app, me).await;
        assert_eq!(mine.len(), 1, "{backend}: one draft for one form, however often it is sent: {mine:?}");
        assert_eq!(mine[0].answers["full_name"], "W. Kamau", "{backend}: the last send's answers");
        assert_eq!(mine[0].version, first.version + 3, "{backend}: updated three times");

        // Another form (another id), and a form without one, are other drafts.
        let (status, other) = save(&mut a, "c0ffee00-0000-4000-8000-000000000001", "Wanjiku Kamau").await;
        assert_eq!(status, 200, "{backend}");
        assert_ne!(other, reference, "{backend}");
        let (status, _) = a.apply_api(&[("service", SERVICE), ("answers[full_name]", "Wanjiku Kamau")], &[]).await;
        assert_eq!(status, 200, "{backend}");
        assert_eq!(drafts_of(&app, me).await.len(), 3, "{backend}");
    }
}

#[tokio::test]
async fn another_citizens_client_id_space_is_separate_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let mut a = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
        let mut b = sign_in(&app, "10000002", "Harambee-Demo-2026", "0712000002").await;
        let (_, theirs) = save(&mut a, PHONE_ID, "Wanjiku Kamau").await;
        let before = app.store.application(&theirs).await.unwrap().expect("A's draft");

        // B's phone made the same id (or B copied it from A's page): B gets a draft of B's own,
        // and A's is untouched.
        let (status, mine) = save(&mut b, PHONE_ID, "Otieno Ouma").await;
        assert_eq!(status, 200, "{backend}: {mine}");
        assert_ne!(mine, theirs, "{backend}");
        let mine = app.store.application(&mine).await.unwrap().expect("B's draft");
        assert_ne!(mine.citizen_id, before.citizen_id, "{backend}");
        assert_eq!(mine.answers["full_name"], "Otieno Ouma", "{backend}");
        assert_eq!(app.store.application(&theirs).await.unwrap(), Some(before.clone()), "{backend}: A's unchanged");

        // Sent again by B: still B's one draft; A's still untouched.
        let (_, again) = save(&mut b, PHONE_ID, "Otieno O. Ouma").await;
        assert_eq!(again, mine.reference, "{backend}");
        assert_eq!(drafts_of(&app, mine.citizen_id).await.len(), 1, "{backend}");
        assert_eq!(app.store.application(&theirs).await.unwrap(), Some(before), "{backend}: A's unchanged");
    }
}

#[tokio::test]
async fn a_bad_client_id_is_refused_and_changes_nothing() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let mut a = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
    let refused = r#"{"Problem":{"problem":"client_id_invalid"}}"#;
    let long = "a".repeat(65);
    for bad in
        ["short", long.as_str(), "3f2b8c1e 9d4a 4e7b a1c2 5e6f7a8b9c0d", "3f2b8c1e-9d4a-4e7b-a1c2-5e6f7a8b9c0d';--"]
    {
        let (status, body) = save(&mut a, bad, "Wanjiku Kamau").await;
        assert_eq!((status, body.as_str()), (400, refused), "multipart, {bad:?}");
        let (status, _, body) = a
            .api("/api/applications/save", &[("service", SERVICE), ("client_id", bad), ("answers[full_name]", "X Y")])
            .await;
        assert_eq!((status, body.as_str()), (400, refused), "server function, {bad:?}");
    }
    // A browser is sent back to the form, with the problem to show.
    let r = a.apply(&[("service", SERVICE), ("client_id", "short"), ("answers[full_name]", "X Y")], &[]).await;
    assert!(r.location.starts_with(&format!("/services/{SERVICE}/apply")), "{r:?}");
    assert_eq!(r.error(), Some(serde_json::json!({"Problem": {"problem": "client_id_invalid"}})), "{r:?}");
    // Nothing was created.
    let (_, ok) = save(&mut a, PHONE_ID, "Wanjiku Kamau").await;
    let me = app.store.application(&ok).await.unwrap().expect("a draft").citizen_id;
    assert_eq!(drafts_of(&app, me).await.len(), 1, "only the one good save made a draft");
}

#[tokio::test]
async fn a_client_id_whose_draft_was_submitted_changes_nothing() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let mut a = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
    let (status, _, body) = a
        .api(
            "/api/applications/save",
            &[
                ("service", "ntsa-driving-test-booking"),
                ("client_id", PHONE_ID),
                ("answers[full_name]", "Wanjiku Kamau"),
                ("submit", "yes"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let reference = body.trim_matches('"').trim_start_matches("/applications/").to_string();
    let submitted = app.store.application(&reference).await.unwrap().expect("submitted");
    assert_eq!(submitted.state, State::Queued);
    // The same form sent again (the back button, a stale kept copy): refused, nothing changed,
    // and no second application.
    let (status, _, body) = a
        .api(
            "/api/applications/save",
            &[
                ("service", "ntsa-driving-test-booking"),
                ("client_id", PHONE_ID),
                ("answers[full_name]", "Someone Else"),
            ],
        )
        .await;
    assert_eq!((status, body.as_str()), (409, r#"{"Problem":{"problem":"application_locked"}}"#));
    assert_eq!(app.store.application(&reference).await.unwrap(), Some(submitted.clone()));
    assert_eq!(drafts_of(&app, submitted.citizen_id).await.len(), 1);
    // The same id for another service: refused too.
    let (status, _) = save(&mut a, PHONE_ID, "Wanjiku Kamau").await;
    assert_eq!(status, 409);
    assert_eq!(drafts_of(&app, submitted.citizen_id).await.len(), 1);
}

#[tokio::test]
async fn the_offline_page_speaks_both_languages_and_personal_pages_are_private() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    for (lang, first, second) in [("en", "You are offline", "Huna mtandao"), ("sw", "Huna mtandao", "You are offline")]
    {
        let resp =
            app.client.get(format!("{}/offline", app.address)).header("Accept-Language", lang).send().await.unwrap();
        assert_eq!(resp.status(), 200, "{lang}");
        assert_eq!(resp.headers().get(CACHE_CONTROL), None, "{lang}: anyone's offline page may be kept");
        let html = resp.text().await.unwrap();
        let (h1, h2) = (html.find(&format!("<h1>{first}</h1>")), html.find(second));
        assert!(h1.is_some() && h2 > h1, "{lang}: {html}");
    }

    // Anonymous catalogue pages may be kept by the service worker; pages rendered for someone
    // signed in may not.
    let resp = app.get("/agencies").await;
    assert_eq!(resp.headers().get(CACHE_CONTROL), None);
    let a = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
    for path in ["/agencies", "/account", "/applications", &format!("/services/{SERVICE}/apply")] {
        let resp = app
            .client
            .get(format!("{}{path}", app.address))
            .header(COOKIE, a.cookie_header().expect("signed in"))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "{path}");
        let cache = resp.headers().get(CACHE_CONTROL).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        assert!(cache.contains("private") || cache.contains("no-store"), "{path}: {cache:?}");
    }

    // The apply form carries its own draft id, and the script that keeps drafts on the phone.
    let mut a = a;
    let (_, form) = a.page(&format!("/services/{SERVICE}/apply")).await;
    let id = form
        .split(r#"name="client_id" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a client_id field");
    assert_eq!(app::applications::service::client_id(Some(id)), Ok(Some(id)), "{id}");
    assert!(form.contains(r#"<script src="/drafts.js" defer"#) && form.contains(r#"id="draft-status""#), "{form}");
}
