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
