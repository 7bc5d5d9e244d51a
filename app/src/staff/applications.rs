//! The officer's side of applications: the agency's queue (longest-waiting first) and one
//! application with the decision forms. Every opening is logged for the citizen to see.

use crate::accounts::pages::{FormError, LoadError, SignInRequired, eat};
use crate::accounts::session::{Access, authorize, page_account};
use crate::applications::api::DECIDERS;
use crate::applications::pages::{answers_view, history_view, uploads_view};
use crate::applications::state::{Actor, Event, State, actor_of, next};
use crate::applications::texts::app_texts;
use crate::error::AppError;
use crate::ssr::{request_lang, state};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/staff/applications`: the agency's open applications.
#[component]
pub fn QueuePage() -> impl IntoView {
    let lang = request_lang();
    let a = app_texts(lang);
    let Some(me) = page_account() else { return view! { <SignInRequired /> }.into_any() };
    let state = state();
    let caller = authorize(Access::Roles(DECIDERS));
    let load = async move {
        caller?;
        let state = state?;
        let agency = me.agency.clone().ok_or(AppError::Forbidden)?;
        let apps =
            state.store.applications_for_agency(&agency, 200).await.map_err(crate::accounts::service::store_err)?;
        Ok::<_, AppError>((apps, state))
    };
    view! {
        <Title text=format!("{} – Mlango", a.queue_heading) />
        <h1>{a.queue_heading}</h1>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (apps, state) = match load.await {
                    Ok(x) => x,
                    Err(e) => {
                        return view! { <LoadError error=e /> }.into_any();
                    }
                };
                if apps.is_empty() {
                    return view! { <p>{a.queue_empty}</p> }.into_any();
                }
                let live = state.catalogue.current();
                let rows = apps
                    .iter()
                    .map(|app| {
                        let name = live.catalogue.service(&app.service_code).map(|s| s.name.get(lang).to_string()).unwrap_or(app.service_code.clone());
                        view! {
                            <tr>
                                <td><a href=format!("/staff/applications/{}", app.reference)>{app.reference.clone()}</a></td>
                                <td>{name}</td>
                                <td>{(a.state)(app.state)}</td>
                                <td>
                                    {app.due_date.clone().unwrap_or_default()}
                                    {app.charter_missed_on.clone().filter(|_| app.state.clock_running()).map(|missed| view! {
                                        " " <strong class="flag-late">{a.late}" ("{missed}")"</strong>
                                    })}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="table-wrap">
                        <table class="table">
                            <thead><tr><th scope="col">{a.reference}</th><th scope="col">{a.service}</th><th scope="col">{a.status}</th><th scope="col">{a.due}</th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// `/staff/applications/:reference`: one application and the decision forms.
#[component]
pub fn StaffApplicationPage() -> impl IntoView {
    let lang = request_lang();
    let a = app_texts(lang);
    if page_account().is_none() {
        return view! { <SignInRequired /> }.into_any();
    }
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
        Ok::<_, AppError>((app, events, citizen, service, uploads, rating))
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (app, events, citizen, service, uploads, rating) = match load.await {
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
                view! {
                    <Title text=format!("{} – {name} – Mlango", app.reference) />
                    <h1>{name}</h1>
                    <FormError endpoints=&["/api/staff/applications/decide"] />
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
                        <div><dt>{a.snapshot}</dt><dd><code class="hash">{app.snapshot_hash.clone().unwrap_or_default()}</code></dd></div>
                    </dl>
                    <h2>{a.answers_heading}</h2>
                    {answers}
                    {uploads_view(lang, &app.reference, service.as_deref(), &uploads)}
                    <h2>{a.history_heading}</h2>
                    <ol class="steps">{history_view(lang, &events)}</ol>
                    {can_decide.then(|| view! {
                        <h2>{a.decide_heading}</h2>
                        <form method="post" action="/api/staff/applications/decide" class="stack">
                            <input type="hidden" name="reference" value=app.reference.clone() />
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
