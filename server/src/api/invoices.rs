//! The agency invoice API (`Authorization: Bearer mlg_…`): create an invoice (honouring
//! `Idempotency-Key`), read it, and send an M-Pesa prompt for it. Each key sees only its own
//! agency's invoices; another agency's bill reference is simply not found.

use crate::http::json_error;
use app::error::{AppError, Problem};
use app::payments::agency::{self, ApiKey, ApiRefusal};
use app::payments::reference::BillRef;
use app::payments::service::{PushOutcome, push_for_invoice};
use app::ssr::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

fn refused(r: ApiRefusal) -> Response {
    json_error(StatusCode::from_u16(r.status).unwrap_or(StatusCode::BAD_REQUEST), r.code, r.message)
}

async fn key_of(state: &AppState, headers: &HeaderMap) -> Result<ApiKey, Response> {
    let auth = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
    agency::authenticate(state, auth).await.map_err(refused)
}

/// `POST /v1/invoices`.
#[utoipa::path(post, path = "/v1/invoices", tag = "invoices",
    request_body(content = String, content_type = "application/json",
        description = r#"{"amount_kes": 1050, "description": "Land rates 2026", "service_code"?: "...", "external_ref"?: "...", "payer_phone"?: "0712345678"}"#),
    params(("Idempotency-Key" = Option<String>, Header, description = "Same key and body: the first response again; same key, other body: 422")),
    responses((status = 201, description = "Created (or replayed)"), (status = 401), (status = 422)))]
pub async fn create(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let key = match key_of(&state, &headers).await {
        Ok(k) => k,
        Err(r) => return r,
    };
    let idem = headers.get("idempotency-key").map(|v| v.to_str().unwrap_or("\u{0}"));
    match agency::create_invoice(&state, &key, idem, &body).await {
        Ok((status, json)) => (
            StatusCode::from_u16(status).unwrap_or(StatusCode::CREATED),
            [(header::CONTENT_TYPE, "application/json")],
            json,
        )
            .into_response(),
        Err(r) => refused(r),
    }
}

/// The key's own invoice, or `None` (another agency's bills are not found).
async fn own_invoice(
    state: &AppState,
    key: &ApiKey,
    bill_ref: &str,
) -> Result<Option<app::payments::ports::PayableInvoice>, AppError> {
    let Ok(bill) = BillRef::parse(bill_ref) else { return Ok(None) };
    let invoice = state.store.payable_invoice(bill.as_str()).await.map_err(app::accounts::service::store_err)?;
    Ok(invoice.filter(|i| i.agency_code == key.agency_code))
}

/// `GET /v1/invoices/{bill_ref}`.
#[utoipa::path(get, path = "/v1/invoices/{bill_ref}", tag = "invoices",
    responses((status = 200, description = "The invoice"), (status = 404)))]
pub async fn get(State(state): State<AppState>, headers: HeaderMap, Path(bill_ref): Path<String>) -> Response {
    let key = match key_of(&state, &headers).await {
        Ok(k) => k,
        Err(r) => return r,
    };
    match own_invoice(&state, &key, &bill_ref).await {
        Ok(Some(i)) => Json(agency::dto(&i, &state.payments.paybill)).into_response(),
        Ok(None) => {
            json_error(StatusCode::NOT_FOUND, "not_found", "none of your agency's invoices has this bill reference")
        }
        Err(e) => refused(e.into()),
    }
}

/// The body of `POST /v1/invoices/{bill_ref}/mpesa-stk`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StkRequest {
    /// The phone to prompt, `2547…` or `07…`.
    phone: String,
}

/// `POST /v1/invoices/{bill_ref}/mpesa-stk`: sends the payer an M-Pesa PIN prompt.
#[utoipa::path(post, path = "/v1/invoices/{bill_ref}/mpesa-stk", tag = "invoices",
    request_body(content = String, content_type = "application/json", description = r#"{"phone": "2547XXXXXXXX"}"#),
    responses((status = 202, description = "Prompt sent (checkout_request_id) or outcome unknown (null; never re-sent)"),
        (status = 404), (status = 409, description = "Paid already, or a prompt is in flight"), (status = 422), (status = 503)))]
pub async fn stk(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(bill_ref): Path<String>,
    body: Bytes,
) -> Response {
    let key = match key_of(&state, &headers).await {
        Ok(k) => k,
        Err(r) => return r,
    };
    let req: StkRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return json_error(
                StatusCode::BAD_REQUEST,
                "invalid_json",
                format!("expected {{\"phone\":\"2547…\"}}: {e}"),
            );
        }
    };
    let invoice = match own_invoice(&state, &key, &bill_ref).await {
        Ok(Some(i)) => i,
        Ok(None) => {
            return json_error(
                StatusCode::NOT_FOUND,
                "not_found",
                "none of your agency's invoices has this bill reference",
            );
        }
        Err(e) => return refused(e.into()),
    };
    match push_for_invoice(&state, &invoice, &req.phone).await {
        Ok((PushOutcome::Sent, checkout)) => {
            (StatusCode::ACCEPTED, Json(serde_json::json!({"checkout_request_id": checkout, "status": "pending"}))).into_response()
        }
        Ok((PushOutcome::Unsure, _)) => (
            StatusCode::ACCEPTED,
            Json(serde_json::json!({"checkout_request_id": null, "status": "unknown",
                "message": "M-Pesa did not confirm the prompt; it will not be re-sent. Check the invoice in a few minutes."})),
        )
            .into_response(),
        Err(AppError::Problem(p)) => {
            let (status, code) = match p {
                Problem::BillClosed => (StatusCode::CONFLICT, "bill_closed"),
                Problem::PaymentInProgress => (StatusCode::CONFLICT, "payment_in_progress"),
                Problem::PhoneInvalid => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_phone"),
                Problem::NotPayableByMpesa => (StatusCode::UNPROCESSABLE_ENTITY, "not_payable_by_mpesa"),
                Problem::MpesaUnavailable => (StatusCode::SERVICE_UNAVAILABLE, "mpesa_unavailable"),
                _ => (StatusCode::BAD_REQUEST, "refused"),
            };
            json_error(status, code, p.to_string())
        }
        Err(e) => refused(e.into()),
    }
}

/// `GET /v1/webhooks/deliveries`: the key's webhook delivery log, newest first.
#[utoipa::path(get, path = "/v1/webhooks/deliveries", tag = "invoices",
    responses((status = 200, description = "Deliveries with state, attempts and the last answer")))]
pub async fn deliveries(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let key = match key_of(&state, &headers).await {
        Ok(k) => k,
        Err(r) => return r,
    };
    match state.store.webhook_log(key.id, 200).await {
        Ok(log) => Json(serde_json::json!({ "deliveries": log })).into_response(),
        Err(e) => refused(app::accounts::service::store_err(e).into()),
    }
}
