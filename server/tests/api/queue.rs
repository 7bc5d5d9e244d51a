//! The officer's queue: charter status counts and filters, search, pages by key, taking and
//! giving back applications (one of two officers taking it at once wins), stale decision forms
//! refused, and two officers deciding the same application at once — one wins, the other is
//! told — 100 times over on SQLite and on PostgreSQL.

use crate::accounts::{Browser, app_with_accounts, sign_in};
use crate::applications::submit_free;
use crate::helpers::{all_dbs, connect};
use crate::outbox::pay_by_paybill;
use crate::payments::submit_passport;
use app::applications::state::State;
use app::staff::queue::{CharterStatus, QueueFilter, Thresholds};

const PASSWORD: &str = "Harambee-Demo-2026";

async fn ntsa_officer<'a>(app: &'a crate::helpers::TestApp) -> Browser<'a> {
    sign_in(app, "10000007", PASSWORD, "0712000007").await
}

fn assign<'a>(reference: &'a str, to: &'a str, held_by: &'a str) -> [(&'a str, &'a str); 3] {
    [("reference", reference), ("to", to), ("held_by", held_by)]
}

#[tokio::test]
async fn the_queue_counts_filters_searches_and_pages_by_charter_date_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let mut citizen = sign_in(&app, "10000001", PASSWORD, "0712000001").await;
        let late = submit_free(&mut citizen).await;
        // A month on, the first has missed its charter date; two more arrive.
        app.clock.advance(30 * 86_400);
        let mut citizen = sign_in(&app, "10000001", PASSWORD, "0712000001").await;
        let fresh = [submit_free(&mut citizen).await, submit_free(&mut citizen).await];

        let mut officer = ntsa_officer(&app).await;
        let (status, html) = officer.page("/staff/applications").await;
        assert_eq!(status, 200, "{backend}");
        assert!(html.contains(">Charter breached: 1</a>") && html.contains(">On time: 2</a>"), "{backend}: {html}");
        assert!(html.find(&late) < html.find(&fresh[0]), "{backend}: the breached one comes first");

        let (_, html) = officer.page("/staff/applications?charter=breached").await;
        assert!(html.contains(&late) && !html.contains(&fresh[0]) && !html.contains(&fresh[1]), "{backend}");
        let (_, html) = officer.page(&format!("/staff/applications?q={}", fresh[1].to_lowercase())).await;
        assert!(html.contains(&fresh[1]) && !html.contains(&late), "{backend}: search by reference");
        let (_, html) = officer.page("/staff/applications?q=10000001").await;
        assert!(html.contains(&late) && html.contains(&fresh[0]), "{backend}: search by ID number");
        let (_, html) = officer.page("/staff/applications?q=nobody+by+this+name").await;
        assert!(html.contains("No applications match these filters."), "{backend}");
        for bad in ["charter=late", "state=issued", "after=yesterday"] {
            let (status, html) = officer.page(&format!("/staff/applications?{bad}")).await;
            assert_eq!(status, 200, "{backend}: {bad}");
            assert!(html.contains("error-summary") && !html.contains(&late), "{backend}: {bad}: {html}");
        }
        let (_, html) = officer.page(&format!("/staff/applications?q={}", "x".repeat(61))).await;
        assert!(html.contains("Search with at most 60 characters."), "{backend}");

        // Pages by key: every application once, in charter order.
        let ntsa = app.store.find_account(app::accounts::ports::AccountKey::Document(
            app::accounts::identity::DocumentKind::NationalId,
            "10000007",
        ));
        let me = ntsa.await.unwrap().unwrap().id;
        let t = Thresholds::on(app::applications::calendar::Date::from_unix_eat(app::clock::Clock::now(
            app.clock.as_ref(),
        )));
        let mut filter = QueueFilter::default();
        let mut seen = Vec::new();
        loop {
            let page = app.store.agency_queue("ntsa", me, &filter, &t, 1).await.unwrap();
            let Some(row) = page.first() else { break };
            seen.push(row.app.reference.clone());
            filter.after = Some(app::staff::queue::Cursor {
                due: app::staff::queue::due_key(row.app.due_date.as_deref()),
                id: row.app.id,
            });
        }
        assert_eq!(seen, [late.clone(), fresh[0].clone(), fresh[1].clone()], "{backend}");
        let counts = app.store.queue_counts("ntsa", &t).await.unwrap();
        assert!(counts.contains(&(CharterStatus::Breached, 1)) && counts.contains(&(CharterStatus::Paused, 0)));
        assert_eq!(app.store.queue_counts("immigration", &t).await.unwrap().iter().map(|c| c.1).sum::<i64>(), 0);
    }
}

#[tokio::test]
async fn officers_take_and_give_back_applications_and_only_one_of_two_takes_wins() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let mut citizen = sign_in(&app, "10000001", PASSWORD, "0712000001").await;
        let reference = submit_free(&mut citizen).await;
        let mut one = ntsa_officer(&app).await;
        let mut two = ntsa_officer(&app).await;

        // Two take it at the same moment: one has it, the other is told.
        let take = assign(&reference, "me", "");
        let (a, b) = tokio::join!(
            one.api("/api/staff/applications/assign", &take),
            two.api("/api/staff/applications/assign", &take)
        );
        let mut statuses = [a.0, b.0];
        statuses.sort();
        assert_eq!(statuses, [200, 409], "{backend}: {a:?} {b:?}");
        let loser = if a.0 == 409 { &a.2 } else { &b.2 };
        assert!(loser.contains("already_assigned"), "{backend}: {loser}");
        let stored = app.store.application(&reference).await.unwrap().unwrap();
        let me = stored.assigned_to.expect("taken");
        let (_, html) = one.page("/staff/applications?assigned=me").await;
        assert!(html.contains(&reference) && html.contains("Give back"), "{backend}");
        let (_, html) = one.page("/staff/applications?assigned=none").await;
        assert!(!html.contains(&reference), "{backend}");

        // Another agency's staff, a citizen, and an officer handing it to someone else: refused.
        let mut immigration = sign_in(&app, "10000004", PASSWORD, "0712000004").await;
        let held = me.to_string();
        let (status, _, _) =
            immigration.api("/api/staff/applications/assign", &assign(&reference, "none", &held)).await;
        assert_eq!(status, 403, "{backend}");
        assert_eq!(citizen.api("/api/staff/applications/assign", &take).await.0, 403, "{backend}");
        let (status, _, _) = one.api("/api/staff/applications/assign", &assign(&reference, "1", &held)).await;
        assert_eq!(status, 403, "{backend}: only the admin gives applications to others");
        assert_eq!(app.store.application(&reference).await.unwrap().unwrap().assigned_to, Some(me), "{backend}");

        // Given back from a stale page (someone else's hold shown): refused; from the right one: done.
        let (status, _, _) = one.api("/api/staff/applications/assign", &assign(&reference, "none", "")).await;
        assert_eq!(status, 409, "{backend}");
        let r = one
            .form(
                "/staff/applications",
                "/api/staff/applications/assign",
                &[
                    ("reference", reference.as_str()),
                    ("to", "none"),
                    ("held_by", held.as_str()),
                    ("back", "/staff/applications?assigned=me"),
                ],
            )
            .await;
        assert_eq!(r.location, "/staff/applications?assigned=me", "{backend}: {:?}", r.error());
        assert_eq!(app.store.application(&reference).await.unwrap().unwrap().assigned_to, None, "{backend}");

        // The agency's admin gives an immigration application to its officer, who alone decides.
        let (passport, bill) = submit_passport(&app, &mut citizen, "Wanjiku Kamau").await;
        pay_by_paybill(&app, &bill, "QUEUE00001", 1).await;
        let mut admin = sign_in(&app, "10000005", PASSWORD, "0712000005").await;
        let officer_id = app
            .store
            .find_account(app::accounts::ports::AccountKey::Document(
                app::accounts::identity::DocumentKind::NationalId,
                "10000004",
            ))
            .await
            .unwrap()
            .unwrap()
            .id;
        let (_, html) = admin.page(&format!("/staff/applications/{passport}")).await;
        assert!(html.contains(r#"<select id="assign-to" name="to">"#), "{backend}: the admin's assign form");
        let to = officer_id.to_string();
        let (status, _, body) = admin.api("/api/staff/applications/assign", &assign(&passport, &to, "")).await;
        assert_eq!(status, 200, "{backend}: {body}");
        let (status, _, _) = admin.api("/api/staff/applications/assign", &assign(&passport, "999999", &to)).await;
        assert_eq!(status, 404, "{backend}: not one of the agency's officers");
        let review = [("reference", passport.as_str()), ("action", "start_review")];
        let (status, _, body) = immigration.api("/api/staff/applications/decide", &review).await;
        assert_eq!(status, 200, "{backend}: {body}");
        assert_eq!(app.store.application(&passport).await.unwrap().unwrap().assigned_to, Some(officer_id));
    }
}

#[tokio::test]
async fn a_decision_from_a_stale_page_is_refused_and_changes_nothing() {
    let db = crate::helpers::sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let mut citizen = sign_in(&app, "10000001", PASSWORD, "0712000001").await;
    let reference = submit_free(&mut citizen).await;
    let mut officer = ntsa_officer(&app).await;
    let seen = app.store.application(&reference).await.unwrap().unwrap().version.to_string();
    let (_, html) = officer.page(&format!("/staff/applications/{reference}")).await;
    assert!(html.contains(&format!(r#"name="version" value="{seen}""#)), "{html}");
    let start = [("reference", reference.as_str()), ("action", "start_review"), ("version", seen.as_str())];
    assert_eq!(officer.api("/api/staff/applications/decide", &start).await.0, 200);
    // The same page, submitted again (a double click, or a second tab): told, nothing changes.
    let approve = [("reference", reference.as_str()), ("action", "approve"), ("version", seen.as_str())];
    let (status, _, body) = officer.api("/api/staff/applications/decide", &approve).await;
    assert_eq!((status, body.as_str()), (409, r#"{"Problem":{"problem":"application_changed"}}"#));
    let r = officer.form(&format!("/staff/applications/{reference}"), "/api/staff/applications/decide", &approve).await;
    let shown = r.error().expect("the officer is told").to_string();
    assert!(shown.contains("application_changed"), "{shown}");
    assert_eq!(app.store.application(&reference).await.unwrap().unwrap().state, State::InReview);
    let tampered = [("reference", reference.as_str()), ("action", "approve"), ("version", "x")];
    assert_eq!(officer.api("/api/staff/applications/decide", &tampered).await.0, 409);
}

#[tokio::test]
async fn two_officers_deciding_at_once_one_wins_a_hundred_times_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let mut citizen = sign_in(&app, "10000001", PASSWORD, "0712000001").await;
        let mut one = ntsa_officer(&app).await;
        let mut two = ntsa_officer(&app).await;
        for round in 0..100 {
            let reference = submit_free(&mut citizen).await;
            let start = [("reference", reference.as_str()), ("action", "start_review")];
            assert_eq!(one.api("/api/staff/applications/decide", &start).await.0, 200);
            let version = app.store.application(&reference).await.unwrap().unwrap().version.to_string();
            let approve = [("reference", reference.as_str()), ("action", "approve"), ("version", version.as_str())];
            let reject = [
                ("reference", reference.as_str()),
                ("action", "reject"),
                ("note", "Not eligible"),
                ("version", version.as_str()),
            ];
            let (a, b) = tokio::join!(
                one.api("/api/staff/applications/decide", &approve),
                two.api("/api/staff/applications/decide", &reject)
            );
            let mut statuses = [a.0, b.0];
            statuses.sort();
            assert_eq!(statuses, [200, 409], "{backend} round {round}: {a:?} {b:?}");
            let stored = app.store.application(&reference).await.unwrap().unwrap();
            let events = app.store.events_of_application(stored.id).await.unwrap();
            let decisions: Vec<_> =
                events.iter().filter(|e| matches!(e.to, State::Approved | State::Rejected)).collect();
            assert_eq!(decisions.len(), 1, "{backend} round {round}: {events:?}");
            assert_eq!(decisions[0].to, stored.state, "{backend} round {round}: the winner's decision stands");
            let winner = if a.0 == 200 { State::Approved } else { State::Rejected };
            assert_eq!(stored.state, winner, "{backend} round {round}");
        }
    }
}

#[tokio::test]
async fn the_performance_page_counts_the_agencys_own_work_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let mut citizen = sign_in(&app, "10000001", PASSWORD, "0712000001").await;
        let first = submit_free(&mut citizen).await;
        submit_free(&mut citizen).await;
        let mut officer = ntsa_officer(&app).await;
        for action in ["start_review", "approve"] {
            let (status, _, body) = officer
                .api("/api/staff/applications/decide", &[("reference", first.as_str()), ("action", action)])
                .await;
            assert_eq!(status, 200, "{backend}: {body}");
        }
        let (status, html) = officer.page("/staff/performance").await;
        assert_eq!(status, 200, "{backend}");
        for expected in [
            "<dt>Applications received</dt><dd>2</dd>",
            "<dt>Applications decided</dt><dd>1</dd>",
            "<dt>Decided within the charter</dt><dd>100%</dd>",
            "rating</dt><dd>None yet</dd>",
        ] {
            assert!(html.contains(expected), "{backend}: {expected} in {html}");
        }
        assert_eq!(html.matches(r#"role="img""#).count(), 3, "{backend}: three charts");
        assert!(html.contains("Applications received each day: 2 in all; the highest bar is 2."), "{backend}");
        // Another agency's officer sees their own (empty) figures; a citizen sees none.
        let mut immigration = sign_in(&app, "10000004", PASSWORD, "0712000004").await;
        let (_, html) = immigration.page("/staff/performance").await;
        assert!(html.contains("<dt>Applications received</dt><dd>0</dd>"), "{backend}");
        assert_eq!(citizen.page("/staff/performance").await.0, 403, "{backend}");
    }
}
