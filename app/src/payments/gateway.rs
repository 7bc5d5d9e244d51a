//! The M-Pesa port: what the payments service asks of Safaricom's Daraja API (STK push and
//! STK query). The HTTP adapter and its protocol-faithful simulator live in the server crate.

use crate::contact::PhoneNumber;
use async_trait::async_trait;

/// Longest `AccountReference` Daraja accepts (shown in the customer's PIN prompt).
pub const MAX_ACCOUNT_REFERENCE: usize = 12;
/// Longest `TransactionDesc` Daraja accepts.
pub const MAX_TRANSACTION_DESC: usize = 13;
/// Smallest and largest single M-Pesa payment, in whole shillings.
pub const MPESA_MIN_KES: i64 = 1;
/// Largest single M-Pesa payment, in whole shillings.
pub const MPESA_MAX_KES: i64 = 250_000;

/// One STK push ("M-Pesa Express") request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StkPush {
    /// The phone that gets the PIN prompt (and pays).
    pub phone: PhoneNumber,
    /// Amount in whole shillings (M-Pesa has no cents).
    pub amount_kes: i64,
    /// Shown in the prompt; the bill reference (at most 12 characters).
    pub account_reference: String,
    /// Short description (at most 13 characters).
    pub description: String,
    /// Where Daraja posts the result.
    pub callback_url: String,
}

/// Daraja accepted the push for processing (nothing is paid yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StkAccepted {
    /// `MerchantRequestID`.
    pub merchant_request_id: String,
    /// `CheckoutRequestID`: the key of the callback and of STK queries.
    pub checkout_request_id: String,
}

/// Why a push did not go through.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PushError {
    /// Daraja answered and refused it (bad request, wrong credentials, system busy): no prompt
    /// was sent, so asking again later is safe.
    #[error("M-Pesa refused the request: {code} {message}")]
    Refused {
        /// Daraja's `errorCode` (e.g. `500.003.02`) or `ResponseCode`.
        code: String,
        /// Daraja's message.
        message: String,
    },
    /// The request never reached Daraja (could not connect): no prompt was sent.
    #[error("M-Pesa unreachable: {0}")]
    Unreachable(String),
    /// The request was sent but no usable answer came back (timeout, reset, garbled reply):
    /// the prompt may or may not have been sent. Never repeated automatically.
    #[error("M-Pesa did not answer clearly: {0}")]
    Ambiguous(String),
}

/// What an STK query said about a push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StkStatus {
    /// The customer has not finished yet (`ResultCode` empty / "still processing").
    Pending,
    /// Finished with a result code (0 = paid; see [`super::state::ResultCode`]).
    Completed {
        /// Daraja's `ResultCode`.
        result_code: i64,
        /// Daraja's `ResultDesc`.
        result_desc: String,
    },
}

/// Why a query gave no answer; the attempt stays as it was and is asked again later.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("M-Pesa query failed: {0}")]
pub struct QueryError(pub String);

/// Safaricom's Daraja API, as the payments service uses it.
#[async_trait]
pub trait MpesaGateway: Send + Sync {
    /// Sends a PIN prompt to the customer's phone.
    async fn stk_push(&self, push: &StkPush) -> Result<StkAccepted, PushError>;
    /// Asks how a push ended (for callbacks that never came).
    async fn stk_query(&self, checkout_request_id: &str) -> Result<StkStatus, QueryError>;
    /// Keeps the provider's access token in `store`, shared with every other server, from now
    /// on (a gateway without tokens ignores it).
    fn share_tokens(&self, _store: std::sync::Arc<dyn crate::payments::tokens::SharedTokenStore>) {}
}
