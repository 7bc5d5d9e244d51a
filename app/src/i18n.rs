//! The translation layer. Every user-facing string lives in one [`Texts`] table per language,
//! so the compiler refuses a string that exists in one language and not the other.

use serde::{Deserialize, Serialize};

/// A language the portal speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Lang {
    /// English.
    #[default]
    #[serde(rename = "en")]
    En,
    /// Kiswahili.
    #[serde(rename = "sw")]
    Sw,
}

impl Lang {
    /// BCP 47 tag, used in `<html lang>` and the language cookie.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Sw => "sw",
        }
    }

    /// Parses "en" / "sw" (and "en-KE", "sw-KE"), case-insensitively.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        match s.split(['-', '_']).next() {
            Some("en") => Some(Lang::En),
            Some("sw") => Some(Lang::Sw),
            _ => None,
        }
    }

    /// Picks the first supported language from an Accept-Language header.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        header.split(',').filter_map(|part| Lang::parse(part.split(';').next().unwrap_or(""))).next()
    }

    /// The strings of this language.
    pub fn t(self) -> &'static Texts {
        match self {
            Lang::En => &EN,
            Lang::Sw => &SW,
        }
    }

    /// The other language, for the switcher.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Sw,
            Lang::Sw => Lang::En,
        }
    }
}

/// All user-facing strings of one language. Add a field here and the compiler asks for it in
/// both [`EN`] and [`SW`].
#[derive(Debug)]
pub struct Texts {
    /// Name of this language in itself, for the switcher.
    pub language_name: &'static str,
    /// Label of the language switcher.
    pub language_switch_label: &'static str,
    /// Site tagline under the logo.
    pub tagline: &'static str,
    /// Skip link for keyboard users.
    pub skip_to_content: &'static str,
    /// Main navigation label.
    pub nav_label: &'static str,
    /// Nav: home.
    pub nav_home: &'static str,
    /// Nav: all agencies.
    pub nav_agencies: &'static str,
    /// Home page heading.
    pub home_heading: &'static str,
    /// Home page lead paragraph.
    pub home_lead: &'static str,
    /// Label of the search box.
    pub search_label: &'static str,
    /// Hint under the search box.
    pub search_hint: &'static str,
    /// Search button.
    pub search_button: &'static str,
    /// Heading of popular services.
    pub popular_heading: &'static str,
    /// Heading of the agencies section.
    pub agencies_heading: &'static str,
    /// Lead of the agencies page.
    pub agencies_lead: &'static str,
    /// Kind names.
    pub kind_ministry: &'static str,
    /// Kind names.
    pub kind_state_department: &'static str,
    /// Kind names.
    pub kind_state_agency: &'static str,
    /// Kind names.
    pub kind_constitutional: &'static str,
    /// Kind names.
    pub kind_county: &'static str,
    /// "{n} services" on agency cards.
    pub services_count: fn(u64) -> String,
    /// Link to see all agencies.
    pub see_all_agencies: &'static str,
    /// Search results heading.
    pub results_heading: &'static str,
    /// "{n} services match “{q}”".
    pub results_count: fn(u64, &str) -> String,
    /// No results.
    pub no_results: fn(&str) -> String,
    /// Advice when there are no results.
    pub no_results_advice: &'static str,
    /// Empty query.
    pub empty_query: &'static str,
    /// Pagination label.
    pub pagination_label: &'static str,
    /// Previous page.
    pub previous_page: &'static str,
    /// Next page.
    pub next_page: &'static str,
    /// "Page {p} of {n}".
    pub page_of: fn(u64, u64) -> String,
    /// "From KSh …" on service cards.
    pub fee_from: &'static str,
    /// Free of charge.
    pub free: &'static str,
    /// "{n} working days".
    pub working_days: fn(u16) -> String,
    /// Agency page: services heading.
    pub agency_services_heading: &'static str,
    /// Agency page: website label.
    pub website: &'static str,
    /// Service page: cost heading.
    pub cost_heading: &'static str,
    /// Cost table: option column.
    pub cost_option: &'static str,
    /// Cost table: government fee column.
    pub cost_fee: &'static str,
    /// Cost table: convenience fee column.
    pub cost_convenience: &'static str,
    /// Cost table: total column.
    pub cost_total: &'static str,
    /// Explains the convenience fee.
    pub convenience_note: &'static str,
    /// Explains a waived convenience fee.
    pub convenience_waived: &'static str,
    /// Service page: timeline heading.
    pub timeline_heading: &'static str,
    /// Explains the charter promise.
    pub timeline_note: fn(u16) -> String,
    /// Service page: requirements heading.
    pub requirements_heading: &'static str,
    /// Service page: documents heading.
    pub documents_heading: &'static str,
    /// Accepted types and size of a document.
    pub document_rules: fn(&str, u32) -> String,
    /// Optional marker.
    pub optional: &'static str,
    /// Service page: form heading.
    pub form_heading: &'static str,
    /// Service page: how to apply heading.
    pub how_to_apply_heading: &'static str,
    /// Step: sign in.
    pub step_sign_in: &'static str,
    /// Step: fill the form.
    pub step_fill_form: &'static str,
    /// Step: pay.
    pub step_pay: &'static str,
    /// Step: no payment.
    pub step_no_payment: &'static str,
    /// Step: wait for the outcome.
    pub step_outcome: fn(u16) -> String,
    /// Service page: in-person heading.
    pub in_person_heading: &'static str,
    /// Breadcrumb label.
    pub breadcrumb_label: &'static str,
    /// Service code label.
    pub service_code: &'static str,
    /// Offered by.
    pub offered_by: &'static str,
    /// Not found heading.
    pub not_found_heading: &'static str,
    /// Not found text.
    pub not_found_text: &'static str,
    /// Generic error heading.
    pub error_heading: &'static str,
    /// Generic error text with a reference.
    pub error_text: fn(&str) -> String,
    /// Suggestions list label.
    pub suggestions_label: &'static str,
    /// Screen-reader count of suggestions.
    pub suggestions_count: fn(usize) -> String,
    /// Footer text.
    pub footer_text: &'static str,
    /// Footer: API link.
    pub footer_api: &'static str,
    /// Footer link to low-data pages (no scripts, no images).
    pub footer_low_data: &'static str,
    /// Footer link back from low-data pages.
    pub footer_full_data: &'static str,
    /// Footer: link to the service status page.
    pub footer_status: &'static str,
    /// Category names, indexed like [`crate::catalogue::model::Category::ALL`].
    pub categories: [&'static str; 14],
}

/// English.
pub static EN: Texts = Texts {
    language_name: "English",
    language_switch_label: "Language",
    tagline: "One door to every government service",
    skip_to_content: "Skip to main content",
    nav_label: "Main",
    nav_home: "Home",
    nav_agencies: "Agencies",
    home_heading: "Find a government service",
    home_lead: "Search over 22,000 services from national government and all 47 counties. See what each costs, what you need and how long it takes.",
    search_label: "What do you need?",
    search_hint: "For example: passport, driving licence, business permit, good conduct",
    search_button: "Search",
    popular_heading: "Popular services",
    agencies_heading: "Government agencies",
    agencies_lead: "Ministries, state departments, agencies and county governments offering services on Mlango.",
    kind_ministry: "Ministries",
    kind_state_department: "State departments",
    kind_state_agency: "State agencies and authorities",
    kind_constitutional: "Commissions, independent offices and the Judiciary",
    kind_county: "County governments",
    services_count: |n| if n == 1 { "1 service".into() } else { format!("{n} services") },
    see_all_agencies: "See all agencies",
    results_heading: "Search results",
    results_count: |n, q| {
        if n == 1 { format!("1 service matches “{q}”") } else { format!("{n} services match “{q}”") }
    },
    no_results: |q| format!("No services match “{q}”"),
    no_results_advice: "Check the spelling, use fewer words, or browse the agencies below.",
    empty_query: "Type what you are looking for, for example “passport”.",
    pagination_label: "Pages",
    previous_page: "Previous",
    next_page: "Next",
    page_of: |p, n| format!("Page {p} of {n}"),
    fee_from: "From",
    free: "Free",
    working_days: |d| if d == 1 { "1 working day".into() } else { format!("{d} working days") },
    agency_services_heading: "Services",
    website: "Website",
    cost_heading: "What it costs",
    cost_option: "Option",
    cost_fee: "Government fee",
    cost_convenience: "Convenience fee",
    cost_total: "You pay",
    convenience_note: "The convenience fee is set by Gazette Notice 1422 of 2023 and is shown before you pay. There are no other charges.",
    convenience_waived: "The convenience fee is waived for this service.",
    timeline_heading: "How long it takes",
    timeline_note: |d| {
        format!(
            "The agency's service charter promises a decision within {d} working days of a complete, paid application. Weekends and public holidays are not counted."
        )
    },
    requirements_heading: "What you need",
    documents_heading: "Documents to upload",
    document_rules: |types, bytes| format!("{types}, up to {} MB", bytes.div_ceil(1024 * 1024)),
    optional: "optional",
    form_heading: "Information you will be asked for",
    how_to_apply_heading: "How to apply",
    step_sign_in: "Sign in to Mlango, or create an account with your ID number and phone.",
    step_fill_form: "Fill in the application form and upload the documents. Your draft is saved as you go.",
    step_pay: "Pay by M-Pesa. You get a receipt by SMS.",
    step_no_payment: "This service is free: nothing to pay.",
    step_outcome: |d| format!("Follow your application online. The agency decides within {d} working days."),
    in_person_heading: "You will also need to go in person",
    breadcrumb_label: "You are here",
    service_code: "Service code",
    offered_by: "Offered by",
    not_found_heading: "Page not found",
    not_found_text: "If you typed the web address, check it is correct. If you followed a link, the service may have moved: search for it instead.",
    error_heading: "Sorry, something went wrong",
    error_text: |r| format!("Please try again in a few minutes. If it keeps happening, quote reference {r}."),
    suggestions_label: "Suggested services",
    suggestions_count: |n| if n == 1 { "1 suggestion".into() } else { format!("{n} suggestions") },
    footer_text: "Mlango is open-source software for government e-services.",
    footer_api: "Open API for agencies",
    footer_low_data: "Use less data",
    footer_full_data: "Use all features (more data)",
    footer_status: "Service status",
    categories: [
        "Identity and travel",
        "Transport and driving",
        "Business",
        "Land and property",
        "Health",
        "Education",
        "Police and justice",
        "Tax",
        "Tourism and wildlife",
        "Agriculture",
        "Environment and resources",
        "Work and social protection",
        "County fees and charges",
        "Other services",
    ],
};

/// Kiswahili.
pub static SW: Texts = Texts {
    language_name: "Kiswahili",
    language_switch_label: "Lugha",
    tagline: "Mlango mmoja wa huduma zote za serikali",
    skip_to_content: "Ruka hadi maudhui",
    nav_label: "Kuu",
    nav_home: "Nyumbani",
    nav_agencies: "Taasisi",
    home_heading: "Tafuta huduma ya serikali",
    home_lead: "Tafuta kati ya huduma zaidi ya 22,000 za serikali ya kitaifa na kaunti zote 47. Ona gharama, mahitaji na muda wa kila huduma.",
    search_label: "Unahitaji nini?",
    search_hint: "Kwa mfano: pasipoti, leseni ya udereva, kibali cha biashara, tabia njema",
    search_button: "Tafuta",
    popular_heading: "Huduma maarufu",
    agencies_heading: "Taasisi za serikali",
    agencies_lead: "Wizara, idara za serikali, mashirika na serikali za kaunti zinazotoa huduma kupitia Mlango.",
    kind_ministry: "Wizara",
    kind_state_department: "Idara za serikali",
    kind_state_agency: "Mashirika na mamlaka za serikali",
    kind_constitutional: "Tume, ofisi huru na Mahakama",
    kind_county: "Serikali za kaunti",
    services_count: |n| if n == 1 { "Huduma 1".into() } else { format!("Huduma {n}") },
    see_all_agencies: "Ona taasisi zote",
    results_heading: "Matokeo ya utafutaji",
    results_count: |n, q| {
        if n == 1 {
            format!("Huduma 1 inalingana na “{q}”")
        } else {
            format!("Huduma {n} zinalingana na “{q}”")
        }
    },
    no_results: |q| format!("Hakuna huduma inayolingana na “{q}”"),
    no_results_advice: "Kagua tahajia, tumia maneno machache, au pitia taasisi zilizo hapa chini.",
    empty_query: "Andika unachotafuta, kwa mfano “pasipoti”.",
    pagination_label: "Kurasa",
    previous_page: "Iliyotangulia",
    next_page: "Inayofuata",
    page_of: |p, n| format!("Ukurasa {p} kati ya {n}"),
    fee_from: "Kuanzia",
    free: "Bure",
    working_days: |d| if d == 1 { "Siku 1 ya kazi".into() } else { format!("Siku {d} za kazi") },
    agency_services_heading: "Huduma",
    website: "Tovuti",
    cost_heading: "Gharama",
    cost_option: "Chaguo",
    cost_fee: "Ada ya serikali",
    cost_convenience: "Ada ya huduma",
    cost_total: "Utalipa",
    convenience_note: "Ada ya huduma imewekwa na Tangazo la Gazeti Na. 1422 la 2023 na huonyeshwa kabla ya kulipa. Hakuna malipo mengine.",
    convenience_waived: "Ada ya huduma imeondolewa kwa huduma hii.",
    timeline_heading: "Muda unaochukua",
    timeline_note: |d| {
        format!(
            "Mkataba wa huduma wa taasisi unaahidi uamuzi ndani ya siku {d} za kazi baada ya ombi kamili lililolipiwa. Wikendi na sikukuu za umma hazihesabiwi."
        )
    },
    requirements_heading: "Unachohitaji",
    documents_heading: "Nyaraka za kupakia",
    document_rules: |types, bytes| format!("{types}, hadi MB {}", bytes.div_ceil(1024 * 1024)),
    optional: "si lazima",
    form_heading: "Taarifa utakazoulizwa",
    how_to_apply_heading: "Jinsi ya kuomba",
    step_sign_in: "Ingia kwenye Mlango, au fungua akaunti kwa nambari yako ya kitambulisho na simu.",
    step_fill_form: "Jaza fomu ya maombi na upakie nyaraka. Rasimu yako huhifadhiwa unapoendelea.",
    step_pay: "Lipa kwa M-Pesa. Utapokea risiti kwa SMS.",
    step_no_payment: "Huduma hii ni bure: hakuna cha kulipa.",
    step_outcome: |d| format!("Fuatilia ombi lako mtandaoni. Taasisi itaamua ndani ya siku {d} za kazi."),
    in_person_heading: "Utahitaji pia kufika ana kwa ana",
    breadcrumb_label: "Uko hapa",
    service_code: "Nambari ya huduma",
    offered_by: "Inatolewa na",
    not_found_heading: "Ukurasa haukupatikana",
    not_found_text: "Ikiwa uliandika anwani, hakikisha ni sahihi. Ikiwa ulifuata kiungo, huenda huduma imehamishwa: itafute badala yake.",
    error_heading: "Samahani, kuna hitilafu",
    error_text: |r| {
        format!("Tafadhali jaribu tena baada ya dakika chache. Tatizo likiendelea, taja nambari ya kumbukumbu {r}.")
    },
    suggestions_label: "Huduma zinazopendekezwa",
    suggestions_count: |n| if n == 1 { "Pendekezo 1".into() } else { format!("Mapendekezo {n}") },
    footer_text: "Mlango ni programu huria ya huduma za serikali mtandaoni.",
    footer_api: "API huria kwa taasisi",
    footer_low_data: "Tumia data kidogo",
    footer_full_data: "Tumia huduma zote (data zaidi)",
    footer_status: "Hali ya huduma",
    categories: [
        "Utambulisho na usafiri",
        "Usafiri na udereva",
        "Biashara",
        "Ardhi na mali",
        "Afya",
        "Elimu",
        "Polisi na haki",
        "Kodi",
        "Utalii na wanyamapori",
        "Kilimo",
        "Mazingira na rasilimali",
        "Kazi na hifadhi ya jamii",
        "Ada na tozo za kaunti",
        "Huduma nyingine",
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_language_tags() {
        assert_eq!(Lang::parse("sw-KE"), Some(Lang::Sw));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::from_accept_language("fr-FR,sw;q=0.9,en;q=0.8"), Some(Lang::Sw));
        assert_eq!(Lang::from_accept_language("de"), None);
    }

    #[test]
    fn no_string_is_empty_or_untranslated() {
        let (en, sw) = (format!("{EN:?}"), format!("{SW:?}"));
        assert!(!en.contains("\"\""), "an English string is empty");
        assert!(!sw.contains("\"\""), "a Kiswahili string is empty");
        assert_ne!(EN.home_heading, SW.home_heading);
        assert_ne!(EN.categories, SW.categories);
        assert_ne!((EN.results_count)(2, "x"), (SW.results_count)(2, "x"));
    }
}

/// Every user-facing string table in both languages: a Kiswahili entry that is missing (empty)
/// or left in English fails here. The tables themselves are structs filled once per language,
/// so a field missing from either language does not compile, and the error messages are one
/// exhaustive `match` per language (app/src/accounts/texts.rs) for the same reason.
#[cfg(all(test, feature = "ssr"))]
mod both_languages {
    use super::Lang;

    /// Quoted strings of a table's `Debug` output, in order (function fields print no quotes).
    fn strings(debug: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut chars = debug.chars();
        while let Some(c) = chars.next() {
            if c != '"' {
                continue;
            }
            let mut s = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => s.extend(chars.next()),
                    '"' => break,
                    c => s.push(c),
                }
            }
            out.push(s);
        }
        out
    }

    /// Words that are the same in both languages: names, codes, units and numbers.
    fn same_in_both(s: &str) -> bool {
        const SHARED: &[&str] = &[
            "Mlango",
            "M-Pesa",
            "KES",
            "USD",
            "KSh",
            "PDF",
            "JPEG",
            "PNG",
            "SMS",
            "API",
            "ID",
            "KRA PIN",
            "Email",
            "email",
            "OK",
            "Kiswahili",
            "English",
            "CSV",
            "URL",
            "PIN",
            "QR",
        ];
        let letters: String = s.chars().filter(|c| c.is_alphabetic()).collect();
        letters.is_empty() || SHARED.iter().any(|w| s.trim().trim_end_matches([':', '.']) == *w) || s.trim().len() <= 2
    }

    fn check(table: &str, en: String, sw: String, problems: &mut Vec<String>) -> usize {
        let (en, sw) = (strings(&en), strings(&sw));
        if en.len() != sw.len() {
            problems.push(format!("{table}: {} English strings but {} Kiswahili", en.len(), sw.len()));
            return 0;
        }
        for (e, s) in en.iter().zip(&sw) {
            if !e.trim().is_empty() && s.trim().is_empty() {
                problems.push(format!("{table}: no Kiswahili for {e:?}"));
            } else if e == s && !same_in_both(e) {
                problems.push(format!("{table}: {e:?} is not translated"));
            }
        }
        en.len()
    }

    #[test]
    fn every_string_table_is_complete_in_kiswahili() {
        let mut problems = Vec::new();
        let mut checked = 0;
        macro_rules! tables {
            ($($name:literal => $f:expr),* $(,)?) => {$(
                checked += check($name, format!("{:?}", $f(Lang::En)), format!("{:?}", $f(Lang::Sw)), &mut problems);
            )*};
        }
        tables! {
            "portal" => Lang::t,
            "accounts" => crate::accounts::texts::auth_texts,
            "applications" => crate::applications::texts::app_texts,
            "appointments" => crate::appointments::texts::appointment_texts,
            "payments" => crate::payments::texts::pay_texts,
            "settlement" => crate::payments::texts::settlement_texts,
            "notifications" => crate::notifications::texts::notice_texts,
            "sms replies" => crate::notifications::two_way::reply_texts,
            "status" => crate::status::texts::status_texts,
            "queue" => crate::staff::texts::queue_texts,
            "performance" => crate::staff::texts::performance_texts,
            "fees" => crate::staff::texts::fee_texts,
            "audit" => crate::staff::texts::audit_texts,
            "services" => crate::staff::services_texts::service_texts,
            "team" => crate::staff::team_texts::team_texts,
            "agencies" => crate::staff::team_texts::agency_texts,
            "offices" => crate::staff::offices_texts::office_texts,
            "reconciliation" => crate::staff::reconciliation_texts::reconciliation_texts,
        }
        assert!(problems.is_empty(), "{} strings need Kiswahili:\n{}", problems.len(), problems.join("\n"));
        // The tables really were read (a Debug that printed no strings would pass vacuously).
        assert!(checked > 500, "only {checked} strings found");
    }

    #[test]
    fn the_check_catches_a_missing_or_untranslated_string() {
        let mut problems = Vec::new();
        let _ = check(
            "t",
            r#"T { a: "Apply", b: "KSh", c: "Save" }"#.into(),
            r#"T { a: "Omba", b: "KSh", c: "" }"#.into(),
            &mut problems,
        );
        let _ = check("u", r#"U { a: "Apply now" }"#.into(), r#"U { a: "Apply now" }"#.into(), &mut problems);
        assert_eq!(problems, ["t: no Kiswahili for \"Save\"", "u: \"Apply now\" is not translated"]);
    }
}
