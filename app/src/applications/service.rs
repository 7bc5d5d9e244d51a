//! Applying: drafts, submission (freeze, hash, price from the stored service, invoice or
//! queue with a charter due date) and withdrawal. The client never sends an amount; prices
//! come from the catalogue in memory, which the store keeps in step.

use super::calendar::{Date, add_working_days};
use super::form::{Answers, snapshot_hash, validate};
use super::ports::{Application, ApplicationEvent, Invoice, NewDraft, Submission, Transition};
use super::state::{Actor, Event, State, actor_of, next};
use crate::accounts::model::Role;
use crate::accounts::otp::random_token;
use crate::accounts::service::store_err;
use crate::accounts::session::Caller;
use crate::error::{AppError, Problem};
use crate::notifications::outbox::{NewNotice, NoticeKind, wake};
use crate::ssr::AppState;
use crate::store::StoreError;

/// Most answers a form may carry (forms have far fewer fields; this bounds tampered posts).
const MAX_ANSWERS: usize = 200;

/// A new public reference like `APP-3F9A1C7B`.
fn new_reference(prefix: &str) -> String {
    format!("{prefix}-{}", random_token()[..10].to_ascii_uppercase())
}

/// The caller's own application, or `NotFound` (another person's application is never revealed).
pub async fn own_application(state: &AppState, caller: &Caller, reference: &str) -> Result<Application, AppError> {
    let me = caller.account()?;
    let reference = reference.trim();
    if reference.is_empty() || reference.len() > 40 {
        return Err(AppError::NotFound);
    }
    match state.store.application(reference).await.map_err(store_err)? {
        Some(a) if a.citizen_id == me.id => Ok(a),
        Some(_) => {
            tracing::warn!(target: "security", account = me.id, reference, "refused: another citizen's application");
            Err(AppError::NotFound)
        }
        None => Err(AppError::NotFound),
    }
}

/// Longest `client_id` accepted (a UUID has 36 characters).
pub const CLIENT_ID_MAX: usize = 64;
/// Shortest `client_id` accepted: shorter ids would collide between one citizen's forms.
pub const CLIENT_ID_MIN: usize = 16;

/// The apply form's draft id, made for that one form (a random token the page renders, or a
/// UUID the phone's browser makes for a form it keeps offline): none when absent or blank,
/// refused unless 16 to 64 ASCII letters, digits, `-` or `_`.
pub fn client_id(raw: Option<&str>) -> Result<Option<&str>, Problem> {
    match raw.map(str::trim).filter(|c| !c.is_empty()) {
        None => Ok(None),
        Some(c)
            if (CLIENT_ID_MIN..=CLIENT_ID_MAX).contains(&c.len())
                && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
        {
            Ok(Some(c))
        }
        Some(_) => Err(Problem::ClientIdInvalid),
    }
}

/// A fresh `client_id` for a new apply form.
pub fn new_client_id() -> String {
    random_token().chars().take(32).collect()
}

/// Saves a draft (creating it when `reference` is empty); returns its reference.
///
/// `client_id` makes a new draft's save idempotent: a second save with the id (a retried
/// sync of a draft kept on the phone, a double click) updates the draft the first one made,
/// and only ever among the caller's own drafts.
pub async fn save_draft(
    state: &AppState,
    caller: &Caller,
    reference: Option<&str>,
    client_id: Option<&str>,
    service_code: &str,
    variant_code: &str,
    answers: Answers,
) -> Result<String, AppError> {
    let me = caller.account()?;
    let now = state.clock.now();
    if answers.len() > MAX_ANSWERS {
        return Err(Problem::ApplicationLocked.into());
    }
    let client_id = self::client_id(client_id)?;
    let live = state.catalogue.current();
    let service = live.catalogue.service(service_code.trim()).ok_or(Problem::ServiceUnknown)?;
    let answers = super::form::tidy(&service.form, answers, Date::from_unix_eat(now));
    let existing = match (reference.map(str::trim).filter(|r| !r.is_empty()), client_id) {
        (Some(r), _) => Some(own_application(state, caller, r).await?),
        (None, Some(c)) => state.store.application_by_client_id(me.id, c).await.map_err(store_err)?,
        (None, None) => None,
    };
    // No variant given: keep the draft's, or take the only one there is.
    let variant = match (variant_code.trim(), &existing) {
        ("", Some(app)) => app.variant_code.clone(),
        ("", None) if service.fees.variants.len() == 1 => service.fees.variants[0].code.clone(),
        (v, _) => service.fees.variant(v).ok_or(Problem::VariantUnknown)?.code.clone(),
    };
    let app = match existing {
        Some(app) => app,
        None => {
            let reference = new_reference("APP");
            let draft = NewDraft {
                reference: reference.clone(),
                citizen_id: me.id,
                service_code: service.code.to_string(),
                agency_code: service.agency.to_string(),
                variant_code: variant.clone(),
                answers: answers.clone(),
                client_id: client_id.map(str::to_string),
                now,
            };
            match (state.store.create_draft(&draft).await, client_id) {
                (Ok(_), _) => return Ok(reference),
                // Two sends of one form at once: the other made the draft; this one updates it.
                (Err(StoreError::Conflict(_)), Some(c)) => state
                    .store
                    .application_by_client_id(me.id, c)
                    .await
                    .map_err(store_err)?
                    .ok_or(Problem::ApplicationLocked)?,
                (Err(e), _) => return Err(store_err(e)),
            }
        }
    };
    if app.state != State::Draft || app.service_code != service.code.as_str() {
        return Err(Problem::ApplicationLocked.into());
    }
    state.store.save_draft(app.id, app.version, &variant, &answers, now).await.map_err(|e| match e {
        StoreError::Conflict(_) => AppError::Problem(Problem::ApplicationLocked),
        other => store_err(other),
    })?;
    Ok(app.reference)
}

/// Keeps an uploaded document with a draft (replacing an earlier file for the same
/// requirement) once its bytes are of an accepted type and size; a refused file changes nothing.
pub async fn attach(
    state: &AppState,
    caller: &Caller,
    reference: &str,
    code: &str,
    file_name: &str,
    content: &[u8],
) -> Result<(), AppError> {
    use sha2::{Digest, Sha256};
    let app = own_application(state, caller, reference).await?;
    if app.state != State::Draft {
        return Err(Problem::ApplicationLocked.into());
    }
    let live = state.catalogue.current();
    let service = live.catalogue.service(&app.service_code).ok_or(Problem::ServiceUnknown)?;
    let refuse = |p| AppError::InvalidAnswers(vec![(code.to_string(), p)]);
    let requirement = super::uploads::requirement(&service.form, code)
        .ok_or_else(|| refuse(super::form::FieldProblem::UnknownField))?;
    let kind = super::uploads::check_content(requirement, content).map_err(refuse)?;
    let meta = super::uploads::UploadMeta {
        code: requirement.code.clone(),
        file_name: super::uploads::clean_file_name(file_name),
        kind,
        size_bytes: content.len() as i64,
        sha256: crate::accounts::otp::hex(&Sha256::digest(content)),
        uploaded_at: state.clock.now(),
    };
    state.store.put_upload(app.id, app.version, &meta, content).await.map_err(|e| match e {
        StoreError::Conflict(_) => AppError::Problem(Problem::ApplicationLocked),
        other => store_err(other),
    })
}

/// A message to the applicant about `app`, queued once per `what`.
fn notice(app: &Application, kind: NoticeKind, what: &str) -> NewNotice {
    NewNotice {
        dedupe_key: format!("{what}:{}", app.reference),
        kind,
        subject: app.reference.clone(),
        citizen_id: Some(app.citizen_id),
        phone: None,
    }
}

fn record(
    from: State,
    event: Event,
    actor_id: Option<i64>,
    actor_role: &str,
    at: i64,
) -> Result<ApplicationEvent, AppError> {
    let to = next(from, event, actor_of(event)).map_err(|_| AppError::Problem(Problem::ApplicationLocked))?;
    Ok(ApplicationEvent { at, from, to, event, actor_id, actor_role: actor_role.into(), note: String::new() })
}

/// Submits a draft: answers checked against the service's form, frozen and hashed; the price
/// taken from the stored service and variant; then an invoice, or the agency's queue and its
/// charter due date when the service is free. All in one transaction.
pub async fn submit(state: &AppState, caller: &Caller, reference: &str) -> Result<Application, AppError> {
    let me = caller.account()?.clone();
    let now = state.clock.now();
    let app = own_application(state, caller, reference).await?;
    if app.state != State::Draft {
        return Err(Problem::ApplicationLocked.into());
    }
    let live = state.catalogue.current();
    let service = live.catalogue.service(&app.service_code).ok_or(Problem::ServiceUnknown)?;
    let variant = service.fees.variant(&app.variant_code).ok_or(Problem::VariantUnknown)?;
    let today = Date::from_unix_eat(now);
    let uploads = state.store.uploads_of(app.id).await.map_err(store_err)?;
    // Every problem at once, answers first, then the documents still to upload.
    let missing = super::uploads::missing(&service.form, &uploads);
    let answers = match validate(&service.form, &app.answers, today) {
        Ok(answers) if missing.is_empty() => answers,
        Ok(_) => return Err(AppError::InvalidAnswers(missing)),
        Err(mut problems) => {
            problems.extend(missing);
            return Err(AppError::InvalidAnswers(problems));
        }
    };
    let fee = service.fees.amount(variant);
    let quote = state.fees.quote(fee, service.fees.convenience_fee_waived);
    let currency = fee.currency.code().to_string();
    let hash = snapshot_hash(service.code.as_str(), &variant.code, fee.minor, &currency, &answers, &uploads);
    let submitted = record(State::Draft, Event::Submit, Some(me.id), me.role.code(), now)?;
    let (second, invoice, due_date) = if quote.total.minor > 0 {
        let invoice = Invoice {
            bill_ref: crate::payments::reference::BillRef::generate().to_string(),
            amount_minor: quote.fee.minor,
            convenience_minor: quote.convenience.minor,
            total_minor: quote.total.minor,
            currency: currency.clone(),
            status: "unpaid".into(),
            created_at: now,
            expires_at: Some(now + crate::payments::INVOICE_LIFE_DAYS * 86_400),
        };
        (record(submitted.to, Event::InvoiceCreated, None, "system", now)?, Some(invoice), None)
    } else {
        let due = add_working_days(today, u32::from(service.timeline_days), &[]);
        (record(submitted.to, Event::NoFeeDue, None, "system", now)?, None, Some(due.iso()))
    };
    let mut t = Transition {
        application_id: app.id,
        expected_version: app.version,
        records: vec![submitted, second],
        submission: Some(Submission {
            answers,
            snapshot_hash: hash,
            amount_minor: quote.fee.minor,
            convenience_minor: quote.convenience.minor,
            currency,
        }),
        due_date,
        invoice,
        document: None,
        charter_missed: None,
        notices: vec![notice(&app, NoticeKind::ApplicationReceived, "received")],
    };
    let mut draws = 1;
    loop {
        match state.store.transition(&t).await {
            // Nothing was written: the same submission with another bill reference.
            Err(StoreError::ReferenceTaken(_)) if draws < crate::payments::reference::DRAWS => {
                if let Some(invoice) = t.invoice.as_mut() {
                    invoice.bill_ref = crate::payments::reference::BillRef::generate().to_string();
                }
                draws += 1;
            }
            other => break other.map_err(write_err)?,
        }
    }
    wake();
    own_application(state, caller, reference).await
}

/// What would stop a draft from being submitted now (its answers, then documents still to
/// upload), without submitting it: for a form post whose files were refused, so the citizen
/// hears of every problem in one round trip.
pub async fn submission_problems(
    state: &AppState,
    caller: &Caller,
    reference: &str,
) -> Result<Vec<(String, super::form::FieldProblem)>, AppError> {
    let app = own_application(state, caller, reference).await?;
    let live = state.catalogue.current();
    let service = live.catalogue.service(&app.service_code).ok_or(Problem::ServiceUnknown)?;
    let uploads = state.store.uploads_of(app.id).await.map_err(store_err)?;
    let mut problems =
        validate(&service.form, &app.answers, Date::from_unix_eat(state.clock.now())).err().unwrap_or_default();
    problems.extend(super::uploads::missing(&service.form, &uploads));
    Ok(problems)
}

/// Writes one event on an application (no submission, invoice or due-date change), with an
/// optional document and the messages it announces (the outbox is woken for them); a
/// concurrent change makes it fail as "locked", changing nothing.
async fn write_event(
    state: &AppState,
    app: &Application,
    event: ApplicationEvent,
    document: Option<super::documents::IssuedDocument>,
    notices: Vec<NewNotice>,
) -> Result<(), AppError> {
    let announce = !notices.is_empty();
    let t = Transition {
        application_id: app.id,
        expected_version: app.version,
        records: vec![event],
        submission: None,
        due_date: None,
        invoice: None,
        document,
        charter_missed: None,
        notices,
    };
    write(state, &t).await?;
    if announce {
        wake();
    }
    Ok(())
}

async fn write(state: &AppState, t: &Transition) -> Result<(), AppError> {
    state.store.transition(t).await.map_err(write_err)
}

fn write_err(e: StoreError) -> AppError {
    match e {
        // A double click or two officers at once: the first change stands, this one is told.
        StoreError::Conflict(_) => AppError::Problem(Problem::ApplicationLocked),
        other => store_err(other),
    }
}

/// Withdraws an application that has not been decided yet.
pub async fn withdraw(state: &AppState, caller: &Caller, reference: &str) -> Result<(), AppError> {
    let me = caller.account()?.clone();
    let app = own_application(state, caller, reference).await?;
    let e = record(app.state, Event::Withdraw, Some(me.id), me.role.code(), state.clock.now())?;
    debug_assert_eq!(actor_of(Event::Withdraw), Actor::Citizen);
    write_event(state, &app, e, None, Vec::new()).await
}

/// What an officer may do with an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Pick it up.
    StartReview,
    /// Ask the citizen for more information (with a note).
    RequestInfo,
    /// Approve.
    Approve,
    /// Reject (with reasons).
    Reject,
    /// Issue the document of an approved application.
    Issue,
}

impl Decision {
    /// Parses a form's `action`.
    pub fn from_code(s: &str) -> Option<Decision> {
        match s.trim() {
            "start_review" => Some(Decision::StartReview),
            "request_info" => Some(Decision::RequestInfo),
            "approve" => Some(Decision::Approve),
            "reject" => Some(Decision::Reject),
            "issue" => Some(Decision::Issue),
            _ => None,
        }
    }

    fn event(self) -> Event {
        match self {
            Decision::StartReview => Event::StartReview,
            Decision::RequestInfo => Event::RequestInfo,
            Decision::Approve => Event::Approve,
            Decision::Reject => Event::Reject,
            Decision::Issue => Event::Issue,
        }
    }
}

fn note_of(note: &str, required: bool) -> Result<String, AppError> {
    let note = note.trim();
    if (required && note.chars().count() < 3) || note.chars().count() > 1000 {
        return Err(Problem::NoteMissing.into());
    }
    Ok(note.to_string())
}

/// An application as its agency's officer sees it: refused for any other agency, and every
/// opening logged where the citizen can see it.
pub async fn officer_application(state: &AppState, caller: &Caller, reference: &str) -> Result<Application, AppError> {
    officer_access(state, caller, reference, "opened").await
}

/// An application of the caller's agency (not a draft), without logging a read.
async fn agency_application(state: &AppState, caller: &Caller, reference: &str) -> Result<Application, AppError> {
    let reference = reference.trim();
    if reference.is_empty() || reference.len() > 40 {
        return Err(AppError::NotFound);
    }
    let app = state.store.application(reference).await.map_err(store_err)?.ok_or(AppError::NotFound)?;
    if app.state == State::Draft {
        // Drafts are the citizen's own business.
        return Err(AppError::NotFound);
    }
    caller.require_agency(&app.agency_code)?;
    Ok(app)
}

/// An application of the officer's agency, with the access logged for the citizen as
/// "Application … `what`".
async fn officer_access(
    state: &AppState,
    caller: &Caller,
    reference: &str,
    what: &str,
) -> Result<Application, AppError> {
    let officer = caller.account()?.clone();
    let app = agency_application(state, caller, reference).await?;
    let access = crate::accounts::ports::DataAccess {
        at: state.clock.now(),
        citizen_id: app.citizen_id,
        viewer_id: officer.id,
        viewer_name: officer.full_name(),
        viewer_role: officer.role,
        agency: officer.agency.clone(),
        what: format!("Application {} {what}", app.reference),
    };
    state.store.record_access(&access).await.map_err(store_err)?;
    Ok(app)
}

/// An uploaded document, for its applicant or for an officer of the application's agency
/// (whose reading is logged for the citizen).
pub async fn uploaded_file(
    state: &AppState,
    caller: &Caller,
    reference: &str,
    code: &str,
) -> Result<(super::uploads::UploadMeta, Vec<u8>), AppError> {
    let me = caller.account()?;
    let app = match me.role {
        Role::Citizen => own_application(state, caller, reference).await?,
        Role::AgencyOfficer | Role::AgencyAdmin | Role::PlatformAdmin => {
            let code = code.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').take(40).collect::<String>();
            officer_access(state, caller, reference, &format!("document {code} downloaded")).await?
        }
        _ => return Err(AppError::Forbidden),
    };
    state.store.upload_content(app.id, code).await.map_err(store_err)?.ok_or(AppError::NotFound)
}

/// An officer's decision on an application of their agency. `seen_version` is the version
/// the officer's form showed: a decision on a page gone stale is refused, not applied.
pub async fn decide(
    state: &AppState,
    caller: &Caller,
    reference: &str,
    decision: Decision,
    note: &str,
    seen_version: Option<i64>,
) -> Result<Application, AppError> {
    let officer = caller.account()?.clone();
    let app = officer_application(state, caller, reference).await?;
    if seen_version.is_some_and(|v| v != app.version) {
        return Err(Problem::ApplicationChanged.into());
    }
    // Whoever has taken it decides it; the agency's admin may step in.
    if app.assigned_to.is_some_and(|id| id != officer.id) && officer.role != Role::AgencyAdmin {
        return Err(Problem::AlreadyAssigned.into());
    }
    let needs_note = matches!(decision, Decision::RequestInfo | Decision::Reject);
    let mut e = record(app.state, decision.event(), Some(officer.id), officer.role.code(), state.clock.now())?;
    e.note = note_of(note, needs_note)?;
    let document = match decision {
        Decision::Issue => Some(build_document(state, &app, officer.id).await?),
        _ => None,
    };
    // The citizen hears of each decision (the issue with a request to rate the service) in
    // the same transaction as the decision itself. A second request for information is a new
    // message: its key carries the version it was made at.
    let notices = match decision {
        Decision::RequestInfo => vec![notice(&app, NoticeKind::InfoRequested, &format!("info-{}", app.version))],
        Decision::Approve => vec![notice(&app, NoticeKind::Approved, "approved")],
        Decision::Reject => vec![notice(&app, NoticeKind::Rejected, "rejected")],
        Decision::Issue => vec![notice(&app, NoticeKind::DocumentIssued, "issued")],
        _ => Vec::new(),
    };
    write_event(state, &app, e, document, notices).await?;
    if decision == Decision::StartReview && app.assigned_to.is_none() {
        // Starting the review takes it; if someone took it meanwhile, theirs stands.
        state.store.assign_application(app.id, None, Some(officer.id)).await.map_err(store_err)?;
    }
    state.store.application(&app.reference).await.map_err(store_err)?.ok_or(AppError::NotFound)
}

/// Who an application goes to: `me`, `none`, or (for the agency's admin) an officer's id.
pub async fn assign(
    state: &AppState,
    caller: &Caller,
    reference: &str,
    to: &str,
    held_by: Option<i64>,
) -> Result<Application, AppError> {
    let me = caller.account()?.clone();
    // Who holds it is not a read of the citizen's data: nothing is logged for them.
    let app = agency_application(state, caller, reference).await?;
    if !crate::staff::queue::OPEN_STATES.contains(&app.state) {
        return Err(Problem::ApplicationLocked.into());
    }
    let admin = me.role == Role::AgencyAdmin;
    let target = match to.trim() {
        "me" => Some(me.id),
        "none" => None,
        id => {
            let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
            if !admin {
                return Err(AppError::Forbidden);
            }
            let officer = state
                .store
                .find_account(crate::accounts::ports::AccountKey::Id(id))
                .await
                .map_err(store_err)?
                .filter(|o| o.agency.as_deref() == Some(app.agency_code.as_str()))
                .filter(|o| super::api::DECIDERS.contains(&o.role))
                .ok_or(AppError::NotFound)?;
            Some(officer.id)
        }
    };
    // An officer takes what nobody has and gives back their own; the admin moves any.
    let allowed = admin || (held_by.is_none() && target == Some(me.id)) || (held_by == Some(me.id) && target.is_none());
    if !allowed {
        return Err(Problem::AlreadyAssigned.into());
    }
    if app.assigned_to != held_by
        || !state.store.assign_application(app.id, held_by, target).await.map_err(store_err)?
    {
        return Err(Problem::AlreadyAssigned.into());
    }
    let detail = format!("{} to {}", app.reference, target.map_or("nobody".to_string(), |t| t.to_string()));
    crate::accounts::service::audit(state, "application_assigned", Some(me.id), None, &caller.client, detail).await;
    state.store.application(&app.reference).await.map_err(store_err)?.ok_or(AppError::NotFound)
}

/// The citizen answers a request for more information.
pub async fn answer_info(state: &AppState, caller: &Caller, reference: &str, note: &str) -> Result<(), AppError> {
    let me = caller.account()?.clone();
    let app = own_application(state, caller, reference).await?;
    let mut e = record(app.state, Event::ProvideInfo, Some(me.id), me.role.code(), state.clock.now())?;
    e.note = note_of(note, true)?;
    write_event(state, &app, e, None, Vec::new()).await
}

/// Builds an application's document from its submitted snapshot alone, and refuses to issue
/// it unless every printed fact equals what was applied and paid for.
async fn build_document(
    state: &AppState,
    app: &Application,
    officer_id: i64,
) -> Result<super::documents::IssuedDocument, AppError> {
    use super::documents::{DocumentDetails, IssuedDocument, PaidSnapshot, check_matches};
    let holder = state
        .store
        .find_account(crate::accounts::ports::AccountKey::Id(app.citizen_id))
        .await
        .map_err(store_err)?
        .ok_or_else(|| AppError::internal("applicant account missing"))?;
    let stored_hash = app.snapshot_hash.clone().ok_or_else(|| AppError::internal("approved without a snapshot"))?;
    // The stored submission must still hash to its snapshot: a changed row is never printed.
    let recomputed = snapshot_hash(
        &app.service_code,
        &app.variant_code,
        app.amount_minor.unwrap_or_default(),
        app.currency.as_deref().unwrap_or_default(),
        &app.answers,
        &state.store.uploads_of(app.id).await.map_err(store_err)?,
    );
    if recomputed != stored_hash {
        return Err(AppError::internal(format!("snapshot of {} does not match its data; not issuing", app.reference)));
    }
    let live = state.catalogue.current();
    let service = live.catalogue.service(&app.service_code);
    let agency_name =
        live.catalogue.agency(&app.agency_code).map(|a| a.name.en.clone()).unwrap_or(app.agency_code.clone());
    let variant_label = service
        .and_then(|s| s.fees.variant(&app.variant_code).map(|v| v.label.en.clone()))
        .unwrap_or(app.variant_code.clone());
    let doc = IssuedDocument {
        number: new_reference("DOC"),
        application_id: app.id,
        citizen_id: app.citizen_id,
        service_code: app.service_code.clone(),
        variant_code: app.variant_code.clone(),
        holder_name: holder.full_name(),
        snapshot_hash: stored_hash.clone(),
        details: DocumentDetails {
            service_name: service.map(|s| s.name.en.clone()).unwrap_or(app.service_code.clone()),
            agency_name,
            variant_label,
            answers: app.answers.clone(),
        },
        issued_at: state.clock.now(),
        issued_by: officer_id,
    };
    let paid = PaidSnapshot {
        application_id: app.id,
        citizen_id: app.citizen_id,
        holder_name: &holder.full_name(),
        service_code: &app.service_code,
        variant_code: &app.variant_code,
        snapshot_hash: &stored_hash,
        answers: &app.answers,
    };
    check_matches(&doc, &paid)
        .map_err(|m| AppError::internal(format!("document for {} refused: {m}", app.reference)))?;
    Ok(doc)
}

/// Flags every application whose charter date passed while the agency owed the next step:
/// the breach is recorded in its history, a new date is set, and an apology with that date is
/// queued for the citizen — all in one transaction. Returns how many were flagged. Run by the
/// server's charter clock; an application changed meanwhile is left for the next pass.
pub async fn flag_charter_breaches(state: &AppState, limit: u32) -> Result<usize, AppError> {
    use super::charter::revised_due_date;
    use crate::notifications::outbox::{NewNotice, NoticeKind};
    let now = state.clock.now();
    let today = Date::from_unix_eat(now);
    let live = state.catalogue.current();
    let mut flagged = 0;
    for app in state.store.applications_past_due(&today.iso(), limit).await.map_err(store_err)? {
        // The store finds candidates by index; the charter rule decides.
        let Some(missed) = app.due_date.clone().filter(|d| super::charter::is_overdue(d, today)) else { continue };
        // A service withdrawn since still owes the citizen a date: a 10-day charter's grace.
        let timeline = live.catalogue.service(&app.service_code).map(|s| u32::from(s.timeline_days)).unwrap_or(10);
        let new_due = revised_due_date(today, timeline).iso();
        let mut e = record(app.state, Event::CharterBreached, None, "system", now)?;
        e.note = format!("charter date {missed} missed; new date {new_due}");
        let t = Transition {
            application_id: app.id,
            expected_version: app.version,
            records: vec![e],
            submission: None,
            due_date: Some(new_due.clone()),
            invoice: None,
            document: None,
            charter_missed: Some(missed.clone()),
            notices: vec![NewNotice {
                dedupe_key: format!("breach:{}:{missed}", app.reference),
                kind: NoticeKind::CharterBreach,
                subject: app.reference.clone(),
                citizen_id: Some(app.citizen_id),
                phone: None,
            }],
        };
        match write(state, &t).await {
            Ok(()) => {
                flagged += 1;
                tracing::warn!(application = %app.reference, agency = %app.agency_code, %missed, %new_due,
                    "service charter breached");
            }
            Err(AppError::Problem(Problem::ApplicationLocked)) => {}
            Err(other) => return Err(other),
        }
    }
    if flagged > 0 {
        crate::notifications::outbox::wake();
    }
    Ok(flagged)
}

/// Moves applications whose bill expired unpaid to "expired"; returns how many. Run by the
/// server's worker; a concurrent change to one of them just leaves it for the next pass.
pub async fn expire_unpaid(state: &AppState, limit: u32) -> Result<usize, AppError> {
    let now = state.clock.now();
    let mut expired = 0;
    for app in state.store.applications_to_expire(now, limit).await.map_err(store_err)? {
        let mut e = record(app.state, Event::Expire, None, "system", now)?;
        e.note = "the bill was not paid in time".into();
        match write_event(state, &app, e, None, Vec::new()).await {
            Ok(()) => expired += 1,
            Err(AppError::Problem(Problem::ApplicationLocked)) => {}
            Err(other) => return Err(other),
        }
    }
    Ok(expired)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_id_is_a_uuid_or_a_token_and_nothing_else() {
        assert_eq!(client_id(None), Ok(None));
        assert_eq!(client_id(Some("  ")), Ok(None), "an empty field is no id");
        let uuid = "3f2b8c1e-9d4a-4e7b-a1c2-5e6f7a8b9c0d";
        assert_eq!(client_id(Some(uuid)), Ok(Some(uuid)));
        assert_eq!(client_id(Some(&format!(" {uuid}\n"))), Ok(Some(uuid)), "trimmed");
        let token = new_client_id();
        assert_eq!(client_id(Some(&token)), Ok(Some(token.as_str())), "the page's own ids pass");
        assert_ne!(new_client_id(), token, "each form gets its own");
        assert_eq!(client_id(Some(&"a".repeat(CLIENT_ID_MAX))).map(|c| c.map(str::len)), Ok(Some(CLIENT_ID_MAX)));
        for bad in [
            "short",
            &"a".repeat(CLIENT_ID_MIN - 1),
            &"a".repeat(CLIENT_ID_MAX + 1),
            "3f2b8c1e 9d4a 4e7b a1c2 5e6f7a8b9c0d",
            "3f2b8c1e-9d4a-4e7b-a1c2-5e6f7a8b9c0d'--",
            "ÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿ",
            "../../../../etc/passwd0",
        ] {
            assert_eq!(client_id(Some(bad)), Err(Problem::ClientIdInvalid), "{bad:?}");
        }
    }
}
