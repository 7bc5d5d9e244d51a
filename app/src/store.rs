//! The one store contract (atuin-style): each domain area defines its own trait, and a
//! [`Store`] is every one of them. SQLite and PostgreSQL implement it in the server crate.

use crate::accounts::ports::AccountStore;
use crate::applications::ports::ApplicationStore;
use crate::catalogue::ports::CatalogueStore;
use crate::payments::agency::AgencyApiStore;
use crate::payments::ports::PaymentStore;
use crate::payments::refunds::RefundStore;
use crate::payments::webhooks::WebhookStore;
use async_trait::async_trait;

/// Why a store call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A row the caller named does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// A uniqueness or consistency rule was violated.
    #[error("conflict: {0}")]
    Conflict(String),
    /// A freshly drawn bill or receipt number is already in use; nothing was written, and the
    /// caller draws another (see [`crate::payments::reference::DRAWS`]).
    #[error("generated reference already in use: {0}")]
    ReferenceTaken(String),
    /// The database could not be reached or timed out.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Anything else (bad data, driver error).
    #[error("database error: {0}")]
    Other(String),
}

/// Every storage capability Mlango needs.
#[async_trait]
pub trait Store:
    CatalogueStore
    + AccountStore
    + ApplicationStore
    + PaymentStore
    + AgencyApiStore
    + WebhookStore
    + RefundStore
    + crate::notifications::outbox::OutboxStore
    + crate::appointments::ports::AppointmentStore
    + crate::applications::ports::UploadStore
    + crate::notifications::ports::MessageStore
    + crate::status::ports::IncidentStore
    + crate::staff::fees::FeeChangeStore
    + crate::staff::offices::OfficeStore
    + crate::staff::reconciliation::ReconciliationStore
    + crate::staff::team::TeamStore
    + crate::staff::services::ServiceDraftStore
    + crate::payments::outage::PaymentWaitStore
    + crate::payments::tokens::SharedTokenStore
    + Send
    + Sync
{
    /// Checks the database answers a trivial query.
    async fn ping(&self) -> Result<(), StoreError>;

    /// `sqlite` or `postgres`, for logs and `/readyz`.
    fn backend(&self) -> &'static str;
}
