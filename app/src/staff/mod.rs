//! The staff side (agency officers, admins, finance, platform admins, agents). This slice: the
//! staff home and the citizen look-up, whose every use is written to the citizen's
//! "who viewed my data" log.

pub mod agencies;
pub mod agencies_page;
pub mod applications;
pub mod audit;
pub mod fees;
pub mod fees_page;
pub mod finance;
pub mod offices;
pub mod offices_page;
pub mod offices_texts;
pub mod performance;
pub mod performance_page;
pub mod queue;
pub mod reconciliation;
pub mod reconciliation_page;
pub mod reconciliation_texts;
pub mod services;
pub mod services_page;
pub mod services_texts;
pub mod team;
pub mod team_page;
pub mod team_texts;
pub mod texts;

use crate::accounts::model::Role;
use crate::accounts::pages::{FormError, LoadError, SignInRequired};
use crate::accounts::ports::{AccountKey, DataAccess};
use crate::accounts::service::assisted_citizen;
use crate::accounts::session::{Access, Caller, authorize, page_account, page_session};
use crate::accounts::texts::auth_texts;
use crate::error::{AppError, Problem};
use crate::i18n::Lang;
use crate::ssr::{AppState, query_param, request_lang, state};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};
use texts::performance_texts;

/// Roles that may look citizens up.
pub const LOOKUP_ROLES: &[Role] = &[Role::AgencyOfficer, Role::AgencyAdmin, Role::PlatformAdmin];

/// What staff see of a citizen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenSummary {
    /// Full name.
    pub name: String,
    /// Account type code.
    pub account_type: String,
    /// Document kind code.
    pub document_kind: String,
    /// Document number.
    pub document_number: String,
    /// Year of birth.
    pub year_of_birth: u16,
    /// Phone, masked (staff contact citizens through the platform, not directly).
    pub phone: String,
}

/// Looks a citizen up by document number and logs the read where the citizen can see it.
pub async fn look_up_citizen(state: &AppState, caller: &Caller, document: &str) -> Result<CitizenSummary, AppError> {
    let viewer = caller.account()?.clone();
    let citizen = crate::accounts::service::find_citizen(state, document).await?;
    let access = DataAccess {
        at: state.clock.now(),
        citizen_id: citizen.id,
        viewer_id: viewer.id,
        viewer_name: viewer.full_name(),
        viewer_role: viewer.role,
        agency: viewer.agency.clone(),
        what: "Profile looked up by document number".into(),
    };
    // No log, no look-up: a read the citizen cannot see must not happen.
    state.store.record_access(&access).await.map_err(AppError::unavailable)?;
    Ok(CitizenSummary {
        name: citizen.full_name(),
        account_type: citizen.account_type.code().into(),
        document_kind: citizen.document_kind.code().into(),
        document_number: citizen.document_number.clone(),
        year_of_birth: citizen.year_of_birth,
        phone: citizen.phone.masked(),
    })
}

/// Staff look-up of a citizen by document number (logged for the citizen to see).
#[server(prefix = "/api", endpoint = "staff/citizen")]
pub async fn staff_find_citizen(document_number: String) -> Result<CitizenSummary, AppError> {
    use crate::accounts::api::reject;
    let caller = authorize(Access::Roles(LOOKUP_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    look_up_citizen(&state, &caller, &document_number).await.map_err(reject)
}

fn role_name(lang: Lang, role: Role) -> &'static str {
    match (lang, role) {
        (Lang::En, Role::Citizen) => "Citizen",
        (Lang::En, Role::Agent) => "Agent",
        (Lang::En, Role::AgencyOfficer) => "Agency officer",
        (Lang::En, Role::AgencyAdmin) => "Agency administrator",
        (Lang::En, Role::AgencyFinance) => "Agency finance officer",
        (Lang::En, Role::PlatformAdmin) => "Platform administrator",
        (Lang::Sw, Role::Citizen) => "Mwananchi",
        (Lang::Sw, Role::Agent) => "Wakala",
        (Lang::Sw, Role::AgencyOfficer) => "Afisa wa idara",
        (Lang::Sw, Role::AgencyAdmin) => "Msimamizi wa idara",
        (Lang::Sw, Role::AgencyFinance) => "Afisa wa fedha wa idara",
        (Lang::Sw, Role::PlatformAdmin) => "Msimamizi wa jukwaa",
    }
}

/// `/staff`: the staff home, with the citizen look-up for roles allowed to use it.
#[component]
pub fn StaffPage() -> impl IntoView {
    let lang = request_lang();
    let t = auth_texts(lang);
    let Some(a) = page_account() else { return view! { <SignInRequired /> }.into_any() };
    let heading = if lang == Lang::Sw { "Eneo la wafanyakazi" } else { "Staff area" };
    let can_look_up = LOOKUP_ROLES.contains(&a.role);
    let (lookup_label, lookup_hint, lookup_button) = if lang == Lang::Sw {
        ("Tafuta mwananchi kwa nambari ya hati", "Kila utafutaji unaonyeshwa kwa mwananchi huyo.", "Tafuta")
    } else {
        ("Find a citizen by document number", "Every look-up is shown to that citizen.", "Find")
    };
    let document = query_param("document").unwrap_or_default();
    let result = (!document.trim().is_empty() && can_look_up).then(|| {
        let state = state();
        let caller = authorize(Access::Roles(LOOKUP_ROLES));
        let load = async move { look_up_citizen(&state?, &caller?, &document).await };
        view! {
            <Suspense fallback=|| ()>
                {Suspend::new(async move {
                    match load.await {
                        Ok(c) => view! {
                            <dl class="summary-list" id="citizen">
                                <div><dt>{t.name_label}</dt><dd>{c.name}</dd></div>
                                <div><dt>{t.document_label}</dt><dd>{c.document_kind}" "{c.document_number}</dd></div>
                                <div><dt>{t.year_label}</dt><dd>{c.year_of_birth}</dd></div>
                                <div><dt>{t.phone_label}</dt><dd>{c.phone}</dd></div>
                            </dl>
                        }.into_any(),
                        Err(e) => {
                            view! { <LoadError error=e /> }.into_any()
                        }
                    }
                })}
            </Suspense>
        }
    });
    let agency = a.agency.clone().map(|code| view! { " · " {code} });
    let assist = (a.role == Role::Agent).then(|| {
        let acting = page_session().and_then(|s| state().ok().and_then(|st| assisted_citizen(&s, st.clock.now())));
        view! {
            <h2>{t.assist_heading}</h2>
            <FormError endpoints=&["/api/agent/assist", "/api/agent/assist/end"] />
            {acting.map(|_| view! { <p><a class="button" href="/staff/assist">{t.assist_continue}</a></p> })}
            <p>{t.assist_lead}</p>
            <form method="post" action="/api/agent/assist" class="stack">
                <div class="field">
                    <label for="document_number">{t.assist_document_label}</label>
                    <input id="document_number" name="document_number" type="text" required=true />
                </div>
                <button type="submit" class="button">{t.assist_button}</button>
            </form>
        }
    });
    view! {
        <Title text=format!("{heading} – Mlango") />
        <h1>{heading}</h1>
        <p>{a.full_name()}" · "{role_name(lang, a.role)}{agency}</p>
        <FormError endpoints=&["/api/staff/citizen"] />
        {can_look_up.then(|| view! {
            <form method="get" action="/staff" class="stack" role="search">
                <div class="field">
                    <label for="document">{lookup_label}</label>
                    <p class="hint" id="document-hint">{lookup_hint}</p>
                    <input id="document" name="document" type="text" aria-describedby="document-hint" required=true />
                </div>
                <button type="submit" class="button">{lookup_button}</button>
            </form>
        })}
        {crate::applications::api::DECIDERS.contains(&a.role).then(|| view! {
            <p><a class="button" href="/staff/applications">{crate::applications::texts::app_texts(lang).queue_heading}</a></p>
        })}
        {crate::applications::api::DECIDERS.contains(&a.role).then(|| view! {
            <p><a class="button button-secondary" href="/staff/performance">{performance_texts(lang).link}</a></p>
        })}
        {audit::AUDIT_ROLES.contains(&a.role).then(|| view! {
            <p><a class="button button-secondary" href="/staff/audit">{texts::audit_texts(lang).heading}</a></p>
        })}
        {services::SERVICE_ROLES.contains(&a.role).then(|| view! {
            <p><a class="button button-secondary" href="/staff/services">{services_texts::service_texts(lang).heading}</a></p>
        })}
        {fees::FEE_ROLES.contains(&a.role).then(|| view! {
            <p><a class="button button-secondary" href="/staff/fees">{texts::fee_texts(lang).heading}</a></p>
        })}
        {team::TEAM_ROLES.contains(&a.role).then(|| view! { <p><a class="button button-secondary" href="/staff/team">{team_texts::team_texts(lang).heading}</a></p> })}
        {agencies::AGENCY_ROLES.contains(&a.role).then(|| view! { <p><a class="button button-secondary" href="/staff/agencies">{team_texts::agency_texts(lang).heading}</a></p> })}
        {crate::payments::settlement::FINANCE_ROLES.contains(&a.role).then(|| view! {
            <p><a class="button" href="/staff/finance">{crate::payments::texts::settlement_texts(lang).heading}</a></p>
        })}
        {offices::OFFICE_ROLES.contains(&a.role).then(|| view! { <p><a class="button button-secondary" href="/staff/offices">{offices_texts::office_texts(lang).heading}</a></p> })}
        {reconciliation_page::PLATFORM_ROLES.contains(&a.role).then(|| view! { <p><a class="button button-secondary" href="/staff/reconciliation">{reconciliation_texts::reconciliation_texts(lang).heading}</a></p> })}
        {crate::status::service::INCIDENT_ROLES.contains(&a.role).then(|| view! {
            <p><a class="button" href="/staff/incidents">{crate::status::texts::status_texts(lang).staff_heading}</a></p>
        })}
        {result}
        {assist}
    }
    .into_any()
}

/// `/staff/assist`: the citizen an agent is acting for (each view is logged for the citizen).
#[component]
pub fn AssistPage() -> impl IntoView {
    let lang = request_lang();
    let t = auth_texts(lang);
    let Some(session) = page_session() else { return view! { <SignInRequired /> }.into_any() };
    let Some(agent) = session.signed_in().cloned() else { return view! { <SignInRequired /> }.into_any() };
    let state = state();
    let load = async move {
        let state = state?;
        let now = state.clock.now();
        if agent.role != Role::Agent {
            return Err(AppError::Forbidden);
        }
        let citizen_id = assisted_citizen(&session, now).ok_or(Problem::AssistEnded)?;
        let citizen = state
            .store
            .find_account(AccountKey::Id(citizen_id))
            .await
            .map_err(AppError::unavailable)?
            .ok_or(Problem::AssistEnded)?;
        let access = DataAccess {
            at: now,
            citizen_id,
            viewer_id: agent.id,
            viewer_name: agent.full_name(),
            viewer_role: agent.role,
            agency: None,
            what: "Profile viewed by an agent acting for you (with your code)".into(),
        };
        state.store.record_access(&access).await.map_err(AppError::unavailable)?;
        let until = crate::accounts::service::Pending::of(&session.record).assist.map(|(_, u)| u).unwrap_or(now);
        Ok::<_, AppError>((citizen, until))
    };
    view! {
        <Title text=format!("{} – Mlango", t.assist_heading) />
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match load.await {
                    Ok((c, until)) => view! {
                        <h1>{(t.assisting_heading)(&c.full_name())}</h1>
                        <p>{(t.assisting_until)(&crate::accounts::pages::eat(until))}</p>
                        <dl class="summary-list">
                            <div><dt>{t.name_label}</dt><dd>{c.full_name()}</dd></div>
                            <div><dt>{t.document_label}</dt><dd>{c.document_number.clone()}</dd></div>
                            <div><dt>{t.phone_label}</dt><dd>{c.phone.masked()}</dd></div>
                        </dl>
                        <form method="post" action="/api/agent/assist/end">
                            <button type="submit" class="button button-secondary">{t.assist_end_button}</button>
                        </form>
                    }.into_any(),
                    Err(e) => {
                        view! {
                            <h1>{t.assist_heading}</h1>
                            <LoadError error=e />
                            <p><a href="/staff">{t.assist_heading}</a></p>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
    .into_any()
}
