//! Words of the application pages, in both languages.

use super::form::FieldProblem;
use super::state::State;
use crate::i18n::Lang;

/// The application pages' strings in one language.
#[derive(Debug)]
pub struct AppTexts {
    /// "Apply" button on a service page.
    pub apply: &'static str,
    /// Apply page heading.
    pub apply_heading: fn(&str) -> String,
    /// Lead on the apply page.
    pub apply_lead: &'static str,
    /// Option question.
    pub option_legend: &'static str,
    /// "KSh 6,050 + KSh 50 convenience fee = KSh 6,100".
    pub option_price: fn(&str, &str, &str) -> String,
    /// Save draft button.
    pub save_draft: &'static str,
    /// Submit button.
    pub submit: &'static str,
    /// Hint under the buttons.
    pub submit_hint: &'static str,
    /// Declaration checkbox wording.
    pub declare: &'static str,
    /// Date hint.
    pub date_hint: &'static str,
    /// Each field problem.
    pub field_problem: fn(&FieldProblem) -> String,
    /// My applications heading.
    pub mine_heading: &'static str,
    /// None yet.
    pub mine_empty: &'static str,
    /// State names.
    pub state: fn(State) -> &'static str,
    /// Detail: reference label.
    pub reference: &'static str,
    /// Detail: service label.
    pub service: &'static str,
    /// Detail: option label.
    pub option: &'static str,
    /// Detail: status label.
    pub status: &'static str,
    /// Detail: due date label.
    pub due: &'static str,
    /// "in N working days" / "today" / "N working days late".
    pub due_in: fn(i64) -> String,
    /// Invoice heading.
    pub invoice_heading: &'static str,
    /// Bill reference label.
    pub bill_ref: &'static str,
    /// Government fee label.
    pub fee: &'static str,
    /// Convenience fee label.
    pub convenience: &'static str,
    /// Total label.
    pub total: &'static str,
    /// Where the payment step is.
    pub pay_note: &'static str,
    /// History heading.
    pub history_heading: &'static str,
    /// Continue the draft link.
    pub continue_draft: &'static str,
    /// Withdraw button.
    pub withdraw: &'static str,
    /// Your answers heading.
    pub answers_heading: &'static str,
    /// Sign in to apply.
    pub sign_in_to_apply: &'static str,
    /// Officer: queue heading.
    pub queue_heading: &'static str,
    /// Officer: nothing waiting.
    pub queue_empty: &'static str,
    /// Officer: applicant label.
    pub applicant: &'static str,
    /// Officer: decision heading.
    pub decide_heading: &'static str,
    /// Officer actions.
    pub start_review: &'static str,
    /// Officer actions.
    pub approve: &'static str,
    /// Officer actions.
    pub request_info: &'static str,
    /// Officer actions.
    pub reject: &'static str,
    /// Note label for requests and rejections.
    pub note_label: &'static str,
    /// Note hint.
    pub note_hint: &'static str,
    /// Citizen: the officer's message heading.
    pub officer_asks: &'static str,
    /// Citizen and staff: the charter date was missed (heading, history line, queue flag).
    pub late: &'static str,
    /// Citizen: the apology, with the missed and the new date.
    pub late_apology: fn(&str, &str) -> String,
    /// Citizen: answer label.
    pub answer_label: &'static str,
    /// Citizen: answer button.
    pub answer_button: &'static str,
    /// Snapshot label.
    pub snapshot: &'static str,
    /// Officer: issue button.
    pub issue: &'static str,
    /// Citizen: document heading.
    pub document_heading: &'static str,
    /// Citizen: download link.
    pub download: &'static str,
    /// Citizen: verification link.
    pub verify_link: &'static str,
    /// Apply form and detail pages: the uploaded documents' heading.
    pub documents_heading: &'static str,
    /// Apply form: how documents are sent.
    pub documents_lead: &'static str,
    /// "JPEG or PNG, up to 2 MB."
    pub document_rule: fn(&str, &str) -> String,
    /// The word between the last two file types.
    pub or_word: &'static str,
    /// After an optional document's label.
    pub optional: &'static str,
    /// An uploaded file on the apply form: name and size.
    pub uploaded: fn(&str, &str) -> String,
    /// A required document not uploaded yet (detail pages).
    pub not_uploaded: &'static str,
    /// Officer: the citizen's rating label.
    pub rating: &'static str,
    /// Officer: not rated.
    pub not_rated: &'static str,
}

/// The application strings of a language.
pub fn app_texts(lang: Lang) -> &'static AppTexts {
    match lang {
        Lang::En => &EN,
        Lang::Sw => &SW,
    }
}

/// English.
pub static EN: AppTexts = AppTexts {
    apply: "Apply online",
    apply_heading: |service| format!("Apply: {service}"),
    apply_lead: "Your answers are saved as a draft whenever you press Save, so you can finish on another phone or computer.",
    option_legend: "Which option do you need?",
    option_price: |fee, conv, total| format!("{fee} + {conv} convenience fee = {total}"),
    save_draft: "Save draft",
    submit: "Submit application",
    submit_hint: "After you submit, your answers cannot be changed. If there is a fee, you pay next.",
    declare: "I declare that the information I have given is true",
    date_hint: "Choose the date, or type it like 2026-11-23.",
    field_problem: |p| match p {
        FieldProblem::Required => "Answer this question.".into(),
        FieldProblem::TooShort { min } => format!("Use at least {min} characters."),
        FieldProblem::TooLong { max } => format!("Use at most {max} characters."),
        FieldProblem::NotANumber => "Enter a whole number, like 3.".into(),
        FieldProblem::OutOfRange { min, max } => format!("Enter a number from {min} to {max}."),
        FieldProblem::NotADate => "Enter a date like 2026-11-23 or 23/11/2026.".into(),
        FieldProblem::InFuture => "The date cannot be in the future.".into(),
        FieldProblem::InPast => "The date cannot be in the past.".into(),
        FieldProblem::NotAChoice => "Choose one of the options.".into(),
        FieldProblem::NotAPhone => "Enter a Kenyan mobile number, like 0712 345 678.".into(),
        FieldProblem::NotAnEmail => "Enter an email address like name@example.com.".into(),
        FieldProblem::NotANationalId => "Enter a national ID number, 6 to 9 digits.".into(),
        FieldProblem::NotAKraPin => "Enter a KRA PIN like A123456789Z.".into(),
        FieldProblem::NotDeclared => "Tick the box to confirm.".into(),
        FieldProblem::UnknownField => "This form has changed. Please check your answers.".into(),
        FieldProblem::Unprintable => "Remove line breaks and special characters.".into(),
        FieldProblem::NoFile => "Upload this document.".into(),
        FieldProblem::FileEmpty => "The file is empty. Choose the file again.".into(),
        FieldProblem::FileTooLarge { max_bytes } => {
            format!("The file must be {} or smaller.", super::uploads::size_label(*max_bytes))
        }
        FieldProblem::FileType { accepted } => {
            format!("The file must be a {}.", super::uploads::types_label(accepted, "or"))
        }
    },
    mine_heading: "My applications",
    mine_empty: "You have no applications yet. Find a service and apply online.",
    state: |s| match s {
        State::Draft => "Draft",
        State::Submitted => "Submitted",
        State::AwaitingPayment => "Waiting for payment",
        State::Queued => "Waiting for the agency",
        State::InReview => "Being reviewed",
        State::NeedsInfo => "More information needed",
        State::Resubmitted => "Information sent",
        State::Approved => "Approved",
        State::Issued => "Issued",
        State::Rejected => "Rejected",
        State::Withdrawn => "Withdrawn",
        State::Expired => "Expired",
    },
    reference: "Reference",
    service: "Service",
    option: "Option",
    status: "Status",
    due: "Promised by",
    due_in: |n| match n {
        0 => "today".into(),
        1 => "in 1 working day".into(),
        n if n > 0 => format!("in {n} working days"),
        n => format!("{} working days late", -n),
    },
    invoice_heading: "Payment",
    bill_ref: "Bill reference",
    fee: "Government fee",
    convenience: "Convenience fee",
    total: "Total to pay",
    pay_note: "Pay with M-Pesa using this bill reference. The agency starts work once the payment is confirmed, and the charter clock starts then.",
    history_heading: "History",
    continue_draft: "Continue this application",
    withdraw: "Withdraw this application",
    answers_heading: "Your answers",
    sign_in_to_apply: "Sign in to apply",
    queue_heading: "Applications to process",
    queue_empty: "No applications are waiting for your agency.",
    applicant: "Applicant",
    decide_heading: "Decision",
    start_review: "Start review",
    approve: "Approve",
    request_info: "Ask the applicant for more information",
    reject: "Reject",
    note_label: "Message to the applicant",
    note_hint: "Needed when asking for information or rejecting: say exactly what is missing or why.",
    officer_asks: "The agency asks",
    late: "Late: the promised date was missed",
    late_apology: |missed, new| {
        format!(
            "We are sorry. The agency promised a decision by {missed} and did not keep that promise. \
             It has set a new date: {new}. The agency's managers have been told."
        )
    },
    answer_label: "Your answer",
    answer_button: "Send answer",
    snapshot: "Fingerprint of what was submitted",
    issue: "Issue the document",
    document_heading: "Your document",
    download: "Download your document (PDF)",
    verify_link: "How others check it is genuine",
    documents_heading: "Documents",
    documents_lead: "Choose a photo or scan of each document. They are checked and kept with your draft when you press Save draft or Submit.",
    document_rule: |types, size| format!("{types}, up to {size}."),
    or_word: "or",
    optional: " (optional)",
    uploaded: |name, size| format!("Uploaded: {name} ({size}). Choose a file only to replace it."),
    not_uploaded: "Not uploaded",
    rating: "Citizen's rating",
    not_rated: "Not rated yet",
};

/// Kiswahili.
pub static SW: AppTexts = AppTexts {
    apply: "Omba mtandaoni",
    apply_heading: |service| format!("Omba: {service}"),
    apply_lead: "Majibu yako huhifadhiwa kama rasimu kila unapobonyeza Hifadhi, ili uweze kumalizia kwenye simu au kompyuta nyingine.",
    option_legend: "Unahitaji chaguo gani?",
    option_price: |fee, conv, total| format!("{fee} + ada ya huduma {conv} = {total}"),
    save_draft: "Hifadhi rasimu",
    submit: "Tuma ombi",
    submit_hint: "Ukishatuma, majibu yako hayawezi kubadilishwa. Kama kuna ada, utalipa baadaye.",
    declare: "Ninathibitisha kwamba maelezo niliyotoa ni ya kweli",
    date_hint: "Chagua tarehe, au iandike kama 2026-11-23.",
    field_problem: |p| match p {
        FieldProblem::Required => "Jibu swali hili.".into(),
        FieldProblem::TooShort { min } => format!("Tumia herufi {min} au zaidi."),
        FieldProblem::TooLong { max } => format!("Tumia herufi zisizozidi {max}."),
        FieldProblem::NotANumber => "Andika nambari kamili, kwa mfano 3.".into(),
        FieldProblem::OutOfRange { min, max } => format!("Andika nambari kati ya {min} na {max}."),
        FieldProblem::NotADate => "Andika tarehe kama 2026-11-23 au 23/11/2026.".into(),
        FieldProblem::InFuture => "Tarehe haiwezi kuwa ya baadaye.".into(),
        FieldProblem::InPast => "Tarehe haiwezi kuwa iliyopita.".into(),
        FieldProblem::NotAChoice => "Chagua mojawapo ya chaguo.".into(),
        FieldProblem::NotAPhone => "Andika nambari ya simu ya Kenya, kwa mfano 0712 345 678.".into(),
        FieldProblem::NotAnEmail => "Andika barua pepe kama jina@mfano.com.".into(),
        FieldProblem::NotANationalId => "Andika nambari ya kitambulisho, tarakimu 6 hadi 9.".into(),
        FieldProblem::NotAKraPin => "Andika PIN ya KRA kama A123456789Z.".into(),
        FieldProblem::NotDeclared => "Weka alama kwenye kisanduku kuthibitisha.".into(),
        FieldProblem::UnknownField => "Fomu hii imebadilika. Tafadhali angalia majibu yako.".into(),
        FieldProblem::Unprintable => "Ondoa mistari mipya na alama maalum.".into(),
        FieldProblem::NoFile => "Pakia hati hii.".into(),
        FieldProblem::FileEmpty => "Faili haina kitu. Chagua faili tena.".into(),
        FieldProblem::FileTooLarge { max_bytes } => {
            format!("Faili isizidi {}.", super::uploads::size_label(*max_bytes))
        }
        FieldProblem::FileType { accepted } => {
            format!("Faili lazima iwe {}.", super::uploads::types_label(accepted, "au"))
        }
    },
    mine_heading: "Maombi yangu",
    mine_empty: "Bado huna maombi. Tafuta huduma na uombe mtandaoni.",
    state: |s| match s {
        State::Draft => "Rasimu",
        State::Submitted => "Limetumwa",
        State::AwaitingPayment => "Linasubiri malipo",
        State::Queued => "Linasubiri idara",
        State::InReview => "Linakaguliwa",
        State::NeedsInfo => "Maelezo zaidi yanahitajika",
        State::Resubmitted => "Maelezo yametumwa",
        State::Approved => "Limeidhinishwa",
        State::Issued => "Limetolewa",
        State::Rejected => "Limekataliwa",
        State::Withdrawn => "Limeondolewa",
        State::Expired => "Limepitwa na muda",
    },
    reference: "Kumbukumbu",
    service: "Huduma",
    option: "Chaguo",
    status: "Hali",
    due: "Imeahidiwa kufikia",
    due_in: |n| match n {
        0 => "leo".into(),
        1 => "baada ya siku 1 ya kazi".into(),
        n if n > 0 => format!("baada ya siku {n} za kazi"),
        n => format!("imechelewa siku {} za kazi", -n),
    },
    invoice_heading: "Malipo",
    bill_ref: "Nambari ya ankara",
    fee: "Ada ya serikali",
    convenience: "Ada ya huduma",
    total: "Jumla ya kulipa",
    pay_note: "Lipa kwa M-Pesa ukitumia nambari hii ya ankara. Idara huanza kazi malipo yakithibitishwa, na saa ya mkataba wa huduma huanza hapo.",
    history_heading: "Historia",
    continue_draft: "Endelea na ombi hili",
    withdraw: "Ondoa ombi hili",
    answers_heading: "Majibu yako",
    sign_in_to_apply: "Ingia ili kuomba",
    queue_heading: "Maombi ya kushughulikia",
    queue_empty: "Hakuna maombi yanayosubiri idara yako.",
    applicant: "Mwombaji",
    decide_heading: "Uamuzi",
    start_review: "Anza kukagua",
    approve: "Idhinisha",
    request_info: "Muombe mwombaji maelezo zaidi",
    reject: "Kataa",
    note_label: "Ujumbe kwa mwombaji",
    note_hint: "Unahitajika unapoomba maelezo au kukataa: eleza hasa kinachokosekana au kwa nini.",
    officer_asks: "Idara inauliza",
    late: "Imechelewa: tarehe iliyoahidiwa imepita",
    late_apology: |missed, new| {
        format!(
            "Samahani. Idara iliahidi uamuzi kufikia {missed} na haikutimiza ahadi hiyo. \
             Imeweka tarehe mpya: {new}. Wasimamizi wa idara wamearifiwa."
        )
    },
    answer_label: "Jibu lako",
    answer_button: "Tuma jibu",
    snapshot: "Alama ya kidijitali ya kilichotumwa",
    issue: "Toa hati",
    document_heading: "Hati yako",
    download: "Pakua hati yako (PDF)",
    verify_link: "Jinsi wengine wanavyothibitisha ni halali",
    documents_heading: "Nyaraka",
    documents_lead: "Chagua picha au nakala iliyochanganuliwa ya kila hati. Hukaguliwa na kuhifadhiwa pamoja na rasimu yako unapobonyeza Hifadhi rasimu au Tuma ombi.",
    document_rule: |types, size| format!("{types}, hadi {size}."),
    or_word: "au",
    optional: " (si lazima)",
    uploaded: |name, size| format!("Imepakiwa: {name} ({size}). Chagua faili ili kuibadilisha tu."),
    not_uploaded: "Haijapakiwa",
    rating: "Tathmini ya mwananchi",
    not_rated: "Bado haijatathminiwa",
};
