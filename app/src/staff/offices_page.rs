//! `/staff/offices`: the agency admin's offices — what each sees per half hour, how many
//! citizens are booked over the next two weeks, the days it is closed — with forms to add an
//! office, change one, and close or reopen a day. Platform admins choose the agency
//! (`?agency=CODE`). Plain forms: it works without JavaScript.

use super::offices::{OFFICE_ROLES, OVERVIEW_DAYS, managed_agency};
use super::offices_texts::{OfficeTexts, office_texts};
use crate::accounts::api::{finish, reject};
use crate::accounts::model::Role;
use crate::accounts::pages::{FormError, LoadError, SignInRequired};
use crate::accounts::service::{NextStep, store_err};
use crate::accounts::session::{Access, authorize, page_account};
use crate::applications::calendar::Date;
use crate::appointments::ports::Office;
use crate::error::AppError;
use crate::ssr::{query_param, request_lang, state};
use leptos::prelude::*;
use leptos_meta::Title;

/// Every endpoint whose errors the page shows.
const ENDPOINTS: &[&str] =
    &["/api/staff/offices/add", "/api/staff/offices/update", "/api/staff/offices/close", "/api/staff/offices/reopen"];

/// Where a change returns to: the agency's offices, at the office changed.
fn back(agency: &str, done: &str, office: &str) -> NextStep {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("agency", agency)
        .append_pair("done", done)
        .finish();
    NextStep { to: format!("/staff/offices?{query}#office-{office}"), cookie: None }
}

/// The agency a change is for, as the form sent it (platform admins name it; an agency
/// admin's own is used when absent).
fn agency_of(caller: &crate::accounts::session::Caller, sent: &Option<String>) -> String {
    caller.account().ok().and_then(|a| a.agency.clone()).or_else(|| sent.clone()).unwrap_or_default()
}

/// Adds an office to the agency.
#[server(prefix = "/api", endpoint = "staff/offices/add")]
pub async fn add_office(
    agency: Option<String>,
    code: String,
    name: String,
    town: String,
    address: String,
    capacity: String,
) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(OFFICE_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let result =
        super::offices::add_office(&state, &caller, agency.as_deref(), &code, &name, &town, &address, &capacity)
            .await
            .map(|office| back(&agency_of(&caller, &agency), "added", &office));
    finish(result)
}

/// Changes an office's name, town, address and citizens per half hour.
#[server(prefix = "/api", endpoint = "staff/offices/update")]
pub async fn update_office(
    agency: Option<String>,
    office: String,
    name: String,
    town: String,
    address: String,
    capacity: String,
) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(OFFICE_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let result =
        super::offices::update_office(&state, &caller, agency.as_deref(), &office, &name, &town, &address, &capacity)
            .await
            .map(|office| back(&agency_of(&caller, &agency), "saved", &office));
    finish(result)
}

/// Closes an office on a day (refused while the day has bookings).
#[server(prefix = "/api", endpoint = "staff/offices/close")]
pub async fn close_office_day(
    agency: Option<String>,
    office: String,
    day: String,
    reason: String,
) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(OFFICE_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let result = super::offices::close_day(&state, &caller, agency.as_deref(), &office, &day, &reason)
        .await
        .map(|office| back(&agency_of(&caller, &agency), "closed", &office));
    finish(result)
}

/// Reopens a day an office was closed on.
#[server(prefix = "/api", endpoint = "staff/offices/reopen")]
pub async fn reopen_office_day(agency: Option<String>, office: String, day: String) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(OFFICE_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let result = super::offices::reopen_day(&state, &caller, agency.as_deref(), &office, &day)
        .await
        .map(|office| back(&agency_of(&caller, &agency), "reopened", &office));
    finish(result)
}

/// What the page shows for one agency.
struct Overview {
    agency: String,
    agency_name: String,
    offices: Vec<(Office, i64)>,
    closures: Vec<super::offices::Closure>,
}

/// `/staff/offices`.
#[component]
pub fn OfficesPage() -> impl IntoView {
    let lang = request_lang();
    let t = office_texts(lang);
    let Some(me) = page_account() else { return view! { <SignInRequired /> }.into_any() };
    let asked = query_param("agency").filter(|a| !a.trim().is_empty());
    let done = query_param("done").and_then(|d| (t.done)(&d));
    let state = state();
    let caller = authorize(Access::Roles(OFFICE_ROLES));
    let platform = me.role == Role::PlatformAdmin;
    let asked_for_load = asked.clone();
    let load = async move {
        let caller = caller?;
        let state = state?;
        let live = state.catalogue.current();
        let mut agencies: Vec<(String, String)> = if platform {
            live.catalogue
                .agencies()
                .iter()
                .map(|a| (a.code.as_str().to_string(), a.name.get(lang).to_string()))
                .collect()
        } else {
            Vec::new()
        };
        agencies.sort_by(|a, b| a.1.cmp(&b.1));
        if platform && asked_for_load.is_none() {
            return Ok::<_, AppError>((agencies, None));
        }
        let (_, agency) = managed_agency(&state, &caller, asked_for_load.as_deref())?;
        let now = state.clock.now();
        let offices = state.store.offices_of_agency(&agency).await.map_err(store_err)?;
        let booked =
            state.store.office_bookings(&agency, now, now + OVERVIEW_DAYS * 86_400).await.map_err(store_err)?;
        let closures =
            state.store.agency_closures(&agency, &Date::from_unix_eat(now).iso()).await.map_err(store_err)?;
        let offices = offices
            .into_iter()
            .map(|o| {
                let n = booked.iter().find(|(code, _)| *code == o.code).map_or(0, |(_, n)| *n);
                (o, n)
            })
            .collect();
        let agency_name =
            live.catalogue.agency(&agency).map(|a| a.name.get(lang).to_string()).unwrap_or(agency.clone());
        Ok((agencies, Some(Overview { agency, agency_name, offices, closures })))
    };
    view! {
        <Title text=format!("{} – Mlango", t.heading) />
        <h1>{t.heading}</h1>
        <p>{t.lead}</p>
        {done.map(|d| view! { <div class="notice" role="status"><p>{d}</p></div> })}
        <FormError endpoints=ENDPOINTS />
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (agencies, overview) = match load.await {
                    Ok(x) => x,
                    Err(e) => return view! { <LoadError error=e /> }.into_any(),
                };
                let chooser = platform.then(|| {
                    let chosen = overview.as_ref().map(|o| o.agency.clone());
                    view! {
                        <form method="get" action="/staff/offices" class="inline-form">
                            <label for="office-agency">{t.agency_label}</label>
                            <select id="office-agency" name="agency">
                                {agencies.iter().map(|(code, name)| view! {
                                    <option value=code.clone() selected=chosen.as_deref() == Some(code.as_str())>{name.clone()}</option>
                                }).collect_view()}
                            </select>
                            <button type="submit" class="button button-secondary">{t.choose_agency}</button>
                        </form>
                    }
                });
                let body = match overview {
                    None => view! { <p>{t.choose_agency_first}</p> }.into_any(),
                    Some(o) => overview_view(t, o).into_any(),
                };
                view! { {chooser} {body} }.into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// The agency's offices: the overview table, one card per office, and the add form.
fn overview_view(t: &'static OfficeTexts, o: Overview) -> impl IntoView {
    let agency = o.agency.clone();
    let closures_of = |code: &str| o.closures.iter().filter(|c| c.office_code == code).cloned().collect::<Vec<_>>();
    let rows = o
        .offices
        .iter()
        .map(|(office, booked)| {
            let closed = closures_of(&office.code);
            let closed = if closed.is_empty() {
                t.none.to_string()
            } else {
                closed.iter().map(|c| c.day.clone()).collect::<Vec<_>>().join(", ")
            };
            view! {
                <tr>
                    <th scope="row"><a href=format!("#office-{}", office.code)>{office.name.clone()}</a></th>
                    <td>{office.town.clone()}</td>
                    <td class="num">{office.capacity}</td>
                    <td class="num">{*booked}</td>
                    <td>{closed}</td>
                </tr>
            }
        })
        .collect_view();
    let table = if o.offices.is_empty() {
        view! { <p>{t.no_offices}</p> }.into_any()
    } else {
        view! {
            <div class="table-wrap">
                <table class="table">
                    <thead><tr>
                        <th scope="col">{t.office}</th><th scope="col">{t.town}</th><th scope="col">{t.capacity}</th>
                        <th scope="col">{t.booked}</th><th scope="col">{t.closed}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let cards =
        o.offices.iter().map(|(office, _)| office_card(t, &agency, office, closures_of(&office.code))).collect_view();
    view! {
        <h2>{o.agency_name.clone()}</h2>
        {table}
        <ul class="cards">{cards}</ul>
        <h2>{t.add_heading}</h2>
        <form method="post" action="/api/staff/offices/add" class="stack">
            <input type="hidden" name="agency" value=agency.clone() />
            <div class="field">
                <label for="new-code">{t.code}</label>
                <p class="hint" id="new-code-hint">{(t.code_hint)(&agency)}</p>
                <input id="new-code" name="code" type="text" maxlength="60" required=true autocomplete="off" spellcheck="false" aria-describedby="new-code-hint" />
            </div>
            {detail_fields(t, "new", None)}
            <button type="submit" class="button">{t.add}</button>
        </form>
    }
}

/// The name, town, address and capacity inputs, filled from `office` when changing one.
fn detail_fields(t: &'static OfficeTexts, id: &str, office: Option<&Office>) -> impl IntoView + use<> {
    let value = |f: fn(&Office) -> String| office.map(f).unwrap_or_default();
    let ids = ["name", "town", "address", "capacity"].map(|f| format!("{id}-{f}"));
    let capacity_hint = format!("{id}-capacity-hint");
    view! {
        <div class="field">
            <label for=ids[0].clone()>{t.name}</label>
            <input id=ids[0].clone() name="name" type="text" maxlength="100" required=true value=value(|o| o.name.clone()) />
        </div>
        <div class="field">
            <label for=ids[1].clone()>{t.town}</label>
            <input id=ids[1].clone() name="town" type="text" maxlength="60" required=true value=value(|o| o.town.clone()) />
        </div>
        <div class="field">
            <label for=ids[2].clone()>{t.address}</label>
            <input id=ids[2].clone() name="address" type="text" maxlength="200" required=true value=value(|o| o.address.clone()) />
        </div>
        <div class="field">
            <label for=ids[3].clone()>{t.capacity}</label>
            <p class="hint" id=capacity_hint.clone()>{t.capacity_hint}</p>
            <input id=ids[3].clone() name="capacity" type="number" min="1" max="50" inputmode="numeric" required=true aria-describedby=capacity_hint value=value(|o| o.capacity.to_string()) />
        </div>
    }
}

/// One office: its details, closures with reopen buttons, and the change and close forms.
fn office_card(
    t: &'static OfficeTexts,
    agency: &str,
    office: &Office,
    closures: Vec<super::offices::Closure>,
) -> impl IntoView + use<> {
    let code = office.code.clone();
    let closed = if closures.is_empty() {
        view! { <p>{t.none}</p> }.into_any()
    } else {
        let items = closures
            .into_iter()
            .map(|c| {
                view! {
                    <li>
                        {(t.closure_line)(&c.day, &c.reason, &c.closed_by_name)}
                        <form method="post" action="/api/staff/offices/reopen" class="inline-form">
                            <input type="hidden" name="agency" value=agency.to_string() />
                            <input type="hidden" name="office" value=code.clone() />
                            <input type="hidden" name="day" value=c.day.clone() />
                            <button type="submit" class="button button-secondary button-small">{(t.reopen)(&c.day)}</button>
                        </form>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="plain-list">{items}</ul> }.into_any()
    };
    let day_id = format!("{code}-day");
    let reason_id = format!("{code}-reason");
    view! {
        <li class="card" id=format!("office-{code}")>
            <h3>{office.name.clone()}</h3>
            <dl class="summary-list">
                <div><dt>{t.code}</dt><dd><code>{code.clone()}</code></dd></div>
                <div><dt>{t.town}</dt><dd>{office.town.clone()}</dd></div>
                <div><dt>{t.address}</dt><dd>{office.address.clone()}</dd></div>
                <div><dt>{t.capacity}</dt><dd>{office.capacity}</dd></div>
            </dl>
            <h4>{t.closed}</h4>
            {closed}
            <details>
                <summary>{t.change}</summary>
                <form method="post" action="/api/staff/offices/update" class="stack">
                    <input type="hidden" name="agency" value=agency.to_string() />
                    <input type="hidden" name="office" value=code.clone() />
                    {detail_fields(t, &code, Some(office))}
                    <button type="submit" class="button">{t.save}</button>
                </form>
            </details>
            <details>
                <summary>{t.close_heading}</summary>
                <form method="post" action="/api/staff/offices/close" class="stack">
                    <input type="hidden" name="agency" value=agency.to_string() />
                    <input type="hidden" name="office" value=code.clone() />
                    <div class="field">
                        <label for=day_id.clone()>{t.day}</label>
                        <p class="hint" id=format!("{day_id}-hint")>{t.day_hint}</p>
                        <input id=day_id.clone() name="day" type="date" required=true aria-describedby=format!("{day_id}-hint") />
                    </div>
                    <div class="field">
                        <label for=reason_id.clone()>{t.reason}</label>
                        <p class="hint" id=format!("{reason_id}-hint")>{t.reason_hint}</p>
                        <input id=reason_id.clone() name="reason" type="text" maxlength="200" required=true aria-describedby=format!("{reason_id}-hint") />
                    </div>
                    <button type="submit" class="button button-secondary">{t.close}</button>
                </form>
            </details>
        </li>
    }
}
