//! The applications half of the store contract.

use super::form::Answers;
use super::state::{Event, State};
use crate::store::StoreError;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// A stored application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    /// Database id.
    pub id: i64,
    /// Public reference.
    pub reference: String,
    /// The applicant.
    pub citizen_id: i64,
    /// Service applied for.
    pub service_code: String,
    /// The service's agency at the time of applying.
    pub agency_code: String,
    /// Fee variant chosen.
    pub variant_code: String,
    /// Where it is.
    pub state: State,
    /// Normalised answers.
    pub answers: Answers,
    /// Hash of what was submitted (service, variant, amount, answers).
    pub snapshot_hash: Option<String>,
    /// Government fee in minor units, fixed at submission.
    pub amount_minor: Option<i64>,
    /// Convenience fee in minor units, fixed at submission.
    pub convenience_minor: Option<i64>,
    /// Currency code, fixed at submission.
    pub currency: Option<String>,
    /// Unix seconds.
    pub submitted_at: Option<i64>,
    /// Charter due date (ISO, EAT), once the agency's clock runs.
    pub due_date: Option<String>,
    /// The last charter date the agency missed (ISO), if it missed one; `due_date` is then
    /// the new date it set.
    pub charter_missed_on: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds.
    pub updated_at: i64,
    /// Optimistic-lock version.
    pub version: i64,
    /// The officer working on it, once one has taken it.
    pub assigned_to: Option<i64>,
}

/// A row of the officer's queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRow {
    /// The application.
    pub app: Application,
    /// The applicant's name.
    pub applicant: String,
    /// The name of the officer who has it.
    pub assignee: Option<String>,
}

/// One recorded transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationEvent {
    /// Unix seconds.
    pub at: i64,
    /// State before.
    pub from: State,
    /// State after.
    pub to: State,
    /// What happened.
    pub event: Event,
    /// Who, when a person.
    pub actor_id: Option<i64>,
    /// Their role code (`citizen`, `agency_officer`, `system`, ...).
    pub actor_role: String,
    /// A note shown on the timeline.
    pub note: String,
}

/// An invoice for a submitted application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    /// Bill reference the citizen pays against.
    pub bill_ref: String,
    /// Government fee.
    pub amount_minor: i64,
    /// Convenience fee.
    pub convenience_minor: i64,
    /// Total.
    pub total_minor: i64,
    /// Currency code.
    pub currency: String,
    /// `unpaid`, `paid`, ...
    pub status: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds after which it can no longer be paid (`None`: never).
    pub expires_at: Option<i64>,
}

/// A new draft application.
#[derive(Debug, Clone)]
pub struct NewDraft {
    /// Public reference.
    pub reference: String,
    /// The applicant.
    pub citizen_id: i64,
    /// Service applied for.
    pub service_code: String,
    /// The service's agency.
    pub agency_code: String,
    /// Fee variant chosen.
    pub variant_code: String,
    /// Answers so far.
    pub answers: Answers,
    /// The id the apply form carried (see [`super::service::client_id`]); a second draft of
    /// the same citizen with the same id is refused with `Conflict`.
    pub client_id: Option<String>,
    /// Unix seconds.
    pub now: i64,
}

/// A state change and everything it sets, written in one transaction (or not at all).
#[derive(Debug, Clone)]
pub struct Transition {
    /// Application id.
    pub application_id: i64,
    /// The version read; the write fails with `Conflict` if someone changed it since.
    pub expected_version: i64,
    /// The recorded events, in order: the first starts from the state read, the last ends in
    /// the state written (a submission is `submit` then `invoice_created` in one go).
    pub records: Vec<ApplicationEvent>,
    /// At submission: the frozen answers, hash and prices.
    pub submission: Option<Submission>,
    /// The charter due date, when the clock starts or moves.
    pub due_date: Option<String>,
    /// An invoice to create with the change.
    pub invoice: Option<Invoice>,
    /// A document issued with the change.
    pub document: Option<super::documents::IssuedDocument>,
    /// The charter date just missed (a breach), recorded with the new `due_date`.
    pub charter_missed: Option<String>,
    /// Messages to the citizen, queued in the same transaction.
    pub notices: Vec<crate::notifications::outbox::NewNotice>,
}

/// What submission freezes.
#[derive(Debug, Clone)]
pub struct Submission {
    /// Normalised answers.
    pub answers: Answers,
    /// Snapshot hash.
    pub snapshot_hash: String,
    /// Government fee.
    pub amount_minor: i64,
    /// Convenience fee.
    pub convenience_minor: i64,
    /// Currency code.
    pub currency: String,
}

/// Storage for applications.
#[async_trait]
pub trait ApplicationStore: Send + Sync {
    /// Creates a draft; returns its id.
    async fn create_draft(&self, draft: &NewDraft) -> Result<i64, StoreError>;
    /// Saves a draft's answers and variant; `Conflict` unless it is still a draft at `expected_version`.
    async fn save_draft(
        &self,
        application_id: i64,
        expected_version: i64,
        variant_code: &str,
        answers: &Answers,
        now: i64,
    ) -> Result<(), StoreError>;
    /// Reads an application by reference.
    async fn application(&self, reference: &str) -> Result<Option<Application>, StoreError>;
    /// The citizen's application created from a form that carried `client_id`, if any.
    async fn application_by_client_id(
        &self,
        citizen_id: i64,
        client_id: &str,
    ) -> Result<Option<Application>, StoreError>;
    /// A citizen's applications, most recently changed first (the first 500).
    async fn applications_of(&self, citizen_id: i64) -> Result<Vec<Application>, StoreError> {
        self.citizen_applications(citizen_id, &crate::paging::Seek::First, 500).await
    }
    /// A page of a citizen's applications, most recently changed first, by `(updated_at, id)`:
    /// up to `limit` rows from `seek`, in display order (see [`crate::paging::page`]).
    async fn citizen_applications(
        &self,
        citizen_id: i64,
        seek: &crate::paging::Seek<(i64, i64)>,
        limit: u32,
    ) -> Result<Vec<Application>, StoreError>;
    /// A page of an agency's open applications (queued to approved), the most urgent charter
    /// date first, narrowed by `filter` (`me` is the officer asking, for "mine"): up to `limit`
    /// rows after `filter.after`, or up to `limit` rows just before `filter.before`, always in
    /// queue order.
    async fn agency_queue(
        &self,
        agency_code: &str,
        me: i64,
        filter: &crate::staff::queue::QueueFilter,
        t: &crate::staff::queue::Thresholds,
        limit: u32,
    ) -> Result<Vec<QueueRow>, StoreError>;
    /// How many of an agency's open applications stand at each charter status (from counters
    /// kept with every change, not by counting the applications).
    async fn queue_counts(
        &self,
        agency_code: &str,
        t: &crate::staff::queue::Thresholds,
    ) -> Result<Vec<(crate::staff::queue::CharterStatus, i64)>, StoreError>;
    /// An agency's activity since `since` (unix seconds), by day in EAT: submissions,
    /// decisions (and how many kept the charter, and their total time), and ratings 1-5.
    async fn agency_performance(
        &self,
        agency_code: &str,
        since: i64,
    ) -> Result<(Vec<crate::staff::performance::DayFigures>, [i64; 5]), StoreError>;
    /// The officers and admins of an agency who may be given its applications: id and name.
    async fn deciders_of_agency(&self, agency_code: &str) -> Result<Vec<(i64, String)>, StoreError>;
    /// Gives the application to `to` (or to nobody) if it is still with `expected`; `false`
    /// when someone else changed who has it first.
    async fn assign_application(
        &self,
        application_id: i64,
        expected: Option<i64>,
        to: Option<i64>,
    ) -> Result<bool, StoreError>;
    /// Applies a transition atomically; `Conflict` if the application moved on meanwhile.
    async fn transition(&self, t: &Transition) -> Result<(), StoreError>;
    /// An application's history, oldest first.
    async fn events_of_application(&self, application_id: i64) -> Result<Vec<ApplicationEvent>, StoreError>;
    /// An issued document by its number.
    async fn document(&self, number: &str) -> Result<Option<super::documents::IssuedDocument>, StoreError>;
    /// The document issued for an application.
    async fn document_of_application(
        &self,
        application_id: i64,
    ) -> Result<Option<super::documents::IssuedDocument>, StoreError>;
    /// An application's invoice.
    async fn invoice_of(&self, application_id: i64) -> Result<Option<Invoice>, StoreError>;
    /// Applications awaiting payment whose bill expired by `now` with nothing paid and no
    /// payment attempt still open.
    async fn applications_to_expire(&self, now: i64, limit: u32) -> Result<Vec<Application>, StoreError>;
    /// Applications whose charter date is before `today` (ISO) while the agency owes the next
    /// step, oldest date first, up to `limit`.
    async fn applications_past_due(&self, today: &str, limit: u32) -> Result<Vec<Application>, StoreError>;
}

/// Storage for the documents citizens upload with their applications.
#[async_trait]
pub trait UploadStore: Send + Sync {
    /// Stores (or replaces) a draft's upload for `upload.code` and moves the draft to a new
    /// version, so a submission that read the old uploads fails instead of hashing stale ones;
    /// `Conflict` unless the application is still a draft at `expected_version`.
    async fn put_upload(
        &self,
        application_id: i64,
        expected_version: i64,
        upload: &super::uploads::UploadMeta,
        content: &[u8],
    ) -> Result<(), StoreError>;
    /// An application's uploads, without their content, by code.
    async fn uploads_of(&self, application_id: i64) -> Result<Vec<super::uploads::UploadMeta>, StoreError>;
    /// One upload with its content.
    async fn upload_content(
        &self,
        application_id: i64,
        code: &str,
    ) -> Result<Option<(super::uploads::UploadMeta, Vec<u8>)>, StoreError>;
}
