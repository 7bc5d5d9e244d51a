//! Refunds, maker-checker: one finance officer or admin of the agency asks for a refund of
//! (part of) a payment, and a different one approves or rejects it. Refunds of a payment never
//! add up to more than it; an approved refund is booked in the ledger as refunds payable.

use super::reference::ReceiptNo;
use super::settlement::FINANCE_ROLES;
use crate::accounts::service::store_err;
use crate::accounts::session::Caller;
use crate::error::{AppError, Problem};
use crate::money::{Currency, Money};
use crate::ssr::AppState;
use crate::store::StoreError;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// Where a refund stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefundState {
    /// Waiting for a second person.
    Requested,
    /// Approved by a second person: due to the payer.
    Approved,
    /// Turned down by a second person.
    Rejected,
}

impl RefundState {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            RefundState::Requested => "requested",
            RefundState::Approved => "approved",
            RefundState::Rejected => "rejected",
        }
    }

    /// Reads a stored code.
    pub fn from_code(s: &str) -> Option<Self> {
        [RefundState::Requested, RefundState::Approved, RefundState::Rejected].into_iter().find(|r| r.code() == s)
    }
}

/// A refund with what the finance page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refund {
    /// Database id.
    pub id: i64,
    /// The payment's receipt number.
    pub receipt_no: String,
    /// The payment's amount, cents.
    pub payment_minor: i64,
    /// Refund amount, cents.
    pub amount_minor: i64,
    /// Why.
    pub reason: String,
    /// Where it stands.
    pub state: RefundState,
    /// Who asked (account id).
    pub requested_by: i64,
    /// Their name.
    pub requested_by_name: String,
    /// Unix seconds.
    pub requested_at: i64,
    /// Who decided.
    pub decided_by: Option<i64>,
    /// The decision's note.
    pub decision_note: String,
}

/// A refund to ask for.
#[derive(Debug, Clone)]
pub struct NewRefund {
    /// The payment's receipt number.
    pub receipt_no: String,
    /// The asking staff member's agency (the payment must be to it).
    pub agency_code: String,
    /// Amount, cents.
    pub amount_minor: i64,
    /// Why.
    pub reason: String,
    /// Who asks.
    pub requested_by: i64,
    /// Unix seconds.
    pub now: i64,
}

/// A decision on a refund.
#[derive(Debug, Clone)]
pub struct RefundDecision {
    /// Refund id.
    pub refund_id: i64,
    /// The deciding staff member's agency.
    pub agency_code: String,
    /// Who decides (never the one who asked).
    pub decided_by: i64,
    /// Approve or reject.
    pub approve: bool,
    /// A note.
    pub note: String,
    /// Unix seconds.
    pub now: i64,
}

/// Why a refund write was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundRefusal {
    /// No such payment (or refund) for this agency.
    NotFound,
    /// Refunds would exceed the payment.
    TooLarge,
    /// The checker is the maker.
    SamePerson,
    /// Already decided.
    Decided,
}

/// Storage for refunds.
#[async_trait]
pub trait RefundStore: Send + Sync {
    /// Records a request; refuses with the reason when it cannot be made.
    async fn request_refund(&self, r: &NewRefund) -> Result<Result<i64, RefundRefusal>, StoreError>;
    /// Records a decision (with its ledger entries when approved).
    async fn decide_refund(&self, d: &RefundDecision) -> Result<Result<(), RefundRefusal>, StoreError>;
    /// An agency's refunds, newest first.
    async fn refunds_of_agency(&self, agency_code: &str, limit: u32) -> Result<Vec<Refund>, StoreError>;
}

fn refusal(r: RefundRefusal) -> AppError {
    match r {
        RefundRefusal::NotFound => Problem::ReceiptUnknown.into(),
        RefundRefusal::TooLarge => Problem::RefundTooLarge.into(),
        RefundRefusal::SamePerson => Problem::RefundSamePerson.into(),
        RefundRefusal::Decided => Problem::RefundDecided.into(),
    }
}

/// Asks for a refund of `amount` (shillings, as typed) of the payment with `receipt_no`.
pub async fn request(
    state: &AppState,
    caller: &Caller,
    receipt_no: &str,
    amount: &str,
    reason: &str,
) -> Result<(), AppError> {
    let (me, agency) = caller.agency_staff(FINANCE_ROLES)?;
    let receipt = ReceiptNo::parse(receipt_no).ok_or(Problem::ReceiptUnknown)?;
    let amount = Money::parse_major(amount, Currency::Kes).map_err(|_| Problem::RefundAmountInvalid)?;
    if amount.minor <= 0 {
        return Err(Problem::RefundAmountInvalid.into());
    }
    let reason = reason.trim();
    if reason.chars().count() < 5 || reason.chars().count() > 500 {
        return Err(Problem::NoteMissing.into());
    }
    let r = NewRefund {
        receipt_no: receipt.to_string(),
        agency_code: agency,
        amount_minor: amount.minor,
        reason: reason.to_string(),
        requested_by: me,
        now: state.clock.now(),
    };
    state.store.request_refund(&r).await.map_err(store_err)?.map_err(refusal)?;
    tracing::info!(target: "audit", account = me, receipt = %r.receipt_no, amount_minor = r.amount_minor, "refund requested");
    Ok(())
}

/// Approves or rejects a refund someone else asked for.
pub async fn decide(
    state: &AppState,
    caller: &Caller,
    refund_id: i64,
    approve: bool,
    note: &str,
) -> Result<(), AppError> {
    let (me, agency) = caller.agency_staff(FINANCE_ROLES)?;
    let note = note.trim();
    if note.chars().count() > 500 || (!approve && note.is_empty()) {
        return Err(Problem::NoteMissing.into());
    }
    let d = RefundDecision {
        refund_id,
        agency_code: agency,
        decided_by: me,
        approve,
        note: note.to_string(),
        now: state.clock.now(),
    };
    state.store.decide_refund(&d).await.map_err(store_err)?.map_err(refusal)?;
    tracing::info!(target: "audit", account = me, refund_id, approve, "refund decided");
    Ok(())
}
