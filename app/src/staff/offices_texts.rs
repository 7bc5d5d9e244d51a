//! Words of the offices page (`/staff/offices`), in English and Kiswahili.

use crate::i18n::Lang;

/// The offices page's words in one language.
#[derive(Debug)]
pub struct OfficeTexts {
    /// Page heading and the staff home link.
    pub heading: &'static str,
    /// What the page is for.
    pub lead: &'static str,
    /// Label of the platform admin's agency list.
    pub agency_label: &'static str,
    /// Button showing the chosen agency's offices.
    pub choose_agency: &'static str,
    /// A platform admin has not chosen an agency yet.
    pub choose_agency_first: &'static str,
    /// The agency has no office.
    pub no_offices: &'static str,
    /// Column: the office.
    pub office: &'static str,
    /// Column and label: the office code.
    pub code: &'static str,
    /// Column and label: the town.
    pub town: &'static str,
    /// Column and label: the address.
    pub address: &'static str,
    /// Column and label: citizens per half-hour slot.
    pub capacity: &'static str,
    /// Hint under the capacity.
    pub capacity_hint: &'static str,
    /// Column: bookings in the coming two weeks.
    pub booked: &'static str,
    /// Column: days closed ahead.
    pub closed: &'static str,
    /// No closure ahead.
    pub none: &'static str,
    /// Label: the office's name.
    pub name: &'static str,
    /// Hint under a new office's code.
    pub code_hint: fn(&str) -> String,
    /// Heading: add an office.
    pub add_heading: &'static str,
    /// Add button.
    pub add: &'static str,
    /// Opens an office's change form.
    pub change: &'static str,
    /// Save button.
    pub save: &'static str,
    /// Opens the closing form.
    pub close_heading: &'static str,
    /// Label: the day to close.
    pub day: &'static str,
    /// Hint under the day.
    pub day_hint: &'static str,
    /// Label: why it closes.
    pub reason: &'static str,
    /// Hint under the reason.
    pub reason_hint: &'static str,
    /// Close button.
    pub close: &'static str,
    /// Reopen button (with the day, for screen readers).
    pub reopen: fn(&str) -> String,
    /// "Closed on 2026-12-07: staff training (by A. Admin)".
    pub closure_line: fn(&str, &str, &str) -> String,
    /// Notice after a change, by what was done.
    pub done: fn(&str) -> Option<&'static str>,
}

/// The offices page's words in `lang`.
pub fn office_texts(lang: Lang) -> &'static OfficeTexts {
    match lang {
        Lang::En => &EN,
        Lang::Sw => &SW,
    }
}

static EN: OfficeTexts = OfficeTexts {
    heading: "Offices and appointments",
    lead: "The offices where citizens come for biometrics, collection and inspections, the citizens each sees per half hour, and the days it is closed. A change never cancels a booking: lower the places or close a day only once the citizens booked have moved.",
    agency_label: "Agency",
    choose_agency: "Show its offices",
    choose_agency_first: "Choose an agency to see and manage its offices.",
    no_offices: "This agency has no office taking bookings yet. Add one below.",
    office: "Office",
    code: "Office code",
    town: "Town",
    address: "Address",
    capacity: "Citizens per half hour",
    capacity_hint: "A whole number from 1 to 50.",
    booked: "Booked, next 14 days",
    closed: "Closed days ahead",
    none: "None",
    name: "Name citizens see",
    code_hint: |agency| {
        format!(
            "Starts with {agency}- then lower-case letters, digits or hyphens, for example {agency}-eldoret. It cannot be changed later."
        )
    },
    add_heading: "Add an office",
    add: "Add the office",
    change: "Change details",
    save: "Save changes",
    close_heading: "Close on a day",
    day: "Day",
    day_hint: "A working day from today up to a year ahead. Citizens will not be offered it.",
    reason: "Why",
    reason_hint: "For example: staff training, or a county holiday.",
    close: "Close that day",
    reopen: |day| format!("Reopen on {day}"),
    closure_line: |day, reason, by| format!("{day}: {reason} (closed by {by})"),
    done: |what| match what {
        "added" => Some("The office was added. Citizens can book it from now on."),
        "saved" => Some("The office's details were saved."),
        "closed" => Some("The office is closed that day: citizens are no longer offered it."),
        "reopened" => Some("The office is open that day again."),
        _ => None,
    },
};

static SW: OfficeTexts = OfficeTexts {
    heading: "Ofisi na miadi",
    lead: "Ofisi ambazo wananchi huja kwa alama za vidole, kuchukua hati na ukaguzi, idadi ya wananchi kila moja inahudumia kwa nusu saa, na siku imefungwa. Badiliko halighairi miadi: punguza nafasi au funga siku pale tu wananchi waliopanga miadi wamehamisha.",
    agency_label: "Idara",
    choose_agency: "Onyesha ofisi zake",
    choose_agency_first: "Chagua idara ili kuona na kusimamia ofisi zake.",
    no_offices: "Idara hii bado haina ofisi inayopokea miadi. Ongeza moja hapa chini.",
    office: "Ofisi",
    code: "Nambari ya ofisi",
    town: "Mji",
    address: "Anwani",
    capacity: "Wananchi kwa kila nusu saa",
    capacity_hint: "Namba kamili kuanzia 1 hadi 50.",
    booked: "Miadi, siku 14 zijazo",
    closed: "Siku zitakazofungwa",
    none: "Hakuna",
    name: "Jina wananchi wataloliona",
    code_hint: |agency| {
        format!(
            "Inaanza na {agency}- kisha herufi ndogo, tarakimu au vistari, kwa mfano {agency}-eldoret. Haiwezi kubadilishwa baadaye."
        )
    },
    add_heading: "Ongeza ofisi",
    add: "Ongeza ofisi",
    change: "Badilisha maelezo",
    save: "Hifadhi mabadiliko",
    close_heading: "Funga siku fulani",
    day: "Siku",
    day_hint: "Siku ya kazi kuanzia leo hadi mwaka mmoja ujao. Wananchi hawataonyeshwa siku hiyo.",
    reason: "Sababu",
    reason_hint: "Kwa mfano: mafunzo ya wafanyakazi, au sikukuu ya kaunti.",
    close: "Funga siku hiyo",
    reopen: |day| format!("Fungua tena {day}"),
    closure_line: |day, reason, by| format!("{day}: {reason} (imefungwa na {by})"),
    done: |what| match what {
        "added" => Some("Ofisi imeongezwa. Wananchi wanaweza kupanga miadi kuanzia sasa."),
        "saved" => Some("Maelezo ya ofisi yamehifadhiwa."),
        "closed" => Some("Ofisi imefungwa siku hiyo: wananchi hawaonyeshwi tena."),
        "reopened" => Some("Ofisi iko wazi tena siku hiyo."),
        _ => None,
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_say_what_was_done() {
        for lang in [Lang::En, Lang::Sw] {
            let t = office_texts(lang);
            for what in ["added", "saved", "closed", "reopened"] {
                assert!((t.done)(what).is_some(), "{lang:?} {what}");
            }
            assert_eq!((t.done)("<script>"), None);
            assert!((t.code_hint)("ntsa").contains("ntsa-eldoret"));
        }
    }
}
