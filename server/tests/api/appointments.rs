//! Appointments for a service's in-person step: only a paid application books; the office must
//! be the agency's and the time one of its slots, far enough ahead; a slot never takes more
//! citizens than its capacity, even when they press at once; moving gives the old place back;
//! cancelling frees it; the citizen gets the booking by SMS. On SQLite and PostgreSQL.

use crate::accounts::{app_with_accounts, sign_in};
use crate::helpers::{TestApp, all_dbs, connect};
use crate::outbox::pay_by_paybill;
use crate::payments::{applied, submit_passport};
use app::applications::calendar::Date;
use app::appointments::schedule::{MIN_NOTICE_SECS, slots_on, working_days_from};
use app::clock::Clock;

const OFFICE: &str = "immigration-nairobi";

/// The first slot on the second working day from now: always bookable.
fn a_slot(app: &TestApp, k: usize) -> i64 {
    let day = working_days_from(Date::from_unix_eat(app.clock.now() + MIN_NOTICE_SECS), 2)[1];
    slots_on(day)[k]
}

async fn book(
    browser: &mut crate::accounts::Browser<'_>,
    reference: &str,
    office: &str,
    starts_at: i64,
) -> (u16, String) {
    let at = starts_at.to_string();
    let (status, _, body) = browser
        .api(
            "/api/appointments/book",
            &[("reference", reference), ("step", "0"), ("office", office), ("starts_at", &at)],
        )
        .await;
    (status, body)
}

async fn taken(app: &TestApp, starts_at: i64) -> i64 {
    let rows = app.store.slot_bookings(OFFICE, starts_at, starts_at + 1).await.unwrap();
    rows.first().map_or(0, |(_, n)| *n)
}

#[tokio::test]
async fn a_paid_application_books_moves_and_cancels_and_a_slot_never_overfills() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let (mut a, reference, bill) = applied(&app).await;
        let slot = a_slot(&app, 0);

        // Before paying: nothing to book yet.
        let (_, page) = a.page(&format!("/applications/{reference}")).await;
        assert!(page.contains("once your bill is paid"), "{backend}");
        assert_eq!(book(&mut a, &reference, OFFICE, slot).await.0, 409, "{backend}: unpaid");

        pay_by_paybill(&app, &bill, "TDC6APPT001", 1).await;
        let (_, page) = a.page(&format!("/applications/{reference}?office={OFFICE}")).await;
        assert!(page.contains("Book this time") && page.contains("4 places left"), "{backend}: the free times");

        // Bad input: refused with a reason, nothing booked.
        for (office, at, want) in [
            ("ntsa-nairobi", slot, 400),         // another agency's office
            ("nowhere", slot, 400),              // no such office
            (OFFICE, slot + 60, 400),            // not on the half-hour grid
            (OFFICE, app.clock.now() + 60, 400), // too soon
            (OFFICE, slot - 7 * 86_400, 400),    // in the past
        ] {
            let (status, body) = book(&mut a, &reference, office, at).await;
            assert_eq!(status, want, "{backend}: {office} {at}: {body}");
        }
        let (status, _, _) = a
            .api(
                "/api/appointments/book",
                &[("reference", &reference), ("step", "3"), ("office", OFFICE), ("starts_at", &slot.to_string())],
            )
            .await;
        assert_eq!(status, 409, "{backend}: the service has one in-person step");
        let mut b = sign_in(&app, "10000002", "Harambee-Demo-2026", "0712000002").await;
        assert_eq!(book(&mut b, &reference, OFFICE, slot).await.0, 404, "{backend}: another citizen's application");
        assert!(
            app.store
                .appointments_of(app.store.application(&reference).await.unwrap().unwrap().id)
                .await
                .unwrap()
                .is_empty()
        );

        // Booked; the confirmation reaches the phone.
        let (status, body) = book(&mut a, &reference, OFFICE, slot).await;
        assert_eq!(status, 200, "{backend}: {body}");
        assert_eq!(taken(&app, slot).await, 1, "{backend}");
        app::notifications::service::deliver_due(&app.state).await.unwrap();
        let (_, sms) = app.get_json("/sim/sms/messages?to=254712000001").await;
        let confirmations = sms["messages"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|m| m["text"].as_str())
            .filter(|t| t.contains("Biometrics at an immigration office on"))
            .count();
        assert_eq!(confirmations, 1, "{backend}: {sms}");
        let (_, page) = a.page(&format!("/applications/{reference}")).await;
        assert!(page.contains("Booked") && page.contains("Nyayo House"), "{backend}");
        // The clock's reminder pass (run here with a window reaching the slot) queues one
        // reminder per booking, however often it runs or on how many servers.
        let now = app.clock.now();
        assert_eq!(app.store.queue_reminders(now, slot).await.unwrap(), 1, "{backend}");
        assert_eq!(app.store.queue_reminders(now, slot).await.unwrap(), 0, "{backend}: once");
        assert_eq!(app.store.queue_reminders(now, slot - 1).await.unwrap(), 0, "{backend}: not before its window");
        app::notifications::service::deliver_due(&app.state).await.unwrap();
        let phone = app::contact::PhoneNumber::parse("0712000001").unwrap();
        let texts: Vec<String> = app.sims.sms.messages(Some(&phone)).into_iter().map(|m| m.text).collect();
        let reminders: Vec<&String> = texts.iter().filter(|t| t.contains("Reminder for")).collect();
        let citizen = app.store.application(&reference).await.unwrap().unwrap().citizen_id;
        assert_eq!(reminders.len(), 1, "{backend}: {texts:?} {:?}", app.store.notices_of(citizen, 10).await.unwrap());
        let reminder = reminders[0];
        assert!(
            reminder.starts_with(&format!("Mlango: Reminder for {reference}: Biometrics at an immigration office on ")),
            "{backend}: {reminder}"
        );

        // Four more paid applications press for the same slot at once: three places are left.
        let mut others = Vec::new();
        for i in 0..4 {
            let (r, bill) = submit_passport(&app, &mut a, &format!("Wanjiku {i}")).await;
            pay_by_paybill(&app, &bill, &format!("TDC6APPT1{i:02}"), 1).await;
            others.push(r);
        }
        let cookie = a.cookie_header().expect("signed in");
        let presses = others.iter().map(|r| {
            let req = app
                .client
                .post(format!("{}/api/appointments/book", app.address))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json")
                .header("origin", &app.address)
                .header("cookie", &cookie)
                .body(format!("reference={r}&step=0&office={OFFICE}&starts_at={slot}"));
            async move { req.send().await.expect("post").status().as_u16() }
        });
        let mut statuses = futures::future::join_all(presses).await;
        statuses.sort();
        assert_eq!(statuses, vec![200, 200, 200, 409], "{backend}: capacity 4, one place was taken");
        assert_eq!(taken(&app, slot).await, 4, "{backend}");

        // Moving gives the old place back; cancelling frees the new one.
        let later = a_slot(&app, 3);
        assert_eq!(book(&mut a, &reference, OFFICE, later).await.0, 200, "{backend}");
        assert_eq!((taken(&app, slot).await, taken(&app, later).await), (3, 1), "{backend}");
        let app_id = app.store.application(&reference).await.unwrap().unwrap().id;
        let booked = app.store.appointments_of(app_id).await.unwrap();
        assert_eq!((booked.len(), booked[0].starts_at), (1, later), "{backend}: one live booking, moved");
        let (status, _, _) = a.api("/api/appointments/cancel", &[("reference", &reference), ("step", "0")]).await;
        assert_eq!(status, 200, "{backend}");
        assert_eq!(taken(&app, later).await, 0, "{backend}");
        assert!(app.store.appointments_of(app_id).await.unwrap().is_empty(), "{backend}");
        let (status, _, _) = a.api("/api/appointments/cancel", &[("reference", &reference), ("step", "0")]).await;
        assert_eq!(status, 409, "{backend}: nothing left to cancel");
    }
}
