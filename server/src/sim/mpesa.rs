//! Safaricom Daraja (M-Pesa) simulator: the OAuth token, STK push, STK query and C2B URL
//! registration with Daraja's own JSON, validation rules and error codes, a simulated phone
//! on which the customer answers the PIN prompt (or pays a bill), the callbacks Daraja would
//! post, and the organisation's statement to reconcile against.
//!
//! Driver endpoints let tests answer prompts, pay bills, read the statement and turn on chaos
//! (duplicated, reordered, dropped or late callbacks; pushes whose answer never arrives). Chaos
//! decisions come from one seeded RNG, so a test with a fixed seed sees the same faults every
//! run.
//!
//! Stricter than Daraja is known to be in one place: a `Timestamp` more than an hour away from
//! East Africa Time now is refused, so an adapter that sends UTC fails here, not in production.

use super::{SIM_MAX_MESSAGES, Simulators, escape_html, rfc3339};
use crate::gateways::daraja::{self, INVALID_ACCESS_TOKEN, STILL_PROCESSING};
use app::contact::PhoneNumber;
use app::money::Money;
use app::payments::gateway::{MAX_ACCOUNT_REFERENCE, MAX_TRANSACTION_DESC, MPESA_MAX_KES, MPESA_MIN_KES};
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::{Extension, Form, Json};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet, VecDeque};
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::time::Instant;

/// The consumer key the simulator's OAuth endpoint accepts.
pub const SIM_MPESA_CONSUMER_KEY: &str = "sim-mpesa-consumer-key";
/// The consumer secret the simulator's OAuth endpoint accepts.
pub const SIM_MPESA_CONSUMER_SECRET: &str = "sim-mpesa-consumer-secret";
/// The simulator's paybill (Daraja's public sandbox shortcode).
pub const SIM_MPESA_SHORTCODE: &str = "174379";
/// The simulator's Lipa na M-Pesa Online passkey (Daraja's public sandbox passkey).
pub const SIM_MPESA_PASSKEY: &str = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";
/// Every simulated phone's M-PESA PIN.
pub const SIM_MPESA_PIN: &str = "1234";
/// The business name shown in PIN prompts.
pub const SIM_MPESA_BUSINESS_NAME: &str = "MLANGO";
/// What every simulated phone starts with, in shillings.
pub const SIM_MPESA_DEFAULT_BALANCE_KES: i64 = 100_000;
/// Access-token lifetime, as Daraja's `expires_in` says.
pub const SIM_MPESA_TOKEN_TTL: Duration = Duration::from_secs(3599);
/// How long an unanswered prompt waits before it ends with 1037 (the phone's prompt timing out).
pub const SIM_MPESA_PROMPT_EXPIRY: Duration = Duration::from_secs(300);

/// `ResultCode` 0: paid.
pub const RESULT_PAID: i64 = 0;
/// `ResultCode` 1: the balance is insufficient.
pub const RESULT_INSUFFICIENT_BALANCE: i64 = 1;
/// `ResultCode` 1032: the customer cancelled the prompt.
pub const RESULT_CANCELLED: i64 = 1032;
/// `ResultCode` 1037: the phone could not be reached or the prompt was not answered.
pub const RESULT_NOT_ANSWERED: i64 = 1037;
/// `ResultCode` 2001: wrong M-PESA PIN.
pub const RESULT_WRONG_PIN: i64 = 2001;
/// `ResultCode` 2028: `PartyB`/`TransactionType` not allowed for the shortcode.
pub const RESULT_NOT_PERMITTED: i64 = 2028;

/// A PIN that is never the simulator's, for the `wrong_pin` action.
const WRONG_PIN: &str = "0000";
/// Longest paybill account number the phone accepts.
const MAX_BILL_REF: usize = 20;
/// Longest wait for a callback or C2B validation URL to answer.
const CALLBACK_TIMEOUT: Duration = Duration::from_secs(5);
/// A reordered callback waits for the next one at most this long, then goes alone.
const REORDER_HOLD_MAX: Duration = Duration::from_secs(2);
/// Default hold of an ambiguous push's response: longer than the adapter's 15 s timeout,
/// shorter than the server's 30 s request timeout.
const DEFAULT_AMBIGUOUS_HOLD_MS: u64 = 20_000;
/// Pushes kept (the oldest are forgotten); the statement is kept whole for reconciliation.
const MAX_PUSHES: usize = 100_000;
/// Callback deliveries kept in the log.
const MAX_CALLBACK_LOG: usize = SIM_MAX_MESSAGES * 10;

/// The Daraja description of a result code the simulator produces.
pub fn result_desc(code: i64) -> &'static str {
    match code {
        RESULT_PAID => "The service request is processed successfully.",
        RESULT_INSUFFICIENT_BALANCE => "The balance is insufficient for the transaction.",
        RESULT_CANCELLED => "Request cancelled by user",
        RESULT_NOT_ANSWERED => "DS timeout user cannot be reached",
        RESULT_WRONG_PIN => "The initiator information is invalid.",
        RESULT_NOT_PERMITTED => "The request is not permitted according to product assignment",
        _ => "Unknown result",
    }
}

/// How a push ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushResult {
    /// Daraja's `ResultCode`.
    pub result_code: i64,
    /// Daraja's `ResultDesc`.
    pub result_desc: String,
    /// The M-Pesa receipt (`MpesaReceiptNumber`) when paid.
    pub receipt: Option<String>,
    /// When it ended.
    pub completed_at: SystemTime,
}

/// One STK push the simulator accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimPush {
    /// `CheckoutRequestID` (`ws_CO_…`).
    pub checkout_request_id: String,
    /// `MerchantRequestID`.
    pub merchant_request_id: String,
    /// The phone prompted (`PhoneNumber`), `2547…`.
    pub phone: String,
    /// Whole shillings.
    pub amount_kes: i64,
    /// `AccountReference`, shown in the prompt.
    pub account_reference: String,
    /// `TransactionDesc`.
    pub description: String,
    /// `CallBackURL`.
    pub callback_url: String,
    /// When it was accepted.
    pub created_at: SystemTime,
    /// `None` while the prompt waits for the customer.
    pub result: Option<PushResult>,
}

impl SimPush {
    /// The question on the phone's screen.
    pub fn prompt(&self) -> String {
        format!(
            "Pay {} to {SIM_MPESA_BUSINESS_NAME} for account {}? Enter M-PESA PIN",
            Money::kes(self.amount_kes),
            self.account_reference
        )
    }

    fn to_json(&self) -> Value {
        let r = self.result.as_ref();
        let status = match r {
            None => "pending",
            Some(r) if r.result_code == RESULT_PAID => "paid",
            Some(_) => "failed",
        };
        json!({
            "checkout_request_id": self.checkout_request_id,
            "merchant_request_id": self.merchant_request_id,
            "phone": self.phone,
            "amount_kes": self.amount_kes,
            "account_reference": self.account_reference,
            "description": self.description,
            "callback_url": self.callback_url,
            "created_at": rfc3339(self.created_at),
            "status": status,
            "result_code": r.map(|r| r.result_code),
            "result_desc": r.map(|r| r.result_desc.clone()),
            "receipt": r.and_then(|r| r.receipt.clone()),
            "completed_at": r.map(|r| rfc3339(r.completed_at)),
        })
    }
}

/// How money reached the organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TxKind {
    /// An answered STK push (M-Pesa Express).
    Stk,
    /// A customer-initiated paybill payment.
    C2b,
}

/// One completed payment in the organisation's M-Pesa statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementEntry {
    /// M-Pesa receipt (for C2B also the `TransID`).
    pub receipt: String,
    /// Whole shillings.
    pub amount_kes: i64,
    /// The paying phone, `2547…`.
    pub phone: String,
    /// `AccountReference` (STK) or `BillRefNumber` (C2B).
    pub account_reference: String,
    /// The push it paid, for STK.
    pub checkout_request_id: Option<String>,
    /// STK or C2B.
    pub kind: TxKind,
    /// `YYYYMMDDHHmmss` in EAT, as in callbacks.
    pub transaction_date: String,
    /// When it was paid.
    pub completed_at: SystemTime,
}

impl StatementEntry {
    fn to_json(&self) -> Value {
        json!({
            "receipt": self.receipt,
            "amount_kes": self.amount_kes,
            "phone": self.phone,
            "account_reference": self.account_reference,
            "reference": self.checkout_request_id.clone().unwrap_or_else(|| self.receipt.clone()),
            "checkout_request_id": self.checkout_request_id,
            "trans_id": (self.kind == TxKind::C2b).then(|| self.receipt.clone()),
            "kind": self.kind,
            "transaction_date": self.transaction_date,
            "completed_at": rfc3339(self.completed_at),
        })
    }
}

/// Which callback a delivery carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CallbackKind {
    /// The STK result to `CallBackURL`.
    Stk,
    /// A C2B validation request (synchronous, never subject to chaos).
    C2bValidation,
    /// A C2B confirmation.
    C2bConfirmation,
}

/// What happened to one delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryOutcome {
    /// The receiver answered with this HTTP status.
    Answered(u16),
    /// No HTTP answer (connection refused, timeout).
    Failed(String),
    /// Chaos dropped it: never sent.
    Dropped,
}

/// One callback delivery (or chaos drop).
#[derive(Debug, Clone, PartialEq)]
pub struct CallbackAttempt {
    /// What was delivered.
    pub kind: CallbackKind,
    /// `CheckoutRequestID` for STK, `TransID` for C2B.
    pub reference: String,
    /// Where it went.
    pub url: String,
    /// 1 for the first copy, 2 for a chaos duplicate.
    pub copy: u8,
    /// How it went.
    pub outcome: DeliveryOutcome,
    /// When.
    pub at: SystemTime,
    /// The exact JSON posted.
    pub body: Value,
}

impl CallbackAttempt {
    fn to_json(&self) -> Value {
        let (outcome, status, error) = match &self.outcome {
            DeliveryOutcome::Answered(s) => ("delivered", Some(*s), None),
            DeliveryOutcome::Failed(e) => ("failed", None, Some(e.clone())),
            DeliveryOutcome::Dropped => ("dropped", None, None),
        };
        json!({
            "kind": self.kind,
            "reference": self.reference,
            "checkout_request_id": (self.kind == CallbackKind::Stk).then(|| self.reference.clone()),
            "url": self.url,
            "copy": self.copy,
            "outcome": outcome,
            "http_status": status,
            "error": error,
            "at": rfc3339(self.at),
            "body": self.body,
        })
    }
}

/// How the push endpoint's unanswered ("ambiguous") responses fail.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AmbiguousMode {
    /// Hold the response for `ambiguous_hold_ms` (past the client's timeout).
    #[default]
    Hold,
    /// Send the headers, then break the connection.
    Drop,
}

/// Fault injection; probabilities are 0.0..=1.0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Chaos {
    /// A callback is posted twice (same body).
    pub duplicate: f64,
    /// A callback is held back and posted after the next one.
    pub reorder: f64,
    /// A callback is never posted (the payment still happened).
    pub drop: f64,
    /// Each callback waits a random 0..=this many ms first.
    pub delay_ms_max: u64,
    /// A push is created but its HTTP response never arrives in time.
    pub ambiguous_push: f64,
    /// How an ambiguous push fails.
    pub ambiguous_mode: AmbiguousMode,
    /// How long `hold` holds, in ms (default 20 000).
    pub ambiguous_hold_ms: Option<u64>,
    /// A push is refused with `500.003.02` (spike arrest) and not created.
    pub busy: f64,
    /// RNG seed; `None` picks one at random.
    pub seed: Option<u64>,
}

impl Chaos {
    fn check(&self) -> Result<(), String> {
        for (name, p) in [
            ("duplicate", self.duplicate),
            ("reorder", self.reorder),
            ("drop", self.drop),
            ("ambiguous_push", self.ambiguous_push),
            ("busy", self.busy),
        ] {
            if !(0.0..=1.0).contains(&p) {
                return Err(format!("{name} must be a probability between 0 and 1"));
            }
        }
        Ok(())
    }
}

/// What the simulated customer does with every new prompt, when nobody drives the phone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AutoMode {
    /// Prompts wait for a person or a test.
    #[default]
    Off,
    /// Enter the right PIN.
    Pay,
    /// Enter a wrong PIN (2001).
    WrongPin,
    /// Press Cancel (1032).
    Cancel,
    /// Never answer (1037).
    Timeout,
}

/// Automatic answers for load and chaos tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AutoAnswer {
    /// What to answer.
    pub mode: AutoMode,
    /// How long after the push.
    pub after_ms: u64,
}

/// What a customer does with a PIN prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Enters this PIN and presses Send.
    Pin(String),
    /// Presses Cancel.
    Cancel,
    /// Never answers (or the phone is off).
    Timeout,
}

/// Why an answer was not taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    /// No such `CheckoutRequestID`.
    #[error("no such payment request")]
    Unknown,
    /// The prompt has already ended.
    #[error("this payment request has already ended (ResultCode {0})")]
    AlreadyAnswered(i64),
}

/// A paybill payment made on the phone (Lipa na M-PESA → Pay Bill).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayBill {
    /// The paying phone.
    pub phone: PhoneNumber,
    /// Business number.
    pub short_code: String,
    /// Account number (`BillRefNumber`).
    pub account: String,
    /// Whole shillings.
    pub amount_kes: i64,
    /// The PIN typed.
    pub pin: String,
}

/// A paybill payment that went through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayBillReceipt {
    /// `TransID`, also the M-Pesa receipt.
    pub trans_id: String,
    /// `TransTime`.
    pub trans_time: String,
}

/// Why a paybill payment did not go through (no money moved).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayBillRefusal {
    /// Not a business number the simulator knows.
    #[error("{0} is not a valid business number")]
    UnknownBusiness(String),
    /// Outside KSh 1–250,000 or not whole shillings.
    #[error("the amount must be between KSh 1 and KSh 250,000")]
    InvalidAmount,
    /// Empty or too long.
    #[error("enter an account number of at most 20 characters")]
    InvalidAccount,
    /// The PIN was wrong.
    #[error("wrong M-PESA PIN")]
    WrongPin,
    /// Not enough money on the phone.
    #[error("the balance is insufficient for the transaction")]
    InsufficientBalance,
    /// The business's validation URL refused it.
    #[error("the business refused the payment: {result_code} {result_desc}")]
    Rejected {
        /// The validation reply's `ResultCode`, e.g. `C2B00012`.
        result_code: String,
        /// Its `ResultDesc`.
        result_desc: String,
    },
    /// The validation URL did not answer and the shortcode is registered `Cancelled`.
    #[error("the business could not be reached to validate the payment")]
    ValidationUnavailable,
}

/// A C2B URL registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct C2bRegistration {
    /// `ShortCode`.
    pub short_code: String,
    /// `Completed` or `Cancelled`: what happens when validation cannot be reached.
    pub response_type: String,
    /// `ConfirmationURL`.
    pub confirmation_url: String,
    /// `ValidationURL`.
    pub validation_url: String,
    /// 1 or 2 (v2 masks the payer's MSISDN).
    pub version: u8,
}

/// Requests the simulator has seen, for single-flight and load assertions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counters {
    /// `GET /oauth/v1/generate`.
    pub token_requests: u64,
    /// `POST /mpesa/stkpush/v1/processrequest`.
    pub push_requests: u64,
    /// `POST /mpesa/stkpushquery/v1/query`.
    pub query_requests: u64,
}

struct Outgoing {
    kind: CallbackKind,
    reference: String,
    url: String,
    body: Value,
}

struct Held {
    id: u64,
    item: Outgoing,
    copies: u8,
}

struct Inner {
    pushes: HashMap<String, SimPush>,
    push_order: VecDeque<String>,
    balances: HashMap<String, i64>,
    statement: Vec<StatementEntry>,
    receipts: HashSet<String>,
    c2b: HashMap<String, C2bRegistration>,
    token: Option<(String, Instant)>,
    token_ttl: Duration,
    prompt_expiry: Duration,
    counters: Counters,
    chaos: Chaos,
    rng: StdRng,
    auto: AutoAnswer,
    callbacks: VecDeque<CallbackAttempt>,
    held: Vec<Held>,
    next_held: u64,
    in_flight: usize,
    paid: u64,
}

impl Inner {
    fn new() -> Self {
        Inner {
            pushes: HashMap::new(),
            push_order: VecDeque::new(),
            balances: HashMap::new(),
            statement: Vec::new(),
            receipts: HashSet::new(),
            c2b: HashMap::new(),
            token: None,
            token_ttl: SIM_MPESA_TOKEN_TTL,
            prompt_expiry: SIM_MPESA_PROMPT_EXPIRY,
            counters: Counters::default(),
            chaos: Chaos::default(),
            rng: StdRng::seed_from_u64(rand::rng().random()),
            auto: AutoAnswer::default(),
            callbacks: VecDeque::new(),
            held: Vec::new(),
            next_held: 0,
            in_flight: 0,
            paid: 0,
        }
    }

    fn balance(&self, phone: &str) -> i64 {
        self.balances.get(phone).copied().unwrap_or(SIM_MPESA_DEFAULT_BALANCE_KES)
    }

    fn new_receipt(&mut self) -> String {
        const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        let mut rng = rand::rng();
        loop {
            let mut receipt = String::with_capacity(10);
            receipt.push(char::from(LETTERS[rng.random_range(0..LETTERS.len())]));
            for _ in 0..9 {
                receipt.push(char::from(ALNUM[rng.random_range(0..ALNUM.len())]));
            }
            if self.receipts.insert(receipt.clone()) {
                return receipt;
            }
        }
    }

    fn record_callback(&mut self, attempt: CallbackAttempt) {
        self.callbacks.push_back(attempt);
        while self.callbacks.len() > MAX_CALLBACK_LOG {
            self.callbacks.pop_front();
        }
    }

    /// Decides what chaos does to one callback. Always draws four numbers, so the faults a
    /// seed produces depend only on how many callbacks came before.
    fn plan(&mut self, item: Outgoing) -> Vec<Delivery> {
        let chaos = self.chaos;
        let (drop, duplicate, reorder, delay) =
            (self.rng.random::<f64>(), self.rng.random::<f64>(), self.rng.random::<f64>(), self.rng.random::<f64>());
        let copies = if duplicate < chaos.duplicate { 2 } else { 1 };
        let delay = Duration::from_millis((delay * chaos.delay_ms_max as f64) as u64);
        let mut deliveries = Vec::new();
        if drop < chaos.drop {
            self.record_callback(CallbackAttempt {
                kind: item.kind,
                reference: item.reference,
                url: item.url,
                copy: 1,
                outcome: DeliveryOutcome::Dropped,
                at: SystemTime::now(),
                body: item.body,
            });
            // Whatever was waiting for "the next one" goes now.
            let held: Vec<(Outgoing, u8)> = self.held.drain(..).map(|h| (h.item, h.copies)).collect();
            if !held.is_empty() {
                deliveries.push(Delivery::Now { delay: Duration::ZERO, batch: held });
            }
        } else if reorder < chaos.reorder {
            let id = self.next_held;
            self.next_held += 1;
            self.in_flight += 1;
            self.held.push(Held { id, item, copies });
            deliveries.push(Delivery::Watch(id));
        } else {
            self.in_flight += 1;
            let mut batch = vec![(item, copies)];
            batch.extend(self.held.drain(..).map(|h| (h.item, h.copies)));
            deliveries.push(Delivery::Now { delay, batch });
        }
        deliveries
    }
}

enum Delivery {
    Now { delay: Duration, batch: Vec<(Outgoing, u8)> },
    Watch(u64),
}

/// The M-Pesa simulator's state; clones share it.
#[derive(Clone)]
pub struct MpesaSim {
    inner: Arc<Mutex<Inner>>,
    clients: Arc<OnceLock<Clients>>,
}

struct Clients {
    loopback: Result<reqwest::Client, String>,
    other: Result<reqwest::Client, String>,
}

impl Default for MpesaSim {
    fn default() -> Self {
        MpesaSim { inner: Arc::new(Mutex::new(Inner::new())), clients: Arc::new(OnceLock::new()) }
    }
}

fn spawn(task: impl Future<Output = ()> + Send + 'static) {
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => {
            runtime.spawn(task);
        }
        Err(_) => tracing::warn!("M-Pesa simulator used outside an async runtime: background work skipped"),
    }
}

fn now_unix() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

fn is_loopback(url: &str) -> bool {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .is_some_and(|h| h == "localhost" || h == "[::1]" || h == "::1" || h.starts_with("127."))
}

impl MpesaSim {
    // Each change under the lock is completed before it is released (no await inside), so a
    // poisoned lock still guards consistent data.
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn client(&self, url: &str) -> Result<reqwest::Client, String> {
        let clients = self.clients.get_or_init(|| {
            let build = |loopback: bool| {
                let mut b = reqwest::Client::builder()
                    .timeout(CALLBACK_TIMEOUT)
                    .redirect(reqwest::redirect::Policy::none())
                    .user_agent("mlango-mpesa-simulator");
                // The demo's callbacks go to this same process; an egress proxy must not see them.
                if loopback {
                    b = b.no_proxy();
                }
                b.build().map_err(|e| e.to_string())
            };
            Clients { loopback: build(true), other: build(false) }
        });
        if is_loopback(url) { clients.loopback.clone() } else { clients.other.clone() }
    }

    /// Registers C2B URLs directly, as an operator does once with Daraja (the demo and the
    /// tests register this process's own callback URLs at start).
    pub fn register_c2b(&self, registration: C2bRegistration) {
        self.lock().c2b.insert(registration.short_code.clone(), registration);
    }

    /// Every push, oldest first.
    pub fn pushes(&self) -> Vec<SimPush> {
        let inner = self.lock();
        inner.push_order.iter().filter_map(|id| inner.pushes.get(id)).cloned().collect()
    }

    /// One push by `CheckoutRequestID`.
    pub fn push(&self, checkout_request_id: &str) -> Option<SimPush> {
        self.lock().pushes.get(checkout_request_id).cloned()
    }

    /// Prompts waiting on `phone`, oldest first.
    pub fn pending_for(&self, phone: &PhoneNumber) -> Vec<SimPush> {
        self.pushes().into_iter().filter(|p| p.phone == phone.as_str() && p.result.is_none()).collect()
    }

    /// The organisation's statement: every completed payment, oldest first.
    pub fn statement(&self) -> Vec<StatementEntry> {
        self.lock().statement.clone()
    }

    /// Callback deliveries (and chaos drops), oldest first.
    pub fn callbacks(&self) -> Vec<CallbackAttempt> {
        self.lock().callbacks.iter().cloned().collect()
    }

    /// A phone's M-Pesa balance in shillings.
    pub fn balance(&self, phone: &PhoneNumber) -> i64 {
        self.lock().balance(phone.as_str())
    }

    /// Sets a phone's M-Pesa balance in shillings.
    pub fn set_balance(&self, phone: &PhoneNumber, kes: i64) {
        self.lock().balances.insert(phone.as_str().to_string(), kes);
    }

    /// The C2B URLs registered for `short_code`.
    pub fn registration(&self, short_code: &str) -> Option<C2bRegistration> {
        self.lock().c2b.get(short_code).cloned()
    }

    /// Request counts.
    pub fn counters(&self) -> Counters {
        self.lock().counters
    }

    /// The current chaos settings.
    pub fn chaos(&self) -> Chaos {
        self.lock().chaos
    }

    /// Replaces the chaos settings and reseeds the RNG.
    pub fn set_chaos(&self, chaos: Chaos) -> Result<(), String> {
        chaos.check()?;
        let mut inner = self.lock();
        inner.chaos = chaos;
        inner.rng = StdRng::seed_from_u64(chaos.seed.unwrap_or_else(|| rand::rng().random()));
        Ok(())
    }

    /// Sets how new prompts are answered automatically.
    pub fn set_auto(&self, auto: AutoAnswer) {
        self.lock().auto = auto;
    }

    /// How long an unanswered prompt lasts before it ends with 1037.
    pub fn set_prompt_expiry(&self, expiry: Duration) {
        self.lock().prompt_expiry = expiry;
    }

    /// Back to a well-behaved Daraja: no chaos, no automatic answers, normal token and prompt
    /// lifetimes, and any held callbacks delivered. Payments, balances and logs are kept.
    pub fn reset(&self) {
        let held = {
            let mut inner = self.lock();
            inner.chaos = Chaos::default();
            inner.auto = AutoAnswer::default();
            inner.token_ttl = SIM_MPESA_TOKEN_TTL;
            inner.prompt_expiry = SIM_MPESA_PROMPT_EXPIRY;
            inner.held.drain(..).map(|h| (h.item, h.copies)).collect::<Vec<_>>()
        };
        if !held.is_empty() {
            self.start(vec![Delivery::Now { delay: Duration::ZERO, batch: held }]);
        }
    }

    /// Lifetime of tokens issued from now on (tests shorten it).
    pub fn set_token_ttl(&self, ttl: Duration) {
        self.lock().token_ttl = ttl.max(Duration::from_secs(1));
    }

    /// Revokes the current token, as issuing a new one elsewhere would.
    pub fn revoke_tokens(&self) {
        self.lock().token = None;
    }

    /// Waits until no callback is waiting to be delivered (or `limit` passes); `true` if idle.
    pub async fn settle(&self, limit: Duration) -> bool {
        let until = Instant::now() + limit;
        loop {
            if self.lock().in_flight == 0 {
                return true;
            }
            if Instant::now() >= until {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    fn issue_token(&self) -> (String, u64) {
        let token: String = {
            let mut rng = rand::rng();
            (0..28).map(|_| char::from(rng.sample(rand::distr::Alphanumeric))).collect()
        };
        let mut inner = self.lock();
        let ttl = inner.token_ttl;
        // Issuing invalidates the previous token, as Daraja does.
        inner.token = Some((token.clone(), Instant::now() + ttl));
        (token, ttl.as_secs())
    }

    fn token_valid(&self, bearer: &str) -> bool {
        self.lock().token.as_ref().is_some_and(|(t, expires)| t == bearer && Instant::now() < *expires)
    }

    /// Records an accepted push and schedules what follows (automatic answer, expiry, or an
    /// immediate 2028 when `PartyB` is not the paybill).
    fn create_push(&self, mut push: SimPush, permitted: bool) -> SimPush {
        let (auto, expiry) = {
            let mut inner = self.lock();
            while inner.pushes.contains_key(&push.checkout_request_id) {
                push.checkout_request_id = new_checkout_id();
            }
            let id = push.checkout_request_id.clone();
            inner.pushes.insert(id.clone(), push.clone());
            inner.push_order.push_back(id);
            while inner.push_order.len() > MAX_PUSHES {
                if let Some(old) = inner.push_order.pop_front() {
                    inner.pushes.remove(&old);
                }
            }
            (inner.auto, inner.prompt_expiry)
        };
        let id = push.checkout_request_id.clone();
        if !permitted {
            let _ = self.finish(&id, RESULT_NOT_PERMITTED);
            return push;
        }
        let answer = match auto.mode {
            AutoMode::Off => None,
            AutoMode::Pay => Some(Answer::Pin(SIM_MPESA_PIN.to_string())),
            AutoMode::WrongPin => Some(Answer::Pin(WRONG_PIN.to_string())),
            AutoMode::Cancel => Some(Answer::Cancel),
            AutoMode::Timeout => Some(Answer::Timeout),
        };
        if let Some(answer) = answer {
            let (sim, id) = (self.clone(), id.clone());
            spawn(async move {
                tokio::time::sleep(Duration::from_millis(auto.after_ms)).await;
                let _ = sim.answer(&id, answer);
            });
        }
        let sim = self.clone();
        spawn(async move {
            tokio::time::sleep(expiry).await;
            // Already answered is the usual case; nothing to do then.
            let _ = sim.answer(&id, Answer::Timeout);
        });
        push
    }

    /// Answers a prompt as the customer would; the callback follows in the background.
    pub fn answer(&self, checkout_request_id: &str, answer: Answer) -> Result<PushResult, AnswerError> {
        let code = {
            let inner = self.lock();
            let push = inner.pushes.get(checkout_request_id).ok_or(AnswerError::Unknown)?;
            if let Some(r) = &push.result {
                return Err(AnswerError::AlreadyAnswered(r.result_code));
            }
            match answer {
                Answer::Pin(pin) if pin.trim() != SIM_MPESA_PIN => RESULT_WRONG_PIN,
                Answer::Pin(_) if inner.balance(&push.phone) < push.amount_kes => RESULT_INSUFFICIENT_BALANCE,
                Answer::Pin(_) => RESULT_PAID,
                Answer::Cancel => RESULT_CANCELLED,
                Answer::Timeout => RESULT_NOT_ANSWERED,
            }
        };
        self.finish(checkout_request_id, code)
    }

    /// Ends a push with `code` (moving the money when 0) and sends its callback.
    fn finish(&self, checkout_request_id: &str, code: i64) -> Result<PushResult, AnswerError> {
        let (result, deliveries) = {
            let mut inner = self.lock();
            let inner = &mut *inner;
            let push = inner.pushes.get(checkout_request_id).ok_or(AnswerError::Unknown)?;
            if let Some(r) = &push.result {
                return Err(AnswerError::AlreadyAnswered(r.result_code));
            }
            let (phone, amount) = (push.phone.clone(), push.amount_kes);
            let balance = inner.balance(&phone);
            // The balance may have changed since the answer was chosen; never go negative.
            let code = if code == RESULT_PAID && balance < amount { RESULT_INSUFFICIENT_BALANCE } else { code };
            let now = SystemTime::now();
            let transaction_date = daraja::timestamp(now_unix());
            let receipt = (code == RESULT_PAID).then(|| inner.new_receipt());
            let result = PushResult {
                result_code: code,
                result_desc: result_desc(code).to_string(),
                receipt: receipt.clone(),
                completed_at: now,
            };
            let push = inner.pushes.get_mut(checkout_request_id).ok_or(AnswerError::Unknown)?;
            push.result = Some(result.clone());
            let push = push.clone();
            let mut with_balance = false;
            if let Some(receipt) = &receipt {
                inner.balances.insert(phone.clone(), balance - amount);
                inner.statement.push(StatementEntry {
                    receipt: receipt.clone(),
                    amount_kes: amount,
                    phone,
                    account_reference: push.account_reference.clone(),
                    checkout_request_id: Some(push.checkout_request_id.clone()),
                    kind: TxKind::Stk,
                    transaction_date: transaction_date.clone(),
                    completed_at: now,
                });
                inner.paid += 1;
                // Real callbacks sometimes carry a value-less Balance item; every other one here does.
                with_balance = inner.paid.is_multiple_of(2);
            }
            let body = stk_callback(&push, &result, &transaction_date, with_balance);
            let deliveries = inner.plan(Outgoing {
                kind: CallbackKind::Stk,
                reference: push.checkout_request_id.clone(),
                url: push.callback_url.clone(),
                body,
            });
            (result, deliveries)
        };
        self.start(deliveries);
        Ok(result)
    }

    fn start(&self, deliveries: Vec<Delivery>) {
        for delivery in deliveries {
            let sim = self.clone();
            match delivery {
                Delivery::Now { delay, batch } => spawn(async move { sim.deliver(delay, batch).await }),
                Delivery::Watch(id) => spawn(async move {
                    tokio::time::sleep(REORDER_HOLD_MAX).await;
                    let item = {
                        let mut inner = sim.lock();
                        let at = inner.held.iter().position(|h| h.id == id);
                        at.map(|i| inner.held.remove(i))
                    };
                    if let Some(h) = item {
                        sim.deliver(Duration::ZERO, vec![(h.item, h.copies)]).await;
                    }
                }),
            }
        }
    }

    async fn deliver(&self, delay: Duration, batch: Vec<(Outgoing, u8)>) {
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        for (item, copies) in batch {
            for copy in 1..=copies {
                let outcome = self.post(&item.url, &item.body).await.map(|(status, _)| status);
                let outcome = match outcome {
                    Ok(status) => DeliveryOutcome::Answered(status),
                    Err(e) => DeliveryOutcome::Failed(e),
                };
                tracing::debug!(kind = ?item.kind, reference = %item.reference, ?outcome, "M-Pesa simulator callback");
                self.lock().record_callback(CallbackAttempt {
                    kind: item.kind,
                    reference: item.reference.clone(),
                    url: item.url.clone(),
                    copy,
                    outcome,
                    at: SystemTime::now(),
                    body: item.body.clone(),
                });
            }
            let mut inner = self.lock();
            inner.in_flight = inner.in_flight.saturating_sub(1);
        }
    }

    async fn post(&self, url: &str, body: &Value) -> Result<(u16, Vec<u8>), String> {
        let client = self.client(url)?;
        let response = client.post(url).json(body).send().await.map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(|e| e.to_string())?;
        Ok((status, bytes.to_vec()))
    }

    /// Pays a bill from the phone (C2B): validation URL first (it may refuse), then the money
    /// moves and the confirmation follows in the background.
    pub async fn pay_bill(&self, req: PayBill) -> Result<PayBillReceipt, PayBillRefusal> {
        let short_code = req.short_code.trim().to_string();
        let account = req.account.trim().to_string();
        let phone = req.phone.as_str().to_string();
        let (registration, trans_id) = {
            let mut inner = self.lock();
            let registration = inner.c2b.get(&short_code).cloned();
            if short_code != SIM_MPESA_SHORTCODE && registration.is_none() {
                return Err(PayBillRefusal::UnknownBusiness(short_code));
            }
            if !(MPESA_MIN_KES..=MPESA_MAX_KES).contains(&req.amount_kes) {
                return Err(PayBillRefusal::InvalidAmount);
            }
            if account.is_empty() || account.chars().count() > MAX_BILL_REF {
                return Err(PayBillRefusal::InvalidAccount);
            }
            if req.pin.trim() != SIM_MPESA_PIN {
                return Err(PayBillRefusal::WrongPin);
            }
            if inner.balance(&phone) < req.amount_kes {
                return Err(PayBillRefusal::InsufficientBalance);
            }
            (registration, inner.new_receipt())
        };
        let trans_time = daraja::timestamp(now_unix());
        let payload = |org_balance: Option<i64>, version: u8| {
            c2b_payload(&trans_id, &trans_time, req.amount_kes, &short_code, &account, &phone, org_balance, version)
        };
        if let Some(reg) = registration.as_ref().filter(|r| !r.validation_url.is_empty()) {
            let body = payload(None, reg.version);
            let reply = self.post(&reg.validation_url, &body).await;
            let outcome = match &reply {
                Ok((status, _)) => DeliveryOutcome::Answered(*status),
                Err(e) => DeliveryOutcome::Failed(e.clone()),
            };
            self.lock().record_callback(CallbackAttempt {
                kind: CallbackKind::C2bValidation,
                reference: trans_id.clone(),
                url: reg.validation_url.clone(),
                copy: 1,
                outcome,
                at: SystemTime::now(),
                body,
            });
            match reply.ok().and_then(|(status, bytes)| validation_verdict(status, &bytes)) {
                Some((code, _)) if code == "0" => {}
                Some((result_code, result_desc)) => {
                    return Err(PayBillRefusal::Rejected { result_code, result_desc });
                }
                // Unreachable or garbled: Daraja applies the registered ResponseType.
                None if reg.response_type.eq_ignore_ascii_case("Cancelled") => {
                    return Err(PayBillRefusal::ValidationUnavailable);
                }
                None => {}
            }
        }
        let deliveries = {
            let mut inner = self.lock();
            let balance = inner.balance(&phone);
            if balance < req.amount_kes {
                return Err(PayBillRefusal::InsufficientBalance);
            }
            inner.balances.insert(phone.clone(), balance - req.amount_kes);
            inner.statement.push(StatementEntry {
                receipt: trans_id.clone(),
                amount_kes: req.amount_kes,
                phone: phone.clone(),
                account_reference: account.clone(),
                checkout_request_id: None,
                kind: TxKind::C2b,
                transaction_date: trans_time.clone(),
                completed_at: SystemTime::now(),
            });
            let org_balance: i64 = inner.statement.iter().map(|e| e.amount_kes).sum();
            match registration.as_ref().filter(|r| !r.confirmation_url.is_empty()) {
                Some(reg) => inner.plan(Outgoing {
                    kind: CallbackKind::C2bConfirmation,
                    reference: trans_id.clone(),
                    url: reg.confirmation_url.clone(),
                    body: payload(Some(org_balance), reg.version),
                }),
                None => Vec::new(),
            }
        };
        self.start(deliveries);
        Ok(PayBillReceipt { trans_id, trans_time })
    }
}

/// `ResultCode`/`ResultDesc` of a validation reply (`"0"` or `0` accepts).
fn validation_verdict(status: u16, body: &[u8]) -> Option<(String, String)> {
    if !(200..300).contains(&status) {
        return None;
    }
    let reply: Value = serde_json::from_slice(body).ok()?;
    let code = match reply.get("ResultCode")? {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let desc = reply.get("ResultDesc").and_then(Value::as_str).unwrap_or_default().to_string();
    Some((code, desc))
}

/// The STK callback body, exactly as Daraja posts it.
fn stk_callback(push: &SimPush, result: &PushResult, transaction_date: &str, with_balance: bool) -> Value {
    let mut callback = json!({
        "MerchantRequestID": push.merchant_request_id,
        "CheckoutRequestID": push.checkout_request_id,
        "ResultCode": result.result_code,
        "ResultDesc": result.result_desc,
    });
    if let Some(receipt) = &result.receipt {
        let mut items = vec![
            json!({"Name": "Amount", "Value": push.amount_kes}),
            json!({"Name": "MpesaReceiptNumber", "Value": receipt}),
        ];
        if with_balance {
            items.push(json!({"Name": "Balance"}));
        }
        items.push(json!({"Name": "TransactionDate", "Value": transaction_date.parse::<u64>().unwrap_or(0)}));
        items.push(json!({"Name": "PhoneNumber", "Value": push.phone.parse::<u64>().unwrap_or(0)}));
        callback["CallbackMetadata"] = json!({ "Item": items });
    }
    json!({"Body": {"stkCallback": callback}})
}

/// The C2B validation (`org_balance` `None`: blank) or confirmation payload.
#[allow(clippy::too_many_arguments)]
fn c2b_payload(
    trans_id: &str,
    trans_time: &str,
    amount_kes: i64,
    short_code: &str,
    bill_ref: &str,
    phone: &str,
    org_balance: Option<i64>,
    version: u8,
) -> Value {
    // v2 masks the payer ("2547 ***** 126"), so receivers must not rely on MSISDN.
    let msisdn = match (version, phone.get(..4), phone.get(9..)) {
        (2, Some(head), Some(tail)) => format!("{head} ***** {tail}"),
        _ => phone.to_string(),
    };
    json!({
        "TransactionType": daraja::DEFAULT_TRANSACTION_TYPE,
        "TransID": trans_id,
        "TransTime": trans_time,
        "TransAmount": amount_kes as f64,
        "BusinessShortCode": short_code,
        "BillRefNumber": bill_ref,
        "InvoiceNumber": "",
        "OrgAccountBalance": org_balance.map_or(json!(""), |b| json!(b as f64)),
        "ThirdPartyTransID": "",
        "MSISDN": msisdn,
        "FirstName": "Simulated",
        "MiddleName": "",
        "LastName": "Customer",
    })
}

fn new_checkout_id() -> String {
    let mut rng = rand::rng();
    // ws_CO_ + DDMMYYYYHHmmss (EAT) + millis + random digits, like the real ones.
    let ts = daraja::timestamp(now_unix());
    let millis = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_millis()).unwrap_or(0);
    let (date, time) = ts.split_at(8);
    let (y, md) = date.split_at(4);
    let (m, d) = md.split_at(2);
    format!("ws_CO_{d}{m}{y}{time}{millis:03}{:08}", rng.random_range(0..100_000_000u32))
}

fn new_merchant_id() -> String {
    let mut rng = rand::rng();
    format!(
        "{:04x}-{:04x}-{:04x}-{:016x}{:04}",
        rng.random::<u16>(),
        rng.random::<u16>(),
        rng.random::<u16>(),
        rng.random::<u64>(),
        rng.random_range(0..10_000u32)
    )
}

fn request_id() -> String {
    let mut rng = rand::rng();
    format!("{:04}-{:08}-{}", rng.random_range(0..10_000u32), rng.random_range(0..100_000_000u32), 1)
}

/// A Daraja error body; the HTTP status is the code's first three digits, as Daraja does.
fn daraja_error(code: &str, message: &str) -> Response {
    let status = code.get(..3).and_then(|s| s.parse::<u16>().ok()).and_then(|s| StatusCode::from_u16(s).ok());
    let body = json!({"requestId": request_id(), "errorCode": code, "errorMessage": message});
    (status.unwrap_or(StatusCode::BAD_REQUEST), Json(body)).into_response()
}

/// A Daraja error answer, made into its HTTP response at the handler.
struct Refusal {
    code: &'static str,
    message: String,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        daraja_error(self.code, &self.message)
    }
}

fn refusal(code: &'static str, message: &str) -> Refusal {
    Refusal { code, message: message.to_string() }
}

fn bad_request(field: &str) -> Refusal {
    refusal("400.002.02", &format!("Bad Request - Invalid {field}"))
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("application/json"))
}

/// A field Daraja accepts as a string or a number, as text.
fn text_field(body: &Value, name: &str) -> Option<String> {
    match body.get(name)? {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn is_mobile(msisdn: &str) -> bool {
    msisdn.len() == 12
        && (msisdn.starts_with("2547") || msisdn.starts_with("2541"))
        && msisdn.bytes().all(|b| b.is_ascii_digit())
}

fn is_http_url(url: &str) -> bool {
    (url.starts_with("http://") || url.starts_with("https://")) && reqwest::Url::parse(url).is_ok()
}

/// Whole shillings from `"1"`, `1`, `"1.00"` or `1.0`.
fn whole_shillings(text: &str) -> Option<i64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || !fraction.bytes().all(|b| b == b'0') {
        return None;
    }
    whole.parse().ok()
}

fn check_bearer(sim: &MpesaSim, headers: &HeaderMap) -> Result<(), Refusal> {
    let bearer =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    match bearer {
        Some(token) if sim.token_valid(token.trim()) => Ok(()),
        _ => Err(refusal(INVALID_ACCESS_TOKEN, "Invalid Access Token")),
    }
}

/// Checks `Timestamp` and `Password` against the simulator's shortcode and passkey.
fn check_password(body: &Value) -> Result<(), Refusal> {
    let timestamp = text_field(body, "Timestamp").unwrap_or_default();
    let at = daraja::parse_timestamp(&timestamp).ok_or_else(|| bad_request("Timestamp"))?;
    if (at - now_unix()).abs() > 3600 {
        return Err(bad_request("Timestamp"));
    }
    let password = text_field(body, "Password").unwrap_or_default();
    if password != daraja::password(SIM_MPESA_SHORTCODE, SIM_MPESA_PASSKEY, &timestamp) {
        return Err(refusal(STILL_PROCESSING, "Wrong credentials"));
    }
    Ok(())
}

fn check_shortcode(body: &Value) -> Result<(), Refusal> {
    match text_field(body, "BusinessShortCode") {
        Some(code) if code == SIM_MPESA_SHORTCODE => Ok(()),
        Some(code) if !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit()) => {
            Err(refusal(STILL_PROCESSING, "Merchant does not exist"))
        }
        _ => Err(bad_request("BusinessShortCode")),
    }
}

fn json_body(headers: &HeaderMap, body: &[u8]) -> Result<Value, Refusal> {
    // Daraja answers a non-JSON content type this way (reference §3.1).
    if !is_json(headers) {
        return Err(bad_request("BusinessShortCode"));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(v) if v.is_object() => Ok(v),
        _ => Err(refusal("400.002.05", "Invalid Request Payload")),
    }
}

/// The OAuth query string.
#[derive(Deserialize)]
pub(crate) struct GrantQuery {
    grant_type: Option<String>,
}

/// `GET /sim/mpesa/oauth/v1/generate?grant_type=client_credentials`.
pub(crate) async fn oauth(
    State(sims): State<Simulators>,
    headers: HeaderMap,
    Query(query): Query<GrantQuery>,
) -> Response {
    let sim = &sims.mpesa;
    sim.lock().counters.token_requests += 1;
    let credentials = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| STANDARD.decode(b.trim()).ok())
        .and_then(|b| String::from_utf8(b).ok());
    let expected = format!("{SIM_MPESA_CONSUMER_KEY}:{SIM_MPESA_CONSUMER_SECRET}");
    if credentials.as_deref() != Some(expected.as_str()) {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"requestId": "", "errorCode": "400.008.01", "errorMessage": "Invalid Authentication passed"})),
        )
            .into_response();
    }
    if query.grant_type.as_deref() != Some("client_credentials") {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"requestId": "", "errorCode": "400.008.02", "errorMessage": "Invalid grant type passed"})),
        )
            .into_response();
    }
    let (token, expires_in) = sim.issue_token();
    Json(json!({"access_token": token, "expires_in": expires_in.to_string()})).into_response()
}

/// `POST /sim/mpesa/mpesa/stkpush/v1/processrequest`.
pub(crate) async fn stk_push(State(sims): State<Simulators>, headers: HeaderMap, body: Bytes) -> Response {
    let sim = &sims.mpesa;
    sim.lock().counters.push_requests += 1;
    if let Err(r) = check_bearer(sim, &headers) {
        return r.into_response();
    }
    let body = match json_body(&headers, &body) {
        Ok(b) => b,
        Err(r) => return r.into_response(),
    };
    let checked = check_shortcode(&body).and_then(|()| check_password(&body)).and_then(|()| read_push(&body));
    let (push, permitted) = match checked {
        Ok(p) => p,
        Err(r) => return r.into_response(),
    };
    let (busy, ambiguous, chaos) = {
        let mut inner = sim.lock();
        let (busy, ambiguous) = (inner.rng.random::<f64>(), inner.rng.random::<f64>());
        (busy < inner.chaos.busy, ambiguous < inner.chaos.ambiguous_push, inner.chaos)
    };
    if busy {
        return daraja_error("500.003.02", "System is busy. Please try again in few minutes.");
    }
    let push = sim.create_push(push, permitted);
    let reply = json!({
        "MerchantRequestID": push.merchant_request_id,
        "CheckoutRequestID": push.checkout_request_id,
        "ResponseCode": "0",
        "ResponseDescription": "Success. Request accepted for processing",
        "CustomerMessage": "Success. Request accepted for processing",
    });
    if !ambiguous {
        return Json(reply).into_response();
    }
    tracing::info!(checkout_request_id = %push.checkout_request_id, mode = ?chaos.ambiguous_mode, "M-Pesa simulator: ambiguous push");
    match chaos.ambiguous_mode {
        AmbiguousMode::Hold => {
            tokio::time::sleep(Duration::from_millis(chaos.ambiguous_hold_ms.unwrap_or(DEFAULT_AMBIGUOUS_HOLD_MS)))
                .await;
            Json(reply).into_response()
        }
        AmbiguousMode::Drop => {
            let broken = futures_util::stream::once(async {
                Err::<Bytes, std::io::Error>(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "chaos"))
            });
            let mut response = Response::new(Body::from_stream(broken));
            response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            response
        }
    }
}

/// Validates the push fields after the credentials; `permitted` is false when `PartyB` is not
/// the paybill (accepted, then failed with 2028 as Daraja does).
fn read_push(body: &Value) -> Result<(SimPush, bool), Refusal> {
    let transaction_type = text_field(body, "TransactionType").unwrap_or_default();
    if transaction_type != "CustomerPayBillOnline" && transaction_type != "CustomerBuyGoodsOnline" {
        return Err(bad_request("TransactionType"));
    }
    let amount = text_field(body, "Amount")
        .and_then(|a| whole_shillings(&a))
        .filter(|a| (MPESA_MIN_KES..=MPESA_MAX_KES).contains(a))
        .ok_or_else(|| bad_request("Amount"))?;
    text_field(body, "PartyA").filter(|p| is_mobile(p)).ok_or_else(|| bad_request("PartyA"))?;
    let party_b = text_field(body, "PartyB")
        .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| bad_request("PartyB"))?;
    let phone = text_field(body, "PhoneNumber").filter(|p| is_mobile(p)).ok_or_else(|| bad_request("PhoneNumber"))?;
    let callback_url = body
        .get("CallBackURL")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|u| is_http_url(u))
        .ok_or_else(|| bad_request("CallBackURL"))?;
    let account_reference = body
        .get("AccountReference")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|a| !a.is_empty() && a.chars().count() <= MAX_ACCOUNT_REFERENCE)
        .ok_or_else(|| bad_request("AccountReference"))?;
    let description = match body.get("TransactionDesc") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(d)) if d.chars().count() <= MAX_TRANSACTION_DESC => d.clone(),
        Some(_) => return Err(bad_request("TransactionDesc")),
    };
    let permitted = transaction_type == "CustomerBuyGoodsOnline" || party_b == SIM_MPESA_SHORTCODE;
    let push = SimPush {
        checkout_request_id: new_checkout_id(),
        merchant_request_id: new_merchant_id(),
        phone,
        amount_kes: amount,
        account_reference: account_reference.to_string(),
        description,
        callback_url: callback_url.to_string(),
        created_at: SystemTime::now(),
        result: None,
    };
    Ok((push, permitted))
}

/// `POST /sim/mpesa/mpesa/stkpushquery/v1/query`.
pub(crate) async fn stk_query(State(sims): State<Simulators>, headers: HeaderMap, body: Bytes) -> Response {
    let sim = &sims.mpesa;
    sim.lock().counters.query_requests += 1;
    if let Err(r) = check_bearer(sim, &headers) {
        return r.into_response();
    }
    let body = match json_body(&headers, &body) {
        Ok(b) => b,
        Err(r) => return r.into_response(),
    };
    if let Err(r) = check_shortcode(&body).and_then(|()| check_password(&body)) {
        return r.into_response();
    }
    let id = text_field(&body, "CheckoutRequestID").unwrap_or_default();
    let Some(push) = sim.push(&id) else {
        return bad_request("CheckoutRequestID").into_response();
    };
    let (code, desc) = match &push.result {
        None => (String::new(), "Request processing has not been completed".to_string()),
        Some(r) => (r.result_code.to_string(), r.result_desc.clone()),
    };
    Json(json!({
        "ResponseCode": "0",
        "ResponseDescription": "The service request has been accepted successfully",
        "MerchantRequestID": push.merchant_request_id,
        "CheckoutRequestID": push.checkout_request_id,
        "ResultCode": code,
        "ResultDesc": desc,
    }))
    .into_response()
}

/// `POST /sim/mpesa/mpesa/c2b/v1/registerurl` and `/v2/registerurl`.
pub(crate) async fn register_url(
    State(sims): State<Simulators>,
    Path(version): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let sim = &sims.mpesa;
    let version = match version.as_str() {
        "v1" => 1,
        "v2" => 2,
        _ => return daraja_error("404.001.01", "Resource not found"),
    };
    if let Err(r) = check_bearer(sim, &headers) {
        return r.into_response();
    }
    let body = match json_body(&headers, &body) {
        Ok(b) => b,
        Err(r) => return r.into_response(),
    };
    let short_code = text_field(&body, "ShortCode").unwrap_or_default();
    if short_code != SIM_MPESA_SHORTCODE {
        return bad_request("ShortCode").into_response();
    }
    let response_type = text_field(&body, "ResponseType").unwrap_or_default();
    if response_type != "Completed" && response_type != "Cancelled" {
        return bad_request("ResponseType").into_response();
    }
    let url = |name: &str| body.get(name).and_then(Value::as_str).map(str::trim).filter(|u| is_http_url(u));
    let Some(confirmation_url) = url("ConfirmationURL") else {
        return bad_request("ConfirmationURL").into_response();
    };
    let Some(validation_url) = url("ValidationURL") else {
        return bad_request("ValidationURL").into_response();
    };
    let registration = C2bRegistration {
        short_code: short_code.clone(),
        response_type,
        confirmation_url: confirmation_url.to_string(),
        validation_url: validation_url.to_string(),
        version,
    };
    sim.lock().c2b.insert(short_code, registration);
    // "OriginatorCoversationID" is Daraja's own spelling.
    Json(json!({
        "OriginatorCoversationID": request_id(),
        "ResponseCode": "0",
        "ResponseDescription": "success",
    }))
    .into_response()
}

fn driver_error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

/// The body of `POST /sim/mpesa/answer`.
#[derive(Deserialize)]
pub(crate) struct AnswerRequest {
    checkout_request_id: String,
    action: String,
    pin: Option<String>,
}

fn parse_answer(action: &str, pin: Option<String>) -> Option<Answer> {
    match action {
        "pin" => Some(Answer::Pin(pin.unwrap_or_else(|| SIM_MPESA_PIN.to_string()))),
        "wrong_pin" => Some(Answer::Pin(WRONG_PIN.to_string())),
        "cancel" => Some(Answer::Cancel),
        "timeout" => Some(Answer::Timeout),
        _ => None,
    }
}

/// `POST /sim/mpesa/answer` `{"checkout_request_id","action":"pin"|"wrong_pin"|"cancel"|"timeout","pin"?}`.
pub(crate) async fn answer_json(State(sims): State<Simulators>, Json(req): Json<AnswerRequest>) -> Response {
    let Some(answer) = parse_answer(&req.action, req.pin) else {
        return driver_error(StatusCode::BAD_REQUEST, "action must be pin, wrong_pin, cancel or timeout");
    };
    match sims.mpesa.answer(&req.checkout_request_id, answer) {
        Ok(r) => Json(json!({
            "checkout_request_id": req.checkout_request_id,
            "result_code": r.result_code,
            "result_desc": r.result_desc,
            "receipt": r.receipt,
        }))
        .into_response(),
        Err(e @ AnswerError::Unknown) => driver_error(StatusCode::NOT_FOUND, &e.to_string()),
        Err(e @ AnswerError::AlreadyAnswered(code)) => {
            (StatusCode::CONFLICT, Json(json!({"error": e.to_string(), "result_code": code}))).into_response()
        }
    }
}

/// The body of `POST /sim/mpesa/c2b/pay`.
#[derive(Deserialize)]
pub(crate) struct PayRequest {
    msisdn: String,
    bill_ref: String,
    amount: i64,
    short_code: Option<String>,
    pin: Option<String>,
}

/// `POST /sim/mpesa/c2b/pay` `{"msisdn","bill_ref","amount","short_code"?,"pin"?}`.
pub(crate) async fn pay_json(State(sims): State<Simulators>, Json(req): Json<PayRequest>) -> Response {
    let Ok(phone) = PhoneNumber::parse(&req.msisdn) else {
        return driver_error(StatusCode::BAD_REQUEST, "msisdn is not a Kenyan mobile number");
    };
    let pay = PayBill {
        phone,
        short_code: req.short_code.unwrap_or_else(|| SIM_MPESA_SHORTCODE.to_string()),
        account: req.bill_ref,
        amount_kes: req.amount,
        pin: req.pin.unwrap_or_else(|| SIM_MPESA_PIN.to_string()),
    };
    match sims.mpesa.pay_bill(pay).await {
        Ok(r) => Json(json!({"trans_id": r.trans_id, "trans_time": r.trans_time})).into_response(),
        Err(e) => {
            let (code, desc) = match &e {
                PayBillRefusal::Rejected { result_code, result_desc } => {
                    (Some(result_code.clone()), Some(result_desc.clone()))
                }
                _ => (None, None),
            };
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({"error": e.to_string(), "result_code": code, "result_desc": desc})),
            )
                .into_response()
        }
    }
}

/// `GET /sim/mpesa/statement`: the organisation's statement with its total.
/// `GET /sim/mpesa/statement.csv`: the statement as the M-Pesa organisation portal exports it.
pub(crate) async fn statement_csv(State(sims): State<Simulators>) -> Response {
    let mut out = String::from(
        "Receipt No.,Completion Time,Initiation Time,Details,Transaction Status,Paid In,Withdrawn,Balance,\
         Balance Confirmed,Reason Type,Other Party Info,Linked Transaction ID,A/C No.\r\n",
    );
    let mut balance = 0i64;
    for e in sims.mpesa.statement() {
        balance += e.amount_kes;
        let t = &e.transaction_date;
        let when = if t.len() == 14 {
            format!("{}-{}-{} {}:{}:{}", &t[..4], &t[4..6], &t[6..8], &t[8..10], &t[10..12], &t[12..14])
        } else {
            t.clone()
        };
        let details = match e.kind {
            TxKind::Stk => "Pay Bill Online",
            TxKind::C2b => "Pay Bill",
        };
        out.push_str(&format!(
            "{},{when},{when},{details},Completed,\"{}.00\",,\"{balance}.00\",true,,{},,{}\r\n",
            e.receipt, e.amount_kes, e.phone, e.account_reference
        ));
    }
    ([(axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8")], out).into_response()
}

pub(crate) async fn statement_json(State(sims): State<Simulators>) -> Response {
    let statement = sims.mpesa.statement();
    let total: i64 = statement.iter().map(|e| e.amount_kes).sum();
    let transactions: Vec<Value> = statement.iter().map(StatementEntry::to_json).collect();
    Json(json!({"count": transactions.len(), "total_kes": total, "transactions": transactions})).into_response()
}

/// The `msisdn` filter of `GET /sim/mpesa/pushes`.
#[derive(Deserialize)]
pub(crate) struct PushFilter {
    msisdn: Option<String>,
}

/// `GET /sim/mpesa/pushes?msisdn=`: every push with its state and counters.
pub(crate) async fn pushes_json(State(sims): State<Simulators>, Query(filter): Query<PushFilter>) -> Response {
    let phone = match filter.msisdn.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match PhoneNumber::parse(s) {
            Ok(p) => Some(p),
            Err(e) => return driver_error(StatusCode::BAD_REQUEST, &e.to_string()),
        },
    };
    let pushes: Vec<Value> = sims
        .mpesa
        .pushes()
        .iter()
        .filter(|p| phone.as_ref().is_none_or(|ph| p.phone == ph.as_str()))
        .map(SimPush::to_json)
        .collect();
    Json(json!({"pushes": pushes, "counters": sims.mpesa.counters()})).into_response()
}

/// `GET /sim/mpesa/callbacks`: every delivery attempt.
pub(crate) async fn callbacks_json(State(sims): State<Simulators>) -> Response {
    let callbacks: Vec<Value> = sims.mpesa.callbacks().iter().map(CallbackAttempt::to_json).collect();
    Json(json!({ "callbacks": callbacks })).into_response()
}

/// `POST /sim/mpesa/chaos`.
pub(crate) async fn chaos_json(State(sims): State<Simulators>, Json(chaos): Json<Chaos>) -> Response {
    match sims.mpesa.set_chaos(chaos) {
        Ok(()) => {
            tracing::info!(?chaos, "M-Pesa simulator chaos changed");
            Json(chaos).into_response()
        }
        Err(e) => driver_error(StatusCode::BAD_REQUEST, &e),
    }
}

/// `POST /sim/mpesa/reset`.
pub(crate) async fn reset_json(State(sims): State<Simulators>) -> Response {
    sims.mpesa.reset();
    Json(json!({"chaos": Chaos::default(), "auto": AutoAnswer::default()})).into_response()
}

/// The body of `POST /sim/mpesa/auto`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AutoRequest {
    mode: AutoMode,
    #[serde(default)]
    after_ms: u64,
    expire_after_ms: Option<u64>,
}

/// `POST /sim/mpesa/auto` `{"mode":"off"|"pay"|"wrong_pin"|"cancel"|"timeout","after_ms":N,"expire_after_ms"?}`.
pub(crate) async fn auto_json(State(sims): State<Simulators>, Json(req): Json<AutoRequest>) -> Response {
    let auto = AutoAnswer { mode: req.mode, after_ms: req.after_ms };
    sims.mpesa.set_auto(auto);
    if let Some(ms) = req.expire_after_ms {
        sims.mpesa.set_prompt_expiry(Duration::from_millis(ms));
    }
    Json(auto).into_response()
}

/// The body of `POST /sim/mpesa/balance`.
#[derive(Deserialize)]
pub(crate) struct BalanceRequest {
    msisdn: String,
    balance_kes: i64,
}

/// `POST /sim/mpesa/balance` `{"msisdn","balance_kes"}`.
pub(crate) async fn balance_json(State(sims): State<Simulators>, Json(req): Json<BalanceRequest>) -> Response {
    let Ok(phone) = PhoneNumber::parse(&req.msisdn) else {
        return driver_error(StatusCode::BAD_REQUEST, "msisdn is not a Kenyan mobile number");
    };
    sims.mpesa.set_balance(&phone, req.balance_kes);
    Json(json!({"msisdn": phone.as_str(), "balance_kes": sims.mpesa.balance(&phone)})).into_response()
}

/// The body of `POST /sim/mpesa/tokens`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TokensRequest {
    expires_in: Option<u64>,
    #[serde(default)]
    revoke: bool,
}

/// `POST /sim/mpesa/tokens` `{"expires_in"?: seconds, "revoke"?: true}`.
pub(crate) async fn tokens_json(State(sims): State<Simulators>, Json(req): Json<TokensRequest>) -> Response {
    if let Some(secs) = req.expires_in {
        sims.mpesa.set_token_ttl(Duration::from_secs(secs));
    }
    if req.revoke {
        sims.mpesa.revoke_tokens();
    }
    Json(json!({"expires_in": sims.mpesa.lock().token_ttl.as_secs(), "counters": sims.mpesa.counters()}))
        .into_response()
}

// ---- The simulated phone -------------------------------------------------------------------

/// What the phone page says after a form was sent; only these, so a link cannot put
/// arbitrary words on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Notice {
    Paid,
    WrongPin,
    Insufficient,
    Cancelled,
    NotAnswered,
    Ended,
    Unknown,
    C2bPaid,
    C2bRejected,
    C2bUnavailable,
    C2bWrongPin,
    C2bInsufficient,
    C2bBusiness,
    C2bAmount,
    C2bAccount,
}

impl Notice {
    const ALL: [(Notice, &'static str); 15] = [
        (Notice::Paid, "paid"),
        (Notice::WrongPin, "wrong_pin"),
        (Notice::Insufficient, "insufficient"),
        (Notice::Cancelled, "cancelled"),
        (Notice::NotAnswered, "not_answered"),
        (Notice::Ended, "ended"),
        (Notice::Unknown, "unknown"),
        (Notice::C2bPaid, "c2b_paid"),
        (Notice::C2bRejected, "c2b_rejected"),
        (Notice::C2bUnavailable, "c2b_unavailable"),
        (Notice::C2bWrongPin, "c2b_wrong_pin"),
        (Notice::C2bInsufficient, "c2b_insufficient"),
        (Notice::C2bBusiness, "c2b_business"),
        (Notice::C2bAmount, "c2b_amount"),
        (Notice::C2bAccount, "c2b_account"),
    ];

    fn key(self) -> &'static str {
        Notice::ALL.iter().find(|(n, _)| *n == self).map_or("unknown", |(_, k)| k)
    }

    fn from_key(key: &str) -> Option<Notice> {
        Notice::ALL.iter().find(|(_, k)| *k == key).map(|(n, _)| *n)
    }

    /// The status line; `r` is a receipt or result code, already checked to be plain.
    fn text(self, r: &str) -> String {
        match self {
            Notice::Paid => format!("{r} Confirmed. The payment was sent."),
            Notice::WrongPin => "Failed. Wrong M-PESA PIN; the payment was not made.".into(),
            Notice::Insufficient => "Failed. Insufficient funds in your M-PESA account.".into(),
            Notice::Cancelled => "You cancelled the payment request.".into(),
            Notice::NotAnswered => "The payment request was left unanswered and has timed out.".into(),
            Notice::Ended => "That payment request has already ended.".into(),
            Notice::Unknown => "That payment request does not exist.".into(),
            Notice::C2bPaid => format!("{r} Confirmed. The bill was paid."),
            Notice::C2bRejected => format!("Failed. The business refused the payment ({r}). No money was taken."),
            Notice::C2bUnavailable => "Failed. The business could not be reached. No money was taken.".into(),
            Notice::C2bWrongPin => "Failed. Wrong M-PESA PIN; the bill was not paid.".into(),
            Notice::C2bInsufficient => "Failed. Insufficient funds in your M-PESA account.".into(),
            Notice::C2bBusiness => "Failed. That is not a valid business number.".into(),
            Notice::C2bAmount => "Failed. Enter an amount between KSh 1 and KSh 250,000.".into(),
            Notice::C2bAccount => "Failed. Enter an account number of at most 20 characters.".into(),
        }
    }
}

fn redirect_to_phone(phone: &PhoneNumber, notice: Notice, r: &str) -> Response {
    // Relative to /…/phone/{msisdn}/answer, so it works wherever the simulators are nested.
    let query: String =
        form_urlencoded::Serializer::new(String::new()).append_pair("n", notice.key()).append_pair("r", r).finish();
    let location = format!("../{}?{query}", phone.as_str());
    match HeaderValue::from_str(&location) {
        Ok(v) => (StatusCode::SEE_OTHER, [(header::LOCATION, v)]).into_response(),
        Err(_) => StatusCode::BAD_REQUEST.into_response(),
    }
}

/// The notice shown on the phone page.
#[derive(Deserialize)]
pub(crate) struct PhoneQuery {
    n: Option<String>,
    r: Option<String>,
}

fn plain_ref(r: Option<&str>) -> String {
    r.filter(|r| r.len() <= 20 && r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        .unwrap_or_default()
        .to_string()
}

/// `GET /sim/phone/{msisdn}`: the simulated phone.
pub(crate) async fn phone_page(
    State(sims): State<Simulators>,
    Path(msisdn): Path<String>,
    Query(q): Query<PhoneQuery>,
    nonce: Option<Extension<app::ssr::CspNonce>>,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n.0);
    let Ok(phone) = PhoneNumber::parse(&msisdn) else {
        let body = "<h1>Simulated phone</h1><p role=\"alert\">That is not a Kenyan mobile number. \
                    Open /sim/phone/2547XXXXXXXX.</p>";
        return (StatusCode::BAD_REQUEST, Html(phone_html("Simulated phone", nonce.as_deref(), body))).into_response();
    };
    let notice = q.n.as_deref().and_then(Notice::from_key).map(|n| n.text(&plain_ref(q.r.as_deref())));
    let body = render_phone(&sims.mpesa, &phone, notice.as_deref());
    let title = format!("M-PESA on {}", phone.display());
    (StatusCode::OK, Html(phone_html(&title, nonce.as_deref(), &body))).into_response()
}

fn render_phone(sim: &MpesaSim, phone: &PhoneNumber, notice: Option<&str>) -> String {
    let msisdn = phone.as_str();
    let mut html = format!("<h1>Simulated phone <span class=\"number\">{}</span></h1>", escape_html(&phone.display()));
    if let Some(text) = notice {
        html.push_str(&format!("<p role=\"status\" class=\"notice\">{}</p>", escape_html(text)));
    }
    html.push_str(&format!(
        "<p>M-PESA balance: <strong>{}</strong>. The simulator's M-PESA PIN is <strong>{}</strong>.</p>",
        escape_html(&Money::kes(sim.balance(phone)).to_string()),
        escape_html(SIM_MPESA_PIN),
    ));
    html.push_str("<section aria-labelledby=\"prompts\"><h2 id=\"prompts\">Payment requests</h2>");
    let pending = sim.pending_for(phone);
    if pending.is_empty() {
        html.push_str("<p>No payment requests are waiting. Reload this page after asking to pay.</p>");
    }
    for (i, push) in pending.iter().enumerate() {
        html.push_str(&format!(
            "<form method=\"post\" action=\"{action}\" class=\"prompt\" aria-labelledby=\"prompt-{i}\">\
             <p id=\"prompt-{i}\" class=\"question\">{prompt}</p>\
             <input type=\"hidden\" name=\"checkout_request_id\" value=\"{id}\">\
             <label for=\"pin-{i}\">M-PESA PIN</label> \
             <input id=\"pin-{i}\" name=\"pin\" type=\"password\" inputmode=\"numeric\" autocomplete=\"off\" \
             required maxlength=\"8\" size=\"6\">\
             <div class=\"actions\"><button type=\"submit\" name=\"action\" value=\"pin\">Send</button> \
             <button type=\"submit\" name=\"action\" value=\"cancel\" formnovalidate>Cancel</button> \
             <button type=\"submit\" name=\"action\" value=\"timeout\" formnovalidate>Don't answer</button></div>\
             </form>",
            action = escape_html(&format!("{msisdn}/answer")),
            prompt = escape_html(&push.prompt()),
            id = escape_html(&push.checkout_request_id),
        ));
    }
    html.push_str("</section>");
    html.push_str(&format!(
        "<section aria-labelledby=\"paybill\"><h2 id=\"paybill\">Lipa na M-PESA → Pay Bill</h2>\
         <form method=\"post\" action=\"{action}\" class=\"paybill\">\
         <p><label for=\"business\">Business number</label><br>\
         <input id=\"business\" name=\"business\" inputmode=\"numeric\" autocomplete=\"off\" required value=\"{business}\"></p>\
         <p><label for=\"account\">Account number</label><br>\
         <input id=\"account\" name=\"account\" autocomplete=\"off\" required maxlength=\"{max_ref}\"></p>\
         <p><label for=\"amount\">Amount (KSh)</label><br>\
         <input id=\"amount\" name=\"amount\" inputmode=\"numeric\" autocomplete=\"off\" required></p>\
         <p><label for=\"paybill-pin\">M-PESA PIN</label><br>\
         <input id=\"paybill-pin\" name=\"pin\" type=\"password\" inputmode=\"numeric\" autocomplete=\"off\" required maxlength=\"8\" size=\"6\"></p>\
         <p><button type=\"submit\">Pay</button></p></form></section>",
        action = escape_html(&format!("{msisdn}/paybill")),
        business = escape_html(SIM_MPESA_SHORTCODE),
        max_ref = MAX_BILL_REF,
    ));
    let mine: Vec<StatementEntry> = sim.statement().into_iter().rev().filter(|e| e.phone == msisdn).take(20).collect();
    html.push_str("<section aria-labelledby=\"messages\"><h2 id=\"messages\">M-PESA messages</h2>");
    if mine.is_empty() {
        html.push_str("<p>No payments from this phone yet.</p>");
    } else {
        html.push_str("<ol class=\"inbox\">");
        for e in &mine {
            let at = rfc3339(e.completed_at);
            html.push_str(&format!(
                "<li><p class=\"text\">{receipt} Confirmed. {amount} sent to {name} for account {account}.</p>\
                 <p class=\"meta\"><time datetime=\"{at}\">{at}</time></p></li>",
                receipt = escape_html(&e.receipt),
                amount = escape_html(&Money::kes(e.amount_kes).to_string()),
                name = escape_html(SIM_MPESA_BUSINESS_NAME),
                account = escape_html(&e.account_reference),
            ));
        }
        html.push_str("</ol>");
    }
    html.push_str("</section>");
    html
}

/// A complete page around `body` (already escaped). The style carries the request's CSP nonce,
/// so it applies under the strict policy; there is no script at all.
fn phone_html(title: &str, nonce: Option<&str>, body: &str) -> String {
    let nonce_attr = nonce.map(|n| format!(" nonce=\"{}\"", escape_html(n))).unwrap_or_default();
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\"><title>{title} — Mlango simulator</title>\
         <style{nonce_attr}>body{{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:0 auto;padding:1rem}}\
         .number{{white-space:nowrap}}.notice{{border:2px solid #333;border-radius:.75rem;padding:.5rem .75rem}}\
         .prompt,.paybill{{border:1px solid #888;border-radius:.75rem;padding:.5rem .75rem;margin:.5rem 0}}\
         .question{{font-weight:600}}.actions{{margin-top:.5rem}}\
         .inbox{{list-style:none;padding:0}}.inbox li{{border:1px solid #888;border-radius:.75rem;padding:.5rem .75rem;margin:.5rem 0}}\
         .meta{{font-size:.875rem;color:#444}}.text{{white-space:pre-wrap;margin:.25rem 0 0}}\
         label,input,button{{font:inherit}}input{{padding:.25rem}}button{{padding:.25rem .75rem}}</style></head>\
         <body><main>{body}</main></body></html>\n",
        title = escape_html(title),
    )
}

/// The phone's PIN-prompt form.
#[derive(Deserialize)]
pub(crate) struct AnswerForm {
    checkout_request_id: String,
    #[serde(default)]
    action: String,
    pin: Option<String>,
}

/// `POST /sim/phone/{msisdn}/answer`: a PIN prompt answered on the phone page.
pub(crate) async fn phone_answer(
    State(sims): State<Simulators>,
    Path(msisdn): Path<String>,
    Form(form): Form<AnswerForm>,
) -> Response {
    let Ok(phone) = PhoneNumber::parse(&msisdn) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // The prompt belongs to one phone; another phone's page cannot answer it.
    let mine = sims.mpesa.push(&form.checkout_request_id).is_some_and(|p| p.phone == phone.as_str());
    let answer = match form.action.as_str() {
        "cancel" => Answer::Cancel,
        "timeout" => Answer::Timeout,
        _ => Answer::Pin(form.pin.unwrap_or_default()),
    };
    if !mine {
        return redirect_to_phone(&phone, Notice::Unknown, "");
    }
    match sims.mpesa.answer(&form.checkout_request_id, answer) {
        Ok(r) => {
            let notice = match r.result_code {
                RESULT_PAID => Notice::Paid,
                RESULT_WRONG_PIN => Notice::WrongPin,
                RESULT_INSUFFICIENT_BALANCE => Notice::Insufficient,
                RESULT_CANCELLED => Notice::Cancelled,
                _ => Notice::NotAnswered,
            };
            redirect_to_phone(&phone, notice, r.receipt.as_deref().unwrap_or(""))
        }
        Err(AnswerError::AlreadyAnswered(_)) => redirect_to_phone(&phone, Notice::Ended, ""),
        Err(AnswerError::Unknown) => redirect_to_phone(&phone, Notice::Unknown, ""),
    }
}

/// The phone's Pay Bill form.
#[derive(Deserialize)]
pub(crate) struct PayBillForm {
    #[serde(default)]
    business: String,
    #[serde(default)]
    account: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    pin: String,
}

/// `POST /sim/phone/{msisdn}/paybill`: Lipa na M-PESA → Pay Bill.
pub(crate) async fn phone_paybill(
    State(sims): State<Simulators>,
    Path(msisdn): Path<String>,
    Form(form): Form<PayBillForm>,
) -> Response {
    let Ok(phone) = PhoneNumber::parse(&msisdn) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(amount) = whole_shillings(form.amount.trim().replace(',', "").as_str()) else {
        return redirect_to_phone(&phone, Notice::C2bAmount, "");
    };
    let pay = PayBill {
        phone: phone.clone(),
        short_code: form.business,
        account: form.account,
        amount_kes: amount,
        pin: form.pin,
    };
    match sims.mpesa.pay_bill(pay).await {
        Ok(r) => redirect_to_phone(&phone, Notice::C2bPaid, &r.trans_id),
        Err(e) => {
            let (notice, r) = match e {
                PayBillRefusal::UnknownBusiness(_) => (Notice::C2bBusiness, String::new()),
                PayBillRefusal::InvalidAmount => (Notice::C2bAmount, String::new()),
                PayBillRefusal::InvalidAccount => (Notice::C2bAccount, String::new()),
                PayBillRefusal::WrongPin => (Notice::C2bWrongPin, String::new()),
                PayBillRefusal::InsufficientBalance => (Notice::C2bInsufficient, String::new()),
                PayBillRefusal::Rejected { result_code, .. } => (Notice::C2bRejected, plain_ref(Some(&result_code))),
                PayBillRefusal::ValidationUnavailable => (Notice::C2bUnavailable, String::new()),
            };
            redirect_to_phone(&phone, notice, &r)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::spawn_for_tests;
    use axum::Router;
    use axum::routing::post;

    const PHONE: &str = "254712000001";

    /// A callback receiver: records every body by path; `/validate` answers `validation`.
    #[derive(Clone)]
    struct Receiver {
        base: String,
        got: Arc<Mutex<Vec<(String, Value)>>>,
        validation: Arc<Mutex<Value>>,
    }

    impl Receiver {
        async fn start() -> Receiver {
            let got: Arc<Mutex<Vec<(String, Value)>>> = Arc::default();
            let validation = Arc::new(Mutex::new(json!({"ResultCode": "0", "ResultDesc": "Accepted"})));
            let (g, v) = (got.clone(), validation.clone());
            let app = Router::new().route(
                "/{*path}",
                post(move |Path(path): Path<String>, Json(body): Json<Value>| {
                    let (g, v) = (g.clone(), v.clone());
                    async move {
                        g.lock().unwrap().push((path.clone(), body));
                        if path == "validate" {
                            Json(v.lock().unwrap().clone())
                        } else {
                            Json(json!({"ResultCode": 0, "ResultDesc": "Accepted"}))
                        }
                    }
                }),
            );
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            tokio::spawn(async move { axum::serve(listener, app).await });
            Receiver { base: format!("http://{addr}"), got, validation }
        }

        fn url(&self, path: &str) -> String {
            format!("{}/{path}", self.base)
        }

        fn bodies(&self, path: &str) -> Vec<Value> {
            self.got.lock().unwrap().iter().filter(|(p, _)| p == path).map(|(_, b)| b.clone()).collect()
        }
    }

    async fn token(base: &str) -> String {
        let reply: Value = reqwest::Client::new()
            .get(format!("{base}/sim/mpesa/oauth/v1/generate?grant_type=client_credentials"))
            .basic_auth(SIM_MPESA_CONSUMER_KEY, Some(SIM_MPESA_CONSUMER_SECRET))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        reply["access_token"].as_str().unwrap().to_string()
    }

    fn push_body(callback: &str) -> Value {
        let ts = daraja::timestamp(now_unix());
        json!({
            "BusinessShortCode": 174379,
            "Password": daraja::password(SIM_MPESA_SHORTCODE, SIM_MPESA_PASSKEY, &ts),
            "Timestamp": ts,
            "TransactionType": "CustomerPayBillOnline",
            "Amount": "1050",
            "PartyA": PHONE,
            "PartyB": "174379",
            "PhoneNumber": PHONE,
            "CallBackURL": callback,
            "AccountReference": "4829175536",
            "TransactionDesc": "Passport fee",
        })
    }

    async fn post_json(base: &str, path: &str, token: &str, body: &Value) -> reqwest::Response {
        reqwest::Client::new()
            .post(format!("{base}/sim/mpesa{path}"))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    async fn push(base: &str, token: &str, body: &Value) -> (u16, Value) {
        let r = post_json(base, "/mpesa/stkpush/v1/processrequest", token, body).await;
        (r.status().as_u16(), r.json().await.unwrap())
    }

    async fn accepted(base: &str, token: &str, body: &Value) -> String {
        let (status, reply) = push(base, token, body).await;
        assert_eq!(status, 200, "{reply}");
        reply["CheckoutRequestID"].as_str().unwrap().to_string()
    }

    async fn driver(base: &str, path: &str, body: Value) -> (u16, Value) {
        let r = reqwest::Client::new().post(format!("{base}/sim/mpesa{path}")).json(&body).send().await.unwrap();
        // axum's own rejections (unknown enum values) are plain text.
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }

    async fn query(base: &str, token: &str, id: &str) -> (u16, Value) {
        let ts = daraja::timestamp(now_unix());
        let body = json!({
            "BusinessShortCode": SIM_MPESA_SHORTCODE,
            "Password": daraja::password(SIM_MPESA_SHORTCODE, SIM_MPESA_PASSKEY, &ts),
            "Timestamp": ts,
            "CheckoutRequestID": id,
        });
        let r = post_json(base, "/mpesa/stkpushquery/v1/query", token, &body).await;
        (r.status().as_u16(), r.json().await.unwrap())
    }

    fn item<'a>(callback: &'a Value, name: &str) -> Option<&'a Value> {
        callback["Body"]["stkCallback"]["CallbackMetadata"]["Item"]
            .as_array()?
            .iter()
            .find(|i| i["Name"] == name)
            .map(|i| i.get("Value").unwrap_or(&Value::Null))
    }

    fn is_receipt(s: &str) -> bool {
        s.len() == 10 && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    }

    #[test]
    fn sim_mpesa_password_and_timestamp_checks() {
        let now = now_unix();
        let ts = daraja::timestamp(now);
        let good = json!({"Timestamp": ts, "Password": daraja::password(SIM_MPESA_SHORTCODE, SIM_MPESA_PASSKEY, &ts)});
        assert!(check_password(&good).is_ok());
        let status = |body: Value| check_password(&body).err().map(|r| r.into_response().status().as_u16());
        // Another passkey, another timestamp than the one in the password, a UTC clock, garbage.
        let other_key = json!({"Timestamp": ts, "Password": daraja::password(SIM_MPESA_SHORTCODE, "nope", &ts)});
        assert_eq!(status(other_key), Some(500));
        let earlier = daraja::timestamp(now - 60);
        let mismatch =
            json!({"Timestamp": ts, "Password": daraja::password(SIM_MPESA_SHORTCODE, SIM_MPESA_PASSKEY, &earlier)});
        assert_eq!(status(mismatch), Some(500));
        let utc = daraja::timestamp(now - 3 * 3600);
        let utc = json!({"Timestamp": utc, "Password": daraja::password(SIM_MPESA_SHORTCODE, SIM_MPESA_PASSKEY, &utc)});
        assert_eq!(status(utc), Some(400));
        for bad in ["", "2024010112000", "20241301120000", "20240230120000", "20240101246000", "2024-01-01T12:0"] {
            let body =
                json!({"Timestamp": bad, "Password": daraja::password(SIM_MPESA_SHORTCODE, SIM_MPESA_PASSKEY, bad)});
            assert_eq!(status(body), Some(400), "{bad}");
        }
    }

    #[tokio::test]
    async fn sim_mpesa_oauth_checks_credentials_and_a_new_token_revokes_the_old() {
        let (sims, base) = spawn_for_tests().await;
        let client = reqwest::Client::new();
        let url = format!("{base}/sim/mpesa/oauth/v1/generate?grant_type=client_credentials");
        let r = client.get(&url).basic_auth(SIM_MPESA_CONSUMER_KEY, Some("wrong")).send().await.unwrap();
        assert_eq!(r.status(), 400);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["errorCode"], "400.008.01");
        let r = client
            .get(format!("{base}/sim/mpesa/oauth/v1/generate?grant_type=password"))
            .basic_auth(SIM_MPESA_CONSUMER_KEY, Some(SIM_MPESA_CONSUMER_SECRET))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
        let r =
            client.get(&url).basic_auth(SIM_MPESA_CONSUMER_KEY, Some(SIM_MPESA_CONSUMER_SECRET)).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let body: Value = r.json().await.unwrap();
        // expires_in is a string, as Daraja sends it.
        assert_eq!(body["expires_in"], "3599");
        let first = body["access_token"].as_str().unwrap().to_string();
        assert_eq!(first.len(), 28);

        let receiver = Receiver::start().await;
        assert_eq!(push(&base, &first, &push_body(&receiver.url("cb"))).await.0, 200);
        let second = token(&base).await;
        let (status, reply) = push(&base, &first, &push_body(&receiver.url("cb"))).await;
        assert_eq!(status, 404);
        assert_eq!(reply["errorCode"], INVALID_ACCESS_TOKEN);
        assert_eq!(reply["errorMessage"], "Invalid Access Token");
        assert!(reply["requestId"].is_string());
        assert_eq!(push(&base, &second, &push_body(&receiver.url("cb"))).await.0, 200);
        assert_eq!(push(&base, "", &push_body(&receiver.url("cb"))).await.0, 404);

        sims.mpesa.set_token_ttl(Duration::from_secs(1));
        let short = token(&base).await;
        assert_eq!(push(&base, &short, &push_body(&receiver.url("cb"))).await.0, 200);
        tokio::time::sleep(Duration::from_millis(1100)).await;
        assert_eq!(push(&base, &short, &push_body(&receiver.url("cb"))).await.0, 404);
        let counters = sims.mpesa.counters();
        assert_eq!(counters.token_requests, 5);
        assert_eq!(counters.push_requests, 6);
        assert_eq!(sims.mpesa.pushes().len(), 3);
    }

    #[tokio::test]
    async fn sim_mpesa_push_is_validated_like_daraja() {
        let (sims, base) = spawn_for_tests().await;
        let token = token(&base).await;
        let ok = push_body("https://example.com/cb");
        let with = |field: &str, value: Value| {
            let mut b = ok.clone();
            b[field] = value;
            b
        };
        let ts = ok["Timestamp"].as_str().unwrap().to_string();
        let cases: Vec<(Value, u16, &str, &str)> = vec![
            (with("BusinessShortCode", json!("17437x")), 400, "400.002.02", "Bad Request - Invalid BusinessShortCode"),
            (with("BusinessShortCode", json!(600000)), 500, "500.001.1001", "Merchant does not exist"),
            (with("Password", json!("bm9wZQ==")), 500, "500.001.1001", "Wrong credentials"),
            (with("Timestamp", json!("20240101")), 400, "400.002.02", "Bad Request - Invalid Timestamp"),
            (with("TransactionType", json!("PayBill")), 400, "400.002.02", "Bad Request - Invalid TransactionType"),
            (with("Amount", json!("0")), 400, "400.002.02", "Bad Request - Invalid Amount"),
            (with("Amount", json!(250_001)), 400, "400.002.02", "Bad Request - Invalid Amount"),
            (with("Amount", json!("10.50")), 400, "400.002.02", "Bad Request - Invalid Amount"),
            (with("PartyA", json!("254812000001")), 400, "400.002.02", "Bad Request - Invalid PartyA"),
            (with("PartyB", json!("")), 400, "400.002.02", "Bad Request - Invalid PartyB"),
            (with("PhoneNumber", json!("0712000001")), 400, "400.002.02", "Bad Request - Invalid PhoneNumber"),
            (with("CallBackURL", json!("example.com/cb")), 400, "400.002.02", "Bad Request - Invalid CallBackURL"),
            (
                with("AccountReference", json!("1234567890123")),
                400,
                "400.002.02",
                "Bad Request - Invalid AccountReference",
            ),
            (with("AccountReference", json!("")), 400, "400.002.02", "Bad Request - Invalid AccountReference"),
            (
                with("TransactionDesc", json!("fourteen chars")),
                400,
                "400.002.02",
                "Bad Request - Invalid TransactionDesc",
            ),
        ];
        for (body, status, code, message) in cases {
            let (s, reply) = push(&base, &token, &body).await;
            assert_eq!(
                (s, reply["errorCode"].as_str(), reply["errorMessage"].as_str()),
                (status, Some(code), Some(message)),
                "{body}"
            );
            assert!(reply["requestId"].is_string());
        }
        // Daraja reads a non-JSON content type as a bad shortcode.
        let r = reqwest::Client::new()
            .post(format!("{base}/sim/mpesa/mpesa/stkpush/v1/processrequest"))
            .bearer_auth(&token)
            .header("content-type", "text/plain")
            .body(ok.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
        assert_eq!(r.json::<Value>().await.unwrap()["errorMessage"], "Bad Request - Invalid BusinessShortCode");
        assert!(sims.mpesa.pushes().is_empty());

        // Numbers where the reference has strings (and back) are accepted, as Daraja does.
        let mixed = with("Amount", json!(1)).clone();
        let mut mixed = mixed;
        mixed["BusinessShortCode"] = json!("174379");
        mixed["PartyA"] = json!(254_712_000_001u64);
        mixed["Timestamp"] = json!(ts.parse::<u64>().unwrap());
        mixed.as_object_mut().unwrap().remove("TransactionDesc");
        let (s, reply) = push(&base, &token, &mixed).await;
        assert_eq!(s, 200, "{reply}");
    }

    #[tokio::test]
    async fn sim_mpesa_push_answers_with_the_exact_success_json() {
        let (sims, base) = spawn_for_tests().await;
        let token = token(&base).await;
        let (status, reply) = push(&base, &token, &push_body("https://example.com/cb")).await;
        assert_eq!(status, 200);
        let keys: Vec<&str> = reply.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["CheckoutRequestID", "CustomerMessage", "MerchantRequestID", "ResponseCode", "ResponseDescription"]
        );
        assert_eq!(reply["ResponseCode"], "0");
        assert_eq!(reply["ResponseDescription"], "Success. Request accepted for processing");
        assert_eq!(reply["CustomerMessage"], "Success. Request accepted for processing");
        let id = reply["CheckoutRequestID"].as_str().unwrap();
        assert!(id.starts_with("ws_CO_") && id[6..].bytes().all(|b| b.is_ascii_digit()) && id.len() > 20, "{id}");
        let stored = sims.mpesa.push(id).unwrap();
        assert_eq!(stored.merchant_request_id, reply["MerchantRequestID"].as_str().unwrap());
        assert_eq!((stored.phone.as_str(), stored.amount_kes), (PHONE, 1050));
        assert_eq!(stored.account_reference, "4829175536");
        assert_eq!(stored.prompt(), "Pay KSh 1,050 to MLANGO for account 4829175536? Enter M-PESA PIN");
        assert!(stored.result.is_none());
        let other = accepted(&base, &token, &push_body("https://example.com/cb")).await;
        assert_ne!(other, id);
    }

    #[tokio::test]
    async fn sim_mpesa_pin_outcomes_produce_the_exact_callbacks() {
        let (sims, base) = spawn_for_tests().await;
        let token = token(&base).await;
        let receiver = Receiver::start().await;
        let body = push_body(&receiver.url("cb"));
        let phone = PhoneNumber::parse(PHONE).unwrap();

        let mut ids = Vec::new();
        for (action, pin) in
            [("pin", Some("1234")), ("pin", None), ("wrong_pin", None), ("cancel", None), ("timeout", None)]
        {
            let id = accepted(&base, &token, &body).await;
            let (status, reply) =
                driver(&base, "/answer", json!({"checkout_request_id": id, "action": action, "pin": pin})).await;
            assert_eq!(status, 200, "{reply}");
            ids.push((id, reply["result_code"].as_i64().unwrap()));
        }
        // Correct PIN, not enough money.
        sims.mpesa.set_balance(&phone, 1000);
        let poor = accepted(&base, &token, &body).await;
        let r = sims.mpesa.answer(&poor, Answer::Pin(SIM_MPESA_PIN.into())).unwrap();
        ids.push((poor, r.result_code));
        assert_eq!(ids.iter().map(|(_, c)| *c).collect::<Vec<_>>(), [0, 0, 2001, 1032, 1037, 1]);
        assert!(sims.mpesa.settle(Duration::from_secs(5)).await);

        let callbacks = receiver.bodies("cb");
        assert_eq!(callbacks.len(), 6);
        let by_id = |id: &str| callbacks.iter().find(|c| c["Body"]["stkCallback"]["CheckoutRequestID"] == id).unwrap();
        let mut balance_items = 0;
        for (id, code) in &ids {
            let callback = by_id(id);
            let stk = &callback["Body"]["stkCallback"];
            assert!(stk["ResultCode"].is_i64(), "ResultCode is a number in callbacks");
            assert_eq!(stk["ResultCode"].as_i64(), Some(*code));
            assert_eq!(stk["ResultDesc"], result_desc(*code));
            assert_eq!(
                stk["MerchantRequestID"].as_str(),
                Some(sims.mpesa.push(id).unwrap().merchant_request_id.as_str())
            );
            if *code != 0 {
                assert!(stk.get("CallbackMetadata").is_none(), "{callback}");
                let keys: Vec<&str> = stk.as_object().unwrap().keys().map(String::as_str).collect();
                assert_eq!(keys, ["CheckoutRequestID", "MerchantRequestID", "ResultCode", "ResultDesc"]);
                continue;
            }
            let items = stk["CallbackMetadata"]["Item"].as_array().unwrap();
            for i in items {
                assert!(i["Name"].is_string());
            }
            assert_eq!(item(callback, "Amount").unwrap().as_i64(), Some(1050));
            let receipt = item(callback, "MpesaReceiptNumber").unwrap().as_str().unwrap();
            assert!(is_receipt(receipt), "{receipt}");
            let date = item(callback, "TransactionDate").unwrap().as_u64().unwrap();
            assert!(daraja::parse_timestamp(&date.to_string()).is_some(), "{date}");
            assert_eq!(item(callback, "PhoneNumber").unwrap().as_u64(), Some(254_712_000_001));
            if let Some(balance) = item(callback, "Balance") {
                assert!(balance.is_null(), "Balance comes without a Value");
                balance_items += 1;
            }
        }
        assert_eq!(balance_items, 1, "every other paid callback carries a value-less Balance");
        assert_eq!(sims.mpesa.balance(&phone), 1000, "the poor payment moved nothing");
        let statement = sims.mpesa.statement();
        assert_eq!(statement.len(), 2);
        assert!(statement.iter().all(|e| e.kind == TxKind::Stk && e.amount_kes == 1050));

        let (status, reply) =
            driver(&base, "/answer", json!({"checkout_request_id": ids[0].0, "action": "cancel"})).await;
        assert_eq!((status, reply["result_code"].as_i64()), (409, Some(0)));
        let (status, _) = driver(&base, "/answer", json!({"checkout_request_id": "ws_CO_nope", "action": "pin"})).await;
        assert_eq!(status, 404);
        let (status, _) = driver(&base, "/answer", json!({"checkout_request_id": ids[0].0, "action": "dance"})).await;
        assert_eq!(status, 400);
        let log = sims.mpesa.callbacks();
        assert_eq!(log.len(), 6);
        assert!(log.iter().all(|a| a.outcome == DeliveryOutcome::Answered(200) && a.kind == CallbackKind::Stk));
    }

    #[tokio::test]
    async fn sim_mpesa_query_reports_pending_then_the_result_as_a_string() {
        let (_sims, base) = spawn_for_tests().await;
        let token = token(&base).await;
        let id = accepted(&base, &token, &push_body("https://example.com/cb")).await;
        let (status, reply) = query(&base, &token, &id).await;
        assert_eq!(status, 200);
        assert_eq!(reply["ResponseCode"], "0");
        assert_eq!(reply["ResultCode"], "");
        assert_eq!(reply["ResultDesc"], "Request processing has not been completed");
        assert_eq!(reply["CheckoutRequestID"], id.as_str());
        driver(&base, "/answer", json!({"checkout_request_id": id, "action": "cancel"})).await;
        let (_, reply) = query(&base, &token, &id).await;
        assert_eq!(reply["ResultCode"], "1032", "ResultCode is a string in the query API");
        assert_eq!(reply["ResultDesc"], "Request cancelled by user");
        let (status, reply) = query(&base, &token, "ws_CO_000").await;
        assert_eq!((status, reply["errorCode"].as_str()), (400, Some("400.002.02")));
        let (status, _) = query(&base, "stale", &id).await;
        assert_eq!(status, 404);
    }

    async fn register(base: &str, token: &str, receiver: &Receiver, version: &str, response_type: &str) {
        let r = post_json(
            base,
            &format!("/mpesa/c2b/{version}/registerurl"),
            token,
            &json!({
                "ShortCode": SIM_MPESA_SHORTCODE,
                "ResponseType": response_type,
                "ConfirmationURL": receiver.url("confirm"),
                "ValidationURL": receiver.url("validate"),
            }),
        )
        .await;
        assert_eq!(r.status(), 200);
        let reply: Value = r.json().await.unwrap();
        assert_eq!(reply["ResponseCode"], "0");
        assert_eq!(reply["ResponseDescription"], "success");
        assert!(reply["OriginatorCoversationID"].is_string());
    }

    #[tokio::test]
    async fn sim_mpesa_c2b_validation_refusal_stops_the_payment() {
        let (sims, base) = spawn_for_tests().await;
        let token = token(&base).await;
        let receiver = Receiver::start().await;
        register(&base, &token, &receiver, "v1", "Completed").await;
        let phone = PhoneNumber::parse(PHONE).unwrap();

        *receiver.validation.lock().unwrap() = json!({"ResultCode": "C2B00012", "ResultDesc": "Rejected"});
        let (status, reply) =
            driver(&base, "/c2b/pay", json!({"msisdn": "0712000001", "bill_ref": "WRONG1", "amount": 500})).await;
        assert_eq!(status, 422);
        assert_eq!(reply["result_code"], "C2B00012");
        assert_eq!(sims.mpesa.balance(&phone), SIM_MPESA_DEFAULT_BALANCE_KES);
        assert!(sims.mpesa.statement().is_empty());
        let validation = &receiver.bodies("validate")[0];
        assert_eq!(validation["OrgAccountBalance"], "", "blank at validation");
        assert_eq!(validation["BillRefNumber"], "WRONG1");

        *receiver.validation.lock().unwrap() = json!({"ResultCode": 0, "ResultDesc": "Accepted"});
        let (status, reply) =
            driver(&base, "/c2b/pay", json!({"msisdn": "0712000001", "bill_ref": "4829175536", "amount": 500})).await;
        assert_eq!(status, 200, "{reply}");
        let trans_id = reply["trans_id"].as_str().unwrap().to_string();
        assert!(is_receipt(&trans_id));
        assert!(sims.mpesa.settle(Duration::from_secs(5)).await);
        assert!(receiver.bodies("confirm").len() == 1, "no confirmation for the refused payment");
        let confirmation = &receiver.bodies("confirm")[0];
        let keys: Vec<&str> = confirmation.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "BillRefNumber",
                "BusinessShortCode",
                "FirstName",
                "InvoiceNumber",
                "LastName",
                "MSISDN",
                "MiddleName",
                "OrgAccountBalance",
                "ThirdPartyTransID",
                "TransAmount",
                "TransID",
                "TransTime",
                "TransactionType"
            ]
        );
        assert_eq!(confirmation["TransID"], trans_id.as_str());
        assert_eq!(confirmation["TransAmount"].as_f64(), Some(500.0));
        assert_eq!(confirmation["OrgAccountBalance"].as_f64(), Some(500.0));
        assert_eq!(confirmation["BusinessShortCode"], SIM_MPESA_SHORTCODE);
        assert_eq!(confirmation["MSISDN"], PHONE, "v1 sends the number");
        assert!(daraja::parse_timestamp(confirmation["TransTime"].as_str().unwrap()).is_some());
        assert_eq!(sims.mpesa.balance(&phone), SIM_MPESA_DEFAULT_BALANCE_KES - 500);
        let statement = sims.mpesa.statement();
        assert_eq!(
            (statement.len(), statement[0].kind, statement[0].receipt.as_str()),
            (1, TxKind::C2b, trans_id.as_str())
        );

        // v2 masks the payer; an unreachable validation URL follows ResponseType.
        register(&base, &token, &receiver, "v2", "Cancelled").await;
        driver(&base, "/c2b/pay", json!({"msisdn": PHONE, "bill_ref": "4829175536", "amount": 5})).await;
        assert!(sims.mpesa.settle(Duration::from_secs(5)).await);
        assert_eq!(receiver.bodies("confirm")[1]["MSISDN"], "2547 ***** 001");
        let mut reg = sims.mpesa.registration(SIM_MPESA_SHORTCODE).unwrap();
        reg.validation_url = "http://127.0.0.1:9/validate".into();
        sims.mpesa.lock().c2b.insert(SIM_MPESA_SHORTCODE.into(), reg);
        let pay = PayBill {
            phone: phone.clone(),
            short_code: SIM_MPESA_SHORTCODE.into(),
            account: "4829175536".into(),
            amount_kes: 5,
            pin: SIM_MPESA_PIN.into(),
        };
        assert_eq!(sims.mpesa.pay_bill(pay.clone()).await, Err(PayBillRefusal::ValidationUnavailable));
        assert_eq!(
            sims.mpesa.pay_bill(PayBill { pin: "9999".into(), ..pay.clone() }).await,
            Err(PayBillRefusal::WrongPin)
        );
        assert_eq!(
            sims.mpesa.pay_bill(PayBill { short_code: "999999".into(), ..pay.clone() }).await,
            Err(PayBillRefusal::UnknownBusiness("999999".into()))
        );
        assert_eq!(
            sims.mpesa.pay_bill(PayBill { amount_kes: 0, ..pay.clone() }).await,
            Err(PayBillRefusal::InvalidAmount)
        );
        assert_eq!(sims.mpesa.statement().len(), 2);
    }

    async fn run_chaos(chaos: Chaos, n: usize) -> (MpesaSim, Vec<usize>) {
        let (sims, base) = spawn_for_tests().await;
        sims.mpesa.set_chaos(chaos).unwrap();
        let token = token(&base).await;
        let receiver = Receiver::start().await;
        let mut ids = Vec::new();
        for _ in 0..n {
            let id = accepted(&base, &token, &push_body(&receiver.url("cb"))).await;
            sims.mpesa.answer(&id, Answer::Pin(SIM_MPESA_PIN.into())).unwrap();
            ids.push(id);
        }
        assert!(sims.mpesa.settle(Duration::from_secs(10)).await);
        let callbacks = receiver.bodies("cb");
        let received = ids
            .iter()
            .map(|id| callbacks.iter().filter(|c| c["Body"]["stkCallback"]["CheckoutRequestID"] == id.as_str()).count())
            .collect();
        (sims.mpesa.clone(), received)
    }

    #[tokio::test]
    async fn sim_mpesa_chaos_with_a_fixed_seed_duplicates_and_drops_the_same_callbacks() {
        let chaos = Chaos { duplicate: 0.3, drop: 0.3, seed: Some(7), ..Chaos::default() };
        let (sim, first) = run_chaos(chaos, 20).await;
        let (_, second) = run_chaos(chaos, 20).await;
        assert_eq!(first, second, "same seed, same faults");
        assert!(first.contains(&0) && first.contains(&2) && first.contains(&1), "{first:?}");
        // What the receiver got is what the simulator says it did.
        let log = sim.callbacks();
        let dropped = log.iter().filter(|a| a.outcome == DeliveryOutcome::Dropped).count();
        let duplicates = log.iter().filter(|a| a.copy == 2).count();
        assert_eq!(dropped, first.iter().filter(|n| **n == 0).count());
        assert_eq!(duplicates, first.iter().filter(|n| **n == 2).count());
        // Dropped callbacks are still payments.
        assert_eq!(sim.statement().len(), 20);

        let (_, all_dropped) = run_chaos(Chaos { drop: 1.0, ..Chaos::default() }, 3).await;
        assert_eq!(all_dropped, [0, 0, 0]);
        let (_, all_doubled) = run_chaos(Chaos { duplicate: 1.0, ..Chaos::default() }, 3).await;
        assert_eq!(all_doubled, [2, 2, 2]);
    }

    #[tokio::test]
    async fn sim_mpesa_reordered_callback_arrives_after_the_next_one() {
        let (sims, base) = spawn_for_tests().await;
        let token = token(&base).await;
        let receiver = Receiver::start().await;
        let first = accepted(&base, &token, &push_body(&receiver.url("cb"))).await;
        let second = accepted(&base, &token, &push_body(&receiver.url("cb"))).await;
        sims.mpesa.set_chaos(Chaos { reorder: 1.0, seed: Some(1), ..Chaos::default() }).unwrap();
        sims.mpesa.answer(&first, Answer::Cancel).unwrap();
        sims.mpesa.set_chaos(Chaos::default()).unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(receiver.bodies("cb").is_empty(), "held back");
        sims.mpesa.answer(&second, Answer::Cancel).unwrap();
        assert!(sims.mpesa.settle(Duration::from_secs(5)).await);
        let order: Vec<Value> =
            receiver.bodies("cb").iter().map(|c| c["Body"]["stkCallback"]["CheckoutRequestID"].clone()).collect();
        assert_eq!(order, [json!(second), json!(first)]);

        // Without a next one, a held callback still goes out in the end.
        let third = accepted(&base, &token, &push_body(&receiver.url("cb"))).await;
        sims.mpesa.set_chaos(Chaos { reorder: 1.0, ..Chaos::default() }).unwrap();
        sims.mpesa.answer(&third, Answer::Cancel).unwrap();
        assert!(sims.mpesa.settle(REORDER_HOLD_MAX + Duration::from_secs(3)).await);
        assert_eq!(receiver.bodies("cb").len(), 3);
    }

    #[tokio::test]
    async fn sim_mpesa_statement_totals_every_completed_payment() {
        let (sims, base) = spawn_for_tests().await;
        let token = token(&base).await;
        let mut body = push_body("https://example.com/cb");
        let a = accepted(&base, &token, &body).await;
        body["Amount"] = json!("200");
        let b = accepted(&base, &token, &body).await;
        let c = accepted(&base, &token, &body).await;
        driver(&base, "/answer", json!({"checkout_request_id": a, "action": "pin"})).await;
        driver(&base, "/answer", json!({"checkout_request_id": b, "action": "pin", "pin": "1234"})).await;
        driver(&base, "/answer", json!({"checkout_request_id": c, "action": "wrong_pin"})).await;
        let (status, _) =
            driver(&base, "/c2b/pay", json!({"msisdn": "0712000002", "bill_ref": "X1", "amount": 500})).await;
        assert_eq!(status, 200);
        let statement: Value = reqwest::get(format!("{base}/sim/mpesa/statement")).await.unwrap().json().await.unwrap();
        assert_eq!(statement["count"], 3);
        assert_eq!(statement["total_kes"], 1750);
        let t = statement["transactions"].as_array().unwrap();
        assert_eq!(t[0]["kind"], "stk");
        assert_eq!(t[0]["reference"], a.as_str());
        assert_eq!(t[0]["amount_kes"], 1050);
        assert_eq!(t[0]["account_reference"], "4829175536");
        assert_eq!(t[0]["phone"], PHONE);
        assert!(is_receipt(t[0]["receipt"].as_str().unwrap()));
        assert_eq!(t[2]["kind"], "c2b");
        assert_eq!(t[2]["reference"], t[2]["receipt"]);
        assert_eq!(t[2]["trans_id"], t[2]["receipt"]);
        assert_eq!(t[2]["phone"], "254712000002");
        let receipts: HashSet<&str> = t.iter().map(|e| e["receipt"].as_str().unwrap()).collect();
        assert_eq!(receipts.len(), 3);

        let pushes: Value =
            reqwest::get(format!("{base}/sim/mpesa/pushes?msisdn=0712000001")).await.unwrap().json().await.unwrap();
        let statuses: Vec<&str> =
            pushes["pushes"].as_array().unwrap().iter().map(|p| p["status"].as_str().unwrap()).collect();
        assert_eq!(statuses, ["paid", "paid", "failed"]);
        assert_eq!(pushes["counters"]["push_requests"], 3);
        assert_eq!(sims.mpesa.counters().token_requests, 1);
    }

    #[tokio::test]
    async fn sim_mpesa_phone_page_answers_prompts_and_pays_bills_without_javascript() {
        let (sims, base) = spawn_for_tests().await;
        let token = token(&base).await;
        let mut body = push_body("https://example.com/cb");
        body["AccountReference"] = json!("<b>&\"x'</b>");
        let id = accepted(&base, &token, &body).await;
        let page = reqwest::get(format!("{base}/sim/phone/0712000001")).await.unwrap();
        assert_eq!(page.status(), 200);
        assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        let html = page.text().await.unwrap();
        assert!(html.starts_with("<!doctype html>"));
        assert!(!html.contains("<script"));
        assert!(
            html.contains("Pay KSh 1,050 to MLANGO for account &lt;b&gt;&amp;&quot;x&#39;&lt;/b&gt;? Enter M-PESA PIN")
        );
        assert!(!html.contains("<b>&"));
        assert!(html.contains("KSh 100,000"));
        assert!(html.contains("<strong>1234</strong>"));
        assert!(html.contains(&format!("value=\"{id}\"")));
        assert!(html.contains("action=\"254712000001/answer\""));
        assert!(html.contains("action=\"254712000001/paybill\""));
        assert!(html.contains("<label for=\"pin-0\">"));

        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let r = client
            .post(format!("{base}/sim/phone/254712000001/answer"))
            .form(&[("checkout_request_id", id.as_str()), ("action", "pin"), ("pin", "1234")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let location = r.headers()["location"].to_str().unwrap().to_string();
        let receipt = sims.mpesa.push(&id).unwrap().result.unwrap().receipt.unwrap();
        assert_eq!(location, format!("../254712000001?n=paid&r={receipt}"));
        let after =
            reqwest::Url::parse(&format!("{base}/sim/phone/254712000001/answer")).unwrap().join(&location).unwrap();
        assert_eq!(after.path(), "/sim/phone/254712000001");
        let html = reqwest::get(after).await.unwrap().text().await.unwrap();
        assert!(html.contains(&format!("<p role=\"status\" class=\"notice\">{receipt} Confirmed.")));
        assert!(html.contains("No payment requests are waiting"));
        assert!(html.contains("KSh 98,950"));

        // Another phone cannot answer this phone's prompt; forged notices are not shown.
        let other = accepted(&base, &token, &push_body("https://example.com/cb")).await;
        let r = client
            .post(format!("{base}/sim/phone/254712000002/answer"))
            .form(&[("checkout_request_id", other.as_str()), ("action", "cancel")])
            .send()
            .await
            .unwrap();
        assert!(r.headers()["location"].to_str().unwrap().contains("n=unknown"));
        assert!(sims.mpesa.push(&other).unwrap().result.is_none());
        let html = reqwest::get(format!("{base}/sim/phone/254712000001?n=%3Cscript%3E&r=%3Cb%3E"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!html.contains("role=\"status\"") && !html.contains("<script"));

        let r = client
            .post(format!("{base}/sim/phone/254712000001/paybill"))
            .form(&[("business", SIM_MPESA_SHORTCODE), ("account", "4829175536"), ("amount", "1,000"), ("pin", "1234")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        assert!(r.headers()["location"].to_str().unwrap().contains("n=c2b_paid"));
        let r = client
            .post(format!("{base}/sim/phone/254712000001/paybill"))
            .form(&[("business", SIM_MPESA_SHORTCODE), ("account", "4829175536"), ("amount", "10"), ("pin", "1111")])
            .send()
            .await
            .unwrap();
        assert!(r.headers()["location"].to_str().unwrap().contains("n=c2b_wrong_pin"));
        assert_eq!(sims.mpesa.statement().len(), 2);
        assert_eq!(reqwest::get(format!("{base}/sim/phone/hello")).await.unwrap().status(), 400);
    }

    #[tokio::test]
    async fn sim_mpesa_auto_mode_answers_every_new_push() {
        let (sims, base) = spawn_for_tests().await;
        let token = token(&base).await;
        let (status, _) = driver(&base, "/auto", json!({"mode": "pay", "after_ms": 10})).await;
        assert_eq!(status, 200);
        let ids = [
            accepted(&base, &token, &push_body("https://example.com/cb")).await,
            accepted(&base, &token, &push_body("https://example.com/cb")).await,
        ];
        tokio::time::sleep(Duration::from_millis(200)).await;
        for id in &ids {
            assert_eq!(sims.mpesa.push(id).unwrap().result.map(|r| r.result_code), Some(RESULT_PAID));
        }
        driver(&base, "/auto", json!({"mode": "cancel"})).await;
        let cancelled = accepted(&base, &token, &push_body("https://example.com/cb")).await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(sims.mpesa.push(&cancelled).unwrap().result.map(|r| r.result_code), Some(RESULT_CANCELLED));
        let (status, _) = driver(&base, "/reset", json!({})).await;
        assert_eq!(status, 200);
        let waiting = accepted(&base, &token, &push_body("https://example.com/cb")).await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(sims.mpesa.push(&waiting).unwrap().result.is_none());
        assert_eq!(driver(&base, "/auto", json!({"mode": "sometimes"})).await.0, 422);
    }

    #[tokio::test]
    async fn sim_mpesa_unanswered_prompts_expire_with_1037() {
        let (sims, base) = spawn_for_tests().await;
        let token = token(&base).await;
        sims.mpesa.set_prompt_expiry(Duration::from_millis(50));
        let id = accepted(&base, &token, &push_body("https://example.com/cb")).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(sims.mpesa.push(&id).unwrap().result.map(|r| r.result_code), Some(RESULT_NOT_ANSWERED));
    }

    #[tokio::test]
    async fn sim_mpesa_partyb_other_than_the_paybill_fails_with_2028() {
        let (sims, base) = spawn_for_tests().await;
        let token = token(&base).await;
        let mut body = push_body("https://example.com/cb");
        body["PartyB"] = json!("600000");
        let id = accepted(&base, &token, &body).await;
        assert_eq!(sims.mpesa.push(&id).unwrap().result.map(|r| r.result_code), Some(RESULT_NOT_PERMITTED));
    }

    #[tokio::test]
    async fn sim_mpesa_ambiguous_push_is_created_but_its_answer_never_arrives_in_time() {
        let (sims, base) = spawn_for_tests().await;
        let token = token(&base).await;
        let client = reqwest::Client::builder().timeout(Duration::from_millis(300)).build().unwrap();
        let send = || {
            client
                .post(format!("{base}/sim/mpesa/mpesa/stkpush/v1/processrequest"))
                .bearer_auth(&token)
                .json(&push_body("https://example.com/cb"))
                .send()
        };
        let chaos = Chaos { ambiguous_push: 1.0, ambiguous_hold_ms: Some(2_000), ..Chaos::default() };
        let (status, _) = driver(&base, "/chaos", serde_json::to_value(chaos).unwrap()).await;
        assert_eq!(status, 200);
        let err = send().await.unwrap_err();
        assert!(err.is_timeout(), "{err:?}");
        assert_eq!(sims.mpesa.pushes().len(), 1);

        sims.mpesa
            .set_chaos(Chaos { ambiguous_push: 1.0, ambiguous_mode: AmbiguousMode::Drop, ..Chaos::default() })
            .unwrap();
        let outcome = match send().await {
            Ok(r) => r.bytes().await.map(|_| ()),
            Err(e) => Err(e),
        };
        assert!(outcome.is_err(), "the connection breaks");
        assert_eq!(sims.mpesa.pushes().len(), 2);

        sims.mpesa.set_chaos(Chaos { busy: 1.0, ..Chaos::default() }).unwrap();
        let r = send().await.unwrap();
        assert_eq!(r.status(), 500);
        assert_eq!(r.json::<Value>().await.unwrap()["errorCode"], "500.003.02");
        assert_eq!(sims.mpesa.pushes().len(), 2, "a busy refusal creates nothing");
        assert_eq!(driver(&base, "/chaos", json!({"drop": 1.5})).await.0, 400);
    }
}
