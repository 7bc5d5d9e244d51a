//! Server functions of the incidents page: public, stable endpoints (DESIGN decision 6). Each
//! authorises first and answers a plain HTML form with a redirect back to the page.

use super::service::{self, INCIDENT_ROLES};
use crate::accounts::api::{finish, reject};
use crate::accounts::service::NextStep;
use crate::accounts::session::{Access, authorize};
use crate::error::AppError;
use crate::ssr::state;
use leptos::prelude::*;

/// Posts an incident (platform administrators), in English and Kiswahili.
#[server(prefix = "/api", endpoint = "staff/incidents/open")]
pub async fn open_incident(
    component: String,
    severity: String,
    title_en: String,
    title_sw: String,
    message_en: String,
    message_sw: String,
    form_token: String,
) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(INCIDENT_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let result = service::open(
        &state,
        &caller,
        &component,
        &severity,
        (&title_en, &title_sw),
        (&message_en, &message_sw),
        &form_token,
    )
    .await
    .map(|id| NextStep { to: format!("/staff/incidents?posted={id}"), cookie: None });
    finish(result)
}

/// Marks an open incident resolved (platform administrators).
#[server(prefix = "/api", endpoint = "staff/incidents/resolve")]
pub async fn resolve_incident(incident_id: String) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(INCIDENT_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let result = service::resolve(&state, &caller, &incident_id)
        .await
        .map(|id| NextStep { to: format!("/staff/incidents?resolved={id}"), cookie: None });
    finish(result)
}
