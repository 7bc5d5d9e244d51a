//! Offices and appointment slots, run by the agency admin: adding an office (bad details
//! refused with nothing added), changing one (the places per half hour never below what a
//! future slot holds, and the refusal names that slot), closing a day (refused while it has
//! bookings; a closed day is neither shown to citizens nor bookable, even by posting to the
//! server function directly), reopening it; other roles and other agencies refused with
//! nothing changed; every change audited. On SQLite and PostgreSQL.

use crate::accounts::{Browser, app_with_accounts, direct_session};
use crate::helpers::{TestApp, all_dbs, connect};
use crate::outbox::pay_by_paybill;
use crate::payments::{applied, submit_passport};
use app::applications::calendar::Date;
use app::appointments::schedule::{MIN_NOTICE_SECS, slots_on, working_days_from};
use app::clock::Clock;

const OFFICE: &str = "immigration-nairobi";

/// A browser signed in as the demo account with this ID number.
async fn as_user<'a>(app: &'a TestApp, id_number: &str) -> Browser<'a> {
    Browser { app, session: Some(direct_session(app, id_number).await) }
}

fn office_fields<'a>(code: &'a str, name: &'a str, capacity: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("code", code),
        ("office", code),
        ("name", name),
        ("town", "Eldoret"),
        ("address", "KVDA Plaza, Oloo Street"),
        ("capacity", capacity),
    ]
}

async fn capacity_of(app: &TestApp, agency: &str, code: &str) -> Option<i64> {
    app.store.offices_of_agency(agency).await.unwrap().into_iter().find(|o| o.code == code).map(|o| o.capacity)
}

async fn audited(app: &TestApp, kind: &str) -> Vec<String> {
    app.store.audit_page(Some(kind), None, None, 20).await.unwrap().into_iter().map(|e| e.event.detail).collect()
}

async fn book(citizen: &mut Browser<'_>, reference: &str, starts_at: i64) -> (u16, String) {
    let at = starts_at.to_string();
    let (status, _, body) = citizen
        .api(
            "/api/appointments/book",
            &[("reference", reference), ("step", "0"), ("office", OFFICE), ("starts_at", &at)],
        )
        .await;
    (status, body)
}

#[tokio::test]
async fn an_admin_adds_and_changes_offices_and_bad_or_foreign_changes_change_nothing_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let mut admin = as_user(&app, "10000005").await;
        let (status, html) = admin.page("/staff/offices").await;
        assert_eq!(status, 200, "{backend}");
        assert!(html.contains("Offices and appointments") && html.contains("Nyayo House"), "{backend}: {html}");
        assert!(html.contains(r#"id="office-immigration-mombasa""#), "{backend}");
        let (_, home) = admin.page("/staff").await;
        assert!(home.contains(r#"href="/staff/offices""#), "{backend}: linked from the staff home");

        // Bad details: told which, nothing added.
        let before = app.store.offices_of_agency("immigration").await.unwrap();
        for (fields, expected) in [
            (office_fields("ntsa-eldoret", "Eldoret office", "6"), "office_code_invalid"),
            (office_fields("immigration-Eldoret", "Eldoret office", "6"), "office_code_invalid"),
            (office_fields("immigration-eldoret", "El", "6"), "office_name_invalid"),
            (office_fields("immigration-eldoret", "Eldoret office", "0"), "office_capacity_invalid"),
            (office_fields("immigration-eldoret", "Eldoret office", "51"), "office_capacity_invalid"),
            (office_fields("immigration-nairobi", "Eldoret office", "6"), "office_code_taken"),
        ] {
            let (status, _, body) = admin.api("/api/staff/offices/add", &fields).await;
            assert!((400..=409).contains(&status) && body.contains(expected), "{backend}: {status} {body}");
        }
        assert_eq!(app.store.offices_of_agency("immigration").await.unwrap(), before, "{backend}: nothing added");

        // Added, from the page's form; twice is refused.
        let fields = office_fields("immigration-eldoret", "Immigration office, Eldoret", "6");
        let r = admin.form("/staff/offices", "/api/staff/offices/add", &fields).await;
        assert_eq!(
            r.location,
            "/staff/offices?agency=immigration&done=added#office-immigration-eldoret",
            "{backend}: {:?}",
            r.error()
        );
        assert_eq!(capacity_of(&app, "immigration", "immigration-eldoret").await, Some(6), "{backend}");
        let (status, _, body) = admin.api("/api/staff/offices/add", &fields).await;
        assert_eq!((status, body.contains("office_code_taken")), (409, true), "{backend}: {body}");
        let (_, html) = admin.page("/staff/offices?agency=immigration&done=added").await;
        assert!(html.contains("The office was added") && html.contains("Immigration office, Eldoret"), "{backend}");
        assert_eq!(audited(&app, "office_added").await.len(), 1, "{backend}");

        // Changed: name, town, address, capacity.
        let change = office_fields("immigration-eldoret", "Immigration office, Eldoret town", "8");
        let (status, _, body) = admin.api("/api/staff/offices/update", &change).await;
        assert_eq!(status, 200, "{backend}: {body}");
        let eldoret = app.store.offices_of_agency("immigration").await.unwrap();
        let eldoret = eldoret.iter().find(|o| o.code == "immigration-eldoret").unwrap();
        assert_eq!((eldoret.name.as_str(), eldoret.capacity), ("Immigration office, Eldoret town", 8), "{backend}");
        assert!(audited(&app, "office_changed").await[0].contains("was Immigration office, Eldoret"), "{backend}");

        // Other roles, other agencies: refused, nothing changed.
        let ntsa_before = app.store.offices_of_agency("ntsa").await.unwrap();
        for id in ["10000004", "10000006", "10000007", "10000001"] {
            let mut other = as_user(&app, id).await;
            let (status, _, _) = other.api("/api/staff/offices/update", &change).await;
            assert_eq!(status, 403, "{backend}: {id}");
            assert!(!other.page("/staff/offices").await.1.contains("Add the office"), "{backend}: {id}");
        }
        let ntsa = office_fields("ntsa-nairobi", "Taken over", "1");
        let (status, _, _) = admin.api("/api/staff/offices/update", &ntsa).await;
        assert_eq!(status, 404, "{backend}: another agency's office is not found");
        let mut foreign = ntsa.clone();
        foreign.push(("agency", "ntsa"));
        let (status, _, _) = admin.api("/api/staff/offices/update", &foreign).await;
        assert_eq!(status, 403, "{backend}: an admin cannot pick another agency");
        let (status, _, _) = admin
            .api(
                "/api/staff/offices/close",
                &[("agency", "ntsa"), ("office", "ntsa-nairobi"), ("day", "2099-01-05"), ("reason", "Training")],
            )
            .await;
        assert_eq!(status, 403, "{backend}");
        assert_eq!(app.store.offices_of_agency("ntsa").await.unwrap(), ntsa_before, "{backend}: ntsa untouched");
        assert_eq!(capacity_of(&app, "immigration", "immigration-eldoret").await, Some(8), "{backend}");

        // Platform admins choose the agency, and must.
        let mut platform = as_user(&app, "10000008").await;
        let (_, html) = platform.page("/staff/offices").await;
        assert!(html.contains("Choose an agency") && !html.contains("Nyayo House"), "{backend}");
        let (_, html) = platform.page("/staff/offices?agency=ntsa").await;
        assert!(html.contains(r#"id="office-ntsa-nairobi""#) && !html.contains("immigration-eldoret"), "{backend}");
        let (status, _, body) =
            platform.api("/api/staff/offices/add", &office_fields("ntsa-eldoret", "NTSA Eldoret", "3")).await;
        assert_eq!((status, body.contains("office_agency_unknown")), (400, true), "{backend}: {body}");
        let mut for_ntsa = office_fields("ntsa-eldoret", "NTSA Eldoret", "3");
        for_ntsa.push(("agency", "ntsa"));
        let r = platform.form("/staff/offices?agency=ntsa", "/api/staff/offices/add", &for_ntsa).await;
        assert_eq!(
            r.location,
            "/staff/offices?agency=ntsa&done=added#office-ntsa-eldoret",
            "{backend}: {:?}",
            r.error()
        );
        assert_eq!(capacity_of(&app, "ntsa", "ntsa-eldoret").await, Some(3), "{backend}");
    }
}

#[tokio::test]
async fn capacity_and_closures_never_strand_a_booked_citizen_and_a_closed_day_is_not_offered_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let days = working_days_from(Date::from_unix_eat(app.clock.now() + MIN_NOTICE_SECS), 3);
        let (booked_day, free_day) = (days[1], days[2]);
        let slot = slots_on(booked_day)[2];

        // Two citizens' applications booked into one slot of the Nairobi office (capacity 4).
        let (mut citizen, first, bill) = applied(&app).await;
        pay_by_paybill(&app, &bill, "TDC7OFF0001", 1).await;
        let (second, bill) = submit_passport(&app, &mut citizen, "Wanjiku Njeri").await;
        pay_by_paybill(&app, &bill, "TDC7OFF0002", 1).await;
        for r in [&first, &second] {
            let (status, body) = book(&mut citizen, r, slot).await;
            assert_eq!(status, 200, "{backend}: {body}");
        }

        let mut admin = as_user(&app, "10000005").await;
        let (_, html) = admin.page("/staff/offices").await;
        assert!(html.contains(r#"<td class="num">2</td>"#), "{backend}: two bookings in the next 14 days: {html}");

        // Below what the slot holds: refused, naming the slot; nothing changed.
        let nairobi = |capacity: &'static str| {
            vec![
                ("office", OFFICE),
                ("name", "Immigration, Nyayo House"),
                ("town", "Nairobi"),
                ("address", "Nyayo House, Kenyatta Avenue"),
                ("capacity", capacity),
            ]
        };
        let r = admin.form("/staff/offices", "/api/staff/offices/update", &nairobi("1")).await;
        let error = r.error().expect("refused");
        assert_eq!(error["Problem"]["problem"], "office_overbooked", "{backend}: {error}");
        assert_eq!(
            (error["Problem"]["starts_at"].as_i64(), error["Problem"]["booked"].as_i64()),
            (Some(slot), Some(2))
        );
        let (_, page) = admin.page(&r.location).await;
        let when = format!(
            "2 citizens are booked on {} at {}",
            app::appointments::texts::day_label(app::i18n::Lang::En, booked_day),
            app::appointments::texts::clock_time(slot)
        );
        assert!(page.contains(&when), "{backend}: the refusal names the slot: {when}");
        let office = app.store.offices_of_agency("immigration").await.unwrap();
        let office = office.iter().find(|o| o.code == OFFICE).unwrap();
        assert_eq!((office.capacity, office.name.contains("Nyayo House")), (4, false), "{backend}: nothing changed");
        // Down to exactly what it holds: allowed.
        let (status, _, body) = admin.api("/api/staff/offices/update", &nairobi("2")).await;
        assert_eq!(status, 200, "{backend}: {body}");
        assert_eq!(capacity_of(&app, "immigration", OFFICE).await, Some(2), "{backend}");

        // A day with bookings cannot close; another day can, once.
        let (booked_iso, free_iso) = (booked_day.iso(), free_day.iso());
        let booked_close = [("office", OFFICE), ("day", booked_iso.as_str()), ("reason", "Staff training")];
        let (status, _, body) = admin.api("/api/staff/offices/close", &booked_close).await;
        assert_eq!(status, 409, "{backend}: {body}");
        assert!(body.contains("office_day_booked") && body.contains("\"bookings\":2"), "{backend}: {body}");
        assert!(app.store.closed_days(OFFICE, &booked_iso, &booked_iso).await.unwrap().is_empty(), "{backend}");
        let fields = [("office", OFFICE), ("day", free_iso.as_str()), ("reason", "Staff training")];
        for (bad_day, bad_reason, expected) in [
            (
                Date::from_days(Date::from_unix_eat(app.clock.now()).to_days() - 1).iso(),
                "Staff training",
                "closure_date_invalid",
            ),
            (free_day.iso(), "x", "closure_reason_invalid"),
        ] {
            let bad = [("office", OFFICE), ("day", bad_day.as_str()), ("reason", bad_reason)];
            let (status, _, body) = admin.api("/api/staff/offices/close", &bad).await;
            assert!(status == 400 && body.contains(expected), "{backend}: {status} {body}");
        }
        let r = admin.form("/staff/offices", "/api/staff/offices/close", &fields).await;
        assert!(r.location.contains("done=closed"), "{backend}: {:?}", r.error());
        let (status, _, body) = admin.api("/api/staff/offices/close", &fields).await;
        assert_eq!((status, body.contains("office_already_closed")), (409, true), "{backend}: {body}");
        let (_, html) = admin.page("/staff/offices").await;
        assert!(html.contains(&format!("{}: Staff training", free_day.iso())), "{backend}: the closure is listed");

        // Citizens are not offered the closed day, and cannot book it directly.
        let (_, page) = citizen.page(&format!("/applications/{first}?office={OFFICE}")).await;
        let free_slot = slots_on(free_day)[0];
        assert!(!page.contains(&format!("value=\"{free_slot}\"")), "{backend}: the closed day is not shown");
        assert!(page.contains(&format!("value=\"{}\"", slots_on(booked_day)[0])), "{backend}: other days still are");
        let (status, body) = book(&mut citizen, &first, free_slot).await;
        assert_eq!((status, body.contains("office_closed_that_day")), (409, true), "{backend}: {body}");
        let app_id = app.store.application(&first).await.unwrap().unwrap().id;
        assert_eq!(app.store.appointments_of(app_id).await.unwrap()[0].starts_at, slot, "{backend}: still booked");

        // Reopened: offered and bookable again; reopening twice is refused.
        let reopen = [("office", OFFICE), ("day", free_iso.as_str())];
        let (status, _, body) = admin.api("/api/staff/offices/reopen", &reopen).await;
        assert_eq!(status, 200, "{backend}: {body}");
        let (status, _, body) = admin.api("/api/staff/offices/reopen", &reopen).await;
        assert_eq!((status, body.contains("office_not_closed")), (409, true), "{backend}: {body}");
        let (status, body) = book(&mut citizen, &first, free_slot).await;
        assert_eq!(status, 200, "{backend}: {body}");

        for kind in ["office_changed", "office_closed", "office_reopened"] {
            assert_eq!(audited(&app, kind).await.len(), 1, "{backend}: {kind}");
        }
    }
}

#[tokio::test]
async fn bookings_racing_a_closure_and_a_lower_capacity_never_leave_a_closed_day_booked_or_a_slot_overfull() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let day = working_days_from(Date::from_unix_eat(app.clock.now() + MIN_NOTICE_SECS), 2)[1];
        let slot = slots_on(day)[4];
        let (mut citizen, first, bill) = applied(&app).await;
        pay_by_paybill(&app, &bill, "TDC7RACE000", 1).await;
        let mut references = vec![first];
        for i in 1..4 {
            let (r, bill) = submit_passport(&app, &mut citizen, &format!("Wanjiku {i}")).await;
            pay_by_paybill(&app, &bill, &format!("TDC7RACE00{i}"), 1).await;
            references.push(r);
        }
        let admin = as_user(&app, "10000005").await;
        let post = |cookie: String, path: &'static str, body: String| {
            let req = app
                .client
                .post(format!("{}{path}", app.address))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json")
                .header("origin", &app.address)
                .header("cookie", cookie)
                .body(body);
            async move { req.send().await.expect("post").status().as_u16() }
        };
        let (citizen_cookie, admin_cookie) = (citizen.cookie_header().unwrap(), admin.cookie_header().unwrap());
        let mut presses: Vec<_> = references
            .iter()
            .map(|r| {
                let body = format!("reference={r}&step=0&office={OFFICE}&starts_at={slot}");
                futures::future::Either::Left(post(citizen_cookie.clone(), "/api/appointments/book", body))
            })
            .collect();
        let close = format!("office={OFFICE}&day={}&reason=Staff+training", day.iso());
        let lower =
            format!("office={OFFICE}&name=Nairobi&town=Nairobi&address=Nyayo+House%2C+Kenyatta+Avenue&capacity=1");
        presses
            .insert(2, futures::future::Either::Right(post(admin_cookie.clone(), "/api/staff/offices/close", close)));
        presses
            .insert(1, futures::future::Either::Right(post(admin_cookie.clone(), "/api/staff/offices/update", lower)));
        let statuses = futures::future::join_all(presses).await;

        let booked = app.store.slot_bookings(OFFICE, slot, slot + 1).await.unwrap().first().map_or(0, |(_, n)| *n);
        let closed = !app.store.closed_days(OFFICE, &day.iso(), &day.iso()).await.unwrap().is_empty();
        let capacity = capacity_of(&app, "immigration", OFFICE).await.unwrap();
        assert!(!closed || booked == 0, "{backend}: closed with {booked} booked ({statuses:?})");
        assert!(booked <= capacity, "{backend}: {booked} booked over capacity {capacity} ({statuses:?})");
        assert!(statuses.iter().all(|s| [200, 409].contains(s)), "{backend}: {statuses:?}");
    }
}
