//! The service charter's promise: when an application's due date passes while the agency owes
//! the next step, the charter clock flags it once, sets a new date in working days, records
//! the breach in its history, and queues one apology SMS — in one transaction. The citizen
//! sees the apology and the new date; the agency's queue shows the flag. On SQLite and
//! PostgreSQL.

use crate::accounts::{app_with_accounts, sign_in};
use crate::helpers::{all_dbs, connect};
use crate::outbox::pay_by_paybill;
use crate::payments::applied;
use app::applications::calendar::Date;
use app::applications::service::flag_charter_breaches;
use app::applications::state::{Event, State};
use app::clock::Clock;

#[tokio::test]
async fn a_missed_charter_date_is_flagged_once_with_an_apology_and_a_new_date() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let (_, reference, bill) = applied(&app).await;
        assert_eq!(flag_charter_breaches(&app.state, 100).await.unwrap(), 0, "{backend}: unpaid owes nothing");
        pay_by_paybill(&app, &bill, "TDB5CHARTR1", 1).await;
        let paid = app.store.application(&reference).await.unwrap().unwrap();
        assert_eq!(paid.state, State::Queued, "{backend}");
        let promised = paid.due_date.clone().expect("a charter date once paid");

        // On the due day itself the agency is not late.
        while Date::from_unix_eat(app.clock.now()).iso() < promised {
            app.clock.advance(86_400);
        }
        assert_eq!(flag_charter_breaches(&app.state, 100).await.unwrap(), 0, "{backend}: due today is not late");

        // The day after, it is: flagged once, however often the clock runs.
        app.clock.advance(86_400);
        let today = Date::from_unix_eat(app.clock.now()).iso();
        assert_eq!(flag_charter_breaches(&app.state, 100).await.unwrap(), 1, "{backend}");
        assert_eq!(flag_charter_breaches(&app.state, 100).await.unwrap(), 0, "{backend}: flagged once");
        let late = app.store.application(&reference).await.unwrap().unwrap();
        assert_eq!(late.state, State::Queued, "{backend}: a breach moves nothing");
        assert_eq!(late.charter_missed_on.as_deref(), Some(promised.as_str()), "{backend}");
        let new_due = late.due_date.clone().unwrap();
        assert!(new_due > today, "{backend}: the new date {new_due} is after today {today}");
        let events = app.store.events_of_application(late.id).await.unwrap();
        let last = events.last().unwrap();
        assert_eq!((last.event, last.from, last.to), (Event::CharterBreached, State::Queued, State::Queued));
        assert!(last.note.contains(&promised) && last.note.contains(&new_due), "{backend}: {}", last.note);

        // One apology reaches the citizen's phone, naming both dates.
        app::notifications::service::deliver_due(&app.state).await.unwrap();
        let (_, sms) = app.get_json("/sim/sms/messages?to=254712000001").await;
        let apologies: Vec<String> = sms["messages"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|m| m["text"].as_str().map(String::from))
            .filter(|t| t.contains("We are sorry"))
            .collect();
        assert_eq!(apologies.len(), 1, "{backend}: {apologies:?}");
        assert!(apologies[0].contains(&reference), "{backend}: {}", apologies[0]);

        // The citizen's page says sorry and gives the new date; the agency's queue flags it.
        // (Weeks passed on the clock: both sign in afresh.)
        let mut citizen = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
        let (_, page) = citizen.page(&format!("/applications/{reference}")).await;
        assert!(
            page.contains("We are sorry") && page.contains(&new_due) && page.contains(&promised),
            "{backend}: {page}"
        );
        let mut officer = sign_in(&app, "10000004", "Harambee-Demo-2026", "0712000004").await;
        let (_, queue) = officer.page("/staff/applications").await;
        assert!(queue.contains(&reference) && queue.contains("Charter breached: 1"), "{backend}: the queue flags it");

        // If the new date is missed too, that is flagged (and apologised for) again.
        while Date::from_unix_eat(app.clock.now()).iso() <= new_due {
            app.clock.advance(86_400);
        }
        assert_eq!(flag_charter_breaches(&app.state, 100).await.unwrap(), 1, "{backend}: the second miss");
        let again = app.store.application(&reference).await.unwrap().unwrap();
        assert_eq!(again.charter_missed_on.as_deref(), Some(new_due.as_str()), "{backend}");
        // Received, the receipt and two apologies.
        let total = app.store.notice_counts().await.unwrap().iter().map(|(_, n)| n).sum::<i64>();
        assert_eq!(total, 4, "{backend}");
    }
}
