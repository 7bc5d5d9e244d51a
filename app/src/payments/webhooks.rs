//! Webhooks to agencies' systems: the events (written in the same transaction as the payment
//! that causes them), how deliveries are claimed and retried, and the delivery log. Sending
//! and signing live in the server crate.

use crate::store::StoreError;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// Attempts before a delivery is given up (about four days of backoff).
pub const MAX_ATTEMPTS: i64 = 15;
/// First retry delay, seconds; it doubles each time.
pub const FIRST_RETRY_SECS: i64 = 30;
/// Longest delay between attempts, seconds.
pub const MAX_RETRY_SECS: i64 = 6 * 3600;
/// How long a claim lasts before another server may take the delivery over, seconds.
pub const CLAIM_SECS: i64 = 60;

/// A delivery claimed for sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookDelivery {
    /// Database id.
    pub id: i64,
    /// `evt_…`: receivers deduplicate on it.
    pub event_id: String,
    /// Where to post.
    pub url: String,
    /// `invoice.paid`.
    pub event_type: String,
    /// The exact JSON body (what is signed).
    pub body: String,
    /// Attempts made before this one.
    pub attempts: i64,
    /// The key's signing secret.
    pub secret: String,
}

/// One line of the delivery log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryLog {
    /// `evt_…`.
    pub event_id: String,
    /// `invoice.paid`.
    pub event_type: String,
    /// `pending`, `delivered` or `failed`.
    pub state: String,
    /// Attempts so far.
    pub attempts: i64,
    /// Last HTTP status, if any answer came.
    pub last_status: Option<i64>,
    /// Last error.
    pub last_error: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds.
    pub delivered_at: Option<i64>,
}

/// What one attempt achieved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptResult {
    /// HTTP status, when the receiver answered.
    pub http_status: Option<i64>,
    /// Why it failed (empty when delivered).
    pub error: String,
    /// Whether the receiver accepted it (2xx).
    pub delivered: bool,
}

/// When to try again after `attempts` failed attempts, or `None` to give up.
pub fn next_attempt_at(attempts: i64, now: i64) -> Option<i64> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let shift = u32::try_from((attempts - 1).clamp(0, 20)).unwrap_or(20);
    Some(now + (FIRST_RETRY_SECS << shift).min(MAX_RETRY_SECS))
}

/// Storage for webhook deliveries.
#[async_trait]
pub trait WebhookStore: Send + Sync {
    /// Claims up to `limit` due deliveries for this server until `now + claim_secs` (normally
    /// [`CLAIM_SECS`]).
    async fn claim_webhooks(&self, now: i64, claim_secs: i64, limit: u32) -> Result<Vec<WebhookDelivery>, StoreError>;
    /// Logs an attempt and schedules the next one (`next_at`), or ends the delivery. A delivery
    /// another server has meanwhile ended (delivered or given up) stays ended; the attempt is
    /// still logged.
    async fn record_webhook_attempt(
        &self,
        delivery_id: i64,
        now: i64,
        result: &AttemptResult,
        next_at: Option<i64>,
    ) -> Result<(), StoreError>;
    /// A key's deliveries, newest first.
    async fn webhook_log(&self, api_key_id: i64, limit: u32) -> Result<Vec<DeliveryLog>, StoreError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_and_end() {
        assert_eq!(next_attempt_at(1, 0), Some(30));
        assert_eq!(next_attempt_at(2, 0), Some(60));
        assert_eq!(next_attempt_at(5, 0), Some(480));
        assert_eq!(next_attempt_at(14, 0), Some(MAX_RETRY_SECS));
        assert_eq!(next_attempt_at(MAX_ATTEMPTS, 0), None);
    }
}
