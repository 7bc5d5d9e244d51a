//! Words of the account pages and messages, in both languages (the compiler refuses a field
//! missing from either table).

use super::model::AccountType;
use super::otp::Purpose;
use crate::error::{AppError, Problem};
use crate::i18n::Lang;

/// The account pages' strings in one language.
#[derive(Debug)]
pub struct AuthTexts {
    /// Header link.
    pub nav_sign_in: &'static str,
    /// Header link.
    pub nav_sign_up: &'static str,
    /// Header link.
    pub nav_account: &'static str,
    /// Header button.
    pub nav_sign_out: &'static str,
    /// Title of the error box.
    pub error_summary: &'static str,
    /// Message for each problem.
    pub problem: fn(&Problem) -> String,
    /// Message for other errors.
    pub error: fn(&AppError) -> String,
    /// Continue button.
    pub continue_button: &'static str,
    /// Sign-up heading.
    pub signup_heading: &'static str,
    /// Sign-up lead.
    pub signup_lead: &'static str,
    /// Account type question.
    pub account_type_legend: &'static str,
    /// Name of each account type.
    pub account_type: fn(AccountType) -> &'static str,
    /// Which document each account type uses.
    pub document_of: fn(AccountType) -> &'static str,
    /// Document number label.
    pub document_number_label: &'static str,
    /// Document number hint.
    pub document_number_hint: &'static str,
    /// First name label.
    pub first_name_label: &'static str,
    /// First name hint.
    pub first_name_hint: &'static str,
    /// Year of birth label.
    pub year_label: &'static str,
    /// Year of birth hint.
    pub year_hint: &'static str,
    /// Already have an account?
    pub have_account: &'static str,
    /// Contact step heading.
    pub contact_heading: &'static str,
    /// "We found you, {name}."
    pub contact_lead: fn(&str) -> String,
    /// Phone label.
    pub phone_label: &'static str,
    /// Phone hint.
    pub phone_hint: &'static str,
    /// Email label.
    pub email_label: &'static str,
    /// Email hint.
    pub email_hint: &'static str,
    /// Password label.
    pub password_label: &'static str,
    /// Password hint (the policy in plain words).
    pub password_hint: &'static str,
    /// Consent checkbox.
    pub terms_label: &'static str,
    /// What the consent covers.
    pub terms_text: &'static str,
    /// Code page heading per purpose.
    pub verify_heading: fn(Purpose) -> &'static str,
    /// "We sent a 6-digit code to {dest}."
    pub verify_lead: fn(&str) -> String,
    /// Code label.
    pub code_label: &'static str,
    /// Code hint.
    pub code_hint: &'static str,
    /// Resend button.
    pub resend_button: &'static str,
    /// Notice after resending.
    pub code_sent_again: &'static str,
    /// Nothing waiting for a code.
    pub no_step: &'static str,
    /// Sign-in heading.
    pub login_heading: &'static str,
    /// Sign-in label.
    pub login_label: &'static str,
    /// Sign-in hint.
    pub login_hint: &'static str,
    /// Channel question.
    pub channel_legend: &'static str,
    /// SMS option.
    pub channel_sms: &'static str,
    /// Email option.
    pub channel_email: &'static str,
    /// Sign-in button.
    pub login_button: &'static str,
    /// Link to reset.
    pub forgot_password: &'static str,
    /// Link to sign up.
    pub no_account: &'static str,
    /// After a reset.
    pub reset_done: &'static str,
    /// After signing out.
    pub signed_out: &'static str,
    /// Reset heading.
    pub reset_heading: &'static str,
    /// Reset lead.
    pub reset_lead: &'static str,
    /// New password heading.
    pub new_password_heading: &'static str,
    /// Sign out everywhere checkbox.
    pub sign_out_everywhere: &'static str,
    /// Save password button.
    pub save_password: &'static str,
    /// Account page heading.
    pub account_heading: &'static str,
    /// Welcome after sign-up.
    pub welcome: fn(&str) -> String,
    /// Profile labels.
    pub name_label: &'static str,
    /// Profile labels.
    pub document_label: &'static str,
    /// Profile labels.
    pub account_type_label: &'static str,
    /// Profile labels.
    pub member_since: &'static str,
    /// Not given.
    pub not_given: &'static str,
    /// Sessions heading.
    pub sessions_heading: &'static str,
    /// Sessions lead.
    pub sessions_lead: &'static str,
    /// "This device".
    pub this_device: &'static str,
    /// Last active label.
    pub last_active: &'static str,
    /// Signed-in-at label.
    pub signed_in_at: &'static str,
    /// From-address label.
    pub from_address: &'static str,
    /// End one session.
    pub end_session: &'static str,
    /// End others.
    pub end_others: &'static str,
    /// Privacy heading.
    pub privacy_heading: &'static str,
    /// Who viewed heading.
    pub who_viewed_heading: &'static str,
    /// Who viewed lead.
    pub who_viewed_lead: &'static str,
    /// Nobody has viewed.
    pub who_viewed_empty: &'static str,
    /// Table headers: when, who, what.
    pub when: &'static str,
    /// Table header.
    pub who: &'static str,
    /// Table header.
    pub what: &'static str,
    /// Activity heading.
    pub activity_heading: &'static str,
    /// Consents heading.
    pub consents_heading: &'static str,
    /// "Agreed {date}" / withdrawn.
    pub consent_line: fn(&str, &str, &str, Option<&str>) -> String,
    /// Export heading.
    pub export_heading: &'static str,
    /// Export lead.
    pub export_lead: &'static str,
    /// Export button.
    pub export_button: &'static str,
    /// Email subject prefix.
    pub code_subject: &'static str,
    /// What a code is for, in a message.
    pub code_purpose: fn(Purpose) -> &'static str,
    /// The code message.
    pub code_message: fn(&str, &str) -> String,
    /// Sign in required page.
    pub sign_in_required: &'static str,
    /// SMS to the old phone after a contact change.
    pub contact_changed_message: fn(&str) -> String,
    /// Notice after a contact change.
    pub contact_changed: &'static str,
    /// Link on the account page.
    pub change_contact_link: &'static str,
    /// Change contact heading.
    pub change_contact_heading: &'static str,
    /// Change contact lead.
    pub change_contact_lead: &'static str,
    /// Needs a fresh sign-in.
    pub reauth_needed: &'static str,
    /// Sign in again button.
    pub reauth_button: &'static str,
    /// "Current".
    pub current_label: &'static str,
    /// New phone label.
    pub new_phone_label: &'static str,
    /// New email label.
    pub new_email_label: &'static str,
    /// Agent: heading of the assist form.
    pub assist_heading: &'static str,
    /// Agent: how assisted access works.
    pub assist_lead: &'static str,
    /// Agent: document number label.
    pub assist_document_label: &'static str,
    /// Agent: send button.
    pub assist_button: &'static str,
    /// Agent: acting-for heading.
    pub assisting_heading: fn(&str) -> String,
    /// Agent: until when.
    pub assisting_until: fn(&str) -> String,
    /// Agent: end button.
    pub assist_end_button: &'static str,
    /// Agent: link back to the citizen being helped.
    pub assist_continue: &'static str,
    /// Agent code message to the citizen.
    pub assist_message: fn(&str, &str) -> String,
}

/// The account strings of a language.
pub fn auth_texts(lang: Lang) -> &'static AuthTexts {
    match lang {
        Lang::En => &EN,
        Lang::Sw => &SW,
    }
}

fn wait_en(secs: i64) -> String {
    if secs >= 90 { format!("{} minutes", (secs + 59) / 60) } else { format!("{secs} seconds") }
}

fn wait_sw(secs: i64) -> String {
    if secs >= 90 { format!("dakika {}", (secs + 59) / 60) } else { format!("sekunde {secs}") }
}

/// English.
pub static EN: AuthTexts = AuthTexts {
    nav_sign_in: "Sign in",
    nav_sign_up: "Create account",
    nav_account: "My account",
    nav_sign_out: "Sign out",
    error_summary: "There is a problem",
    problem: |p| {
        match p {
        Problem::AccountWaiting { wait_secs } => {
            format!("Too many failed attempts. For your security, wait {} and try again.", wait_en(*wait_secs))
        }
        Problem::CodeWrong { attempts_left: 0 } => "The code is not right. Ask for a new code.".into(),
        Problem::CodeWrong { attempts_left } => {
            format!("The code is not right. You can try {attempts_left} more times.")
        }
        Problem::AccountTypeMissing => "Choose the kind of account you need.".into(),
        Problem::DocumentNumberInvalid => "Enter the document number exactly as it appears on your document.".into(),
        Problem::FirstNameMissing => "Enter your first name as it appears on your document.".into(),
        Problem::YearOfBirthInvalid => "Enter the year you were born in 4 digits, like 1990.".into(),
        Problem::IdentityNotConfirmed => {
            "We could not confirm these details. Check the number, your first name and year of birth as on your document.".into()
        }
        Problem::AccountExists => "An account already exists for this document. Sign in, or reset your password.".into(),
        Problem::PhoneInvalid => "Enter a Kenyan mobile number, like 0712 345 678.".into(),
        Problem::EmailInvalid => "Enter an email address like name@example.com, or leave it empty.".into(),
        Problem::EmailTaken => "Another account already uses this email address.".into(),
        Problem::PasswordTooShort => "Your password must have at least 8 characters. A few words together work well.".into(),
        Problem::PasswordTooLong => "Your password must have 256 characters or fewer.".into(),
        Problem::PasswordTooCommon => "This password is one attackers try first. Choose another.".into(),
        Problem::PasswordSameAsDetails => "Your password must not be your ID number, phone number or email.".into(),
        Problem::ConsentMissing => "To create an account, agree to the terms and privacy notice.".into(),
        Problem::WrongCredentials => "The ID number, email or password is not right.".into(),
        Problem::CodeMalformed => "Enter the 6-digit code from the message.".into(),
        Problem::CodeExpired => "This code has expired. Ask for a new code.".into(),
        Problem::CodeUsedUp => "This code can no longer be used. Ask for a new code.".into(),
        Problem::StepExpired => "This step has timed out. Please start again.".into(),
        Problem::SendFailed => "We could not send your code just now. Try again in a few minutes.".into(),
        Problem::NoEmailOnAccount => "This account has no email address. Choose SMS instead.".into(),
        Problem::ReauthRequired => "For your security, sign in again to make this change.".into(),
        Problem::NoSuchCitizen => "We could not find an account with these details.".into(),
        Problem::AssistEnded => "Your access for this person has ended. Ask them for a new code.".into(),
        Problem::ServiceUnknown => "This service is not available. Search for it again.".into(),
        Problem::VariantUnknown => "Choose one of the options this service offers.".into(),
        Problem::ClientIdInvalid => {
            "This form could not be saved as it was sent. Open the form again and save it; nothing was changed.".into()
        }
        Problem::ApplicationLocked => "This application can no longer be changed this way.".into(),
        Problem::ApplicationChanged => {
            "This application changed since you opened it. Read its history below, then decide again.".into()
        }
        Problem::AlreadyAssigned => {
            "Another officer has this application. The queue shows who; ask them or your agency admin.".into()
        }
        Problem::FilesTooLarge => "The files are too large to send together. Choose them again, each within its size limit.".into(),
        Problem::NoteMissing => "Explain in a few words (up to 1,000 characters).".into(),
        Problem::BillExpired => "The time to pay this bill has passed. Apply again to get a new bill.".into(),
        Problem::NoCredit => "You have no credit left to use on this bill.".into(),
        Problem::AppointmentNotAllowed => {
            "This application cannot book an appointment now: it must be paid and not yet decided.".into()
        }
        Problem::OfficeUnknown => "Choose one of the offices listed.".into(),
        Problem::SlotInvalid => "Choose one of the times shown; times less than an hour away cannot be booked.".into(),
        Problem::SlotFull => "That time has just been fully booked. Choose another time.".into(),
        Problem::IncidentComponentUnknown => "Choose what the incident affects from the list.".into(),
        Problem::IncidentSeverityUnknown => "Choose how serious the incident is from the list.".into(),
        Problem::IncidentTitleInvalid => {
            "Give a title in English and in Kiswahili, each up to 60 characters of plain text (no curly quotes or emoji): titles are sent by SMS.".into()
        }
        Problem::IncidentMessageInvalid => {
            "Say what is happening in English and in Kiswahili, each up to 600 characters.".into()
        }
        Problem::IncidentUnknown => "There is no such incident. Reload the page to see the current list.".into(),
        Problem::IncidentResolved => "This incident has already been resolved. Nothing was changed.".into(),
        Problem::IncidentAlreadyPosted => {
            "This incident has already been posted (the form was sent twice). Nothing more was posted.".into()
        }
        Problem::ReceiptUnknown => "No payment to your agency has this receipt number. Check it on the receipt.".into(),
        Problem::RefundAmountInvalid => "Enter the amount to refund in shillings, for example 1,050.".into(),
        Problem::RefundTooLarge => "Refunds of this payment would add up to more than was paid.".into(),
        Problem::RefundSamePerson => "You asked for this refund, so another finance officer or admin must decide it.".into(),
        Problem::RefundDecided => "This refund has already been decided.".into(),
        Problem::FeeAmountInvalid => "Enter the new fee as an amount in the service's currency, such as 4,550.".into(),
        Problem::FeeUnchanged => "The new fee is the same as the current one.".into(),
        Problem::FeeDateInvalid => {
            "Choose the date the new fee starts: after today and within a year, as YYYY-MM-DD.".into()
        }
        Problem::FeeSamePerson => "Another admin of your agency must approve or reject a change you proposed.".into(),
        Problem::FeeChangeDecided => "This fee change has already been decided.".into(),
        Problem::StaffAccountUnknown => {
            "No Mlango account has this ID number. Ask the person to sign up for Mlango first, then add them.".into()
        }
        Problem::StaffOfOtherAgency => {
            "This person is staff of another agency. That agency must remove them before you can add them.".into()
        }
        Problem::StaffNotEligible => "Platform admins and agents cannot be made agency staff.".into(),
        Problem::StaffRoleInvalid => "Choose a role: officer, admin or finance officer.".into(),
        Problem::StaffAlreadyMember => {
            "This person is already on this agency's team. Nothing was changed; to change their role, use the list.".into()
        }
        Problem::StaffRoleUnchanged => "This person already has this role. Nothing was changed.".into(),
        Problem::StaffNotMember => {
            "This person is not on this agency's team (they may have been removed already). Nothing was changed.".into()
        }
        Problem::StaffSelfChange => "You cannot remove yourself or lower your own role. Ask another admin.".into(),
        Problem::StaffLastAdmin => {
            "The agency must keep at least one admin. Make someone else an admin first. Nothing was changed.".into()
        }
        Problem::StaffChanged => {
            "Someone changed this person's role while you were deciding. Check the list and try again.".into()
        }
        Problem::AgencyUnknown => "No agency has this code. Check it in the list of agencies.".into(),
        Problem::AgencyExists => "An agency with this code already exists. Nothing was changed.".into(),
        Problem::AgencyCodeInvalid => {
            "Give the agency a code of 2 to 32 characters: letters a–z, digits and single hyphens, like kenya-forest.".into()
        }
        Problem::AgencyKindInvalid => "Choose the kind of agency from the list.".into(),
        Problem::AgencyNameInvalid => {
            "Give the agency's name in English and in Kiswahili, each 3 to 160 characters of plain text.".into()
        }
        Problem::AgencyDescriptionInvalid => {
            "Say what the agency does in English and in Kiswahili, each up to 600 characters.".into()
        }
        Problem::AgencyCountyInvalid => {
            "A county government needs its county number, from 1 to 47; leave it empty for other agencies.".into()
        }
        Problem::AgencyWebsiteInvalid => "Give the website as an address starting with https://, or leave it empty.".into(),
        Problem::ApiKeyLabelInvalid => "Say what the key is for (the system that will use it), in up to 60 characters.".into(),
        Problem::WebhookUrlInvalid => {
            "Give the webhook address starting with https:// (http:// only for testing), or leave it empty.".into()
        }
        Problem::ApiKeyUnknown => "This agency has no such API key. Reload the page to see its keys.".into(),
        Problem::ApiKeyRevoked => "This API key has already been revoked. Nothing was changed.".into(),
        Problem::ServiceCodeInvalid => "The service code must start with your agency's code and a hyphen, then use only a–z, 0–9 and single hyphens (3 to 80 characters), for example immigration-work-permit.".into(),
        Problem::ServiceCodeTaken => "That service code is already used by a service or by a draft. Choose another.".into(),
        Problem::ServiceNameInvalid => "Enter the service's name in English (up to 160 characters); the Kiswahili name may be up to 160 characters too.".into(),
        Problem::ServiceSummaryInvalid => "Say in English what the service is and who needs it, in up to 600 characters.".into(),
        Problem::ServiceCategoryInvalid => "Choose one of the categories listed.".into(),
        Problem::ServiceTimelineInvalid => "Enter the charter timeline as a whole number of working days from 1 to 365.".into(),
        Problem::ServiceKeywordsInvalid => "Search words may be up to 300 characters of plain text.".into(),
        Problem::ServiceListInvalid => "Write one item per line as English | Kiswahili (the English part is needed, up to 300 characters each; at most 30 requirements and 10 in-person steps).".into(),
        Problem::ServiceFeesInvalid => "Write each price on its own line as code | English label | Kiswahili label | amount, for example standard | Standard | Kawaida | 1,050. Codes use a–z, 0–9 and hyphens and appear once; up to 20 prices.".into(),
        Problem::FeesNotInDraft => "The prices of a published service change only through a fee change that a second admin approves. Use Fees in the staff area.".into(),
        Problem::FieldNameInvalid => "A field's name must start with a letter and use only lower-case letters, digits and underscores (up to 48), for example date_of_birth.".into(),
        Problem::FieldNameTaken => "Another field or document of this form already has that name. Choose another.".into(),
        Problem::FieldLabelInvalid => "Enter the label citizens will see in English (up to 200 characters); hints may be up to 300.".into(),
        Problem::FieldRangeInvalid => "Enter whole numbers for the limits, the smallest no larger than the largest (lengths up to 5,000).".into(),
        Problem::FieldOptionsInvalid => "List the choices one per line as value | English | Kiswahili, each value once, between 1 and 100 choices.".into(),
        Problem::FieldKindInvalid => "Choose one of the types of field listed.".into(),
        Problem::FieldUnknown => "That field or document is no longer in the form. Reload the page to see the form as it is now.".into(),
        Problem::FormTooLong => "The form already has as many fields (60) or documents (12) as it may. Remove one first.".into(),
        Problem::FormEmpty => "Add at least one field or document to the application form before publishing.".into(),
        Problem::DocumentTypesMissing => "Tick at least one file type the document may be sent as.".into(),
        Problem::DocumentSizeInvalid => "Enter the largest file size as a whole number of megabytes from 1 to 10.".into(),
        Problem::DraftChanged => "This draft was changed, published or discarded since you opened it, so nothing was saved. Look at it as it is now and make your change again.".into(),
        Problem::DraftSamePerson => "A new service sets its own prices, so another admin of your agency must publish it after you have changed it.".into(),
        Problem::PeriodInvalid => "Choose a period of up to 92 days: a start date, then an end date on or after it.".into(),
        Problem::BillClosed => "This bill is already paid, or its application no longer needs payment.".into(),
        Problem::PaymentInProgress => {
            "A payment request for this bill was just sent to a phone. Answer it, or wait two minutes and try again."
                .into()
        }
        Problem::NotPayableByMpesa => {
            "This bill cannot be paid by M-Pesa (it is not in whole Kenya shillings or is over KSh 250,000).".into()
        }
        Problem::MpesaUnavailable => {
            "M-Pesa is not answering just now and nothing was charged. Try again in a few minutes, or pay by Paybill."
                .into()
        }
        Problem::OfficeCodeInvalid => "The office code must be your agency's code, a hyphen, then lower-case letters, digits or single hyphens (up to 60 characters), for example immigration-eldoret.".into(),
        Problem::OfficeCodeTaken => "An office with this code exists already. Choose another code, or change that office in the list.".into(),
        Problem::OfficeNameInvalid => "Give the office a name of 3 to 100 characters, as citizens will see it.".into(),
        Problem::OfficeTownInvalid => "Give the office's town in 2 to 60 characters.".into(),
        Problem::OfficeAddressInvalid => "Give the office's address (building and street) in 5 to 200 characters.".into(),
        Problem::OfficeCapacityInvalid => "Enter the citizens seen per half hour as a whole number from 1 to 50.".into(),
        Problem::OfficeOverbooked { starts_at, booked } => format!(
            "{booked} citizens are booked on {} at {}, so the places per half hour cannot go below {booked}. Nothing was changed; ask them to move first, or choose a larger number.",
            crate::appointments::texts::day_label(crate::i18n::Lang::En, crate::applications::calendar::Date::from_unix_eat(*starts_at)),
            crate::appointments::texts::clock_time(*starts_at)
        ),
        Problem::ClosureDateInvalid => "Choose a working day from today up to a year ahead (weekends and public holidays are closed already).".into(),
        Problem::ClosureReasonInvalid => "Say why the office is closed (for example: staff training) in 3 to 200 characters.".into(),
        Problem::OfficeDayBooked { bookings: 1 } => "1 citizen is booked on that day. The booking must be moved to another day before the office can close. Nothing was changed.".into(),
        Problem::OfficeDayBooked { bookings } => format!("{bookings} citizens are booked on that day. Their bookings must be moved to another day before the office can close. Nothing was changed."),
        Problem::OfficeAlreadyClosed => "The office is already closed that day. Nothing was changed.".into(),
        Problem::OfficeNotClosed => "The office is not closed that day (it may have been reopened already). Nothing was changed.".into(),
        Problem::OfficeClosedThatDay => "The office is closed that day. Choose another day.".into(),
        Problem::OfficeAgencyUnknown => "Choose the agency whose offices you want to manage.".into(),
        Problem::ExceptionResolved => "This exception has already been marked resolved. Nothing was changed.".into(),
    }
    },
    error: |e| match e {
        AppError::Problem(p) => (EN.problem)(p),
        AppError::TooManyRequests { retry_after_secs } => {
            format!("We have sent too many codes. Try again in {}.", wait_en(*retry_after_secs))
        }
        AppError::Unauthorized => "Please sign in to continue.".into(),
        AppError::Forbidden => "Your account cannot do this.".into(),
        AppError::Unavailable { reference } => {
            format!("This service is temporarily unavailable. Try again soon (reference {reference}).")
        }
        AppError::Internal { reference } => {
            format!("Something went wrong on our side. Try again, or contact support with reference {reference}.")
        }
        AppError::NotFound => "We could not find that.".into(),
        AppError::BadRequest(_) | AppError::Transport(_) => "The form could not be read. Please try again.".into(),
        AppError::InvalidAnswers(list) if list.len() == 1 => "One answer needs attention.".into(),
        AppError::InvalidAnswers(list) => format!("{} answers need attention.", list.len()),
    },
    continue_button: "Continue",
    signup_heading: "Create your Mlango account",
    signup_lead: "One account for every government service. We check your details with the national registry, then send a code to your phone.",
    account_type_legend: "Which describes you?",
    account_type: |t| match t {
        AccountType::Citizen => "Kenyan citizen",
        AccountType::Resident => "Foreign resident in Kenya",
        AccountType::Refugee => "Refugee",
        AccountType::Diplomat => "Diplomat",
        AccountType::Foreigner => "Visitor to Kenya",
        AccountType::BusinessRepresentative => "Business representative",
    },
    document_of: |t| match t {
        AccountType::Citizen => "National ID card",
        AccountType::Resident => "Alien (foreign national) ID card",
        AccountType::Refugee => "Refugee ID card",
        AccountType::Diplomat => "Diplomatic ID card",
        AccountType::Foreigner => "Passport",
        AccountType::BusinessRepresentative => "Your own national ID card",
    },
    document_number_label: "Document number",
    document_number_hint: "As printed on the document you chose above.",
    first_name_label: "First name",
    first_name_hint: "As it appears on your document.",
    year_label: "Year of birth",
    year_hint: "For example, 1990.",
    have_account: "Already have an account? Sign in",
    contact_heading: "Your phone, email and password",
    contact_lead: |name| format!("We found you, {name}. Now choose how we reach you and a password."),
    phone_label: "Mobile number",
    phone_hint: "We send a code to this phone now, and updates about your applications later.",
    email_label: "Email address (optional)",
    email_hint: "If you give one, we send a code to check it, and you can sign in with it.",
    password_label: "Password",
    password_hint: "At least 8 characters. Use a few words you will remember; long is better than complicated.",
    terms_label: "I agree to the terms of use and the privacy notice",
    terms_text: "We use your details only to provide government services you ask for, keep them in Kenya, and show you every time an officer views them. You can download your data at any time.",
    verify_heading: |p| match p {
        Purpose::Login => "Enter your sign-in code",
        Purpose::SignupPhone => "Check your phone",
        Purpose::SignupEmail => "Check your email",
        Purpose::PasswordReset => "Enter your reset code",
        Purpose::ChangePhone | Purpose::ChangeEmail => "Confirm your new contact",
        Purpose::AgentConsent => "Enter the citizen's code",
    },
    verify_lead: |dest| format!("We sent a 6-digit code to {dest}. It works once and expires in 10 minutes."),
    code_label: "Code",
    code_hint: "6 digits, for example 123456.",
    resend_button: "Send a new code",
    code_sent_again: "We sent a new code. Use the newest one.",
    no_step: "There is nothing waiting for a code. Sign in or create an account to start.",
    login_heading: "Sign in",
    login_label: "ID number or email",
    login_hint: "The document number or email address you signed up with.",
    channel_legend: "Send my sign-in code by",
    channel_sms: "SMS to my phone",
    channel_email: "Email",
    login_button: "Sign in",
    forgot_password: "Forgotten your password?",
    no_account: "No account yet? Create one",
    reset_done: "Your password has been changed. Sign in with your new password.",
    signed_out: "You have signed out.",
    reset_heading: "Reset your password",
    reset_lead: "Enter your ID number or email. We send a code to your phone or email so you can choose a new password.",
    new_password_heading: "Choose a new password",
    sign_out_everywhere: "Also sign me out on every other phone and computer",
    save_password: "Save new password",
    account_heading: "My account",
    welcome: |name| format!("Welcome to Mlango, {name}. Your account is ready."),
    name_label: "Name",
    document_label: "Document",
    account_type_label: "Account type",
    member_since: "Member since",
    not_given: "Not given",
    sessions_heading: "Where you are signed in",
    sessions_lead: "If you see a device you do not recognise, end it and change your password.",
    this_device: "This device",
    last_active: "Last active",
    signed_in_at: "Signed in",
    from_address: "From address",
    end_session: "Sign out this device",
    end_others: "Sign out all other devices",
    privacy_heading: "Your data and privacy",
    who_viewed_heading: "Who viewed your data",
    who_viewed_lead: "Every time government staff or an agent opens your record, it is listed here.",
    who_viewed_empty: "Nobody has viewed your record.",
    when: "When",
    who: "Who",
    what: "What",
    activity_heading: "Recent account activity",
    consents_heading: "What you agreed to",
    consent_line: |purpose, version, granted, withdrawn| match withdrawn {
        Some(w) => format!("{purpose} (version {version}): agreed {granted}, withdrawn {w}"),
        None => format!("{purpose} (version {version}): agreed {granted}"),
    },
    export_heading: "Download your data",
    export_lead: "A file with everything Mlango holds about you: profile, sessions, consents, activity and who viewed your record.",
    export_button: "Download my data (JSON)",
    code_subject: "Your Mlango code",
    code_purpose: |p| match p {
        Purpose::Login => "to sign in",
        Purpose::SignupPhone | Purpose::SignupEmail => "to confirm your contact details",
        Purpose::PasswordReset => "to reset your password",
        Purpose::ChangePhone | Purpose::ChangeEmail => "to confirm your new contact details",
        Purpose::AgentConsent => "to let an agent act for you",
    },
    code_message: |code, what| {
        format!(
            "Mlango: {code} is your code {what}. It expires in 10 minutes. Never share it; Mlango staff will never ask for it."
        )
    },
    sign_in_required: "Please sign in to see this page.",
    contact_changed_message: |new| {
        format!(
            "Mlango: the contact details on your account were changed to {new}. If this was not you, call the Mlango helpline now."
        )
    },
    contact_changed: "Your contact details have been changed.",
    change_contact_link: "Change phone number or email",
    change_contact_heading: "Change your phone number or email",
    change_contact_lead: "We send a code to the new number or address to check it is yours, and tell your current phone about the change.",
    reauth_needed: "For your security, sign in again before changing how we reach you.",
    reauth_button: "Sign in again",
    current_label: "Current",
    new_phone_label: "New mobile number",
    new_email_label: "New email address",
    assist_heading: "Help a citizen",
    assist_lead: "Enter the citizen's ID number. We send a code to their phone; they read it to you only if they agree. Every action you take for them is shown in their account.",
    assist_document_label: "Citizen's ID number",
    assist_button: "Ask for their code",
    assisting_heading: |name| format!("Acting for {name}"),
    assisting_until: |until| format!("With their consent, until {until}."),
    assist_end_button: "Stop acting for this person",
    assist_continue: "Continue helping the citizen",
    assist_message: |code, agent| {
        format!(
            "Mlango: {agent} (a registered agent) asks to act for you. Only if you agree, give them this code: {code}. It expires in 10 minutes."
        )
    },
};

/// Kiswahili.
pub static SW: AuthTexts = AuthTexts {
    nav_sign_in: "Ingia",
    nav_sign_up: "Fungua akaunti",
    nav_account: "Akaunti yangu",
    nav_sign_out: "Toka",
    error_summary: "Kuna tatizo",
    problem: |p| {
        match p {
        Problem::AccountWaiting { wait_secs } => {
            format!("Majaribio mengi yameshindwa. Kwa usalama wako, subiri {} kisha ujaribu tena.", wait_sw(*wait_secs))
        }
        Problem::CodeWrong { attempts_left: 0 } => "Nambari ya siri si sahihi. Omba nambari mpya.".into(),
        Problem::CodeWrong { attempts_left } => {
            format!("Nambari ya siri si sahihi. Unaweza kujaribu mara {attempts_left} zaidi.")
        }
        Problem::AccountTypeMissing => "Chagua aina ya akaunti unayohitaji.".into(),
        Problem::DocumentNumberInvalid => "Andika nambari ya hati kama ilivyo kwenye hati yako.".into(),
        Problem::FirstNameMissing => "Andika jina lako la kwanza kama lilivyo kwenye hati yako.".into(),
        Problem::YearOfBirthInvalid => "Andika mwaka wa kuzaliwa kwa tarakimu 4, kwa mfano 1990.".into(),
        Problem::IdentityNotConfirmed => {
            "Hatukuweza kuthibitisha maelezo haya. Angalia nambari, jina la kwanza na mwaka wa kuzaliwa kama kwenye hati yako.".into()
        }
        Problem::AccountExists => "Tayari kuna akaunti ya hati hii. Ingia, au badilisha nenosiri.".into(),
        Problem::PhoneInvalid => "Andika nambari ya simu ya Kenya, kwa mfano 0712 345 678.".into(),
        Problem::EmailInvalid => "Andika barua pepe kama jina@mfano.com, au iache wazi.".into(),
        Problem::EmailTaken => "Akaunti nyingine tayari inatumia barua pepe hii.".into(),
        Problem::PasswordTooShort => "Nenosiri lazima liwe na herufi 8 au zaidi. Maneno machache pamoja yanafaa.".into(),
        Problem::PasswordTooLong => "Nenosiri lisizidi herufi 256.".into(),
        Problem::PasswordTooCommon => "Nenosiri hili hujaribiwa kwanza na wadukuzi. Chagua jingine.".into(),
        Problem::PasswordSameAsDetails => "Nenosiri lisiwe nambari yako ya kitambulisho, simu au barua pepe.".into(),
        Problem::ConsentMissing => "Ili kufungua akaunti, kubali masharti na ilani ya faragha.".into(),
        Problem::WrongCredentials => "Nambari ya kitambulisho, barua pepe au nenosiri si sahihi.".into(),
        Problem::CodeMalformed => "Andika nambari ya siri ya tarakimu 6 kutoka kwenye ujumbe.".into(),
        Problem::CodeExpired => "Nambari hii ya siri imepitwa na muda. Omba nambari mpya.".into(),
        Problem::CodeUsedUp => "Nambari hii ya siri haiwezi kutumika tena. Omba nambari mpya.".into(),
        Problem::StepExpired => "Hatua hii imepitwa na muda. Tafadhali anza upya.".into(),
        Problem::SendFailed => "Hatukuweza kutuma nambari yako sasa hivi. Jaribu tena baada ya dakika chache.".into(),
        Problem::NoEmailOnAccount => "Akaunti hii haina barua pepe. Chagua SMS.".into(),
        Problem::ReauthRequired => "Kwa usalama wako, ingia tena ili kufanya badiliko hili.".into(),
        Problem::NoSuchCitizen => "Hatukupata akaunti yenye maelezo haya.".into(),
        Problem::AssistEnded => "Ruhusa yako kwa mtu huyu imeisha. Mwombe nambari mpya.".into(),
        Problem::ServiceUnknown => "Huduma hii haipatikani. Itafute tena.".into(),
        Problem::VariantUnknown => "Chagua mojawapo ya chaguo za huduma hii.".into(),
        Problem::ClientIdInvalid => {
            "Fomu hii haikuweza kuhifadhiwa jinsi ilivyotumwa. Fungua fomu tena na uihifadhi; hakuna kilichobadilishwa.".into()
        }
        Problem::ApplicationLocked => "Ombi hili haliwezi kubadilishwa hivi tena.".into(),
        Problem::ApplicationChanged => {
            "Ombi hili limebadilika tangu ulipolifungua. Soma historia yake hapa chini, kisha uamue tena.".into()
        }
        Problem::AlreadyAssigned => {
            "Afisa mwingine ana ombi hili. Foleni inaonyesha ni nani; muulize yeye au msimamizi wa idara yako.".into()
        }
        Problem::FilesTooLarge => "Faili ni kubwa mno kutumwa pamoja. Zichague tena, kila moja ndani ya kikomo chake.".into(),
        Problem::NoteMissing => "Eleza kwa maneno machache (herufi zisizozidi 1,000).".into(),
        Problem::BillExpired => "Muda wa kulipa ankara hii umepita. Tuma ombi upya ili upate ankara mpya.".into(),
        Problem::NoCredit => "Huna salio lililobaki la kutumia kwenye ankara hii.".into(),
        Problem::AppointmentNotAllowed => {
            "Ombi hili haliwezi kupangiwa miadi sasa: lazima liwe limelipiwa na bado halijaamuliwa.".into()
        }
        Problem::OfficeUnknown => "Chagua mojawapo ya ofisi zilizoorodheshwa.".into(),
        Problem::SlotInvalid => "Chagua mojawapo ya saa zilizoonyeshwa; saa zilizo chini ya saa moja kutoka sasa haziwezi kupangwa.".into(),
        Problem::SlotFull => "Saa hiyo imejaa sasa hivi. Chagua saa nyingine.".into(),
        Problem::IncidentComponentUnknown => "Chagua kinachoathiriwa na tukio kutoka kwenye orodha.".into(),
        Problem::IncidentSeverityUnknown => "Chagua uzito wa tukio kutoka kwenye orodha.".into(),
        Problem::IncidentTitleInvalid => {
            "Andika kichwa kwa Kiingereza na kwa Kiswahili, kila kimoja hadi herufi 60 za maandishi ya kawaida (bila alama za nukuu zilizopinda wala emoji): vichwa hutumwa kwa SMS.".into()
        }
        Problem::IncidentMessageInvalid => {
            "Eleza kinachotokea kwa Kiingereza na kwa Kiswahili, kila kimoja hadi herufi 600.".into()
        }
        Problem::IncidentUnknown => "Hakuna tukio kama hilo. Pakia ukurasa upya kuona orodha ya sasa.".into(),
        Problem::IncidentResolved => "Tukio hili limeshatatuliwa. Hakuna kilichobadilishwa.".into(),
        Problem::IncidentAlreadyPosted => {
            "Tukio hili limeshatangazwa (fomu ilitumwa mara mbili). Hakuna kingine kilichotangazwa.".into()
        }
        Problem::ReceiptUnknown => "Hakuna malipo kwa idara yako yenye nambari hii ya stakabadhi. Iangalie kwenye stakabadhi.".into(),
        Problem::RefundAmountInvalid => "Andika kiasi cha kurejesha kwa shilingi, kwa mfano 1,050.".into(),
        Problem::RefundTooLarge => "Marejesho ya malipo haya yangezidi kiasi kilicholipwa.".into(),
        Problem::RefundSamePerson => "Uliomba marejesho haya, kwa hivyo afisa mwingine wa fedha au msimamizi lazima ayaamue.".into(),
        Problem::RefundDecided => "Marejesho haya yameshaamuliwa.".into(),
        Problem::FeeAmountInvalid => "Andika ada mpya kama kiasi katika sarafu ya huduma, kama 4,550.".into(),
        Problem::FeeUnchanged => "Ada mpya ni sawa na ya sasa.".into(),
        Problem::FeeDateInvalid => {
            "Chagua tarehe ada mpya itaanza: baada ya leo na ndani ya mwaka mmoja, kama YYYY-MM-DD.".into()
        }
        Problem::FeeSamePerson => "Msimamizi mwingine wa idara yako lazima akubali au akatae badiliko ulilopendekeza.".into(),
        Problem::FeeChangeDecided => "Badiliko hili la ada limeshaamuliwa.".into(),
        Problem::StaffAccountUnknown => {
            "Hakuna akaunti ya Mlango yenye nambari hii ya kitambulisho. Mwombe mtu huyo ajisajili kwanza, kisha umwongeze.".into()
        }
        Problem::StaffOfOtherAgency => {
            "Mtu huyu ni mfanyakazi wa idara nyingine. Idara hiyo lazima imwondoe kabla hujamwongeza.".into()
        }
        Problem::StaffNotEligible => "Wasimamizi wa jukwaa na mawakala hawawezi kufanywa wafanyakazi wa idara.".into(),
        Problem::StaffRoleInvalid => "Chagua jukumu: afisa, msimamizi au afisa wa fedha.".into(),
        Problem::StaffAlreadyMember => {
            "Mtu huyu tayari yuko kwenye timu ya idara hii. Hakuna kilichobadilishwa; kubadilisha jukumu lake, tumia orodha.".into()
        }
        Problem::StaffRoleUnchanged => "Mtu huyu tayari ana jukumu hili. Hakuna kilichobadilishwa.".into(),
        Problem::StaffNotMember => {
            "Mtu huyu hayuko kwenye timu ya idara hii (huenda ameshaondolewa). Hakuna kilichobadilishwa.".into()
        }
        Problem::StaffSelfChange => "Huwezi kujiondoa wala kushusha jukumu lako mwenyewe. Mwombe msimamizi mwingine.".into(),
        Problem::StaffLastAdmin => {
            "Idara lazima ibaki na msimamizi angalau mmoja. Mfanye mtu mwingine msimamizi kwanza. Hakuna kilichobadilishwa.".into()
        }
        Problem::StaffChanged => {
            "Mtu mwingine amebadilisha jukumu la mtu huyu ulipokuwa ukiamua. Angalia orodha ujaribu tena.".into()
        }
        Problem::AgencyUnknown => "Hakuna idara yenye msimbo huu. Uangalie kwenye orodha ya idara.".into(),
        Problem::AgencyExists => "Tayari kuna idara yenye msimbo huu. Hakuna kilichobadilishwa.".into(),
        Problem::AgencyCodeInvalid => {
            "Ipe idara msimbo wa herufi 2 hadi 32: herufi a–z, tarakimu na vistari vimoja, kama kenya-forest.".into()
        }
        Problem::AgencyKindInvalid => "Chagua aina ya idara kutoka kwenye orodha.".into(),
        Problem::AgencyNameInvalid => {
            "Andika jina la idara kwa Kiingereza na kwa Kiswahili, kila moja herufi 3 hadi 160 za maandishi ya kawaida.".into()
        }
        Problem::AgencyDescriptionInvalid => {
            "Eleza kazi ya idara kwa Kiingereza na kwa Kiswahili, kila moja hadi herufi 600.".into()
        }
        Problem::AgencyCountyInvalid => {
            "Serikali ya kaunti inahitaji nambari ya kaunti, kutoka 1 hadi 47; iache wazi kwa idara nyingine.".into()
        }
        Problem::AgencyWebsiteInvalid => "Andika tovuti kama anwani inayoanza na https://, au iache wazi.".into(),
        Problem::ApiKeyLabelInvalid => "Eleza ufunguo ni wa nini (mfumo utakaoutumia), kwa herufi hadi 60.".into(),
        Problem::WebhookUrlInvalid => {
            "Andika anwani ya webhook inayoanza na https:// (http:// kwa majaribio tu), au iache wazi.".into()
        }
        Problem::ApiKeyUnknown => "Idara hii haina ufunguo huo wa API. Pakia ukurasa upya kuona funguo zake.".into(),
        Problem::ApiKeyRevoked => "Ufunguo huu wa API umeshafutwa. Hakuna kilichobadilishwa.".into(),
        Problem::ServiceCodeInvalid => "Msimbo wa huduma lazima uanze na msimbo wa idara yako na kistari, kisha utumie herufi a–z, tarakimu 0–9 na kistari kimoja kimoja (herufi 3 hadi 80), kwa mfano immigration-work-permit.".into(),
        Problem::ServiceCodeTaken => "Msimbo huo wa huduma tayari unatumika na huduma au rasimu nyingine. Chagua mwingine.".into(),
        Problem::ServiceNameInvalid => "Andika jina la huduma kwa Kiingereza (hadi herufi 160); jina la Kiswahili pia lisizidi herufi 160.".into(),
        Problem::ServiceSummaryInvalid => "Eleza kwa Kiingereza huduma ni nini na nani anaihitaji, kwa herufi zisizozidi 600.".into(),
        Problem::ServiceCategoryInvalid => "Chagua mojawapo ya aina zilizoorodheshwa.".into(),
        Problem::ServiceTimelineInvalid => "Andika muda wa mkataba wa huduma kama idadi kamili ya siku za kazi kuanzia 1 hadi 365.".into(),
        Problem::ServiceKeywordsInvalid => "Maneno ya utafutaji yasizidi herufi 300 za maandishi ya kawaida.".into(),
        Problem::ServiceListInvalid => "Andika kipengele kimoja kwa kila mstari kama Kiingereza | Kiswahili (sehemu ya Kiingereza inahitajika, herufi zisizozidi 300; mahitaji 30 na hatua za ana kwa ana 10 zaidi).".into(),
        Problem::ServiceFeesInvalid => "Andika kila bei kwenye mstari wake kama msimbo | lebo ya Kiingereza | lebo ya Kiswahili | kiasi, kwa mfano standard | Standard | Kawaida | 1,050. Misimbo hutumia a–z, 0–9 na kistari na hutokea mara moja; bei zisizozidi 20.".into(),
        Problem::FeesNotInDraft => "Bei za huduma iliyochapishwa hubadilishwa tu kupitia badiliko la ada linalokubaliwa na msimamizi wa pili. Tumia Ada katika eneo la wafanyakazi.".into(),
        Problem::FieldNameInvalid => "Jina la sehemu lazima lianze na herufi na litumie herufi ndogo, tarakimu na mistari ya chini tu (hadi 48), kwa mfano date_of_birth.".into(),
        Problem::FieldNameTaken => "Sehemu au hati nyingine ya fomu hii tayari ina jina hilo. Chagua jingine.".into(),
        Problem::FieldLabelInvalid => "Andika lebo ambayo wananchi wataona kwa Kiingereza (hadi herufi 200); maelezo yasizidi herufi 300.".into(),
        Problem::FieldRangeInvalid => "Andika nambari kamili kwa mipaka, ndogo isizidi kubwa (urefu hadi 5,000).".into(),
        Problem::FieldOptionsInvalid => "Orodhesha machaguo moja kwa kila mstari kama thamani | Kiingereza | Kiswahili, kila thamani mara moja, machaguo 1 hadi 100.".into(),
        Problem::FieldKindInvalid => "Chagua mojawapo ya aina za sehemu zilizoorodheshwa.".into(),
        Problem::FieldUnknown => "Sehemu au hati hiyo haimo tena kwenye fomu. Pakia ukurasa upya uone fomu ilivyo sasa.".into(),
        Problem::FormTooLong => "Fomu tayari ina sehemu (60) au hati (12) nyingi kadiri inavyoruhusiwa. Ondoa moja kwanza.".into(),
        Problem::FormEmpty => "Ongeza angalau sehemu au hati moja kwenye fomu ya maombi kabla ya kuchapisha.".into(),
        Problem::DocumentTypesMissing => "Weka alama kwenye angalau aina moja ya faili ambayo hati inaweza kutumwa nayo.".into(),
        Problem::DocumentSizeInvalid => "Andika ukubwa wa faili kubwa zaidi kama idadi kamili ya megabaiti kuanzia 1 hadi 10.".into(),
        Problem::DraftChanged => "Rasimu hii ilibadilishwa, ilichapishwa au ilitupwa tangu ulipoifungua, kwa hiyo hakuna kilichohifadhiwa. Iangalie ilivyo sasa kisha fanya badiliko lako tena.".into(),
        Problem::DraftSamePerson => "Huduma mpya huweka bei zake, kwa hiyo msimamizi mwingine wa idara yako lazima aichapishe baada ya wewe kuibadilisha.".into(),
        Problem::PeriodInvalid => "Chagua kipindi cha hadi siku 92: tarehe ya kuanza, kisha tarehe ya mwisho baada yake.".into(),
        Problem::BillClosed => "Ankara hii imeshalipwa, au ombi lake halihitaji malipo tena.".into(),
        Problem::PaymentInProgress => {
            "Ombi la malipo la ankara hii limetumwa kwa simu sasa hivi. Lijibu, au subiri dakika mbili ujaribu tena."
                .into()
        }
        Problem::NotPayableByMpesa => {
            "Ankara hii haiwezi kulipwa kwa M-Pesa (si shilingi kamili za Kenya au inazidi KSh 250,000).".into()
        }
        Problem::MpesaUnavailable => {
            "M-Pesa haijibu sasa hivi na hukukatwa pesa. Jaribu tena baada ya dakika chache, au lipa kwa Paybill."
                .into()
        }
        Problem::OfficeCodeInvalid => "Nambari ya ofisi lazima iwe nambari ya idara yako, kistari, kisha herufi ndogo, tarakimu au vistari kimoja kimoja (hadi herufi 60), kwa mfano immigration-eldoret.".into(),
        Problem::OfficeCodeTaken => "Tayari kuna ofisi yenye nambari hii. Chagua nambari nyingine, au badilisha ofisi hiyo kwenye orodha.".into(),
        Problem::OfficeNameInvalid => "Ipe ofisi jina la herufi 3 hadi 100, kama wananchi watakavyoliona.".into(),
        Problem::OfficeTownInvalid => "Andika mji wa ofisi kwa herufi 2 hadi 60.".into(),
        Problem::OfficeAddressInvalid => "Andika anwani ya ofisi (jengo na barabara) kwa herufi 5 hadi 200.".into(),
        Problem::OfficeCapacityInvalid => "Andika idadi ya wananchi wanaohudumiwa kila nusu saa kama namba kamili kuanzia 1 hadi 50.".into(),
        Problem::OfficeOverbooked { starts_at, booked } => format!(
            "Wananchi {booked} wamepanga miadi {} saa {}, kwa hivyo nafasi kwa kila nusu saa haziwezi kuwa chini ya {booked}. Hakuna kilichobadilishwa; waombe wahamishe miadi kwanza, au chagua idadi kubwa zaidi.",
            crate::appointments::texts::day_label(crate::i18n::Lang::Sw, crate::applications::calendar::Date::from_unix_eat(*starts_at)),
            crate::appointments::texts::clock_time(*starts_at)
        ),
        Problem::ClosureDateInvalid => "Chagua siku ya kazi kuanzia leo hadi mwaka mmoja ujao (wikendi na sikukuu za umma tayari zimefungwa).".into(),
        Problem::ClosureReasonInvalid => "Eleza kwa nini ofisi imefungwa (kwa mfano: mafunzo ya wafanyakazi) kwa herufi 3 hadi 200.".into(),
        Problem::OfficeDayBooked { bookings: 1 } => "Mwananchi 1 amepanga miadi siku hiyo. Miadi hiyo lazima ihamishwe kwa siku nyingine kabla ofisi haijafungwa. Hakuna kilichobadilishwa.".into(),
        Problem::OfficeDayBooked { bookings } => format!("Wananchi {bookings} wamepanga miadi siku hiyo. Miadi yao lazima ihamishwe kwa siku nyingine kabla ofisi haijafungwa. Hakuna kilichobadilishwa."),
        Problem::OfficeAlreadyClosed => "Ofisi tayari imefungwa siku hiyo. Hakuna kilichobadilishwa.".into(),
        Problem::OfficeNotClosed => "Ofisi haijafungwa siku hiyo (huenda imefunguliwa tayari). Hakuna kilichobadilishwa.".into(),
        Problem::OfficeClosedThatDay => "Ofisi imefungwa siku hiyo. Chagua siku nyingine.".into(),
        Problem::OfficeAgencyUnknown => "Chagua idara ambayo ofisi zake unataka kusimamia.".into(),
        Problem::ExceptionResolved => "Hitilafu hii tayari imewekwa alama kuwa imeshughulikiwa. Hakuna kilichobadilishwa.".into(),
    }
    },
    error: |e| match e {
        AppError::Problem(p) => (SW.problem)(p),
        AppError::TooManyRequests { retry_after_secs } => {
            format!("Tumetuma nambari nyingi mno. Jaribu tena baada ya {}.", wait_sw(*retry_after_secs))
        }
        AppError::Unauthorized => "Tafadhali ingia ili kuendelea.".into(),
        AppError::Forbidden => "Akaunti yako haiwezi kufanya hivi.".into(),
        AppError::Unavailable { reference } => {
            format!("Huduma hii haipatikani kwa muda. Jaribu tena baadaye (kumbukumbu {reference}).")
        }
        AppError::Internal { reference } => {
            format!("Hitilafu imetokea upande wetu. Jaribu tena, au wasiliana nasi ukitaja kumbukumbu {reference}.")
        }
        AppError::NotFound => "Hatukupata hicho.".into(),
        AppError::BadRequest(_) | AppError::Transport(_) => "Fomu haikuweza kusomwa. Tafadhali jaribu tena.".into(),
        AppError::InvalidAnswers(list) if list.len() == 1 => "Jibu moja linahitaji kurekebishwa.".into(),
        AppError::InvalidAnswers(list) => format!("Majibu {} yanahitaji kurekebishwa.", list.len()),
    },
    continue_button: "Endelea",
    signup_heading: "Fungua akaunti yako ya Mlango",
    signup_lead: "Akaunti moja kwa huduma zote za serikali. Tunathibitisha maelezo yako na sajili ya taifa, kisha tunatuma nambari ya siri kwa simu yako.",
    account_type_legend: "Wewe ni nani?",
    account_type: |t| match t {
        AccountType::Citizen => "Raia wa Kenya",
        AccountType::Resident => "Mgeni anayeishi Kenya",
        AccountType::Refugee => "Mkimbizi",
        AccountType::Diplomat => "Mwanadiplomasia",
        AccountType::Foreigner => "Mgeni anayetembelea Kenya",
        AccountType::BusinessRepresentative => "Mwakilishi wa biashara",
    },
    document_of: |t| match t {
        AccountType::Citizen => "Kitambulisho cha taifa",
        AccountType::Resident => "Kitambulisho cha mgeni",
        AccountType::Refugee => "Kitambulisho cha mkimbizi",
        AccountType::Diplomat => "Kitambulisho cha kidiplomasia",
        AccountType::Foreigner => "Pasipoti",
        AccountType::BusinessRepresentative => "Kitambulisho chako cha taifa",
    },
    document_number_label: "Nambari ya hati",
    document_number_hint: "Kama ilivyochapishwa kwenye hati uliyochagua hapo juu.",
    first_name_label: "Jina la kwanza",
    first_name_hint: "Kama lilivyo kwenye hati yako.",
    year_label: "Mwaka wa kuzaliwa",
    year_hint: "Kwa mfano, 1990.",
    have_account: "Una akaunti tayari? Ingia",
    contact_heading: "Simu, barua pepe na nenosiri",
    contact_lead: |name| format!("Tumekupata, {name}. Sasa chagua jinsi ya kukufikia na nenosiri."),
    phone_label: "Nambari ya simu",
    phone_hint: "Tunatuma nambari ya siri kwa simu hii sasa, na taarifa za maombi yako baadaye.",
    email_label: "Barua pepe (si lazima)",
    email_hint: "Ukiiweka, tutatuma nambari ya kuithibitisha, na unaweza kuingia kwayo.",
    password_label: "Nenosiri",
    password_hint: "Herufi 8 au zaidi. Tumia maneno machache utakayokumbuka; refu ni bora kuliko tata.",
    terms_label: "Nakubali masharti ya matumizi na ilani ya faragha",
    terms_text: "Tunatumia maelezo yako kukupa huduma za serikali unazoomba tu, tunayahifadhi Kenya, na tunakuonyesha kila afisa anapoyaangalia. Unaweza kupakua data yako wakati wowote.",
    verify_heading: |p| match p {
        Purpose::Login => "Andika nambari ya kuingia",
        Purpose::SignupPhone => "Angalia simu yako",
        Purpose::SignupEmail => "Angalia barua pepe yako",
        Purpose::PasswordReset => "Andika nambari ya kubadilisha nenosiri",
        Purpose::ChangePhone | Purpose::ChangeEmail => "Thibitisha mawasiliano mapya",
        Purpose::AgentConsent => "Andika nambari ya mwananchi",
    },
    verify_lead: |dest| {
        format!("Tumetuma nambari ya siri ya tarakimu 6 kwa {dest}. Inatumika mara moja na inaisha baada ya dakika 10.")
    },
    code_label: "Nambari ya siri",
    code_hint: "Tarakimu 6, kwa mfano 123456.",
    resend_button: "Tuma nambari mpya",
    code_sent_again: "Tumetuma nambari mpya. Tumia ya karibuni.",
    no_step: "Hakuna hatua inayosubiri nambari ya siri. Ingia au fungua akaunti ili kuanza.",
    login_heading: "Ingia",
    login_label: "Nambari ya kitambulisho au barua pepe",
    login_hint: "Nambari ya hati au barua pepe uliyotumia kujiandikisha.",
    channel_legend: "Nitumie nambari ya kuingia kwa",
    channel_sms: "SMS kwa simu yangu",
    channel_email: "Barua pepe",
    login_button: "Ingia",
    forgot_password: "Umesahau nenosiri?",
    no_account: "Huna akaunti? Fungua moja",
    reset_done: "Nenosiri lako limebadilishwa. Ingia kwa nenosiri jipya.",
    signed_out: "Umetoka.",
    reset_heading: "Badilisha nenosiri",
    reset_lead: "Andika nambari ya kitambulisho au barua pepe. Tutatuma nambari ya siri kwa simu au barua pepe ili uchague nenosiri jipya.",
    new_password_heading: "Chagua nenosiri jipya",
    sign_out_everywhere: "Nitoe pia kwenye simu na kompyuta nyingine zote",
    save_password: "Hifadhi nenosiri jipya",
    account_heading: "Akaunti yangu",
    welcome: |name| format!("Karibu Mlango, {name}. Akaunti yako iko tayari."),
    name_label: "Jina",
    document_label: "Hati",
    account_type_label: "Aina ya akaunti",
    member_since: "Mwanachama tangu",
    not_given: "Haijatolewa",
    sessions_heading: "Mahali umeingia",
    sessions_lead: "Ukiona kifaa usichokitambua, kitoe na ubadilishe nenosiri.",
    this_device: "Kifaa hiki",
    last_active: "Mara ya mwisho",
    signed_in_at: "Aliingia",
    from_address: "Kutoka anwani",
    end_session: "Toa kifaa hiki",
    end_others: "Toa vifaa vingine vyote",
    privacy_heading: "Data yako na faragha",
    who_viewed_heading: "Nani aliangalia data yako",
    who_viewed_lead: "Kila mara mfanyakazi wa serikali au wakala anapofungua rekodi yako, inaorodheshwa hapa.",
    who_viewed_empty: "Hakuna aliyeangalia rekodi yako.",
    when: "Lini",
    who: "Nani",
    what: "Nini",
    activity_heading: "Shughuli za karibuni za akaunti",
    consents_heading: "Ulichokubali",
    consent_line: |purpose, version, granted, withdrawn| match withdrawn {
        Some(w) => format!("{purpose} (toleo {version}): ulikubali {granted}, ukaondoa {w}"),
        None => format!("{purpose} (toleo {version}): ulikubali {granted}"),
    },
    export_heading: "Pakua data yako",
    export_lead: "Faili lenye kila kitu Mlango inachohifadhi kukuhusu: wasifu, vipindi, ridhaa, shughuli na walioangalia rekodi yako.",
    export_button: "Pakua data yangu (JSON)",
    code_subject: "Nambari yako ya Mlango",
    code_purpose: |p| match p {
        Purpose::Login => "ya kuingia",
        Purpose::SignupPhone | Purpose::SignupEmail => "ya kuthibitisha mawasiliano yako",
        Purpose::PasswordReset => "ya kubadilisha nenosiri",
        Purpose::ChangePhone | Purpose::ChangeEmail => "ya kuthibitisha mawasiliano mapya",
        Purpose::AgentConsent => "ya kumruhusu wakala akuhudumie",
    },
    code_message: |code, what| {
        format!(
            "Mlango: {code} ni nambari yako {what}. Inaisha baada ya dakika 10. Usimpe mtu yeyote; wafanyakazi wa Mlango hawataiomba kamwe."
        )
    },
    sign_in_required: "Tafadhali ingia ili kuona ukurasa huu.",
    contact_changed_message: |new| {
        format!(
            "Mlango: mawasiliano ya akaunti yako yamebadilishwa kuwa {new}. Kama si wewe, piga simu kwa msaada wa Mlango sasa."
        )
    },
    contact_changed: "Mawasiliano yako yamebadilishwa.",
    change_contact_link: "Badilisha nambari ya simu au barua pepe",
    change_contact_heading: "Badilisha nambari ya simu au barua pepe",
    change_contact_lead: "Tunatuma nambari ya siri kwa nambari au anwani mpya kuthibitisha ni yako, na tunaarifu simu yako ya sasa kuhusu badiliko.",
    reauth_needed: "Kwa usalama wako, ingia tena kabla ya kubadilisha jinsi tunavyokufikia.",
    reauth_button: "Ingia tena",
    current_label: "Ya sasa",
    new_phone_label: "Nambari mpya ya simu",
    new_email_label: "Barua pepe mpya",
    assist_heading: "Msaidie mwananchi",
    assist_lead: "Andika nambari ya kitambulisho ya mwananchi. Tunatuma nambari ya siri kwa simu yake; atakusomea tu akikubali. Kila unachomfanyia kinaonyeshwa kwenye akaunti yake.",
    assist_document_label: "Nambari ya kitambulisho ya mwananchi",
    assist_button: "Omba nambari yake",
    assisting_heading: |name| format!("Unamhudumia {name}"),
    assisting_until: |until| format!("Kwa ridhaa yake, hadi {until}."),
    assist_end_button: "Acha kumhudumia mtu huyu",
    assist_continue: "Endelea kumhudumia mwananchi",
    assist_message: |code, agent| {
        format!(
            "Mlango: {agent} (wakala aliyesajiliwa) anaomba kukuhudumia. Ukikubali tu, mpe nambari hii: {code}. Inaisha baada ya dakika 10."
        )
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notifications::two_way::segments;

    /// Every SMS the account flows send fits the same budget as the outbox's messages: GSM-7
    /// (a UCS-2 character would cut a part to 70 characters), and a one-time code in one part.
    #[test]
    fn code_and_alert_messages_stay_gsm7_within_their_parts_in_both_languages() {
        for lang in [Lang::En, Lang::Sw] {
            let t = auth_texts(lang);
            for purpose in Purpose::ALL {
                let text = (t.code_message)("123456", (t.code_purpose)(purpose));
                let s = segments(&text);
                assert!(!s.ucs2 && s.parts == 1, "{lang:?} {purpose:?}: {s:?} {text}");
            }
            let agent = "Wanjiru Njeri Kamau-Ochieng Mohamed Abdi";
            for text in [(t.assist_message)("123456", agent), (t.contact_changed_message)("07** *** 123")] {
                let s = segments(&text);
                assert!(!s.ucs2 && s.parts <= 2, "{lang:?}: {s:?} {text}");
            }
        }
    }
}
