//! Sending what the outbox holds: render each message from the records it is about, hand it to
//! the provider, and record what happened.

use super::outbox::{Notice, NoticeKind, NoticeResult, NoticeStatus, next_attempt_at};
use super::ports::GatewayError;
use crate::accounts::ports::AccountKey;
use crate::contact::PhoneNumber;
use crate::money::{Currency, Money};
use crate::ssr::AppState;
use crate::store::StoreError;

/// Messages claimed per pass.
const BATCH: u32 = 50;

/// A message ready for the provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Where it goes.
    pub to: PhoneNumber,
    /// The text.
    pub text: String,
}

/// Why a message cannot be sent at all (its records are gone or hold no number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsendable(pub String);

/// The receipt SMS: amount, what it paid for, the receipt number, and any credit kept.
pub fn receipt_text(amount_minor: i64, credit_minor: i64, what: &str, bill: &str, receipt_no: &str) -> String {
    let amount = Money { minor: amount_minor, currency: Currency::Kes };
    let mut text = format!("Mlango: {amount} received for {what} (bill {bill}). Receipt {receipt_no}.");
    if credit_minor > 0 {
        let credit = Money { minor: credit_minor, currency: Currency::Kes };
        text.push_str(&format!(" {credit} kept as your credit."));
    }
    text
}

/// The apology for a missed charter date, with the new date (dates shown as 4 Dec 2026).
pub fn breach_text(reference: &str, service: &str, missed: &str, new_due: &str) -> String {
    let service: String = service.chars().take(40).collect();
    format!(
        "Mlango: We are sorry. {reference} ({service}) was promised by {} and is late. The agency has set a new date: {}.",
        short_date(missed),
        short_date(new_due)
    )
}

/// `2026-12-04` as `4 Dec 2026` (unchanged if it is not an ISO date).
pub(crate) fn short_date(iso: &str) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let mut parts = iso.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else { return iso.to_string() };
    match (m.parse::<usize>(), d.parse::<u32>()) {
        (Ok(m @ 1..=12), Ok(d)) => format!("{d} {} {y}", MONTHS[m - 1]),
        _ => iso.to_string(),
    }
}

/// `text` cut to at most `max` characters at a word boundary, with "..." when cut (the
/// ellipsis character is not in the GSM-7 alphabet and would halve what one SMS part holds).
fn shorten(text: &str, max: usize) -> String {
    let text = text.trim().trim_end_matches('.');
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(3)).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}...", at_word.trim_end_matches([',', ';', ':']))
}

/// The booking confirmation: when and where, and what for.
pub fn appointment_text(reference: &str, step: &str, office: &str, address: &str, when: &str) -> String {
    let step = shorten(step, 50);
    format!("Mlango: {reference}: {step} on {when} at {office}, {address}. Bring your ID. Change or cancel on Mlango.")
}

/// Renders a claimed message from the records it names.
pub async fn render(state: &AppState, n: &Notice) -> Result<Result<Rendered, Unsendable>, StoreError> {
    let to = match n.citizen_id {
        Some(id) => match state.store.find_account(AccountKey::Id(id)).await? {
            Some(account) => account.phone,
            None => return Ok(Err(Unsendable(format!("account {id} not found")))),
        },
        None => match n.phone.as_deref().map(PhoneNumber::parse) {
            Some(Ok(phone)) => phone,
            _ => return Ok(Err(Unsendable("no valid phone number".into()))),
        },
    };
    match n.kind {
        NoticeKind::PaymentReceipt => {
            let Some(r) = state.store.receipt(&n.subject).await? else {
                return Ok(Err(Unsendable(format!("receipt {} not found", n.subject))));
            };
            let bill = r.payment.bill_ref.clone().unwrap_or_default();
            let what = r.application_ref.clone().unwrap_or_else(|| format!("bill {bill}"));
            let text =
                receipt_text(r.payment.amount_minor, r.payment.credit_minor, &what, &bill, &r.payment.receipt_no);
            Ok(Ok(Rendered { to, text }))
        }
        NoticeKind::AppointmentBooked => {
            let (reference, step) = n.subject.rsplit_once(':').unwrap_or((n.subject.as_str(), "0"));
            let step: i64 = step.parse().unwrap_or(0);
            let Some(app) = state.store.application(reference).await? else {
                return Ok(Err(Unsendable(format!("application {reference} not found"))));
            };
            let booked = state.store.appointments_of(app.id).await?.into_iter().find(|a| a.step == step);
            let Some(a) = booked else {
                return Ok(Err(Unsendable("the appointment was cancelled before it was announced".into())));
            };
            let live = state.catalogue.current();
            let what = live
                .catalogue
                .service(&app.service_code)
                .and_then(|s| s.in_person_steps.get(usize::try_from(step).unwrap_or(usize::MAX)).map(|l| l.en.clone()))
                .unwrap_or_else(|| "Appointment".into());
            let when = crate::accounts::pages::eat(a.starts_at);
            Ok(Ok(Rendered {
                to,
                text: appointment_text(&app.reference, &what, &a.office.name, &a.office.address, &when),
            }))
        }
        NoticeKind::SmsReply => match state.store.inbound_reply(&n.subject).await? {
            Some((_, text)) if !text.is_empty() => Ok(Ok(Rendered { to, text })),
            _ => Ok(Err(Unsendable(format!("no reply recorded for inbound SMS {}", n.subject)))),
        },
        NoticeKind::DocumentIssued => {
            let Some(app) = state.store.application(&n.subject).await? else {
                return Ok(Err(Unsendable(format!("application {} not found", n.subject))));
            };
            let Some(doc) = state.store.document_of_application(app.id).await? else {
                return Ok(Err(Unsendable(format!("no document issued for {}", n.subject))));
            };
            let live = state.catalogue.current();
            let service = live.catalogue.service(&app.service_code).map(|s| s.name.en.clone()).unwrap_or_default();
            let service = shorten(&service, 40);
            let t = super::two_way::reply_texts(crate::i18n::Lang::En);
            Ok(Ok(Rendered { to, text: (t.issued_rate)(&app.reference, &service, &doc.number) }))
        }
        NoticeKind::CharterBreach => {
            let Some(app) = state.store.application(&n.subject).await? else {
                return Ok(Err(Unsendable(format!("application {} not found", n.subject))));
            };
            let live = state.catalogue.current();
            let service = live.catalogue.service(&app.service_code).map(|s| s.name.en.clone()).unwrap_or_default();
            let missed = app.charter_missed_on.clone().unwrap_or_default();
            let new_due = app.due_date.clone().unwrap_or_default();
            Ok(Ok(Rendered { to, text: breach_text(&app.reference, &service, &missed, &new_due) }))
        }
    }
}

/// Sends every due message once; returns how many the provider took.
pub async fn deliver_due(state: &AppState) -> Result<usize, StoreError> {
    let mut sent = 0;
    loop {
        let now = state.clock.now();
        let claimed = state.store.claim_notices(now, BATCH).await?;
        let full = claimed.len() == BATCH as usize;
        let mut results = Vec::with_capacity(claimed.len());
        for n in claimed {
            let attempts = n.attempts + 1;
            let (status, next_at, provider_message_id, error) = match render(state, &n).await? {
                Err(Unsendable(why)) => (NoticeStatus::Failed, now, None, why),
                Ok(msg) => match state.sms.send_sms(&msg.to, &msg.text).await {
                    Ok(receipt) => {
                        sent += 1;
                        (NoticeStatus::Sent, now, Some(receipt.message_id), String::new())
                    }
                    Err(GatewayError::Rejected(why)) => (NoticeStatus::Failed, now, None, why),
                    Err(GatewayError::Unavailable(why)) => match next_attempt_at(attempts, now) {
                        Some(at) => (NoticeStatus::Queued, at, None, why),
                        None => (NoticeStatus::Failed, now, None, why),
                    },
                },
            };
            if status == NoticeStatus::Failed {
                tracing::warn!(notice = n.id, kind = n.kind.code(), %error, "message given up");
            }
            results.push(NoticeResult { id: n.id, status, next_at, provider_message_id, error });
        }
        // Until recorded, the claim keeps other servers off these rows; a crash before this
        // line means they are sent again after the claim lapses (at least once, never lost).
        state.store.record_notice_attempts(now, &results).await?;
        if !full {
            return Ok(sent);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_text_names_amount_bill_and_receipt_and_fits_one_sms_part_budget() {
        let t = receipt_text(105_000, 0, "PAS-2026-000123", "1234567890", "R1234567890");
        assert_eq!(t, "Mlango: KSh 1,050 received for PAS-2026-000123 (bill 1234567890). Receipt R1234567890.");
        let t = receipt_text(205_000, 100_000, "PAS-2026-000123", "1234567890", "R1234567890");
        assert!(t.ends_with("KSh 1,000 kept as your credit."), "{t}");
        assert!(t.len() <= 160, "{} characters", t.len());
    }

    #[test]
    fn the_apology_names_the_missed_and_the_new_date_within_one_long_sms() {
        let t = breach_text("PAS-2026-000123", "Ordinary passport (48 or 64 pages)", "2026-12-03", "2026-12-10");
        assert_eq!(
            t,
            "Mlango: We are sorry. PAS-2026-000123 (Ordinary passport (48 or 64 pages)) was promised by 3 Dec 2026 \
             and is late. The agency has set a new date: 10 Dec 2026."
        );
        let long = breach_text("PAS-2026-000123", &"x".repeat(200), "2026-12-03", "2026-12-10");
        assert!(long.chars().count() <= 200, "two SMS parts at most: {}", long.len());
        assert_eq!(short_date("garbage"), "garbage");
    }

    #[test]
    fn a_long_step_name_is_cut_between_words() {
        let long = "Book an appointment and attend it at the immigration office for fingerprints and a photo.";
        let t = appointment_text("APP-1", long, "Immigration, Nairobi", "Nyayo House", "11 Dec 2026, 08:30");
        assert!(t.starts_with("Mlango: APP-1: Book an appointment and attend it at the... on 11 Dec"), "{t}");
        assert_eq!(shorten("Biometrics.", 50), "Biometrics");
        assert!(shorten(long, 50).chars().count() <= 50);
    }

    #[test]
    fn every_message_is_gsm7_within_two_parts() {
        use super::super::two_way::segments;
        let long = "x ".repeat(100);
        for text in [
            receipt_text(1_000_000_000, 99_999_999, "APP-3F9A1C7B2D", "1234567890", "R1234567890"),
            breach_text("APP-3F9A1C7B2D", &long, "2026-12-03", "2026-12-10"),
            appointment_text("APP-3F9A1C7B2D", &long, &shorten(&long, 40), &shorten(&long, 40), "11 Dec 2026, 08:30"),
        ] {
            let s = segments(&text);
            assert!(!s.ucs2 && s.parts <= 2, "{text} ({s:?})");
        }
    }
}
