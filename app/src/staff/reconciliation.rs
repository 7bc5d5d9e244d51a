//! Reconciliation exceptions: the payments, attempts and provider callbacks the automatic
//! rules could not settle, for a person to look at — payments set aside for review, attempts
//! in review or still open past the reconciliation give-up time, and (platform-wide only)
//! callbacks refused, set aside, or never processed. A finance officer or platform admin
//! marks one resolved with a note; that records the review and moves no money (refunds do).
//! Agency staff see only exceptions on their agency's bills.

use crate::accounts::model::Role;
use crate::accounts::service::store_err;
use crate::accounts::session::Caller;
use crate::error::{AppError, Problem};
use crate::paging::{Page, Seek, page};
use crate::payments::service::GIVE_UP_SECS;
use crate::ssr::AppState;
use crate::store::StoreError;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// Who may see and resolve exceptions: an agency's finance officers and admins (their
/// agency's), and platform admins (all, with the provider callbacks).
pub const EXCEPTION_ROLES: &[Role] = &[Role::AgencyFinance, Role::AgencyAdmin, Role::PlatformAdmin];

/// A callback still `received` (stored, never processed) this long after it came is an exception.
pub const UNPROCESSED_AFTER_SECS: i64 = 600;

/// Most exceptions listed at once (the oldest first).
pub const LIST_LIMIT: u32 = 200;

/// Longest resolution note, in characters.
pub const MAX_NOTE_CHARS: usize = 1000;

/// What kind of exception.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ExceptionKind {
    /// A payment set aside (`payments.needs_review`): the amount disagreed, or no bill matched.
    PaymentReview,
    /// An attempt in review with no payment written (M-Pesa reused a receipt number).
    AttemptReview,
    /// An attempt still open after the reconciliation give-up time.
    AttemptStuck,
    /// A provider callback refused (`refused:*`).
    CallbackRefused,
    /// A provider callback whose money was set aside for review.
    CallbackReview,
    /// A provider callback stored but never processed.
    CallbackUnprocessed,
}

impl ExceptionKind {
    /// Every kind.
    pub const ALL: [ExceptionKind; 6] = [
        ExceptionKind::PaymentReview,
        ExceptionKind::AttemptReview,
        ExceptionKind::AttemptStuck,
        ExceptionKind::CallbackRefused,
        ExceptionKind::CallbackReview,
        ExceptionKind::CallbackUnprocessed,
    ];

    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            ExceptionKind::PaymentReview => "payment_review",
            ExceptionKind::AttemptReview => "attempt_review",
            ExceptionKind::AttemptStuck => "attempt_stuck",
            ExceptionKind::CallbackRefused => "callback_refused",
            ExceptionKind::CallbackReview => "callback_review",
            ExceptionKind::CallbackUnprocessed => "callback_unprocessed",
        }
    }

    /// From a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        ExceptionKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// About a provider callback, which names no agency's bill: platform admins only.
    pub fn is_callback(self) -> bool {
        matches!(
            self,
            ExceptionKind::CallbackRefused | ExceptionKind::CallbackReview | ExceptionKind::CallbackUnprocessed
        )
    }

    /// The kind a callback's stored outcome makes it, if any (`received` only once it is old).
    pub fn of_callback(outcome: &str, received_at: i64, unprocessed_before: i64) -> Option<Self> {
        match outcome {
            o if o.starts_with("refused:") => Some(ExceptionKind::CallbackRefused),
            "needs_review" => Some(ExceptionKind::CallbackReview),
            "received" if received_at < unprocessed_before => Some(ExceptionKind::CallbackUnprocessed),
            _ => None,
        }
    }
}

/// A person's review of an exception.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    /// The review's id (the resolved list pages by it).
    pub review_id: i64,
    /// What they found and did.
    pub note: String,
    /// Who (account id).
    pub by: i64,
    /// Their name.
    pub by_name: String,
    /// Unix seconds.
    pub at: i64,
}

/// One exception, with what a person needs to act on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exception {
    /// What kind.
    pub kind: ExceptionKind,
    /// The payment's, attempt's or callback's id.
    pub subject_id: i64,
    /// The bill's agency (`None`: no bill known, platform admins only).
    pub agency_code: Option<String>,
    /// The bill (for a callback: the account number the payer typed, if any).
    pub bill_ref: Option<String>,
    /// Mlango receipt number, for a payment.
    pub receipt_no: Option<String>,
    /// M-Pesa's receipt number (or a callback's checkout id when it has none).
    pub mpesa_receipt: Option<String>,
    /// Money moved (or asked, for an attempt), cents.
    pub amount_minor: Option<i64>,
    /// What was asked when it differs, cents.
    pub expected_minor: Option<i64>,
    /// The stored note, result or outcome.
    pub detail: String,
    /// When it happened, Unix seconds.
    pub since: i64,
    /// The review, once resolved.
    pub resolution: Option<Resolution>,
}

/// Which exceptions a look-up is about, and the times that make an attempt or callback one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExceptionScope {
    /// One agency's bills, or every bill and the provider callbacks (`None`).
    pub agency: Option<String>,
    /// Attempts still open and created before this are stuck.
    pub stuck_before: i64,
    /// Callbacks still `received` and received before this were never processed.
    pub unprocessed_before: i64,
    /// Most rows of each kind.
    pub limit: u32,
}

impl ExceptionScope {
    /// The scope at `now` for `agency` (`None`: platform-wide).
    pub fn at(now: i64, agency: Option<String>) -> Self {
        ExceptionScope {
            agency,
            stuck_before: now - GIVE_UP_SECS,
            unprocessed_before: now - UNPROCESSED_AFTER_SECS,
            limit: LIST_LIMIT,
        }
    }

    /// Whether the exception `e` is one this scope may see.
    pub fn covers(&self, e: &Exception) -> bool {
        match &self.agency {
            None => true,
            Some(a) => !e.kind.is_callback() && e.agency_code.as_deref() == Some(a.as_str()),
        }
    }
}

/// A review to record.
#[derive(Debug, Clone)]
pub struct NewResolution {
    /// The exception as it was shown (kept with the review).
    pub exception: Exception,
    /// What was found and done.
    pub note: String,
    /// Who.
    pub by: i64,
    /// Unix seconds.
    pub now: i64,
}

/// What the store could read from a provider callback's raw body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallbackFacts {
    /// The account number typed (paybill).
    pub account: Option<String>,
    /// M-Pesa's receipt (`TransID` / `MpesaReceiptNumber`), else the STK checkout id.
    pub receipt: Option<String>,
    /// Amount, cents.
    pub amount_minor: Option<i64>,
}

/// Reads what it can from a callback body (a refused one may be malformed: then nothing).
pub fn callback_facts(kind: &str, body: &str) -> CallbackFacts {
    use crate::payments::daraja::{parse_c2b, parse_stk_callback};
    if kind.starts_with("c2b") {
        return match parse_c2b(body.as_bytes()) {
            Ok(p) => CallbackFacts {
                account: Some(p.bill_ref_number).filter(|a| !a.is_empty()),
                receipt: Some(p.trans_id),
                amount_minor: Some(p.amount_minor),
            },
            Err(_) => CallbackFacts::default(),
        };
    }
    match parse_stk_callback(body.as_bytes()) {
        Ok(r) => CallbackFacts {
            account: None,
            receipt: Some(r.paid.as_ref().map_or(r.checkout_request_id.clone(), |p| p.mpesa_receipt.clone())),
            amount_minor: r.paid.map(|p| p.amount_minor),
        },
        Err(_) => CallbackFacts::default(),
    }
}

/// Checks a resolution note: 1 to [`MAX_NOTE_CHARS`] characters once trimmed.
pub fn check_note(note: &str) -> Result<String, Problem> {
    let note = note.trim();
    let n = note.chars().count();
    if n == 0 || n > MAX_NOTE_CHARS {
        return Err(Problem::NoteMissing);
    }
    Ok(note.to_string())
}

/// Storage for reconciliation exceptions and their reviews.
#[async_trait]
pub trait ReconciliationStore: Send + Sync {
    /// The unresolved exceptions in `scope`, oldest first.
    async fn open_exceptions(&self, scope: &ExceptionScope) -> Result<Vec<Exception>, StoreError>;
    /// One exception, if the payment, attempt or callback is one in `scope`'s terms (agency
    /// aside: the caller checks that), with its review if resolved.
    async fn exception(
        &self,
        scope: &ExceptionScope,
        kind: ExceptionKind,
        subject_id: i64,
    ) -> Result<Option<Exception>, StoreError>;
    /// Resolved exceptions of one agency (or all, `None`), latest review first.
    async fn resolved_exceptions(&self, agency: Option<&str>, limit: u32) -> Result<Vec<Exception>, StoreError> {
        self.resolved_page(agency, &crate::paging::Seek::First, limit).await
    }
    /// A page of resolved exceptions of one agency (or all), latest review first by
    /// `(resolved_at, review id)`: up to `limit` from `seek`, in display order.
    async fn resolved_page(
        &self,
        agency: Option<&str>,
        seek: &crate::paging::Seek<(i64, i64)>,
        limit: u32,
    ) -> Result<Vec<Exception>, StoreError>;
    /// Records a review; `false` when the exception was resolved already.
    async fn resolve_exception(&self, r: &NewResolution) -> Result<bool, StoreError>;
}

/// The scope `caller` sees at `now`: their agency's bills, or everything for a platform admin.
pub fn scope_of(caller: &Caller, now: i64) -> Result<ExceptionScope, AppError> {
    let me = caller.account()?;
    match me.role {
        Role::PlatformAdmin => Ok(ExceptionScope::at(now, None)),
        r if EXCEPTION_ROLES.contains(&r) => {
            Ok(ExceptionScope::at(now, Some(me.agency.clone().ok_or(AppError::Forbidden)?)))
        }
        _ => Err(AppError::Forbidden),
    }
}

/// Resolved exceptions on one page (the reviews pile up over the years; they are read a page
/// at a time by key).
pub const RESOLVED_PAGE_SIZE: u32 = 50;

/// The exceptions `caller` may see: open ones oldest first (at most [`LIST_LIMIT`], on one
/// page), or (`resolved`) a page of reviewed ones from `seek`, latest review first.
pub async fn exceptions_for(
    state: &AppState,
    caller: &Caller,
    resolved: bool,
    seek: &Seek<(i64, i64)>,
) -> Result<Page<Exception>, AppError> {
    let scope = scope_of(caller, state.clock.now())?;
    let mut list = if resolved {
        let rows = state.store.resolved_page(scope.agency.as_deref(), seek, RESOLVED_PAGE_SIZE + 1).await;
        page(rows.map_err(store_err)?, seek, true, RESOLVED_PAGE_SIZE as usize)
    } else {
        let rows = state.store.open_exceptions(&scope).await.map_err(store_err)?;
        Page { rows, has_prev: false, has_next: false }
    };
    list.rows.retain(|e| scope.covers(e));
    Ok(list)
}

/// Marks an exception resolved with a note. Another agency's exception (or a callback, for
/// agency staff) is not found; one resolved already is refused; nothing else changes.
pub async fn resolve(
    state: &AppState,
    caller: &Caller,
    kind: &str,
    subject_id: i64,
    note: &str,
) -> Result<(), AppError> {
    let me = caller.account()?.id;
    let now = state.clock.now();
    let scope = scope_of(caller, now)?;
    let kind = ExceptionKind::from_code(kind.trim()).ok_or(AppError::NotFound)?;
    let found = state.store.exception(&scope, kind, subject_id).await.map_err(store_err)?;
    let exception = match found {
        Some(e) if scope.covers(&e) => e,
        Some(_) => {
            tracing::warn!(target: "security", account = me, kind = kind.code(), subject_id, "refused: another agency's exception");
            return Err(AppError::NotFound);
        }
        None => return Err(AppError::NotFound),
    };
    if exception.resolution.is_some() {
        return Err(Problem::ExceptionResolved.into());
    }
    let note = check_note(note)?;
    let detail =
        format!("{} {} ({}): {note}", kind.code(), subject_id, exception.bill_ref.as_deref().unwrap_or("no bill"));
    let review = NewResolution { exception, note, by: me, now };
    if !state.store.resolve_exception(&review).await.map_err(store_err)? {
        return Err(Problem::ExceptionResolved.into());
    }
    crate::accounts::service::audit(state, "reconciliation_resolved", Some(me), None, &caller.client, detail).await;
    Ok(())
}

/// Open exceptions as CSV (RFC 4180, every text field quoted), amounts in shillings with cents.
/// `describe` gives what happened and what to do, in words.
pub fn to_csv(rows: &[Exception], now: i64, describe: impl Fn(&Exception) -> (String, String)) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let money = |m: Option<i64>| m.map(|m| format!("{}.{:02}", m / 100, (m % 100).abs())).unwrap_or_default();
    let text = |s: &Option<String>| quote(s.as_deref().unwrap_or(""));
    let mut out = String::from(
        "kind,id,since_eat,age_hours,agency,bill_ref,receipt_no,mpesa_receipt,amount_kes,expected_kes,detail,what_happened,what_to_do\r\n",
    );
    for e in rows {
        let (happened, todo) = describe(e);
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n",
            e.kind.code(),
            e.subject_id,
            quote(&crate::accounts::pages::eat(e.since)),
            (now - e.since).max(0) / 3600,
            text(&e.agency_code),
            text(&e.bill_ref),
            text(&e.receipt_no),
            text(&e.mpesa_receipt),
            money(e.amount_minor),
            money(e.expected_minor),
            quote(&e.detail),
            quote(&happened),
            quote(&todo)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exception(kind: ExceptionKind, agency: Option<&str>) -> Exception {
        Exception {
            kind,
            subject_id: 7,
            agency_code: agency.map(str::to_string),
            bill_ref: Some("1234567890".into()),
            receipt_no: None,
            mpesa_receipt: Some("SKL1AAAAAC".into()),
            amount_minor: Some(609_900),
            expected_minor: Some(610_000),
            detail: "paid 609900 cents, asked 610000 cents".into(),
            since: 1_800_000_000,
            resolution: None,
        }
    }

    #[test]
    fn kinds_round_trip_and_callbacks_are_classified_by_outcome() {
        for k in ExceptionKind::ALL {
            assert_eq!(ExceptionKind::from_code(k.code()), Some(k));
        }
        assert_eq!(ExceptionKind::from_code("payment"), None);
        let of = |o: &str, at: i64| ExceptionKind::of_callback(o, at, 1_000);
        assert_eq!(of("refused:short_code", 2_000), Some(ExceptionKind::CallbackRefused));
        assert_eq!(of("needs_review", 2_000), Some(ExceptionKind::CallbackReview));
        assert_eq!(of("received", 999), Some(ExceptionKind::CallbackUnprocessed));
        assert_eq!(of("received", 1_000), None, "not yet ten minutes old");
        for done in ["applied", "duplicate", "accepted", "rejected"] {
            assert_eq!(of(done, 0), None, "{done}");
        }
    }

    #[test]
    fn agency_staff_see_only_their_bills_and_never_callbacks() {
        let scope = ExceptionScope::at(1_800_000_000, Some("immigration".into()));
        assert_eq!(scope.stuck_before, 1_800_000_000 - 24 * 3600);
        assert_eq!(scope.unprocessed_before, 1_800_000_000 - 600);
        assert!(scope.covers(&exception(ExceptionKind::PaymentReview, Some("immigration"))));
        assert!(!scope.covers(&exception(ExceptionKind::PaymentReview, Some("ntsa"))));
        assert!(!scope.covers(&exception(ExceptionKind::PaymentReview, None)), "suspense: no agency's");
        assert!(!scope.covers(&exception(ExceptionKind::CallbackRefused, Some("immigration"))));
        let platform = ExceptionScope::at(1_800_000_000, None);
        for k in ExceptionKind::ALL {
            assert!(platform.covers(&exception(k, None)));
        }
    }

    #[test]
    fn notes_are_required_and_bounded() {
        assert_eq!(check_note("  Called the payer; refund agreed  "), Ok("Called the payer; refund agreed".into()));
        assert_eq!(check_note("   "), Err(Problem::NoteMissing));
        assert_eq!(check_note(&"n".repeat(1001)), Err(Problem::NoteMissing));
        assert!(check_note(&"n".repeat(1000)).is_ok());
    }

    #[test]
    fn callback_bodies_give_what_they_can() {
        let c2b = r#"{"TransactionType":"CustomerPayBillOnline","TransID":"TDC6APPT001","TransTime":"20261204103000",
            "TransAmount":"6100.00","BusinessShortCode":"999999","BillRefNumber":"NOSUCHBILL","MSISDN":"254712000001"}"#;
        assert_eq!(
            callback_facts("c2b_confirmation", c2b),
            CallbackFacts {
                account: Some("NOSUCHBILL".into()),
                receipt: Some("TDC6APPT001".into()),
                amount_minor: Some(610_000)
            }
        );
        let stk = r#"{"Body":{"stkCallback":{"MerchantRequestID":"1","CheckoutRequestID":"ws_CO_1","ResultCode":1032,"ResultDesc":"Cancelled"}}}"#;
        assert_eq!(
            callback_facts("stk", stk),
            CallbackFacts { account: None, receipt: Some("ws_CO_1".into()), amount_minor: None }
        );
        assert_eq!(callback_facts("stk", "{\"Body\":"), CallbackFacts::default());
        assert_eq!(callback_facts("c2b_confirmation", "not json"), CallbackFacts::default());
    }

    #[test]
    fn csv_quotes_text_and_prints_cents() {
        let e = exception(ExceptionKind::PaymentReview, Some("immigration"));
        let csv =
            to_csv(std::slice::from_ref(&e), e.since + 5 * 3600 + 59, |_| ("Paid \"less\"".into(), "Call".into()));
        let line = csv.lines().nth(1).unwrap();
        assert!(line.starts_with("payment_review,7,\""), "{line}");
        assert!(
            line.ends_with(
                ",5,\"immigration\",\"1234567890\",\"\",\"SKL1AAAAAC\",6099.00,6100.00,\"paid 609900 cents, asked 610000 cents\",\"Paid \"\"less\"\"\",\"Call\""
            ),
            "{line}"
        );
        assert_eq!(csv.lines().count(), 2);
    }
}
