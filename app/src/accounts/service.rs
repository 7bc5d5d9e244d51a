//! The sign-up, sign-in, code and reset flows. Server functions stay thin (authorise, call one
//! of these, apply the outcome); these functions hold the order of steps and talk to the ports.

use super::identity::{DocumentKind, IdentityCheck, IdentityClaim};
use super::model::{AccountType, Role};
use super::otp::{self, Channel, Purpose, Verdict};
use super::password::{PasswordProblem, check_new_password, hash_password, verify_password};
use super::ports::{
    Account, AccountKey, AuditEvent, Consent, NewAccount, SendKey, SessionRecord, Stage, StoredChallenge,
};
use super::session::{
    Caller, ClientInfo, CurrentSession, PENDING_TTL_SECS, absolute_lifetime_secs, clearing_cookie, new_session,
    session_cookie,
};
use super::throttle::{PER_ACCOUNT, PER_DESTINATION, send_retry_after};
use crate::contact::{EmailAddress, PhoneNumber};
use crate::error::{AppError, Problem};
use crate::i18n::Lang;
use crate::notifications::ports::GatewayError;
use crate::notifications::service::send_direct_sms;
use crate::ssr::AppState;
use crate::store::StoreError;
use serde::{Deserialize, Serialize};

/// Version of the terms and privacy notice people agree to at sign-up.
pub const TERMS_VERSION: &str = "2026-11";

/// Where the browser goes next, and the cookie to set on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextStep {
    /// Path to redirect to.
    pub to: String,
    /// `Set-Cookie` value, if the session changed.
    pub cookie: Option<String>,
}

impl NextStep {
    fn to(path: &str) -> Self {
        NextStep { to: path.into(), cookie: None }
    }
}

/// What a pending session remembers between steps.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Pending {
    /// Sign-up: account type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_type: Option<AccountType>,
    /// Sign-up: document kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_kind: Option<DocumentKind>,
    /// Sign-up: document number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_number: Option<String>,
    /// Sign-up: registered first name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Sign-up: registered other names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_names: Option<String>,
    /// Sign-up: year of birth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_of_birth: Option<u16>,
    /// Sign-up: phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<PhoneNumber>,
    /// Sign-up: email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<EmailAddress>,
    /// Sign-up: argon2id hash of the chosen password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_hash: Option<String>,
    /// Sign-in and reset: where the code goes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// Sign-in and reset: masked destination, for the code page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_to: Option<String>,
    /// Sign-in: the account page to return to afterwards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Signed in: a new phone number waiting for its code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_phone: Option<PhoneNumber>,
    /// Signed in: a new email address waiting for its code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_email: Option<EmailAddress>,
    /// Agent: the citizen asked to consent, waiting for their code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assist_pending: Option<i64>,
    /// Agent: the citizen they may act for, and until when (unix seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assist: Option<(i64, i64)>,
}

impl Pending {
    /// Reads a session's pending data (empty if unreadable).
    pub fn of(record: &SessionRecord) -> Pending {
        serde_json::from_str(&record.data).unwrap_or_default()
    }

    fn json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }
}

/// Maps store failures to what users see: an outage is "try again", anything else is logged as ours.
pub fn store_err(e: StoreError) -> AppError {
    match e {
        StoreError::Unavailable(m) => AppError::unavailable(m),
        // Every draw clashed (about 3 in a billion writes): nothing was written, so the
        // person is asked to try again rather than told something broke.
        StoreError::ReferenceTaken(m) => AppError::unavailable(m),
        other => AppError::internal(other),
    }
}

/// Writes a security or administrative event to the audit log (and the security log); a
/// failed write is logged, never shown to the person acting.
pub(crate) async fn audit(
    state: &AppState,
    kind: &str,
    account: Option<i64>,
    actor: Option<i64>,
    client: &ClientInfo,
    detail: String,
) {
    let event = AuditEvent {
        at: state.clock.now(),
        kind: kind.into(),
        account_id: account,
        actor_id: actor,
        client_ip: client.ip.clone(),
        detail,
    };
    tracing::info!(target: "security", kind, account, actor, ip = %client.ip, "audit");
    if let Err(e) = state.store.record_event(&event).await {
        tracing::error!(error = %e, kind, "audit log write failed");
    }
}

fn password_problem(p: PasswordProblem) -> Problem {
    match p {
        PasswordProblem::TooShort => Problem::PasswordTooShort,
        PasswordProblem::TooLong => Problem::PasswordTooLong,
        PasswordProblem::TooCommon => Problem::PasswordTooCommon,
        PasswordProblem::SameAsDetails => Problem::PasswordSameAsDetails,
    }
}

fn current_year(now: i64) -> u16 {
    // Good to the day for the purpose of a year-of-birth range.
    (1970 + now / 31_556_952) as u16
}

/// Step 1 of sign-up: check who the person is with the registry and open a sign-up session.
pub async fn signup_identity(
    state: &AppState,
    caller: &Caller,
    account_type: &str,
    document_kind: Option<&str>,
    document_number: &str,
    first_name: &str,
    year_of_birth: &str,
) -> Result<NextStep, AppError> {
    let now = state.clock.now();
    let account_type = AccountType::from_code(account_type.trim()).ok_or(Problem::AccountTypeMissing)?;
    // Business representatives identify with a national or an alien ID; unless the form says
    // which, each accepted kind is tried in turn with the registry.
    let kinds: Vec<DocumentKind> = match document_kind.map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => DocumentKind::from_code(k).filter(|k| account_type.documents().contains(k)).into_iter().collect(),
        None => account_type.documents().to_vec(),
    };
    let candidates: Vec<(DocumentKind, String)> =
        kinds.into_iter().filter_map(|k| k.normalise(document_number).map(|n| (k, n))).collect();
    if candidates.is_empty() {
        return Err(Problem::DocumentNumberInvalid.into());
    }
    let first_name = first_name.trim();
    if first_name.is_empty() || first_name.chars().count() > 60 {
        return Err(Problem::FirstNameMissing.into());
    }
    let year: u16 = year_of_birth.trim().parse().map_err(|_| Problem::YearOfBirthInvalid)?;
    if !(1900..=current_year(now)).contains(&year) {
        return Err(Problem::YearOfBirthInvalid.into());
    }
    let mut found = None;
    for (kind, number) in candidates {
        if state.store.find_account(AccountKey::Document(kind, &number)).await.map_err(store_err)?.is_some() {
            return Err(Problem::AccountExists.into());
        }
        let claim = IdentityClaim { kind, number: number.clone(), first_name: first_name.into(), year_of_birth: year };
        match state.identity.verify(&claim).await {
            Ok(IdentityCheck::Match(p)) => {
                found = Some((kind, number, p));
                break;
            }
            Ok(IdentityCheck::NoMatch) => {}
            Err(e) => return Err(AppError::unavailable(format!("identity registry: {e}"))),
        }
    }
    let Some((kind, number, person)) = found else {
        audit(state, "identity_not_confirmed", None, None, &caller.client, account_type.code().to_string()).await;
        return Err(Problem::IdentityNotConfirmed.into());
    };
    let pending = Pending {
        account_type: Some(account_type),
        document_kind: Some(kind),
        document_number: Some(number),
        first_name: Some(person.first_name),
        other_names: Some(person.other_names),
        year_of_birth: Some(person.year_of_birth),
        ..Pending::default()
    };
    let (token, mut record) = new_session(Stage::SignupContact, None, now, PENDING_TTL_SECS, &caller.client);
    record.data = pending.json();
    replace_session(state, caller, &record).await?;
    Ok(NextStep { to: "/signup/contact".into(), cookie: Some(session_cookie(&token, false)) })
}

/// Stores a brand-new session, ending the caller's previous one (never two live at once).
async fn replace_session(state: &AppState, caller: &Caller, record: &SessionRecord) -> Result<(), AppError> {
    if let Some(old) = &caller.session {
        state.store.delete_session(&old.record.token_hash).await.map_err(store_err)?;
    }
    state.store.insert_session(record).await.map_err(store_err)
}

fn pending_session(caller: &Caller, stages: &[Stage]) -> Result<CurrentSession, AppError> {
    caller.session.clone().filter(|s| stages.contains(&s.record.stage)).ok_or(Problem::StepExpired.into())
}

/// Step 2 of sign-up: contact details and password; sends the phone code.
pub async fn signup_contact(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    phone: &str,
    email: &str,
    password: &str,
    accept_terms: bool,
) -> Result<NextStep, AppError> {
    let session = pending_session(caller, &[Stage::SignupContact, Stage::SignupPhone, Stage::SignupEmail])?;
    let mut pending = Pending::of(&session.record);
    let phone = PhoneNumber::parse(phone).map_err(|_| Problem::PhoneInvalid)?;
    let email = match email.trim() {
        "" => None,
        e => Some(EmailAddress::parse(e).map_err(|_| Problem::EmailInvalid)?),
    };
    if let Some(e) = &email
        && state.store.find_account(AccountKey::LoginName(e.as_str())).await.map_err(store_err)?.is_some()
    {
        return Err(Problem::EmailTaken.into());
    }
    let number = pending.document_number.clone().unwrap_or_default();
    let personal = [number.as_str(), phone.as_str(), email.as_ref().map(|e| e.as_str()).unwrap_or("")];
    check_new_password(password, &personal).map_err(password_problem)?;
    if !accept_terms {
        return Err(Problem::ConsentMissing.into());
    }
    let hash = hash_password(password.to_string()).await.map_err(AppError::internal)?;
    pending.phone = Some(phone.clone());
    pending.email = email;
    pending.password_hash = Some(hash);
    pending.sent_to = Some(phone.masked());
    let mut record = session.record.clone();
    record.stage = Stage::SignupPhone;
    record.data = pending.json();
    state.store.update_session(&record).await.map_err(store_err)?;
    send_code(state, caller, lang, &record, None, Purpose::SignupPhone, Channel::Sms, phone.as_str()).await?;
    Ok(NextStep::to("/verify"))
}

/// Where a sign-in may return to: our own account, application and apply pages only, never
/// another site (no open redirect).
pub fn safe_next(path: &str) -> bool {
    let plain = path.len() <= 120
        && path.starts_with('/')
        && !path.starts_with("//")
        && path.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_'));
    let apply = path
        .strip_prefix("/services/")
        .and_then(|rest| rest.strip_suffix("/apply"))
        .is_some_and(|code| !code.is_empty() && !code.contains('/'));
    plain && (apply || matches!(path, "/account/contact" | "/account/sessions" | "/account/privacy" | "/applications"))
}

/// Step 1 of sign-in: password, then a code by the chosen channel.
pub async fn login(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    login: &str,
    password: &str,
    channel: &str,
    next: Option<&str>,
) -> Result<NextStep, AppError> {
    let now = state.clock.now();
    // Only our own account pages: never an open redirect.
    let next = next.map(str::trim).filter(|n| safe_next(n));
    let channel = Channel::from_code(channel.trim()).unwrap_or(Channel::Sms);
    let login = login.trim();
    if login.is_empty() || password.is_empty() || login.len() > 254 || password.chars().count() > 1024 {
        return Err(Problem::WrongCredentials.into());
    }
    let account = state.store.find_account(AccountKey::LoginName(login)).await.map_err(store_err)?;
    if let Some(a) = &account
        && a.locked_until > now
    {
        audit(state, "login_while_waiting", Some(a.id), None, &caller.client, String::new()).await;
        return Err(Problem::AccountWaiting { wait_secs: a.locked_until - now }.into());
    }
    let ok = verify_password(password.to_string(), account.as_ref().map(|a| a.password_hash.clone())).await;
    let account = match account {
        Some(a) if ok => a,
        unknown_or_wrong => {
            if let Some(a) = unknown_or_wrong {
                let failures = state.store.note_failure(a.id, now).await.map_err(store_err)?;
                audit(
                    state,
                    "login_failed",
                    Some(a.id),
                    None,
                    &caller.client,
                    format!("wrong password ({failures} in a row)"),
                )
                .await;
            }
            return Err(Problem::WrongCredentials.into());
        }
    };
    let destination = match channel {
        Channel::Sms => account.phone.as_str().to_string(),
        Channel::Email => account.email.as_ref().ok_or(Problem::NoEmailOnAccount)?.as_str().to_string(),
    };
    let pending = Pending {
        channel: Some(channel),
        sent_to: Some(masked(channel, &destination)),
        next: next.map(str::to_string),
        ..Pending::default()
    };
    let (token, mut record) = new_session(Stage::LoginCode, Some(account.id), now, PENDING_TTL_SECS, &caller.client);
    record.data = pending.json();
    replace_session(state, caller, &record).await?;
    send_code(state, caller, lang, &record, Some(account.id), Purpose::Login, channel, &destination).await?;
    Ok(NextStep { to: "/verify".into(), cookie: Some(session_cookie(&token, account.role.is_staff())) })
}

fn masked(channel: Channel, destination: &str) -> String {
    match channel {
        Channel::Sms => PhoneNumber::parse(destination).map(|p| p.masked()).unwrap_or_default(),
        Channel::Email => EmailAddress::parse(destination).map(|e| e.masked()).unwrap_or_default(),
    }
}

/// Starts a password reset: a code to the account's phone or email.
pub async fn reset_start(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    login: &str,
    channel: &str,
) -> Result<NextStep, AppError> {
    let now = state.clock.now();
    let channel = Channel::from_code(channel.trim()).unwrap_or(Channel::Sms);
    let login = login.trim();
    if login.is_empty() || login.len() > 254 {
        return Err(Problem::NoSuchCitizen.into());
    }
    let account = state
        .store
        .find_account(AccountKey::LoginName(login))
        .await
        .map_err(store_err)?
        .ok_or(Problem::NoSuchCitizen)?;
    if account.locked_until > now {
        return Err(Problem::AccountWaiting { wait_secs: account.locked_until - now }.into());
    }
    let destination = match channel {
        Channel::Sms => account.phone.as_str().to_string(),
        Channel::Email => account.email.as_ref().ok_or(Problem::NoEmailOnAccount)?.as_str().to_string(),
    };
    let pending =
        Pending { channel: Some(channel), sent_to: Some(masked(channel, &destination)), ..Pending::default() };
    let (token, mut record) = new_session(Stage::ResetCode, Some(account.id), now, PENDING_TTL_SECS, &caller.client);
    record.data = pending.json();
    replace_session(state, caller, &record).await?;
    send_code(state, caller, lang, &record, Some(account.id), Purpose::PasswordReset, channel, &destination).await?;
    Ok(NextStep { to: "/verify".into(), cookie: Some(session_cookie(&token, false)) })
}

/// The purpose of the code a session is waiting for, if any.
pub fn purpose_of(record: &SessionRecord) -> Option<Purpose> {
    match record.stage {
        Stage::SignupPhone => Some(Purpose::SignupPhone),
        Stage::SignupEmail => Some(Purpose::SignupEmail),
        Stage::LoginCode => Some(Purpose::Login),
        Stage::ResetCode => Some(Purpose::PasswordReset),
        Stage::Active => {
            let p = Pending::of(record);
            if p.new_phone.is_some() {
                Some(Purpose::ChangePhone)
            } else if p.new_email.is_some() {
                Some(Purpose::ChangeEmail)
            } else if p.assist_pending.is_some() {
                Some(Purpose::AgentConsent)
            } else {
                None
            }
        }
        Stage::SignupContact | Stage::ResetPassword => None,
    }
}

/// Checks a one-time code for the session's current step and moves it on.
pub async fn verify_code(state: &AppState, caller: &Caller, lang: Lang, code: &str) -> Result<NextStep, AppError> {
    let now = state.clock.now();
    let session = caller.session.clone().ok_or(Problem::StepExpired)?;
    let purpose = purpose_of(&session.record).ok_or(Problem::StepExpired)?;
    let account = session.account.clone();
    if let Some(a) = &account
        && a.locked_until > now
    {
        return Err(Problem::AccountWaiting { wait_secs: a.locked_until - now }.into());
    }
    let code = otp::normalise_code(code).ok_or(Problem::CodeMalformed)?;
    let stored = state
        .store
        .latest_challenge(&session.record.token_hash, purpose)
        .await
        .map_err(store_err)?
        .ok_or(Problem::StepExpired)?;
    match otp::judge(&stored.challenge, purpose, &session.record.token_hash, &code, now) {
        Verdict::Accepted => {}
        Verdict::Wrong { attempts_left } => {
            state.store.add_attempt(&stored.challenge.id).await.map_err(store_err)?;
            let account_id = account.as_ref().map(|a| a.id);
            if let Some(id) = account_id {
                state.store.note_failure(id, now).await.map_err(store_err)?;
            }
            audit(state, "code_wrong", account_id, None, &caller.client, purpose.code().to_string()).await;
            return Err(Problem::CodeWrong { attempts_left }.into());
        }
        Verdict::Expired => return Err(Problem::CodeExpired.into()),
        Verdict::AlreadyUsed | Verdict::Exhausted => return Err(Problem::CodeUsedUp.into()),
        Verdict::NotForThis => return Err(Problem::StepExpired.into()),
    }
    if !state.store.consume_challenge(&stored.challenge.id, now).await.map_err(store_err)? {
        return Err(Problem::CodeUsedUp.into());
    }
    let mut pending = Pending::of(&session.record);
    match session.record.stage {
        Stage::SignupPhone => {
            if let Some(email) = pending.email.clone() {
                pending.sent_to = Some(email.masked());
                let mut record = session.record.clone();
                record.stage = Stage::SignupEmail;
                record.data = pending.json();
                state.store.update_session(&record).await.map_err(store_err)?;
                send_code(state, caller, lang, &record, None, Purpose::SignupEmail, Channel::Email, email.as_str())
                    .await?;
                Ok(NextStep::to("/verify"))
            } else {
                complete_signup(state, caller, &session, pending).await
            }
        }
        Stage::SignupEmail => complete_signup(state, caller, &session, pending).await,
        Stage::LoginCode => {
            let account = account.ok_or(Problem::StepExpired)?;
            state.store.clear_failures(account.id).await.map_err(store_err)?;
            let step = activate(state, caller, &session, &account).await?;
            audit(state, "login_succeeded", Some(account.id), None, &caller.client, caller.client.user_agent.clone())
                .await;
            Ok(step)
        }
        Stage::ResetCode => {
            let account = account.ok_or(Problem::StepExpired)?;
            let (token, mut record) =
                new_session(Stage::ResetPassword, Some(account.id), now, PENDING_TTL_SECS, &caller.client);
            record.data = pending.json();
            state.store.rotate_session(&session.record.token_hash, &record).await.map_err(store_err)?;
            Ok(NextStep { to: "/password/new".into(), cookie: Some(session_cookie(&token, false)) })
        }
        Stage::Active => {
            let account = account.ok_or(Problem::StepExpired)?;
            finish_active_step(state, caller, &session, &account, pending, purpose).await
        }
        Stage::SignupContact | Stage::ResetPassword => Err(Problem::StepExpired.into()),
    }
}

/// Replaces a pending session by a signed-in one with a new id (ASVS 7.2.4).
async fn activate(
    state: &AppState,
    caller: &Caller,
    session: &CurrentSession,
    account: &Account,
) -> Result<NextStep, AppError> {
    let now = state.clock.now();
    let (token, mut record) =
        new_session(Stage::Active, Some(account.id), now, absolute_lifetime_secs(account.role), &caller.client);
    record.authenticated_at = Some(now);
    state.store.rotate_session(&session.record.token_hash, &record).await.map_err(|e| match e {
        StoreError::Conflict(_) => AppError::Problem(Problem::StepExpired),
        other => store_err(other),
    })?;
    let home = if account.role == Role::Citizen { "/account" } else { "/staff" };
    let to = Pending::of(&session.record).next.unwrap_or_else(|| home.to_string());
    Ok(NextStep { to, cookie: Some(session_cookie(&token, account.role.is_staff())) })
}

async fn complete_signup(
    state: &AppState,
    caller: &Caller,
    session: &CurrentSession,
    p: Pending,
) -> Result<NextStep, AppError> {
    let now = state.clock.now();
    let missing = || AppError::Problem(Problem::StepExpired);
    let new = NewAccount {
        account_type: p.account_type.ok_or_else(missing)?,
        role: Role::Citizen,
        agency: None,
        document_kind: p.document_kind.ok_or_else(missing)?,
        document_number: p.document_number.ok_or_else(missing)?,
        first_name: p.first_name.ok_or_else(missing)?,
        other_names: p.other_names.unwrap_or_default(),
        year_of_birth: p.year_of_birth.ok_or_else(missing)?,
        phone: p.phone.ok_or_else(missing)?,
        email: p.email,
        password_hash: p.password_hash.ok_or_else(missing)?,
        created_at: now,
        language: crate::ssr::request_lang(),
    };
    let consent = Consent {
        account_id: 0,
        purpose: "terms_and_privacy".into(),
        version: TERMS_VERSION.into(),
        granted_at: now,
        withdrawn_at: None,
    };
    let id = state.store.create_account(&new, &consent).await.map_err(|e| match e {
        // Someone finished signing up with the same document or email a moment earlier.
        StoreError::Conflict(_) => AppError::Problem(Problem::AccountExists),
        other => store_err(other),
    })?;
    let account = state.store.find_account(AccountKey::Id(id)).await.map_err(store_err)?.ok_or_else(missing)?;
    audit(state, "account_created", Some(id), None, &caller.client, new.account_type.code().into()).await;
    let mut step = activate(state, caller, session, &account).await?;
    step.to = "/account?welcome=1".into();
    Ok(step)
}

/// Sends the code for the session's current step again (subject to the send limits).
pub async fn resend_code(state: &AppState, caller: &Caller, lang: Lang) -> Result<NextStep, AppError> {
    let session = caller.session.clone().ok_or(Problem::StepExpired)?;
    let purpose = purpose_of(&session.record).ok_or(Problem::StepExpired)?;
    let pending = Pending::of(&session.record);
    if purpose == Purpose::AgentConsent {
        let citizen = pending.assist_pending.ok_or(Problem::StepExpired)?;
        let citizen = state.store.find_account(AccountKey::Id(citizen)).await.map_err(store_err)?;
        let citizen = citizen.ok_or(Problem::StepExpired)?;
        let agent_id = session.account.as_ref().map(|a| a.id);
        let phone = citizen.phone.as_str().to_string();
        send_code(state, caller, lang, &session.record, agent_id, purpose, Channel::Sms, &phone).await?;
        return Ok(NextStep::to("/verify?sent=1"));
    }
    let (channel, destination) = match (session.record.stage, purpose) {
        (Stage::SignupPhone, _) => (Channel::Sms, pending.phone.map(|p| p.as_str().to_string())),
        (Stage::SignupEmail, _) => (Channel::Email, pending.email.map(|e| e.as_str().to_string())),
        (_, Purpose::ChangePhone) => (Channel::Sms, pending.new_phone.map(|p| p.as_str().to_string())),
        (_, Purpose::ChangeEmail) => (Channel::Email, pending.new_email.map(|e| e.as_str().to_string())),
        _ => {
            let channel = pending.channel.unwrap_or(Channel::Sms);
            let account = session.account.as_ref().ok_or(Problem::StepExpired)?;
            let dest = match channel {
                Channel::Sms => Some(account.phone.as_str().to_string()),
                Channel::Email => account.email.as_ref().map(|e| e.as_str().to_string()),
            };
            (channel, dest)
        }
    };
    let destination = destination.ok_or(Problem::StepExpired)?;
    let account_id = session.account.as_ref().map(|a| a.id);
    send_code(state, caller, lang, &session.record, account_id, purpose, channel, &destination).await?;
    Ok(NextStep::to("/verify?sent=1"))
}

/// Last step of a reset: the new password. Everyone signs in afresh afterwards.
pub async fn reset_password(
    state: &AppState,
    caller: &Caller,
    password: &str,
    sign_out_everywhere: bool,
) -> Result<NextStep, AppError> {
    let session = pending_session(caller, &[Stage::ResetPassword])?;
    let account = session.account.clone().ok_or(Problem::StepExpired)?;
    let email = account.email.as_ref().map(|e| e.as_str().to_string()).unwrap_or_default();
    check_new_password(password, &[&account.document_number, account.phone.as_str(), &email])
        .map_err(password_problem)?;
    let hash = hash_password(password.to_string()).await.map_err(AppError::internal)?;
    state.store.set_password(account.id, &hash).await.map_err(store_err)?;
    state.store.delete_session(&session.record.token_hash).await.map_err(store_err)?;
    let ended = if sign_out_everywhere {
        state.store.delete_sessions_of(account.id, None).await.map_err(store_err)?
    } else {
        0
    };
    state.store.clear_failures(account.id).await.map_err(store_err)?;
    audit(state, "password_reset", Some(account.id), None, &caller.client, format!("{ended} other sessions ended"))
        .await;
    Ok(NextStep { to: "/login?reset=1".into(), cookie: Some(clearing_cookie()) })
}

/// Ends the caller's session.
pub async fn logout(state: &AppState, caller: &Caller) -> Result<NextStep, AppError> {
    if let Some(s) = &caller.session {
        state.store.delete_session(&s.record.token_hash).await.map_err(store_err)?;
        if let Some(a) = &s.account {
            audit(state, "logout", Some(a.id), None, &caller.client, String::new()).await;
        }
    }
    Ok(NextStep { to: "/?signed_out=1".into(), cookie: Some(clearing_cookie()) })
}

/// Ends one of the caller's other sessions (by public id), or all others with `"others"`.
pub async fn revoke_session(state: &AppState, caller: &Caller, public_id: &str) -> Result<NextStep, AppError> {
    let account = caller.account()?;
    let current = caller.session.as_ref().map(|s| s.record.token_hash.clone()).unwrap_or_default();
    if public_id == "others" {
        let n = state.store.delete_sessions_of(account.id, Some(&current)).await.map_err(store_err)?;
        audit(state, "sessions_revoked", Some(account.id), None, &caller.client, format!("{n} sessions")).await;
        return Ok(NextStep::to("/account/sessions"));
    }
    let sessions = state.store.sessions_of(account.id).await.map_err(store_err)?;
    // Only the caller's own sessions are found, so another person's session id is simply unknown.
    let target = sessions.into_iter().find(|s| s.public_id == public_id).ok_or(AppError::NotFound)?;
    state.store.delete_session(&target.token_hash).await.map_err(store_err)?;
    audit(state, "session_revoked", Some(account.id), None, &caller.client, target.user_agent.clone()).await;
    if target.token_hash == current {
        return Ok(NextStep { to: "/?signed_out=1".into(), cookie: Some(clearing_cookie()) });
    }
    Ok(NextStep::to("/account/sessions"))
}

/// The text of a code message, in the person's language.
fn code_message(lang: Lang, purpose: Purpose, code: &str) -> (String, String) {
    let t = super::texts::auth_texts(lang);
    let what = (t.code_purpose)(purpose);
    (format!("{} – {what}", t.code_subject), (t.code_message)(code, what))
}

/// Issues a code for a session and sends it, within the send limits (429 with a wait otherwise).
#[allow(clippy::too_many_arguments)]
pub async fn send_code(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    session: &SessionRecord,
    account_id: Option<i64>,
    purpose: Purpose,
    channel: Channel,
    destination: &str,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let since = now - 24 * 3600;
    let mut waits = vec![];
    let by_dest = state.store.recent_sends(SendKey::Destination(destination), since).await.map_err(store_err)?;
    waits.push(send_retry_after(&by_dest, &PER_DESTINATION, now));
    if let Some(id) = account_id {
        let by_account = state.store.recent_sends(SendKey::Account(id), since).await.map_err(store_err)?;
        waits.push(send_retry_after(&by_account, &PER_ACCOUNT, now));
    }
    if let Some(rules) = super::throttle::per_address(state.code_sends_per_address) {
        let by_ip = state.store.recent_sends(SendKey::ClientIp(&caller.client.ip), since).await.map_err(store_err)?;
        waits.push(send_retry_after(&by_ip, &rules, now));
    }
    if let Some(wait) = waits.into_iter().flatten().max() {
        audit(state, "code_send_limited", account_id, None, &caller.client, purpose.code().into()).await;
        return Err(AppError::TooManyRequests { retry_after_secs: wait });
    }
    let code = otp::generate_code();
    let id = otp::random_token();
    let stored = StoredChallenge {
        challenge: otp::Challenge {
            code_hash: otp::hash_code(&id, &code),
            id,
            purpose,
            session: session.token_hash.clone(),
            expires_at: now + otp::CODE_TTL_SECS,
            attempts: 0,
            consumed: false,
        },
        account_id,
        channel,
        destination: destination.to_string(),
        client_ip: caller.client.ip.clone(),
        created_at: now,
    };
    state.store.insert_challenge(&stored).await.map_err(store_err)?;
    let (subject, mut text) = code_message(lang, purpose, &code);
    if purpose == Purpose::AgentConsent {
        let agent = caller.account().map(|a| a.full_name()).unwrap_or_default();
        text = (super::texts::auth_texts(lang).assist_message)(&code, &agent);
    }
    let sent = match channel {
        Channel::Sms => match PhoneNumber::parse(destination) {
            Ok(p) => send_direct_sms(state, &p, &text).await,
            Err(_) => Err(GatewayError::Rejected("stored phone number is not valid".into())),
        },
        Channel::Email => match EmailAddress::parse(destination) {
            Ok(e) => state.email.send_email(&e, &subject, &text).await,
            Err(_) => Err(GatewayError::Rejected("stored email is not valid".into())),
        },
    };
    match sent {
        Ok(_) => Ok(()),
        Err(e) => {
            tracing::warn!(error = %e, channel = channel.code(), purpose = purpose.code(), "one-time code not sent");
            Err(Problem::SendFailed.into())
        }
    }
}

/// Starts a change of phone number or email: needs a recent sign-in, then a code to the new one.
pub async fn change_contact(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    phone: Option<&str>,
    email: Option<&str>,
) -> Result<NextStep, AppError> {
    let now = state.clock.now();
    let session = caller.session.clone().ok_or(AppError::Unauthorized)?;
    let account = caller.account()?.clone();
    if !session.is_fresh(now) {
        return Err(Problem::ReauthRequired.into());
    }
    let mut pending = Pending::of(&session.record);
    pending.new_phone = None;
    pending.new_email = None;
    pending.assist_pending = None;
    let (purpose, channel, destination) = match (phone.map(str::trim).filter(|p| !p.is_empty()), email) {
        (Some(p), _) => {
            let p = PhoneNumber::parse(p).map_err(|_| Problem::PhoneInvalid)?;
            pending.sent_to = Some(p.masked());
            pending.new_phone = Some(p.clone());
            (Purpose::ChangePhone, Channel::Sms, p.as_str().to_string())
        }
        (None, Some(e)) => {
            let e = EmailAddress::parse(e).map_err(|_| Problem::EmailInvalid)?;
            if let Some(other) = state.store.find_account(AccountKey::LoginName(e.as_str())).await.map_err(store_err)?
                && other.id != account.id
            {
                return Err(Problem::EmailTaken.into());
            }
            pending.sent_to = Some(e.masked());
            pending.new_email = Some(e.clone());
            (Purpose::ChangeEmail, Channel::Email, e.as_str().to_string())
        }
        (None, None) => return Err(Problem::PhoneInvalid.into()),
    };
    let mut record = session.record.clone();
    record.data = pending.json();
    state.store.update_session(&record).await.map_err(store_err)?;
    send_code(state, caller, lang, &record, Some(account.id), purpose, channel, &destination).await?;
    Ok(NextStep::to("/verify"))
}

/// A citizen's account by document number, for staff and agents (never by email, never staff).
pub async fn find_citizen(state: &AppState, document: &str) -> Result<Account, AppError> {
    let document = document.trim();
    if document.is_empty() || document.len() > 20 || document.contains('@') {
        return Err(Problem::NoSuchCitizen.into());
    }
    state
        .store
        .find_account(AccountKey::LoginName(document))
        .await
        .map_err(store_err)?
        .filter(|a| a.role == Role::Citizen)
        .ok_or(Problem::NoSuchCitizen.into())
}

/// An agent asks a citizen (by document number) for consent: a code goes to the citizen's phone.
pub async fn assist_request(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    document_number: &str,
) -> Result<NextStep, AppError> {
    let session = caller.session.clone().ok_or(AppError::Unauthorized)?;
    let agent = caller.account()?.clone();
    let citizen = find_citizen(state, document_number).await?;
    let mut pending = Pending::of(&session.record);
    pending.new_phone = None;
    pending.new_email = None;
    pending.assist = None;
    pending.assist_pending = Some(citizen.id);
    pending.sent_to = Some(citizen.phone.masked());
    let mut record = session.record.clone();
    record.data = pending.json();
    state.store.update_session(&record).await.map_err(store_err)?;
    let phone = citizen.phone.as_str().to_string();
    send_code(state, caller, lang, &record, Some(agent.id), Purpose::AgentConsent, Channel::Sms, &phone).await?;
    audit(state, "agent_access_requested", Some(citizen.id), Some(agent.id), &caller.client, agent.full_name()).await;
    Ok(NextStep::to("/verify"))
}

/// How long a citizen's consent lets an agent act for them.
pub const ASSIST_SECS: i64 = 60 * 60;

/// Ends an agent's access to a citizen.
pub async fn assist_end(state: &AppState, caller: &Caller) -> Result<NextStep, AppError> {
    let session = caller.session.clone().ok_or(AppError::Unauthorized)?;
    let agent = caller.account()?.clone();
    let mut pending = Pending::of(&session.record);
    if let Some((citizen, _)) = pending.assist.take() {
        audit(state, "agent_access_ended", Some(citizen), Some(agent.id), &caller.client, agent.full_name()).await;
    }
    pending.assist_pending = None;
    let mut record = session.record.clone();
    record.data = pending.json();
    state.store.update_session(&record).await.map_err(store_err)?;
    Ok(NextStep::to("/staff"))
}

/// The citizen an agent may currently act for, if their consent is still running.
pub fn assisted_citizen(session: &CurrentSession, now: i64) -> Option<i64> {
    Pending::of(&session.record).assist.filter(|(_, until)| *until > now).map(|(citizen, _)| citizen)
}

async fn finish_active_step(
    state: &AppState,
    caller: &Caller,
    session: &CurrentSession,
    account: &Account,
    mut pending: Pending,
    purpose: Purpose,
) -> Result<NextStep, AppError> {
    let now = state.clock.now();
    let lang = crate::ssr::request_lang();
    let to = match purpose {
        Purpose::ChangePhone => {
            let new = pending.new_phone.take().ok_or(Problem::StepExpired)?;
            state.store.set_phone(account.id, &new).await.map_err(store_err)?;
            // Tell the old number, so a hijacker cannot quietly move the account to their SIM.
            let t = super::texts::auth_texts(lang);
            if let Err(e) = send_direct_sms(state, &account.phone, &(t.contact_changed_message)(&new.masked())).await {
                tracing::warn!(error = %e, "could not notify the old phone number of a change");
            }
            audit(state, "phone_changed", Some(account.id), None, &caller.client, new.masked()).await;
            "/account?changed=1"
        }
        Purpose::ChangeEmail => {
            let new = pending.new_email.take().ok_or(Problem::StepExpired)?;
            state.store.set_email(account.id, &new).await.map_err(|e| match e {
                StoreError::Conflict(_) => AppError::Problem(Problem::EmailTaken),
                other => store_err(other),
            })?;
            let t = super::texts::auth_texts(lang);
            if let Err(e) = send_direct_sms(state, &account.phone, &(t.contact_changed_message)(&new.masked())).await {
                tracing::warn!(error = %e, "could not notify the phone of an email change");
            }
            audit(state, "email_changed", Some(account.id), None, &caller.client, new.masked()).await;
            "/account?changed=1"
        }
        Purpose::AgentConsent => {
            let citizen = pending.assist_pending.take().ok_or(Problem::StepExpired)?;
            pending.assist = Some((citizen, now + ASSIST_SECS));
            audit(state, "agent_access_granted", Some(citizen), Some(account.id), &caller.client, account.full_name())
                .await;
            "/staff/assist"
        }
        _ => return Err(Problem::StepExpired.into()),
    };
    pending.sent_to = None;
    let mut record = session.record.clone();
    record.data = pending.json();
    state.store.update_session(&record).await.map_err(store_err)?;
    Ok(NextStep::to(to))
}
