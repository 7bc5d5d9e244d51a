//! Words of the officer's queue, in English and Kiswahili.

use super::queue::{CharterStatus, FilterProblem};
use crate::i18n::Lang;

/// The queue's words in one language.
#[derive(Debug)]
pub struct QueueTexts {
    /// A charter status as a tag.
    pub charter: fn(CharterStatus) -> &'static str,
    /// Heading of the counts by charter status.
    pub summary: &'static str,
    /// Label of the search box.
    pub search_label: &'static str,
    /// Label of the charter filter.
    pub charter_label: &'static str,
    /// Label of the state filter.
    pub state_label: &'static str,
    /// Label of the officer filter and column.
    pub officer_label: &'static str,
    /// "Any" in a filter.
    pub any: &'static str,
    /// Only mine.
    pub mine: &'static str,
    /// Only those nobody has.
    pub nobody: &'static str,
    /// The filter button.
    pub show: &'static str,
    /// Link clearing the filters.
    pub clear: &'static str,
    /// Column of the applicant's name.
    pub applicant: &'static str,
    /// Button: take the application.
    pub take: &'static str,
    /// Button: give it back.
    pub give_back: &'static str,
    /// Link to the next page.
    pub next_page: &'static str,
    /// Link to the previous page.
    pub previous_page: &'static str,
    /// What the page links are, for screen readers.
    pub pages_label: &'static str,
    /// No application matches the filters.
    pub none_match: &'static str,
    /// Why a filter was not understood.
    pub bad_filter: fn(FilterProblem) -> &'static str,
    /// Label of the admin's "give to" list.
    pub give_to: &'static str,
    /// The admin's assign button.
    pub assign: &'static str,
}

/// The queue's words in `lang`.
pub fn queue_texts(lang: Lang) -> &'static QueueTexts {
    match lang {
        Lang::En => &EN,
        Lang::Sw => &SW,
    }
}

static EN: QueueTexts = QueueTexts {
    charter: |s| match s {
        CharterStatus::OnTime => "On time",
        CharterStatus::AtRisk => "At risk",
        CharterStatus::Breached => "Charter breached",
        CharterStatus::Paused => "Waiting for the citizen",
    },
    summary: "Against the service charter",
    search_label: "Reference, applicant's name or ID number",
    charter_label: "Charter",
    state_label: "Status",
    officer_label: "Officer",
    any: "Any",
    mine: "Mine",
    nobody: "Nobody yet",
    show: "Show",
    clear: "Clear filters",
    applicant: "Applicant",
    take: "Take it",
    give_back: "Give back",
    next_page: "Next applications",
    previous_page: "Previous applications",
    pages_label: "Pages of the queue",
    none_match: "No applications match these filters.",
    bad_filter: |p| match p {
        FilterProblem::Charter => "Choose a charter status from the list.",
        FilterProblem::State => "Choose a status from the list.",
        FilterProblem::SearchTooLong => "Search with at most 60 characters.",
        FilterProblem::Page => "That page of the queue no longer exists. Start again from the first page.",
    },
    give_to: "Give it to",
    assign: "Assign",
};

static SW: QueueTexts = QueueTexts {
    charter: |s| match s {
        CharterStatus::OnTime => "Kwa wakati",
        CharterStatus::AtRisk => "Hatarini",
        CharterStatus::Breached => "Mkataba umevunjwa",
        CharterStatus::Paused => "Inasubiri mwananchi",
    },
    summary: "Kulingana na mkataba wa huduma",
    search_label: "Kumbukumbu, jina la mwombaji au nambari ya kitambulisho",
    charter_label: "Mkataba",
    state_label: "Hali",
    officer_label: "Afisa",
    any: "Yoyote",
    mine: "Yangu",
    nobody: "Bado hakuna",
    show: "Onyesha",
    clear: "Ondoa vichujio",
    applicant: "Mwombaji",
    take: "Lichukue",
    give_back: "Lirudishe",
    next_page: "Maombi yanayofuata",
    previous_page: "Maombi yaliyotangulia",
    pages_label: "Kurasa za foleni",
    none_match: "Hakuna maombi yanayolingana na vichujio hivi.",
    bad_filter: |p| match p {
        FilterProblem::Charter => "Chagua hali ya mkataba kutoka kwenye orodha.",
        FilterProblem::State => "Chagua hali kutoka kwenye orodha.",
        FilterProblem::SearchTooLong => "Tafuta kwa herufi 60 au chache.",
        FilterProblem::Page => "Ukurasa huo wa foleni haupo tena. Anza tena kutoka ukurasa wa kwanza.",
    },
    give_to: "Mpe",
    assign: "Kabidhi",
};

/// The performance page's words in one language.
#[derive(Debug)]
pub struct PerformanceTexts {
    /// Page heading.
    pub heading: &'static str,
    /// The window, e.g. "The last 30 days".
    pub window: fn(i64) -> String,
    /// Applications received.
    pub received: &'static str,
    /// Applications decided.
    pub decided: &'static str,
    /// Share decided within the charter.
    pub on_time: &'static str,
    /// Share that breached it.
    pub breached: &'static str,
    /// Mean time to decide.
    pub mean_days: &'static str,
    /// Days, for the mean.
    pub days: fn(f64) -> String,
    /// Citizens' rating.
    pub rating: &'static str,
    /// "4.2 out of 5 from 12 ratings".
    pub rating_value: fn(f64, i64) -> String,
    /// No figure yet.
    pub none_yet: &'static str,
    /// Chart: received per day.
    pub received_chart: &'static str,
    /// Chart: decided per day.
    pub decided_chart: &'static str,
    /// Chart: ratings.
    pub ratings_chart: &'static str,
    /// What a chart shows, for screen readers: heading, total, busiest value.
    pub chart_desc: fn(&str, i64, i64) -> String,
    /// Disclosure with the chart's figures.
    pub show_figures: &'static str,
    /// Table column: day.
    pub day: &'static str,
    /// Table column: score.
    pub score: &'static str,
    /// Table column: count.
    pub count: &'static str,
    /// Link from the staff home page.
    pub link: &'static str,
}

/// The performance page's words in `lang`.
pub fn performance_texts(lang: Lang) -> &'static PerformanceTexts {
    match lang {
        Lang::En => &PERF_EN,
        Lang::Sw => &PERF_SW,
    }
}

static PERF_EN: PerformanceTexts = PerformanceTexts {
    heading: "How your agency is doing",
    window: |n| format!("The last {n} days."),
    received: "Applications received",
    decided: "Applications decided",
    on_time: "Decided within the charter",
    breached: "Decided after the charter date",
    mean_days: "Average time to decide",
    days: |d| format!("{d:.1} days"),
    rating: "Citizens' rating",
    rating_value: |mean, n| format!("{mean:.1} out of 5, from {n} ratings"),
    none_yet: "None yet",
    received_chart: "Applications received each day",
    decided_chart: "Applications decided each day",
    ratings_chart: "Ratings given, from 1 (poor) to 5 (very good)",
    chart_desc: |what, total, top| format!("{what}: {total} in all; the highest bar is {top}."),
    show_figures: "Show the figures",
    day: "Day",
    score: "Score",
    count: "Number",
    link: "How your agency is doing",
};

static PERF_SW: PerformanceTexts = PerformanceTexts {
    heading: "Utendaji wa idara yako",
    window: |n| format!("Siku {n} zilizopita."),
    received: "Maombi yaliyopokelewa",
    decided: "Maombi yaliyoamuliwa",
    on_time: "Yaliyoamuliwa ndani ya mkataba",
    breached: "Yaliyoamuliwa baada ya tarehe ya mkataba",
    mean_days: "Muda wa wastani wa kuamua",
    days: |d| format!("siku {d:.1}"),
    rating: "Tathmini ya wananchi",
    rating_value: |mean, n| format!("{mean:.1} kati ya 5, kutoka tathmini {n}"),
    none_yet: "Bado hakuna",
    received_chart: "Maombi yaliyopokelewa kila siku",
    decided_chart: "Maombi yaliyoamuliwa kila siku",
    ratings_chart: "Tathmini zilizotolewa, kutoka 1 (duni) hadi 5 (nzuri sana)",
    chart_desc: |what, total, top| format!("{what}: {total} kwa jumla; safu ndefu zaidi ni {top}."),
    show_figures: "Onyesha takwimu",
    day: "Siku",
    score: "Alama",
    count: "Idadi",
    link: "Utendaji wa idara yako",
};

/// The fees page's words in one language.
#[derive(Debug)]
pub struct FeeTexts {
    /// Page heading and the staff home link.
    pub heading: &'static str,
    /// How maker-checker works, in a sentence.
    pub lead: &'static str,
    /// Heading of the proposal form.
    pub propose_heading: &'static str,
    /// Label of the service choice.
    pub service_label: &'static str,
    /// Button: choose the service (step one without JavaScript).
    pub choose_service: &'static str,
    /// Label of the option choice.
    pub option_label: &'static str,
    /// An option with its current price.
    pub option_now: fn(&str, &str) -> String,
    /// Label of the new amount.
    pub amount_label: &'static str,
    /// Hint of the new amount.
    pub amount_hint: &'static str,
    /// Label of the date.
    pub date_label: &'static str,
    /// Hint of the date.
    pub date_hint: &'static str,
    /// Label of the reason.
    pub reason_label: &'static str,
    /// Hint of the reason.
    pub reason_hint: &'static str,
    /// Button: propose.
    pub propose: &'static str,
    /// Heading of the list of changes.
    pub changes_heading: &'static str,
    /// No changes yet.
    pub no_changes: &'static str,
    /// A change's state.
    pub state: fn(super::fees::FeeChangeState) -> &'static str,
    /// "KES 4,550.00 → KES 5,000.00 from 2027-01-01".
    pub change_line: fn(&str, &str, &str) -> String,
    /// Proposed by someone, with the reason.
    pub proposed_by: fn(&str, &str) -> String,
    /// Shown to the proposer of a pending change.
    pub waiting_for_other: &'static str,
    /// Label of the decision note.
    pub note_label: &'static str,
    /// Approve.
    pub approve: &'static str,
    /// Reject.
    pub reject: &'static str,
    /// Withdraw.
    pub withdraw: &'static str,
}

/// The fees page's words in `lang`.
pub fn fee_texts(lang: Lang) -> &'static FeeTexts {
    match lang {
        Lang::En => &FEES_EN,
        Lang::Sw => &FEES_SW,
    }
}

static FEES_EN: FeeTexts = FeeTexts {
    heading: "Fees",
    lead: "A new fee needs a second admin of your agency to approve it, and starts on the date you set. Applications already made keep their price.",
    propose_heading: "Propose a new fee",
    service_label: "Service",
    choose_service: "Choose",
    option_label: "Option",
    option_now: |label, now| format!("{label} (now {now})"),
    amount_label: "New fee",
    amount_hint: "In the service's currency, for example 4,550. Enter 0 to make it free.",
    date_label: "Starts on",
    date_hint: "A date after today, within a year (YYYY-MM-DD).",
    reason_label: "Reason",
    reason_hint: "For example the gazette notice or Finance Act that sets it.",
    propose: "Propose the change",
    changes_heading: "Fee changes",
    no_changes: "No fee changes yet.",
    state: |s| match s {
        super::fees::FeeChangeState::Proposed => "Waiting for a second admin",
        super::fees::FeeChangeState::Approved => "Approved: starts on its date",
        super::fees::FeeChangeState::Rejected => "Rejected",
        super::fees::FeeChangeState::Applied => "In force",
        super::fees::FeeChangeState::Withdrawn => "Withdrawn",
    },
    change_line: |old, new, from| format!("{old} → {new} from {from}"),
    proposed_by: |who, why| format!("Proposed by {who}: {why}"),
    waiting_for_other: "You proposed this; another admin must approve or reject it.",
    note_label: "Note (needed to reject)",
    approve: "Approve",
    reject: "Reject",
    withdraw: "Withdraw",
};

static FEES_SW: FeeTexts = FeeTexts {
    heading: "Ada",
    lead: "Ada mpya inahitaji msimamizi wa pili wa idara yako aikubali, na inaanza tarehe utakayoweka. Maombi yaliyokwisha tumwa yanabaki na bei yake.",
    propose_heading: "Pendekeza ada mpya",
    service_label: "Huduma",
    choose_service: "Chagua",
    option_label: "Chaguo",
    option_now: |label, now| format!("{label} (sasa {now})"),
    amount_label: "Ada mpya",
    amount_hint: "Katika sarafu ya huduma, kwa mfano 4,550. Andika 0 kuifanya bure.",
    date_label: "Inaanza tarehe",
    date_hint: "Tarehe baada ya leo, ndani ya mwaka mmoja (YYYY-MM-DD).",
    reason_label: "Sababu",
    reason_hint: "Kwa mfano tangazo la gazeti au Sheria ya Fedha inayoiweka.",
    propose: "Pendekeza badiliko",
    changes_heading: "Mabadiliko ya ada",
    no_changes: "Bado hakuna mabadiliko ya ada.",
    state: |s| match s {
        super::fees::FeeChangeState::Proposed => "Inasubiri msimamizi wa pili",
        super::fees::FeeChangeState::Approved => "Imekubaliwa: inaanza tarehe yake",
        super::fees::FeeChangeState::Rejected => "Imekataliwa",
        super::fees::FeeChangeState::Applied => "Inatumika",
        super::fees::FeeChangeState::Withdrawn => "Imeondolewa",
    },
    change_line: |old, new, from| format!("{old} → {new} kuanzia {from}"),
    proposed_by: |who, why| format!("Imependekezwa na {who}: {why}"),
    waiting_for_other: "Wewe ulipendekeza hili; msimamizi mwingine lazima alikubali au alikatae.",
    note_label: "Maelezo (yanahitajika kukataa)",
    approve: "Kubali",
    reject: "Kataa",
    withdraw: "Ondoa",
};

/// The audit-log viewer's words in one language.
#[derive(Debug)]
pub struct AuditTexts {
    /// Page heading and the staff home link.
    pub heading: &'static str,
    /// What it is.
    pub lead: &'static str,
    /// Label and column: kind.
    pub kind_label: &'static str,
    /// Label: ID number.
    pub id_label: &'static str,
    /// Filter button.
    pub show: &'static str,
    /// Clear the filters.
    pub clear: &'static str,
    /// No events.
    pub none: &'static str,
    /// Column: when.
    pub when: &'static str,
    /// Column: whose account.
    pub account: &'static str,
    /// Column: who did it.
    pub actor: &'static str,
    /// Column: client address.
    pub address: &'static str,
    /// Column: details.
    pub detail: &'static str,
    /// Link to older events.
    pub older: &'static str,
    /// Link to newer events.
    pub newer: &'static str,
    /// What the page links are, for screen readers.
    pub pages_label: &'static str,
    /// Why a filter was not understood.
    pub bad_filter: fn(super::audit::AuditFilterProblem) -> &'static str,
}

/// The audit-log viewer's words in `lang`.
pub fn audit_texts(lang: Lang) -> &'static AuditTexts {
    match lang {
        Lang::En => &AUDIT_EN,
        Lang::Sw => &AUDIT_SW,
    }
}

static AUDIT_EN: AuditTexts = AuditTexts {
    heading: "Audit log",
    lead: "Every sign-in, refusal and administrative change, newest first.",
    kind_label: "Kind",
    id_label: "ID number of the account",
    show: "Show",
    clear: "Clear filters",
    none: "No events match.",
    when: "When (EAT)",
    account: "Account",
    actor: "Done by",
    address: "Address",
    detail: "Details",
    older: "Older events",
    newer: "Newer events",
    pages_label: "Pages of the log",
    bad_filter: |p| match p {
        super::audit::AuditFilterProblem::Kind => "A kind is lower-case words joined by _, such as login_failed.",
        super::audit::AuditFilterProblem::IdNumber => "Enter the ID number in digits only.",
        super::audit::AuditFilterProblem::Page => "That page of the log does not exist. Start again from the newest.",
    },
};

static AUDIT_SW: AuditTexts = AuditTexts {
    heading: "Kumbukumbu za ukaguzi",
    lead: "Kila kuingia, kukataliwa na badiliko la kiutawala, cha karibuni kwanza.",
    kind_label: "Aina",
    id_label: "Nambari ya kitambulisho ya akaunti",
    show: "Onyesha",
    clear: "Ondoa vichujio",
    none: "Hakuna matukio yanayolingana.",
    when: "Lini (EAT)",
    account: "Akaunti",
    actor: "Imefanywa na",
    address: "Anwani",
    detail: "Maelezo",
    older: "Matukio ya zamani zaidi",
    newer: "Matukio mapya zaidi",
    pages_label: "Kurasa za kumbukumbu",
    bad_filter: |p| match p {
        super::audit::AuditFilterProblem::Kind => {
            "Aina ni maneno ya herufi ndogo yaliyounganishwa na _, kama login_failed."
        }
        super::audit::AuditFilterProblem::IdNumber => "Andika nambari ya kitambulisho kwa tarakimu tu.",
        super::audit::AuditFilterProblem::Page => "Ukurasa huo wa kumbukumbu haupo. Anza tena kutoka cha karibuni.",
    },
};
