//! Email simulator: an in-process [`EmailGateway`] that records into a mailbox, readable as JSON
//! and as an HTML page. It stands in for SMTP in the demo and the tests (the real adapter is
//! server/src/gateways/smtp.rs, used when `MLANGO_SMTP_HOST` is set).

use super::{SIM_MAX_MESSAGES, Simulators, escape_html, inbox_page, rfc3339};
use app::contact::EmailAddress;
use app::notifications::ports::{EmailGateway, GatewayError, ProviderReceipt};
use async_trait::async_trait;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::SystemTime;

/// The provider name in receipts.
pub const PROVIDER: &str = "sim-mail";

/// One simulated email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimMail {
    /// Message id.
    pub id: String,
    /// Recipient.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
    /// When it was accepted.
    pub sent_at: SystemTime,
}

/// The email simulator's mailbox; clones share it.
#[derive(Clone, Default)]
pub struct MailSim {
    messages: Arc<Mutex<VecDeque<SimMail>>>,
}

impl MailSim {
    // Each change is a single push or pop, so a poisoned lock still guards consistent data.
    fn lock(&self) -> MutexGuard<'_, VecDeque<SimMail>> {
        self.messages.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Email sent, newest first, optionally only to `to`.
    pub fn messages(&self, to: Option<&EmailAddress>) -> Vec<SimMail> {
        self.lock().iter().rev().filter(|m| to.is_none_or(|a| same_address(&m.to, a))).cloned().collect()
    }

    /// The newest email to `to`, if any.
    pub fn latest(&self, to: &EmailAddress) -> Option<SimMail> {
        self.lock().iter().rev().find(|m| same_address(&m.to, to)).cloned()
    }

    fn record(&self, to: &EmailAddress, subject: &str, body: &str) -> String {
        let id = format!("sim-mail-{}", uuid::Uuid::new_v4().simple());
        let mut messages = self.lock();
        messages.push_back(SimMail {
            id: id.clone(),
            to: to.as_str().to_string(),
            subject: subject.to_string(),
            body: body.to_string(),
            sent_at: SystemTime::now(),
        });
        while messages.len() > SIM_MAX_MESSAGES {
            messages.pop_front();
        }
        id
    }
}

// Mailbox providers treat the local part case-insensitively in practice; people type it both ways.
fn same_address(stored: &str, wanted: &EmailAddress) -> bool {
    stored.eq_ignore_ascii_case(wanted.as_str())
}

/// [`EmailGateway`] that delivers into a [`MailSim`].
#[derive(Clone)]
pub struct SimMailGateway {
    mailbox: MailSim,
}

impl SimMailGateway {
    /// A gateway delivering into `mailbox`.
    pub fn new(mailbox: MailSim) -> Self {
        SimMailGateway { mailbox }
    }
}

#[async_trait]
impl EmailGateway for SimMailGateway {
    async fn send_email(&self, to: &EmailAddress, subject: &str, body: &str) -> Result<ProviderReceipt, GatewayError> {
        let message_id = self.mailbox.record(to, subject, body);
        tracing::info!(to = %to.masked(), "email delivered to the simulator mailbox");
        Ok(ProviderReceipt { provider: PROVIDER, message_id })
    }
}

/// The `to` filter of the mailbox routes.
#[derive(Deserialize)]
pub(crate) struct ToFilter {
    to: Option<String>,
}

fn parse_filter(to: Option<&str>) -> Result<Option<EmailAddress>, String> {
    match to.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => EmailAddress::parse(s).map(Some).map_err(|e| e.to_string()),
    }
}

/// `GET /sim/mail/messages?to=`.
pub(crate) async fn messages_json(State(sims): State<Simulators>, Query(filter): Query<ToFilter>) -> Response {
    let to = match parse_filter(filter.to.as_deref()) {
        Ok(to) => to,
        Err(e) => return (StatusCode::BAD_REQUEST, Json(json!({"error": e}))).into_response(),
    };
    let messages: Vec<serde_json::Value> = sims
        .mail
        .messages(to.as_ref())
        .into_iter()
        .map(|m| json!({"id": m.id, "to": m.to, "subject": m.subject, "body": m.body, "sent_at": rfc3339(m.sent_at)}))
        .collect();
    Json(json!({ "messages": messages })).into_response()
}

/// `GET /sim/mail?to=`.
pub(crate) async fn inbox(
    State(sims): State<Simulators>,
    nonce: Option<axum::Extension<app::ssr::CspNonce>>,
    Query(filter): Query<ToFilter>,
) -> Response {
    let nonce = nonce.map(|axum::Extension(n)| n.0);
    let filter_text = filter.to.as_deref().unwrap_or("").trim().to_string();
    let (status, note, messages) = match parse_filter(filter.to.as_deref()) {
        Ok(Some(a)) => (StatusCode::OK, format!("Email sent to {a}."), sims.mail.messages(Some(&a))),
        Ok(None) => {
            (StatusCode::OK, "Every email the simulator has accepted, newest first.".into(), sims.mail.messages(None))
        }
        Err(e) => (StatusCode::BAD_REQUEST, format!("Cannot filter: {e}."), Vec::new()),
    };
    let items: Vec<String> = messages
        .iter()
        .take(200)
        .map(|m| {
            let at = rfc3339(m.sent_at);
            format!(
                "<li><p class=\"meta\">To {to} · <time datetime=\"{at}\">{at}</time></p>\
                 <h2>{subject}</h2><p class=\"text\">{body}</p></li>",
                to = escape_html(&m.to),
                subject = escape_html(&m.subject),
                body = escape_html(&m.body),
            )
        })
        .collect();
    let page = inbox_page("Simulated mailbox", "Email address", &filter_text, &note, &items, nonce.as_deref());
    (status, Html(page)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::spawn_for_tests;

    #[tokio::test]
    async fn sim_mail_round_trip() {
        let (sims, base) = spawn_for_tests().await;
        let gateway = SimMailGateway::new(sims.mail.clone());
        let to = EmailAddress::parse("Wanjiku@Example.com").unwrap();
        let receipt = gateway.send_email(&to, "Your code", "Code: 123456 <b>").await.unwrap();
        assert_eq!(receipt.provider, "sim-mail");
        gateway.send_email(&EmailAddress::parse("otieno@example.com").unwrap(), "Other", "x").await.unwrap();
        gateway.send_email(&to, "Second", "y").await.unwrap();

        let json: serde_json::Value = reqwest::get(format!("{base}/sim/mail/messages?to=wanjiku@example.com"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let messages = json["messages"].as_array().unwrap();
        assert_eq!(messages.len(), 2);
        assert_eq!(messages[0]["subject"], "Second");
        assert_eq!(messages[1]["id"], receipt.message_id.as_str());
        assert_eq!(messages[1]["body"], "Code: 123456 <b>");
        assert_eq!(messages[1]["to"], "Wanjiku@example.com");
        assert!(messages[1]["sent_at"].as_str().unwrap().ends_with('Z'));

        let all: serde_json::Value =
            reqwest::get(format!("{base}/sim/mail/messages")).await.unwrap().json().await.unwrap();
        assert_eq!(all["messages"].as_array().unwrap().len(), 3);
        assert_eq!(reqwest::get(format!("{base}/sim/mail/messages?to=nobody")).await.unwrap().status(), 400);
        assert_eq!(sims.mail.latest(&to).unwrap().subject, "Second");

        let page = reqwest::get(format!("{base}/sim/mail?to=wanjiku%40example.com")).await.unwrap();
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.starts_with("<!doctype html>") && html.contains("lang=\"en\""));
        assert!(html.contains("Code: 123456 &lt;b&gt;"));
        assert!(!html.contains("Other"));
    }
}
