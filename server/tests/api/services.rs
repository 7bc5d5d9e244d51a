//! Service drafts and the form builder: an immigration admin drafts a new service (details,
//! prices, questions of several kinds, a document, reordering), bad and stale forms are refused
//! with nothing changed, the same admin cannot publish a new service they priced, a second admin
//! publishes it and citizens see it. Editing a published service never touches its prices.
//! Other roles and other agencies' drafts are refused. Two admins publishing at once: one wins.
//! On SQLite and PostgreSQL.

use crate::accounts::{Browser, app_with_accounts, sign_in};
use crate::helpers::{TestApp, all_dbs, connect};
use app::staff::services::{DraftState, NewDraft, PublishOutcome};
use mlango::catalogue::live;

const PASSWORD: &str = "Harambee-Demo-2026";
const NEW: &str = "immigration-work-permit-class-d";
const PASSPORT: &str = "immigration-passport-ordinary";

async fn reload(app: &TestApp) {
    app.state.catalogue.replace(live::load(app.store.as_ref()).await.unwrap());
}

/// The draft's current version, as the page's hidden input shows it.
async fn version(app: &TestApp, id: i64) -> String {
    app.store.service_draft("immigration", id).await.unwrap().unwrap().version.to_string()
}

/// Posts an edit of draft `id` at its current version; the JSON error code, if refused.
async fn edit(b: &mut Browser<'_>, id: i64, action: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let (v, d) = (version(b.app, id).await, id.to_string());
    let mut all = vec![("draft_id", d.as_str()), ("version", v.as_str())];
    all.extend_from_slice(fields);
    let (status, _, body) = b.api(&format!("/api/staff/services/draft/{action}"), &all).await;
    (status, body)
}

fn details(timeline: &str) -> Vec<(&str, &str)> {
    vec![
        ("name_en", "Work permit (class D)"),
        ("name_sw", "Kibali cha kazi (daraja D)"),
        ("summary_en", "For people employed in Kenya by an employer registered here."),
        ("category", "labour"),
        ("timeline_days", timeline),
        ("keywords", "work permit class d"),
        ("requirements", "Passport copy | Nakala ya pasipoti\nEmployment contract | Mkataba wa ajira"),
        ("in_person_steps", "Biometrics | Alama za vidole"),
    ]
}

#[tokio::test]
async fn a_new_service_is_drafted_built_and_published_by_a_second_admin_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let mut maker = sign_in(&app, "10000005", PASSWORD, "0712000005").await;
        let mut checker = sign_in(&app, "10000009", PASSWORD, "0712000009").await;

        // Codes must carry the agency's prefix and be free.
        for (code, expected) in [("ntsa-x-permit", "service_code_invalid"), (PASSPORT, "service_code_taken")] {
            let (status, _, body) = maker
                .api("/api/staff/services/draft/new", &[("code", code), ("name_en", "X"), ("category", "labour")])
                .await;
            assert!(status >= 400 && body.contains(expected), "{backend}: {status} {body}");
        }
        let r = maker
            .form(
                "/staff/services",
                "/api/staff/services/draft/new",
                &[("code", NEW), ("name_en", "Work permit"), ("category", "labour")],
            )
            .await;
        let id: i64 = r.location.trim_start_matches("/staff/services/drafts/").parse().unwrap_or_else(|_| {
            panic!("{backend}: {:?} {:?}", r.location, r.error());
        });
        // Another draft for the same code is refused, not duplicated.
        let (status, _, body) = checker
            .api("/api/staff/services/draft/new", &[("code", NEW), ("name_en", "Dup"), ("category", "labour")])
            .await;
        assert!(status == 409 && body.contains("service_code_taken"), "{backend}: {body}");

        // Details: each bad value is refused and the draft stays at its version.
        let before = version(&app, id).await;
        for (field, value, expected) in [
            ("timeline_days", "0", "service_timeline_invalid"),
            ("timeline_days", "soon", "service_timeline_invalid"),
            ("category", "cars", "service_category_invalid"),
            ("requirements", " | Kiswahili tu", "service_list_invalid"),
        ] {
            let mut fields = details("10");
            fields.retain(|(k, _)| *k != field);
            fields.push((field, value));
            let (status, body) = edit(&mut maker, id, "details", &fields).await;
            assert!(status == 400 && body.contains(expected), "{backend}: {field}={value}: {body}");
        }
        assert_eq!(version(&app, id).await, before, "{backend}: refused forms change nothing");
        assert_eq!(edit(&mut maker, id, "details", &details("10")).await.0, 200, "{backend}");

        // A form shown before that save is stale now: refused, nothing changed.
        let stale = [("draft_id", id.to_string()), ("version", before.clone())];
        let stale: Vec<(&str, &str)> = stale.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let mut fields = stale.clone();
        fields.extend(details("99"));
        let (status, _, body) = maker.api("/api/staff/services/draft/details", &fields).await;
        assert!(status == 409 && body.contains("draft_changed"), "{backend}: {body}");

        // Prices of a new service are set in its draft.
        let bad = edit(&mut maker, id, "fees", &[("currency", "KES"), ("fees", "standard | Standard | | lots")]).await;
        assert!(bad.0 == 400 && bad.1.contains("service_fees_invalid"), "{backend}: {bad:?}");
        let fees = "two-years | Two years | Miaka miwili | 50,000\nfive-years | Five years | Miaka mitano | 100000";
        assert_eq!(edit(&mut maker, id, "fees", &[("currency", "KES"), ("fees", fees)]).await.0, 200, "{backend}");

        // The form builder: questions of several kinds and a document.
        for fields in [
            vec![
                ("kind", "text"),
                ("name", "employer_name"),
                ("label_en", "Employer"),
                ("label_sw", "Mwajiri"),
                ("required", "yes"),
                ("min_len", "2"),
                ("max_len", "120"),
            ],
            vec![
                ("kind", "date"),
                ("name", "start_date"),
                ("label_en", "Start date"),
                ("date_rule", "future"),
                ("required", "yes"),
            ],
            vec![
                ("kind", "choice"),
                ("name", "sector"),
                ("label_en", "Sector"),
                ("options", "ict | ICT | TEHAMA\nhealth | Health | Afya"),
                ("required", "yes"),
            ],
            vec![
                ("kind", "declaration"),
                ("name", "declaration"),
                ("label_en", "I declare this is true"),
                ("required", "yes"),
            ],
        ] {
            let (status, body) = edit(&mut maker, id, "field", &fields).await;
            assert_eq!(status, 200, "{backend}: {fields:?}: {body}");
        }
        for (fields, expected) in [
            (vec![("kind", "text"), ("name", "employer_name"), ("label_en", "Again")], "field_name_taken"),
            (vec![("kind", "text"), ("name", "Employer Name"), ("label_en", "X")], "field_name_invalid"),
            (
                vec![("kind", "number"), ("name", "staff"), ("label_en", "Staff"), ("min", "10"), ("max", "1")],
                "field_range_invalid",
            ),
            (vec![("kind", "choice"), ("name", "x"), ("label_en", "X"), ("options", "")], "field_options_invalid"),
            (vec![("kind", "colour"), ("name", "x"), ("label_en", "X")], "field_kind_invalid"),
        ] {
            let (status, body) = edit(&mut maker, id, "field", &fields).await;
            assert!(status >= 400 && body.contains(expected), "{backend}: {fields:?}: {body}");
        }
        let doc = [
            ("code", "contract"),
            ("label_en", "Signed contract"),
            ("pdf", "yes"),
            ("required", "yes"),
            ("max_mb", "5"),
        ];
        assert_eq!(edit(&mut maker, id, "document", &doc).await.0, 200, "{backend}");
        let no_types = [("code", "cv"), ("label_en", "CV"), ("max_mb", "5")];
        assert!(edit(&mut maker, id, "document", &no_types).await.1.contains("document_types_missing"), "{backend}");
        // Change a question in place, move one, remove one.
        let renamed = [
            ("original", "employer_name"),
            ("kind", "text"),
            ("name", "employer"),
            ("label_en", "Employer's registered name"),
            ("required", "yes"),
        ];
        assert_eq!(edit(&mut maker, id, "field", &renamed).await.0, 200, "{backend}");
        assert_eq!(edit(&mut maker, id, "arrange", &[("name", "sector"), ("action", "up")]).await.0, 200, "{backend}");
        assert_eq!(edit(&mut maker, id, "arrange", &[("name", "sector"), ("action", "up")]).await.0, 200, "{backend}");
        assert_eq!(
            edit(&mut maker, id, "arrange", &[("name", "start_date"), ("action", "remove")]).await.0,
            200,
            "{backend}"
        );
        let gone = edit(&mut maker, id, "arrange", &[("name", "start_date"), ("action", "remove")]).await;
        assert!(gone.0 == 404 && gone.1.contains("field_unknown"), "{backend}: {gone:?}");

        let draft = app.store.service_draft("immigration", id).await.unwrap().unwrap();
        let names: Vec<&str> = draft.service.form.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["sector", "employer", "declaration"], "{backend}");
        assert_eq!(draft.service.form.documents[0].max_bytes, 5 * 1024 * 1024, "{backend}");
        assert_eq!(draft.service.fees.variants.len(), 2, "{backend}");

        // The page shows the draft as built, and nothing is in the catalogue yet.
        let (status, html) = maker.page(&format!("/staff/services/drafts/{id}")).await;
        assert_eq!(status, 200, "{backend}");
        assert!(
            html.contains("Employer&#x27;s registered name") || html.contains("Employer's registered name"),
            "{backend}"
        );
        assert!(html.contains("another admin of your agency must publish it"), "{backend}");
        assert_eq!(app.get(&format!("/services/{NEW}")).await.status().as_u16(), 404, "{backend}");

        // The admin who priced it cannot publish it; the second admin can, once.
        let (status, body) = edit(&mut maker, id, "publish", &[]).await;
        assert!(status == 403 && body.contains("draft_same_person"), "{backend}: {body}");
        let v = version(&app, id).await;
        let publish = [("draft_id", id.to_string()), ("version", v)];
        let publish: Vec<(&str, &str)> = publish.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, _, body) = checker.api("/api/staff/services/draft/publish", &publish).await;
        assert_eq!(status, 200, "{backend}: {body}");
        let (status, _, body) = checker.api("/api/staff/services/draft/publish", &publish).await;
        assert!(status == 409 && body.contains("draft_changed"), "{backend}: double click: {body}");

        reload(&app).await;
        let live = app.state.catalogue.current();
        let service = live.catalogue.service(NEW).expect("published");
        assert_eq!(service.timeline_days, 10, "{backend}");
        assert_eq!(service.fees.variant("five-years").map(|v| v.amount_minor), Some(10_000_000), "{backend}");
        assert_eq!(service.form.fields.len(), 3, "{backend}");
        let (status, html) = app.get_text(&format!("/services/{NEW}")).await;
        assert!(status == 200 && html.contains("Work permit (class D)"), "{backend}: {status}");
        let (_, html) = checker.page(&format!("/staff/services/drafts/{id}")).await;
        assert!(html.contains("This draft has been published"), "{backend}");
        let events = app.store.audit_page(Some("service_draft"), None, None, 50).await.unwrap();
        assert!(
            events.iter().any(|e| e.event.kind == "service_draft" && e.event.detail.contains("published")),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn editing_a_published_service_keeps_its_prices_and_other_agencies_and_roles_are_refused_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let mut admin = sign_in(&app, "10000005", PASSWORD, "0712000005").await;

        // Starting twice (a double click) opens the same draft.
        let start = [("service_code", PASSPORT)];
        let first = admin.form("/staff/services", "/api/staff/services/draft/start", &start).await;
        let again = admin.form("/staff/services", "/api/staff/services/draft/start", &start).await;
        assert!(first.location.starts_with("/staff/services/drafts/"), "{backend}: {:?}", first.error());
        assert_eq!(first.location, again.location, "{backend}");
        let id: i64 = first.location.trim_start_matches("/staff/services/drafts/").parse().unwrap();
        let (_, html) = admin.page("/staff/services").await;
        assert!(html.contains("Continue editing"), "{backend}");

        // Prices of a published service are not edited in a draft.
        let (status, body) =
            edit(&mut admin, id, "fees", &[("currency", "KES"), ("fees", "48-pages | 48 | | 1")]).await;
        assert!(status == 403 && body.contains("fees_not_in_draft"), "{backend}: {body}");
        let (_, html) = admin.page(&format!("/staff/services/drafts/{id}")).await;
        assert!(html.contains("Propose a fee change") && html.contains("KSh 6,050"), "{backend}");

        // Even a draft whose stored prices differ publishes without touching them.
        let mut draft = app.store.service_draft("immigration", id).await.unwrap().unwrap();
        draft.service.name.en = "Ordinary passport (renewed name)".into();
        for v in &mut draft.service.fees.variants {
            v.amount_minor = 1;
        }
        assert!(app.store.save_service_draft(id, draft.version, &draft.service, 1, 0).await.unwrap(), "{backend}");
        let v = version(&app, id).await;
        let publish = [("draft_id", id.to_string()), ("version", v)];
        let publish: Vec<(&str, &str)> = publish.iter().map(|(k, v)| (*k, v.as_str())).collect();
        // An existing service may be published by the admin who edited it.
        let (status, _, body) = admin.api("/api/staff/services/draft/publish", &publish).await;
        assert_eq!(status, 200, "{backend}: {body}");
        reload(&app).await;
        let live = app.state.catalogue.current();
        let passport = live.catalogue.service(PASSPORT).unwrap();
        assert_eq!(passport.name.en, "Ordinary passport (renewed name)", "{backend}");
        assert_eq!(passport.fees.variant("48-pages").map(|v| v.amount_minor), Some(605_000), "{backend}");

        // Other roles are refused; another agency's draft is not found, through page and API.
        let mut officer = sign_in(&app, "10000004", PASSWORD, "0712000004").await;
        let (status, _, _) = officer.api("/api/staff/services/draft/start", &start).await;
        assert_eq!(status, 403, "{backend}");
        assert!(!officer.page("/staff/services").await.1.contains("Start a draft"), "{backend}");
        let mut platform = sign_in(&app, "10000008", PASSWORD, "0712000008").await;
        assert_eq!(platform.api("/api/staff/services/draft/start", &start).await.0, 403, "{backend}");
        let ntsa = live.catalogue.service("ntsa-driving-test-booking").unwrap();
        let theirs = app
            .store
            .start_service_draft(&NewDraft {
                agency_code: "ntsa".into(),
                is_new: false,
                service: (**ntsa).clone(),
                by: 1,
                now: 0,
            })
            .await
            .unwrap()
            .unwrap();
        let (status, _) = admin.page(&format!("/staff/services/drafts/{theirs}")).await;
        assert_eq!(status, 404, "{backend}");
        let (status, body) = {
            let fields = [
                ("draft_id", theirs.to_string()),
                ("version", "1".to_string()),
                ("name_en", "Hijack".into()),
                ("category", "transport".into()),
                ("timeline_days", "5".into()),
            ];
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (s, _, b) = admin.api("/api/staff/services/draft/details", &fields).await;
            (s, b)
        };
        assert_eq!(status, 404, "{backend}: {body}");
        let untouched = app.store.service_draft("ntsa", theirs).await.unwrap().unwrap();
        assert_eq!((untouched.version, untouched.service.name.en.as_str()), (1, ntsa.name.en.as_str()), "{backend}");
        assert_eq!(
            admin.api("/api/staff/services/draft/start", &[("service_code", "ntsa-driving-test-booking")]).await.0,
            404,
            "{backend}"
        );

        // Discarding leaves the catalogue as it was.
        let r = admin.form("/staff/services", "/api/staff/services/draft/start", &start).await;
        let id: i64 = r.location.trim_start_matches("/staff/services/drafts/").parse().unwrap();
        assert_eq!(edit(&mut admin, id, "details", &details("3")).await.0, 200, "{backend}");
        assert_eq!(edit(&mut admin, id, "discard", &[]).await.0, 200, "{backend}");
        let closed = app.store.service_draft("immigration", id).await.unwrap().unwrap();
        assert_eq!(closed.state, DraftState::Discarded, "{backend}");
        reload(&app).await;
        assert_eq!(
            app.state.catalogue.current().catalogue.service(PASSPORT).unwrap().timeline_days,
            passport.timeline_days,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn of_two_admins_publishing_one_draft_at_once_exactly_one_does_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let passport = (**app.state.catalogue.current().catalogue.service(PASSPORT).unwrap()).clone();
        for round in 0..20 {
            let d = NewDraft {
                agency_code: "immigration".into(),
                is_new: false,
                service: passport.clone(),
                by: 1,
                now: round,
            };
            let id = app.store.start_service_draft(&d).await.unwrap().unwrap();
            let (a, b) = tokio::join!(
                app.store.publish_service_draft(id, 1, &passport, 1, round),
                app.store.publish_service_draft(id, 1, &passport, 2, round),
            );
            let outcomes = [a.unwrap(), b.unwrap()];
            let won = outcomes.iter().filter(|o| **o == PublishOutcome::Published).count();
            assert_eq!(won, 1, "{backend} round {round}: {outcomes:?}");
            assert!(outcomes.contains(&PublishOutcome::Stale), "{backend} round {round}: {outcomes:?}");
        }
    }
}
