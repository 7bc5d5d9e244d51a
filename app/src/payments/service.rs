//! Paying a bill: the citizen's "Pay with M-Pesa", Daraja's callbacks (STK result, paybill
//! validation and confirmation) and reconciliation of attempts whose callback never came.
//!
//! Every path ends in one `settle` call, whose effects (attempt state, payment, receipt,
//! ledger, credit, the application leaving "awaiting payment") commit together or not at all,
//! and which is idempotent: the same evidence twice changes nothing the second time.

use super::daraja::{self, C2bVerdict, CallbackError};
use super::gateway::{PushError, StkPush, StkStatus};
use super::ports::{
    Attempt, AttemptEvidence, Channel, NewAttempt, NewPayment, OnPaid, PayableInvoice, RawCallback, Settled, Settlement,
};
use super::reference::{BillRef, ReceiptNo};
use super::state::{AttemptState, mpesa_amount, state_of_result};
use crate::accounts::service::store_err;
use crate::accounts::session::Caller;
use crate::applications::calendar::{Date, add_working_days};
use crate::applications::ports::ApplicationEvent;
use crate::applications::state::{Event, State};
use crate::contact::PhoneNumber;
use crate::error::{AppError, Problem};
use crate::ssr::AppState;
use crate::store::StoreError;

/// A push still in flight after this long is asked about before another is sent (the phone's
/// prompt times out well before).
pub const PUSH_SETTLE_SECS: i64 = 120;
/// Open attempts untouched this long are asked about by the reconciliation worker.
pub const RECONCILE_AFTER_SECS: i64 = 180;
/// An attempt still unresolved after this long is closed as failed (nothing can still pay it).
pub const GIVE_UP_SECS: i64 = 24 * 3600;

/// Where M-Pesa should post results, and the paybill number citizens pay to.
#[derive(Debug, Clone)]
pub struct MpesaSettings {
    /// The full STK callback URL (with its secret path token).
    pub stk_callback_url: String,
    /// The paybill (business short code) shown to citizens and expected in C2B payloads.
    pub paybill: String,
    /// The secret path segment of the callback URLs.
    pub callback_token: String,
}

/// What the citizen is told after pressing "Pay".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushOutcome {
    /// The prompt is on its way to the phone.
    Sent,
    /// We could not tell whether the prompt went out; never re-sent automatically.
    Unsure,
}

/// The caller's own invoice (another person's is never revealed).
pub async fn own_invoice(state: &AppState, caller: &Caller, bill_ref: &str) -> Result<PayableInvoice, AppError> {
    let me = caller.account()?;
    let bill = BillRef::parse(bill_ref).map_err(|_| AppError::NotFound)?;
    match state.store.payable_invoice(bill.as_str()).await.map_err(store_err)? {
        Some(i) if i.citizen_id == Some(me.id) => Ok(i),
        Some(_) => {
            tracing::warn!(target: "security", account = me.id, bill = bill.as_str(), "refused: another citizen's bill");
            Err(AppError::NotFound)
        }
        None => Err(AppError::NotFound),
    }
}

/// Sends an M-Pesa PIN prompt for what is still due on the caller's bill; returns what to
/// tell the citizen and the application the bill belongs to.
pub async fn pay_by_mpesa(
    state: &AppState,
    caller: &Caller,
    bill_ref: &str,
    phone: &str,
) -> Result<(PushOutcome, String), AppError> {
    let invoice = own_invoice(state, caller, bill_ref).await?;
    let app_ref = invoice.application_ref.clone().unwrap_or_default();
    let (outcome, _) = match push_for_invoice(state, &invoice, phone).await {
        Err(AppError::Problem(Problem::MpesaUnavailable)) => {
            // The application stays, the bill waits, and the citizen hears when M-Pesa is back.
            super::outage::note_refused(state, &invoice).await;
            return Err(Problem::MpesaUnavailable.into());
        }
        pushed => pushed?,
    };
    Ok((outcome, app_ref))
}

/// Sends an M-Pesa PIN prompt to `phone` for what is still due on `invoice`, at most one in
/// flight per bill; returns the outcome and Daraja's checkout id when it answered.
pub async fn push_for_invoice(
    state: &AppState,
    invoice: &PayableInvoice,
    phone: &str,
) -> Result<(PushOutcome, Option<String>), AppError> {
    if !invoice.accepts_payment() {
        return Err(Problem::BillClosed.into());
    }
    if !invoice.payable_at(state.clock.now()) {
        return Err(Problem::BillExpired.into());
    }
    if invoice.currency != "KES" {
        return Err(Problem::NotPayableByMpesa.into());
    }
    let amount_kes = mpesa_amount(invoice.outstanding_minor()).ok_or(Problem::NotPayableByMpesa)?;
    let phone = PhoneNumber::parse(phone).map_err(|_| Problem::PhoneInvalid)?;
    let now = state.clock.now();

    // One prompt at a time per bill: an older one is asked about first, and a recent unsure
    // one blocks (it may still be on the phone; re-sending could charge twice).
    for a in state.store.attempts_of(&invoice.bill_ref).await.map_err(store_err)? {
        if !a.state.is_open() {
            continue;
        }
        let age = now - a.created_at;
        if age < PUSH_SETTLE_SECS {
            return Err(Problem::PaymentInProgress.into());
        }
        let settled = reconcile_attempt(state, &a, now).await?;
        if settled.is_open() {
            return Err(Problem::PaymentInProgress.into());
        }
        if settled == AttemptState::Paid {
            return Err(Problem::BillClosed.into());
        }
    }

    let attempt = NewAttempt {
        bill_ref: invoice.bill_ref.clone(),
        phone: phone.as_str().to_string(),
        amount_minor: amount_kes * 100,
        now,
    };
    let attempt_id = match state.store.create_attempt(&attempt).await {
        Ok(id) => id,
        // Someone (a second tab, a double click) started one a moment ago.
        Err(StoreError::Conflict(_)) => return Err(Problem::PaymentInProgress.into()),
        Err(e) => return Err(store_err(e)),
    };
    let push = StkPush {
        phone,
        amount_kes,
        account_reference: invoice.bill_ref.clone(),
        description: "Mlango bill".into(),
        callback_url: state.payments.stk_callback_url.clone(),
    };
    let evidence = |proves, desc: String| Settlement {
        attempt: Some(AttemptEvidence { attempt_id, proves, result_code: None, result_desc: desc }),
        payment: None,
        on_paid: None,
        callback: None,
        now,
    };
    let pushed = state.mpesa.stk_push(&push).await;
    // A refusal counts as a failure too: the request was checked first, so Daraja refusing it
    // (busy, credentials) is the provider not working.
    crate::status::record_payments(state, pushed.is_ok());
    match pushed {
        Ok(accepted) => {
            state
                .store
                .attempt_accepted(attempt_id, &accepted.checkout_request_id, &accepted.merchant_request_id, now)
                .await
                .map_err(store_err)?;
            tracing::info!(attempt_id, bill = %invoice.bill_ref, checkout = %accepted.checkout_request_id, "STK push sent");
            Ok((PushOutcome::Sent, Some(accepted.checkout_request_id)))
        }
        Err(PushError::Ambiguous(why)) => {
            tracing::warn!(attempt_id, bill = %invoice.bill_ref, %why, "STK push outcome unknown; will be settled by query, not re-sent");
            state
                .store
                .settle(&evidence(AttemptState::Unknown, format!("push unanswered: {why}")))
                .await
                .map_err(store_err)?;
            Ok((PushOutcome::Unsure, None))
        }
        Err(e) => {
            tracing::warn!(attempt_id, bill = %invoice.bill_ref, error = %e, "STK push not sent");
            state.store.settle(&evidence(AttemptState::Failed, format!("not sent: {e}"))).await.map_err(store_err)?;
            Err(AppError::Problem(Problem::MpesaUnavailable))
        }
    }
}

/// The application change a full payment of `invoice` brings: queued, charter clock started.
fn on_paid(state: &AppState, invoice: &PayableInvoice, note: String, now: i64) -> Option<OnPaid> {
    if invoice.application_state != Some(State::AwaitingPayment) {
        return None;
    }
    let live = state.catalogue.current();
    let service_code = invoice.service_code.as_deref().unwrap_or_default();
    let days = match live.catalogue.service(service_code) {
        Some(s) => u32::from(s.timeline_days),
        None => {
            // The service was withdrawn after the bill was raised; the citizen still gets a date.
            tracing::warn!(service = %service_code, "paid bill for a service no longer in the catalogue");
            30
        }
    };
    let due = add_working_days(Date::from_unix_eat(now), days, &[]);
    Some(OnPaid {
        event: ApplicationEvent {
            at: now,
            from: State::AwaitingPayment,
            to: State::Queued,
            event: Event::Paid,
            actor_id: None,
            actor_role: "system".into(),
            note,
        },
        due_date: due.iso(),
    })
}

/// Settles; the receipt SMS was queued in the same transaction, so the outbox worker is woken
/// to send it now rather than at its next poll.
async fn settle_and_notify(state: &AppState, mut s: Settlement) -> Result<Settled, AppError> {
    let mut draws = 1;
    let settled = loop {
        match state.store.settle(&s).await {
            // Nothing was written: the same settlement with another receipt number.
            Err(StoreError::ReferenceTaken(why)) if draws < super::reference::DRAWS => {
                if let Some(p) = s.payment.as_mut() {
                    tracing::info!(receipt = %p.receipt_no, %why, "receipt number taken; drawing another");
                    p.receipt_no = ReceiptNo::generate().to_string();
                }
                draws += 1;
            }
            other => break other.map_err(store_err)?,
        }
    };
    if let Settled::Applied { payment: Some(p), .. } = &settled {
        if p.needs_review {
            tracing::warn!(target: "security", receipt = %p.receipt_no, note = %p.note, "payment set aside for review");
        } else {
            tracing::info!(receipt = %p.receipt_no, amount_minor = p.amount_minor, "payment recorded");
            crate::notifications::outbox::wake();
        }
    }
    Ok(settled)
}

/// Asks Daraja how one open attempt ended and records the answer; returns its state now.
pub async fn reconcile_attempt(state: &AppState, a: &Attempt, now: i64) -> Result<AttemptState, AppError> {
    let give_up = now - a.created_at >= GIVE_UP_SECS;
    let Some(checkout) = &a.checkout_request_id else {
        // No checkout id: the server stopped mid-push, or the push went unanswered. Such an
        // attempt can only be matched by a callback (phone and amount) until it is given up.
        let proves = if give_up { AttemptState::Failed } else { AttemptState::Unknown };
        let desc = if give_up { "no answer from M-Pesa within a day" } else { "push outcome unknown" };
        return settle_evidence(state, a, proves, None, desc.into(), None, now).await;
    };
    let queried = state.mpesa.stk_query(checkout).await;
    crate::status::record_payments(state, queried.is_ok());
    match queried {
        Ok(StkStatus::Pending) if give_up => {
            settle_evidence(state, a, AttemptState::Failed, None, "still pending after a day".into(), None, now).await
        }
        Ok(StkStatus::Pending) => {
            state.store.attempt_queried(a.id, now).await.map_err(store_err)?;
            Ok(a.state)
        }
        Ok(StkStatus::Completed { result_code, result_desc }) => {
            let proves = state_of_result(result_code, true);
            if proves == AttemptState::Paid {
                settle_paid(state, a, None, a.amount_minor, a.phone.clone(), result_code, result_desc, None, now).await
            } else {
                settle_evidence(state, a, proves, Some(result_code), result_desc, None, now).await
            }
        }
        Err(e) => {
            tracing::warn!(attempt = a.id, error = %e, "STK query failed; will ask again");
            state.store.attempt_queried(a.id, now).await.map_err(store_err)?;
            Ok(a.state)
        }
    }
}

async fn settle_evidence(
    state: &AppState,
    a: &Attempt,
    proves: AttemptState,
    result_code: Option<i64>,
    result_desc: String,
    callback: Option<RawCallback>,
    now: i64,
) -> Result<AttemptState, AppError> {
    let s = Settlement {
        attempt: Some(AttemptEvidence { attempt_id: a.id, proves, result_code, result_desc }),
        payment: None,
        on_paid: None,
        callback,
        now,
    };
    match settle_and_notify(state, s).await? {
        Settled::Applied { attempt_state: Some(st), .. } => Ok(st),
        _ => Ok(a.state.join(proves)),
    }
}

#[allow(clippy::too_many_arguments)]
async fn settle_paid(
    state: &AppState,
    a: &Attempt,
    mpesa_receipt: Option<String>,
    amount_minor: i64,
    phone: String,
    result_code: i64,
    result_desc: String,
    callback: Option<RawCallback>,
    now: i64,
) -> Result<AttemptState, AppError> {
    let invoice = state.store.payable_invoice(&a.bill_ref).await.map_err(store_err)?;
    let amount_ok = amount_minor == a.amount_minor;
    let proves = state_of_result(result_code, amount_ok);
    let note = match &mpesa_receipt {
        Some(r) => format!("M-Pesa {r}"),
        None => "M-Pesa (confirmed by query)".into(),
    };
    let s = Settlement {
        attempt: Some(AttemptEvidence { attempt_id: a.id, proves, result_code: Some(result_code), result_desc }),
        payment: Some(NewPayment {
            receipt_no: ReceiptNo::generate().to_string(),
            bill_ref: Some(a.bill_ref.clone()),
            channel: Channel::MpesaStk,
            mpesa_receipt,
            phone,
            amount_minor,
            paid_at: now,
            needs_review: !amount_ok,
            note: if amount_ok {
                String::new()
            } else {
                format!("paid {amount_minor} cents, asked {} cents", a.amount_minor)
            },
        }),
        on_paid: invoice.as_ref().and_then(|i| on_paid(state, i, note, now)),
        callback,
        now,
    };
    match settle_and_notify(state, s).await? {
        Settled::Applied { attempt_state: Some(st), .. } => Ok(st),
        Settled::ReusedReceipt => Ok(AttemptState::NeedsReview),
        _ => Ok(a.state.join(proves)),
    }
}

/// Daraja's answer to a callback, with the HTTP status to send it with.
#[derive(Debug, Clone, PartialEq)]
pub struct CallbackReply {
    /// HTTP status.
    pub status: u16,
    /// JSON body.
    pub body: serde_json::Value,
}

impl CallbackReply {
    fn accepted() -> Self {
        CallbackReply { status: 200, body: daraja::accepted() }
    }

    fn refused(why: &str) -> Self {
        CallbackReply {
            status: 400,
            body: serde_json::json!({"ResultCode": 1, "ResultDesc": format!("Rejected: {why}")}),
        }
    }
}

fn body_text(body: &[u8]) -> String {
    String::from_utf8_lossy(&body[..body.len().min(daraja::MAX_CALLBACK_BYTES)]).into_owned()
}

/// Handles an STK push callback: settled with its raw body stored and deduplicated in the
/// same transaction (a refused one is stored on its own, with why).
pub async fn stk_callback(state: &AppState, body: &[u8]) -> Result<CallbackReply, AppError> {
    let now = state.clock.now();
    let raw = body_text(body);
    let result = match daraja::parse_stk_callback(body) {
        Ok(r) => r,
        Err(e) => {
            let callback_id = record_refused(state, "stk", None, &raw, &format!("refused:{e}"), now).await?;
            tracing::warn!(target: "security", callback_id, error = %e, "unreadable STK callback refused");
            return Ok(CallbackReply::refused(&e.to_string()));
        }
    };
    let key = format!("stk:{}:{}", result.checkout_request_id, result.result_code);
    let attempt = match state.store.attempt_by_checkout(&result.checkout_request_id).await.map_err(store_err)? {
        Some(a) => a,
        None => match adopt_unsure_attempt(state, &result, now).await? {
            Some(a) => a,
            None => {
                let callback_id =
                    record_refused(state, "stk", Some(&key), &raw, "refused:unknown_checkout", now).await?;
                tracing::warn!(target: "security", callback_id, checkout = %result.checkout_request_id,
                    "STK callback for a push we never made");
                return Ok(CallbackReply::accepted());
            }
        },
    };
    // The raw callback is stored, deduplicated and settled in one transaction: a copy of it
    // is recognised there and changes nothing.
    let callback = Some(RawCallback { kind: "stk", dedupe_key: key.clone(), body: raw.clone() });
    let settled = match &result.paid {
        Some(paid) => {
            settle_paid(
                state,
                &attempt,
                Some(paid.mpesa_receipt.clone()),
                paid.amount_minor,
                paid.phone.clone(),
                result.result_code,
                result.result_desc.clone(),
                callback,
                now,
            )
            .await
        }
        None => {
            settle_evidence(
                state,
                &attempt,
                state_of_result(result.result_code, true),
                Some(result.result_code),
                result.result_desc.clone(),
                callback,
                now,
            )
            .await
        }
    };
    if let Err(e) = settled {
        keep_unsettled(state, "stk", &key, &raw, now).await;
        return Err(e);
    }
    Ok(CallbackReply::accepted())
}

/// Stores a callback that is refused rather than settled (unreadable, unknown, not ours) with
/// why; its id.
async fn record_refused(
    state: &AppState,
    kind: &str,
    key: Option<&str>,
    raw: &str,
    why: &str,
    now: i64,
) -> Result<i64, AppError> {
    let (callback_id, _) = state.store.record_callback(kind, key, raw, now).await.map_err(store_err)?;
    outcome(state, callback_id, why).await;
    Ok(callback_id)
}

/// Settling failed (the database refused): the raw callback is still kept on its own, as
/// `received`, so the evidence survives and M-Pesa's retry of it is processed afresh.
async fn keep_unsettled(state: &AppState, kind: &str, key: &str, raw: &str, now: i64) {
    if let Err(e) = state.store.record_callback(kind, Some(key), raw, now).await {
        tracing::error!(kind, key, error = %e, body = raw, "callback could be neither settled nor stored");
    }
}

/// A callback whose checkout id we never heard (the push reply was lost): the unsure attempt
/// for the same phone and amount, if exactly one, is the one it answers.
async fn adopt_unsure_attempt(
    state: &AppState,
    result: &daraja::StkResult,
    now: i64,
) -> Result<Option<Attempt>, AppError> {
    let Some(paid) = &result.paid else { return Ok(None) };
    let found =
        state.store.unsure_attempt(&paid.phone, paid.amount_minor, now - GIVE_UP_SECS).await.map_err(store_err)?;
    let Some(a) = found else { return Ok(None) };
    state
        .store
        .attempt_accepted(a.id, &result.checkout_request_id, &result.merchant_request_id, now)
        .await
        .map_err(store_err)?;
    tracing::info!(attempt = a.id, checkout = %result.checkout_request_id, "unsure push matched by its callback");
    state.store.attempt(a.id).await.map_err(store_err)
}

async fn outcome(state: &AppState, callback_id: i64, what: &str) {
    if let Err(e) = state.store.callback_outcome(callback_id, what).await {
        tracing::warn!(callback_id, error = %e, "could not note a callback's outcome");
    }
}

/// Answers a paybill validation: accept only a known, open bill for a positive amount.
pub async fn c2b_validation(state: &AppState, body: &[u8]) -> Result<CallbackReply, AppError> {
    let now = state.clock.now();
    let (callback_id, _) =
        state.store.record_callback("c2b_validation", None, &body_text(body), now).await.map_err(store_err)?;
    let verdict = match daraja::parse_c2b(body) {
        Err(CallbackError::Field("TransAmount")) => C2bVerdict::InvalidAmount,
        Err(_) => C2bVerdict::Other,
        Ok(p) if p.short_code != state.payments.paybill => C2bVerdict::InvalidShortCode,
        Ok(p) if p.amount_minor <= 0 => C2bVerdict::InvalidAmount,
        Ok(p) => match BillRef::parse(&p.bill_ref_number) {
            Err(_) => C2bVerdict::InvalidAccount,
            Ok(b) => match state.store.payable_invoice(b.as_str()).await.map_err(store_err)? {
                Some(i) if i.payable_at(now) && i.currency == "KES" => C2bVerdict::Accept,
                _ => C2bVerdict::InvalidAccount,
            },
        },
    };
    outcome(state, callback_id, if verdict == C2bVerdict::Accept { "accepted" } else { "rejected" }).await;
    Ok(CallbackReply { status: 200, body: verdict.reply() })
}

/// Records a paybill confirmation: money that has moved, always kept — against its bill, or
/// in suspense for a person when the bill is unknown.
pub async fn c2b_confirmation(state: &AppState, body: &[u8]) -> Result<CallbackReply, AppError> {
    let now = state.clock.now();
    let raw = body_text(body);
    let p = match daraja::parse_c2b(body) {
        Ok(p) => p,
        Err(e) => {
            let callback_id =
                record_refused(state, "c2b_confirmation", None, &raw, &format!("refused:{e}"), now).await?;
            tracing::warn!(target: "security", callback_id, error = %e, "unreadable C2B confirmation refused");
            return Ok(CallbackReply::refused(&e.to_string()));
        }
    };
    let key = format!("c2b:{}", p.trans_id);
    // Money paid to another shortcode is not ours to count: a misrouted or forged
    // confirmation. The daily statement comparison shows any real money it hides.
    if p.short_code != state.payments.paybill || p.amount_minor <= 0 {
        let why = if p.amount_minor <= 0 { "refused:amount" } else { "refused:short_code" };
        let callback_id = record_refused(state, "c2b_confirmation", Some(&key), &raw, why, now).await?;
        tracing::warn!(target: "security", callback_id, short_code = %p.short_code, amount_minor = p.amount_minor,
            "C2B confirmation not for our paybill or without money; not counted");
        return Ok(CallbackReply::accepted());
    }
    let invoice = match BillRef::parse(&p.bill_ref_number) {
        Ok(b) => state.store.payable_invoice(b.as_str()).await.map_err(store_err)?,
        Err(_) => None,
    };
    let note = format!("M-Pesa {}", p.trans_id);
    let s = Settlement {
        attempt: None,
        payment: Some(NewPayment {
            receipt_no: ReceiptNo::generate().to_string(),
            bill_ref: invoice.as_ref().map(|i| i.bill_ref.clone()),
            channel: Channel::MpesaPaybill,
            mpesa_receipt: Some(p.trans_id.clone()),
            phone: p.msisdn.clone(),
            amount_minor: p.amount_minor,
            paid_at: now,
            needs_review: invoice.is_none(),
            note: if invoice.is_none() {
                format!("account number {:?} matches no bill", p.bill_ref_number)
            } else {
                String::new()
            },
        }),
        on_paid: invoice.as_ref().and_then(|i| on_paid(state, i, note, now)),
        callback: Some(RawCallback { kind: "c2b_confirmation", dedupe_key: key.clone(), body: raw.clone() }),
        now,
    };
    match settle_and_notify(state, s).await {
        Ok(Settled::ReusedReceipt) => {
            tracing::warn!(target: "security", trans_id = %p.trans_id, "C2B TransID already used for another payment");
        }
        Ok(_) => {}
        Err(e) => {
            keep_unsettled(state, "c2b_confirmation", &key, &raw, now).await;
            return Err(e);
        }
    }
    Ok(CallbackReply::accepted())
}

/// What one reconciliation pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReconcileReport {
    /// Attempts looked at.
    pub examined: usize,
    /// Now paid.
    pub paid: usize,
    /// Now failed.
    pub failed: usize,
    /// Still waiting (asked again later).
    pub still_open: usize,
    /// Set aside for review.
    pub needs_review: usize,
}

/// Asks Daraja about every open attempt untouched for `min_age_secs`, up to `limit`.
pub async fn reconcile(state: &AppState, min_age_secs: i64, limit: u32) -> Result<ReconcileReport, AppError> {
    let now = state.clock.now();
    let mut report = ReconcileReport::default();
    for a in state.store.attempts_to_reconcile(now - min_age_secs, limit).await.map_err(store_err)? {
        report.examined += 1;
        match reconcile_attempt(state, &a, now).await? {
            AttemptState::Paid => report.paid += 1,
            AttemptState::Failed => report.failed += 1,
            AttemptState::NeedsReview => report.needs_review += 1,
            _ => report.still_open += 1,
        }
    }
    Ok(report)
}

/// Pays what is still due on the caller's bill from their credit (earlier overpayments), as
/// far as it goes; returns the application the bill belongs to.
pub async fn pay_from_credit(state: &AppState, caller: &Caller, bill_ref: &str) -> Result<String, AppError> {
    let invoice = own_invoice(state, caller, bill_ref).await?;
    if !invoice.payable_at(state.clock.now()) {
        return Err(Problem::BillClosed.into());
    }
    let citizen = invoice.citizen_id.ok_or(AppError::NotFound)?;
    let balance = state.store.credit_balance(citizen).await.map_err(store_err)?;
    let amount = balance.min(invoice.outstanding_minor());
    if amount <= 0 {
        return Err(Problem::NoCredit.into());
    }
    let now = state.clock.now();
    let s = Settlement {
        attempt: None,
        payment: Some(NewPayment {
            receipt_no: ReceiptNo::generate().to_string(),
            bill_ref: Some(invoice.bill_ref.clone()),
            channel: Channel::Credit,
            mpesa_receipt: None,
            phone: String::new(),
            amount_minor: amount,
            paid_at: now,
            needs_review: false,
            note: String::new(),
        }),
        on_paid: on_paid(state, &invoice, "from credit".into(), now),
        callback: None,
        now,
    };
    match settle_and_notify(state, s).await? {
        Settled::InsufficientCredit => Err(Problem::NoCredit.into()),
        _ => Ok(invoice.application_ref.unwrap_or_default()),
    }
}

/// Records money that M-Pesa's statement shows and we never heard of (its callback was lost
/// and no query could find it, e.g. the server died before it learnt the push's checkout id).
/// The statement is M-Pesa's own ledger, so the line is recorded like a confirmation: against
/// its bill (settling an unsure attempt for the same bill and amount), or in suspense.
pub async fn record_statement_line(
    state: &AppState,
    line: &super::statement::StatementLine,
) -> Result<Settled, AppError> {
    let now = state.clock.now();
    let invoice = match BillRef::parse(&line.account) {
        Ok(b) => state.store.payable_invoice(b.as_str()).await.map_err(store_err)?,
        Err(_) => None,
    };
    let attempt =
        match &invoice {
            Some(i) => {
                state.store.attempts_of(&i.bill_ref).await.map_err(store_err)?.into_iter().find(|a| {
                    a.state.is_open() && a.checkout_request_id.is_none() && a.amount_minor == line.amount_minor
                })
            }
            None => None,
        };
    let note = format!("M-Pesa {} (from the statement)", line.receipt);
    let s = Settlement {
        attempt: attempt.as_ref().map(|a| AttemptEvidence {
            attempt_id: a.id,
            proves: AttemptState::Paid,
            result_code: Some(0),
            result_desc: "found on the M-Pesa statement".into(),
        }),
        payment: Some(NewPayment {
            receipt_no: ReceiptNo::generate().to_string(),
            bill_ref: invoice.as_ref().map(|i| i.bill_ref.clone()),
            channel: if attempt.is_some() { Channel::MpesaStk } else { Channel::MpesaPaybill },
            mpesa_receipt: Some(line.receipt.clone()),
            phone: String::new(),
            amount_minor: line.amount_minor,
            paid_at: now,
            needs_review: invoice.is_none(),
            note: if invoice.is_none() {
                format!("statement account {:?} matches no bill", line.account)
            } else {
                String::new()
            },
        }),
        on_paid: invoice.as_ref().and_then(|i| on_paid(state, i, note, now)),
        callback: None,
        now,
    };
    settle_and_notify(state, s).await
}
