//! Africa's Talking bulk-SMS simulator: the same form body, `apiKey` header, status codes and
//! JSON reply as `POST https://api.africastalking.com/version1/messaging`, plus an inbox to read
//! what was "delivered".

use super::{SIM_AT_API_KEY, SIM_AT_USERNAME, SIM_MAX_MESSAGES, Simulators, escape_html, inbox_page, rfc3339};
use app::contact::PhoneNumber;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::SystemTime;

/// The sender shown when a request has no `from` (Africa's Talking's shared sender ID).
pub const DEFAULT_SENDER: &str = "AFRICASTKNG";
/// What the simulator charges per message, in ten-thousandths of a shilling (KES 0.8000).
const COST_PER_MESSAGE: u64 = 8_000;

/// One simulated SMS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimSms {
    /// `ATXid_…` message id, as returned to the sender.
    pub id: String,
    /// Recipient, `2547XXXXXXXX`.
    pub to: String,
    /// Sender ID.
    pub from: String,
    /// Message text.
    pub text: String,
    /// When the simulator accepted it.
    pub sent_at: SystemTime,
}

/// How the send endpoint behaves, so outage handling can be tested.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmsFailMode {
    /// Normal operation.
    #[default]
    None,
    /// Every send answers HTTP 503.
    Unavailable,
    /// Every recipient is refused with statusCode 406 UserInBlacklist.
    Reject,
    /// Sends are accepted, but every delivery report says Failed (UserIsInactive).
    Undeliverable,
    /// A fixed share of sends answer HTTP 500 (not sent) and another share are sent but
    /// answered only after [`Flaky::hold`], past the sender's timeout (see [`SmsSim::set_flaky`]).
    Flaky,
}

/// How often a flaky provider fails, and how long it sits on the answers it is late with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flaky {
    /// Percent of sends answered HTTP 500 without sending.
    pub fail_percent: u64,
    /// Percent of sends delivered but answered only after `hold`.
    pub timeout_percent: u64,
    /// How long a late answer is held.
    pub hold: std::time::Duration,
}

impl Default for Flaky {
    fn default() -> Self {
        Flaky { fail_percent: 30, timeout_percent: 10, hold: std::time::Duration::from_secs(15) }
    }
}

/// What a flaky provider does with one send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Send,
    Fail,
    SendLate(std::time::Duration),
}

#[derive(Default)]
struct SmsState {
    messages: VecDeque<SimSms>,
    /// What the phones sent to the short code (`from` is the phone, `to` the short code).
    replies: VecDeque<SimSms>,
    fail: SmsFailMode,
    flaky: Flaky,
    /// Sends seen in flaky mode; the fate of each is a function of this count, so a run repeats.
    flaky_sends: u64,
    /// Sends failed and answered late in flaky mode.
    flaky_failed: u64,
    flaky_late: u64,
    /// Where the provider posts delivery reports and inbound SMS (the dashboard's callback URLs).
    callbacks: Option<Callbacks>,
}

/// The callback URLs set in the provider's dashboard.
#[derive(Clone, Debug)]
struct Callbacks {
    delivery: String,
    inbound: String,
}

/// The short code the simulated phones text.
pub const SIM_SHORT_CODE: &str = "20222";

static CALLBACK_CLIENT: std::sync::LazyLock<reqwest::Client> = std::sync::LazyLock::new(|| {
    reqwest::Client::builder().timeout(std::time::Duration::from_secs(10)).build().unwrap_or_default()
});

/// The SMS simulator's store; clones share it.
#[derive(Clone, Default)]
pub struct SmsSim {
    state: Arc<Mutex<SmsState>>,
}

impl SmsSim {
    // A panic while holding the lock cannot leave the store half-written (each change is one
    // push or assignment), so a poisoned lock is safe to keep using.
    fn lock(&self) -> MutexGuard<'_, SmsState> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Messages sent, newest first, optionally only those to `to`.
    pub fn messages(&self, to: Option<&PhoneNumber>) -> Vec<SimSms> {
        let state = self.lock();
        state.messages.iter().rev().filter(|m| to.is_none_or(|p| m.to == p.as_str())).cloned().collect()
    }

    /// The newest message to `to`, if any.
    pub fn latest(&self, to: &PhoneNumber) -> Option<SimSms> {
        let state = self.lock();
        state.messages.iter().rev().find(|m| m.to == to.as_str()).cloned()
    }

    /// The current failure mode.
    pub fn fail_mode(&self) -> SmsFailMode {
        self.lock().fail
    }

    /// Switches the failure mode.
    pub fn set_fail(&self, mode: SmsFailMode) {
        self.lock().fail = mode;
    }

    /// Switches to [`SmsFailMode::Flaky`] with these odds.
    pub fn set_flaky(&self, flaky: Flaky) {
        let mut state = self.lock();
        state.fail = SmsFailMode::Flaky;
        state.flaky = flaky;
    }

    /// How many sends flaky mode failed, and how many it answered late.
    pub fn flaky_counts(&self) -> (u64, u64) {
        let state = self.lock();
        (state.flaky_failed, state.flaky_late)
    }

    /// The fate of the next send in flaky mode (always `Send` in the other modes).
    fn next_fate(&self) -> Fate {
        let mut state = self.lock();
        if state.fail != SmsFailMode::Flaky {
            return Fate::Send;
        }
        state.flaky_sends += 1;
        // splitmix64 of the send count: well spread, and the same run after run.
        let mut z = state.flaky_sends.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        let roll = (z ^ (z >> 31)) % 100;
        let f = state.flaky;
        if roll < f.fail_percent {
            state.flaky_failed += 1;
            Fate::Fail
        } else if roll < f.fail_percent + f.timeout_percent {
            state.flaky_late += 1;
            Fate::SendLate(f.hold)
        } else {
            Fate::Send
        }
    }

    /// Sets the callback URLs under `origin` (`/callbacks/sms/delivery` and `/inbound`), as an
    /// operator does in the provider's dashboard.
    pub fn set_callbacks(&self, origin: &str) {
        let origin = origin.trim_end_matches('/');
        self.lock().callbacks = Some(Callbacks {
            delivery: format!("{origin}/callbacks/sms/delivery"),
            inbound: format!("{origin}/callbacks/sms/inbound"),
        });
    }

    /// What the phones sent to the short code, newest first, optionally only from `from`.
    pub fn replies(&self, from: Option<&PhoneNumber>) -> Vec<SimSms> {
        let state = self.lock();
        state.replies.iter().rev().filter(|m| from.is_none_or(|p| m.from == p.as_str())).cloned().collect()
    }

    /// A phone texts the short code: the provider posts it to the inbound callback as Africa's
    /// Talking does. Returns the message id, or why the callback failed.
    pub async fn reply(&self, from: &PhoneNumber, text: &str) -> Result<String, String> {
        let id = format!("ATPid_{}", uuid::Uuid::new_v4().simple());
        let callbacks = {
            let mut state = self.lock();
            state.replies.push_back(SimSms {
                id: id.clone(),
                to: SIM_SHORT_CODE.into(),
                from: from.as_str().into(),
                text: text.into(),
                sent_at: SystemTime::now(),
            });
            while state.replies.len() > SIM_MAX_MESSAGES {
                state.replies.pop_front();
            }
            state.callbacks.clone()
        };
        let Some(callbacks) = callbacks else { return Err("no inbound callback URL is set".into()) };
        let date = rfc3339(SystemTime::now());
        let phone = format!("+{}", from.as_str());
        let form = [
            ("from", phone.as_str()),
            ("to", SIM_SHORT_CODE),
            ("text", text),
            ("date", date.as_str()),
            ("id", id.as_str()),
            ("linkId", id.as_str()),
        ];
        let resp = CALLBACK_CLIENT.post(&callbacks.inbound).form(&form).send().await.map_err(|e| e.to_string())?;
        if resp.status().is_success() {
            Ok(id)
        } else {
            Err(format!("the inbound callback answered {}", resp.status()))
        }
    }

    /// Posts the delivery report of message `id`, a moment after it was accepted, as the
    /// networks do (retried a few times if the callback is down).
    fn report_delivery(&self, id: String, phone: String, undeliverable: bool) {
        let Some(callbacks) = self.lock().callbacks.clone() else { return };
        let Ok(handle) = tokio::runtime::Handle::try_current() else { return };
        handle.spawn(async move {
            let (status, reason) = if undeliverable { ("Failed", "UserIsInactive") } else { ("Success", "") };
            let form = [
                ("id", id.as_str()),
                ("status", status),
                ("phoneNumber", phone.as_str()),
                ("networkCode", "63902"),
                ("failureReason", reason),
            ];
            for wait_ms in [50u64, 500, 2_000, 5_000] {
                tokio::time::sleep(std::time::Duration::from_millis(wait_ms)).await;
                if let Ok(r) = CALLBACK_CLIENT.post(&callbacks.delivery).form(&form).send().await
                    && r.status().is_success()
                {
                    return;
                }
            }
        });
    }

    fn record(&self, to: &PhoneNumber, from: &str, text: &str) -> String {
        let id = format!("ATXid_{}", uuid::Uuid::new_v4().simple());
        let mut state = self.lock();
        state.messages.push_back(SimSms {
            id: id.clone(),
            to: to.as_str().to_string(),
            from: from.to_string(),
            text: text.to_string(),
            sent_at: SystemTime::now(),
        });
        while state.messages.len() > SIM_MAX_MESSAGES {
            state.messages.pop_front();
        }
        id
    }
}

fn text(status: StatusCode, body: &'static str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

fn recipient(status_code: u16, number: &str, status: &str, cost: &str, message_id: &str) -> serde_json::Value {
    json!({"statusCode": status_code, "number": number, "status": status, "cost": cost, "messageId": message_id})
}

fn kes(ten_thousandths: u64) -> String {
    if ten_thousandths == 0 {
        "0".to_string()
    } else {
        format!("KES {}.{:04}", ten_thousandths / 10_000, ten_thousandths % 10_000)
    }
}

// Alphanumeric sender IDs are at most 11 characters; short codes are digits.
fn valid_sender(from: &str) -> bool {
    !from.is_empty() && from.len() <= 11 && from.chars().all(|c| c.is_ascii_alphanumeric())
}

/// `POST /sim/sms/version1/messaging`.
pub(crate) async fn send(State(sims): State<Simulators>, headers: HeaderMap, body: Bytes) -> Response {
    const AUTH_FAILED: &str = "The supplied authentication is invalid";
    if headers.get("apikey").and_then(|v| v.to_str().ok()) != Some(SIM_AT_API_KEY) {
        return text(StatusCode::UNAUTHORIZED, AUTH_FAILED);
    }
    // The real API answers XML unless asked for JSON; the simulator speaks JSON only, so an
    // adapter that forgets the header fails here as it would fail to parse in production.
    let accepts_json =
        headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("application/json"));
    if !accepts_json {
        return text(StatusCode::NOT_ACCEPTABLE, "Send Accept: application/json");
    }
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return text(StatusCode::UNSUPPORTED_MEDIA_TYPE, "Body must be application/x-www-form-urlencoded");
    }
    let mut username = None;
    let mut to = None;
    let mut message = None;
    let mut from = None;
    for (key, value) in form_urlencoded::parse(&body) {
        let slot = match key.as_ref() {
            "username" => &mut username,
            "to" => &mut to,
            "message" => &mut message,
            "from" => &mut from,
            _ => continue,
        };
        slot.get_or_insert(value.into_owned());
    }
    let (Some(username), Some(to), Some(message)) = (username, to, message) else {
        return text(StatusCode::BAD_REQUEST, "Request is missing a required field: username, to and message");
    };
    if username != SIM_AT_USERNAME {
        return text(StatusCode::UNAUTHORIZED, AUTH_FAILED);
    }
    if to.trim().is_empty() || message.is_empty() {
        return text(StatusCode::BAD_REQUEST, "to and message must not be empty");
    }
    let fail = sims.sms.fail_mode();
    if fail == SmsFailMode::Unavailable {
        return text(StatusCode::SERVICE_UNAVAILABLE, "Service Unavailable");
    }
    let fate = sims.sms.next_fate();
    if fate == Fate::Fail {
        return text(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error");
    }
    let from = from.filter(|f| !f.is_empty()).unwrap_or_else(|| DEFAULT_SENDER.to_string());
    if !valid_sender(&from) {
        let reply = json!({"SMSMessageData": {"Message": "InvalidSenderId", "Recipients": []}});
        return (StatusCode::CREATED, Json(reply)).into_response();
    }

    let mut recipients = Vec::new();
    let mut sent = 0u64;
    let numbers: Vec<&str> = to.split(',').map(str::trim).filter(|n| !n.is_empty()).collect();
    for number in &numbers {
        let entry = match PhoneNumber::parse(number) {
            Err(_) => recipient(403, number, "InvalidPhoneNumber", "0", "None"),
            Ok(phone) if fail == SmsFailMode::Reject => {
                recipient(406, &format!("+{}", phone.as_str()), "UserInBlacklist", "0", "None")
            }
            Ok(phone) => {
                let id = sims.sms.record(&phone, &from, &message);
                sims.sms.report_delivery(
                    id.clone(),
                    format!("+{}", phone.as_str()),
                    fail == SmsFailMode::Undeliverable,
                );
                sent += 1;
                recipient(101, &format!("+{}", phone.as_str()), "Success", &kes(COST_PER_MESSAGE), &id)
            }
        };
        recipients.push(entry);
    }
    if let Fate::SendLate(hold) = fate {
        // Sent, and its delivery report on the way, but the answer comes after the sender gave up.
        tokio::time::sleep(hold).await;
    }
    let summary = format!("Sent to {sent}/{} Total Cost: {}", numbers.len(), kes(sent * COST_PER_MESSAGE));
    let reply = json!({"SMSMessageData": {"Message": summary, "Recipients": recipients}});
    (StatusCode::CREATED, Json(reply)).into_response()
}

/// The `to` filter of the inbox routes.
#[derive(Deserialize)]
pub(crate) struct ToFilter {
    to: Option<String>,
}

fn parse_filter(to: Option<&str>) -> Result<Option<PhoneNumber>, String> {
    match to.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => PhoneNumber::parse(s).map(Some).map_err(|e| e.to_string()),
    }
}

/// `GET /sim/sms/messages?to=`.
pub(crate) async fn messages_json(State(sims): State<Simulators>, Query(filter): Query<ToFilter>) -> Response {
    let to = match parse_filter(filter.to.as_deref()) {
        Ok(to) => to,
        Err(e) => return (StatusCode::BAD_REQUEST, Json(json!({"error": e}))).into_response(),
    };
    let messages: Vec<serde_json::Value> = sims
        .sms
        .messages(to.as_ref())
        .into_iter()
        .map(|m| json!({"id": m.id, "to": m.to, "from": m.from, "text": m.text, "sent_at": rfc3339(m.sent_at)}))
        .collect();
    Json(json!({ "messages": messages })).into_response()
}

fn render_inbox(sims: &Simulators, to: Option<&str>, nonce: Option<&str>) -> (StatusCode, String) {
    let filter_text = to.unwrap_or("").trim().to_string();
    let (status, note, to) = match parse_filter(to) {
        Ok(Some(p)) => (StatusCode::OK, format!("Messages sent to {}.", p.display()), Some(p)),
        Ok(None) => (StatusCode::OK, "Every SMS the simulator has accepted, newest first.".to_string(), None),
        Err(e) => (StatusCode::BAD_REQUEST, format!("Cannot filter: {e}."), None),
    };
    let messages = if status == StatusCode::OK { sims.sms.messages(to.as_ref()) } else { Vec::new() };
    let items: Vec<String> = messages
        .iter()
        .take(200)
        .map(|m| {
            let at = rfc3339(m.sent_at);
            format!(
                "<li><p class=\"meta\">From <strong>{from}</strong> to {to} · <time datetime=\"{at}\">{at}</time></p>\
                 <p class=\"text\">{text}</p></li>",
                from = escape_html(&m.from),
                to = escape_html(&PhoneNumber::parse(&m.to).map(|p| p.display()).unwrap_or_else(|_| m.to.clone())),
                text = escape_html(&m.text),
            )
        })
        .collect();
    let mut page = inbox_page("Simulated SMS inbox", "Phone number", &filter_text, &note, &items, nonce);
    if let Some(phone) = &to {
        // The phone's side: text the short code, and what it sent.
        let sent: Vec<String> = sims
            .sms
            .replies(Some(phone))
            .iter()
            .take(50)
            .map(|m| {
                let at = rfc3339(m.sent_at);
                format!(
                    "<li><p class=\"meta\">To {code} · <time datetime=\"{at}\">{at}</time></p><p class=\"text\">{text}</p></li>",
                    code = escape_html(&m.to),
                    text = escape_html(&m.text)
                )
            })
            .collect();
        let list = if sent.is_empty() {
            String::new()
        } else {
            format!("<ol class=\"inbox\" reversed>{}</ol>", sent.concat())
        };
        let form = format!(
            "<section aria-labelledby=\"reply-heading\"><h2 id=\"reply-heading\">Text {SIM_SHORT_CODE} from this phone</h2>\
             <form method=\"post\" action=\"/sim/sms/reply\"><input type=\"hidden\" name=\"from\" value=\"{from}\">\
             <label for=\"reply-text\">Message</label> <input id=\"reply-text\" name=\"text\" autocomplete=\"off\" maxlength=\"480\"> \
             <button type=\"submit\">Send</button></form>{list}</section></main>",
            from = escape_html(phone.as_str()),
        );
        page = page.replacen("</main>", &form, 1);
    }
    (status, page)
}

/// The body of `POST /sim/sms/reply`.
#[derive(Deserialize)]
pub(crate) struct ReplyRequest {
    from: String,
    text: String,
}

/// `POST /sim/sms/reply` (form `from`, `text`): the phone texts the short code; back to its inbox
/// (303), or `{"id"}` for `Accept: application/json`.
pub(crate) async fn reply(
    State(sims): State<Simulators>,
    headers: HeaderMap,
    axum::Form(req): axum::Form<ReplyRequest>,
) -> Response {
    let Ok(phone) = PhoneNumber::parse(&req.from) else {
        return (StatusCode::BAD_REQUEST, Json(json!({"error": "from is not a Kenyan mobile number"}))).into_response();
    };
    let wants_json =
        headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("application/json"));
    match sims.sms.reply(&phone, req.text.chars().take(480).collect::<String>().as_str()).await {
        Ok(id) if wants_json => Json(json!({"id": id})).into_response(),
        Ok(_) => axum::response::Redirect::to(&format!("/sim/sms?to={}", phone.as_str())).into_response(),
        Err(e) => (StatusCode::BAD_GATEWAY, Json(json!({"error": e}))).into_response(),
    }
}

/// `GET /sim/sms?to=`.
pub(crate) async fn inbox(
    State(sims): State<Simulators>,
    nonce: Option<axum::Extension<app::ssr::CspNonce>>,
    Query(filter): Query<ToFilter>,
) -> Response {
    let nonce = nonce.map(|axum::Extension(n)| n.0);
    let (status, page) = render_inbox(&sims, filter.to.as_deref(), nonce.as_deref());
    (status, Html(page)).into_response()
}

/// The body of `POST /sim/sms/fail`.
#[derive(Deserialize)]
pub(crate) struct FailRequest {
    mode: SmsFailMode,
    /// For `flaky`: percent of sends answered HTTP 500 (default 30).
    fail_percent: Option<u64>,
    /// For `flaky`: percent of sends answered late (default 10).
    timeout_percent: Option<u64>,
    /// For `flaky`: how late, in milliseconds (default 15000).
    hold_ms: Option<u64>,
}

/// `POST /sim/sms/fail` `{"mode":"none"|"unavailable"|"reject"|"undeliverable"|"flaky",
/// "fail_percent"?,"timeout_percent"?,"hold_ms"?}`.
pub(crate) async fn set_fail_mode(State(sims): State<Simulators>, Json(req): Json<FailRequest>) -> Response {
    if req.mode == SmsFailMode::Flaky {
        let d = Flaky::default();
        let flaky = Flaky {
            fail_percent: req.fail_percent.unwrap_or(d.fail_percent),
            timeout_percent: req.timeout_percent.unwrap_or(d.timeout_percent),
            hold: req.hold_ms.map_or(d.hold, std::time::Duration::from_millis),
        };
        if flaky.fail_percent + flaky.timeout_percent > 100 || flaky.hold > std::time::Duration::from_secs(120) {
            let error = "fail_percent + timeout_percent must be at most 100, and hold_ms at most 120000";
            return (StatusCode::BAD_REQUEST, Json(json!({ "error": error }))).into_response();
        }
        sims.sms.set_flaky(flaky);
        tracing::info!(?flaky, "SMS simulator is flaky");
        return Json(json!({ "mode": req.mode })).into_response();
    }
    sims.sms.set_fail(req.mode);
    tracing::info!(mode = ?req.mode, "SMS simulator failure mode changed");
    Json(json!({ "mode": req.mode })).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::spawn_for_tests;

    async fn post_form(base: &str, key: &str, form: &[(&str, &str)]) -> reqwest::Response {
        reqwest::Client::new()
            .post(format!("{base}/sim/sms/version1/messaging"))
            .header("apiKey", key)
            .header("Accept", "application/json")
            .form(form)
            .send()
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn sim_sms_speaks_the_africas_talking_wire_format() {
        let (sims, base) = spawn_for_tests().await;
        let r = post_form(
            &base,
            SIM_AT_API_KEY,
            &[("username", SIM_AT_USERNAME), ("to", "+254712000001, 0712000002"), ("message", "Habari")],
        )
        .await;
        assert_eq!(r.status(), 201);
        let json: serde_json::Value = r.json().await.unwrap();
        let data = &json["SMSMessageData"];
        assert_eq!(data["Message"], "Sent to 2/2 Total Cost: KES 1.6000");
        let rs = data["Recipients"].as_array().unwrap();
        assert_eq!(rs.len(), 2);
        assert_eq!(rs[0]["statusCode"], 101);
        assert_eq!(rs[0]["status"], "Success");
        assert_eq!(rs[0]["number"], "+254712000001");
        assert_eq!(rs[0]["cost"], "KES 0.8000");
        assert!(rs[0]["messageId"].as_str().unwrap().starts_with("ATXid_"));
        assert_eq!(rs[1]["number"], "+254712000002");
        assert_eq!(sims.sms.messages(None).len(), 2);
        let p = PhoneNumber::parse("0712000002").unwrap();
        assert_eq!(sims.sms.latest(&p).unwrap().text, "Habari");
    }

    #[tokio::test]
    async fn sim_sms_checks_credentials_and_fields() {
        let (sims, base) = spawn_for_tests().await;
        let ok = [("username", SIM_AT_USERNAME), ("to", "0712000001"), ("message", "x")];
        let r = post_form(&base, "nope", &ok).await;
        assert_eq!(r.status(), 401);
        assert_eq!(r.text().await.unwrap(), "The supplied authentication is invalid");
        let r =
            post_form(&base, SIM_AT_API_KEY, &[("username", "someone"), ("to", "0712000001"), ("message", "x")]).await;
        assert_eq!(r.status(), 401);
        for missing in ["username", "to", "message"] {
            let form: Vec<(&str, &str)> = ok.iter().copied().filter(|(k, _)| *k != missing).collect();
            assert_eq!(post_form(&base, SIM_AT_API_KEY, &form).await.status(), 400, "{missing}");
        }
        let no_json = reqwest::Client::new()
            .post(format!("{base}/sim/sms/version1/messaging"))
            .header("apiKey", SIM_AT_API_KEY)
            .form(&ok)
            .send()
            .await
            .unwrap();
        assert_eq!(no_json.status(), 406);
        let bad_sender =
            post_form(&base, SIM_AT_API_KEY, &[ok[0], ok[1], ok[2], ("from", "Way too long sender")]).await;
        assert_eq!(bad_sender.status(), 201);
        let json: serde_json::Value = bad_sender.json().await.unwrap();
        assert_eq!(json["SMSMessageData"]["Message"], "InvalidSenderId");
        assert!(sims.sms.messages(None).is_empty());
    }

    #[tokio::test]
    async fn sim_sms_inbox_filters_by_any_phone_form_newest_first() {
        let (sims, base) = spawn_for_tests().await;
        for (to, text) in [("0712000001", "first"), ("0712000002", "other"), ("+254 712 000 001", "second")] {
            let r =
                post_form(&base, SIM_AT_API_KEY, &[("username", SIM_AT_USERNAME), ("to", to), ("message", text)]).await;
            assert_eq!(r.status(), 201);
        }
        for form in ["0712000001", "254712000001", "%2B254712000001", "712000001"] {
            let json: serde_json::Value =
                reqwest::get(format!("{base}/sim/sms/messages?to={form}")).await.unwrap().json().await.unwrap();
            let texts: Vec<&str> =
                json["messages"].as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap()).collect();
            assert_eq!(texts, ["second", "first"], "{form}");
        }
        let all: serde_json::Value =
            reqwest::get(format!("{base}/sim/sms/messages")).await.unwrap().json().await.unwrap();
        let first = &all["messages"][0];
        assert_eq!(first["text"], "second");
        assert!(first["sent_at"].as_str().unwrap().ends_with('Z'));
        assert_eq!(all["messages"].as_array().unwrap().len(), 3);
        assert_eq!(reqwest::get(format!("{base}/sim/sms/messages?to=hello")).await.unwrap().status(), 400);
        assert_eq!(sims.sms.messages(None).len(), 3);
    }

    #[tokio::test]
    async fn sim_sms_inbox_page_is_escaped_html() {
        let (_sims, base) = spawn_for_tests().await;
        let r = post_form(
            &base,
            SIM_AT_API_KEY,
            &[
                ("username", SIM_AT_USERNAME),
                ("to", "0712000009"),
                ("message", "<script>alert(1)</script> & code 123456"),
            ],
        )
        .await;
        assert_eq!(r.status(), 201);
        let page = reqwest::get(format!("{base}/sim/sms?to=0712000009")).await.unwrap();
        assert_eq!(page.status(), 200);
        assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        let html = page.text().await.unwrap();
        assert!(html.starts_with("<!doctype html>"));
        assert!(html.contains("<html lang=\"en\">"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; code 123456"));
        assert!(!html.contains("<script>"));
        assert!(html.contains("<label for=\"to\">"));
        assert!(html.contains("+254 712 000 009"));
        let bad = reqwest::get(format!("{base}/sim/sms?to=%22%3E%3Cscript%3E")).await.unwrap();
        assert_eq!(bad.status(), 400);
        assert!(!bad.text().await.unwrap().contains("<script>"));
    }

    #[test]
    fn sim_sms_store_keeps_the_newest() {
        let sim = SmsSim::default();
        let p = PhoneNumber::parse("0712000001").unwrap();
        for i in 0..SIM_MAX_MESSAGES + 5 {
            sim.record(&p, DEFAULT_SENDER, &i.to_string());
        }
        let all = sim.messages(None);
        assert_eq!(all.len(), SIM_MAX_MESSAGES);
        assert_eq!(all[0].text, (SIM_MAX_MESSAGES + 4).to_string());
        assert_eq!(all[SIM_MAX_MESSAGES - 1].text, "5");
    }

    #[tokio::test]
    async fn sim_sms_fail_modes() {
        let (sims, base) = spawn_for_tests().await;
        let form = [("username", SIM_AT_USERNAME), ("to", "0712000001"), ("message", "x")];
        sims.sms.set_fail(SmsFailMode::Unavailable);
        assert_eq!(post_form(&base, SIM_AT_API_KEY, &form).await.status(), 503);
        sims.sms.set_fail(SmsFailMode::Reject);
        let json: serde_json::Value = post_form(&base, SIM_AT_API_KEY, &form).await.json().await.unwrap();
        assert_eq!(json["SMSMessageData"]["Recipients"][0]["statusCode"], 406);
        assert_eq!(json["SMSMessageData"]["Message"], "Sent to 0/1 Total Cost: 0");
        let bad = reqwest::Client::new()
            .post(format!("{base}/sim/sms/fail"))
            .json(&json!({"mode": "sometimes"}))
            .send()
            .await
            .unwrap();
        assert!(bad.status().is_client_error());
        assert_eq!(sims.sms.fail_mode(), SmsFailMode::Reject);
        assert!(sims.sms.messages(None).is_empty());
    }
}
