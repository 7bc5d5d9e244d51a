//! Two-way SMS on the short code, as pure rules: what a citizen's text asks for, the words of
//! each reply in the language it was asked in, what a delivery report means, and how many SMS
//! parts a text costs (GSM-7 or UCS-2).

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// Longest inbound text read (a longer one is cut; commands are short).
pub const MAX_INBOUND_CHARS: usize = 480;
/// Replies given to one number per hour; beyond that its texts are recorded but not answered,
/// so a flood (or a loop with another machine) costs at most this many SMS.
pub const REPLIES_PER_HOUR: i64 = 10;
/// How long after a document is issued its applicant may rate the service (seconds).
pub const RATING_WINDOW_SECS: i64 = 30 * 86_400;

/// What an inbound text asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    /// `STATUS APP-…` / `HALI APP-…`: where an application is.
    Status(String),
    /// `VERIFY R…|DOC-…` / `THIBITISHA …`: is this receipt or document genuine.
    Verify(String),
    /// `1`…`5` (or `RATE 4`): the rating of the sender's last finished application.
    Rate(u8),
    /// `HELP`, `MSAADA`, an empty text, or a command without its reference.
    Help,
    /// Anything else.
    Unknown,
}

impl Command {
    /// Stored code.
    pub fn code(&self) -> &'static str {
        match self {
            Command::Status(_) => "status",
            Command::Verify(_) => "verify",
            Command::Rate(_) => "rate",
            Command::Help => "help",
            Command::Unknown => "unknown",
        }
    }
}

/// Reads an inbound text: the command and the language it was written in (Kiswahili keywords
/// get Kiswahili replies). Case, spacing and punctuation around the words do not matter.
pub fn parse(text: &str) -> (Command, Lang) {
    let text: String = text.chars().take(MAX_INBOUND_CHARS).collect();
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ':' | ',' | ';' | '#' | '*'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|w| !w.is_empty())
        .collect();
    let Some(first) = words.first().map(|w| w.to_uppercase()) else { return (Command::Help, Lang::En) };
    let lang = if matches!(first.as_str(), "HALI" | "THIBITISHA" | "ALAMA" | "MSAADA") { Lang::Sw } else { Lang::En };
    let rest = words.get(1).map(|w| w.to_uppercase());
    let reference = |r: Option<String>| match r {
        Some(r) if r.len() <= 40 && r.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') => Some(r),
        _ => None,
    };
    let score = |w: &str| match w.parse::<u8>() {
        Ok(n @ 1..=5) if w.len() == 1 => Some(n),
        _ => None,
    };
    let command = match first.as_str() {
        "STATUS" | "HALI" => reference(rest).map_or(Command::Help, Command::Status),
        "VERIFY" | "THIBITISHA" => reference(rest).map_or(Command::Help, Command::Verify),
        "RATE" | "ALAMA" => rest.as_deref().and_then(score).map_or(Command::Help, Command::Rate),
        "HELP" | "MSAADA" => Command::Help,
        w => match score(w) {
            Some(n) if words.len() == 1 => Command::Rate(n),
            _ => Command::Unknown,
        },
    };
    (command, lang)
}

/// What a delivery report's `status` means for the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Still on its way (`Sent`, `Submitted`, `Buffered`).
    Pending,
    /// On the phone (`Success`).
    Delivered,
    /// Will not arrive (`Rejected`, `Failed`).
    Failed,
}

/// Africa's Talking's delivery statuses; `None` for anything else (a malformed report).
pub fn delivery(status: &str) -> Option<Delivery> {
    match status {
        "Sent" | "Submitted" | "Buffered" => Some(Delivery::Pending),
        "Success" => Some(Delivery::Delivered),
        "Rejected" | "Failed" => Some(Delivery::Failed),
        _ => None,
    }
}

/// How a text is encoded and how many SMS parts it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segments {
    /// UCS-2 (a character outside the GSM-7 alphabet), 70 characters a part instead of 160.
    pub ucs2: bool,
    /// Parts sent (and charged).
    pub parts: u32,
}

const GSM7_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM7_EXTENDED: &str = "^{}\\[~]|€\u{c}";

/// The parts a text costs: GSM-7 counts extended characters twice, 160 per single part and 153
/// per part of a long one; UCS-2 counts UTF-16 units, 70 and 67.
pub fn segments(text: &str) -> Segments {
    let gsm: Option<u32> = text
        .chars()
        .map(|c| {
            if GSM7_BASIC.contains(c) {
                Some(1)
            } else if GSM7_EXTENDED.contains(c) {
                Some(2)
            } else {
                None
            }
        })
        .sum();
    let (ucs2, units, single, multi) = match gsm {
        Some(septets) => (false, septets, 160, 153),
        None => (true, text.encode_utf16().count() as u32, 70, 67),
    };
    let parts = if units <= single { 1 } else { units.div_ceil(multi) };
    Segments { ucs2, parts }
}

/// Words of the replies, in one language.
#[derive(Debug)]
pub struct ReplyTexts {
    /// How to use the short code.
    pub help: &'static str,
    /// Status of an application: reference, service, state, and the promised date if any.
    pub status: fn(&str, &str, &str, Option<&str>) -> String,
    /// No application with that reference for this number.
    pub status_unknown: fn(&str) -> String,
    /// A genuine receipt: number, amount, date paid.
    pub receipt_genuine: fn(&str, &str, &str) -> String,
    /// A genuine document: number, what it is, issued on, holder's initials.
    pub document_genuine: fn(&str, &str, &str, &str) -> String,
    /// Neither a receipt nor a document of ours.
    pub not_genuine: fn(&str) -> String,
    /// Thanks for a rating: score, reference.
    pub rated: fn(u8, &str) -> String,
    /// Nothing to rate.
    pub nothing_to_rate: &'static str,
}

/// The reply words of a language.
pub fn reply_texts(lang: Lang) -> &'static ReplyTexts {
    match lang {
        Lang::En => &EN,
        Lang::Sw => &SW,
    }
}

static EN: ReplyTexts = ReplyTexts {
    help: "Mlango: Send STATUS and your application reference, VERIFY and a receipt or document number, or a number 1-5 to rate a finished service.",
    status: |reference, service, state, due| match due {
        Some(d) => format!("Mlango: {reference} ({service}): {state}. Promised by {d}."),
        None => format!("Mlango: {reference} ({service}): {state}."),
    },
    status_unknown: |reference| {
        format!("Mlango: No application {reference} was made from this number. Check the reference and try again.")
    },
    receipt_genuine: |receipt, amount, date| format!("Mlango: Receipt {receipt} is genuine: {amount} paid on {date}."),
    document_genuine: |number, what, date, holder| {
        format!("Mlango: {number} is genuine: {what}, issued on {date} to {holder}.")
    },
    not_genuine: |code| format!("Mlango: {code} is not a Mlango receipt or document. Do not accept it."),
    rated: |score, reference| {
        format!("Mlango: Thank you. Your rating {score}/5 for {reference} has been sent to the agency.")
    },
    nothing_to_rate: "Mlango: There is no finished application from this number to rate. Send STATUS and a reference to check one.",
};

static SW: ReplyTexts = ReplyTexts {
    help: "Mlango: Tuma HALI na nambari ya ombi, THIBITISHA na nambari ya risiti au hati, au nambari 1-5 kutathmini huduma iliyokamilika.",
    status: |reference, service, state, due| match due {
        Some(d) => format!("Mlango: {reference} ({service}): {state}. Tarehe iliyoahidiwa {d}."),
        None => format!("Mlango: {reference} ({service}): {state}."),
    },
    status_unknown: |reference| {
        format!(
            "Mlango: Hakuna ombi {reference} lililotumwa kutoka nambari hii. Angalia nambari ya ombi na ujaribu tena."
        )
    },
    receipt_genuine: |receipt, amount, date| format!("Mlango: Risiti {receipt} ni halali: {amount} zililipwa {date}."),
    document_genuine: |number, what, date, holder| {
        format!("Mlango: {number} ni halali: {what}, ilitolewa {date} kwa {holder}.")
    },
    not_genuine: |code| format!("Mlango: {code} si risiti wala hati ya Mlango. Usiikubali."),
    rated: |score, reference| format!("Mlango: Asante. Alama yako {score}/5 kwa {reference} imetumwa kwa idara."),
    nothing_to_rate: "Mlango: Hakuna ombi lililokamilika kutoka nambari hii la kutathmini. Tuma HALI na nambari ya ombi kuliangalia.",
};

/// `J. W. Kamau` → `J. W. K.`: enough to compare with the paper, not to look people up.
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .map(|c| format!("{}.", c.to_uppercase()))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn commands_in_either_language_and_any_case() {
        assert_eq!(parse("STATUS APP-3F9A1C7B2D"), (Command::Status("APP-3F9A1C7B2D".into()), Lang::En));
        assert_eq!(parse("  status:  app-3f9a1c7b2d. "), (Command::Status("APP-3F9A1C7B2D".into()), Lang::En));
        assert_eq!(parse("Hali APP-1"), (Command::Status("APP-1".into()), Lang::Sw));
        assert_eq!(parse("verify R1234567890"), (Command::Verify("R1234567890".into()), Lang::En));
        assert_eq!(parse("THIBITISHA doc-abc"), (Command::Verify("DOC-ABC".into()), Lang::Sw));
        assert_eq!(parse("5"), (Command::Rate(5), Lang::En));
        assert_eq!(parse(" 1 "), (Command::Rate(1), Lang::En));
        assert_eq!(parse("rate 4"), (Command::Rate(4), Lang::En));
        assert_eq!(parse("alama 2"), (Command::Rate(2), Lang::Sw));
        assert_eq!(parse("msaada"), (Command::Help, Lang::Sw));
        assert_eq!(parse(""), (Command::Help, Lang::En));
        assert_eq!(parse("STATUS"), (Command::Help, Lang::En), "a command without its reference gets help");
        assert_eq!(parse("6"), (Command::Unknown, Lang::En));
        assert_eq!(parse("55"), (Command::Unknown, Lang::En));
        assert_eq!(parse("RATE 9"), (Command::Help, Lang::En));
        assert_eq!(parse("hello there"), (Command::Unknown, Lang::En));
        assert_eq!(parse("STATUS <script>"), (Command::Status("SCRIPT".into()), Lang::En), "punctuation is dropped");
    }

    #[test]
    fn delivery_statuses() {
        assert_eq!(delivery("Success"), Some(Delivery::Delivered));
        assert_eq!(delivery("Failed"), Some(Delivery::Failed));
        assert_eq!(delivery("Rejected"), Some(Delivery::Failed));
        assert_eq!(delivery("Buffered"), Some(Delivery::Pending));
        assert_eq!(delivery("success"), None);
        assert_eq!(delivery(""), None);
    }

    #[test]
    fn segment_counting() {
        assert_eq!(segments(&"a".repeat(160)), Segments { ucs2: false, parts: 1 });
        assert_eq!(segments(&"a".repeat(161)), Segments { ucs2: false, parts: 2 });
        assert_eq!(segments(&"€".repeat(80)), Segments { ucs2: false, parts: 1 }, "extended characters count twice");
        assert_eq!(segments(&"€".repeat(81)), Segments { ucs2: false, parts: 2 });
        assert_eq!(segments("Mlango: …"), Segments { ucs2: true, parts: 1 }, "an ellipsis forces UCS-2");
        assert_eq!(segments(&"…".repeat(71)), Segments { ucs2: true, parts: 2 });
    }

    #[test]
    fn every_reply_fits_two_gsm7_parts_in_both_languages() {
        for lang in [Lang::En, Lang::Sw] {
            let t = reply_texts(lang);
            let long_ref = "APP-3F9A1C7B2D";
            let service = "Ordinary passport (new or renewal)";
            let texts = [
                t.help.to_string(),
                (t.status)(long_ref, service, "Waiting for the agency", Some("10 Dec 2026")),
                (t.status_unknown)(long_ref),
                (t.receipt_genuine)("R1234567890", "KSh 6,100", "4 Dec 2026"),
                (t.document_genuine)("DOC-3F9A1C7B2D", service, "4 Dec 2026", "W. K. K."),
                (t.not_genuine)("DOC-3F9A1C7B2D"),
                (t.rated)(5, long_ref),
                t.nothing_to_rate.to_string(),
            ];
            for text in texts {
                let s = segments(&text);
                assert!(!s.ucs2 && s.parts <= 2, "{lang:?}: {text} ({s:?})");
            }
        }
    }

    #[test]
    fn initials_only() {
        assert_eq!(initials("wanjiku  kamau"), "W. K.");
        assert_eq!(initials(""), "");
    }

    proptest! {
        #[test]
        fn the_parser_never_panics_and_references_stay_short_and_plain(text in "\\PC{0,600}") {
            match parse(&text).0 {
                Command::Status(r) | Command::Verify(r) => {
                    prop_assert!(r.len() <= 40 && r.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
                }
                Command::Rate(n) => prop_assert!((1..=5).contains(&n)),
                Command::Help | Command::Unknown => {}
            }
        }
    }
}
