//! `/status`, the public status page (works with the database down: components from memory,
//! and a plain sentence where the incidents would be), and `/staff/incidents`, where platform
//! administrators post and resolve incidents.

use super::model::{Component, Health, Incident, Severity};
use super::service::{INCIDENT_ROLES, StatusReport, report};
use super::texts::{StatusTexts, status_texts};
use crate::accounts::pages::{FormError, LoadError, SignInRequired, eat};
use crate::accounts::session::{Access, authorize, page_account};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ssr::{query_param, request_lang, state};
use leptos::prelude::*;
use leptos_meta::Title;

/// A health in words, marked when it is not good so it stands out.
fn health_view(t: &'static StatusTexts, h: Health) -> impl IntoView {
    match h {
        Health::Operational => view! { <span>{(t.health)(h)}</span> }.into_any(),
        _ => view! { <strong class="flag-late">{(t.health)(h)}</strong> }.into_any(),
    }
}

/// One incident as a card: title, message, what it affects, how badly, when.
fn incident_card(t: &'static StatusTexts, lang: Lang, i: &Incident) -> impl IntoView {
    let when = match i.resolved_at {
        Some(at) => format!("{} · {}", (t.posted)(&eat(i.opened_at)), (t.resolved)(&eat(at))),
        None => (t.posted)(&eat(i.opened_at)),
    };
    view! {
        <article class="card" id=format!("incident-{}", i.id) data-component=i.component.code() data-severity=i.severity.code()>
            <h3>{i.title(lang).to_string()}</h3>
            <p>{i.message(lang).to_string()}</p>
            <p class="hint">
                {t.affects}": "{(t.component)(i.component)}" · "{t.severity_label}": "{(t.severity)(i.severity)}" · "{when}
            </p>
        </article>
    }
}

/// The components and incidents of a report.
fn report_view(t: &'static StatusTexts, lang: Lang, r: StatusReport) -> impl IntoView {
    let components = r
        .components
        .iter()
        .map(|c| {
            view! {
                <div data-component=c.component.code() data-health=c.shown.code()>
                    <dt>{(t.component)(c.component)}</dt>
                    <dd>{health_view(t, c.shown)}</dd>
                </div>
            }
        })
        .collect_view();
    let incidents = match &r.incidents {
        None => view! {
            <h2 id="open-heading">{t.open_heading}</h2>
            <div class="notice notice-warning" role="status" id="incidents-unavailable"><p>{t.incidents_unavailable}</p></div>
        }
        .into_any(),
        Some(_) => {
            let (open, resolved) = (r.open(), r.resolved());
            let open_list = if open.is_empty() {
                view! { <p>{t.no_open}</p> }.into_any()
            } else {
                open.into_iter().map(|i| incident_card(t, lang, i)).collect_view().into_any()
            };
            let resolved_list = if resolved.is_empty() {
                view! { <p>{t.no_resolved}</p> }.into_any()
            } else {
                resolved.into_iter().map(|i| incident_card(t, lang, i)).collect_view().into_any()
            };
            view! {
                <section id="open-incidents" aria-labelledby="open-heading">
                    <h2 id="open-heading">{t.open_heading}</h2>
                    {open_list}
                </section>
                <section id="resolved-incidents" aria-labelledby="resolved-heading">
                    <h2 id="resolved-heading">{t.resolved_heading}</h2>
                    {resolved_list}
                </section>
            }
            .into_any()
        }
    };
    view! {
        <h2 id="components-heading">{t.components_heading}</h2>
        <dl class="summary-list" id="components" data-overall=r.overall().code()>{components}</dl>
        <p class="hint">{(t.checked_at)(&eat(r.checked_at))}</p>
        {incidents}
    }
}

/// `/status`: each component's state now, open incidents, and those resolved recently.
#[component]
pub fn StatusPage() -> impl IntoView {
    let lang = request_lang();
    let t = status_texts(lang);
    let state = state();
    let load = async move { Ok::<_, AppError>(report(&state?).await) };
    view! {
        <Title text=format!("{} – Mlango", t.heading) />
        <h1>{t.heading}</h1>
        <p class="lead">{t.lead}</p>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match load.await {
                    Ok(r) => report_view(t, lang, r).into_any(),
                    Err(e) => view! { <LoadError error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A number from the query (the incident just posted or resolved), digits only.
fn id_param(name: &str) -> Option<String> {
    query_param(name).filter(|v| !v.is_empty() && v.len() <= 18 && v.bytes().all(|b| b.is_ascii_digit()))
}

/// `/staff/incidents`: post an incident, resolve open ones (platform administrators).
#[component]
pub fn IncidentsPage() -> impl IntoView {
    let lang = request_lang();
    let t = status_texts(lang);
    if page_account().is_none() {
        return view! { <SignInRequired /> }.into_any();
    }
    let done = id_param("posted")
        .map(|id| (t.posted_notice)(&id))
        .or_else(|| id_param("resolved").map(|id| (t.resolved_notice)(&id)));
    let state = state();
    let caller = authorize(Access::Roles(INCIDENT_ROLES));
    let load = async move {
        caller?;
        let state = state?;
        let since = state.clock.now() - super::rules::RECENT_SECS;
        let list = state.store.incidents_since(since).await.map_err(crate::accounts::service::store_err)?;
        Ok::<_, AppError>(list.into_iter().filter(Incident::is_open).collect::<Vec<_>>())
    };
    // A fresh token per rendering of the form: the same form sent twice posts one incident.
    let token = uuid::Uuid::new_v4().simple().to_string();
    view! {
        <Title text=format!("{} – Mlango", t.staff_heading) />
        <h1>{t.staff_heading}</h1>
        <p>{t.staff_lead}</p>
        <p><a href="/status">{t.see_public}</a></p>
        {done.map(|text| view! { <div class="notice" role="status"><p>{text}</p></div> })}
        <FormError endpoints=&["/api/staff/incidents/open", "/api/staff/incidents/resolve"] />
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match load.await {
                    Ok(open) => view! {
                        <section aria-labelledby="open-heading">
                            <h2 id="open-heading">{t.open_heading}</h2>
                            {resolve_list(t, lang, open)}
                        </section>
                        {post_form(t, token)}
                    }
                    .into_any(),
                    Err(e) => view! { <LoadError error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

fn resolve_list(t: &'static StatusTexts, lang: Lang, open: Vec<Incident>) -> impl IntoView {
    if open.is_empty() {
        return view! { <p>{t.no_open}</p> }.into_any();
    }
    open.iter()
        .map(|i| {
            view! {
                {incident_card(t, lang, i)}
                <form method="post" action="/api/staff/incidents/resolve" class="inline-form">
                    <input type="hidden" name="incident_id" value=i.id.to_string() />
                    <button type="submit" class="button button-secondary" aria-label=format!("{}: {}", t.resolve_button, i.title(lang))>
                        {t.resolve_button}
                    </button>
                </form>
            }
        })
        .collect_view()
        .into_any()
}

fn post_form(t: &'static StatusTexts, token: String) -> impl IntoView {
    let components =
        Component::ALL.into_iter().map(|c| view! { <option value=c.code()>{(t.component)(c)}</option> }).collect_view();
    let severities =
        Severity::ALL.into_iter().map(|s| view! { <option value=s.code()>{(t.severity)(s)}</option> }).collect_view();
    let title_max = super::rules::TITLE_MAX.to_string();
    let message_max = super::rules::MESSAGE_MAX.to_string();
    view! {
        <section aria-labelledby="post-heading">
            <h2 id="post-heading">{t.post_heading}</h2>
            <form method="post" action="/api/staff/incidents/open" class="stack">
                <input type="hidden" name="form_token" value=token />
                <div class="field">
                    <label for="component">{t.component_label}</label>
                    <select id="component" name="component">{components}</select>
                </div>
                <div class="field">
                    <label for="severity">{t.severity_label}</label>
                    <select id="severity" name="severity">{severities}</select>
                </div>
                <p class="hint" id="title-hint">{t.title_hint}</p>
                <div class="field">
                    <label for="title_en">{t.title_en_label}</label>
                    <input id="title_en" name="title_en" type="text" maxlength=title_max.clone() aria-describedby="title-hint" required=true />
                </div>
                <div class="field">
                    <label for="title_sw">{t.title_sw_label}</label>
                    <input id="title_sw" name="title_sw" type="text" maxlength=title_max aria-describedby="title-hint" required=true />
                </div>
                <p class="hint" id="message-hint">{t.message_hint}</p>
                <div class="field">
                    <label for="message_en">{t.message_en_label}</label>
                    <textarea id="message_en" name="message_en" rows="3" maxlength=message_max.clone() aria-describedby="message-hint" required=true></textarea>
                </div>
                <div class="field">
                    <label for="message_sw">{t.message_sw_label}</label>
                    <textarea id="message_sw" name="message_sw" rows="3" maxlength=message_max aria-describedby="message-hint" required=true></textarea>
                </div>
                <button type="submit" class="button">{t.post_button}</button>
            </form>
        </section>
    }
}
