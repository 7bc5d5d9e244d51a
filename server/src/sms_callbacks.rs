//! Africa's Talking's callbacks: delivery reports (`POST /callbacks/sms/delivery`) and SMS sent
//! to the short code (`POST /callbacks/sms/inbound`), form-encoded as the provider posts them.
//! A malformed callback gets a 400 that says what is wrong and changes nothing; anything
//! well-formed gets 200, so the provider stops retrying.

use app::notifications::inbound::{self, Incoming};
use app::notifications::ports::DeliveryReport;
use app::ssr::AppState;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use std::collections::HashMap;

/// Largest callback body (both are a handful of short fields).
const MAX_CALLBACK_BYTES: usize = 16 * 1024;

/// The routes, for `.nest("/callbacks/sms", …)`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/delivery", post(delivery))
        .route("/inbound", post(inbound_sms))
        .layer(DefaultBodyLimit::max(MAX_CALLBACK_BYTES))
}

fn fields(body: &[u8]) -> HashMap<String, String> {
    form_urlencoded::parse(body).into_owned().collect()
}

fn refuse(why: String) -> Response {
    tracing::warn!(target: "security", %why, "SMS callback refused");
    (StatusCode::BAD_REQUEST, why).into_response()
}

fn outcome(result: Result<(), app::error::AppError>) -> Response {
    match result {
        Ok(()) => (StatusCode::OK, "OK").into_response(),
        Err(app::error::AppError::BadRequest(why)) => refuse(why),
        // The provider retries on anything but 2xx: a database outage loses nothing.
        Err(e) => crate::documents::plain_error(e),
    }
}

async fn delivery(State(state): State<AppState>, body: Bytes) -> Response {
    let f = fields(&body);
    let get = |k: &str| f.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
    let report = DeliveryReport {
        message_id: get("id"),
        status: get("status"),
        failure_reason: get("failureReason"),
        phone: get("phoneNumber"),
        network_code: get("networkCode"),
    };
    outcome(inbound::delivery_report(&state, &report).await.map(|_| ()))
}

async fn inbound_sms(State(state): State<AppState>, body: Bytes) -> Response {
    let f = fields(&body);
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    if !f.contains_key("from") || !f.contains_key("text") || !f.contains_key("id") {
        return refuse("an inbound SMS needs from, text and id".into());
    }
    let sms = Incoming { id: get("id"), from: get("from"), to: get("to"), text: get("text") };
    outcome(inbound::receive(&state, &sms).await)
}
