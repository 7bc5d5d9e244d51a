//! Sending what the outbox holds: render each message from the records it is about, hand it to
//! the provider, and record what happened.

use super::outbox::{EMAIL_AFTER_SMS_TRIES, Notice, NoticeKind, NoticeResult, NoticeStatus, next_attempt_at};
use super::ports::GatewayError;
use super::texts::notice_texts;
use crate::accounts::ports::AccountKey;
use crate::contact::PhoneNumber;
use crate::i18n::Lang;
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
    /// The citizen's email, for when the phone cannot be reached.
    pub email: Option<crate::contact::EmailAddress>,
    /// The email's subject, in the citizen's language.
    pub subject: &'static str,
}

/// Why a message cannot be sent at all (its records are gone or hold no number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsendable(pub String);

/// `text` cut to at most `max` characters at a word boundary, with "..." when cut (the
/// ellipsis character is not in the GSM-7 alphabet and would halve what one SMS part holds).
pub(crate) fn shorten(text: &str, max: usize) -> String {
    let text = text.trim().trim_end_matches('.');
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(3)).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}...", at_word.trim_end_matches([',', ';', ':']))
}

/// Longest service name in a message (longer names are cut between words).
pub(crate) const SERVICE_CHARS: usize = 40;

/// Renders a claimed message from the records it names, in the citizen's language.
pub async fn render(state: &AppState, n: &Notice) -> Result<Result<Rendered, Unsendable>, StoreError> {
    let (to, lang, email) = match n.citizen_id {
        Some(id) => match state.store.find_account(AccountKey::Id(id)).await? {
            Some(account) => (account.phone, account.language, account.email),
            None => return Ok(Err(Unsendable(format!("account {id} not found")))),
        },
        None => match n.phone.as_deref().map(PhoneNumber::parse) {
            Some(Ok(phone)) => (phone, Lang::En, None),
            _ => return Ok(Err(Unsendable("no valid phone number".into()))),
        },
    };
    let t = notice_texts(lang);
    let live = state.catalogue.current();
    let service_name =
        |code: &str| shorten(live.catalogue.service(code).map(|s| s.name.get(lang)).unwrap_or(code), SERVICE_CHARS);
    let text = match n.kind {
        NoticeKind::PaymentReceipt => {
            let Some(r) = state.store.receipt(&n.subject).await? else {
                return Ok(Err(Unsendable(format!("receipt {} not found", n.subject))));
            };
            let bill = r.payment.bill_ref.clone().unwrap_or_default();
            let what = r.application_ref.clone().unwrap_or_else(|| bill.clone());
            let kes = |minor| Money { minor, currency: Currency::Kes }.to_string();
            let mut text = (t.receipt)(&kes(r.payment.amount_minor), &what, &bill, &r.payment.receipt_no);
            if r.payment.credit_minor > 0 {
                text.push_str(&(t.credit)(&kes(r.payment.credit_minor)));
            }
            text
        }
        NoticeKind::SmsReply => match state.store.inbound_reply(&n.subject).await? {
            Some((_, text)) if !text.is_empty() => text,
            _ => return Ok(Err(Unsendable(format!("no reply recorded for inbound SMS {}", n.subject)))),
        },
        NoticeKind::AppointmentBooked | NoticeKind::AppointmentReminder => {
            let (reference, step) = n.subject.rsplit_once(':').unwrap_or((n.subject.as_str(), "0"));
            let step: i64 = step.parse().unwrap_or(0);
            let Some(app) = state.store.application(reference).await? else {
                return Ok(Err(Unsendable(format!("application {reference} not found"))));
            };
            let booked = state.store.appointments_of(app.id).await?.into_iter().find(|a| a.step == step);
            let Some(a) = booked else {
                return Ok(Err(Unsendable("the appointment was cancelled before it was announced".into())));
            };
            let what = live
                .catalogue
                .service(&app.service_code)
                .and_then(|s| s.in_person_steps.get(usize::try_from(step).unwrap_or(usize::MAX)).map(|l| l.get(lang)))
                .unwrap_or("Appointment");
            let when = crate::accounts::pages::eat(a.starts_at);
            let words = if n.kind == NoticeKind::AppointmentReminder { t.reminder } else { t.appointment };
            words(
                &app.reference,
                &shorten(what, 50),
                &when,
                &shorten(&a.office.name, 30),
                &shorten(&a.office.address, 30),
            )
        }
        NoticeKind::IncidentOpened | NoticeKind::IncidentResolved => {
            let incident = match n.subject.parse::<i64>() {
                Ok(id) => state.store.incident(id).await?,
                Err(_) => None,
            };
            let Some(i) = incident else {
                return Ok(Err(Unsendable(format!("incident {} not found", n.subject))));
            };
            let title = shorten(i.title(lang), crate::status::rules::TITLE_MAX);
            let words = if n.kind == NoticeKind::IncidentOpened { t.incident_opened } else { t.incident_resolved };
            words(&title)
        }
        NoticeKind::PaymentsResumed => match crate::payments::outage::resumed_text(state, lang, &n.subject).await? {
            Ok(text) => text,
            Err(why) => return Ok(Err(why)),
        },
        NoticeKind::InvoiceIssued => {
            let Some(i) = state.store.payable_invoice(&n.subject).await? else {
                return Ok(Err(Unsendable(format!("bill {} not found", n.subject))));
            };
            if i.status == crate::payments::state::InvoiceStatus::Paid {
                return Ok(Err(Unsendable("the bill was paid before the message went".into())));
            }
            // The agency's own description is free text from its system: the message names
            // the agency instead, so it stays in the SMS alphabet and says nothing private.
            let agency = live.catalogue.agency(&i.agency_code).map(|a| a.name.get(lang).to_string());
            let agency = shorten(&agency.unwrap_or(i.agency_code.clone()), SERVICE_CHARS);
            let currency = Currency::parse(&i.currency).unwrap_or(Currency::Kes);
            let total = Money { minor: i.total_minor, currency }.to_string();
            let due = i.expires_at.map(|at| crate::applications::calendar::Date::from_unix_eat(at).iso());
            (t.invoice)(&agency, &total, &i.bill_ref, &state.payments.paybill, &(t.date)(&due.unwrap_or_default()))
        }
        kind => {
            // The rest are about one application, named by its reference.
            let Some(app) = state.store.application(&n.subject).await? else {
                return Ok(Err(Unsendable(format!("application {} not found", n.subject))));
            };
            let service = service_name(&app.service_code);
            match kind {
                NoticeKind::CharterBreach => {
                    let missed = app.charter_missed_on.clone().unwrap_or_default();
                    let new_due = app.due_date.clone().unwrap_or_default();
                    (t.breach)(&app.reference, &service, &(t.date)(&missed), &(t.date)(&new_due))
                }
                NoticeKind::ApplicationReceived => match state.store.invoice_of(app.id).await? {
                    Some(i) if i.total_minor > 0 => {
                        let currency = Currency::parse(&i.currency).unwrap_or(Currency::Kes);
                        let total = Money { minor: i.total_minor, currency }.to_string();
                        (t.received_to_pay)(&app.reference, &service, &total, &i.bill_ref, &state.payments.paybill)
                    }
                    _ => (t.received_free)(
                        &app.reference,
                        &service,
                        &(t.date)(app.due_date.as_deref().unwrap_or_default()),
                    ),
                },
                NoticeKind::InfoRequested => (t.needs_info)(&app.reference),
                NoticeKind::Approved => (t.approved)(&app.reference, &service),
                NoticeKind::Rejected => (t.rejected)(&app.reference, &service),
                NoticeKind::DocumentIssued => {
                    let Some(doc) = state.store.document_of_application(app.id).await? else {
                        return Ok(Err(Unsendable(format!("no document issued for {}", n.subject))));
                    };
                    (t.issued)(&app.reference, &service, &doc.number)
                }
                NoticeKind::PaymentReceipt
                | NoticeKind::SmsReply
                | NoticeKind::AppointmentBooked
                | NoticeKind::AppointmentReminder
                | NoticeKind::IncidentOpened
                | NoticeKind::IncidentResolved
                | NoticeKind::InvoiceIssued
                | NoticeKind::PaymentsResumed => {
                    return Ok(Err(Unsendable("handled above".into())));
                }
            }
        }
    };
    Ok(Ok(Rendered { to, text, email, subject: t.email_subject }))
}

/// What one send of message `id` came to.
fn sent(id: i64, message_id: String, channel: &'static str, text: &str, now: i64) -> NoticeResult {
    NoticeResult {
        id,
        status: NoticeStatus::Sent,
        next_at: now,
        provider_message_id: Some(message_id),
        error: String::new(),
        channel,
        body: Some(text.to_string()),
        attempted: true,
        in_doubt_since: None,
    }
}

fn failed(id: i64, why: String, channel: &'static str, now: i64) -> NoticeResult {
    NoticeResult {
        id,
        status: NoticeStatus::Failed,
        next_at: now,
        provider_message_id: None,
        error: why,
        channel,
        body: None,
        attempted: true,
        in_doubt_since: None,
    }
}

/// Tried again later, or given up once the tries are used.
fn retry(id: i64, why: String, channel: &'static str, attempts: i64, now: i64) -> NoticeResult {
    match next_attempt_at(attempts, now) {
        Some(at) => NoticeResult { status: NoticeStatus::Queued, next_at: at, ..failed(id, why, channel, now) },
        None => failed(id, why, channel, now),
    }
}

/// The provider did not answer: the message may be on its way, so it is not sent again until
/// its delivery report has had `wait` seconds to come (by default [`super::outbox::DLR_WAIT_SECS`]).
fn uncertain(id: i64, why: String, attempts: i64, since: i64, now: i64, wait: i64) -> NoticeResult {
    match next_attempt_at(attempts, now) {
        Some(_) => NoticeResult {
            status: NoticeStatus::Queued,
            next_at: now + wait,
            in_doubt_since: Some(since),
            ..failed(id, why, "sms", now)
        },
        None => failed(id, why, "sms", now),
    }
}

/// Put back untried, due again at `at`, its doubt as it was.
fn held_back(n: &Notice, why: &str, at: i64, in_doubt_since: Option<i64>) -> NoticeResult {
    NoticeResult {
        id: n.id,
        status: NoticeStatus::Queued,
        next_at: at,
        provider_message_id: None,
        error: why.to_string(),
        channel: if n.channel == "email" { "email" } else { "sms" },
        body: None,
        attempted: false,
        in_doubt_since,
    }
}

/// Sends message `id` by email; `None` when the citizen has no address.
async fn by_email(
    state: &AppState,
    id: i64,
    msg: &Rendered,
    why: &str,
    attempts: i64,
    now: i64,
) -> Option<NoticeResult> {
    let email = msg.email.as_ref()?;
    Some(match state.email.send_email(email, msg.subject, &msg.text).await {
        Ok(r) => sent(id, r.message_id, "email", &msg.text, now),
        Err(GatewayError::Rejected(e)) => failed(id, format!("{why}; email: {e}"), "email", now),
        Err(GatewayError::Unavailable(e) | GatewayError::Uncertain(e)) => {
            retry(id, format!("{why}; email: {e}"), "email", attempts, now)
        }
    })
}

/// Sends one claimed message: by SMS, or by email when the phone network could not deliver it
/// (or refused it, or failed [`EMAIL_AFTER_SMS_TRIES`] times) and the citizen has an address.
///
/// An SMS whose earlier send has an unknown outcome is not sent blindly again: a delivery
/// report for its phone that no other message explains means it arrived; until the provider
/// has had its report wait (by default [`super::outbox::DLR_WAIT_SECS`]), it waits.
async fn deliver_one(state: &AppState, n: &Notice, now: i64) -> Result<NoticeResult, StoreError> {
    let (id, attempts) = (n.id, n.attempts + 1);
    let report_wait = state.timings.sms_report_wait_secs;
    let msg = match render(state, n).await? {
        Err(Unsendable(why)) => return Ok(failed(id, why, "sms", now)),
        Ok(msg) => msg,
    };
    let in_doubt = n.earlier_send_in_doubt(now).filter(|_| n.channel == "sms");
    if let Some(since) = in_doubt {
        if let Some(report) = state.store.unexplained_report(&n.recipient, msg.to.as_str(), since).await? {
            tracing::info!(notice = n.id, message_id = %report.message_id, "a send in doubt was delivered; not sending it again");
            if report.outcome.as_deref() == Some("failed") {
                let why = format!("the phone network could not deliver it: {}", report.failure_reason);
                let result = by_email(state, id, &msg, &why, attempts, now).await;
                return Ok(result.unwrap_or_else(|| failed(id, why, "sms", now)));
            }
            return Ok(sent(id, report.message_id, "sms", &msg.text, now));
        }
        if now < since + report_wait {
            let why = "waiting for the provider to say whether an earlier send arrived";
            return Ok(held_back(n, why, since + report_wait, Some(since)));
        }
    }
    if n.channel == "email" {
        let why = "the phone network could not deliver it";
        let result = by_email(state, id, &msg, why, attempts, now).await;
        return Ok(result.unwrap_or_else(|| failed(id, why.into(), "email", now)));
    }
    let answer = state.sms.send_sms(&msg.to, &msg.text).await;
    crate::status::record_sms(state, provider_answered(&answer));
    Ok(match answer {
        Ok(receipt) => sent(id, receipt.message_id, "sms", &msg.text, now),
        Err(GatewayError::Rejected(why)) => {
            let result = by_email(state, id, &msg, &why, attempts, now).await;
            result.unwrap_or_else(|| failed(id, why, "sms", now))
        }
        Err(GatewayError::Unavailable(why)) if attempts >= EMAIL_AFTER_SMS_TRIES => {
            let result = by_email(state, id, &msg, &why, attempts, now).await;
            result.unwrap_or_else(|| retry(id, why, "sms", attempts, now))
        }
        Err(GatewayError::Unavailable(why)) => retry(id, why, "sms", attempts, now),
        Err(GatewayError::Uncertain(why)) => uncertain(id, why, attempts, in_doubt.unwrap_or(now), now, report_wait),
    })
}

/// Whether the SMS provider is working, judged by one send: a refusal of one message (a
/// barred number) still shows it answering.
fn provider_answered<T>(sent: &Result<T, GatewayError>) -> bool {
    matches!(sent, Ok(_) | Err(GatewayError::Rejected(_)))
}

/// Sends an SMS now, outside the outbox (a one-time code is only worth sending while the
/// person waits), and records its id so its delivery report is never taken for another's.
pub async fn send_direct_sms(
    state: &AppState,
    to: &PhoneNumber,
    text: &str,
) -> Result<super::ports::ProviderReceipt, GatewayError> {
    let sent = state.sms.send_sms(to, text).await;
    crate::status::record_sms(state, provider_answered(&sent));
    let receipt = sent?;
    if let Err(e) = state.store.record_direct_send(&receipt.message_id, to.as_str(), state.clock.now()).await {
        tracing::warn!(error = %e, "a direct SMS's id was not recorded; its delivery report will look unexplained");
    }
    Ok(receipt)
}

/// Sends every due message once; returns how many the provider took.
pub async fn deliver_due(state: &AppState) -> Result<usize, StoreError> {
    let mut sent = 0;
    loop {
        let now = state.clock.now();
        let claimed = state.store.claim_notices(now, state.timings.claim_secs, BATCH).await?;
        let full = claimed.len() == BATCH as usize;
        let mut results = Vec::with_capacity(claimed.len());
        // A claim takes one message per recipient; the next waits for this one's outcome.
        let again = full || !claimed.is_empty();
        for n in claimed {
            let result = deliver_one(state, &n, now).await?;
            if result.status == NoticeStatus::Sent {
                sent += 1;
            }
            if result.status == NoticeStatus::Failed {
                tracing::warn!(notice = n.id, kind = n.kind.code(), error = %result.error, "message given up");
            }
            results.push(result);
        }
        // Until recorded, the claim keeps other servers off these rows. A crash before this
        // line leaves them claimed and in doubt: after the claim lapses they are matched to
        // their delivery reports, or sent again once none came (at least once, never lost).
        state.store.record_notice_attempts(now, &results).await?;
        if !again {
            return Ok(sent);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_are_cut_between_words_without_leaving_gsm7() {
        let long = "Book an appointment and attend it at the immigration office for fingerprints and a photo.";
        assert_eq!(shorten(long, 50), "Book an appointment and attend it at the...");
        assert_eq!(shorten("Biometrics.", 50), "Biometrics");
        assert!(shorten(long, 50).chars().count() <= 50);
        assert!(!crate::notifications::two_way::segments(&shorten(long, 20)).ucs2);
    }
}
