//! Protocol-faithful simulators of the external providers, served in-process under `/sim/*` for
//! the demo and the tests (DESIGN decision 4). The real adapters talk to them over HTTP, so the
//! demo exercises the same wire formats as production.
//!
//! Routes (relative to where [`router`] is nested, normally `/sim`):
//!
//! | route | what |
//! |---|---|
//! | `POST /sms/version1/messaging` | Africa's Talking bulk SMS send ([`SIM_AT_USERNAME`], [`SIM_AT_API_KEY`]) |
//! | `GET /sms/messages?to=` | JSON of the SMS sent, newest first |
//! | `GET /sms?to=` | the SMS inbox as an HTML page |
//! | `POST /sms/fail` | `{"mode":"none"\|"unavailable"\|"reject"\|"undeliverable"\|"flaky","fail_percent"?,"timeout_percent"?,"hold_ms"?}`: make sends (or deliveries) fail |
//! | `POST /sms/reply` | form `from`, `text`: the phone texts the short code; posted to the inbound callback |
//! | `GET /mail/messages?to=` | JSON of the email sent, newest first |
//! | `GET /mail?to=` | the mailbox as an HTML page |
//! | `POST /registry/v1/verify` | the identity-registry protocol over the demo population ([`SIM_REGISTRY_TOKEN`]) |
//! | `GET /mpesa/oauth/v1/generate?grant_type=client_credentials` | Daraja OAuth (Basic [`SIM_MPESA_CONSUMER_KEY`]:[`SIM_MPESA_CONSUMER_SECRET`]) |
//! | `POST /mpesa/mpesa/stkpush/v1/processrequest` | Daraja STK push ([`SIM_MPESA_SHORTCODE`], [`SIM_MPESA_PASSKEY`]) |
//! | `POST /mpesa/mpesa/stkpushquery/v1/query` | Daraja STK query |
//! | `POST /mpesa/mpesa/c2b/{v1,v2}/registerurl` | Daraja C2B URL registration |
//! | `GET /phone/{msisdn}` | the simulated phone: PIN prompts (PIN [`SIM_MPESA_PIN`]), balance, Pay Bill, M-PESA messages |
//! | `POST /phone/{msisdn}/answer`, `POST /phone/{msisdn}/paybill` | the phone's forms (303 back to the phone) |
//! | `POST /mpesa/answer` | `{"checkout_request_id","action":"pin"\|"wrong_pin"\|"cancel"\|"timeout","pin"?}` |
//! | `POST /mpesa/c2b/pay` | `{"msisdn","bill_ref","amount","short_code"?,"pin"?}`: a paybill payment (C2B) |
//! | `GET /mpesa/statement` | the organisation's statement (completed payments) with `total_kes` |
//! | `GET /mpesa/statement.csv` | the same, as the M-Pesa organisation portal exports it |
//! | `GET /mpesa/pushes?msisdn=` | every push with its state, and the request counters |
//! | `GET /mpesa/callbacks` | every callback delivery attempt (and chaos drop) |
//! | `POST /mpesa/chaos` | `{"duplicate","reorder","drop","delay_ms_max","ambiguous_push","ambiguous_mode","ambiguous_hold_ms","busy","seed"}` |
//! | `POST /mpesa/auto` | `{"mode":"off"\|"pay"\|"wrong_pin"\|"cancel"\|"timeout","after_ms","expire_after_ms"?}` |
//! | `POST /mpesa/balance` | `{"msisdn","balance_kes"}` |
//! | `POST /mpesa/tokens` | `{"expires_in"?,"revoke"?}`: shorten token life, revoke the current token |
//! | `POST /mpesa/reset` | no chaos, no automatic answers, normal token and prompt lifetimes |
//!
//! Everything here is public by design (the demo shows one-time codes to whoever asks), so it must
//! only be mounted when the real providers are not configured.

pub mod mail;
pub mod mpesa;
pub mod registry;
pub mod sms;

pub use mail::{MailSim, SimMail, SimMailGateway};
pub use mpesa::{
    MpesaSim, SIM_MPESA_CONSUMER_KEY, SIM_MPESA_CONSUMER_SECRET, SIM_MPESA_PASSKEY, SIM_MPESA_PIN, SIM_MPESA_SHORTCODE,
};
pub use sms::{Flaky, SimSms, SmsFailMode, SmsSim};

use axum::Router;
use axum::routing::{get, post};
use std::time::{SystemTime, UNIX_EPOCH};

/// The Africa's Talking username the SMS simulator accepts.
pub const SIM_AT_USERNAME: &str = "sandbox";
/// The Africa's Talking API key the SMS simulator accepts.
pub const SIM_AT_API_KEY: &str = "sim-key";
/// The bearer token the registry simulator accepts.
pub const SIM_REGISTRY_TOKEN: &str = "sim-registry-token";
/// How many messages each simulated inbox keeps (the newest).
pub const SIM_MAX_MESSAGES: usize = 10_000;

/// The simulators' state; clones share it.
#[derive(Clone, Default)]
pub struct Simulators {
    /// The SMS simulator.
    pub sms: SmsSim,
    /// The email simulator.
    pub mail: MailSim,
    /// The M-Pesa (Daraja) simulator and the simulated phones.
    pub mpesa: MpesaSim,
}

impl Simulators {
    /// Empty simulators.
    pub fn new() -> Self {
        Self::default()
    }
}

/// The simulator routes with their state applied, ready for `.nest("/sim", sim::router(sims))`.
pub fn router<S: Clone + Send + Sync + 'static>(sims: Simulators) -> Router<S> {
    Router::new()
        .route("/sms", get(sms::inbox))
        .route("/sms/version1/messaging", post(sms::send))
        .route("/sms/messages", get(sms::messages_json))
        .route("/sms/fail", post(sms::set_fail_mode))
        .route("/sms/reply", post(sms::reply))
        .route("/mail", get(mail::inbox))
        .route("/mail/messages", get(mail::messages_json))
        .route("/registry/v1/verify", post(registry::verify))
        .route("/mpesa/oauth/v1/generate", get(mpesa::oauth))
        .route("/mpesa/mpesa/stkpush/v1/processrequest", post(mpesa::stk_push))
        .route("/mpesa/mpesa/stkpushquery/v1/query", post(mpesa::stk_query))
        .route("/mpesa/mpesa/c2b/{version}/registerurl", post(mpesa::register_url))
        .route("/mpesa/answer", post(mpesa::answer_json))
        .route("/mpesa/c2b/pay", post(mpesa::pay_json))
        .route("/mpesa/statement", get(mpesa::statement_json))
        .route("/mpesa/statement.csv", get(mpesa::statement_csv))
        .route("/mpesa/pushes", get(mpesa::pushes_json))
        .route("/mpesa/callbacks", get(mpesa::callbacks_json))
        .route("/mpesa/chaos", post(mpesa::chaos_json))
        .route("/mpesa/reset", post(mpesa::reset_json))
        .route("/mpesa/auto", post(mpesa::auto_json))
        .route("/mpesa/balance", post(mpesa::balance_json))
        .route("/mpesa/tokens", post(mpesa::tokens_json))
        .route("/phone/{msisdn}", get(mpesa::phone_page))
        .route("/phone/{msisdn}/answer", post(mpesa::phone_answer))
        .route("/phone/{msisdn}/paybill", post(mpesa::phone_paybill))
        .with_state(sims)
}

/// RFC 3339 UTC with second precision, e.g. `2025-01-31T09:05:00Z`.
pub(crate) fn rfc3339(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Escapes text for HTML element content and quoted attribute values.
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A complete, self-contained inbox page: `filter` is the current `to` value, `items` the already
/// escaped `<li>` elements.
/// The page's style carries the request's CSP nonce (`style-src` allows nothing inline else).
pub(crate) fn inbox_page(
    title: &str,
    label: &str,
    filter: &str,
    note: &str,
    items: &[String],
    nonce: Option<&str>,
) -> String {
    let nonce_attr = nonce.map(|n| format!(" nonce=\"{}\"", escape_html(n))).unwrap_or_default();
    let title = escape_html(title);
    let list = if items.is_empty() {
        "<p>No messages yet.</p>".to_string()
    } else {
        format!("<ol class=\"inbox\" reversed>{}</ol>", items.concat())
    };
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\"><title>{title} — Mlango simulator</title>\
         <style{nonce_attr}>body{{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:0 auto;padding:1rem}}\
         .inbox{{list-style:none;padding:0}}.inbox li{{border:1px solid #888;border-radius:.75rem;padding:.5rem .75rem;margin:.5rem 0}}\
         .meta{{font-size:.875rem;color:#444}}.text{{white-space:pre-wrap;margin:.25rem 0 0}}\
         label,input,button{{font:inherit}}input{{padding:.25rem}}</style></head>\
         <body><main><h1>{title}</h1><p>{note}</p>\
         <form method=\"get\"><label for=\"to\">{label}</label> \
         <input id=\"to\" name=\"to\" value=\"{filter}\" autocomplete=\"off\"> <button type=\"submit\">Show</button></form>\
         {list}</main></body></html>\n",
        label = escape_html(label),
        filter = escape_html(filter),
        note = escape_html(note),
    )
}

/// Serves the simulators on an ephemeral loopback port, nested under `/sim` as in the app.
#[cfg(test)]
pub(crate) async fn spawn_for_tests() -> (Simulators, String) {
    let sims = Simulators::new();
    let app: Router = Router::new().nest("/sim", router(sims.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (sims, format!("http://{addr}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn sim_timestamps_are_rfc3339_utc() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(UNIX_EPOCH + Duration::from_secs(951_782_400)), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(UNIX_EPOCH + Duration::from_secs(1_735_689_599)), "2024-12-31T23:59:59Z");
        assert_eq!(rfc3339(UNIX_EPOCH + Duration::from_secs(4_107_542_400)), "2100-03-01T00:00:00Z");
    }

    #[test]
    fn sim_html_is_escaped() {
        assert_eq!(escape_html(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }
}
