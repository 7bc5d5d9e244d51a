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
            Problem::ReceiptUnknown => 404,
            Problem::ServiceUnknown => 404,
            Problem::NoSuchCitizen => 404,
            Problem::IncidentUnknown => 404,
            Problem::IncidentResolved | Problem::IncidentAlreadyPosted => 409,
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
