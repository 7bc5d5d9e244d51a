//! Recording provider outcomes, opening and resolving incidents, and the status report that
//! `/status` and `GET /v1/status` show.

use super::model::{Component, Health, Incident, IncidentRefusal, NewIncident};
use super::rules::{RECENT_SECS, check_incident, database_health, notifies_payers, provider_health, shown_health};
use crate::accounts::model::Role;
use crate::accounts::service::{audit, store_err};
use crate::accounts::session::Caller;
use crate::error::{AppError, Problem};
use crate::ssr::AppState;
use std::time::{Duration, Instant};

/// Who may post and resolve incidents.
pub const INCIDENT_ROLES: &[Role] = &[Role::PlatformAdmin];

/// How long the status page waits for the database before saying it is down: the page must
/// answer quickly precisely when things are failing.
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// Notes one SMS send and whether the provider took it (a refusal of one message, such as a
/// barred number, still shows the provider answering: pass `true` for it).
pub fn record_sms(state: &AppState, ok: bool) {
    state.health.record(Component::Sms, ok, state.clock.now());
}

/// Notes one M-Pesa call (STK push or query) and whether Daraja answered it usefully.
pub fn record_payments(state: &AppState, ok: bool) {
    state.health.record(Component::Payments, ok, state.clock.now());
}

/// One component on the status page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComponentStatus {
    /// Which.
    pub component: Component,
    /// What this server measures.
    pub measured: Health,
    /// What the page shows: the measurement made worse by open incidents.
    pub shown: Health,
}

/// Everything the status page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusReport {
    /// When it was put together (unix seconds).
    pub checked_at: i64,
    /// Each component, in [`Component::ALL`] order.
    pub components: Vec<ComponentStatus>,
    /// Open incidents and those resolved in the last 14 days (open first, newest first);
    /// `None` when they could not be loaded.
    pub incidents: Option<Vec<Incident>>,
}

impl StatusReport {
    /// The worst component.
    pub fn overall(&self) -> Health {
        self.components.iter().map(|c| c.shown).max().unwrap_or(Health::Operational)
    }

    /// Open incidents, newest first.
    pub fn open(&self) -> Vec<&Incident> {
        self.incidents.iter().flatten().filter(|i| i.is_open()).collect()
    }

    /// Incidents resolved in the last 14 days, most recently resolved first.
    pub fn resolved(&self) -> Vec<&Incident> {
        let mut list: Vec<&Incident> = self.incidents.iter().flatten().filter(|i| !i.is_open()).collect();
        list.sort_by_key(|i| std::cmp::Reverse(i.resolved_at));
        list
    }
}

/// Measures each component and loads the incidents. Never fails: with the database down the
/// components come from memory and the incidents are `None`.
pub async fn report(state: &AppState) -> StatusReport {
    let now = state.clock.now();
    let ping = async {
        let started = Instant::now();
        match tokio::time::timeout(CHECK_TIMEOUT, state.store.ping()).await {
            Ok(Ok(())) => Some(started.elapsed()),
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "status: the database did not answer");
                None
            }
            Err(_) => None,
        }
    };
    let incidents = async {
        match tokio::time::timeout(CHECK_TIMEOUT, state.store.incidents_since(now - RECENT_SECS)).await {
            Ok(Ok(list)) => Some(list),
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "status: incidents could not be loaded");
                None
            }
            Err(_) => None,
        }
    };
    let (ping, incidents) = tokio::join!(ping, incidents);
    let components = Component::ALL
        .into_iter()
        .map(|component| {
            let measured = match component {
                // This page being served is the measurement.
                Component::Portal => Health::Operational,
                Component::Database => database_health(ping),
                Component::Payments | Component::Sms => provider_health(&state.health.outcomes(component), now),
            };
            let open = incidents.iter().flatten().filter(|i| i.is_open() && i.component == component);
            ComponentStatus { component, measured, shown: shown_health(measured, open.map(|i| i.severity)) }
        })
        .collect();
    StatusReport { checked_at: now, components, incidents }
}

fn refusal(r: IncidentRefusal) -> AppError {
    match r {
        IncidentRefusal::Unknown => Problem::IncidentUnknown.into(),
        IncidentRefusal::AlreadyResolved => Problem::IncidentResolved.into(),
        IncidentRefusal::AlreadyPosted => Problem::IncidentAlreadyPosted.into(),
    }
}

/// Longest form token accepted (the page sends a 32-character one).
const TOKEN_MAX: usize = 64;

/// Opens an incident as typed into the staff form; citizens with a bill to pay are told when
/// [`notifies_payers`] says so. Returns its id.
pub async fn open(
    state: &AppState,
    caller: &Caller,
    component: &str,
    severity: &str,
    title: (&str, &str),
    message: (&str, &str),
    form_token: &str,
) -> Result<i64, AppError> {
    let admin = caller.account()?.clone();
    let token = form_token.trim();
    if token.is_empty() || token.len() > TOKEN_MAX {
        return Err(AppError::BadRequest("the form has no valid form_token; reload the page".into()));
    }
    let checked = check_incident(component, severity, title, message)?;
    let notify = notifies_payers(checked.component, checked.severity);
    let new = NewIncident {
        component: checked.component,
        severity: checked.severity,
        title_en: checked.title.0,
        title_sw: checked.title.1,
        message_en: checked.message.0,
        message_sw: checked.message.1,
        opened_by: admin.id,
        now: state.clock.now(),
        form_token: token.to_string(),
    };
    let id = state.store.open_incident(&new, notify).await.map_err(store_err)?.map_err(refusal)?;
    let detail = format!("incident {id}: {} {}", new.component.code(), new.severity.code());
    audit(state, "incident_opened", None, Some(admin.id), &caller.client, detail).await;
    if notify {
        crate::notifications::outbox::wake();
    }
    Ok(id)
}

/// Resolves an open incident; whoever was told it opened is told it is over.
pub async fn resolve(state: &AppState, caller: &Caller, incident_id: &str) -> Result<i64, AppError> {
    let admin = caller.account()?.clone();
    let id: i64 = incident_id.trim().parse().map_err(|_| Problem::IncidentUnknown)?;
    state.store.resolve_incident(id, admin.id, state.clock.now()).await.map_err(store_err)?.map_err(refusal)?;
    audit(state, "incident_resolved", None, Some(admin.id), &caller.client, format!("incident {id}")).await;
    crate::notifications::outbox::wake();
    Ok(id)
}
