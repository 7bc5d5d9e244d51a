//! Staff and roles: an immigration admin adds an existing account to the agency, changes its
//! role and removes it; every refusal (no such account, staff elsewhere, platform admin or
//! agent, bad role, a double submit, oneself, the last admin, another agency, other roles)
//! changes nothing; every change ends the person's sessions and is in the audit log; two
//! admins demoting each other at once still leave an admin. On SQLite and PostgreSQL.

use crate::accounts::{Browser, app_with_accounts, direct_session};
use crate::helpers::{TestApp, all_dbs, connect};
use app::accounts::identity::DocumentKind;
use app::accounts::model::Role;
use app::accounts::ports::{Account, AccountKey};

const ADMIN: &str = "10000005";
const ADMIN_2: &str = "10000009";
const OFFICER: &str = "10000004";
const NTSA_OFFICER: &str = "10000007";
const CITIZEN: &str = "10000002";
const AGENT: &str = "10000003";
const PLATFORM: &str = "10000008";

async fn browser<'a>(app: &'a TestApp, id_number: &str) -> Browser<'a> {
    Browser { app, session: Some(direct_session(app, id_number).await) }
}

async fn account(app: &TestApp, id_number: &str) -> Account {
    app.store.find_account(AccountKey::Document(DocumentKind::NationalId, id_number)).await.unwrap().unwrap()
}

async fn role_of(app: &TestApp, id_number: &str) -> (Role, Option<String>) {
    let a = account(app, id_number).await;
    (a.role, a.agency)
}

/// The team as the store has it: (ID number, role) sorted.
async fn team(app: &TestApp, agency: &str) -> Vec<(String, Role)> {
    let mut t: Vec<_> =
        app.store.staff_of(agency, 100).await.unwrap().into_iter().map(|m| (m.document_number, m.role)).collect();
    t.sort();
    t
}

async fn audit_count(app: &TestApp, kind: &str) -> usize {
    app.store.audit_page(Some(kind), None, None, 100).await.unwrap().len()
}

fn problem(body: &str, name: &str) -> bool {
    body.contains(&format!("\"problem\":\"{name}\""))
}

#[tokio::test]
async fn an_admin_adds_changes_and_removes_staff_and_every_refusal_changes_nothing_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let before = team(&app, "immigration").await;
        assert_eq!(before.len(), 4, "{backend}: {before:?}");
        let mut admin = browser(&app, ADMIN).await;

        // The page lists the staff with ID numbers and phones masked.
        let (status, html) = admin.page("/staff/team").await;
        assert_eq!(status, 200, "{backend}");
        assert!(html.contains("Staff of Department of Immigration Services"), "{backend}: {html}");
        assert!(html.contains("*****004") && !html.contains(OFFICER), "{backend}: ID numbers are masked");
        assert!(html.contains("+254 7•• ••• 004") && html.contains("Finance officer"), "{backend}");
        let (_, home) = admin.page("/staff").await;
        assert!(home.contains(r#"href="/staff/team""#) && !home.contains(r#"href="/staff/agencies""#), "{backend}");

        // Refusals, each with its own problem, and nothing changes.
        let ntsa_officer = account(&app, NTSA_OFFICER).await.id.to_string();
        for (id, role, expected) in [
            ("99999999", "agency_officer", "staff_account_unknown"),
            ("1000-0002", "agency_officer", "document_number_invalid"),
            (NTSA_OFFICER, "agency_officer", "staff_of_other_agency"),
            (PLATFORM, "agency_admin", "staff_not_eligible"),
            (AGENT, "agency_officer", "staff_not_eligible"),
            (CITIZEN, "platform_admin", "staff_role_invalid"),
            (CITIZEN, "", "staff_role_invalid"),
            (OFFICER, "agency_officer", "staff_already_member"),
            (OFFICER, "agency_finance", "staff_already_member"),
        ] {
            let fields = [("agency", "immigration"), ("id_number", id), ("role", role)];
            let (status, _, body) = admin.api("/api/staff/team/add", &fields).await;
            assert!(status >= 400 && problem(&body, expected), "{backend}: {id} {role}: {status} {body}");
        }
        let remove_ntsa = [("agency", "immigration"), ("account_id", ntsa_officer.as_str())];
        let (status, _, body) = admin.api("/api/staff/team/remove", &remove_ntsa).await;
        assert_eq!((status, problem(&body, "staff_not_member")), (404, true), "{backend}: {body}");
        // Another agency's team is not this admin's to touch, nor to see.
        let into_ntsa = [("agency", "ntsa"), ("id_number", CITIZEN), ("role", "agency_officer")];
        assert_eq!(admin.api("/api/staff/team/add", &into_ntsa).await.0, 403, "{backend}");
        let remove_in_ntsa = [("agency", "ntsa"), ("account_id", ntsa_officer.as_str())];
        assert_eq!(admin.api("/api/staff/team/remove", &remove_in_ntsa).await.0, 403, "{backend}");
        let (_, html) = admin.page("/staff/team?agency=ntsa").await;
        assert!(!html.contains("*****007") && html.contains("Your account cannot do this"), "{backend}: {html}");
        // Officers and finance officers do not manage the team.
        for who in [OFFICER, "10000006"] {
            let mut b = browser(&app, who).await;
            let fields = [("agency", "immigration"), ("id_number", CITIZEN), ("role", "agency_admin")];
            assert_eq!(b.api("/api/staff/team/add", &fields).await.0, 403, "{backend}: {who}");
        }
        assert_eq!(team(&app, "immigration").await, before, "{backend}: refusals changed nothing");
        assert_eq!(role_of(&app, CITIZEN).await, (Role::Citizen, None), "{backend}");
        assert_eq!(audit_count(&app, "staff_added").await, 0, "{backend}");

        // Add an existing citizen as an officer: their session ends at once.
        let mut citizen = browser(&app, CITIZEN).await;
        assert_eq!(citizen.page("/account").await.0, 200, "{backend}");
        let fields = [("agency", "immigration"), ("id_number", CITIZEN), ("role", "agency_officer")];
        let r = admin.form("/staff/team", "/api/staff/team/add", &fields).await;
        let added = account(&app, CITIZEN).await;
        assert_eq!(
            r.location,
            format!("/staff/team?agency=immigration&done=added#member-{}", added.id),
            "{backend}: {:?}",
            r.error()
        );
        assert_eq!((added.role, added.agency.as_deref()), (Role::AgencyOfficer, Some("immigration")), "{backend}");
        assert_eq!(citizen.page("/account").await.0, 401, "{backend}: the old session is gone");
        let events = app.store.audit_page(Some("staff_added"), Some(added.id), None, 10).await.unwrap();
        let admin_id = account(&app, ADMIN).await.id;
        assert_eq!(events.len(), 1, "{backend}");
        assert_eq!(events[0].event.actor_id, Some(admin_id), "{backend}");
        assert!(events[0].event.detail.contains("agency_officer"), "{backend}: {:?}", events[0]);
        let (_, html) = admin.page(&r.location).await;
        assert!(html.contains("Added.") && html.contains("*****002"), "{backend}");

        // The same form again (a double submit) is refused clearly and changes nothing.
        let r = admin.form("/staff/team", "/api/staff/team/add", &fields).await;
        assert_eq!(r.error(), Some(serde_json::json!({"Problem": {"problem": "staff_already_member"}})), "{backend}");
        assert_eq!(audit_count(&app, "staff_added").await, 1, "{backend}");

        // Change the role; again the person is signed out; the same change twice is refused.
        let mut officer_session = browser(&app, CITIZEN).await;
        let id = added.id.to_string();
        let to_finance = [("agency", "immigration"), ("account_id", id.as_str()), ("role", "agency_finance")];
        let (status, _, body) = admin.api("/api/staff/team/role", &to_finance).await;
        assert_eq!(status, 200, "{backend}: {body}");
        assert_eq!(role_of(&app, CITIZEN).await, (Role::AgencyFinance, Some("immigration".into())), "{backend}");
        assert_eq!(officer_session.page("/staff").await.0, 401, "{backend}");
        let (status, _, body) = admin.api("/api/staff/team/role", &to_finance).await;
        assert_eq!((status, problem(&body, "staff_role_unchanged")), (409, true), "{backend}: {body}");
        let bad_role = [("agency", "immigration"), ("account_id", id.as_str()), ("role", "platform_admin")];
        let (status, _, body) = admin.api("/api/staff/team/role", &bad_role).await;
        assert_eq!((status, problem(&body, "staff_role_invalid")), (400, true), "{backend}: {body}");
        let changed = app.store.audit_page(Some("staff_role_changed"), Some(added.id), None, 10).await.unwrap();
        assert!(changed.len() == 1 && changed[0].event.detail.contains("now agency_finance"), "{backend}: {changed:?}");

        // Nobody removes or demotes themselves.
        let me = admin_id.to_string();
        let (status, _, body) = admin
            .api("/api/staff/team/role", &[("agency", "immigration"), ("account_id", &me), ("role", "agency_officer")])
            .await;
        assert_eq!((status, problem(&body, "staff_self_change")), (403, true), "{backend}: {body}");
        let (status, _, body) =
            admin.api("/api/staff/team/remove", &[("agency", "immigration"), ("account_id", &me)]).await;
        assert_eq!((status, problem(&body, "staff_self_change")), (403, true), "{backend}: {body}");

        // The second admin demotes the first; then the agency has one admin, whom even a
        // platform admin cannot demote or remove.
        let mut second = browser(&app, ADMIN_2).await;
        let demote = [("agency", "immigration"), ("account_id", me.as_str()), ("role", "agency_officer")];
        let (status, _, body) = second.api("/api/staff/team/role", &demote).await;
        assert_eq!(status, 200, "{backend}: {body}");
        assert_eq!(admin.page("/staff/team").await.0, 401, "{backend}: the demoted admin was signed out");
        let second_id = account(&app, ADMIN_2).await.id.to_string();
        let mut platform = browser(&app, PLATFORM).await;
        let last = [("agency", "immigration"), ("account_id", second_id.as_str()), ("role", "agency_officer")];
        let (status, _, body) = platform.api("/api/staff/team/role", &last).await;
        assert_eq!((status, problem(&body, "staff_last_admin")), (409, true), "{backend}: {body}");
        let (status, _, body) =
            platform.api("/api/staff/team/remove", &[("agency", "immigration"), ("account_id", &second_id)]).await;
        assert_eq!((status, problem(&body, "staff_last_admin")), (409, true), "{backend}: {body}");
        assert_eq!(role_of(&app, ADMIN_2).await.0, Role::AgencyAdmin, "{backend}");

        // Removal: the account stays, as a plain citizen's; removing again is refused.
        let remove = [("agency", "immigration"), ("account_id", id.as_str())];
        let r = second.form("/staff/team", "/api/staff/team/remove", &remove).await;
        assert_eq!(r.location, "/staff/team?agency=immigration&done=removed", "{backend}: {:?}", r.error());
        assert_eq!(role_of(&app, CITIZEN).await, (Role::Citizen, None), "{backend}");
        let (status, _, body) = second.api("/api/staff/team/remove", &remove).await;
        assert_eq!((status, problem(&body, "staff_not_member")), (404, true), "{backend}: {body}");
        assert_eq!(audit_count(&app, "staff_removed").await, 1, "{backend}");

        // A platform admin manages any agency's team, chosen by code.
        let (status, html) = platform.page("/staff/team?agency=ntsa").await;
        assert!(status == 200 && html.contains("*****007"), "{backend}: {html}");
        let (_, html) = platform.page("/staff/team?agency=no-such-agency").await;
        assert!(html.contains("No agency has this code"), "{backend}");
        let fields = [("agency", "ntsa"), ("id_number", CITIZEN), ("role", "agency_admin")];
        let (status, _, body) = platform.api("/api/staff/team/add", &fields).await;
        assert_eq!(status, 200, "{backend}: {body}");
        assert_eq!(role_of(&app, CITIZEN).await, (Role::AgencyAdmin, Some("ntsa".into())), "{backend}");
        let nowhere = [("agency", "no-such-agency"), ("id_number", OFFICER), ("role", "agency_admin")];
        let (status, _, body) = platform.api("/api/staff/team/add", &nowhere).await;
        assert_eq!((status, problem(&body, "agency_unknown")), (404, true), "{backend}: {body}");
    }
}

#[tokio::test]
async fn two_admins_demoting_each_other_at_once_leave_the_agency_an_admin_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let (a, b) = (account(&app, ADMIN).await.id.to_string(), account(&app, ADMIN_2).await.id.to_string());
        for round in 0..5 {
            let mut first = browser(&app, ADMIN).await;
            let mut second = browser(&app, ADMIN_2).await;
            let demote_b = [("agency", "immigration"), ("account_id", b.as_str()), ("role", "agency_officer")];
            let demote_a = [("agency", "immigration"), ("account_id", a.as_str()), ("role", "agency_officer")];
            let (one, two) = tokio::join!(
                first.api("/api/staff/team/role", &demote_b),
                second.api("/api/staff/team/role", &demote_a)
            );
            let admins = team(&app, "immigration").await.into_iter().filter(|(_, r)| *r == Role::AgencyAdmin).count();
            assert_eq!(admins, 1, "{backend} round {round}: {one:?} {two:?}");
            assert!([one.0, two.0].contains(&200), "{backend} round {round}: one of them wins: {one:?} {two:?}");
            // Put things back for the next round.
            let mut platform = browser(&app, PLATFORM).await;
            let demoted = if role_of(&app, ADMIN).await.0 == Role::AgencyAdmin { &b } else { &a };
            let promote = [("agency", "immigration"), ("account_id", demoted.as_str()), ("role", "agency_admin")];
            assert_eq!(platform.api("/api/staff/team/role", &promote).await.0, 200, "{backend}");
        }
    }
}
