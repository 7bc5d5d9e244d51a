//! M-Pesa's side of the HTTP surface: the callback endpoints Daraja posts to, public receipt
//! verification at `GET /v1/receipts/{receipt_no}`, and the reconciliation worker that asks
//! about every payment whose callback never came.
//!
//! The callback paths carry a secret token (`MLANGO_MPESA_CALLBACK_TOKEN`): Daraja cannot sign
//! its callbacks, so an unguessable URL plus checking every callback against a push we made
//! and the amount we asked is what keeps forged "paid" callbacks out.

use crate::http::json_error;
use app::payments::service::{self, CallbackReply};
use app::ssr::AppState;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Serialize;
use std::time::Duration;

/// The callback token used by the demo and the tests (simulated M-Pesa only; a real
/// configuration must set its own `MLANGO_MPESA_CALLBACK_TOKEN`).
pub const DEMO_CALLBACK_TOKEN: &str = "demo-callback-token";

/// `/callbacks/mpesa/...` routes.
pub fn callback_router() -> Router<AppState> {
    Router::new()
        .route("/stk/{token}", post(stk))
        .route("/c2b/validation/{token}", post(c2b_validation))
        .route("/c2b/confirmation/{token}", post(c2b_confirmation))
        .layer(DefaultBodyLimit::max(app::payments::daraja::MAX_CALLBACK_BYTES))
}

fn token_ok(state: &AppState, given: &str, what: &str) -> bool {
    // Constant time, so the token cannot be guessed a byte at a time from response times.
    let (a, b) = (state.payments.callback_token.as_bytes(), given.as_bytes());
    let ok = a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0;
    if !ok {
        tracing::warn!(target: "security", callback = what, "M-Pesa callback with a wrong token refused");
    }
    ok
}

fn reply(r: Result<CallbackReply, app::error::AppError>) -> Response {
    match r {
        Ok(r) => (StatusCode::from_u16(r.status).unwrap_or(StatusCode::OK), axum::Json(r.body)).into_response(),
        // Not acknowledged: Daraja (or the paybill timeout rule) decides, and reconciliation
        // catches up with anything that moved money.
        Err(e) => {
            tracing::warn!(error = %e, "M-Pesa callback could not be processed");
            json_error(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "try again")
        }
    }
}

async fn stk(State(state): State<AppState>, Path(given): Path<String>, body: Bytes) -> Response {
    if !token_ok(&state, &given, "stk") {
        return StatusCode::NOT_FOUND.into_response();
    }
    reply(service::stk_callback(&state, &body).await)
}

async fn c2b_validation(State(state): State<AppState>, Path(given): Path<String>, body: Bytes) -> Response {
    if !token_ok(&state, &given, "c2b_validation") {
        return StatusCode::NOT_FOUND.into_response();
    }
    reply(service::c2b_validation(&state, &body).await)
}

async fn c2b_confirmation(State(state): State<AppState>, Path(given): Path<String>, body: Bytes) -> Response {
    if !token_ok(&state, &given, "c2b_confirmation") {
        return StatusCode::NOT_FOUND.into_response();
    }
    reply(service::c2b_confirmation(&state, &body).await)
}

/// `GET /staff/finance/settlement.csv?from=&to=`: the agency's settlement report as CSV, for
/// its finance officers and admins.
pub async fn settlement_csv(
    State(state): State<AppState>,
    session: Option<axum::Extension<app::accounts::session::CurrentSession>>,
    client: Option<axum::Extension<app::accounts::session::ClientInfo>>,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Response {
    let caller = app::accounts::session::Caller {
        session: session.map(|s| s.0),
        client: client.map(|c| c.0).unwrap_or_default(),
    };
    let period = (q.get("from").map(String::as_str), q.get("to").map(String::as_str));
    match app::payments::settlement::agency_settlement(&state, &caller, period.0, period.1).await {
        Ok((agency, period, rows)) => {
            let live = state.catalogue.current();
            let csv = app::payments::settlement::to_csv(&rows, |code| {
                live.catalogue.service(code).map(|s| s.name.en.to_string()).unwrap_or_default()
            });
            let name = format!("settlement-{agency}-{}-{}.csv", period.from.iso(), period.to.iso());
            (
                [
                    (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                    (axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
                    (axum::http::header::CACHE_CONTROL, "private, no-store".to_string()),
                ],
                csv,
            )
                .into_response()
        }
        Err(e) => crate::documents::plain_error(e),
    }
}

/// A receipt as the public may check it: enough to confirm it is genuine, no personal data.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ReceiptCheckDto {
    /// Receipt number.
    pub receipt_no: String,
    /// Always true when found.
    pub valid: bool,
    /// Amount received, e.g. `1050.00`.
    pub amount: String,
    /// Currency code.
    pub currency: String,
    /// Date paid (EAT), `YYYY-MM-DD`.
    pub paid_on: String,
    /// `mpesa_stk` or `mpesa_paybill`.
    pub channel: String,
    /// Bill paid, if it names one.
    pub bill_ref: Option<String>,
    /// Service paid for.
    pub service: Option<String>,
    /// Agency paid.
    pub agency: Option<String>,
    /// Payer's phone, masked.
    pub payer: String,
    /// `settled` or `under_review`.
    pub status: String,
}

/// `GET /v1/receipts/{receipt_no}`: public verification of a Mlango receipt.
pub async fn verify_receipt(State(state): State<AppState>, Path(number): Path<String>) -> Response {
    let Some(no) = app::payments::reference::ReceiptNo::parse(&number) else {
        return json_error(
            StatusCode::NOT_FOUND,
            "not_found",
            "No receipt has this number. Check it, or it may be forged.",
        );
    };
    match state.store.receipt(no.as_str()).await {
        Ok(Some(r)) => {
            let live = state.catalogue.current();
            let service = r.service_code.as_deref().and_then(|c| live.catalogue.service(c));
            let agency = service.and_then(|s| live.catalogue.agency(s.agency.as_str()));
            let p = &r.payment;
            axum::Json(ReceiptCheckDto {
                receipt_no: p.receipt_no.clone(),
                valid: true,
                amount: format!("{}.{:02}", p.amount_minor / 100, p.amount_minor % 100),
                currency: r.currency.clone(),
                paid_on: app::applications::calendar::Date::from_unix_eat(p.paid_at).iso(),
                channel: p.channel.code().into(),
                bill_ref: p.bill_ref.clone(),
                service: service.map(|s| s.name.en.to_string()),
                agency: agency.map(|a| a.name.en.to_string()),
                payer: mask_phone(&p.phone),
                status: if p.needs_review { "under_review" } else { "settled" }.into(),
            })
            .into_response()
        }
        Ok(None) => {
            json_error(StatusCode::NOT_FOUND, "not_found", "No receipt has this number. Check it, or it may be forged.")
        }
        Err(e) => {
            let e = app::accounts::service::store_err(e);
            json_error(StatusCode::SERVICE_UNAVAILABLE, "unavailable", e.to_string())
        }
    }
}

/// `2547******78`: enough for the payer to recognise, not enough to call them.
fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().collect();
    if digits.len() < 7 || !digits.iter().all(char::is_ascii_digit) {
        return "hidden".into();
    }
    let n = digits.len();
    digits.iter().enumerate().map(|(i, c)| if i < 4 || i >= n - 2 { *c } else { '*' }).collect()
}

/// Runs reconciliation every `every`, for attempts untouched for [`service::RECONCILE_AFTER_SECS`].
/// Several servers may run it at once: settling is idempotent, so the worst case is a
/// repeated query, never a repeated payment.
pub fn spawn_reconciler(state: &AppState, every: Duration) {
    let state = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match service::reconcile(&state, service::RECONCILE_AFTER_SECS, 200).await {
                Ok(r) if r.examined > 0 => tracing::info!(?r, "payments reconciled"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "reconciliation pass failed; will retry"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_masked_on_public_receipts() {
        assert_eq!(mask_phone("254712345678"), "2547******78");
        assert_eq!(mask_phone("2547 ***** 126"), "hidden");
        assert_eq!(mask_phone(""), "hidden");
    }
}
