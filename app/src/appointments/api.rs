//! Server functions for appointments (stable endpoints under `/api/appointments/`).

use super::service;
use crate::accounts::api::{finish, reject};
use crate::accounts::model::Role;
use crate::accounts::service::NextStep;
use crate::accounts::session::{Access, authorize};
use crate::error::AppError;
use crate::ssr::state;
use leptos::prelude::*;

/// Who books: the citizen who applied.
const APPLICANTS: &[Role] = &[Role::Citizen];

/// Books (or moves to) a slot for an in-person step of the caller's application.
#[server(prefix = "/api", endpoint = "appointments/book")]
pub async fn book_appointment(
    reference: String,
    step: String,
    office: String,
    starts_at: String,
) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(APPLICANTS)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let result =
        service::book(&state, &caller, &reference, &step, &office, &starts_at).await.map(|(r, office, step)| {
            NextStep {
                to: format!("/applications/{r}?booked=1&office={office}&step={step}#appointments"),
                cookie: None,
            }
        });
    finish(result)
}

/// Cancels the booking for an in-person step of the caller's application.
#[server(prefix = "/api", endpoint = "appointments/cancel")]
pub async fn cancel_appointment(reference: String, step: String) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(APPLICANTS)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let result = service::cancel(&state, &caller, &reference, &step)
        .await
        .map(|r| NextStep { to: format!("/applications/{r}#appointments"), cookie: None });
    finish(result)
}
