//! Booking, moving and cancelling appointments: authorise, check against the schedule and the
//! agency's offices, then one store call.

use super::ports::{Booking, BookingRefusal};
use super::schedule::{SlotProblem, check_open_slot, may_book};
use crate::accounts::service::store_err;
use crate::accounts::session::Caller;
use crate::applications::calendar::Date;
use crate::applications::ports::Application;
use crate::applications::service::own_application;
use crate::error::{AppError, Problem};
use crate::notifications::outbox::{NewNotice, NoticeKind};
use crate::ssr::AppState;

/// The caller's application, if it may book for the in-person step `step` (a number as sent).
async fn bookable(
    state: &AppState,
    caller: &Caller,
    reference: &str,
    step: &str,
) -> Result<(Application, i64), AppError> {
    let app = own_application(state, caller, reference).await?;
    let step: i64 = step.trim().parse().map_err(|_| Problem::AppointmentNotAllowed)?;
    let steps = state.catalogue.current().catalogue.service(&app.service_code).map(|s| s.in_person_steps.len());
    let in_range = usize::try_from(step).ok().zip(steps).is_some_and(|(i, n)| i < n);
    if !in_range || !may_book(app.state) {
        return Err(Problem::AppointmentNotAllowed.into());
    }
    Ok((app, step))
}

/// Books the slot at `office` starting at `starts_at` (Unix seconds, as sent) for the step, or
/// moves the step's booking there; queues an SMS confirmation. Returns the application
/// reference, the office's code and the step.
pub async fn book(
    state: &AppState,
    caller: &Caller,
    reference: &str,
    step: &str,
    office: &str,
    starts_at: &str,
) -> Result<(String, String, i64), AppError> {
    let (app, step) = bookable(state, caller, reference, step).await?;
    let offices = state.store.offices_of_agency(&app.agency_code).await.map_err(store_err)?;
    let office = offices.iter().find(|o| o.code == office.trim()).ok_or(Problem::OfficeUnknown)?;
    let starts_at: i64 = starts_at.trim().parse().map_err(|_| Problem::SlotInvalid)?;
    let now = state.clock.now();
    let day = Date::from_unix_eat(starts_at).iso();
    let closed: Vec<Date> = state
        .store
        .closed_days(&office.code, &day, &day)
        .await
        .map_err(store_err)?
        .iter()
        .filter_map(|d| crate::staff::fees::parse_iso(d))
        .collect();
    check_open_slot(starts_at, now, &closed).map_err(|p: SlotProblem| {
        tracing::info!(reference = %app.reference, starts_at, problem = ?p, "slot refused");
        if p == SlotProblem::Closed { Problem::OfficeClosedThatDay } else { Problem::SlotInvalid }
    })?;
    let booking = Booking {
        application_id: app.id,
        step,
        office_code: office.code.clone(),
        starts_at,
        now,
        notice: NewNotice {
            dedupe_key: format!("appointment:{}:{step}:{}:{starts_at}:{now}", app.id, office.code),
            kind: NoticeKind::AppointmentBooked,
            subject: format!("{}:{step}", app.reference),
            citizen_id: Some(app.citizen_id),
            phone: None,
        },
    };
    match state.store.book(&booking).await.map_err(store_err)? {
        Ok(id) => {
            tracing::info!(appointment = id, reference = %app.reference, office = %office.code, starts_at, "appointment booked");
            crate::notifications::outbox::wake();
            Ok((app.reference, office.code.clone(), step))
        }
        Err(BookingRefusal::Full) => Err(Problem::SlotFull.into()),
        Err(BookingRefusal::NoOffice) => Err(Problem::OfficeUnknown.into()),
        // Closed after the check above, by an admin at the same moment.
        Err(BookingRefusal::Closed) => Err(Problem::OfficeClosedThatDay.into()),
    }
}

/// Cancels the step's booking (a place freed for someone else). Returns the application reference.
pub async fn cancel(state: &AppState, caller: &Caller, reference: &str, step: &str) -> Result<String, AppError> {
    let app = own_application(state, caller, reference).await?;
    let step: i64 = step.trim().parse().map_err(|_| Problem::AppointmentNotAllowed)?;
    if !state.store.cancel_appointment(app.id, step, state.clock.now()).await.map_err(store_err)? {
        return Err(Problem::AppointmentNotAllowed.into());
    }
    tracing::info!(reference = %app.reference, step, "appointment cancelled");
    Ok(app.reference)
}
