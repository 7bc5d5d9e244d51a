//! What seeded applications apply for: one "offer" per service and price, with its share of
//! the volume, its price as submission computes it, and templates of the answers, the snapshot
//! the hash is taken over and the SMS bodies, with placeholders the loader fills per row.

use super::model::{Demand, Person, answer_for, service_shares, variant_shares};
use super::sql;
use app::catalogue::fees::ConvenienceFeeBands;
use app::catalogue::index::Catalogue;
use app::i18n::Lang;
use app::money::{Currency, Money};
use app::notifications::texts::notice_texts;

/// One service at one price.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    /// Service code.
    pub service_code: String,
    /// The service's agency.
    pub agency_code: String,
    /// Fee variant code.
    pub variant_code: String,
    /// Government fee (cents).
    pub amount_minor: i64,
    /// Convenience fee (cents).
    pub convenience_minor: i64,
    /// Charter timeline in calendar seconds (working days × 7/5).
    pub timeline_secs: i64,
    /// Share of all applications.
    pub share: f64,
    /// `applications.answers` with placeholders.
    pub answers: String,
    /// The JSON the snapshot hash is taken over, with the same placeholders.
    pub canonical: String,
    /// "Application received" SMS, English and Kiswahili.
    pub received: [String; 2],
    /// Receipt SMS, English and Kiswahili.
    pub receipt: [String; 2],
}

/// Longest service name in an SMS, as the outbox writes it.
const SERVICE_CHARS: usize = 40;

/// `text` cut at a word boundary to `max` characters, as the outbox shortens service names.
fn shorten(text: &str, max: usize) -> String {
    let text = text.trim().trim_end_matches('.');
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(3)).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}...", at_word.trim_end_matches([',', ';', ':']))
}

/// The offers of a catalogue with a positive share, and the paybill the SMS name.
pub fn offers(catalogue: &Catalogue, paybill: &str) -> Vec<Offer> {
    let services = catalogue.services();
    let demand: Vec<Demand> = services
        .iter()
        .map(|s| Demand {
            agency: s.agency.as_str().to_string(),
            popularity: s.popularity,
            eligible: s.fees.currency == Currency::Kes && !s.fees.variants.is_empty(),
        })
        .collect();
    let shares = service_shares(&demand);
    let bands = ConvenienceFeeBands::gazette_1422();
    let person = Person { full_name: sql::NAME, surname: sql::SURNAME, phone: sql::PHONE, national_id: sql::ID };
    let mut out = Vec::new();
    for (service, share) in services.iter().zip(shares) {
        if share <= 0.0 {
            continue;
        }
        let answers: app::applications::form::Answers =
            service.form.fields.iter().filter_map(|f| answer_for(f, &person).map(|v| (f.name.clone(), v))).collect();
        let answers_json = serde_json::to_string(&answers).unwrap_or_else(|_| "{}".into());
        for (variant, vshare) in service.fees.variants.iter().zip(variant_shares(service.fees.variants.len())) {
            let fee = service.fees.amount(variant);
            let quote = bands.quote(fee, service.fees.convenience_fee_waived);
            // Exactly what app::applications::form::snapshot_hash serialises (no documents).
            let canonical = serde_json::json!({
                "service": service.code.as_str(), "variant": variant.code, "amount_minor": fee.minor,
                "currency": fee.currency.code(), "answers": answers,
            })
            .to_string();
            let texts = |lang: Lang| {
                let t = notice_texts(lang);
                let name = shorten(service.name.get(lang), SERVICE_CHARS);
                let total = Money { minor: quote.total.minor, currency: Currency::Kes }.to_string();
                let received = if quote.total.minor > 0 {
                    (t.received_to_pay)(sql::REFERENCE, &name, &total, sql::BILL, paybill)
                } else {
                    (t.received_free)(sql::REFERENCE, &name, sql::DUE)
                };
                (received, (t.receipt)(&total, sql::REFERENCE, sql::BILL, sql::RECEIPT))
            };
            let (received_en, receipt_en) = texts(Lang::En);
            let (received_sw, receipt_sw) = texts(Lang::Sw);
            out.push(Offer {
                service_code: service.code.as_str().to_string(),
                agency_code: service.agency.as_str().to_string(),
                variant_code: variant.code.clone(),
                amount_minor: quote.fee.minor,
                convenience_minor: quote.convenience.minor,
                timeline_secs: (i64::from(service.timeline_days) * 86_400 * 7 + 4) / 5,
                share: share * vshare,
                answers: answers_json.clone(),
                canonical,
                received: [received_en, received_sw],
                receipt: [receipt_en, receipt_sw],
            });
        }
    }
    out
}

/// Fills the person placeholders of a template (what the loader does in SQL).
#[cfg(test)]
fn fill(template: &str, p: &Person<'_>) -> String {
    template
        .replace(sql::NAME, p.full_name)
        .replace(sql::SURNAME, p.surname)
        .replace(sql::PHONE, p.phone)
        .replace(sql::ID, p.national_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    fn demo() -> Catalogue {
        let batch = crate::catalogue::demo::demo_catalogue();
        Catalogue::new(batch.agencies, batch.services)
    }

    #[test]
    fn offers_hash_as_submission_does_and_answer_every_required_field() {
        let catalogue = demo();
        let offers = offers(&catalogue, "222222");
        assert!(offers.len() > 1000, "{}", offers.len());
        let total: f64 = offers.iter().map(|o| o.share).sum();
        assert!((total - 1.0).abs() < 1e-6, "{total}");
        let person = Person {
            full_name: "Wanjiku Achieng Kamau",
            surname: "Kamau",
            phone: "254720000001",
            national_id: "20000001",
        };
        let today = app::applications::calendar::Date::new(2026, 1, 15).expect("date");
        for o in &offers {
            let service = catalogue.service(&o.service_code).expect("service");
            let answers: app::applications::form::Answers =
                serde_json::from_str(&fill(&o.answers, &person)).expect("answers JSON");
            // The hash the loader computes in SQL is the one the application recomputes
            // before issuing a document.
            let ours = app::accounts::otp::hex(&Sha256::digest(fill(&o.canonical, &person).as_bytes()));
            let theirs = app::applications::form::snapshot_hash(
                &o.service_code,
                &o.variant_code,
                o.amount_minor,
                "KES",
                &answers,
                &[],
            );
            assert_eq!(ours, theirs, "{}", o.service_code);
            // Every answer passes the form's checks, except where a form's text limit is
            // shorter than the name filled in (the loader never re-validates).
            if let Err(problems) = app::applications::form::validate(&service.form, &answers, today) {
                assert!(
                    problems.iter().all(|(_, p)| matches!(p, app::applications::form::FieldProblem::TooLong { .. })),
                    "{}: {problems:?}",
                    o.service_code
                );
            }
            assert!(o.received[0].contains(sql::REFERENCE) && o.receipt[1].contains(sql::RECEIPT));
            assert!(o.timeline_secs >= 86_400);
        }
        let share_of = |agency: &str| offers.iter().filter(|o| o.agency_code == agency).map(|o| o.share).sum::<f64>();
        assert!((share_of("ntsa") - 0.30).abs() < 1e-6 && (share_of("dci") - 0.14).abs() < 1e-6);
    }

    #[test]
    fn names_are_shortened_between_words() {
        assert_eq!(shorten("Short name.", 40), "Short name");
        assert_eq!(shorten("A very long service name that goes on and on", 20), "A very long...");
    }
}
