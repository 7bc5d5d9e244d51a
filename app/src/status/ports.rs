//! The incidents store port; SQLite and PostgreSQL implement it in the server crate.

use super::model::{Incident, IncidentRefusal, NewIncident};
use crate::store::StoreError;
use async_trait::async_trait;

/// Storage for incidents.
#[async_trait]
pub trait IncidentStore: Send + Sync {
    /// Opens an incident and, when `notify_payers`, queues an "incident opened" message to every
    /// citizen with a bill still to pay (unpaid, unexpired, its application awaiting payment),
    /// all in one transaction. The same form token twice is [`IncidentRefusal::AlreadyPosted`].
    async fn open_incident(
        &self,
        incident: &NewIncident,
        notify_payers: bool,
    ) -> Result<Result<i64, IncidentRefusal>, StoreError>;

    /// Resolves an open incident and queues a "resolved" message to every citizen who was told
    /// it opened, in one transaction.
    async fn resolve_incident(
        &self,
        id: i64,
        resolved_by: i64,
        now: i64,
    ) -> Result<Result<(), IncidentRefusal>, StoreError>;

    /// One incident.
    async fn incident(&self, id: i64) -> Result<Option<Incident>, StoreError>;

    /// Every open incident and those resolved at or after `since`: open ones first, newest first.
    async fn incidents_since(&self, since: i64) -> Result<Vec<Incident>, StoreError>;
}
