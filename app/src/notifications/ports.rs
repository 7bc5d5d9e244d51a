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
