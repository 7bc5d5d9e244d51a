//! Provider ports for outgoing messages. Adapters (Africa's Talking, SMTP) and their
//! simulators live in the server crate.

use crate::contact::{EmailAddress, PhoneNumber};
use async_trait::async_trait;

/// What a provider said when it accepted a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderReceipt {
    /// Which provider took it (`africastalking`, `smtp`, `sim-mail`).
    pub provider: &'static str,
    /// The provider's id for the message (for delivery reports).
    pub message_id: String,
}

/// Why a provider did not take a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GatewayError {
    /// The provider could not be reached or failed; trying again later may work.
    #[error("provider unavailable: {0}")]
    Unavailable(String),
    /// The provider refused this message for good (invalid number, blacklisted, ...).
    #[error("provider rejected the message: {0}")]
    Rejected(String),
    /// The request may have reached the provider but no answer came (a timeout after
    /// connecting, a cut reply): the message may or may not be on its way.
    #[error("provider outcome unknown: {0}")]
    Uncertain(String),
}

/// Sends SMS.
#[async_trait]
pub trait SmsGateway: Send + Sync {
    /// Hands one text message to the provider; `Ok` means the provider accepted it for delivery.
    async fn send_sms(&self, to: &PhoneNumber, text: &str) -> Result<ProviderReceipt, GatewayError>;
}

/// Sends email.
#[async_trait]
pub trait EmailGateway: Send + Sync {
    /// Hands one plain-text email to the provider.
    async fn send_email(&self, to: &EmailAddress, subject: &str, body: &str) -> Result<ProviderReceipt, GatewayError>;
}

/// A delivery report from the SMS provider, as it said it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryReport {
    /// The provider's message id (given when it took the message).
    pub message_id: String,
    /// `Success`, `Failed`, `Rejected`, `Sent`, `Submitted` or `Buffered`.
    pub status: String,
    /// The network's reason, on failures.
    pub failure_reason: String,
    /// The recipient as the provider wrote it.
    pub phone: String,
    /// The mobile network's code.
    pub network_code: String,
}

/// An SMS a citizen sent to the short code, with the reply decided for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundSms {
    /// The provider's id of the SMS: a retried callback carries the same one.
    pub provider_id: String,
    /// The sender, `2547…`.
    pub phone: String,
    /// The short code it was sent to.
    pub short_code: String,
    /// What it said (cut to [`super::two_way::MAX_INBOUND_CHARS`]).
    pub text: String,
    /// [`super::two_way::Command::code`].
    pub command: String,
    /// The reply; empty when none is sent.
    pub reply: String,
    /// Unix seconds.
    pub received_at: i64,
}

/// A citizen's rating of a finished application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRating {
    /// The application rated.
    pub application_id: i64,
    /// Its agency, for the agency's figures.
    pub agency_code: String,
    /// 1 (poor) to 5 (excellent).
    pub score: i64,
}

/// One message to a citizen as the in-app list and the tests see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeRecord {
    /// Its id (pages are read by it).
    pub id: i64,
    /// What it is about.
    pub kind: super::outbox::NoticeKind,
    /// The record it is about.
    pub subject: String,
    /// `queued`, `sent`, `delivered` or `failed`.
    pub status: String,
    /// The provider's last delivery status, if it reported one.
    pub delivery_status: Option<String>,
    /// Why it failed, if it did.
    pub error: String,
    /// Unix seconds.
    pub created_at: i64,
    /// `sms` or `email`.
    pub channel: String,
    /// The text as sent, once sent.
    pub body: Option<String>,
}

/// Storage for delivery reports, inbound SMS and ratings.
#[async_trait]
pub trait MessageStore: Send + Sync {
    /// Keeps a delivery report and moves its message to `delivered` or `failed` (`outcome`);
    /// a report that comes before its message is recorded as sent is applied when it is.
    /// Returns whether a message with that id was known.
    async fn record_delivery_report(
        &self,
        report: &DeliveryReport,
        outcome: Option<&'static str>,
        now: i64,
    ) -> Result<bool, crate::store::StoreError>;
    /// Keeps an inbound SMS with its reply (queued) and rating, in one transaction; `false`
    /// (and nothing written) when the provider's id was seen before.
    async fn record_inbound(
        &self,
        sms: &InboundSms,
        reply: Option<&super::outbox::NewNotice>,
        rating: Option<&NewRating>,
    ) -> Result<bool, crate::store::StoreError>;
    /// Replies given to `phone` since `since` (the flood limit).
    async fn replies_since(&self, phone: &str, since: i64) -> Result<i64, crate::store::StoreError>;
    /// The reply decided for the inbound SMS `provider_id`: the number and the text.
    async fn inbound_reply(&self, provider_id: &str) -> Result<Option<(String, String)>, crate::store::StoreError>;
    /// The newest application issued since `since` to an account with this phone and not
    /// rated yet.
    async fn rateable_application(
        &self,
        phone: &str,
        since: i64,
    ) -> Result<Option<crate::applications::ports::Application>, crate::store::StoreError>;
    /// An application's rating.
    async fn rating_of(&self, application_id: i64) -> Result<Option<i64>, crate::store::StoreError>;
    /// A citizen's messages, newest first.
    async fn notices_of(&self, citizen_id: i64, limit: u32) -> Result<Vec<NoticeRecord>, crate::store::StoreError> {
        self.notices_page(citizen_id, &crate::paging::Seek::First, limit).await
    }
    /// A page of a citizen's messages, newest first by `(created_at, id)`: up to `limit` from
    /// `seek`, in display order (see [`crate::paging::page`]).
    async fn notices_page(
        &self,
        citizen_id: i64,
        seek: &crate::paging::Seek<(i64, i64)>,
        limit: u32,
    ) -> Result<Vec<NoticeRecord>, crate::store::StoreError>;
}
