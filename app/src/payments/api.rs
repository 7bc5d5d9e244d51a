//! Server functions for paying (stable endpoints under `/api/payments/`).

use super::service::{self, PushOutcome};
use super::texts::pay_texts;
use crate::accounts::api::{finish, reject};
use crate::accounts::model::Role;
use crate::accounts::service::{NextStep, store_err};
use crate::accounts::session::{Access, authorize};
use crate::error::AppError;
use crate::ssr::{request_lang, state};
use leptos::prelude::*;

/// Who pays bills here: the citizen who applied.
const PAYERS: &[Role] = &[Role::Citizen];

/// Sends an M-Pesa PIN prompt to `phone` for what is still due on the bill.
#[server(prefix = "/api", endpoint = "payments/mpesa")]
pub async fn pay_mpesa(bill_ref: String, phone: String) -> Result<String, AppError> {
    let state = state().map_err(reject)?;
    let caller = match authorize(Access::Roles(PAYERS)) {
        Ok(caller) => caller,
        Err(e) => return Err(reject(super::outage::signed_out_or_down(&state, e).await)),
    };
    let result = service::pay_by_mpesa(&state, &caller, &bill_ref, &phone).await.map(|(outcome, app_ref)| {
        let paying = match outcome {
            PushOutcome::Sent => "sent",
            PushOutcome::Unsure => "unsure",
        };
        NextStep { to: format!("/applications/{app_ref}?paying={paying}#payment"), cookie: None }
    });
    finish(result)
}

/// Where the latest payment attempt on a bill stands, as three lines for the live status
/// widget: the attempt state, a sentence for the citizen, and the receipt number if paid.
#[server(prefix = "/api", endpoint = "payments/status", input = server_fn::codec::GetUrl)]
pub async fn payment_status(bill_ref: String) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(PAYERS)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let invoice = service::own_invoice(&state, &caller, &bill_ref).await.map_err(reject)?;
    let attempts = state.store.attempts_of(&invoice.bill_ref).await.map_err(|e| reject(store_err(e)))?;
    let payments = state.store.payments_of(&invoice.bill_ref).await.map_err(|e| reject(store_err(e)))?;
    let t = pay_texts(request_lang());
    let receipt = payments.last().map(|p| p.receipt_no.clone()).unwrap_or_default();
    let (code, message) = match attempts.first() {
        _ if invoice.status == super::state::InvoiceStatus::Paid => ("paid", t.paid.to_string()),
        Some(a) => (a.state.code(), (t.attempt)(a.state, a.result_code)),
        None => ("none", String::new()),
    };
    Ok(format!("{code}\n{message}\n{receipt}"))
}

/// Asks for a refund of part or all of a payment to the caller's agency (maker).
#[server(prefix = "/api", endpoint = "payments/refunds/request")]
pub async fn request_refund(receipt_no: String, amount: String, reason: String) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(super::settlement::FINANCE_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let result = super::refunds::request(&state, &caller, &receipt_no, &amount, &reason)
        .await
        .map(|()| NextStep { to: "/staff/finance#refunds".into(), cookie: None });
    finish(result)
}

/// Approves or rejects a refund another person asked for (checker).
#[server(prefix = "/api", endpoint = "payments/refunds/decide")]
pub async fn decide_refund(refund_id: i64, decision: String, note: Option<String>) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(super::settlement::FINANCE_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let approve = match decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return Err(reject(AppError::BadRequest("decision must be approve or reject".into()))),
    };
    let result = super::refunds::decide(&state, &caller, refund_id, approve, note.as_deref().unwrap_or(""))
        .await
        .map(|()| NextStep { to: "/staff/finance#refunds".into(), cookie: None });
    finish(result)
}

/// Pays the bill from the caller's credit (earlier overpayments), as far as it goes.
#[server(prefix = "/api", endpoint = "payments/credit")]
pub async fn pay_with_credit(bill_ref: String) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(PAYERS)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let result = service::pay_from_credit(&state, &caller, &bill_ref)
        .await
        .map(|app_ref| NextStep { to: format!("/applications/{app_ref}#payment"), cookie: None });
    finish(result)
}
