//! When M-Pesa is down: the application is kept, the citizen's bill waits for them, and they
//! get one SMS when paying works again.
//!
//! A payment M-Pesa refused or could not take records a wait (once per citizen and bill, however
//! often they try). While anyone waits, a worker pass (every server runs it) keeps the waiting
//! bills payable and looks for proof that paying works again: a push Daraja accepted after the
//! wait began (on any server: it is in the database), or this server's latest M-Pesa call
//! working (a push or an STK query, as the status page counts them). Only without such proof
//! does it ask M-Pesa itself — at most once a minute across all servers, with an STK query of a
//! recent push, which charges nobody and prompts no phone. With proof, every wait that began
//! before it is released in one transaction with its SMS, claimed row by row so two servers
//! never release the same wait: one SMS per wait, none for a bill paid meanwhile.
//!
//! Expiry: an outage must not cost anyone their application. A waiting bill is kept payable
//! until at least [`HOLD_DAYS`] after now when the wait is recorded and on every pass while it
//! lasts, the releasing pass included, so the citizen has that long after the SMS to pay. Extending the date (rather
//! than pausing a clock) keeps the one rule the expiry worker and the page already follow:
//! payable until `expires_at`, and the page shows the new date.

use super::ports::PayableInvoice;
use super::service::GIVE_UP_SECS;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::notifications::outbox::{NewNotice, NoticeKind};
use crate::notifications::service::Unsendable;
use crate::ssr::AppState;
use crate::status::model::{Component, Outcome};
use crate::store::StoreError;
use async_trait::async_trait;

/// A waiting bill stays payable at least this many days after paying works again.
pub const HOLD_DAYS: i64 = 7;
/// All servers together ask M-Pesa on their own at most once in this many seconds.
pub const PROBE_EVERY_SECS: i64 = 60;
/// Waits released per transaction.
const BATCH: u32 = 200;
const DAY_SECS: i64 = 86_400;

/// A citizen waiting (or who waited) for M-Pesa to pay one bill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentWait {
    /// The citizen.
    pub citizen_id: i64,
    /// The bill.
    pub bill_ref: String,
    /// The first refused try of this wait (unix seconds).
    pub since: i64,
    /// The latest refused try.
    pub last_try_at: i64,
    /// Refused tries in this wait.
    pub tries: i64,
    /// When the wait ended (`None`: still waiting).
    pub released_at: Option<i64>,
    /// `notified` or `dropped`, once released.
    pub outcome: Option<String>,
}

impl PaymentWait {
    /// Whether the citizen still waits.
    pub fn is_open(&self) -> bool {
        self.released_at.is_none()
    }
}

/// What releasing one open wait needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitFacts {
    /// The citizen.
    pub citizen_id: i64,
    /// The bill.
    pub bill_ref: String,
    /// When the wait began.
    pub since: i64,
    /// Whether the bill still takes money (not paid, its application still awaiting payment).
    pub accepts_payment: bool,
    /// Whether Daraja accepted a push for this bill since the wait began (the citizen is paying
    /// or has paid already, so knows).
    pub push_accepted: bool,
}

/// What becomes of a wait once paying works again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Release {
    /// Released with this SMS, queued in the same transaction.
    Notify(NewNotice),
    /// Released silently: nothing left to tell.
    Drop,
}

/// The release of one wait: an SMS, unless the bill no longer needs paying or its payment has
/// started since.
pub fn release(f: &WaitFacts) -> Release {
    if !f.accepts_payment || f.push_accepted {
        return Release::Drop;
    }
    Release::Notify(NewNotice {
        // One message per wait: a repeated release (or a second server) queues nothing more,
        // and a later outage's wait (a new `since`) gets its own.
        dedupe_key: format!("payments_resumed:{}:{}:{}", f.bill_ref, f.citizen_id, f.since),
        kind: NoticeKind::PaymentsResumed,
        subject: f.bill_ref.clone(),
        citizen_id: Some(f.citizen_id),
        phone: None,
    })
}

/// When this server last saw M-Pesa work: the time of its latest call, if that call worked
/// (of calls in the same second, the one recorded last).
pub fn working_since(outcomes: &[Outcome]) -> Option<i64> {
    outcomes.iter().max_by_key(|o| o.at).filter(|o| o.ok).map(|o| o.at)
}

/// The proof that paying works again that releases waits: the newest of the given evidence,
/// provided it came after the oldest wait began (else nobody waiting is helped by it).
pub fn proof_after(oldest_wait: i64, evidence: impl IntoIterator<Item = Option<i64>>) -> Option<i64> {
    evidence.into_iter().flatten().max().filter(|&at| at > oldest_wait)
}

/// What a release pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Released {
    /// Waits released with an SMS.
    pub notified: u64,
    /// Waits released without one.
    pub dropped: u64,
}

/// Storage for waits.
#[async_trait]
pub trait PaymentWaitStore: Send + Sync {
    /// Records that M-Pesa refused `citizen_id`'s payment of `bill_ref` (a wait is opened, or the
    /// open one counts another try) and keeps the bill payable until at least `keep_until`, in one
    /// transaction. `true` when a new wait began.
    async fn record_payment_wait(
        &self,
        citizen_id: i64,
        bill_ref: &str,
        now: i64,
        keep_until: i64,
    ) -> Result<bool, StoreError>;
    /// The latest wait on a bill, open or released.
    async fn payment_wait(&self, bill_ref: &str) -> Result<Option<PaymentWait>, StoreError>;
    /// When the oldest open wait began; `None` when nobody waits.
    async fn oldest_payment_wait(&self) -> Result<Option<i64>, StoreError>;
    /// Moves the last day of every bill with an open wait that ends before `at_least` to `until`
    /// (later, so a long outage rewrites each bill once a day, not on every pass); how many moved.
    async fn hold_waiting_bills(&self, at_least: i64, until: i64) -> Result<u64, StoreError>;
    /// The newest push Daraja accepted: when it was made and its checkout id.
    async fn latest_accepted_push(&self) -> Result<Option<(i64, String)>, StoreError>;
    /// Takes the one probe slot of all servers if nobody probed in the last `every_secs`.
    async fn claim_payment_probe(&self, now: i64, every_secs: i64) -> Result<bool, StoreError>;
    /// Releases up to `limit` open waits that began before `before`, each as [`release`] says
    /// (with its SMS queued) in one transaction. A wait another server is releasing at the same
    /// moment is skipped, never released twice.
    async fn release_payment_waits(&self, before: i64, now: i64, limit: u32) -> Result<Released, StoreError>;
}

/// Notes that M-Pesa refused the citizen's payment of `invoice`. The citizen is told of the
/// refusal either way, so a failure here is logged, not shown.
pub async fn note_refused(state: &AppState, invoice: &PayableInvoice) {
    let Some(citizen) = invoice.citizen_id else { return };
    let now = state.clock.now();
    match state.store.record_payment_wait(citizen, &invoice.bill_ref, now, now + HOLD_DAYS * DAY_SECS).await {
        Ok(true) => tracing::info!(bill = %invoice.bill_ref, "M-Pesa unavailable: the citizen waits for it"),
        Ok(false) => {}
        Err(e) => tracing::warn!(bill = %invoice.bill_ref, error = %e, "could not record a wait for M-Pesa"),
    }
}

/// A payment refused for want of a signed-in caller, looked at again: when the request carried a
/// session cookie and the database does not answer, the session could not be read (it was not
/// missing), so the citizen is told to try again shortly rather than to sign in. Nothing was
/// done either way.
pub async fn signed_out_or_down(state: &AppState, e: AppError) -> AppError {
    if !matches!(e, AppError::Unauthorized) {
        return e;
    }
    let had_session = leptos::prelude::use_context::<axum::http::request::Parts>()
        .is_some_and(|p| crate::accounts::session::has_session_cookie(&p.headers));
    if !had_session {
        return e;
    }
    match state.store.ping().await {
        Err(down) => AppError::unavailable(format!("the session could not be read: {down}")),
        Ok(()) => e,
    }
}

/// What one worker pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TickReport {
    /// Bills whose expiry was pushed on.
    pub held: u64,
    /// Whether this pass asked M-Pesa itself.
    pub probed: bool,
    /// Waits released.
    pub released: Released,
}

/// One pass: nothing when nobody waits; else keep the waiting bills payable, look for proof that
/// paying works again (probing when there is none and the slot is free) and release the waits
/// it covers.
pub async fn tick(state: &AppState) -> Result<TickReport, AppError> {
    use crate::accounts::service::store_err;
    let mut report = TickReport::default();
    let Some(oldest) = state.store.oldest_payment_wait().await.map_err(store_err)? else {
        return Ok(report);
    };
    let now = state.clock.now();
    // Every waiting bill, including those released below: the citizen has the full grace
    // period after the SMS. (Done here rather than inside the release, whose row locks taken
    // in another order could deadlock with another server's pass.)
    let at_least = now + HOLD_DAYS * DAY_SECS;
    report.held = state.store.hold_waiting_bills(at_least, at_least + DAY_SECS).await.map_err(store_err)?;
    let latest_push = state.store.latest_accepted_push().await.map_err(store_err)?;
    let seen_here = working_since(&state.health.outcomes(Component::Payments));
    let mut proof = proof_after(oldest, [latest_push.as_ref().map(|p| p.0), seen_here]);
    if proof.is_none()
        // Daraja keeps a push queryable for a while, not for ever: an old id would fail and be
        // taken for an outage.
        && let Some((_, checkout)) = latest_push.filter(|(at, _)| now - at < GIVE_UP_SECS)
        && state.store.claim_payment_probe(now, PROBE_EVERY_SECS).await.map_err(store_err)?
    {
        report.probed = true;
        let answered = state.mpesa.stk_query(&checkout).await.is_ok();
        crate::status::record_payments(state, answered);
        tracing::info!(answered, "asked M-Pesa whether it works again");
        proof = proof_after(oldest, [answered.then_some(now)]);
    }
    let Some(before) = proof else { return Ok(report) };
    loop {
        let r = state.store.release_payment_waits(before, now, BATCH).await.map_err(store_err)?;
        report.released.notified += r.notified;
        report.released.dropped += r.dropped;
        if r.notified + r.dropped < u64::from(BATCH) {
            break;
        }
    }
    if report.released.notified > 0 {
        tracing::info!(notified = report.released.notified, "paying works again: waiting citizens told");
        crate::notifications::outbox::wake();
    }
    Ok(report)
}

/// The "paying works again" SMS for `bill_ref`, in `lang`; unsendable once the bill no longer
/// takes money (paid between the release and the send).
pub async fn resumed_text(
    state: &AppState,
    lang: Lang,
    bill_ref: &str,
) -> Result<Result<String, Unsendable>, StoreError> {
    use crate::money::{Currency, Money};
    let Some(i) = state.store.payable_invoice(bill_ref).await? else {
        return Ok(Err(Unsendable(format!("bill {bill_ref} not found"))));
    };
    if !i.payable_at(state.clock.now()) {
        return Ok(Err(Unsendable("the bill was paid or closed before the message went".into())));
    }
    let t = crate::notifications::texts::notice_texts(lang);
    let currency = Currency::parse(&i.currency).unwrap_or(Currency::Kes);
    let due = Money { minor: i.outstanding_minor(), currency }.to_string();
    let last_day = i.expires_at.map(|at| (t.date)(&crate::applications::calendar::Date::from_unix_eat(at).iso()));
    Ok(Ok((t.payments_resumed)(&due, &i.bill_ref, &state.payments.paybill, &last_day.unwrap_or_default())))
}

/// The notice on the payment section while the citizen waits for M-Pesa.
#[derive(Debug)]
pub struct WaitTexts {
    /// Heading.
    pub heading: &'static str,
    /// What happened, what is kept, and what comes next.
    pub body: &'static str,
}

/// The wait notice in a language.
pub fn wait_texts(lang: Lang) -> &'static WaitTexts {
    match lang {
        Lang::En => &EN,
        Lang::Sw => &SW,
    }
}

static EN: WaitTexts = WaitTexts {
    heading: "Your application is saved",
    body: "M-Pesa is not working just now, so your payment could not start and nothing was charged. \
           Your bill waits for you: it does not expire while M-Pesa is down, and you will have at \
           least 7 days to pay once it works again. We will send you an SMS as soon as paying works \
           again. You can also try Paybill with the details below.",
};

static SW: WaitTexts = WaitTexts {
    heading: "Ombi lako limehifadhiwa",
    body: "M-Pesa haifanyi kazi sasa hivi, kwa hivyo malipo yako hayakuweza kuanza na hukukatwa pesa. \
           Ankara yako inakusubiri: muda wake hauishi M-Pesa ikiwa haifanyi kazi, na utakuwa na \
           angalau siku 7 za kulipa itakaporudi. Tutakutumia SMS mara tu malipo yatakapowezekana \
           tena. Unaweza pia kujaribu Paybill kwa maelezo yaliyo hapa chini.",
};

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(accepts_payment: bool, push_accepted: bool) -> WaitFacts {
        WaitFacts { citizen_id: 7, bill_ref: "4829175536".into(), since: 1_000, accepts_payment, push_accepted }
    }

    #[test]
    fn a_wait_is_released_with_one_sms_unless_nothing_is_left_to_tell() {
        let Release::Notify(n) = release(&facts(true, false)) else { panic!("a waiting payer is told") };
        assert_eq!(n.kind, NoticeKind::PaymentsResumed);
        assert_eq!((n.subject.as_str(), n.citizen_id, n.phone), ("4829175536", Some(7), None));
        assert_eq!(n.dedupe_key, "payments_resumed:4829175536:7:1000");
        assert_eq!(release(&facts(false, false)), Release::Drop, "paid meanwhile (by paybill, say)");
        assert_eq!(release(&facts(true, true)), Release::Drop, "already paying");
        let later = WaitFacts { since: 2_000, ..facts(true, false) };
        let Release::Notify(m) = release(&later) else { panic!() };
        assert_ne!(m.dedupe_key, n.dedupe_key, "a later outage's wait gets its own message");
    }

    #[test]
    fn only_a_working_latest_call_shows_m_pesa_working() {
        let o = |at, ok| Outcome { at, ok };
        assert_eq!(working_since(&[]), None);
        assert_eq!(working_since(&[o(10, false), o(20, true)]), Some(20));
        assert_eq!(working_since(&[o(20, true), o(30, false)]), None, "it failed again since");
        assert_eq!(working_since(&[o(30, true), o(20, false)]), Some(30), "by time, not by order");
        assert_eq!(working_since(&[o(20, true), o(20, false)]), None, "in one second, the later record counts");
    }

    #[test]
    fn proof_must_come_after_the_oldest_wait_began() {
        assert_eq!(proof_after(100, [None, None]), None);
        assert_eq!(proof_after(100, [Some(90), None]), None, "a push before the outage proves nothing");
        assert_eq!(proof_after(100, [Some(100)]), None, "nor one in the same second as the refusal");
        assert_eq!(proof_after(100, [Some(90), Some(150)]), Some(150));
        assert_eq!(proof_after(100, [Some(170), Some(150)]), Some(170), "the newest proof covers the most");
    }

    #[test]
    fn the_wait_notice_says_the_same_in_both_languages() {
        for lang in [Lang::En, Lang::Sw] {
            let t = wait_texts(lang);
            assert!(!t.heading.is_empty());
            assert!(t.body.contains(&format!(" {HOLD_DAYS} ")), "{lang:?}: the grace period is stated: {}", t.body);
            assert!(t.body.contains("SMS") && t.body.contains("Paybill"), "{lang:?}");
        }
    }
}
