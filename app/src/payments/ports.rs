//! Storage for payments: invoices as the payments side sees them, M-Pesa attempts, raw
//! callbacks, payments with their receipts, citizen credits and the double-entry ledger.
//! `settle` is the one write that moves money, and it is atomic with the application
//! advancing out of "awaiting payment".

use super::state::{AttemptState, InvoiceStatus};
use crate::applications::ports::ApplicationEvent;
use crate::applications::state::State;
use crate::store::StoreError;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// An invoice with what paying it needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayableInvoice {
    /// Bill reference.
    pub bill_ref: String,
    /// Application it bills (`None`: an agency's own bill, created through the API).
    pub application_id: Option<i64>,
    /// That application's public reference.
    pub application_ref: Option<String>,
    /// That application's state.
    pub application_state: Option<State>,
    /// The applicant.
    pub citizen_id: Option<i64>,
    /// The agency paid.
    pub agency_code: String,
    /// The service billed, if any.
    pub service_code: Option<String>,
    /// What the bill is for (agency bills).
    pub description: String,
    /// The API key that created it (agency bills).
    pub api_key_id: Option<i64>,
    /// The agency's own reference for it (agency bills).
    pub external_ref: Option<String>,
    /// Government fee, cents.
    pub amount_minor: i64,
    /// Convenience fee, cents.
    pub convenience_minor: i64,
    /// Total, cents.
    pub total_minor: i64,
    /// Received so far, cents.
    pub paid_minor: i64,
    /// Currency code.
    pub currency: String,
    /// Settled or not.
    pub status: InvoiceStatus,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds after which it can no longer be paid (`None`: never).
    pub expires_at: Option<i64>,
}

impl PayableInvoice {
    /// What is still due, cents.
    pub fn outstanding_minor(&self) -> i64 {
        (self.total_minor - self.paid_minor).max(0)
    }

    /// Whether money may still be applied to it: not yet paid, and its application (if any)
    /// still waits for payment.
    pub fn accepts_payment(&self) -> bool {
        self.status != InvoiceStatus::Paid && self.application_state.is_none_or(|s| s == State::AwaitingPayment)
    }

    /// Whether a new payment may be started at `now`: it accepts payment and has not expired.
    /// (Money already on its way when it expires is still recorded, as credit if need be.)
    pub fn payable_at(&self, now: i64) -> bool {
        self.accepts_payment() && self.expires_at.is_none_or(|e| now < e)
    }
}

/// One M-Pesa STK attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    /// Database id.
    pub id: i64,
    /// Bill paid.
    pub bill_ref: String,
    /// Phone prompted (2547…).
    pub phone: String,
    /// Amount asked, cents.
    pub amount_minor: i64,
    /// Where it stands.
    pub state: AttemptState,
    /// Daraja's id, once accepted.
    pub checkout_request_id: Option<String>,
    /// Last Daraja result code heard.
    pub result_code: Option<i64>,
    /// Its description.
    pub result_desc: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds.
    pub updated_at: i64,
    /// STK queries made so far.
    pub query_count: i64,
}

/// A new attempt, written before the push is sent.
#[derive(Debug, Clone)]
pub struct NewAttempt {
    /// Bill paid.
    pub bill_ref: String,
    /// Phone prompted.
    pub phone: String,
    /// Amount asked, cents.
    pub amount_minor: i64,
    /// Unix seconds.
    pub now: i64,
}

/// How money came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Channel {
    /// M-Pesa Express (STK push).
    MpesaStk,
    /// M-Pesa paybill (C2B).
    MpesaPaybill,
    /// The citizen's own credit (an earlier overpayment) applied to the bill.
    Credit,
}

impl Channel {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Channel::MpesaStk => "mpesa_stk",
            Channel::MpesaPaybill => "mpesa_paybill",
            Channel::Credit => "credit",
        }
    }

    /// Reads a stored code.
    pub fn from_code(s: &str) -> Option<Self> {
        [Channel::MpesaStk, Channel::MpesaPaybill, Channel::Credit].into_iter().find(|c| c.code() == s)
    }
}

/// A payment received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// Mlango receipt number.
    pub receipt_no: String,
    /// Bill it was paid against (`None`: a paybill payment to no known bill, in suspense).
    pub bill_ref: Option<String>,
    /// How it came.
    pub channel: Channel,
    /// M-Pesa's receipt number (`None` while only an STK query has confirmed it).
    pub mpesa_receipt: Option<String>,
    /// The STK attempt, if any.
    pub attempt_id: Option<i64>,
    /// Payer's phone as M-Pesa gave it.
    pub phone: String,
    /// Amount received, cents.
    pub amount_minor: i64,
    /// Applied to the bill, cents.
    pub applied_minor: i64,
    /// Kept as the citizen's credit, cents.
    pub credit_minor: i64,
    /// Unix seconds.
    pub paid_at: i64,
    /// Set aside for a person to look at (amount disagrees, unknown bill).
    pub needs_review: bool,
    /// Why it was set aside.
    pub note: String,
}

/// Money that moved, to record.
#[derive(Debug, Clone)]
pub struct NewPayment {
    /// Mlango receipt number to give it.
    pub receipt_no: String,
    /// Bill it names (must exist unless `needs_review`).
    pub bill_ref: Option<String>,
    /// How it came.
    pub channel: Channel,
    /// M-Pesa's receipt number.
    pub mpesa_receipt: Option<String>,
    /// Payer's phone.
    pub phone: String,
    /// Amount, cents.
    pub amount_minor: i64,
    /// Unix seconds.
    pub paid_at: i64,
    /// Put in suspense instead of applying it.
    pub needs_review: bool,
    /// Why.
    pub note: String,
}

/// The application change a full payment causes (awaiting payment → queued, charter clock on).
#[derive(Debug, Clone)]
pub struct OnPaid {
    /// The `paid` event to record.
    pub event: ApplicationEvent,
    /// The charter due date it starts.
    pub due_date: String,
}

/// Everything one piece of payment evidence changes, written in one transaction.
#[derive(Debug, Clone)]
pub struct Settlement {
    /// The attempt it concerns, the state it proves, and the result heard.
    pub attempt: Option<AttemptEvidence>,
    /// Money that moved.
    pub payment: Option<NewPayment>,
    /// What to do to the application if this payment completes the bill.
    pub on_paid: Option<OnPaid>,
    /// The provider callback this evidence came in, stored raw and deduplicated in the same
    /// transaction (so a confirmation costs one durable commit, and a copy changes nothing).
    pub callback: Option<RawCallback>,
    /// Unix seconds.
    pub now: i64,
}

/// A provider callback as received.
#[derive(Debug, Clone)]
pub struct RawCallback {
    /// `stk`, `c2b_confirmation`, ...
    pub kind: &'static str,
    /// What makes two copies the same callback (`c2b:<TransID>`).
    pub dedupe_key: String,
    /// The body, as sent.
    pub body: String,
}

/// What was heard about an attempt.
#[derive(Debug, Clone)]
pub struct AttemptEvidence {
    /// Attempt id.
    pub attempt_id: i64,
    /// The state it proves (joined with the stored one).
    pub proves: AttemptState,
    /// Daraja's result code, if any.
    pub result_code: Option<i64>,
    /// Its description.
    pub result_desc: String,
}

/// What `settle` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// Recorded; the attempt's state now, the payment made (if any) and whether it completed the bill.
    Applied {
        /// The attempt's state after joining the evidence.
        attempt_state: Option<AttemptState>,
        /// The payment written.
        payment: Option<Payment>,
        /// Whether the bill became fully paid (and the application advanced).
        bill_completed: bool,
    },
    /// This money was already recorded (same M-Pesa receipt, same attempt): nothing changed.
    Duplicate,
    /// The M-Pesa receipt number was already used for another bill: nothing applied, the
    /// attempt set aside for review.
    ReusedReceipt,
    /// A payment from credit larger than the citizen's credit: nothing changed.
    InsufficientCredit,
}

impl Settled {
    /// What is noted against the callback that brought this evidence.
    pub fn callback_outcome(&self) -> &'static str {
        match self {
            Settled::Duplicate => "duplicate",
            Settled::ReusedReceipt => "refused:reused_receipt",
            Settled::InsufficientCredit => "refused:insufficient_credit",
            Settled::Applied { attempt_state: Some(AttemptState::NeedsReview), .. } => "needs_review",
            Settled::Applied { payment: Some(p), .. } if p.needs_review => "needs_review",
            Settled::Applied { .. } => "applied",
        }
    }
}

/// A Mlango receipt with what the verification page and the PDF show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptView {
    /// The payment.
    pub payment: Payment,
    /// Application reference, if the bill belongs to one.
    pub application_ref: Option<String>,
    /// The service's code.
    pub service_code: Option<String>,
    /// The agency's code.
    pub agency_code: Option<String>,
    /// Payer account, if known.
    pub citizen_id: Option<i64>,
    /// Invoice total, cents.
    pub invoice_total_minor: Option<i64>,
    /// Currency.
    pub currency: String,
}

/// One line of an agency's settlement report: a service's takings on one day (EAT).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettlementRow {
    /// Days since 1970-01-01 in East Africa Time.
    pub day: i64,
    /// The service paid for.
    pub service_code: String,
    /// Payments counted.
    pub payments: i64,
    /// Government fees received, cents.
    pub revenue_minor: i64,
    /// Convenience fees received, cents.
    pub convenience_minor: i64,
}

/// Storage for payments.
#[async_trait]
pub trait PaymentStore: Send + Sync {
    /// An invoice by bill reference.
    async fn payable_invoice(&self, bill_ref: &str) -> Result<Option<PayableInvoice>, StoreError>;
    /// Writes a new attempt; `Conflict` if the bill already has one requesting or pending.
    async fn create_attempt(&self, attempt: &NewAttempt) -> Result<i64, StoreError>;
    /// Records Daraja's acceptance of a push (state `pending`, its checkout id).
    async fn attempt_accepted(
        &self,
        attempt_id: i64,
        checkout_request_id: &str,
        merchant_request_id: &str,
        now: i64,
    ) -> Result<(), StoreError>;
    /// An attempt by id.
    async fn attempt(&self, attempt_id: i64) -> Result<Option<Attempt>, StoreError>;
    /// An attempt by Daraja's checkout id.
    async fn attempt_by_checkout(&self, checkout_request_id: &str) -> Result<Option<Attempt>, StoreError>;
    /// A bill's attempts, newest first.
    async fn attempts_of(&self, bill_ref: &str) -> Result<Vec<Attempt>, StoreError>;
    /// Open attempts last changed before `before` (for reconciliation), oldest first.
    async fn attempts_to_reconcile(&self, before: i64, limit: u32) -> Result<Vec<Attempt>, StoreError>;
    /// The one unsure attempt (push unanswered, no checkout id) for this phone and amount since
    /// `since`; `None` if there is none or more than one (then a person must match it).
    async fn unsure_attempt(&self, phone: &str, amount_minor: i64, since: i64) -> Result<Option<Attempt>, StoreError>;
    /// Notes that an attempt was queried (so the next query waits).
    async fn attempt_queried(&self, attempt_id: i64, now: i64) -> Result<(), StoreError>;
    /// Stores a callback body as received. Returns its id and whether it is new (`false`: the
    /// same callback was already stored and processed).
    async fn record_callback(
        &self,
        kind: &str,
        dedupe_key: Option<&str>,
        body: &str,
        now: i64,
    ) -> Result<(i64, bool), StoreError>;
    /// Notes what was done with a stored callback.
    async fn callback_outcome(&self, callback_id: i64, outcome: &str) -> Result<(), StoreError>;
    /// Records evidence and money, atomically with the application's advance.
    async fn settle(&self, s: &Settlement) -> Result<Settled, StoreError>;
    /// A payment by Mlango receipt number, with its bill's context.
    async fn receipt(&self, receipt_no: &str) -> Result<Option<ReceiptView>, StoreError>;
    /// A bill's payments, oldest first.
    async fn payments_of(&self, bill_ref: &str) -> Result<Vec<Payment>, StoreError>;
    /// A citizen's credit balance, cents.
    async fn credit_balance(&self, citizen_id: i64) -> Result<i64, StoreError>;
    /// M-Pesa payments (STK and paybill) received in `[from, to)` (unix seconds).
    async fn mpesa_payments_between(&self, from: i64, to: i64) -> Result<Vec<Payment>, StoreError>;
    /// An agency's takings per day and service for ledger entries in `[from, to)` (unix seconds).
    async fn settlement(&self, agency_code: &str, from: i64, to: i64) -> Result<Vec<SettlementRow>, StoreError>;
    /// Sum of every ledger entry's debits and credits (they must be equal).
    async fn ledger_totals(&self) -> Result<(i64, i64), StoreError>;
}
