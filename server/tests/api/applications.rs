//! Applying over HTTP: drafts, submission priced from the stored service, invoices, the
//! charter clock for free services, withdrawal, and tampering refused.

use crate::accounts::{Browser, app_with_accounts, sign_in};
use crate::helpers::{all_dbs, connect, sqlite_db};
use app::applications::calendar::{Date, add_working_days};
use app::applications::state::State;
use app::clock::Clock;

/// Submits the free driving-test booking as `browser` (queued at once, no bill); returns its reference.
pub(crate) async fn submit_free(browser: &mut Browser<'_>) -> String {
    let (status, _, body) = browser
        .api(
            "/api/applications/save",
            &[("service", "ntsa-driving-test-booking"), ("answers[full_name]", "Wanjiku Kamau"), ("submit", "yes")],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    body.trim_matches('"').trim_start_matches("/applications/").to_string()
}

#[tokio::test]
async fn a_paid_service_is_priced_from_the_catalogue_and_invoiced_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let mut a = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
        let r = a
            .apply(
                &[
                    ("service", "immigration-passport-ordinary"),
                    ("variant", "48-pages"),
                    ("answers[full_name]", "  Wanjiku Kamau "),
                    ("submit", "yes"),
                ],
                &[("passport_photo", "photo.jpg", crate::helpers::photo())],
            )
            .await;
        assert!(r.location.starts_with("/applications/APP-"), "{backend}: {r:?} {:?}", r.error());
        let reference = r.location.trim_start_matches("/applications/").to_string();
        let stored = app.store.application(&reference).await.unwrap().unwrap();
        assert_eq!(stored.state, State::AwaitingPayment, "{backend}");
        assert_eq!(stored.answers["full_name"], "Wanjiku Kamau", "{backend}: answers are normalised");
        assert_eq!(stored.amount_minor, Some(605_000), "{backend}: the 48-page fee from the catalogue");
        assert!(stored.snapshot_hash.as_deref().is_some_and(|h| h.len() == 64));
        let invoice = app.store.invoice_of(stored.id).await.unwrap().expect("an invoice");
        assert_eq!(invoice.amount_minor, 605_000);
        assert_eq!(invoice.total_minor, invoice.amount_minor + invoice.convenience_minor);
        assert!(invoice.convenience_minor > 0, "{backend}: the gazetted convenience fee is added");
        let events = app.store.events_of_application(stored.id).await.unwrap();
        let kinds: Vec<&str> = events.iter().map(|e| e.event.code()).collect();
        assert_eq!(kinds, ["submit", "invoice_created"], "{backend}");

        // A second submit (double click) changes nothing.
        let (status, _, body) = a
            .api(
                "/api/applications/save",
                &[("service", "immigration-passport-ordinary"), ("reference", &reference), ("submit", "yes")],
            )
            .await;
        assert_eq!(status, 409, "{backend}: {body}");
        assert_eq!(app.store.events_of_application(stored.id).await.unwrap().len(), 2);
    }
}

#[tokio::test]
async fn a_free_service_goes_straight_to_the_agency_with_a_charter_due_date() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let mut a = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
    let reference = submit_free(&mut a).await;
    let stored = app.store.application(&reference).await.unwrap().unwrap();
    assert_eq!(stored.state, State::Queued);
    let today = Date::from_unix_eat(app.clock.now());
    assert_eq!(stored.due_date, Some(add_working_days(today, 10, &[]).iso()), "10 working days from today");
    assert!(app.store.invoice_of(stored.id).await.unwrap().is_none());
}

#[tokio::test]
async fn tampering_is_refused_and_changes_nothing() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let mut a = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
    // A variant the service does not offer.
    let (status, _, body) =
        a.api("/api/applications/save", &[("service", "immigration-passport-ordinary"), ("variant", "96-pages")]).await;
    assert_eq!((status, body.as_str()), (400, r#"{"Problem":{"problem":"variant_unknown"}}"#));
    // A field the form does not have (an amount, say) and a missing required answer.
    let (status, _, body) = a
        .api(
            "/api/applications/save",
            &[("service", "ntsa-driving-licence-renewal"), ("answers[amount]", "1"), ("submit", "yes")],
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("unknown_field") && body.contains("required"), "{body}");
    // An unknown service.
    let (status, _, _) = a.api("/api/applications/save", &[("service", "no-such-service")]).await;
    assert_eq!(status, 404);
    // Nothing was submitted; the refused submission stays a draft the citizen can fix.
    let mine = app.store.applications_of(1).await.unwrap();
    assert!(mine.iter().all(|x| x.state == State::Draft), "{mine:?}");

    // Another citizen can neither see, change nor withdraw it.
    let reference = mine[0].reference.clone();
    let mut b = sign_in(&app, "10000002", "Harambee-Demo-2026", "0712000002").await;
    let (status, _, _) = b.api("/api/applications/withdraw", &[("reference", &reference)]).await;
    assert_eq!(status, 404);
    let (status, _, _) = b
        .api(
            "/api/applications/save",
            &[("service", "ntsa-driving-licence-renewal"), ("reference", &reference), ("answers[full_name]", "X Y")],
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(app.store.application(&reference).await.unwrap().unwrap().version, 0, "unchanged");
}

#[tokio::test]
async fn drafts_resume_and_can_be_withdrawn_until_a_decision() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let mut phone = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
    let r = phone
        .form(
            "/services/ntsa-driving-licence-renewal",
            "/api/applications/save",
            &[("service", "ntsa-driving-licence-renewal")],
        )
        .await;
    let reference = r.location.trim_start_matches("/applications/").to_string();
    // On another device: carry on with the same draft and submit it.
    let mut laptop: Browser = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
    let r = laptop
        .form(
            "/applications",
            "/api/applications/save",
            &[
                ("service", "ntsa-driving-licence-renewal"),
                ("reference", &reference),
                ("answers[full_name]", "Wanjiku Kamau"),
                ("submit", "yes"),
            ],
        )
        .await;
    assert_eq!(r.location, format!("/applications/{reference}"), "{:?}", r.error());
    assert_eq!(app.store.application(&reference).await.unwrap().unwrap().state, State::AwaitingPayment);
    let r = phone.form("/applications", "/api/applications/withdraw", &[("reference", &reference)]).await;
    assert_eq!(r.location, format!("/applications/{reference}"));
    assert_eq!(app.store.application(&reference).await.unwrap().unwrap().state, State::Withdrawn);
    let r = phone.form("/applications", "/api/applications/withdraw", &[("reference", &reference)]).await;
    assert_eq!(r.error(), Some(serde_json::json!({"Problem": {"problem": "application_locked"}})));
}

#[tokio::test]
async fn the_pages_walk_a_citizen_through_applying_without_javascript() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let (status, html) = app.get_text("/services/immigration-passport-ordinary/apply").await;
    assert_eq!(status, 401);
    assert!(html.contains("/login?next=/services/immigration-passport-ordinary/apply"));
    let (_, html) = app.get_text("/services/immigration-passport-ordinary").await;
    assert!(
        html.contains("href=\"/services/immigration-passport-ordinary/apply\""),
        "the service page links to the form"
    );

    let mut a = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
    let (status, html) = a.page("/services/immigration-passport-ordinary/apply").await;
    assert_eq!(status, 200);
    assert!(html.contains("name=\"answers[full_name]\"") && html.contains("value=\"48-pages\""), "fields and options");
    assert!(
        html.contains("enctype=\"multipart/form-data\"")
            && html.contains("name=\"documents[passport_photo]\"")
            && html.contains("JPEG or PNG, up to 2 MB."),
        "one form carries answers and documents, with the limits said"
    );
    // Submitting with a missing answer and no photo comes back to the saved draft, each
    // problem next to its field.
    let r =
        a.apply(&[("service", "immigration-passport-ordinary"), ("variant", "64-pages"), ("submit", "yes")], &[]).await;
    assert!(r.location.starts_with("/services/immigration-passport-ordinary/apply?reference=APP-"), "{r:?}");
    let (status, html) = a.page(&r.location).await;
    assert_eq!(status, 200);
    assert!(html.contains("Answer this question."), "the field's problem is shown");
    assert!(html.contains("Upload this document."), "the missing photo is named");
    assert!(html.contains("value=\"64-pages\" checked"), "the chosen option is kept");
    let reference = r.location.split("reference=").nth(1).unwrap().split('&').next().unwrap().to_string();
    // The photo alone is kept with the draft, and the form says so.
    let r = a
        .apply(
            &[("service", "immigration-passport-ordinary"), ("reference", &reference), ("variant", "64-pages")],
            &[("passport_photo", "C:\\fakepath\\wanjiku.jpg", crate::helpers::photo())],
        )
        .await;
    assert_eq!(r.location, format!("/applications/{reference}"), "{:?}", r.error());
    let (_, html) = a.page(&format!("/services/immigration-passport-ordinary/apply?reference={reference}")).await;
    assert!(html.contains("Uploaded: wanjiku.jpg (2 KB)."), "{html}");
    let r = a
        .apply(
            &[
                ("service", "immigration-passport-ordinary"),
                ("reference", &reference),
                ("variant", "64-pages"),
                ("answers[full_name]", "Wanjiku Kamau"),
                ("submit", "yes"),
            ],
            &[],
        )
        .await;
    assert_eq!(r.location, format!("/applications/{reference}"), "{:?}", r.error());
    let (_, html) = a.page(&r.location).await;
    assert!(
        html.contains("Waiting for payment") && html.contains("KSh 7,550") && html.contains("Pay with M-Pesa"),
        "{html}"
    );
    assert!(
        html.contains(&format!("href=\"/applications/{reference}/uploads/passport_photo\"")),
        "the photo is listed"
    );
    let (_, html) = a.page("/applications").await;
    assert!(html.contains(&reference) && html.contains("Ordinary passport"));
    let mut b = sign_in(&app, "10000002", "Harambee-Demo-2026", "0712000002").await;
    assert_eq!(b.page(&format!("/applications/{reference}")).await.0, 404, "not another citizen's");
}

#[tokio::test]
async fn officers_decide_only_their_own_agencys_applications_and_the_citizen_sees_it() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let mut citizen = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
    let reference = submit_free(&mut citizen).await;
    let decide = [("reference", reference.as_str()), ("action", "start_review")];

    // Immigration's officer may not touch an NTSA application.
    let mut immigration = sign_in(&app, "10000004", "Harambee-Demo-2026", "0712000004").await;
    let (status, _, body) = immigration.api("/api/staff/applications/decide", &decide).await;
    assert_eq!((status, body.as_str()), (403, "\"Forbidden\""));
    assert_eq!(immigration.page(&format!("/staff/applications/{reference}")).await.0, 403);
    // Nor may the citizen decide their own.
    assert_eq!(citizen.api("/api/staff/applications/decide", &decide).await.0, 403);
    assert_eq!(app.store.application(&reference).await.unwrap().unwrap().state, State::Queued);

    let mut ntsa = sign_in(&app, "10000007", "Harambee-Demo-2026", "0712000007").await;
    let (_, html) = ntsa.page("/staff/applications").await;
    assert!(html.contains(&reference), "the agency's queue lists it");
    let r = ntsa.form("/staff/applications", "/api/staff/applications/decide", &decide).await;
    assert_eq!(r.location, format!("/staff/applications/{reference}"), "{:?}", r.error());
    let ask = [("reference", reference.as_str()), ("action", "request_info")];
    let (status, _, body) = ntsa.api("/api/staff/applications/decide", &ask).await;
    assert_eq!((status, body.as_str()), (400, r#"{"Problem":{"problem":"note_missing"}}"#));
    let ask =
        [("reference", reference.as_str()), ("action", "request_info"), ("note", "Which test centre do you prefer?")];
    assert_eq!(ntsa.api("/api/staff/applications/decide", &ask).await.0, 200);

    let (_, html) = citizen.page(&format!("/applications/{reference}")).await;
    assert!(html.contains("Which test centre do you prefer?"), "the citizen reads the request");
    let r = citizen
        .form(
            &format!("/applications/{reference}"),
            "/api/applications/answer",
            &[("reference", &reference), ("note", "Likamani, please")],
        )
        .await;
    assert_eq!(r.location, format!("/applications/{reference}"), "{:?}", r.error());

    ntsa.api("/api/staff/applications/decide", &decide).await;
    // Two officers decide at the same moment: exactly one decision is recorded.
    let approve = [("reference", reference.as_str()), ("action", "approve")];
    let reject = [("reference", reference.as_str()), ("action", "reject"), ("note", "Not eligible")];
    let mut ntsa2 = sign_in(&app, "10000007", "Harambee-Demo-2026", "0712000007").await;
    let (one, two) = tokio::join!(
        ntsa.api("/api/staff/applications/decide", &approve),
        ntsa2.api("/api/staff/applications/decide", &reject)
    );
    let mut statuses = [one.0, two.0];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{one:?} {two:?}");
    let stored = app.store.application(&reference).await.unwrap().unwrap();
    assert!(matches!(stored.state, State::Approved | State::Rejected));
    let events = app.store.events_of_application(stored.id).await.unwrap();
    let decisions = events.iter().filter(|e| matches!(e.to, State::Approved | State::Rejected)).count();
    assert_eq!(decisions, 1, "one decision in the history");

    let (_, html) = citizen.page("/account/privacy").await;
    assert!(html.contains(&format!("Application {reference} opened")), "the officer's reads are shown to the citizen");
}

#[tokio::test]
async fn an_approved_application_yields_exactly_the_document_applied_for_and_it_verifies() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let mut citizen = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
    let reference = submit_free(&mut citizen).await;
    let mut ntsa = sign_in(&app, "10000007", "Harambee-Demo-2026", "0712000007").await;
    // Issuing before approval is impossible.
    let issue = [("reference", reference.as_str()), ("action", "issue")];
    assert_eq!(ntsa.api("/api/staff/applications/decide", &issue).await.0, 409);
    for action in ["start_review", "approve", "issue"] {
        let (status, _, body) =
            ntsa.api("/api/staff/applications/decide", &[("reference", reference.as_str()), ("action", action)]).await;
        assert_eq!(status, 200, "{action}: {body}");
    }
    let stored = app.store.application(&reference).await.unwrap().unwrap();
    assert_eq!(stored.state, State::Issued);
    let doc = app.store.document_of_application(stored.id).await.unwrap().expect("a document");
    let holder = mlango::gateways::demo_person(app::accounts::identity::DocumentKind::NationalId, "10000001").unwrap();
    assert_eq!(doc.holder_name, holder.full_name());
    assert_eq!((doc.service_code.as_str(), doc.variant_code.as_str()), ("ntsa-driving-test-booking", "standard"));
    assert_eq!(Some(doc.snapshot_hash.clone()), stored.snapshot_hash);

    // The citizen downloads the PDF; its QR link verifies publicly.
    let (_, html) = citizen.page(&format!("/applications/{reference}")).await;
    assert!(html.contains(&doc.number) && html.contains("document.pdf"));
    let resp = app
        .client
        .get(format!("{}/applications/{reference}/document.pdf", app.address))
        .header("Cookie", format!("__Host-mlango_session={}", citizen.session.clone().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["content-type"], "application/pdf");
    let pdf = resp.bytes().await.unwrap();
    let text = String::from_utf8_lossy(&pdf);
    assert!(
        pdf.starts_with(b"%PDF-")
            && text.contains(&doc.number)
            && text.contains(&format!("/v1/documents/{}", doc.number))
    );
    let (status, json) = app.get_json(&format!("/v1/documents/{}", doc.number)).await;
    assert_eq!(status, 200);
    assert_eq!(json["valid"], true);
    assert_eq!(json["fingerprint"], doc.snapshot_hash);
    assert!(!json.to_string().contains(&holder.other_names), "the public check shortens the name: {json}");
    assert_eq!(app.get_json("/v1/documents/DOC-FORGED").await.0, 404);
    // Nobody else downloads it.
    let mut other = sign_in(&app, "10000002", "Harambee-Demo-2026", "0712000002").await;
    let resp = app
        .client
        .get(format!("{}/applications/{reference}/document.pdf", app.address))
        .header("Cookie", format!("__Host-mlango_session={}", other.session.clone().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 404);
    assert_eq!(other.page("/").await.0, 200);
}
