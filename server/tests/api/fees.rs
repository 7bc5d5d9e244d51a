//! Fee changes, maker-checker: one immigration admin proposes a new passport fee from
//! tomorrow; bad proposals, the proposer approving their own change, another agency's service
//! and other roles are refused with nothing changed; a second admin approves; the price stays
//! until the date, then changes in the catalogue for new applications only. On SQLite and
//! PostgreSQL.

use crate::accounts::{app_with_accounts, sign_in};
use crate::helpers::{all_dbs, connect};
use crate::payments::submit_passport;
use app::applications::calendar::Date;
use app::clock::Clock;
use mlango::catalogue::live;

const PASSWORD: &str = "Harambee-Demo-2026";
const PASSPORT: &str = "immigration-passport-ordinary";

fn propose<'a>(amount: &'a str, date: &'a str, service: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("service", service),
        ("variant", "48-pages"),
        ("amount", amount),
        ("effective_from", date),
        ("reason", "Finance Act 2026, section 12"),
    ]
}

#[tokio::test]
async fn a_fee_changes_only_after_a_second_admin_approves_and_only_from_its_date_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let price = |app: &crate::helpers::TestApp| {
            let live = app.state.catalogue.current();
            live.catalogue.service(PASSPORT).and_then(|s| s.fees.variant("48-pages").map(|v| v.amount_minor))
        };
        assert_eq!(price(&app), Some(605_000), "{backend}");
        let today = Date::from_unix_eat(app.clock.now());
        let tomorrow = Date::from_days(today.to_days() + 1).iso();
        let mut maker = sign_in(&app, "10000005", PASSWORD, "0712000005").await;
        let mut checker = sign_in(&app, "10000009", PASSWORD, "0712000009").await;

        // Bad proposals: told why, nothing recorded.
        for (fields, expected) in [
            (propose("6,050", &tomorrow, PASSPORT), "fee_unchanged"),
            (propose("7000", &today.iso(), PASSPORT), "fee_date_invalid"),
            (propose("seven thousand", &tomorrow, PASSPORT), "fee_amount_invalid"),
            (propose("7000", &tomorrow, "ntsa-driving-test-booking"), "service_unknown"),
        ] {
            let (status, _, body) = maker.api("/api/staff/fees/propose", &fields).await;
            assert!(status >= 400 && body.contains(expected), "{backend}: {status} {body}");
        }
        assert!(app.store.fee_changes_of("immigration", 10).await.unwrap().is_empty(), "{backend}");
        let mut officer = sign_in(&app, "10000004", PASSWORD, "0712000004").await;
        assert_eq!(officer.api("/api/staff/fees/propose", &propose("7000", &tomorrow, PASSPORT)).await.0, 403);

        // Choose the service, then the form offers its options at today's prices.
        let (_, html) = maker.page(&format!("/staff/fees?service={PASSPORT}")).await;
        assert!(html.contains("48 pages (now KSh 6,050)") && html.contains(r#"name="effective_from""#), "{backend}");
        let r = maker.form("/staff/fees", "/api/staff/fees/propose", &propose("7,000", &tomorrow, PASSPORT)).await;
        assert!(r.location.starts_with("/staff/fees#change-"), "{backend}: {:?}", r.error());
        let change = app.store.fee_changes_of("immigration", 10).await.unwrap().remove(0);
        assert_eq!((change.old_amount_minor, change.new_amount_minor), (605_000, 700_000), "{backend}");
        let id = change.id.to_string();
        let approve = [("change_id", id.as_str()), ("decision", "approve")];

        // Not by the one who proposed it; not by an officer; once by the second admin.
        let (status, _, body) = maker.api("/api/staff/fees/decide", &approve).await;
        assert_eq!((status, body.contains("fee_same_person")), (403, true), "{backend}: {body}");
        let refused = officer.api("/api/staff/fees/decide", &approve).await;
        assert_eq!(refused.0, 403, "{backend}: {refused:?}");
        let (_, html) = checker.page("/staff/fees").await;
        assert!(
            html.contains("Waiting for a second admin") && html.contains("KSh 6,050 → KSh 7,000"),
            "{backend}: {html}"
        );
        let (status, _, body) = checker.api("/api/staff/fees/decide", &approve).await;
        assert_eq!(status, 200, "{backend}: {body}");
        let (status, _, body) = checker.api("/api/staff/fees/decide", &approve).await;
        assert_eq!((status, body.contains("fee_change_decided")), (409, true), "{backend}: {body}");

        // An application made before the date keeps today's price.
        let mut citizen = sign_in(&app, "10000001", PASSWORD, "0712000001").await;
        let (before, _) = submit_passport(&app, &mut citizen, "Wanjiku Kamau").await;
        assert_eq!(app::staff::fees::apply_due(&app.state).await.unwrap(), 0, "{backend}: not before its date");
        assert_eq!(price(&app), Some(605_000), "{backend}");

        // From its date, the catalogue (reloaded as each server does) carries the new price.
        app.clock.advance(86_400);
        assert_eq!(app::staff::fees::apply_due(&app.state).await.unwrap(), 1, "{backend}");
        assert_eq!(app::staff::fees::apply_due(&app.state).await.unwrap(), 0, "{backend}: applied once");
        app.state.catalogue.replace(live::load(app.store.as_ref()).await.unwrap());
        assert_eq!(price(&app), Some(700_000), "{backend}");
        let mut citizen = sign_in(&app, "10000001", PASSWORD, "0712000001").await;
        let (after, _) = submit_passport(&app, &mut citizen, "Wanjiku Kamau").await;
        let amount = |r: &str| {
            let app = &app;
            let r = r.to_string();
            async move { app.store.application(&r).await.unwrap().unwrap().amount_minor }
        };
        assert_eq!((amount(&before).await, amount(&after).await), (Some(605_000), Some(700_000)), "{backend}");
        let mut maker = sign_in(&app, "10000005", PASSWORD, "0712000005").await;
        let (_, html) = maker.page("/staff/fees").await;
        assert!(html.contains("In force"), "{backend}");
    }
}
