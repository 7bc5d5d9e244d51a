//! What the short code does with the SMS citizens send it and with the provider's delivery
//! reports: each inbound SMS is recorded once (by the provider's id, so a retried callback
//! never sends a second reply), answered through the outbox in the language it was written in,
//! and a number that floods is recorded but no longer answered.

use super::outbox::{NewNotice, NoticeKind, wake};
use super::ports::{DeliveryReport, InboundSms, NewRating};
use super::two_way::{Command, Delivery, RATING_WINDOW_SECS, REPLIES_PER_HOUR, delivery, initials, parse, reply_texts};
use crate::accounts::service::store_err;
use crate::applications::calendar::Date;
use crate::contact::PhoneNumber;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::money::{Currency, Money};
use crate::ssr::AppState;

/// An SMS as the provider's callback gives it.
#[derive(Debug, Clone)]
pub struct Incoming {
    /// The provider's id of the SMS.
    pub id: String,
    /// The sender, in any Kenyan form (`+2547…`, `2547…`, `07…`).
    pub from: String,
    /// The short code.
    pub to: String,
    /// The text.
    pub text: String,
}

/// Records a delivery report; `BadRequest` for a status the provider does not use.
pub async fn delivery_report(state: &AppState, report: &DeliveryReport) -> Result<bool, AppError> {
    let outcome = match delivery(&report.status) {
        None => return Err(AppError::BadRequest(format!("unknown delivery status {:?}", report.status))),
        Some(Delivery::Pending) => None,
        Some(Delivery::Delivered) => Some("delivered"),
        Some(Delivery::Failed) => Some("failed"),
    };
    if report.message_id.trim().is_empty() || report.message_id.len() > 100 {
        return Err(AppError::BadRequest("a delivery report needs the message id".into()));
    }
    let known = state.store.record_delivery_report(report, outcome, state.clock.now()).await.map_err(store_err)?;
    if !known {
        tracing::info!(message_id = %report.message_id, "delivery report for a message not (yet) recorded as sent");
    }
    Ok(known)
}

/// Handles one inbound SMS: decides the reply, records both (once), and wakes the outbox.
pub async fn receive(state: &AppState, sms: &Incoming) -> Result<(), AppError> {
    let phone = PhoneNumber::parse(&sms.from)
        .map_err(|_| AppError::BadRequest(format!("the sender {:?} is not a Kenyan mobile number", sms.from)))?;
    let id = sms.id.trim();
    if id.is_empty() || id.len() > 100 {
        return Err(AppError::BadRequest("an inbound SMS needs the provider's id".into()));
    }
    let now = state.clock.now();
    let (command, lang) = parse(&sms.text);
    let flooded = state.store.replies_since(phone.as_str(), now - 3600).await.map_err(store_err)? >= REPLIES_PER_HOUR;
    let (reply, rating) = if flooded {
        tracing::warn!(target: "security", phone = %phone.masked(), "inbound SMS flood: recorded, not answered");
        (String::new(), None)
    } else {
        answer(state, &phone, &command, lang, now).await?
    };
    let record = InboundSms {
        provider_id: id.to_string(),
        phone: phone.as_str().to_string(),
        short_code: sms.to.chars().take(20).collect(),
        text: sms.text.chars().take(super::two_way::MAX_INBOUND_CHARS).collect(),
        command: command.code().into(),
        reply: reply.clone(),
        received_at: now,
    };
    let notice = (!reply.is_empty()).then(|| NewNotice {
        dedupe_key: format!("reply:{id}"),
        kind: NoticeKind::SmsReply,
        subject: id.to_string(),
        citizen_id: None,
        phone: Some(phone.as_str().to_string()),
    });
    let new = state.store.record_inbound(&record, notice.as_ref(), rating.as_ref()).await.map_err(store_err)?;
    if new && notice.is_some() {
        wake();
    }
    Ok(())
}

/// The reply to a command (and the rating it records).
async fn answer(
    state: &AppState,
    phone: &PhoneNumber,
    command: &Command,
    lang: Lang,
    now: i64,
) -> Result<(String, Option<NewRating>), AppError> {
    let t = reply_texts(lang);
    let short_date = super::texts::notice_texts(lang).date;
    let live = state.catalogue.current();
    // Cut like every other message's service name, so each reply stays within two SMS parts.
    let service_name = |code: &str| {
        super::service::shorten(
            live.catalogue.service(code).map(|s| s.name.get(lang)).unwrap_or(code),
            super::service::SERVICE_CHARS,
        )
    };
    Ok(match command {
        Command::Help | Command::Unknown => (t.help.to_string(), None),
        Command::Status(reference) => {
            let app = state.store.application(reference).await.map_err(store_err)?;
            let owner = match &app {
                Some(a) => state
                    .store
                    .find_account(crate::accounts::ports::AccountKey::Id(a.citizen_id))
                    .await
                    .map_err(store_err)?
                    .map(|c| c.phone),
                None => None,
            };
            match app {
                // Only the applicant's own phone learns where an application is.
                Some(a) if owner.as_ref() == Some(phone) => {
                    let state_name = (crate::applications::texts::app_texts(lang).state)(a.state);
                    let due = a.due_date.as_deref().filter(|_| a.state.clock_running()).map(short_date);
                    ((t.status)(&a.reference, &service_name(&a.service_code), state_name, due.as_deref()), None)
                }
                _ => ((t.status_unknown)(reference), None),
            }
        }
        Command::Verify(code) => {
            if let Some(r) = state.store.receipt(code).await.map_err(store_err)? {
                let currency = Currency::parse(&r.currency).unwrap_or(Currency::Kes);
                let amount = Money { minor: r.payment.amount_minor, currency }.to_string();
                let paid = short_date(&Date::from_unix_eat(r.payment.paid_at).iso());
                ((t.receipt_genuine)(&r.payment.receipt_no, &amount, &paid), None)
            } else if let Some(d) = state.store.document(code).await.map_err(store_err)? {
                let issued = short_date(&Date::from_unix_eat(d.issued_at).iso());
                let what = service_name(&d.service_code);
                ((t.document_genuine)(&d.number, &what, &issued, &initials(&d.holder_name)), None)
            } else {
                ((t.not_genuine)(code), None)
            }
        }
        Command::Rate(score) => {
            match state.store.rateable_application(phone.as_str(), now - RATING_WINDOW_SECS).await.map_err(store_err)? {
                Some(a) => {
                    let rating = NewRating {
                        application_id: a.id,
                        agency_code: a.agency_code.clone(),
                        score: i64::from(*score),
                    };
                    ((t.rated)(*score, &a.reference), Some(rating))
                }
                None => (t.nothing_to_rate.to_string(), None),
            }
        }
    })
}
