//! With the database down, readiness says so and the catalogue keeps being served from memory.

use crate::helpers::{TestApp, connect, fixture, sqlite_db};
use app::accounts::ports::{
    Account, AccountKey, AccountStore, AuditEvent, Consent, DataAccess, NewAccount, SendKey, SessionRecord,
    StoredChallenge,
};
use app::catalogue::model::{Agency, Service};
use app::catalogue::ports::{CatalogueBatch, CatalogueStore, ImportSummary};
use app::store::{Store, StoreError};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

/// A store whose database can be switched off mid-test. Account calls go to a real SQLite
/// store while up, so sign-in flows can be exercised against an outage too.
pub struct Flaky {
    pub data: CatalogueBatch,
    pub down: AtomicBool,
    pub inner: Arc<dyn Store>,
    /// How many of the next writes of a drawn bill or receipt number are refused as taken.
    pub clashes: AtomicU32,
}

macro_rules! delegate {
    ($tr:path { $( fn $name:ident(&self $(, $arg:ident : $ty:ty)* ) -> $ret:ty; )* }) => {
        #[async_trait::async_trait]
        impl $tr for Flaky {
            $(
                async fn $name(&self $(, $arg: $ty)*) -> Result<$ret, StoreError> {
                    self.check_call(stringify!($name))?;
                    self.inner.$name($($arg),*).await
                }
            )*
        }
    };
}

delegate! { AccountStore {
    fn create_account(&self, account: &NewAccount, consent: &Consent) -> i64;
    fn find_account(&self, key: AccountKey<'_>) -> Option<Account>;
    fn note_failure(&self, account_id: i64, now: i64) -> u32;
    fn clear_failures(&self, account_id: i64) -> ();
    fn set_password(&self, account_id: i64, password_hash: &str) -> ();
    fn set_phone(&self, account_id: i64, phone: &app::contact::PhoneNumber) -> ();
    fn set_email(&self, account_id: i64, email: &app::contact::EmailAddress) -> ();
    fn set_language(&self, account_id: i64, language: app::i18n::Lang) -> ();
    fn insert_session(&self, session: &SessionRecord) -> ();
    fn session(&self, token_hash: &str) -> Option<SessionRecord>;
    fn update_session(&self, session: &SessionRecord) -> ();
    fn rotate_session(&self, old_token_hash: &str, new: &SessionRecord) -> ();
    fn delete_session(&self, token_hash: &str) -> ();
    fn sessions_of(&self, account_id: i64) -> Vec<SessionRecord>;
    fn delete_sessions_of(&self, account_id: i64, keep: Option<&str>) -> u64;
    fn purge_expired_sessions(&self, now: i64) -> u64;
    fn insert_challenge(&self, challenge: &StoredChallenge) -> ();
    fn latest_challenge(&self, session_hash: &str, purpose: app::accounts::otp::Purpose) -> Option<StoredChallenge>;
    fn add_attempt(&self, challenge_id: &str) -> ();
    fn consume_challenge(&self, challenge_id: &str, now: i64) -> bool;
    fn recent_sends(&self, key: SendKey<'_>, since: i64) -> Vec<i64>;
    fn record_event(&self, event: &AuditEvent) -> ();
    fn events_of(&self, account_id: i64, limit: u32) -> Vec<AuditEvent>;
    fn audit_page(&self, kind: Option<&str>, account_id: Option<i64>, before: Option<i64>, limit: u32) -> Vec<app::accounts::ports::AuditEntry>;
    fn audit_seek(&self, kind: Option<&str>, account_id: Option<i64>, seek: &app::paging::Seek<i64>, limit: u32) -> Vec<app::accounts::ports::AuditEntry>;
    fn record_access(&self, access: &DataAccess) -> ();
    fn accesses_of(&self, citizen_id: i64, limit: u32) -> Vec<DataAccess>;
    fn record_consent(&self, consent: &Consent) -> ();
    fn consents_of(&self, account_id: i64) -> Vec<Consent>;
}}

delegate! { app::applications::ports::ApplicationStore {
    fn create_draft(&self, draft: &app::applications::ports::NewDraft) -> i64;
    fn save_draft(&self, application_id: i64, expected_version: i64, variant_code: &str, answers: &app::applications::form::Answers, now: i64) -> ();
    fn application(&self, reference: &str) -> Option<app::applications::ports::Application>;
    fn application_by_client_id(&self, citizen_id: i64, client_id: &str) -> Option<app::applications::ports::Application>;
    fn applications_of(&self, citizen_id: i64) -> Vec<app::applications::ports::Application>;
    fn citizen_applications(&self, citizen_id: i64, seek: &app::paging::Seek<(i64, i64)>, limit: u32) -> Vec<app::applications::ports::Application>;
    fn agency_queue(&self, agency_code: &str, me: i64, filter: &app::staff::queue::QueueFilter, t: &app::staff::queue::Thresholds, limit: u32) -> Vec<app::applications::ports::QueueRow>;
    fn queue_counts(&self, agency_code: &str, t: &app::staff::queue::Thresholds) -> Vec<(app::staff::queue::CharterStatus, i64)>;
    fn assign_application(&self, application_id: i64, expected: Option<i64>, to: Option<i64>) -> bool;
    fn deciders_of_agency(&self, agency_code: &str) -> Vec<(i64, String)>;
    fn agency_performance(&self, agency_code: &str, since: i64) -> (Vec<app::staff::performance::DayFigures>, [i64; 5]);
    fn transition(&self, t: &app::applications::ports::Transition) -> ();
    fn events_of_application(&self, application_id: i64) -> Vec<app::applications::ports::ApplicationEvent>;
    fn invoice_of(&self, application_id: i64) -> Option<app::applications::ports::Invoice>;
    fn applications_to_expire(&self, now: i64, limit: u32) -> Vec<app::applications::ports::Application>;
    fn applications_past_due(&self, today: &str, limit: u32) -> Vec<app::applications::ports::Application>;
    fn document(&self, number: &str) -> Option<app::applications::documents::IssuedDocument>;
    fn document_of_application(&self, application_id: i64) -> Option<app::applications::documents::IssuedDocument>;
}}

delegate! { app::payments::ports::PaymentStore {
    fn payable_invoice(&self, bill_ref: &str) -> Option<app::payments::ports::PayableInvoice>;
    fn create_attempt(&self, attempt: &app::payments::ports::NewAttempt) -> i64;
    fn attempt_accepted(&self, attempt_id: i64, checkout_request_id: &str, merchant_request_id: &str, now: i64) -> ();
    fn attempt(&self, attempt_id: i64) -> Option<app::payments::ports::Attempt>;
    fn attempt_by_checkout(&self, checkout_request_id: &str) -> Option<app::payments::ports::Attempt>;
    fn attempts_of(&self, bill_ref: &str) -> Vec<app::payments::ports::Attempt>;
    fn attempts_to_reconcile(&self, before: i64, limit: u32) -> Vec<app::payments::ports::Attempt>;
    fn unsure_attempt(&self, phone: &str, amount_minor: i64, since: i64) -> Option<app::payments::ports::Attempt>;
    fn attempt_queried(&self, attempt_id: i64, now: i64) -> ();
    fn record_callback(&self, kind: &str, dedupe_key: Option<&str>, body: &str, now: i64) -> (i64, bool);
    fn callback_outcome(&self, callback_id: i64, outcome: &str) -> ();
    fn settle(&self, s: &app::payments::ports::Settlement) -> app::payments::ports::Settled;
    fn receipt(&self, receipt_no: &str) -> Option<app::payments::ports::ReceiptView>;
    fn payments_of(&self, bill_ref: &str) -> Vec<app::payments::ports::Payment>;
    fn credit_balance(&self, citizen_id: i64) -> i64;
    fn mpesa_payments_between(&self, from: i64, to: i64) -> Vec<app::payments::ports::Payment>;
    fn settlement(&self, agency_code: &str, from: i64, to: i64) -> Vec<app::payments::ports::SettlementRow>;
    fn ledger_totals(&self) -> (i64, i64);
}}

delegate! { app::payments::agency::AgencyApiStore {
    fn create_api_key(&self, key: &app::payments::agency::NewApiKey) -> i64;
    fn api_key_by_hash(&self, key_hash: &str) -> Option<app::payments::agency::ApiKey>;
    fn create_agency_invoice(&self, invoice: &app::payments::agency::NewAgencyInvoice) -> ();
    fn earlier_request(&self, api_key_id: i64, idempotency_key: &str) -> Option<app::payments::agency::EarlierRequest>;
}}

delegate! { app::payments::webhooks::WebhookStore {
    fn claim_webhooks(&self, now: i64, claim_secs: i64, limit: u32) -> Vec<app::payments::webhooks::WebhookDelivery>;
    fn record_webhook_attempt(&self, delivery_id: i64, now: i64, result: &app::payments::webhooks::AttemptResult, next_at: Option<i64>) -> ();
    fn webhook_log(&self, api_key_id: i64, limit: u32) -> Vec<app::payments::webhooks::DeliveryLog>;
}}

delegate! { app::payments::refunds::RefundStore {
    fn request_refund(&self, r: &app::payments::refunds::NewRefund) -> Result<i64, app::payments::refunds::RefundRefusal>;
    fn decide_refund(&self, d: &app::payments::refunds::RefundDecision) -> Result<(), app::payments::refunds::RefundRefusal>;
    fn refunds_of_agency(&self, agency_code: &str, limit: u32) -> Vec<app::payments::refunds::Refund>;
}}

delegate! { app::notifications::outbox::OutboxStore {
    fn claim_notices(&self, now: i64, claim_secs: i64, limit: u32) -> Vec<app::notifications::outbox::Notice>;
    fn record_notice_attempts(&self, now: i64, results: &[app::notifications::outbox::NoticeResult]) -> ();
    fn notice_counts(&self) -> Vec<(String, i64)>;
    fn unexplained_report(&self, recipient: &str, phone: &str, since: i64) -> Option<app::notifications::outbox::UnexplainedReport>;
    fn record_direct_send(&self, message_id: &str, phone: &str, now: i64) -> ();
}}

delegate! { app::applications::ports::UploadStore {
    fn put_upload(&self, application_id: i64, expected_version: i64, upload: &app::applications::uploads::UploadMeta, content: &[u8]) -> ();
    fn uploads_of(&self, application_id: i64) -> Vec<app::applications::uploads::UploadMeta>;
    fn upload_content(&self, application_id: i64, code: &str) -> Option<(app::applications::uploads::UploadMeta, Vec<u8>)>;
}}

delegate! { app::notifications::ports::MessageStore {
    fn record_delivery_report(&self, report: &app::notifications::ports::DeliveryReport, outcome: Option<&'static str>, now: i64) -> bool;
    fn record_inbound(&self, sms: &app::notifications::ports::InboundSms, reply: Option<&app::notifications::outbox::NewNotice>, rating: Option<&app::notifications::ports::NewRating>) -> bool;
    fn replies_since(&self, phone: &str, since: i64) -> i64;
    fn inbound_reply(&self, provider_id: &str) -> Option<(String, String)>;
    fn rateable_application(&self, phone: &str, since: i64) -> Option<app::applications::ports::Application>;
    fn rating_of(&self, application_id: i64) -> Option<i64>;
    fn notices_of(&self, citizen_id: i64, limit: u32) -> Vec<app::notifications::ports::NoticeRecord>;
    fn notices_page(&self, citizen_id: i64, seek: &app::paging::Seek<(i64, i64)>, limit: u32) -> Vec<app::notifications::ports::NoticeRecord>;
}}

delegate! { app::appointments::ports::AppointmentStore {
    fn add_offices(&self, offices: &[app::appointments::ports::Office]) -> usize;
    fn offices_of_agency(&self, agency_code: &str) -> Vec<app::appointments::ports::Office>;
    fn slot_bookings(&self, office_code: &str, from: i64, to: i64) -> Vec<(i64, i64)>;
    fn book(&self, b: &app::appointments::ports::Booking) -> Result<i64, app::appointments::ports::BookingRefusal>;
    fn cancel_appointment(&self, application_id: i64, step: i64, now: i64) -> bool;
    fn queue_reminders(&self, now: i64, until: i64) -> u64;
    fn appointments_of(&self, application_id: i64) -> Vec<app::appointments::ports::Appointment>;
}}

delegate! { app::staff::fees::FeeChangeStore {
    fn propose_fee_change(&self, c: &app::staff::fees::NewFeeChange) -> i64;
    fn fee_changes_of(&self, agency_code: &str, limit: u32) -> Vec<app::staff::fees::FeeChange>;
    fn fee_change(&self, agency_code: &str, id: i64) -> Option<app::staff::fees::FeeChange>;
    fn set_fee_change_state(&self, id: i64, from: app::staff::fees::FeeChangeState, to: app::staff::fees::FeeChangeState, by: i64, note: &str, now: i64) -> bool;
    fn apply_due_fee_changes(&self, today: &str, now: i64) -> u64;
}}

delegate! { app::staff::offices::OfficeStore {
    fn office_bookings(&self, agency_code: &str, from: i64, to: i64) -> Vec<(String, i64)>;
    fn update_office(&self, u: &app::staff::offices::OfficeUpdate) -> Result<(), app::staff::offices::OfficeRefusal>;
    fn close_office_day(&self, c: &app::staff::offices::NewClosure) -> Result<(), app::staff::offices::OfficeRefusal>;
    fn reopen_office_day(&self, agency_code: &str, office_code: &str, day: &str) -> bool;
    fn agency_closures(&self, agency_code: &str, from: &str) -> Vec<app::staff::offices::Closure>;
    fn closed_days(&self, office_code: &str, from: &str, to: &str) -> Vec<String>;
}}

delegate! { app::staff::reconciliation::ReconciliationStore {
    fn open_exceptions(&self, scope: &app::staff::reconciliation::ExceptionScope) -> Vec<app::staff::reconciliation::Exception>;
    fn exception(&self, scope: &app::staff::reconciliation::ExceptionScope, kind: app::staff::reconciliation::ExceptionKind, subject_id: i64) -> Option<app::staff::reconciliation::Exception>;
    fn resolved_exceptions(&self, agency: Option<&str>, limit: u32) -> Vec<app::staff::reconciliation::Exception>;
    fn resolved_page(&self, agency: Option<&str>, seek: &app::paging::Seek<(i64, i64)>, limit: u32) -> Vec<app::staff::reconciliation::Exception>;
    fn resolve_exception(&self, r: &app::staff::reconciliation::NewResolution) -> bool;
}}

delegate! { app::staff::services::ServiceDraftStore {
    fn start_service_draft(&self, d: &app::staff::services::NewDraft) -> Result<i64, i64>;
    fn service_draft(&self, agency_code: &str, id: i64) -> Option<app::staff::services::Draft>;
    fn open_service_drafts(&self, agency_code: &str, limit: u32) -> Vec<app::staff::services::Draft>;
    fn save_service_draft(&self, id: i64, version: i64, service: &Service, by: i64, now: i64) -> bool;
    fn discard_service_draft(&self, id: i64, version: i64, by: i64, now: i64) -> bool;
    fn publish_service_draft(&self, id: i64, version: i64, service: &Service, by: i64, now: i64) -> app::staff::services::PublishOutcome;
}}

delegate! { app::staff::team::TeamStore {
    fn staff_of(&self, agency_code: &str, limit: u32) -> Vec<app::staff::team::StaffMember>;
    fn change_staff(&self, change: &app::staff::team::StaffChange) -> app::staff::team::StaffOutcome;
    fn agency_summary(&self, code: &str) -> Option<app::staff::team::AgencySummary>;
    fn agencies_page(&self, query: &str, offset: u32, limit: u32) -> (u64, Vec<app::staff::team::AgencySummary>);
    fn api_keys_of(&self, agency_code: &str) -> Vec<app::staff::team::ApiKeyInfo>;
    fn revoke_api_key(&self, agency_code: &str, key_id: i64, now: i64) -> bool;
}}

delegate! { app::status::ports::IncidentStore {
    fn open_incident(&self, incident: &app::status::model::NewIncident, notify_payers: bool) -> Result<i64, app::status::model::IncidentRefusal>;
    fn resolve_incident(&self, id: i64, resolved_by: i64, now: i64) -> Result<(), app::status::model::IncidentRefusal>;
    fn incident(&self, id: i64) -> Option<app::status::model::Incident>;
    fn incidents_since(&self, since: i64) -> Vec<app::status::model::Incident>;
}}

delegate! { app::payments::outage::PaymentWaitStore {
    fn record_payment_wait(&self, citizen_id: i64, bill_ref: &str, now: i64, keep_until: i64) -> bool;
    fn payment_wait(&self, bill_ref: &str) -> Option<app::payments::outage::PaymentWait>;
    fn oldest_payment_wait(&self) -> Option<i64>;
    fn hold_waiting_bills(&self, at_least: i64, until: i64) -> u64;
    fn latest_accepted_push(&self) -> Option<(i64, String)>;
    fn claim_payment_probe(&self, now: i64, every_secs: i64) -> bool;
    fn release_payment_waits(&self, before: i64, now: i64, limit: u32) -> app::payments::outage::Released;
}}

impl Flaky {
    /// `check`, and for the writes that carry a drawn number, a clash while any are left.
    fn check_call(&self, name: &str) -> Result<(), StoreError> {
        self.check()?;
        if matches!(name, "settle" | "transition" | "create_agency_invoice")
            && self.clashes.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok()
        {
            return Err(StoreError::ReferenceTaken(format!("{name}: UNIQUE constraint failed (simulated)")));
        }
        Ok(())
    }

    fn check(&self) -> Result<(), StoreError> {
        if self.down.load(Ordering::SeqCst) {
            Err(StoreError::Unavailable("connection refused".into()))
        } else {
            Ok(())
        }
    }
}

delegate! { app::payments::tokens::SharedTokenStore {
    fn shared_token(&self, key: &str) -> Option<app::payments::tokens::SharedToken>;
    fn lease_shared_token(&self, key: &str) -> Box<dyn app::payments::tokens::TokenLease>;
}}

#[async_trait::async_trait]
impl CatalogueStore for Flaky {
    async fn import_catalogue(&self, _: &CatalogueBatch) -> Result<ImportSummary, StoreError> {
        self.check()?;
        Ok(ImportSummary::default())
    }
    async fn load_catalogue(&self) -> Result<(Vec<Agency>, Vec<Service>), StoreError> {
        self.check()?;
        Ok((self.data.agencies.clone(), self.data.services.clone()))
    }
    async fn catalogue_version(&self) -> Result<i64, StoreError> {
        self.check()?;
        Ok(1)
    }
    async fn catalogue_counts(&self) -> Result<(u64, u64), StoreError> {
        self.check()?;
        Ok((self.data.agencies.len() as u64, self.data.services.len() as u64))
    }
}

#[async_trait::async_trait]
impl Store for Flaky {
    async fn ping(&self) -> Result<(), StoreError> {
        self.check()
    }
    fn backend(&self) -> &'static str {
        "sqlite"
    }
}

#[tokio::test]
async fn database_outage_keeps_the_catalogue_up() {
    let db = sqlite_db();
    let store = Arc::new(Flaky {
        data: fixture(),
        down: AtomicBool::new(false),
        inner: connect(&db).await,
        clashes: Default::default(),
    });
    let app = TestApp::spawn(store.clone(), Some(db)).await;
    assert_eq!(app.get_json("/readyz").await.0, 200);

    store.down.store(true, Ordering::SeqCst);
    let (status, body) = app.get_json("/readyz").await;
    assert_eq!(status, 503);
    assert_eq!(body["reason"], "the database is unreachable");
    assert!(!body.to_string().contains("connection refused"), "internal causes are not exposed: {body}");

    assert_eq!(app.get_text("/").await.0, 200);
    let (status, html) = app.get_text("/services/immigration-passport-ordinary").await;
    assert_eq!(status, 200);
    assert!(html.contains("KSh 4,600"));
    let (status, body) = app.get_json("/v1/services?q=passport").await;
    assert_eq!((status, body["total"].as_u64()), (200, Some(1)));
    assert_eq!(app.get_json("/healthz").await.0, 200, "the process itself is alive");
}
