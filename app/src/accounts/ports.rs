//! The accounts half of the store contract: accounts, sessions, one-time-code challenges, the
//! audit log, the "who viewed my data" log and consent records.

use super::identity::DocumentKind;
use super::model::{AccountType, Role};
use super::otp::{Channel, Purpose};
use crate::contact::{EmailAddress, PhoneNumber};
use crate::store::StoreError;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// A new account, ready to store.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// How the person identified.
    pub account_type: AccountType,
    /// What they may do.
    pub role: Role,
    /// Staff's agency code.
    pub agency: Option<String>,
    /// Identity document kind.
    pub document_kind: DocumentKind,
    /// Identity document number (normalised).
    pub document_number: String,
    /// Given names as registered.
    pub first_name: String,
    /// Other names as registered.
    pub other_names: String,
    /// Year of birth as registered.
    pub year_of_birth: u16,
    /// Verified mobile number.
    pub phone: PhoneNumber,
    /// Verified email address.
    pub email: Option<EmailAddress>,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Unix seconds.
    pub created_at: i64,
    /// The language their messages are written in.
    pub language: crate::i18n::Lang,
}

/// A stored account.
#[derive(Debug, Clone)]
pub struct Account {
    /// Database id.
    pub id: i64,
    /// How the person identified.
    pub account_type: AccountType,
    /// What they may do.
    pub role: Role,
    /// Staff's agency code.
    pub agency: Option<String>,
    /// Identity document kind.
    pub document_kind: DocumentKind,
    /// Identity document number.
    pub document_number: String,
    /// Given names.
    pub first_name: String,
    /// Other names.
    pub other_names: String,
    /// Year of birth.
    pub year_of_birth: u16,
    /// Mobile number.
    pub phone: PhoneNumber,
    /// Email address.
    pub email: Option<EmailAddress>,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Consecutive failed sign-in steps.
    pub failed_attempts: u32,
    /// Unix seconds before which no sign-in attempt is accepted.
    pub locked_until: i64,
    /// Unix seconds.
    pub created_at: i64,
    /// The language they chose; their SMS and emails are written in it.
    pub language: crate::i18n::Lang,
}

impl Account {
    /// "First Other".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.other_names).trim().to_string()
    }
}

/// How to find an account.
#[derive(Debug, Clone, Copy)]
pub enum AccountKey<'a> {
    /// By database id.
    Id(i64),
    /// By identity document.
    Document(DocumentKind, &'a str),
    /// By what someone types in the sign-in box: a document number of any kind, or an email.
    LoginName(&'a str),
}

/// Where a session is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Sign-up: identity checked, contact details not yet given.
    SignupContact,
    /// Sign-up: waiting for the phone code.
    SignupPhone,
    /// Sign-up: waiting for the email code.
    SignupEmail,
    /// Password accepted, waiting for the one-time code.
    LoginCode,
    /// Password reset: waiting for the code.
    ResetCode,
    /// Password reset: code accepted, waiting for the new password.
    ResetPassword,
    /// Signed in.
    Active,
}

impl Stage {
    /// Stable name in storage.
    pub fn code(self) -> &'static str {
        match self {
            Stage::SignupContact => "signup_contact",
            Stage::SignupPhone => "signup_phone",
            Stage::SignupEmail => "signup_email",
            Stage::LoginCode => "login_code",
            Stage::ResetCode => "reset_code",
            Stage::ResetPassword => "reset_password",
            Stage::Active => "active",
        }
    }

    /// Parses [`Stage::code`].
    pub fn from_code(s: &str) -> Option<Self> {
        [
            Stage::SignupContact,
            Stage::SignupPhone,
            Stage::SignupEmail,
            Stage::LoginCode,
            Stage::ResetCode,
            Stage::ResetPassword,
            Stage::Active,
        ]
        .into_iter()
        .find(|s2| s2.code() == s)
    }
}

/// A session row. The cookie holds a random token; only its SHA-256 is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    /// Hex SHA-256 of the cookie token.
    pub token_hash: String,
    /// Random id shown in "my sessions" and used to revoke (never the token).
    pub public_id: String,
    /// The account, once known.
    pub account_id: Option<i64>,
    /// Where the session is.
    pub stage: Stage,
    /// JSON with the stage's pending details (sign-up answers, chosen channel).
    pub data: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds of the last request.
    pub last_seen_at: i64,
    /// Unix seconds; the absolute end.
    pub expires_at: i64,
    /// Unix seconds of the last full sign-in (password + code), for "fresh login" checks.
    pub authenticated_at: Option<i64>,
    /// Browser description, for "my sessions".
    pub user_agent: String,
    /// Client address at creation.
    pub client_ip: String,
}

/// A one-time code as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredChallenge {
    /// The rules' view.
    pub challenge: super::otp::Challenge,
    /// Account it was sent for, if known.
    pub account_id: Option<i64>,
    /// SMS or email.
    pub channel: Channel,
    /// Phone number or email address it went to.
    pub destination: String,
    /// Client address that asked for it.
    pub client_ip: String,
    /// Unix seconds.
    pub created_at: i64,
}

/// Which sends to count for the send limits.
#[derive(Debug, Clone, Copy)]
pub enum SendKey<'a> {
    /// One phone number or email address.
    Destination(&'a str),
    /// One account.
    Account(i64),
    /// One client address.
    ClientIp(&'a str),
}

/// A security or account event for the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// Unix seconds.
    pub at: i64,
    /// What happened (`login_failed`, `otp_wrong`, `session_revoked`, `csrf_refused`, ...).
    pub kind: String,
    /// Whose account it concerns.
    pub account_id: Option<i64>,
    /// Who did it, when not the account holder (an agent or staff member).
    pub actor_id: Option<i64>,
    /// Client address.
    pub client_ip: String,
    /// Details safe to show the account holder (never codes, passwords or tokens).
    pub detail: String,
}

/// An audit event as the platform admins' viewer shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Its id (the viewer pages by it).
    pub id: i64,
    /// The event.
    pub event: AuditEvent,
    /// The name of the account it concerns.
    pub account_name: Option<String>,
    /// The name of who did it.
    pub actor_name: Option<String>,
}

/// One read of a citizen's record by someone else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataAccess {
    /// Unix seconds.
    pub at: i64,
    /// Whose record.
    pub citizen_id: i64,
    /// Who read it.
    pub viewer_id: i64,
    /// Their name as shown to the citizen.
    pub viewer_name: String,
    /// Their role.
    pub viewer_role: Role,
    /// Their agency, if staff.
    pub agency: Option<String>,
    /// What was read and why, in words the citizen understands.
    pub what: String,
}

/// A consent given or withdrawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    /// Account.
    pub account_id: i64,
    /// What it covers (`terms_and_privacy`, `sms_updates`, ...).
    pub purpose: String,
    /// Version of the notice agreed to.
    pub version: String,
    /// Unix seconds.
    pub granted_at: i64,
    /// Unix seconds, if withdrawn.
    pub withdrawn_at: Option<i64>,
}

/// Storage for everything account-related.
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Creates an account with its first consent record; `Conflict` if the document or email is taken.
    async fn create_account(&self, account: &NewAccount, consent: &Consent) -> Result<i64, StoreError>;
    /// Looks an account up.
    async fn find_account(&self, key: AccountKey<'_>) -> Result<Option<Account>, StoreError>;
    /// Counts one more consecutive failure and sets the wait before the next attempt; returns the count.
    async fn note_failure(&self, account_id: i64, now: i64) -> Result<u32, StoreError>;
    /// Clears the failure count after a full successful sign-in.
    async fn clear_failures(&self, account_id: i64) -> Result<(), StoreError>;
    /// Replaces the password hash.
    async fn set_password(&self, account_id: i64, password_hash: &str) -> Result<(), StoreError>;
    /// Replaces the phone number.
    async fn set_phone(&self, account_id: i64, phone: &PhoneNumber) -> Result<(), StoreError>;
    /// Replaces the email; `Conflict` if another account has it.
    async fn set_email(&self, account_id: i64, email: &EmailAddress) -> Result<(), StoreError>;
    /// Remembers the language the person chose.
    async fn set_language(&self, account_id: i64, language: crate::i18n::Lang) -> Result<(), StoreError>;

    /// Stores a new session.
    async fn insert_session(&self, session: &SessionRecord) -> Result<(), StoreError>;
    /// Reads a session by token hash.
    async fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>, StoreError>;
    /// Writes a session's mutable fields (stage, account, data, times).
    async fn update_session(&self, session: &SessionRecord) -> Result<(), StoreError>;
    /// Replaces one session by another in one transaction (new id on sign-in).
    async fn rotate_session(&self, old_token_hash: &str, new: &SessionRecord) -> Result<(), StoreError>;
    /// Ends a session.
    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;
    /// The account's sessions, newest first.
    async fn sessions_of(&self, account_id: i64) -> Result<Vec<SessionRecord>, StoreError>;
    /// Ends all the account's sessions except `keep`; returns how many ended.
    async fn delete_sessions_of(&self, account_id: i64, keep: Option<&str>) -> Result<u64, StoreError>;
    /// Removes sessions past their absolute end; returns how many.
    async fn purge_expired_sessions(&self, now: i64) -> Result<u64, StoreError>;

    /// Stores a new one-time-code challenge.
    async fn insert_challenge(&self, challenge: &StoredChallenge) -> Result<(), StoreError>;
    /// The newest challenge for a session and purpose.
    async fn latest_challenge(
        &self,
        session_hash: &str,
        purpose: Purpose,
    ) -> Result<Option<StoredChallenge>, StoreError>;
    /// Counts one wrong try on a challenge.
    async fn add_attempt(&self, challenge_id: &str) -> Result<(), StoreError>;
    /// Marks a challenge used; `false` if it was already used (so two racing requests cannot both pass).
    async fn consume_challenge(&self, challenge_id: &str, now: i64) -> Result<bool, StoreError>;
    /// Send times (unix seconds) for a key since `since`.
    async fn recent_sends(&self, key: SendKey<'_>, since: i64) -> Result<Vec<i64>, StoreError>;

    /// Appends to the audit log.
    async fn record_event(&self, event: &AuditEvent) -> Result<(), StoreError>;
    /// The audit events concerning an account, newest first.
    async fn events_of(&self, account_id: i64, limit: u32) -> Result<Vec<AuditEvent>, StoreError>;
    /// A page of the whole audit log, newest first: of one kind and/or about one account, with
    /// ids below `before`. Each event comes with its id and the names of its account and actor.
    async fn audit_page(
        &self,
        kind: Option<&str>,
        account_id: Option<i64>,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let seek = before.map_or(crate::paging::Seek::First, crate::paging::Seek::Before);
        self.audit_seek(kind, account_id, &seek, limit).await
    }
    /// A page of the audit log, newest first by id, of one kind and/or about one account: up
    /// to `limit` events from `seek`, in display order (see [`crate::paging::page`]).
    async fn audit_seek(
        &self,
        kind: Option<&str>,
        account_id: Option<i64>,
        seek: &crate::paging::Seek<i64>,
        limit: u32,
    ) -> Result<Vec<AuditEntry>, StoreError>;
    /// Logs a read of a citizen's record.
    async fn record_access(&self, access: &DataAccess) -> Result<(), StoreError>;
    /// Reads of a citizen's record, newest first.
    async fn accesses_of(&self, citizen_id: i64, limit: u32) -> Result<Vec<DataAccess>, StoreError>;
    /// Records a consent decision.
    async fn record_consent(&self, consent: &Consent) -> Result<(), StoreError>;
    /// An account's consent records, newest first.
    async fn consents_of(&self, account_id: i64) -> Result<Vec<Consent>, StoreError>;
}
