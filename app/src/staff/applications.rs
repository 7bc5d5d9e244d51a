//! The officer's side of applications: the agency's queue (longest-waiting first) and one
//! application with the decision forms. Every opening is logged for the citizen to see.

use super::queue::{CharterStatus, Cursor, OPEN_STATES, PAGE_SIZE, Thresholds, charter_status, due_key, parse_filter};
use super::texts::queue_texts;
use crate::accounts::pages::{FormError, LoadError, SignInRequired, eat};
use crate::accounts::service::store_err;
use crate::accounts::session::{Access, authorize, page_account};
use crate::applications::api::DECIDERS;
use crate::applications::calendar::Date;
use crate::applications::pages::{answers_view, history_view, uploads_view};
use crate::applications::state::{Actor, Event, State, actor_of, next};
use crate::applications::texts::app_texts;
use crate::error::AppError;
use crate::paging::{self, Pager, Seek};
use crate::ssr::{request_lang, state};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/staff/applications`: the agency's open applications, most urgent charter date first,
/// with counts by charter status, filters, search and "take it" buttons. Filters are a plain
/// GET form, so the page works without JavaScript and every view has an address.
#[component]
pub fn QueuePage() -> impl IntoView {
    let lang = request_lang();
    let a = app_texts(lang);
    let q = queue_texts(lang);
    let Some(me) = page_account() else { return view! { <SignInRequired /> }.into_any() };
    let params = use_query_map().get_untracked();
    let param = |k: &str| params.get(k);
    let (charter, state_param, search, assigned, after, before) =
        (param("charter"), param("state"), param("q"), param("assigned"), param("after"), param("before"));
    let filter = parse_filter(
        charter.as_deref(),
        state_param.as_deref(),
        search.as_deref(),
        assigned.as_deref(),
        after.as_deref(),
        before.as_deref(),
    );
    let state = state();
    let caller = authorize(Access::Roles(DECIDERS));
    let me_id = me.id;
    let load = {
        let filter = filter.clone();
        async move {
            caller?;
            let state = state?;
            let agency = me.agency.clone().ok_or(AppError::Forbidden)?;
            let t = Thresholds::on(Date::from_unix_eat(state.clock.now()));
            let counts = state.store.queue_counts(&agency, &t).await.map_err(store_err)?;
            let rows = match &filter {
                Ok(f) => state.store.agency_queue(&agency, me.id, f, &t, PAGE_SIZE + 1).await.map_err(store_err)?,
                Err(_) => Vec::new(),
            };
            Ok::<_, AppError>((counts, rows, t, state))
        }
    };
    // The address of this view with some parameters changed (empty values dropped).
    let current: Vec<(&'static str, String)> = [
        ("charter", charter.clone()),
        ("state", state_param.clone()),
        ("q", search.clone()),
        ("assigned", assigned.clone()),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.filter(|v| !v.trim().is_empty()).map(|v| (k, v)))
    .collect();
    let link = move |extra: &[(&'static str, String)]| {
        let mut pairs: Vec<(&str, String)> =
            current.iter().filter(|(k, _)| !extra.iter().any(|(e, _)| e == k)).cloned().collect();
        pairs.extend(extra.iter().cloned());
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
            .finish();
        if query.is_empty() { "/staff/applications".to_string() } else { format!("/staff/applications?{query}") }
    };
    let here = link(
        &[after.clone().map(|v| ("after", v)), before.clone().map(|v| ("before", v))]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>(),
    );
    let selected_charter = filter.as_ref().ok().and_then(|f| f.charter);
    let selected_state = filter.as_ref().ok().and_then(|f| f.state);
    let search_value = filter.as_ref().map(|f| f.search.clone()).unwrap_or_default();
    let mine = filter.as_ref().is_ok_and(|f| f.mine);
    let unassigned = filter.as_ref().is_ok_and(|f| f.unassigned);
    view! {
        <Title text=format!("{} – Mlango", a.queue_heading) />
        <h1>{a.queue_heading}</h1>
        {filter.clone().err().map(|p| view! {
            <div class="error-summary" role="alert" tabindex="-1"><p>{(q.bad_filter)(p)}</p></div>
        })}
        <form method="get" action="/staff/applications" class="filters">
            <div class="field">
                <label for="queue-q">{q.search_label}</label>
                <input id="queue-q" name="q" type="search" maxlength="60" value=search_value />
            </div>
            <div class="field">
                <label for="queue-charter">{q.charter_label}</label>
                <select id="queue-charter" name="charter">
                    <option value="">{q.any}</option>
                    {CharterStatus::ALL.into_iter().map(|c| view! {
                        <option value=c.code() selected=selected_charter == Some(c)>{(q.charter)(c)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="queue-state">{q.state_label}</label>
                <select id="queue-state" name="state">
                    <option value="">{q.any}</option>
                    {OPEN_STATES.into_iter().map(|s| view! {
                        <option value=s.code() selected=selected_state == Some(s)>{(a.state)(s)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="queue-assigned">{q.officer_label}</label>
                <select id="queue-assigned" name="assigned">
                    <option value="">{q.any}</option>
                    <option value="me" selected=mine>{q.mine}</option>
                    <option value="none" selected=unassigned>{q.nobody}</option>
                </select>
            </div>
            <div class="button-row">
                <button type="submit" class="button">{q.show}</button>
                <a href="/staff/applications">{q.clear}</a>
            </div>
        </form>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (counts, rows, t, state) = match load.await {
                    Ok(x) => x,
                    Err(e) => {
                        return view! { <LoadError error=e /> }.into_any();
                    }
                };
                let summary = counts
                    .iter()
                    .map(|(status, n)| {
                        let href = link(&[("charter", status.code().to_string())]);
                        view! {
                            <li><a href=href class=format!("tag tag-{}", status.code())>{format!("{}: {n}", (q.charter)(*status))}</a></li>
                        }
                    })
                    .collect_view();
                let seek = match filter.as_ref().map(|f| (f.after.clone(), f.before.clone())) {
                    Ok((Some(c), _)) => Seek::After(c),
                    Ok((None, Some(c))) => Seek::Before(c),
                    _ => Seek::First,
                };
                let page = paging::page(rows, &seek, false, PAGE_SIZE as usize);
                let links = page.links(false, |r| Cursor { due: due_key(r.app.due_date.as_deref()), id: r.app.id }.encode());
                let (prev, next) = (links.prev.map(|p| link(&[p])), links.next.map(|p| link(&[p])));
                let rows = page.rows;
                let live = state.catalogue.current();
                let table = if rows.is_empty() {
                    let empty = if filter.is_ok() && current_is_empty(&link) { a.queue_empty } else { q.none_match };
                    view! { <p>{empty}</p> }.into_any()
                } else {
                    let body = rows
                        .into_iter()
                        .map(|row| {
                            let app = row.app;
                            let name = live.catalogue.service(&app.service_code).map(|s| s.name.get(lang).to_string()).unwrap_or(app.service_code.clone());
                            let status = charter_status(app.state, app.due_date.as_deref(), app.charter_missed_on.as_deref(), &t);
                            let officer = match (row.assignee, app.assigned_to) {
                                (Some(who), Some(id)) if id == me_id => view! {
                                    <form method="post" action="/api/staff/applications/assign" class="inline-form">
                                        {who}" "
                                        <input type="hidden" name="reference" value=app.reference.clone() />
                                        <input type="hidden" name="to" value="none" />
                                        <input type="hidden" name="held_by" value=id.to_string() />
                                        <input type="hidden" name="back" value=here.clone() />
                                        <button type="submit" class="button button-secondary button-small">{q.give_back}</button>
                                    </form>
                                }.into_any(),
                                (Some(who), _) => view! { {who} }.into_any(),
                                (None, _) => view! {
                                    <form method="post" action="/api/staff/applications/assign" class="inline-form">
                                        <input type="hidden" name="reference" value=app.reference.clone() />
                                        <input type="hidden" name="to" value="me" />
                                        <input type="hidden" name="held_by" value="" />
                                        <input type="hidden" name="back" value=here.clone() />
                                        <button type="submit" class="button button-small">{q.take}</button>
                                    </form>
                                }.into_any(),
                            };
                            view! {
                                <tr>
                                    <td><a href=format!("/staff/applications/{}", app.reference)>{app.reference.clone()}</a></td>
                                    <td>{row.applicant}</td>
                                    <td>{name}</td>
                                    <td>{(a.state)(app.state)}</td>
                                    <td>{app.due_date.clone().unwrap_or_default()}" "
                                        <strong class=format!("tag tag-{}", status.code())>{(q.charter)(status)}</strong>
                                    </td>
                                    <td>{officer}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! {
                        <div class="table-wrap">
                            <table class="table">
                                <thead><tr>
                                    <th scope="col">{a.reference}</th><th scope="col">{q.applicant}</th><th scope="col">{a.service}</th>
                                    <th scope="col">{a.status}</th><th scope="col">{a.due}</th><th scope="col">{q.officer_label}</th>
                                </tr></thead>
                                <tbody>{body}</tbody>
                            </table>
                        </div>
                    }
                    .into_any()
                };
                view! {
                    <FormError endpoints=&["/api/staff/applications/assign"] />
                    <h2 class="visually-hidden">{q.summary}</h2>
                    <ul class="queue-summary">{summary}</ul>
                    {table}
                    <Pager prev next prev_label=q.previous_page next_label=q.next_page label=q.pages_label />
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// Whether the queue is shown unfiltered (so an empty page means an empty queue).
fn current_is_empty(link: &impl Fn(&[(&'static str, String)]) -> String) -> bool {
    link(&[]) == "/staff/applications"
}

/// `/staff/applications/:reference`: one application and the decision forms.
#[component]
pub fn StaffApplicationPage() -> impl IntoView {
    let lang = request_lang();
    let a = app_texts(lang);
    let q = queue_texts(lang);
    let Some(me) = page_account() else {
        return view! { <SignInRequired /> }.into_any();
    };
    let reference = use_params_map().with_untracked(|p| p.get("reference")).unwrap_or_default();
    let state = state();
    let caller = authorize(Access::Roles(DECIDERS));
    let load = async move {
        let state = state?;
        let caller = caller?;
        let app = crate::applications::service::officer_application(&state, &caller, &reference).await?;
        let events = state.store.events_of_application(app.id).await.map_err(crate::accounts::service::store_err)?;
        let citizen = state
            .store
            .find_account(crate::accounts::ports::AccountKey::Id(app.citizen_id))
            .await
            .map_err(crate::accounts::service::store_err)?
            .map(|c| c.full_name())
            .unwrap_or_default();
        let service = state.catalogue.current().catalogue.service(&app.service_code).cloned();
        let uploads = state.store.uploads_of(app.id).await.map_err(crate::accounts::service::store_err)?;
        let rating = state.store.rating_of(app.id).await.map_err(crate::accounts::service::store_err)?;
        // The admin may give it to any of the agency's deciders; officers see only who has it.
        let deciders = state.store.deciders_of_agency(&app.agency_code).await.map_err(store_err)?;
        Ok::<_, AppError>((app, events, citizen, service, uploads, rating, deciders))
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (app, events, citizen, service, uploads, rating, deciders) = match load.await {
                    Ok(x) => x,
                    Err(e) => {
                        return view! {
                            <h1>{a.queue_heading}</h1>
                            <LoadError error=e />
                        }
                        .into_any();
                    }
                };
                let name = service.as_ref().map(|s| s.name.get(lang).to_string()).unwrap_or(app.service_code.clone());
                let variant = service
                    .as_ref()
                    .and_then(|s| s.fees.variant(&app.variant_code).map(|v| v.label.get(lang).to_string()))
                    .unwrap_or(app.variant_code.clone());
                let allowed = |e: Event| next(app.state, e, Actor::Officer).is_ok();
                debug_assert_eq!(actor_of(Event::Approve), Actor::Officer);
                let button = |e: Event, action: &'static str, label: &'static str, primary: bool| {
                    allowed(e).then(|| view! {
                        <button type="submit" name="action" value=action class=if primary { "button" } else { "button button-secondary" }>{label}</button>
                    })
                };
                let can_decide =
                    [Event::StartReview, Event::RequestInfo, Event::Approve, Event::Reject, Event::Issue].into_iter().any(allowed);
                let answers = answers_view(lang, service.as_deref(), &app.answers);
                let submitted = app.submitted_at.map(eat).unwrap_or_default();
                let holder = app.assigned_to.and_then(|id| deciders.iter().find(|(d, _)| *d == id).map(|(_, n)| n.clone()));
                let held_by = app.assigned_to.map(|id| id.to_string()).unwrap_or_default();
                let open = OPEN_STATES.contains(&app.state);
                let assign_form = |to: String, label: &'static str, primary: bool| view! {
                    <form method="post" action="/api/staff/applications/assign" class="inline-form">
                        <input type="hidden" name="reference" value=app.reference.clone() />
                        <input type="hidden" name="to" value=to />
                        <input type="hidden" name="held_by" value=held_by.clone() />
                        <button type="submit" class=if primary { "button button-small" } else { "button button-secondary button-small" }>{label}</button>
                    </form>
                };
                let officer_row = view! {
                    <div><dt>{q.officer_label}</dt><dd>
                        {holder.clone().unwrap_or_else(|| q.nobody.to_string())}" "
                        {(open && app.assigned_to.is_none()).then(|| assign_form("me".into(), q.take, true))}
                        {(open && app.assigned_to == Some(me.id)).then(|| assign_form("none".into(), q.give_back, false))}
                    </dd></div>
                };
                let admin_assign = (open && me.role == crate::accounts::model::Role::AgencyAdmin).then(|| view! {
                    <form method="post" action="/api/staff/applications/assign" class="inline-form">
                        <input type="hidden" name="reference" value=app.reference.clone() />
                        <input type="hidden" name="held_by" value=held_by.clone() />
                        <label for="assign-to">{q.give_to}</label>" "
                        <select id="assign-to" name="to">
                            <option value="none">{q.nobody}</option>
                            {deciders.iter().map(|(id, name)| view! {
                                <option value=id.to_string() selected=app.assigned_to == Some(*id)>{name.clone()}</option>
                            }).collect_view()}
                        </select>" "
                        <button type="submit" class="button button-secondary button-small">{q.assign}</button>
                    </form>
                });
                view! {
                    <Title text=format!("{} – {name} – Mlango", app.reference) />
                    <h1>{name}</h1>
                    <FormError endpoints=&["/api/staff/applications/decide", "/api/staff/applications/assign"] />
                    <dl class="summary-list">
                        <div><dt>{a.reference}</dt><dd><code>{app.reference.clone()}</code></dd></div>
                        <div><dt>{a.applicant}</dt><dd>{citizen}</dd></div>
                        <div><dt>{a.option}</dt><dd>{variant}</dd></div>
                        <div><dt>{a.status}</dt><dd><strong>{(a.state)(app.state)}</strong>" · "{submitted}</dd></div>
                        <div><dt>{a.due}</dt><dd>
                            {app.due_date.clone().unwrap_or_default()}
                            {app.charter_missed_on.clone().map(|missed| view! { " " <strong class="flag-late">{a.late}" ("{missed}")"</strong> })}
                        </dd></div>
                        {(app.state == State::Issued).then(|| view! {
                            <div><dt>{a.rating}</dt><dd>{rating.map(|r| format!("{r}/5")).unwrap_or_else(|| a.not_rated.to_string())}</dd></div>
                        })}
                        {officer_row}
                        <div><dt>{a.snapshot}</dt><dd><code class="hash">{app.snapshot_hash.clone().unwrap_or_default()}</code></dd></div>
                    </dl>
                    {admin_assign}
                    <h2>{a.answers_heading}</h2>
                    {answers}
                    {uploads_view(lang, &app.reference, service.as_deref(), &uploads)}
                    <h2>{a.history_heading}</h2>
                    <ol class="steps">{history_view(lang, &events)}</ol>
                    {can_decide.then(|| view! {
                        <h2>{a.decide_heading}</h2>
                        <form method="post" action="/api/staff/applications/decide" class="stack">
                            <input type="hidden" name="reference" value=app.reference.clone() />
                            <input type="hidden" name="version" value=app.version.to_string() />
                            {(allowed(Event::RequestInfo) || allowed(Event::Reject)).then(|| view! {
                                <div class="field">
                                    <label for="note">{a.note_label}</label>
                                    <p class="hint" id="note-hint">{a.note_hint}</p>
                                    <textarea id="note" name="note" rows="3" maxlength="1000" aria-describedby="note-hint"></textarea>
                                </div>
                            })}
                            <div class="button-row">
                                {button(Event::StartReview, "start_review", a.start_review, true)}
                                {button(Event::Approve, "approve", a.approve, true)}
                                {button(Event::RequestInfo, "request_info", a.request_info, false)}
                                {button(Event::Reject, "reject", a.reject, false)}
                                {button(Event::Issue, "issue", a.issue, true)}
                            </div>
                        </form>
                    })}
                    {(app.state == State::Issued).then(|| view! { <p class="notice">{(a.state)(State::Issued)}</p> })}
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}
