//! Checking a citizen's answers against a service's form definition. Pure and compiled for
//! both the browser and the server, so the two can never disagree about what is valid; the
//! server's verdict is the one that counts.

use super::calendar::Date;
use crate::accounts::identity::DocumentKind;
use crate::catalogue::model::{FieldKind, FormDefinition};
use crate::contact::{EmailAddress, PhoneNumber};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Answers by field name, in a fixed (sorted) order so that equal answers hash equally.
pub type Answers = BTreeMap<String, String>;

/// What is wrong with one answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum FieldProblem {
    /// A required field is empty.
    Required,
    /// Fewer characters than allowed.
    TooShort {
        /// Fewest characters.
        min: u16,
    },
    /// More characters than allowed.
    TooLong {
        /// Most characters.
        max: u16,
    },
    /// Not a whole number.
    NotANumber,
    /// A number outside its range.
    OutOfRange {
        /// Smallest accepted.
        min: i64,
        /// Largest accepted.
        max: i64,
    },
    /// Not a date like 2026-11-23.
    NotADate,
    /// A date after today where that is not possible.
    InFuture,
    /// A date before today where that is not possible.
    InPast,
    /// Not one of the offered choices.
    NotAChoice,
    /// Not a Kenyan mobile number.
    NotAPhone,
    /// Not an email address.
    NotAnEmail,
    /// Not a national ID number.
    NotANationalId,
    /// Not a KRA PIN (A or P, nine digits, a letter).
    NotAKraPin,
    /// The declaration was not ticked.
    NotDeclared,
    /// The form has no such field (a tampered or outdated form).
    UnknownField,
    /// Contains control characters (a one-line answer with line breaks or invisible codes).
    Unprintable,
    /// A required document has not been uploaded.
    NoFile,
    /// The uploaded file is empty.
    FileEmpty,
    /// The uploaded file is larger than the form allows.
    FileTooLarge {
        /// Largest accepted, in bytes.
        max_bytes: u32,
    },
    /// The uploaded file is not of an accepted type (judged from its content).
    FileType {
        /// The types the form accepts.
        accepted: Vec<crate::catalogue::model::DocumentType>,
    },
}

/// Longest answer accepted for any field, whatever its definition says.
pub const MAX_ANSWER_CHARS: usize = 5_000;

/// Checks every answer; returns the answers normalised (trimmed, phone numbers in `2547…`
/// form, IDs and PINs upper-cased, declarations as `yes`) or every problem found.
pub fn validate(form: &FormDefinition, answers: &Answers, today: Date) -> Result<Answers, Vec<(String, FieldProblem)>> {
    let mut problems = vec![];
    let mut clean = Answers::new();
    for name in answers.keys() {
        if !form.fields.iter().any(|f| &f.name == name) {
            problems.push((name.clone(), FieldProblem::UnknownField));
        }
    }
    for field in &form.fields {
        let raw = answers.get(&field.name).map(|v| v.trim()).unwrap_or("");
        if raw.is_empty() {
            if field.required {
                problems.push((field.name.clone(), FieldProblem::Required));
            }
            continue;
        }
        match check(&field.kind, raw, today) {
            Ok(v) => {
                clean.insert(field.name.clone(), v);
            }
            Err(p) => problems.push((field.name.clone(), p)),
        }
    }
    if problems.is_empty() { Ok(clean) } else { Err(problems) }
}

fn check(kind: &FieldKind, raw: &str, today: Date) -> Result<String, FieldProblem> {
    let chars = raw.chars().count();
    if chars > MAX_ANSWER_CHARS {
        return Err(FieldProblem::TooLong { max: MAX_ANSWER_CHARS as u16 });
    }
    match kind {
        FieldKind::Text { min_len, max_len } => {
            if raw.chars().any(|c| c.is_control()) {
                return Err(FieldProblem::Unprintable);
            }
            if chars < usize::from(*min_len) {
                Err(FieldProblem::TooShort { min: *min_len })
            } else if chars > usize::from(*max_len) {
                Err(FieldProblem::TooLong { max: *max_len })
            } else {
                Ok(raw.to_string())
            }
        }
        FieldKind::LongText { max_len } => {
            if chars > usize::from(*max_len) {
                Err(FieldProblem::TooLong { max: *max_len })
            } else {
                Ok(raw.to_string())
            }
        }
        FieldKind::Number { min, max } => {
            let n: i64 = raw.replace([',', ' '], "").parse().map_err(|_| FieldProblem::NotANumber)?;
            if n < *min || n > *max {
                Err(FieldProblem::OutOfRange { min: *min, max: *max })
            } else {
                Ok(n.to_string())
            }
        }
        FieldKind::Date { not_in_future, not_in_past } => {
            let date = parse_date(raw).ok_or(FieldProblem::NotADate)?;
            if *not_in_future && date > today {
                Err(FieldProblem::InFuture)
            } else if *not_in_past && date < today {
                Err(FieldProblem::InPast)
            } else {
                Ok(date.iso())
            }
        }
        FieldKind::Choice { options } => {
            options.iter().find(|o| o.value == raw).map(|o| o.value.clone()).ok_or(FieldProblem::NotAChoice)
        }
        FieldKind::Phone => {
            PhoneNumber::parse(raw).map(|p| p.as_str().to_string()).map_err(|_| FieldProblem::NotAPhone)
        }
        FieldKind::Email => {
            EmailAddress::parse(raw).map(|e| e.as_str().to_string()).map_err(|_| FieldProblem::NotAnEmail)
        }
        FieldKind::NationalId => DocumentKind::NationalId.normalise(raw).ok_or(FieldProblem::NotANationalId),
        FieldKind::KraPin => {
            let pin = raw.to_ascii_uppercase();
            let b = pin.as_bytes();
            let ok = b.len() == 11
                && (b[0] == b'A' || b[0] == b'P')
                && b[1..10].iter().all(u8::is_ascii_digit)
                && b[10].is_ascii_uppercase();
            if ok { Ok(pin) } else { Err(FieldProblem::NotAKraPin) }
        }
        FieldKind::Declaration => {
            if matches!(raw.to_ascii_lowercase().as_str(), "yes" | "on" | "true") {
                Ok("yes".into())
            } else {
                Err(FieldProblem::NotDeclared)
            }
        }
    }
}

/// Tidies a draft's answers without judging them: valid dates are stored as 2026-11-23 (the
/// only form a date field can show back), everything else as typed — the citizen's own way of
/// writing a phone number is friendlier to see again than ours — for fixing before submitting.
pub fn tidy(form: &FormDefinition, answers: Answers, today: Date) -> Answers {
    answers
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(name, raw)| {
            let clean = form
                .fields
                .iter()
                .find(|f| f.name == name && matches!(f.kind, FieldKind::Date { .. }))
                .and_then(|f| check(&f.kind, raw.trim(), today).ok())
                .unwrap_or_else(|| raw.trim().to_string());
            (name, clean)
        })
        .collect()
}

/// `2026-11-23` (also `23/11/2026`, as Kenyans write dates).
pub fn parse_date(raw: &str) -> Option<Date> {
    let raw = raw.trim();
    let parts: Vec<&str> = raw.split(['-', '/']).collect();
    if parts.len() != 3 {
        return None;
    }
    let num = |s: &str| s.parse::<i32>().ok();
    let (y, m, d) = if parts[0].len() == 4 {
        (num(parts[0])?, num(parts[1])?, num(parts[2])?)
    } else if parts[2].len() == 4 {
        (num(parts[2])?, num(parts[1])?, num(parts[0])?)
    } else {
        return None;
    };
    Date::new(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?)
}

/// SHA-256 (hex) of what was applied for: service, variant, amount, currency and the
/// normalised answers in canonical order. Stored at submission and checked again before
/// anything is issued, so the document can only match what was applied and paid for.
/// Uploaded documents count by their content's SHA-256, so a swapped photo changes the hash;
/// an application without documents hashes as it did before documents existed.
#[cfg(feature = "ssr")]
pub fn snapshot_hash(
    service: &str,
    variant: &str,
    amount_minor: i64,
    currency: &str,
    answers: &Answers,
    documents: &[super::uploads::UploadMeta],
) -> String {
    use sha2::{Digest, Sha256};
    let mut canonical = serde_json::json!({
        "service": service, "variant": variant, "amount_minor": amount_minor, "currency": currency, "answers": answers,
    });
    if !documents.is_empty() {
        let by_code: BTreeMap<&str, &str> = documents.iter().map(|d| (d.code.as_str(), d.sha256.as_str())).collect();
        canonical["documents"] = serde_json::json!(by_code);
    }
    crate::accounts::otp::hex(&Sha256::digest(canonical.to_string().as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::model::{ChoiceOption, FormField, Localized};
    use proptest::prelude::*;

    fn field(name: &str, required: bool, kind: FieldKind) -> FormField {
        FormField { name: name.into(), label: Localized::new(name, name), hint: None, required, kind }
    }

    fn form() -> FormDefinition {
        FormDefinition {
            fields: vec![
                field("full_name", true, FieldKind::Text { min_len: 2, max_len: 100 }),
                field("children", false, FieldKind::Number { min: 0, max: 20 }),
                field("date_of_birth", true, FieldKind::Date { not_in_future: true, not_in_past: false }),
                field("travel_date", false, FieldKind::Date { not_in_future: false, not_in_past: true }),
                field(
                    "class",
                    true,
                    FieldKind::Choice {
                        options: vec![
                            ChoiceOption { value: "B".into(), label: Localized::new("B", "B") },
                            ChoiceOption { value: "A1".into(), label: Localized::new("A1", "A1") },
                        ],
                    },
                ),
                field("phone", true, FieldKind::Phone),
                field("email", false, FieldKind::Email),
                field("id_number", true, FieldKind::NationalId),
                field("kra_pin", false, FieldKind::KraPin),
                field("declaration", true, FieldKind::Declaration),
            ],
            documents: vec![],
        }
    }

    fn today() -> Date {
        Date::new(2026, 11, 23).unwrap()
    }

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn good() -> Answers {
        answers(&[
            ("full_name", " Wanjiku Kamau "),
            ("date_of_birth", "14/02/1990"),
            ("class", "B"),
            ("phone", "0712 345 678"),
            ("id_number", "12345678"),
            ("kra_pin", "a123456789z"),
            ("declaration", "on"),
        ])
    }

    #[test]
    fn good_answers_are_normalised() {
        let clean = validate(&form(), &good(), today()).unwrap();
        assert_eq!(clean["full_name"], "Wanjiku Kamau");
        assert_eq!(clean["date_of_birth"], "1990-02-14");
        assert_eq!(clean["phone"], "254712345678");
        assert_eq!(clean["kra_pin"], "A123456789Z");
        assert_eq!(clean["declaration"], "yes");
        assert!(!clean.contains_key("email"), "empty optional answers are dropped");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut a = good();
        a.insert("class".into(), "C".into());
        a.insert("children".into(), "21".into());
        a.insert("travel_date".into(), "2026-11-22".into());
        a.insert("smuggled".into(), "x".into());
        a.remove("declaration");
        let problems = validate(&form(), &a, today()).unwrap_err();
        let has = |name: &str, p: FieldProblem| problems.contains(&(name.to_string(), p));
        assert!(has("class", FieldProblem::NotAChoice), "{problems:?}");
        assert!(has("children", FieldProblem::OutOfRange { min: 0, max: 20 }));
        assert!(has("travel_date", FieldProblem::InPast));
        assert!(has("smuggled", FieldProblem::UnknownField));
        assert!(has("declaration", FieldProblem::Required));
        assert_eq!(problems.len(), 5);
    }

    #[test]
    fn drafts_are_tidied_not_judged() {
        let a = answers(&[("date_of_birth", "14/02/1990"), ("phone", "07"), ("class", "B"), ("email", " ")]);
        let t = tidy(&form(), a, today());
        assert_eq!(t["date_of_birth"], "1990-02-14");
        assert_eq!(t["phone"], "07", "an unfinished answer is kept as typed");
        assert!(!t.contains_key("email"));
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2026-02-29"), None);
        assert_eq!(parse_date("29/02/2028").map(|d| d.iso()), Some("2028-02-29".into()));
        assert_eq!(parse_date("1990-2-14").map(|d| d.iso()), Some("1990-02-14".into()));
        assert_eq!(parse_date("14-02-90"), None);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_snapshot_hash_covers_every_part() {
        let a = validate(&form(), &good(), today()).unwrap();
        let h = snapshot_hash("ntsa-driving-licence", "B", 60_000, "KES", &a, &[]);
        assert_eq!(h, snapshot_hash("ntsa-driving-licence", "B", 60_000, "KES", &a.clone(), &[]));
        assert_ne!(h, snapshot_hash("ntsa-driving-licence", "A1", 60_000, "KES", &a, &[]));
        assert_ne!(h, snapshot_hash("ntsa-driving-licence", "B", 60_001, "KES", &a, &[]));
        let mut b = a.clone();
        b.insert("class".into(), "A1".into());
        assert_ne!(h, snapshot_hash("ntsa-driving-licence", "B", 60_000, "KES", &b, &[]));
        let photo = |sha: &str| super::super::uploads::UploadMeta {
            code: "passport_photo".into(),
            file_name: "me.jpg".into(),
            kind: crate::catalogue::model::DocumentType::Jpeg,
            size_bytes: 1,
            sha256: sha.into(),
            uploaded_at: 0,
        };
        let with_photo = snapshot_hash("ntsa-driving-licence", "B", 60_000, "KES", &a, &[photo("aa")]);
        assert_ne!(h, with_photo, "documents are part of the snapshot");
        assert_ne!(with_photo, snapshot_hash("ntsa-driving-licence", "B", 60_000, "KES", &a, &[photo("bb")]));
        let renamed = super::super::uploads::UploadMeta { file_name: "other.jpg".into(), ..photo("aa") };
        assert_eq!(
            with_photo,
            snapshot_hash("ntsa-driving-licence", "B", 60_000, "KES", &a, &[renamed]),
            "only content counts"
        );
    }

    proptest! {
        #[test]
        fn validation_is_idempotent(name in "[A-Za-z ]{2,40}", children in 0i64..=20, phone in 700_000_000u32..799_999_999) {
            let mut a = good();
            a.insert("full_name".into(), name);
            a.insert("children".into(), children.to_string());
            a.insert("phone".into(), format!("0{phone}"));
            if let Ok(clean) = validate(&form(), &a, today()) {
                prop_assert_eq!(validate(&form(), &clean, today()), Ok(clean.clone()));
            }
        }

        #[test]
        fn never_panics_on_arbitrary_answers(values in proptest::collection::vec(".{0,60}", 10)) {
            let names = ["full_name", "children", "date_of_birth", "travel_date", "class", "phone", "email", "id_number", "kra_pin", "declaration"];
            let a: Answers = names.iter().zip(values).map(|(n, v)| (n.to_string(), v)).collect();
            let _ = validate(&form(), &a, today());
        }
    }
}
