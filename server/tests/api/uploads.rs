//! Documents uploaded with an application: checked by their bytes against the form's
//! requirement, kept with the draft, required at submission, frozen into the snapshot hash,
//! and downloadable only by the applicant and the agency's officers.

use crate::accounts::{app_with_accounts, sign_in};
use crate::helpers::{all_dbs, connect, photo, sqlite_db};
use app::applications::form::snapshot_hash;
use app::applications::state::State;
use serde_json::json;
use sha2::{Digest, Sha256};

const PASSPORT: &str = "immigration-passport-ordinary";

fn fields(reference: &str, submit: bool) -> Vec<(&str, &str)> {
    let mut f = vec![("service", PASSPORT), ("variant", "48-pages"), ("answers[full_name]", "Wanjiku Kamau")];
    if !reference.is_empty() {
        f.push(("reference", reference));
    }
    if submit {
        f.push(("submit", "yes"));
    }
    f
}

#[tokio::test]
async fn documents_are_checked_by_content_required_at_submission_and_frozen_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let mut a = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;

        // Submitting without the photo keeps the draft and names the missing document.
        let r = a.apply(&fields("", true), &[]).await;
        assert_eq!(
            r.error(),
            Some(json!({"InvalidAnswers": [["passport_photo", {"problem": "no_file"}]]})),
            "{backend}: {r:?}"
        );
        let reference = r.location.split("reference=").nth(1).unwrap().split('&').next().unwrap().to_string();
        let draft = app.store.application(&reference).await.unwrap().unwrap();
        assert_eq!(draft.state, State::Draft, "{backend}");

        // A PDF named like a photo, an empty file and one byte over the limit: each refused
        // with its reason, nothing kept.
        let too_big = [photo(), vec![0u8; 2 * 1024 * 1024]].concat();
        for (bytes, problem) in [
            (b"%PDF-1.7 not a photo".to_vec(), json!({"problem": "file_type", "accepted": ["jpeg", "png"]})),
            (Vec::new(), json!({"problem": "file_empty"})),
            (too_big, json!({"problem": "file_too_large", "max_bytes": 2 * 1024 * 1024})),
        ] {
            let r = a.apply(&fields(&reference, true), &[("passport_photo", "me.jpg", bytes)]).await;
            assert_eq!(r.error(), Some(json!({"InvalidAnswers": [["passport_photo", problem]]})), "{backend}");
        }
        // A document the form does not ask for is refused too.
        let (status, body) = a.apply_api(&fields(&reference, false), &[("smuggled", "x.jpg", photo())]).await;
        assert_eq!((status, body.as_str()), (400, r#"{"InvalidAnswers":[["smuggled",{"problem":"unknown_field"}]]}"#));
        assert!(app.store.uploads_of(draft.id).await.unwrap().is_empty(), "{backend}: nothing kept");
        assert_eq!(app.store.application(&reference).await.unwrap().unwrap().state, State::Draft);

        // A photo is kept with its SHA-256; a second one replaces it; then the submission
        // hashes exactly that photo.
        let first = photo();
        let mut second = photo();
        second.push(7);
        for bytes in [&first, &second] {
            let r = a.apply(&fields(&reference, false), &[("passport_photo", "me.jpg", bytes.clone())]).await;
            assert_eq!(r.location, format!("/applications/{reference}"), "{backend}: {:?}", r.error());
        }
        let uploads = app.store.uploads_of(draft.id).await.unwrap();
        assert_eq!(uploads.len(), 1, "{backend}: replaced, not added");
        let sha = app::accounts::otp::hex(&Sha256::digest(&second));
        assert_eq!((uploads[0].sha256.as_str(), uploads[0].size_bytes), (sha.as_str(), second.len() as i64));
        let r = a.apply(&fields(&reference, true), &[]).await;
        assert_eq!(r.location, format!("/applications/{reference}"), "{backend}: {:?}", r.error());
        let submitted = app.store.application(&reference).await.unwrap().unwrap();
        assert_eq!(submitted.state, State::AwaitingPayment, "{backend}");
        let expected = snapshot_hash(PASSPORT, "48-pages", 605_000, "KES", &submitted.answers, &uploads);
        assert_eq!(
            submitted.snapshot_hash.as_deref(),
            Some(expected.as_str()),
            "{backend}: the photo is in the snapshot"
        );

        // Once submitted, the photo cannot be swapped.
        let (status, body) =
            a.apply_api(&fields(&reference, false), &[("passport_photo", "other.jpg", first.clone())]).await;
        assert_eq!(status, 409, "{backend}: {body}");
        assert_eq!(app.store.uploads_of(draft.id).await.unwrap()[0].sha256, sha, "{backend}: unchanged");

        // The applicant downloads exactly what was uploaded; another citizen cannot.
        let path = format!("/applications/{reference}/uploads/passport_photo");
        let resp = app
            .client
            .get(format!("{}{path}", app.address))
            .header("Cookie", a.cookie_header().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "{backend}");
        assert_eq!(resp.headers()["content-type"], "image/jpeg");
        assert_eq!(resp.headers()["content-disposition"], "attachment; filename=\"me.jpg\"");
        assert_eq!(resp.bytes().await.unwrap().to_vec(), second, "{backend}");
        let mut b = sign_in(&app, "10000002", "Harambee-Demo-2026", "0712000002").await;
        let resp = app
            .client
            .get(format!("{}{path}", app.address))
            .header("Cookie", b.cookie_header().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 404, "{backend}: not another citizen's");
        assert_eq!(b.page(&path).await.0, 404);
        assert_eq!(app.client.get(format!("{}{path}", app.address)).send().await.unwrap().status(), 401);
    }
}

#[tokio::test]
async fn officers_see_their_agencys_documents_and_the_citizen_sees_who_did() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let mut citizen = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
    let (reference, _) = crate::payments::submit_passport(&app, &mut citizen, "Wanjiku Kamau").await;
    let path = format!("/applications/{reference}/uploads/passport_photo");

    let ntsa = sign_in(&app, "10000007", "Harambee-Demo-2026", "0712000007").await;
    let resp = app
        .client
        .get(format!("{}{path}", app.address))
        .header("Cookie", ntsa.cookie_header().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403, "another agency's officer");

    let mut immigration = sign_in(&app, "10000004", "Harambee-Demo-2026", "0712000004").await;
    let (status, html) = immigration.page(&format!("/staff/applications/{reference}")).await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("href=\"{path}\"")), "the officer's page lists the photo");
    let resp = app
        .client
        .get(format!("{}{path}", app.address))
        .header("Cookie", immigration.cookie_header().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.bytes().await.unwrap().to_vec(), photo());

    let (_, html) = citizen.page("/account/privacy").await;
    assert!(
        html.contains(&format!("Application {reference} document passport_photo downloaded")),
        "the officer's download is shown to the citizen"
    );
}

#[tokio::test]
async fn the_server_fn_cannot_submit_around_the_documents_and_bodies_are_capped() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let mut a = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
    // The plain server function saves answers but submits only with the documents there.
    let (status, _, body) = a
        .api(
            "/api/applications/save",
            &[
                ("service", PASSPORT),
                ("variant", "48-pages"),
                ("answers[full_name]", "Wanjiku Kamau"),
                ("submit", "yes"),
            ],
        )
        .await;
    assert_eq!((status, body.as_str()), (400, r#"{"InvalidAnswers":[["passport_photo",{"problem":"no_file"}]]}"#));

    // Other posts keep the 1 MB cap; the apply form takes files up to its own.
    let big = "x".repeat(1_100_000);
    let (status, _, _) = a.api("/api/applications/save", &[("service", PASSPORT), ("answers[full_name]", &big)]).await;
    assert_eq!(status, 413);
    let huge = vec![0u8; 25 * 1024 * 1024];
    let (status, body) = a.apply_api(&fields("", false), &[("passport_photo", "me.jpg", huge.clone())]).await;
    assert_eq!(status, 413, "{body}");
    // A browser without JavaScript comes back to its form, answers kept, told why.
    let r = a.apply(&fields("", true), &[("passport_photo", "me.jpg", huge)]).await;
    assert_eq!(r.error(), Some(json!({"Problem": {"problem": "files_too_large"}})), "{r:?}");
    let reference = r.location.split("reference=").nth(1).unwrap().split('&').next().unwrap().to_string();
    let kept = app.store.application(&reference).await.unwrap().unwrap();
    assert_eq!((kept.state, kept.answers["full_name"].as_str()), (State::Draft, "Wanjiku Kamau"));

    // A refused file on submit: every other problem is told at the same time.
    let r = a
        .apply(
            &[
                ("service", PASSPORT),
                ("variant", "48-pages"),
                ("reference", &reference),
                ("answers[full_name]", ""),
                ("submit", "yes"),
            ],
            &[("passport_photo", "me.jpg", b"%PDF-1.4".to_vec())],
        )
        .await;
    assert_eq!(
        r.error(),
        Some(json!({"InvalidAnswers": [
            ["full_name", {"problem": "required"}],
            ["passport_photo", {"problem": "file_type", "accepted": ["jpeg", "png"]}]
        ]})),
        "{r:?}"
    );
    // Not a multipart body at all.
    let resp = app
        .client
        .post(format!("{}/applications/save", app.address))
        .header("Cookie", a.cookie_header().unwrap())
        .header("Origin", &app.address)
        .header("Content-Type", "multipart/form-data; boundary=zzz")
        .body("garbage")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    // Signed out, or staff: refused.
    let resp = app
        .client
        .post(format!("{}/applications/save", app.address))
        .header("Origin", &app.address)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    let mut officer = sign_in(&app, "10000004", "Harambee-Demo-2026", "0712000004").await;
    assert_eq!(officer.apply_api(&fields("", false), &[]).await.0, 403);
}
