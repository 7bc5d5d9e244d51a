//! Server functions for applying (stable endpoints under `/api/applications/`).

use super::service;
use crate::accounts::api::{finish, is_form_post, reject};
use crate::accounts::model::Role;
use crate::accounts::service::NextStep;
use crate::accounts::session::{Access, authorize};
use crate::error::AppError;
use crate::ssr::state;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Who may apply: citizens with their own account.
const APPLICANTS: &[Role] = &[Role::Citizen];

/// Saves a draft application (answers as `answers[field]=value`); with `submit`, also submits it.
/// `client_id`, the form's own draft id, makes saving a new draft twice update the one draft.
#[server(prefix = "/api", endpoint = "applications/save")]
pub async fn save_application(
    service: String,
    variant: Option<String>,
    reference: Option<String>,
    answers: Option<BTreeMap<String, String>>,
    submit: Option<String>,
    client_id: Option<String>,
) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(APPLICANTS)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let result = async {
        let reference = service::save_draft(
            &state,
            &caller,
            reference.as_deref(),
            client_id.as_deref(),
            &service,
            variant.as_deref().unwrap_or(""),
            answers.unwrap_or_default(),
        )
        .await
        .map_err(|e| (e, None))?;
        if submit.is_some()
            && let Err(e) = service::submit(&state, &caller, &reference).await
        {
            return Err((e, Some(reference)));
        }
        Ok(NextStep { to: format!("/applications/{reference}"), cookie: None })
    }
    .await;
    match result {
        Ok(step) => finish(Ok(step)),
        // The draft is saved even when submitting failed: a browser goes back to it, with the problems.
        Err((e, Some(reference))) if is_form_post() => {
            leptos_axum::redirect(&back_to_draft(&service, &reference, &e));
            Err(reject(e))
        }
        Err((e, _)) => finish(Err(e)),
    }
}

/// The apply form of a saved draft, carrying `e` in the same `__path`/`__err` encoding
/// server_fn uses for its own form redirects, so the form page reads it with the one decoder
/// it has for both.
pub fn back_to_draft(service: &str, reference: &str, e: &AppError) -> String {
    let draft = form_urlencoded::Serializer::new(String::new()).append_pair("reference", reference).finish();
    let base = format!("http://mlango.invalid/services/{}/apply?{draft}", service.trim());
    match leptos::server_fn::error::ServerFnUrlError::new(
        <SaveApplication as leptos::server_fn::ServerFn>::PATH,
        e.clone(),
    )
    .to_url(&base)
    {
        Ok(url) => format!("{}?{}", url.path(), url.query().unwrap_or("")),
        Err(_) => format!("/applications/{reference}"),
    }
}

/// Withdraws one of your applications that has not been decided yet.
#[server(prefix = "/api", endpoint = "applications/withdraw")]
pub async fn withdraw_application(reference: String) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(APPLICANTS)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let result = service::withdraw(&state, &caller, &reference)
        .await
        .map(|()| NextStep { to: format!("/applications/{}", reference.trim()), cookie: None });
    finish(result)
}

/// Answers an officer's request for more information.
#[server(prefix = "/api", endpoint = "applications/answer")]
pub async fn answer_application(reference: String, note: String) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(APPLICANTS)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let result = service::answer_info(&state, &caller, &reference, &note)
        .await
        .map(|()| NextStep { to: format!("/applications/{}", reference.trim()), cookie: None });
    finish(result)
}

/// Who decides applications: their agency's officers and admins.
pub const DECIDERS: &[Role] = &[Role::AgencyOfficer, Role::AgencyAdmin];

/// An officer's decision: `action` is start_review, request_info, approve or reject (the last
/// two with a `note` the citizen will read). `version`, sent by the page's form, refuses a
/// decision made on a page another officer's change has made stale.
#[server(prefix = "/api", endpoint = "staff/applications/decide")]
pub async fn decide_application(
    reference: String,
    action: String,
    note: Option<String>,
    version: Option<String>,
) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(DECIDERS)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let result = async {
        let decision = service::Decision::from_code(&action).ok_or(crate::error::Problem::ApplicationLocked)?;
        let seen = optional_number(version.as_deref())?;
        let app = service::decide(&state, &caller, &reference, decision, note.as_deref().unwrap_or(""), seen).await?;
        Ok(NextStep { to: format!("/staff/applications/{}", app.reference), cookie: None })
    }
    .await;
    finish(result)
}

/// Takes an application (`to` = `me`), gives it back (`none`), or, for the agency's admin,
/// gives it to an officer (their account id). `held_by` is who the page showed holding it
/// (empty for nobody): if that changed meanwhile, nothing is changed and the officer is told.
#[server(prefix = "/api", endpoint = "staff/applications/assign")]
pub async fn assign_application(
    reference: String,
    to: String,
    held_by: Option<String>,
    back: Option<String>,
) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(DECIDERS)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let result = async {
        let held_by = optional_number(held_by.as_deref())?;
        let app = service::assign(&state, &caller, &reference, &to, held_by).await?;
        // Back to the queue the officer came from, or to the application.
        let to = match back.as_deref() {
            Some(b) if b.starts_with("/staff/applications?") || b == "/staff/applications" => b.to_string(),
            _ => format!("/staff/applications/{}", app.reference),
        };
        Ok(NextStep { to, cookie: None })
    }
    .await;
    finish(result)
}

/// A hidden number field: empty is none; anything else must be a number (a tampered form is
/// treated as stale rather than guessed at).
fn optional_number(v: Option<&str>) -> Result<Option<i64>, AppError> {
    match v.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(n) => n.parse().map(Some).map_err(|_| crate::error::Problem::ApplicationChanged.into()),
    }
}
