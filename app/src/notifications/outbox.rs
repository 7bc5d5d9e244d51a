//! The outbox: messages to citizens written in the same transaction as the change they
//! announce, then sent by a worker that retries with backoff. Rows are claimed for a while
//! before sending, so several servers never send the same message twice at once.

use crate::store::StoreError;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// How long a claimed message is reserved for the server that claimed it (seconds). A send
/// takes seconds at most; after this another server may take it over.
pub const CLAIM_SECS: i64 = 60;
/// Sends given before a message is marked failed.
pub const MAX_ATTEMPTS: i64 = 12;
/// How long after a send whose outcome is unknown (no answer in time, or the server died
/// mid-send) the provider is given to report the message's delivery before it is sent again.
/// Africa's Talking reports within seconds to a few minutes; sending sooner risks a duplicate.
pub const DLR_WAIT_SECS: i64 = 600;

/// What a message is about; the text is rendered from the data at send time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoticeKind {
    /// A payment was recorded against a bill; the subject is the Mlango receipt number.
    PaymentReceipt,
    /// The agency missed its charter date; the subject is the application reference.
    CharterBreach,
    /// An appointment was booked or moved; the subject is `<application reference>:<step>`.
    AppointmentBooked,
    /// The answer to an SMS sent to the short code; the subject is the provider's id of that SMS.
    SmsReply,
    /// The document was issued, with the request to rate the service; the subject is the
    /// application reference.
    DocumentIssued,
    /// An application was submitted (with how to pay, if there is a fee); subject: reference.
    ApplicationReceived,
    /// The agency asked for more information; subject: reference.
    InfoRequested,
    /// The application was approved; subject: reference.
    Approved,
    /// The application was not approved; subject: reference.
    Rejected,
    /// An appointment is within a day; the subject is `<application reference>:<step>`.
    AppointmentReminder,
    /// An agency's system billed a phone number through the API; the subject is the bill
    /// reference.
    InvoiceIssued,
    /// An incident that may stop people paying was posted; the subject is the incident id.
    IncidentOpened,
    /// That incident is resolved; the subject is the incident id.
    IncidentResolved,
    /// M-Pesa works again for a citizen whose payment it had refused; the subject is the bill
    /// reference.
    PaymentsResumed,
}

impl NoticeKind {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            NoticeKind::PaymentReceipt => "payment_receipt",
            NoticeKind::CharterBreach => "charter_breach",
            NoticeKind::AppointmentBooked => "appointment_booked",
            NoticeKind::SmsReply => "sms_reply",
            NoticeKind::DocumentIssued => "document_issued",
            NoticeKind::ApplicationReceived => "application_received",
            NoticeKind::InfoRequested => "info_requested",
            NoticeKind::Approved => "approved",
            NoticeKind::Rejected => "rejected",
            NoticeKind::AppointmentReminder => "appointment_reminder",
            NoticeKind::InvoiceIssued => "invoice_issued",
            NoticeKind::IncidentOpened => "incident_opened",
            NoticeKind::IncidentResolved => "incident_resolved",
            NoticeKind::PaymentsResumed => "payments_resumed",
        }
    }

    /// From a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "payment_receipt" => Some(NoticeKind::PaymentReceipt),
            "charter_breach" => Some(NoticeKind::CharterBreach),
            "appointment_booked" => Some(NoticeKind::AppointmentBooked),
            "sms_reply" => Some(NoticeKind::SmsReply),
            "document_issued" => Some(NoticeKind::DocumentIssued),
            "application_received" => Some(NoticeKind::ApplicationReceived),
            "info_requested" => Some(NoticeKind::InfoRequested),
            "approved" => Some(NoticeKind::Approved),
            "rejected" => Some(NoticeKind::Rejected),
            "appointment_reminder" => Some(NoticeKind::AppointmentReminder),
            "invoice_issued" => Some(NoticeKind::InvoiceIssued),
            "incident_opened" => Some(NoticeKind::IncidentOpened),
            "incident_resolved" => Some(NoticeKind::IncidentResolved),
            "payments_resumed" => Some(NoticeKind::PaymentsResumed),
            _ => None,
        }
    }
}

/// Where a message is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoticeStatus {
    /// Waiting to be sent (or to be retried).
    Queued,
    /// The provider took it.
    Sent,
    /// Given up: the provider refused it for good, or every retry failed.
    Failed,
}

impl NoticeStatus {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            NoticeStatus::Queued => "queued",
            NoticeStatus::Sent => "sent",
            NoticeStatus::Failed => "failed",
        }
    }
}

/// A message to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotice {
    /// What makes two requests the same message (`receipt:R…`): queued once, however often asked.
    pub dedupe_key: String,
    /// What it is about.
    pub kind: NoticeKind,
    /// The record it is about (a receipt number).
    pub subject: String,
    /// The account to reach, when there is one.
    pub citizen_id: Option<i64>,
    /// The number to reach when there is no account (an agency's own bill: whoever paid).
    pub phone: Option<String>,
}

/// A queued message claimed for sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Row id.
    pub id: i64,
    /// What it is about.
    pub kind: NoticeKind,
    /// The record it is about.
    pub subject: String,
    /// The account to reach.
    pub citizen_id: Option<i64>,
    /// The number to reach without an account.
    pub phone: Option<String>,
    /// Sends tried before this one.
    pub attempts: i64,
    /// `sms`, or `email` once the phone network could not deliver it.
    pub channel: String,
    /// Who it is for (`a:<account id>` or `p:<phone>`): one message per recipient at a time.
    pub recipient: String,
    /// When the first send whose outcome is still unknown began; the claim sets it to the
    /// claim's time when it was unset, so an earlier time means an earlier send is in doubt.
    pub in_doubt_since: Option<i64>,
}

impl Notice {
    /// When an earlier send of this message began whose outcome is unknown, if one did.
    pub fn earlier_send_in_doubt(&self, now: i64) -> Option<i64> {
        self.in_doubt_since.filter(|&t| t < now)
    }
}

/// What one send of a message came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeResult {
    /// Row id.
    pub id: i64,
    /// `Sent`, `Queued` again (for `next_at`), or `Failed`.
    pub status: NoticeStatus,
    /// When to try again (for `Queued`).
    pub next_at: i64,
    /// The provider's message id, when it took the message.
    pub provider_message_id: Option<String>,
    /// Why it was not sent (empty when sent).
    pub error: String,
    /// The channel it went (or will go) by: `sms` or `email`.
    pub channel: &'static str,
    /// The text sent, when it was.
    pub body: Option<String>,
    /// Whether this pass tried the provider (a message held back is not a try).
    pub attempted: bool,
    /// When a send began whose outcome is still unknown; `None` once the outcome is known.
    pub in_doubt_since: Option<i64>,
}

/// The recipient key of a message: its account, or the bare number without one.
pub fn recipient_key(citizen_id: Option<i64>, phone: Option<&str>) -> String {
    match citizen_id {
        Some(id) => format!("a:{id}"),
        None => format!("p:{}", phone.unwrap_or_default()),
    }
}

/// A delivery report no known message explains, found for a message whose send is in doubt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnexplainedReport {
    /// The provider's message id.
    pub message_id: String,
    /// `delivered`, `failed`, or `None` while on its way.
    pub outcome: Option<String>,
    /// The network's reason, on failures.
    pub failure_reason: String,
}

/// SMS tries before a message with somewhere else to go is sent by email instead.
pub const EMAIL_AFTER_SMS_TRIES: i64 = 3;

/// Storage for the outbox.
#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Claims up to `limit` messages due at `now` for `claim_secs` (normally [`CLAIM_SECS`]).
    async fn claim_notices(&self, now: i64, claim_secs: i64, limit: u32) -> Result<Vec<Notice>, StoreError>;
    /// Records what happened to each message of a pass, in one transaction (on SQLite every
    /// write waits for the one writer, so a pass costs one commit, not one per message). A
    /// message no longer queued (another server took it over after this claim lapsed, and
    /// settled it) keeps that outcome: a late record never puts a sent message back in the queue.
    async fn record_notice_attempts(&self, now: i64, results: &[NoticeResult]) -> Result<(), StoreError>;
    /// Counts of messages by status (for the tests and `make bench`).
    async fn notice_counts(&self) -> Result<Vec<(String, i64)>, StoreError>;
    /// The oldest delivery report for `phone` received since `since` that no message and no
    /// direct send explains, provided `recipient` has exactly one message in doubt (otherwise
    /// the report could be another's, and `None` keeps the message from being lost).
    async fn unexplained_report(
        &self,
        recipient: &str,
        phone: &str,
        since: i64,
    ) -> Result<Option<UnexplainedReport>, StoreError>;
    /// Records an SMS sent outside the outbox (a one-time code), so its delivery report is
    /// never taken for an outbox message's; forgets those older than a day.
    async fn record_direct_send(&self, message_id: &str, phone: &str, now: i64) -> Result<(), StoreError>;
}

/// When to try again after `attempts` failed sends: 10 s doubling to at most an hour; `None`
/// once [`MAX_ATTEMPTS`] are used up.
pub fn next_attempt_at(attempts: i64, now: i64) -> Option<i64> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let shift = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
    Some(now + (10_i64 << shift).min(3600))
}

static WAKE: std::sync::LazyLock<tokio::sync::Notify> = std::sync::LazyLock::new(tokio::sync::Notify::new);

/// Tells this process's outbox worker there is something to send (it also polls, for messages
/// queued by other servers).
pub fn wake() {
    WAKE.notify_one();
}

/// Waits for [`wake`] or `timeout`, whichever comes first.
pub async fn woken_or(timeout: std::time::Duration) {
    let _ = tokio::time::timeout(timeout, WAKE.notified()).await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn backoff_doubles_from_ten_seconds_to_an_hour_then_gives_up() {
        assert_eq!(next_attempt_at(1, 0), Some(10));
        assert_eq!(next_attempt_at(2, 0), Some(20));
        assert_eq!(next_attempt_at(3, 0), Some(40));
        assert_eq!(next_attempt_at(11, 0), Some(3600));
        assert_eq!(next_attempt_at(MAX_ATTEMPTS, 0), None);
    }

    proptest! {
        #[test]
        fn retries_never_come_sooner_and_always_come_later(attempts in 0i64..MAX_ATTEMPTS, now in 0i64..4_000_000_000) {
            let next = next_attempt_at(attempts, now).unwrap();
            prop_assert!(next > now && next <= now + 3600);
            if let Some(after) = next_attempt_at(attempts + 1, now) {
                prop_assert!(after >= next);
            }
        }
    }

    #[test]
    fn kinds_round_trip() {
        for k in [
            NoticeKind::PaymentReceipt,
            NoticeKind::CharterBreach,
            NoticeKind::AppointmentBooked,
            NoticeKind::SmsReply,
            NoticeKind::DocumentIssued,
            NoticeKind::ApplicationReceived,
            NoticeKind::InfoRequested,
            NoticeKind::Approved,
            NoticeKind::Rejected,
            NoticeKind::AppointmentReminder,
            NoticeKind::IncidentOpened,
            NoticeKind::IncidentResolved,
            NoticeKind::InvoiceIssued,
            NoticeKind::PaymentsResumed,
        ] {
            assert_eq!(NoticeKind::from_code(k.code()), Some(k));
        }
        assert_eq!(NoticeKind::from_code("x"), None);
    }
}
