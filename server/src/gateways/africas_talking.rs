//! Africa's Talking bulk SMS (`POST {base}/version1/messaging`, form body, `apiKey` header,
//! HTTP 201 with per-recipient status codes).
//!
//! How provider answers map onto [`GatewayError`]:
//!
//! | answer | result |
//! |---|---|
//! | 201 (or 200), recipient `statusCode` 100 Processed / 101 Sent / 102 Queued | `Ok(ProviderReceipt)` |
//! | recipient 403 InvalidPhoneNumber, 404 UnsupportedNumberType, 406 UserInBlacklist, 407 CouldNotRoute, 409 DoNotDisturbRejection | `Rejected` |
//! | recipient 401 RiskHold, 402 InvalidSenderId, 405 InsufficientBalance, 5xx, unknown codes, no recipients | `Unavailable` |
//! | HTTP 401 (bad username/key), any other HTTP status, connection refused or not made | `Unavailable` |
//! | connected but no answer in time, a cut or unreadable reply, unexpected JSON on 2xx, accepted without an id | `Uncertain` (the message may be on its way) |
//!
//! Message texts carry one-time codes, so they are never logged; logs carry the masked number
//! and the provider's status only.

use super::http_client;
use app::contact::PhoneNumber;
use app::notifications::ports::{GatewayError, ProviderReceipt, SmsGateway};
use async_trait::async_trait;
use serde::Deserialize;
use std::time::Duration;

/// The provider name in receipts.
pub const PROVIDER: &str = "africastalking";

/// How to reach an Africa's Talking account.
#[derive(Clone)]
pub struct AfricasTalkingConfig {
    /// API origin (`https://api.africastalking.com`, or `{origin}/sim/sms` for the simulator).
    pub base_url: String,
    /// Application username.
    pub username: String,
    /// API key, sent in the `apiKey` header.
    pub api_key: String,
    /// Sender ID or short code (`from`); `None` uses the account default.
    pub sender_id: Option<String>,
    /// Longest wait for a TCP/TLS connection.
    pub connect_timeout: Duration,
    /// Longest wait for the whole request.
    pub timeout: Duration,
}

impl AfricasTalkingConfig {
    /// A configuration with the default timeouts (5 s to connect, 10 s in all).
    pub fn new(base_url: &str, username: &str, api_key: &str, sender_id: Option<String>) -> Self {
        AfricasTalkingConfig {
            base_url: base_url.trim_end_matches('/').to_string(),
            username: username.to_string(),
            api_key: api_key.to_string(),
            sender_id,
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(10),
        }
    }
}

/// The Africa's Talking SMS adapter.
pub struct AfricasTalkingSms {
    config: AfricasTalkingConfig,
    endpoint: String,
    client: Result<reqwest::Client, String>,
}

impl AfricasTalkingSms {
    /// Creates the adapter; it opens no connection until the first message.
    pub fn new(config: AfricasTalkingConfig) -> Self {
        let endpoint = format!("{}/version1/messaging", config.base_url);
        let client = http_client::client(&config.base_url, config.connect_timeout, config.timeout);
        AfricasTalkingSms { config, endpoint, client }
    }
}

#[derive(Deserialize)]
struct SendResponse {
    #[serde(rename = "SMSMessageData")]
    data: MessageData,
}

#[derive(Deserialize)]
struct MessageData {
    #[serde(rename = "Message", default)]
    message: String,
    #[serde(rename = "Recipients", default)]
    recipients: Vec<Recipient>,
}

#[derive(Deserialize)]
struct Recipient {
    #[serde(rename = "statusCode")]
    status_code: i64,
    #[serde(default)]
    status: String,
    #[serde(rename = "messageId", default)]
    message_id: String,
}

#[async_trait]
impl SmsGateway for AfricasTalkingSms {
    async fn send_sms(&self, to: &PhoneNumber, text: &str) -> Result<ProviderReceipt, GatewayError> {
        let client = self.client.as_ref().map_err(|e| GatewayError::Unavailable(e.clone()))?;
        let recipient = format!("+{}", to.as_str());
        let mut form: Vec<(&str, &str)> =
            vec![("username", &self.config.username), ("to", &recipient), ("message", text)];
        if let Some(from) = &self.config.sender_id {
            form.push(("from", from));
        }
        let masked = to.masked();
        let response = client
            .post(&self.endpoint)
            .header("apiKey", &self.config.api_key)
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&form)
            .send()
            .await
            .map_err(|e| {
                let reason = http_client::describe(&e);
                if e.is_connect() {
                    tracing::warn!(to = %masked, %reason, "SMS not sent: Africa's Talking unreachable");
                    GatewayError::Unavailable(reason)
                } else {
                    // The request may have been read and acted on before the answer was lost.
                    tracing::warn!(to = %masked, %reason, "SMS outcome unknown: no answer from Africa's Talking");
                    GatewayError::Uncertain(reason)
                }
            })?;
        let status = response.status();
        let body = http_client::read_capped(response).await.map_err(|reason| {
            tracing::warn!(to = %masked, http_status = status.as_u16(), %reason, "SMS outcome unknown: unreadable reply");
            GatewayError::Uncertain(reason)
        })?;
        match status.as_u16() {
            // AT documents 201; 200 is read the same way because the recipient status decides.
            200 | 201 => {}
            401 => {
                // A wrong username or key is an operator error that fails every message: shout.
                tracing::error!(
                    to = %masked,
                    "Africa's Talking refused our credentials; check MLANGO_SMS_USERNAME and MLANGO_SMS_API_KEY"
                );
                return Err(GatewayError::Unavailable("Africa's Talking authentication failed (HTTP 401)".into()));
            }
            code => {
                let excerpt = http_client::excerpt(&body);
                tracing::warn!(to = %masked, http_status = code, reply = %excerpt, "SMS not sent: provider HTTP error");
                return Err(GatewayError::Unavailable(format!("Africa's Talking answered HTTP {code}: {excerpt}")));
            }
        }
        let parsed: SendResponse = serde_json::from_slice(&body).map_err(|e| {
            tracing::warn!(to = %masked, error = %e, "SMS outcome unknown: unexpected JSON from Africa's Talking");
            GatewayError::Uncertain(format!("unexpected reply from Africa's Talking: {e}"))
        })?;
        let Some(r) = parsed.data.recipients.into_iter().next() else {
            // An empty list is how AT reports account-level problems such as InvalidSenderId.
            let message = http_client::excerpt(parsed.data.message.as_bytes());
            tracing::error!(to = %masked, provider_message = %message, "Africa's Talking accepted no recipient");
            return Err(GatewayError::Unavailable(format!("Africa's Talking accepted no recipient: {message}")));
        };
        let outcome = classify(r.status_code);
        let status_text = http_client::excerpt(r.status.as_bytes());
        match outcome {
            Outcome::Accepted if !r.message_id.is_empty() && r.message_id != "None" => {
                tracing::info!(to = %masked, status_code = r.status_code, "SMS accepted by Africa's Talking");
                Ok(ProviderReceipt { provider: PROVIDER, message_id: r.message_id })
            }
            Outcome::Accepted => {
                tracing::warn!(to = %masked, status_code = r.status_code, "SMS accepted without a message id");
                Err(GatewayError::Uncertain("Africa's Talking accepted the message but gave no message id".into()))
            }
            Outcome::Rejected => {
                tracing::info!(to = %masked, status_code = r.status_code, status = %status_text, "SMS rejected");
                Err(GatewayError::Rejected(format!("{} {status_text}", r.status_code)))
            }
            Outcome::AccountProblem => {
                tracing::error!(
                    to = %masked, status_code = r.status_code, status = %status_text,
                    "SMS not sent: Africa's Talking account problem needs an operator"
                );
                Err(GatewayError::Unavailable(format!("{} {status_text}", r.status_code)))
            }
            Outcome::Transient => {
                tracing::warn!(to = %masked, status_code = r.status_code, status = %status_text, "SMS not sent");
                Err(GatewayError::Unavailable(format!("{} {status_text}", r.status_code)))
            }
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Accepted,
    Rejected,
    AccountProblem,
    Transient,
}

fn classify(status_code: i64) -> Outcome {
    match status_code {
        100..=102 => Outcome::Accepted,
        // Properties of the recipient: sending again cannot succeed.
        403 | 404 | 406 | 407 | 409 => Outcome::Rejected,
        // RiskHold, InvalidSenderId, InsufficientBalance: fixable by an operator, then retried.
        401 | 402 | 405 => Outcome::AccountProblem,
        _ => Outcome::Transient,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{SIM_AT_API_KEY, SIM_AT_USERNAME, SmsFailMode, spawn_for_tests};
    use axum::Router;
    use axum::routing::post;
    use std::time::Instant;

    fn adapter(base: &str, key: &str) -> AfricasTalkingSms {
        AfricasTalkingSms::new(AfricasTalkingConfig::new(&format!("{base}/sim/sms"), SIM_AT_USERNAME, key, None))
    }

    fn phone(s: &str) -> PhoneNumber {
        PhoneNumber::parse(s).unwrap()
    }

    async fn serve(app: Router) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        format!("http://{addr}")
    }

    #[tokio::test]
    async fn gateways_at_send_is_visible_in_the_simulator_inbox() {
        let (_sims, base) = spawn_for_tests().await;
        let sms = adapter(&base, SIM_AT_API_KEY);
        let receipt = sms.send_sms(&phone("0722000001"), "Mlango code 424242").await.unwrap();
        assert_eq!(receipt.provider, "africastalking");
        assert!(receipt.message_id.starts_with("ATXid_"), "{}", receipt.message_id);

        let json: serde_json::Value =
            reqwest::get(format!("{base}/sim/sms/messages?to=0722000001")).await.unwrap().json().await.unwrap();
        let messages = json["messages"].as_array().unwrap();
        assert_eq!(messages.len(), 1);
        assert_eq!(messages[0]["id"], receipt.message_id.as_str());
        assert_eq!(messages[0]["to"], "254722000001");
        assert_eq!(messages[0]["text"], "Mlango code 424242");
        assert_eq!(messages[0]["from"], "AFRICASTKNG");
    }

    #[tokio::test]
    async fn gateways_at_sender_id_is_sent_as_from() {
        let (sims, base) = spawn_for_tests().await;
        let mut config = AfricasTalkingConfig::new(&format!("{base}/sim/sms"), SIM_AT_USERNAME, SIM_AT_API_KEY, None);
        config.sender_id = Some("MLANGO".into());
        AfricasTalkingSms::new(config).send_sms(&phone("0722000002"), "hi").await.unwrap();
        assert_eq!(sims.sms.messages(None)[0].from, "MLANGO");
    }

    #[tokio::test]
    async fn gateways_at_wrong_api_key_is_unavailable() {
        let (sims, base) = spawn_for_tests().await;
        let err = adapter(&base, "wrong-key").send_sms(&phone("0722000003"), "x").await.unwrap_err();
        assert!(matches!(&err, GatewayError::Unavailable(r) if r.contains("401")), "{err:?}");
        assert!(sims.sms.messages(None).is_empty());
    }

    #[tokio::test]
    async fn gateways_at_invalid_recipient_is_rejected() {
        let (_sims, base) = spawn_for_tests().await;
        // PhoneNumber is valid by construction, so aim the adapter at a number the provider
        // refuses by talking to the simulator directly with what a buggy caller could send.
        let client = reqwest::Client::new();
        let reply = client
            .post(format!("{base}/sim/sms/version1/messaging"))
            .header("apiKey", SIM_AT_API_KEY)
            .header("Accept", "application/json")
            .form(&[("username", SIM_AT_USERNAME), ("to", "+254812345678,+254722000004"), ("message", "x")])
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 201);
        let json: serde_json::Value = reply.json().await.unwrap();
        let recipients = json["SMSMessageData"]["Recipients"].as_array().unwrap();
        assert_eq!(recipients[0]["statusCode"], 403);
        assert_eq!(recipients[0]["status"], "InvalidPhoneNumber");
        assert_eq!(recipients[1]["statusCode"], 101);
        assert_eq!(json["SMSMessageData"]["Message"], "Sent to 1/2 Total Cost: KES 0.8000");

        // And the adapter's reading of such a reply:
        let app = Router::new().route(
            "/version1/messaging",
            post(|| async {
                (
                    axum::http::StatusCode::CREATED,
                    r#"{"SMSMessageData":{"Message":"Sent to 0/1 Total Cost: 0","Recipients":[{"statusCode":403,"number":"+254722000004","status":"InvalidPhoneNumber","cost":"0","messageId":"None"}]}}"#,
                )
            }),
        );
        let fake = serve(app).await;
        let sms = AfricasTalkingSms::new(AfricasTalkingConfig::new(&fake, "u", "k", None));
        let err = sms.send_sms(&phone("0722000004"), "x").await.unwrap_err();
        assert_eq!(err, GatewayError::Rejected("403 InvalidPhoneNumber".into()));
    }

    #[tokio::test]
    async fn gateways_at_simulated_outages_map_to_unavailable_and_rejected() {
        let (sims, base) = spawn_for_tests().await;
        let sms = adapter(&base, SIM_AT_API_KEY);
        let to = phone("0722000005");

        let set = |mode: &'static str| {
            let base = base.clone();
            async move {
                let r = reqwest::Client::new()
                    .post(format!("{base}/sim/sms/fail"))
                    .json(&serde_json::json!({ "mode": mode }))
                    .send()
                    .await
                    .unwrap();
                assert!(r.status().is_success());
            }
        };
        set("unavailable").await;
        assert!(matches!(sms.send_sms(&to, "x").await, Err(GatewayError::Unavailable(_))));
        set("reject").await;
        assert_eq!(sms.send_sms(&to, "x").await, Err(GatewayError::Rejected("406 UserInBlacklist".into())));
        set("none").await;
        assert_eq!(sims.sms.fail_mode(), SmsFailMode::None);
        assert!(sms.send_sms(&to, "x").await.is_ok());
        assert_eq!(sims.sms.messages(Some(&to)).len(), 1);
    }

    #[tokio::test]
    async fn gateways_at_silent_server_is_uncertain_within_the_timeout() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        // Accept and hold connections without ever answering.
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((socket, _)) = listener.accept().await {
                held.push(socket);
            }
        });
        let mut config = AfricasTalkingConfig::new(&format!("http://{addr}"), "u", "k", None);
        config.timeout = Duration::from_millis(300);
        let started = Instant::now();
        let err = AfricasTalkingSms::new(config).send_sms(&phone("0722000006"), "x").await.unwrap_err();
        // Connected and sent, but no answer: the provider may have taken it.
        assert!(matches!(&err, GatewayError::Uncertain(r) if r.contains("timed out")), "{err:?}");
        assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    }

    #[tokio::test]
    async fn gateways_at_connection_refused_is_unavailable() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let sms = AfricasTalkingSms::new(AfricasTalkingConfig::new(&format!("http://{addr}"), "u", "k", None));
        assert!(matches!(sms.send_sms(&phone("0722000007"), "x").await, Err(GatewayError::Unavailable(_))));
    }

    #[tokio::test]
    async fn gateways_at_unexpected_replies_are_unavailable_or_uncertain() {
        // Uncertain: a success status whose body does not say what happened to the message.
        let bodies: [(u16, &'static str, bool); 7] = [
            (201, "<html>not json</html>", true),
            (201, r#"{"SMSMessageData":{"Message":"InvalidSenderId","Recipients":[]}}"#, false),
            (201, r#"{"something":"else"}"#, true),
            (201, r#"{"SMSMessageData":{"Recipients":[{"statusCode":"101"}]}}"#, true),
            (201, r#"{"SMSMessageData":{"Recipients":[{"statusCode":101,"messageId":""}]}}"#, true),
            (201, r#"{"SMSMessageData":{"Recipients":[{"statusCode":405,"status":"InsufficientBalance"}]}}"#, false),
            (502, "Bad Gateway", false),
        ];
        for (code, body, uncertain) in bodies {
            let app = Router::new().route(
                "/version1/messaging",
                post(move || async move { (axum::http::StatusCode::from_u16(code).unwrap(), body) }),
            );
            let base = serve(app).await;
            let sms = AfricasTalkingSms::new(AfricasTalkingConfig::new(&base, "u", "k", None));
            let result = sms.send_sms(&phone("0722000008"), "x").await;
            let matched = match &result {
                Err(GatewayError::Uncertain(_)) => uncertain,
                Err(GatewayError::Unavailable(_)) => !uncertain,
                _ => false,
            };
            assert!(matched, "{code} {body}: {result:?}");
        }
    }

    #[tokio::test]
    async fn gateways_at_oversized_reply_is_uncertain() {
        let app = Router::new()
            .route("/version1/messaging", post(|| async { (axum::http::StatusCode::CREATED, "x".repeat(200_000)) }));
        let base = serve(app).await;
        let sms = AfricasTalkingSms::new(AfricasTalkingConfig::new(&base, "u", "k", None));
        assert!(matches!(sms.send_sms(&phone("0722000009"), "x").await, Err(GatewayError::Uncertain(_))));
    }

    #[test]
    fn gateways_at_status_codes_are_classified() {
        for c in [100, 101, 102] {
            assert_eq!(classify(c), Outcome::Accepted);
        }
        for c in [403, 404, 406, 407, 409] {
            assert_eq!(classify(c), Outcome::Rejected);
        }
        for c in [401, 402, 405] {
            assert_eq!(classify(c), Outcome::AccountProblem);
        }
        for c in [500, 501, 502, 0, -1, 999] {
            assert_eq!(classify(c), Outcome::Transient);
        }
    }
}
