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

/// `GET /staff/finance/exceptions.csv`: the open reconciliation exceptions as CSV — the
/// agency's for its finance staff, every one (with the provider callbacks) for platform admins.
pub async fn exceptions_csv(
    State(state): State<AppState>,
    session: Option<axum::Extension<app::accounts::session::CurrentSession>>,
    client: Option<axum::Extension<app::accounts::session::ClientInfo>>,
) -> Response {
    use app::staff::reconciliation::{exceptions_for, scope_of, to_csv};
    let caller = app::accounts::session::Caller {
        session: session.map(|s| s.0),
        client: client.map(|c| c.0).unwrap_or_default(),
    };
    let now = app::clock::Clock::now(state.clock.as_ref());
    // The scope refuses anyone but finance staff and platform admins.
    let found = match scope_of(&caller, now) {
        Ok(scope) => {
            exceptions_for(&state, &caller, false, &app::paging::Seek::First).await.map(|page| (scope, page.rows))
        }
        Err(e) => Err(e),
    };
    match found {
        Ok((scope, rows)) => {
            let csv = to_csv(&rows, now, |e| app::staff::reconciliation_texts::describe(app::i18n::Lang::En, e));
            let who = scope.agency.unwrap_or_else(|| "all".into());
            let day = app::applications::calendar::Date::from_unix_eat(now).iso();
            (
                [
                    (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                    (
                        axum::http::header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"exceptions-{who}-{day}.csv\""),
                    ),
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

/// `GET /receipts/{receipt_no}/receipt.pdf`: the citizen's receipt as a PDF with a QR code to
/// its public check. Only the applicant the bill belongs to may download it.
pub async fn receipt_pdf(
    State(state): State<AppState>,
    axum::Extension(origin): axum::Extension<crate::documents::PublicOrigin>,
    session: Option<axum::Extension<app::accounts::session::CurrentSession>>,
    Path(number): Path<String>,
) -> Response {
    let Some(account) = session.as_ref().and_then(|s| s.signed_in().cloned()) else {
        return (StatusCode::UNAUTHORIZED, "Sign in to download your receipt.").into_response();
    };
    let not_found = || (StatusCode::NOT_FOUND, "No such receipt.").into_response();
    let Some(no) = app::payments::reference::ReceiptNo::parse(&number) else { return not_found() };
    let r = match state.store.receipt(no.as_str()).await {
        Ok(Some(r)) if r.citizen_id == Some(account.id) && !r.payment.needs_review => r,
        Ok(_) => return not_found(),
        Err(e) => return crate::documents::plain_error(app::accounts::service::store_err(e)),
    };
    let live = state.catalogue.current();
    let service = r.service_code.as_deref().and_then(|c| live.catalogue.service(c));
    let agency = r.agency_code.as_deref().and_then(|c| live.catalogue.agency(c));
    let p = &r.payment;
    let money = |m: i64| app::money::Money { minor: m, currency: app::money::Currency::Kes }.to_string();
    let mut rows = vec![
        ("Receipt number".to_string(), p.receipt_no.clone()),
        ("Amount received".to_string(), money(p.amount_minor)),
        ("Paid on".to_string(), app::applications::calendar::Date::from_unix_eat(p.paid_at).iso()),
        (
            "Paid by".to_string(),
            if p.channel == app::payments::ports::Channel::MpesaStk { "M-Pesa Express" } else { "M-Pesa Paybill" }
                .to_string(),
        ),
        ("M-Pesa reference".to_string(), p.mpesa_receipt.clone().unwrap_or_else(|| "confirmed by M-Pesa".into())),
        ("Bill reference".to_string(), p.bill_ref.clone().unwrap_or_default()),
        ("Application".to_string(), r.application_ref.clone().unwrap_or_default()),
        ("Applied to the bill".to_string(), money(p.applied_minor)),
    ];
    if p.credit_minor > 0 {
        rows.push(("Kept as your credit".to_string(), money(p.credit_minor)));
    }
    let url = format!("{}/v1/receipts/{}", origin.0.trim_end_matches('/'), p.receipt_no);
    let over = agency.map(|a| a.name.en.clone()).unwrap_or_default();
    let title = format!("Receipt - {}", service.map(|s| s.name.en.clone()).unwrap_or_else(|| "payment".into()));
    let number = p.receipt_no.clone();
    let page = crate::documents::OnePage {
        over_title: &over,
        title: &title,
        rows: &rows,
        verify_text: "Check this receipt by scanning the code or visiting:",
        verify_url: &url,
        footer: "Issued by Mlango on behalf of the agency named above.",
    };
    let bytes = crate::documents::one_page(&page);
    (
        [
            (axum::http::header::CONTENT_TYPE, "application/pdf".to_string()),
            (axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{number}.pdf\"")),
            (axum::http::header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// Reads an M-Pesa organisation statement exported as CSV (columns found by name: `Receipt No.`,
/// `Paid In`, `A/C No.`, `Transaction Status`); withdrawals and incomplete lines are skipped.
pub fn read_statement_csv(text: &str) -> Result<Vec<app::payments::statement::StatementLine>, String> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| format!("the statement has no readable header row: {e}"))?.clone();
    let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(receipt), Some(paid_in)) = (col("Receipt No."), col("Paid In")) else {
        return Err("the statement needs the columns \"Receipt No.\" and \"Paid In\"".into());
    };
    let account = col("A/C No.").or_else(|| col("Account No."));
    let status = col("Transaction Status");
    let mut lines = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(|e| format!("line {}: {e}", i + 2))?;
        let field = |c: Option<usize>| c.and_then(|c| row.get(c)).unwrap_or("").trim().to_string();
        let paid = field(Some(paid_in)).replace(',', "");
        if paid.is_empty() || status.is_some_and(|_| !field(status).eq_ignore_ascii_case("Completed")) {
            continue;
        }
        let amount = app::payments::daraja::amount_minor(Some(&serde_json::Value::String(paid.clone())), "Paid In")
            .map_err(|_| format!("line {}: \"Paid In\" {paid:?} is not an amount", i + 2))?;
        if amount == 0 {
            continue;
        }
        lines.push(app::payments::statement::StatementLine {
            receipt: field(Some(receipt)),
            amount_minor: amount,
            account: field(account).replace([' ', '-'], ""),
        });
    }
    Ok(lines)
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

/// Runs reconciliation every `every`, for attempts untouched for [`service::RECONCILE_AFTER_SECS`],
/// then the pass for citizens waiting for M-Pesa ([`app::payments::outage::tick`]) and expiry.
/// Several servers may run it at once: settling is idempotent, so the worst case is a
/// repeated query, never a repeated payment.
pub fn spawn_reconciler(state: &AppState, every: Duration) {
    let state = state.clone();
    crate::workers::spawn_every(every, move || {
        let state = state.clone();
        async move {
            match service::reconcile(&state, service::RECONCILE_AFTER_SECS, 200).await {
                Ok(r) if r.examined > 0 => tracing::info!(?r, "payments reconciled"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "reconciliation pass failed; will retry"),
            }
            // Citizens waiting for M-Pesa: their bills kept payable (before the expiry pass
            // below), and told once paying works again — the queries above count as proof.
            match app::payments::outage::tick(&state).await {
                Ok(r) if r.probed || r.released != Default::default() => tracing::info!(?r, "M-Pesa waits"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "M-Pesa wait pass failed; will retry"),
            }
            // Bills whose time ran out, after their last attempts were settled above.
            match app::applications::service::expire_unpaid(&state, 200).await {
                Ok(n) if n > 0 => tracing::info!(expired = n, "unpaid applications expired"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "expiry pass failed; will retry"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_read_by_column_name() {
        let csv = "Receipt No.,Completion Time,Details,Transaction Status,Paid In,Withdrawn,A/C No.\r\n\
                   SKL1,2026-11-23 10:00:00,Pay Bill,Completed,\"1,050.00\",,482 917 5536\r\n\
                   SKL2,2026-11-23 10:01:00,Charge,Completed,,\"20.00\",\r\n\
                   SKL3,2026-11-23 10:02:00,Pay Bill,Cancelled,\"10.00\",,1\r\n";
        let lines = read_statement_csv(csv).unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(
            (lines[0].receipt.as_str(), lines[0].amount_minor, lines[0].account.as_str()),
            ("SKL1", 105_000, "4829175536")
        );
        assert!(read_statement_csv("a,b\r\n1,2\r\n").unwrap_err().contains("Receipt No."));
        assert!(read_statement_csv("Receipt No.,Paid In\r\nX,abc\r\n").unwrap_err().contains("line 2"));
    }

    #[test]
    fn phones_are_masked_on_public_receipts() {
        assert_eq!(mask_phone("254712345678"), "2547******78");
        assert_eq!(mask_phone("2547 ***** 126"), "hidden");
        assert_eq!(mask_phone(""), "hidden");
    }
}
