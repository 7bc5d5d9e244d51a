//! Issued documents. A document is built only from an application's submitted snapshot, and
//! [`check_matches`] refuses any document whose service, class (variant), holder or data
//! differ from what was applied and paid for — the licence-class invariant.

use super::form::Answers;
use serde::{Deserialize, Serialize};

/// An issued document, as stored and as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedDocument {
    /// Public number, printed and encoded in the QR code.
    pub number: String,
    /// Application it was issued for.
    pub application_id: i64,
    /// The holder's account.
    pub citizen_id: i64,
    /// Service.
    pub service_code: String,
    /// Class / option.
    pub variant_code: String,
    /// Holder's name as registered.
    pub holder_name: String,
    /// The application's snapshot hash.
    pub snapshot_hash: String,
    /// What is printed.
    pub details: DocumentDetails,
    /// Unix seconds.
    pub issued_at: i64,
    /// The officer who issued it.
    pub issued_by: i64,
}

/// What a document shows besides its number and holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentDetails {
    /// Service name (English; documents are printed in English and Kiswahili titles later).
    pub service_name: String,
    /// Issuing agency's name.
    pub agency_name: String,
    /// The option's label, e.g. "48 pages" or "Class B".
    pub variant_label: String,
    /// The answers as submitted.
    pub answers: Answers,
}

/// The facts of the paid snapshot a document must agree with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaidSnapshot<'a> {
    /// Application id.
    pub application_id: i64,
    /// Applicant.
    pub citizen_id: i64,
    /// Applicant's registered name.
    pub holder_name: &'a str,
    /// Service.
    pub service_code: &'a str,
    /// Variant applied and paid for.
    pub variant_code: &'a str,
    /// Stored snapshot hash.
    pub snapshot_hash: &'a str,
    /// Stored answers.
    pub answers: &'a Answers,
}

/// Which part of a document disagrees with the snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Mismatch {
    /// Another application's document.
    #[error("the document belongs to another application")]
    Application,
    /// Another person.
    #[error("the holder differs from the applicant")]
    Holder,
    /// Another service.
    #[error("the service differs from the one applied for")]
    Service,
    /// Another class or option than the one paid for.
    #[error("the class differs from the one applied and paid for")]
    Variant,
    /// Data differs from the submission.
    #[error("the data differs from the submission")]
    Data,
}

/// The licence-class invariant: every printed fact must equal the paid snapshot.
pub fn check_matches(doc: &IssuedDocument, paid: &PaidSnapshot<'_>) -> Result<(), Mismatch> {
    if doc.application_id != paid.application_id {
        return Err(Mismatch::Application);
    }
    if doc.citizen_id != paid.citizen_id || doc.holder_name != paid.holder_name {
        return Err(Mismatch::Holder);
    }
    if doc.service_code != paid.service_code {
        return Err(Mismatch::Service);
    }
    if doc.variant_code != paid.variant_code {
        return Err(Mismatch::Variant);
    }
    if doc.snapshot_hash != paid.snapshot_hash || &doc.details.answers != paid.answers {
        return Err(Mismatch::Data);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn doc_for(p: &PaidSnapshot<'_>) -> IssuedDocument {
        IssuedDocument {
            number: "DOC-1".into(),
            application_id: p.application_id,
            citizen_id: p.citizen_id,
            service_code: p.service_code.into(),
            variant_code: p.variant_code.into(),
            holder_name: p.holder_name.into(),
            snapshot_hash: p.snapshot_hash.into(),
            details: DocumentDetails {
                service_name: "Driving licence".into(),
                agency_name: "NTSA".into(),
                variant_label: p.variant_code.into(),
                answers: p.answers.clone(),
            },
            issued_at: 0,
            issued_by: 9,
        }
    }

    proptest! {
        // 1,000 generated applications: the honest document always passes; any change to the
        // class, holder, service or data is refused.
        #![proptest_config(ProptestConfig::with_cases(1000))]
        #[test]
        fn no_document_differs_from_its_paid_snapshot(
            app in 1i64..1_000_000,
            citizen in 1i64..1_000_000,
            variant in "(B|A1|A2|C|D|E|32-pages|48-pages|64-pages)",
            other_variant in "(B|A1|A2|C|D|E|32-pages|48-pages|64-pages)",
            name in "[A-Z][a-z]{2,10} [A-Z][a-z]{2,10}",
            answer in "[a-z ]{1,20}",
            tamper in 0u8..6,
        ) {
            let answers: Answers = [("full_name".to_string(), answer.clone())].into_iter().collect();
            let paid = PaidSnapshot {
                application_id: app,
                citizen_id: citizen,
                holder_name: &name,
                service_code: "ntsa-driving-licence",
                variant_code: &variant,
                snapshot_hash: "abc",
                answers: &answers,
            };
            let mut doc = doc_for(&paid);
            prop_assert_eq!(check_matches(&doc, &paid), Ok(()));
            match tamper {
                0 => doc.variant_code = other_variant.clone(),
                1 => doc.holder_name.push('x'),
                2 => doc.citizen_id += 1,
                3 => doc.service_code = "ntsa-driving-licence-renewal".into(),
                4 => { doc.details.answers.insert("full_name".into(), format!("{answer}!")); }
                _ => doc.application_id += 1,
            }
            let changed = !(tamper == 0 && other_variant == variant);
            prop_assert_eq!(check_matches(&doc, &paid).is_err(), changed);
        }
    }
}
