//! The one error type every server function and page returns. It carries only what a user
//! may see; internal causes are logged with a correlation reference (see [`AppError::internal`]).

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// Errors shown to users and API clients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist (or the caller may not know it exists).
    #[error("not found")]
    NotFound,
    /// The request was understood but its input is wrong; the message says how to fix it.
    #[error("{0}")]
    BadRequest(String),
    /// A dependency (database, provider) is down; try again later.
    #[error("temporarily unavailable (reference {reference})")]
    Unavailable {
        /// Correlation id in the server logs.
        reference: String,
    },
    /// A bug or unexpected failure; details are in the server log under `reference`.
    #[error("internal error (reference {reference})")]
    Internal {
        /// Correlation id in the server logs.
        reference: String,
    },
    /// The server-function transport failed (network, decoding).
    #[error("the request could not be completed: {0}")]
    Transport(String),
    /// Signing in is needed first (or the session ended).
    #[error("sign in to continue")]
    Unauthorized,
    /// Signed in, but this account may not do this.
    #[error("you do not have permission to do this")]
    Forbidden,
    /// Too many attempts or messages; try again after this many seconds.
    #[error("too many attempts; try again in {retry_after_secs} seconds")]
    TooManyRequests {
        /// Seconds to wait.
        retry_after_secs: i64,
    },
    /// A specific, explainable problem with what the user did; shown in their language.
    #[error("{0}")]
    Problem(Problem),
    /// Some answers on an application form are not acceptable: each field and what is wrong.
    #[error("some answers need attention")]
    InvalidAnswers(Vec<(String, crate::applications::form::FieldProblem)>),
}

/// Problems a person can fix themselves. Each has a message in both languages
/// (see [`crate::accounts::texts`]), so an error page can only ever show our own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum Problem {
    /// Unknown account type.
    #[error("choose an account type")]
    AccountTypeMissing,
    /// The document number has the wrong shape.
    #[error("the document number is not valid for this account type")]
    DocumentNumberInvalid,
    /// First name empty or too long.
    #[error("enter your first name as on your document")]
    FirstNameMissing,
    /// Year of birth not a plausible year.
    #[error("enter your year of birth, like 1990")]
    YearOfBirthInvalid,
    /// The registry did not confirm the person.
    #[error("we could not confirm these details with the registry")]
    IdentityNotConfirmed,
    /// An account already exists for this document.
    #[error("an account already exists for this document")]
    AccountExists,
    /// Bad phone number.
    #[error("enter a Kenyan mobile number like 0712 345 678")]
    PhoneInvalid,
    /// Bad email address.
    #[error("enter an email address like name@example.com")]
    EmailInvalid,
    /// Another account uses this email.
    #[error("another account already uses this email address")]
    EmailTaken,
    /// Password shorter than the minimum.
    #[error("the password must have at least 8 characters")]
    PasswordTooShort,
    /// Password longer than the maximum.
    #[error("the password must have at most 256 characters")]
    PasswordTooLong,
    /// Password on the common list.
    #[error("this password is too common; choose another")]
    PasswordTooCommon,
    /// Password equals the person's own details.
    #[error("the password must not be your ID number, phone or email")]
    PasswordSameAsDetails,
    /// Terms not accepted.
    #[error("accept the terms and privacy notice to continue")]
    ConsentMissing,
    /// Login name or password wrong (never said which).
    #[error("the ID number, email or password is not right")]
    WrongCredentials,
    /// Waiting out consecutive failures.
    #[error("too many failed attempts; wait {wait_secs} seconds")]
    AccountWaiting {
        /// Seconds left.
        wait_secs: i64,
    },
    /// The code is not six digits.
    #[error("enter the 6-digit code")]
    CodeMalformed,
    /// Wrong code.
    #[error("the code is not right; {attempts_left} tries left")]
    CodeWrong {
        /// Tries left on this code.
        attempts_left: u32,
    },
    /// Code past its ten minutes.
    #[error("the code has expired; ask for a new one")]
    CodeExpired,
    /// Code used already, or voided by wrong tries.
    #[error("this code can no longer be used; ask for a new one")]
    CodeUsedUp,
    /// No step is waiting for a code (session ended or finished).
    #[error("this step has expired; start again")]
    StepExpired,
    /// SMS or email provider down.
    #[error("we could not send the code just now; try again in a few minutes")]
    SendFailed,
    /// The account has no email for the email channel.
    #[error("this account has no email address; choose SMS")]
    NoEmailOnAccount,
    /// A sensitive change needs a recent sign-in.
    #[error("for your security, sign in again to make this change")]
    ReauthRequired,
    /// Nobody matches the document number given (staff and agent searches).
    #[error("no account has this document number")]
    NoSuchCitizen,
    /// The service does not exist (or is no longer offered).
    #[error("this service is not available")]
    ServiceUnknown,
    /// The fee option is not one the service offers.
    #[error("choose one of the options this service offers")]
    VariantUnknown,
    /// The application cannot do this in its current state.
    #[error("this application cannot be changed now")]
    ApplicationLocked,
    /// The apply form's `client_id` (its draft's id, made for that form) is not one a form makes.
    #[error("the form's draft id is not valid")]
    ClientIdInvalid,
    /// The form was opened before the application last changed (another officer acted).
    #[error("this application changed since you opened it")]
    ApplicationChanged,
    /// Another officer has taken the application, or took it first.
    #[error("another officer has this application")]
    AlreadyAssigned,
    /// The files sent at once are larger than the portal takes in one request.
    #[error("the files are too large to send together")]
    FilesTooLarge,
    /// A request for information, a rejection or an answer needs a few words of explanation.
    #[error("explain in a few words (up to 1,000 characters)")]
    NoteMissing,
    /// The bill is paid already, or its application no longer takes payment.
    #[error("this bill is already paid or closed")]
    BillClosed,
    /// A payment prompt for this bill is still on its way or unanswered.
    #[error("a payment request for this bill is already in progress")]
    PaymentInProgress,
    /// The amount cannot go through M-Pesa (dollars, cents, over the limit).
    #[error("this bill cannot be paid by M-Pesa")]
    NotPayableByMpesa,
    /// M-Pesa refused or could not be reached; nothing was charged.
    #[error("M-Pesa is not answering just now; nothing was charged")]
    MpesaUnavailable,
    /// The bill's time to pay has passed.
    #[error("this bill has expired")]
    BillExpired,
    /// The citizen has no credit to use.
    #[error("you have no credit to use")]
    NoCredit,
    /// No payment to this agency has that receipt number.
    #[error("no payment to your agency has this receipt number")]
    ReceiptUnknown,
    /// The refund amount is not a positive amount.
    #[error("enter the amount to refund, like 1,050")]
    RefundAmountInvalid,
    /// Refunds would add up to more than the payment.
    #[error("refunds of a payment cannot add up to more than the payment")]
    RefundTooLarge,
    /// The person who asked for a refund cannot also decide it.
    #[error("another person must decide a refund you asked for")]
    RefundSamePerson,
    /// The refund was decided already.
    #[error("this refund has already been decided")]
    RefundDecided,
    /// A proposed fee is not an amount of money (or is implausibly large).
    #[error("enter the new fee as an amount, such as 4,550")]
    FeeAmountInvalid,
    /// The proposed fee is the fee already.
    #[error("the new fee is the same as the current one")]
    FeeUnchanged,
    /// A fee change's date is not a date after today, within a year.
    #[error("choose a date after today and within a year")]
    FeeDateInvalid,
    /// The admin who proposed a fee change cannot also approve or reject it.
    #[error("another admin must decide a fee change you proposed")]
    FeeSamePerson,
    /// The fee change was decided (or withdrawn, or applied) already.
    #[error("this fee change has already been decided")]
    FeeChangeDecided,
    /// A new service's code must start with the agency's code.
    #[error("a new service's code must start with the agency's code")]
    ServiceCodeInvalid,
    /// That service code is already used.
    #[error("that service code is already used")]
    ServiceCodeTaken,
    /// Enter the service's name.
    #[error("enter the service's name")]
    ServiceNameInvalid,
    /// Describe the service in up to 600 characters.
    #[error("describe the service in up to 600 characters")]
    ServiceSummaryInvalid,
    /// Choose a category.
    #[error("choose a category")]
    ServiceCategoryInvalid,
    /// The charter timeline must be 1 to 365 working days.
    #[error("the charter timeline must be 1 to 365 working days")]
    ServiceTimelineInvalid,
    /// Search words may be up to 300 characters.
    #[error("search words may be up to 300 characters")]
    ServiceKeywordsInvalid,
    /// Write one item per line as English | Kiswahili.
    #[error("write one item per line as English | Kiswahili")]
    ServiceListInvalid,
    /// Write each price as code | English | Kiswahili | amount.
    #[error("write each price as code | English | Kiswahili | amount")]
    ServiceFeesInvalid,
    /// Prices of a published service change through fee changes.
    #[error("prices of a published service change through fee changes")]
    FeesNotInDraft,
    /// A field's name must be lower-case letters, digits and underscores.
    #[error("a field's name must be lower-case letters, digits and underscores")]
    FieldNameInvalid,
    /// Another field or document has that name.
    #[error("another field or document has that name")]
    FieldNameTaken,
    /// Enter the label citizens will see.
    #[error("enter the label citizens will see")]
    FieldLabelInvalid,
    /// The smallest and largest values are not a range.
    #[error("the smallest and largest values are not a range")]
    FieldRangeInvalid,
    /// List the choices one per line.
    #[error("list the choices one per line")]
    FieldOptionsInvalid,
    /// Choose a type of field.
    #[error("choose a type of field")]
    FieldKindInvalid,
    /// That field is not in the form.
    #[error("that field is not in the form")]
    FieldUnknown,
    /// The form has as many fields as it may.
    #[error("the form has as many fields as it may")]
    FormTooLong,
    /// The form has no fields.
    #[error("the form has no fields")]
    FormEmpty,
    /// Tick at least one file type.
    #[error("tick at least one file type")]
    DocumentTypesMissing,
    /// The largest file must be 1 to 10 MB.
    #[error("the largest file must be 1 to 10 MB")]
    DocumentSizeInvalid,
    /// This draft changed since you opened it.
    #[error("this draft changed since you opened it")]
    DraftChanged,
    /// Another admin must publish a new service you drafted.
    #[error("another admin must publish a new service you drafted")]
    DraftSamePerson,
    /// No Mlango account has this national ID number (staff are added from existing accounts).
    #[error("no account has this ID number")]
    StaffAccountUnknown,
    /// The account is staff of another agency.
    #[error("this person is staff of another agency")]
    StaffOfOtherAgency,
    /// Platform admins and agents cannot be made agency staff.
    #[error("this account cannot be agency staff")]
    StaffNotEligible,
    /// Not one of the agency staff roles.
    #[error("choose officer, admin or finance")]
    StaffRoleInvalid,
    /// The person is on the agency's team already.
    #[error("this person is already on the team")]
    StaffAlreadyMember,
    /// The person has this role already.
    #[error("this person already has this role")]
    StaffRoleUnchanged,
    /// The person is not (or no longer) on the agency's team.
    #[error("this person is not on the team")]
    StaffNotMember,
    /// An admin cannot remove or demote themselves.
    #[error("another admin must change your own role")]
    StaffSelfChange,
    /// The change would leave the agency without an admin.
    #[error("the agency must keep at least one admin")]
    StaffLastAdmin,
    /// Someone changed the person's role meanwhile.
    #[error("this person's role changed meanwhile")]
    StaffChanged,
    /// No agency has this code.
    #[error("no agency has this code")]
    AgencyUnknown,
    /// An agency with this code exists already.
    #[error("an agency with this code already exists")]
    AgencyExists,
    /// The agency code is not 2–32 of a–z, 0–9 and single hyphens.
    #[error("the agency code is not valid")]
    AgencyCodeInvalid,
    /// Not one of the kinds of agency.
    #[error("choose the kind of agency")]
    AgencyKindInvalid,
    /// Names in English and Kiswahili are needed, each short plain text.
    #[error("give the name in English and in Kiswahili")]
    AgencyNameInvalid,
    /// Descriptions in English and Kiswahili are needed, within the limit.
    #[error("describe the agency in English and in Kiswahili")]
    AgencyDescriptionInvalid,
    /// County governments need their number (1–47); other agencies have none.
    #[error("the county number is not valid for this kind of agency")]
    AgencyCountyInvalid,
    /// The website is not an https:// address.
    #[error("the website must be an https:// address")]
    AgencyWebsiteInvalid,
    /// An API key's label is missing or too long.
    #[error("say what the key is for, in up to 60 characters")]
    ApiKeyLabelInvalid,
    /// The webhook URL is not an https:// (or, for testing, http://) address.
    #[error("the webhook URL must be an https:// address")]
    WebhookUrlInvalid,
    /// The agency has no API key with this id.
    #[error("there is no such API key")]
    ApiKeyUnknown,
    /// The API key was revoked already.
    #[error("this API key has already been revoked")]
    ApiKeyRevoked,
    /// A report period that is not two dates, in order, at most 92 days apart.
    #[error("choose a period of up to 92 days, from a date to a later date")]
    PeriodInvalid,
    /// The agent's access to a citizen has ended.
    #[error("your access for this person has ended; ask them for a new code")]
    AssistEnded,
    /// Nothing to book: the service has no such in-person step, or the application cannot book now.
    #[error("this application cannot book an appointment now")]
    AppointmentNotAllowed,
    /// The office is not one of the agency's.
    #[error("choose one of the agency's offices")]
    OfficeUnknown,
    /// Not a slot of the office's day, already past or too soon, or too far ahead.
    #[error("choose one of the times shown")]
    SlotInvalid,
    /// Every place in the slot was taken.
    #[error("that time has just been fully booked")]
    SlotFull,
    /// An incident must name one of the status page's components.
    #[error("choose what the incident affects")]
    IncidentComponentUnknown,
    /// An incident must say how bad it is.
    #[error("choose how serious the incident is")]
    IncidentSeverityUnknown,
    /// Titles in both languages, short plain text (they are sent by SMS).
    #[error("give a title in English and in Kiswahili, up to 60 characters of plain text each")]
    IncidentTitleInvalid,
    /// Messages in both languages, within the limit.
    #[error("say what is happening in English and in Kiswahili, up to 600 characters each")]
    IncidentMessageInvalid,
    /// No incident has this number.
    #[error("there is no such incident")]
    IncidentUnknown,
    /// The incident was resolved already.
    #[error("this incident has already been resolved")]
    IncidentResolved,
    /// The same form was sent twice; the incident is posted once.
    #[error("this incident has already been posted")]
    IncidentAlreadyPosted,
    /// An office code that is not the agency's code, a hyphen, then lower-case letters, digits
    /// or single hyphens.
    #[error("the office code must be the agency's code, a hyphen, then lower-case letters or digits")]
    OfficeCodeInvalid,
    /// Another office has this code.
    #[error("an office with this code exists already")]
    OfficeCodeTaken,
    /// An office name that is empty or too long.
    #[error("give the office a name of 3 to 100 characters")]
    OfficeNameInvalid,
    /// A town that is empty or too long.
    #[error("give the office's town, 2 to 60 characters")]
    OfficeTownInvalid,
    /// An address that is empty or too long.
    #[error("give the office's address, 5 to 200 characters")]
    OfficeAddressInvalid,
    /// A capacity that is not a whole number from 1 to 50.
    #[error("the places per half hour must be a whole number from 1 to 50")]
    OfficeCapacityInvalid,
    /// The new capacity is below the bookings of a future slot (the first such slot).
    #[error("{booked} citizens are booked at a future time; the capacity cannot go below that")]
    OfficeOverbooked {
        /// The slot's start, Unix seconds.
        starts_at: i64,
        /// Citizens booked in it.
        booked: i64,
    },
    /// A closure date that is not a working day from today up to a year ahead.
    #[error("choose a working day from today up to a year ahead")]
    ClosureDateInvalid,
    /// A closure without a reason, or with a long one.
    #[error("say why the office is closed, in 3 to 200 characters")]
    ClosureReasonInvalid,
    /// The day has bookings; they must be moved before the office closes.
    #[error("{bookings} bookings on that day must be moved first")]
    OfficeDayBooked {
        /// Live bookings on the day.
        bookings: i64,
    },
    /// The office is closed that day already.
    #[error("the office is already closed that day")]
    OfficeAlreadyClosed,
    /// Reopening a day the office is not closed on.
    #[error("the office is not closed that day")]
    OfficeNotClosed,
    /// A citizen chose a day the office is closed.
    #[error("the office is closed that day")]
    OfficeClosedThatDay,
    /// A platform admin must say which agency's offices.
    #[error("choose an agency")]
    OfficeAgencyUnknown,
    /// The reconciliation exception has been resolved already.
    #[error("this exception has already been resolved")]
    ExceptionResolved,
}

impl Problem {
    /// HTTP status for API callers.
    pub fn status_code(self) -> u16 {
        match self {
            Problem::WrongCredentials => 401,
            Problem::AccountWaiting { .. } => 429,
            Problem::AccountExists | Problem::EmailTaken => 409,
            Problem::SendFailed => 503,
            Problem::ReauthRequired | Problem::AssistEnded => 403,
            Problem::ApplicationLocked | Problem::BillClosed | Problem::PaymentInProgress | Problem::BillExpired => 409,
            Problem::ApplicationChanged | Problem::AlreadyAssigned => 409,
            Problem::MpesaUnavailable => 503,
            Problem::RefundDecided | Problem::RefundTooLarge => 409,
            Problem::SlotFull | Problem::AppointmentNotAllowed => 409,
            Problem::FilesTooLarge => 413,
            Problem::RefundSamePerson | Problem::FeeSamePerson => 403,
            Problem::FeeChangeDecided | Problem::FeeUnchanged => 409,
            Problem::ServiceCodeTaken | Problem::FieldNameTaken | Problem::DraftChanged => 409,
            Problem::FeesNotInDraft | Problem::DraftSamePerson => 403,
            Problem::FieldUnknown => 404,
            Problem::StaffAccountUnknown | Problem::StaffNotMember | Problem::AgencyUnknown => 404,
            Problem::ApiKeyUnknown => 404,
            Problem::StaffOfOtherAgency | Problem::StaffNotEligible | Problem::StaffAlreadyMember => 409,
            Problem::StaffRoleUnchanged | Problem::StaffLastAdmin | Problem::StaffChanged => 409,
            Problem::AgencyExists | Problem::ApiKeyRevoked => 409,
            Problem::StaffSelfChange => 403,
            Problem::ReceiptUnknown => 404,
            Problem::ServiceUnknown => 404,
            Problem::NoSuchCitizen => 404,
            Problem::IncidentUnknown => 404,
            Problem::IncidentResolved | Problem::IncidentAlreadyPosted => 409,
            Problem::OfficeCodeTaken | Problem::OfficeOverbooked { .. } | Problem::OfficeDayBooked { .. } => 409,
            Problem::OfficeAlreadyClosed | Problem::OfficeNotClosed | Problem::OfficeClosedThatDay => 409,
            Problem::ExceptionResolved => 409,
            _ => 400,
        }
    }
}

impl AppError {
    /// HTTP status for this error.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::BadRequest(_) => 400,
            AppError::Unavailable { .. } => 503,
            AppError::Internal { .. } | AppError::Transport(_) => 500,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::TooManyRequests { .. } => 429,
            AppError::Problem(p) => p.status_code(),
            AppError::InvalidAnswers(_) => 400,
        }
    }

    /// Logs an internal cause under a fresh correlation id and returns the public error.
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        let reference = new_reference();
        tracing::error!(%reference, error = %cause, "internal error");
        AppError::Internal { reference }
    }

    /// Logs a dependency failure under a fresh correlation id and returns the public error.
    #[cfg(feature = "ssr")]
    pub fn unavailable(cause: impl std::fmt::Display) -> Self {
        let reference = new_reference();
        tracing::warn!(%reference, error = %cause, "dependency unavailable");
        AppError::Unavailable { reference }
    }
}

impl From<Problem> for AppError {
    fn from(p: Problem) -> Self {
        AppError::Problem(p)
    }
}

/// A short correlation id a citizen can read out to support staff.
#[cfg(feature = "ssr")]
pub fn new_reference() -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    id[..10].to_ascii_uppercase()
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Argument decoding failures are the caller's fault and safe to describe.
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::MissingArg(m) | ServerFnErrorErr::Deserialization(m) => {
                AppError::BadRequest(format!("the request is malformed: {m}"))
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}
