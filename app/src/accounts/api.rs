//! Server functions for accounts: public, stable endpoints under `/api/` (DESIGN decision 6).
//! Each authorises first, calls the flow in [`super::service`], and answers a plain HTML form
//! with a redirect (errors travel back in `__err`, shown by the form page).

use super::service::{self, NextStep};
use super::session::{Access, authorize};
use crate::error::AppError;
use crate::ssr::{request_lang, state};
use leptos::prelude::*;

/// Whether the caller is a browser form post (it follows redirects) rather than an API client.
pub fn is_form_post() -> bool {
    use_context::<axum::http::request::Parts>()
        .and_then(|p| {
            p.headers.get(axum::http::header::ACCEPT).and_then(|v| v.to_str().ok()).map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

/// Applies a flow's outcome: cookie, redirect, or the error with its HTTP status for API clients.
/// (A form post keeps the redirect status so the browser returns to the form with the error.)
pub fn finish(result: Result<NextStep, AppError>) -> Result<String, AppError> {
    let resp = use_context::<leptos_axum::ResponseOptions>();
    match result {
        Ok(step) => {
            if let (Some(resp), Some(cookie)) = (&resp, step.cookie.as_deref())
                && let Ok(v) = axum::http::HeaderValue::from_str(cookie)
            {
                resp.append_header(axum::http::header::SET_COOKIE, v);
            }
            leptos_axum::redirect(&step.to);
            Ok(step.to)
        }
        Err(e) => Err(reject(e)),
    }
}

/// Gives an error its HTTP status (and `Retry-After`) for API clients, and returns it.
pub fn reject(e: AppError) -> AppError {
    let Some(resp) = use_context::<leptos_axum::ResponseOptions>().filter(|_| !is_form_post()) else { return e };
    if let Ok(status) = axum::http::StatusCode::from_u16(e.status_code()) {
        resp.set_status(status);
    }
    let wait = match &e {
        AppError::TooManyRequests { retry_after_secs } => Some(*retry_after_secs),
        AppError::Problem(crate::error::Problem::AccountWaiting { wait_secs }) => Some(*wait_secs),
        _ => None,
    };
    if let Some(v) = wait.and_then(|secs| axum::http::HeaderValue::from_str(&secs.max(1).to_string()).ok()) {
        resp.insert_header(axum::http::header::RETRY_AFTER, v);
    }
    e
}

/// Sign-up step 1: who you are (checked with the identity registry).
#[server(prefix = "/api", endpoint = "auth/signup")]
pub async fn signup(
    account_type: String,
    document_kind: Option<String>,
    document_number: String,
    first_name: String,
    year_of_birth: String,
) -> Result<String, AppError> {
    let caller = authorize(Access::Public).map_err(reject)?;
    let state = state().map_err(reject)?;
    finish(
        service::signup_identity(
            &state,
            &caller,
            &account_type,
            document_kind.as_deref(),
            &document_number,
            &first_name,
            &year_of_birth,
        )
        .await,
    )
}

/// Sign-up step 2: phone, email, password and consent; sends the phone code.
#[server(prefix = "/api", endpoint = "auth/signup/contact")]
pub async fn signup_contact(
    phone: String,
    email: Option<String>,
    password: String,
    accept_terms: Option<String>,
) -> Result<String, AppError> {
    let caller = authorize(Access::Public).map_err(reject)?;
    let state = state().map_err(reject)?;
    let email = email.unwrap_or_default();
    finish(
        service::signup_contact(&state, &caller, request_lang(), &phone, &email, &password, accept_terms.is_some())
            .await,
    )
}

/// Sign-in step 1: ID number or email, password, and where to send the code.
#[server(prefix = "/api", endpoint = "auth/login")]
pub async fn login(
    login: String,
    password: String,
    channel: Option<String>,
    next: Option<String>,
) -> Result<String, AppError> {
    let caller = authorize(Access::Public).map_err(reject)?;
    let state = state().map_err(reject)?;
    let channel = channel.unwrap_or_else(|| "sms".into());
    finish(service::login(&state, &caller, request_lang(), &login, &password, &channel, next.as_deref()).await)
}

/// The one-time code for the current step (sign-up, sign-in or reset).
#[server(prefix = "/api", endpoint = "auth/otp")]
pub async fn verify_code(code: String) -> Result<String, AppError> {
    let caller = authorize(Access::Public).map_err(reject)?;
    let state = state().map_err(reject)?;
    finish(service::verify_code(&state, &caller, request_lang(), &code).await)
}

/// Sends the current step's code again.
#[server(prefix = "/api", endpoint = "auth/otp/resend")]
pub async fn resend_code() -> Result<String, AppError> {
    let caller = authorize(Access::Public).map_err(reject)?;
    let state = state().map_err(reject)?;
    finish(service::resend_code(&state, &caller, request_lang()).await)
}

/// Starts a password reset.
#[server(prefix = "/api", endpoint = "auth/reset")]
pub async fn reset_start(login: String, channel: Option<String>) -> Result<String, AppError> {
    let caller = authorize(Access::Public).map_err(reject)?;
    let state = state().map_err(reject)?;
    let channel = channel.unwrap_or_else(|| "sms".into());
    finish(service::reset_start(&state, &caller, request_lang(), &login, &channel).await)
}

/// Finishes a password reset with the new password.
#[server(prefix = "/api", endpoint = "auth/reset/password")]
pub async fn reset_password(password: String, sign_out_everywhere: Option<String>) -> Result<String, AppError> {
    let caller = authorize(Access::Public).map_err(reject)?;
    let state = state().map_err(reject)?;
    finish(service::reset_password(&state, &caller, &password, sign_out_everywhere.is_some()).await)
}

/// Signs out: the session ends on the server, not just in the browser.
#[server(prefix = "/api", endpoint = "auth/logout")]
pub async fn logout() -> Result<String, AppError> {
    let caller = authorize(Access::Public).map_err(reject)?;
    let state = state().map_err(reject)?;
    finish(service::logout(&state, &caller).await)
}

/// Ends one of your sessions (by its id on the sessions page), or `others` for all but this one.
#[server(prefix = "/api", endpoint = "account/sessions/revoke")]
pub async fn revoke_session(session: String) -> Result<String, AppError> {
    let caller = authorize(Access::SignedIn).map_err(reject)?;
    let state = state().map_err(reject)?;
    finish(service::revoke_session(&state, &caller, session.trim()).await)
}

/// Everything Mlango holds about the caller, as a JSON download (Kenya DPA s.26 right of access).
#[server(prefix = "/api", endpoint = "account/export", input = server_fn::codec::GetUrl)]
pub async fn export_my_data() -> Result<serde_json::Value, AppError> {
    let caller = authorize(Access::SignedIn).map_err(reject)?;
    let state = state().map_err(reject)?;
    let data = super::privacy::export(&state, &caller).await.map_err(reject)?;
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.insert_header(
            axum::http::header::CONTENT_DISPOSITION,
            axum::http::HeaderValue::from_static("attachment; filename=\"mlango-my-data.json\""),
        );
    }
    Ok(data)
}

/// Changes your phone number (or email): needs a sign-in within 10 minutes, then a code to the new one.
#[server(prefix = "/api", endpoint = "account/contact")]
pub async fn change_contact(phone: Option<String>, email: Option<String>) -> Result<String, AppError> {
    let caller = authorize(Access::SignedIn).map_err(reject)?;
    let state = state().map_err(reject)?;
    finish(service::change_contact(&state, &caller, request_lang(), phone.as_deref(), email.as_deref()).await)
}

/// An agent asks a citizen for permission to act for them; the citizen receives a code.
#[server(prefix = "/api", endpoint = "agent/assist")]
pub async fn assist_request(document_number: String) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(&[crate::accounts::model::Role::Agent])).map_err(reject)?;
    let state = state().map_err(reject)?;
    finish(service::assist_request(&state, &caller, request_lang(), &document_number).await)
}

/// An agent stops acting for a citizen.
#[server(prefix = "/api", endpoint = "agent/assist/end")]
pub async fn assist_end() -> Result<String, AppError> {
    let caller = authorize(Access::Roles(&[crate::accounts::model::Role::Agent])).map_err(reject)?;
    let state = state().map_err(reject)?;
    finish(service::assist_end(&state, &caller).await)
}
