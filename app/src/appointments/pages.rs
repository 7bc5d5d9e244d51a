//! The appointments section of an application's page: what is booked, and the free times at
//! a chosen office, as plain forms (works without JavaScript).

use super::ports::{Appointment, Office};
use super::schedule::{MIN_NOTICE_SECS, SHOWN_DAYS, day_start, may_book, open_days, slots_on, working_days_from};
use super::texts::{appointment_texts, clock_time, day_label};
use crate::accounts::pages::eat;
use crate::accounts::service::store_err;
use crate::applications::calendar::Date;
use crate::applications::ports::Application;
use crate::applications::state::State;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ssr::AppState;
use leptos::prelude::*;

/// One in-person step and what can be done about it.
pub struct StepView {
    /// Index in the service's list.
    pub index: usize,
    /// What it is (biometrics, collection...).
    pub label: String,
    /// The booking, if any.
    pub booked: Option<Appointment>,
}

/// Everything the section shows.
pub struct Section {
    steps: Vec<StepView>,
    can_book: bool,
    before_payment: bool,
    offices: Vec<Office>,
    /// The step the citizen is choosing a time for.
    for_step: usize,
    chosen: Option<Office>,
    /// Free times at the chosen office: day, then (slot start, places left).
    days: Vec<(Date, Vec<(i64, i64)>)>,
    just_booked: bool,
}

/// Loads the section for `app` (`None` when its service has no in-person step). `office` and
/// `step` (as sent) say which office's free times to show, for which step (the first if none).
pub async fn load(
    state: &AppState,
    lang: Lang,
    app: &Application,
    office: Option<String>,
    step: Option<String>,
    just_booked: bool,
) -> Result<Option<Section>, AppError> {
    let live = state.catalogue.current();
    let Some(service) = live.catalogue.service(&app.service_code) else { return Ok(None) };
    if service.in_person_steps.is_empty() {
        return Ok(None);
    }
    let booked = state.store.appointments_of(app.id).await.map_err(store_err)?;
    let steps = service
        .in_person_steps
        .iter()
        .enumerate()
        .map(|(index, label)| StepView {
            index,
            label: label.get(lang).to_string(),
            booked: booked.iter().find(|a| usize::try_from(a.step).ok() == Some(index)).cloned(),
        })
        .collect::<Vec<StepView>>();
    let for_step = step.and_then(|s| s.trim().parse::<usize>().ok()).filter(|i| *i < steps.len()).unwrap_or(0);
    let can_book = may_book(app.state);
    let offices =
        if can_book { state.store.offices_of_agency(&app.agency_code).await.map_err(store_err)? } else { Vec::new() };
    let chosen = office.and_then(|code| offices.iter().find(|o| o.code == code).cloned());
    let mut days = Vec::new();
    if let Some(o) = &chosen {
        let now = state.clock.now();
        // Twice the days shown: late in the afternoon today has no time left, and days the
        // office is closed are skipped (still well within the booking horizon).
        let ahead = working_days_from(Date::from_unix_eat(now + MIN_NOTICE_SECS), SHOWN_DAYS * 2);
        if let (Some(first), Some(last)) = (ahead.first(), ahead.last()) {
            let closed: Vec<Date> = state
                .store
                .closed_days(&o.code, &first.iso(), &last.iso())
                .await
                .map_err(store_err)?
                .iter()
                .filter_map(|d| crate::staff::fees::parse_iso(d))
                .collect();
            let taken = state
                .store
                .slot_bookings(&o.code, day_start(*first), day_start(last.succ()))
                .await
                .map_err(store_err)?;
            for d in open_days(&ahead, &closed) {
                let free: Vec<(i64, i64)> = slots_on(d)
                    .into_iter()
                    .filter(|s| *s >= now + MIN_NOTICE_SECS)
                    .map(|s| (s, o.capacity - taken.iter().find(|(t, _)| *t == s).map_or(0, |(_, n)| *n)))
                    .filter(|(_, left)| *left > 0)
                    .collect();
                if !free.is_empty() && days.len() < SHOWN_DAYS as usize {
                    days.push((d, free));
                }
            }
        }
    }
    let before_payment = matches!(app.state, State::Draft | State::Submitted | State::AwaitingPayment);
    Ok(Some(Section { steps, can_book, before_payment, offices, for_step, chosen, days, just_booked }))
}

/// Renders the section for the application `reference`.
pub fn section(lang: Lang, reference: &str, s: Section) -> impl IntoView + use<> {
    let t = appointment_texts(lang);
    let reference = reference.to_string();
    let steps = s
        .steps
        .into_iter()
        .map(|step| {
            let booked = step.booked.as_ref().map(|a| {
                view! {
                    <p><strong>{t.booked}": "</strong>{eat(a.starts_at)}" — "{a.office.name.clone()}", "{a.office.address.clone()}</p>
                    <form method="post" action="/api/appointments/cancel">
                        <input type="hidden" name="reference" value=reference.clone() />
                        <input type="hidden" name="step" value=step.index.to_string() />
                        <button type="submit" class="button button-secondary">{t.cancel}</button>
                    </form>
                }
            });
            let has_booking = step.booked.is_some();
            let chooser = s.can_book.then(|| {
                if s.offices.is_empty() {
                    return view! { <p>{t.no_offices}</p> }.into_any();
                }
                // The office chosen for this step, else the one it is booked at.
                let this_step = step.index == s.for_step;
                let preferred = s
                    .chosen
                    .as_ref()
                    .filter(|_| this_step)
                    .map(|o| o.code.clone())
                    .or_else(|| step.booked.as_ref().map(|a| a.office.code.clone()));
                let options = s
                    .offices
                    .iter()
                    .map(|o| {
                        let selected = preferred.as_deref() == Some(o.code.as_str());
                        view! { <option value=o.code.clone() selected=selected>{format!("{} — {}", o.town, o.name)}</option> }
                    })
                    .collect_view();
                let select_id = format!("office-{}", step.index);
                let times = s.chosen.as_ref().filter(|_| this_step).map(|o| {
                    if s.days.is_empty() {
                        return view! { <p>{t.none_free}</p> }.into_any();
                    }
                    let days = s
                        .days
                        .iter()
                        .map(|(d, free)| {
                            let radios = free
                                .iter()
                                .map(|(slot, left)| {
                                    let id = format!("slot-{}-{slot}", step.index);
                                    view! {
                                        <div class="radio">
                                            <input type="radio" id=id.clone() name="starts_at" value=slot.to_string() required=true />
                                            <label for=id>{clock_time(*slot)}" "<span class="hint">"("{(t.places_left)(*left)}")"</span></label>
                                        </div>
                                    }
                                })
                                .collect_view();
                            view! { <fieldset class="slots"><legend>{day_label(lang, *d)}</legend>{radios}</fieldset> }
                        })
                        .collect_view();
                    view! {
                        <form method="post" action="/api/appointments/book" class="stack">
                            <input type="hidden" name="reference" value=reference.clone() />
                            <input type="hidden" name="step" value=step.index.to_string() />
                            <input type="hidden" name="office" value=o.code.clone() />
                            {days}
                            <button type="submit" class="button">{t.book}</button>
                        </form>
                    }
                    .into_any()
                });
                view! {
                    <h4>{if has_booking { t.choose_other_time } else { t.choose_time }}</h4>
                    <form method="get" action=format!("/applications/{reference}#appointments") class="inline-fields">
                        <input type="hidden" name="step" value=step.index.to_string() />
                        <label for=select_id.clone()>{t.office_label}</label>
                        <select id=select_id name="office">{options}</select>
                        <button type="submit" class="button button-secondary">{t.show_times}</button>
                    </form>
                    {times}
                }
                .into_any()
            });
            let waiting = s.before_payment.then(|| view! { <p>{t.after_payment}</p> });
            view! {
                <h3>{step.label.clone()}</h3>
                {booked}
                {chooser}
                {waiting}
            }
        })
        .collect_view();
    view! {
        <section id="appointments">
            <h2>{t.heading}</h2>
            {s.just_booked.then(|| view! { <p class="notice" role="status">{t.booked_notice}</p> })}
            {steps}
        </section>
    }
}
