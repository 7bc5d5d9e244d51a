//! Safaricom Daraja M-Pesa Express: the OAuth token, STK push
//! (`POST {base}/mpesa/stkpush/v1/processrequest`) and STK query
//! (`POST {base}/mpesa/stkpushquery/v1/query`), JSON with `Authorization: Bearer`.
//!
//! How Daraja's answers to a push map onto [`PushError`]:
//!
//! | answer | result |
//! |---|---|
//! | HTTP 200, `ResponseCode` `"0"` with a `CheckoutRequestID` | `Ok(StkAccepted)` |
//! | `{"errorCode","errorMessage"}` at any HTTP status, 200 with `ResponseCode` ≠ `"0"`, other 4xx | `Refused` |
//! | the token endpoint refused our consumer key/secret | `Refused` |
//! | could not connect (to the token or the push endpoint), token endpoint down or garbled | `Unreachable` |
//! | timeout after sending, reset, unreadable body, 5xx without error JSON, 200 that does not parse | `Ambiguous` |
//!
//! An `404.001.03` "Invalid Access Token" (or HTTP 401) answer means Daraja refused the call
//! before processing it, so the token is fetched again and that call repeated once.
//!
//! The token is cached and shared: one fetch at a time (Daraja invalidates the previous token
//! on every fetch, so parallel fetches would revoke each other), refreshed about five minutes
//! before it expires. Once given the store ([`MpesaGateway::share_tokens`]) it is shared with
//! every server through the database too: one server fetches under the row's lease and the
//! others reuse its token (`app::payments::tokens`).
//!
//! Logs carry the masked phone number, the bill reference and Daraja's codes; never the
//! password, the passkey or a token.

use super::http_client;
use app::applications::calendar::Date;
use app::payments::gateway::{
    MAX_ACCOUNT_REFERENCE, MAX_TRANSACTION_DESC, MpesaGateway, PushError, QueryError, StkAccepted, StkPush, StkStatus,
};
use app::payments::tokens::{SharedToken, SharedTokenStore};
use async_trait::async_trait;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::json;
use sha2::Digest;
use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::Mutex;
use tokio::time::Instant;

/// The provider name in logs and stored attempts.
pub const PROVIDER: &str = "daraja";
/// The paybill transaction type (`CustomerBuyGoodsOnline` is the till alternative).
pub const DEFAULT_TRANSACTION_TYPE: &str = "CustomerPayBillOnline";
/// Daraja's `errorCode` for an expired or revoked access token.
pub const INVALID_ACCESS_TOKEN: &str = "404.001.03";
/// Daraja's `errorCode` for "The transaction is being processed" (also used for other server errors).
pub const STILL_PROCESSING: &str = "500.001.1001";
/// East Africa Time is UTC+3 all year (no daylight saving).
const EAT_OFFSET_SECS: i64 = 3 * 3600;
/// How long before a token's expiry a new one is fetched (less for tokens shorter than 25 min).
const MAX_REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// How to reach a Daraja app and which shortcode it collects for.
#[derive(Clone)]
pub struct DarajaConfig {
    /// API origin (`https://api.safaricom.co.ke`, or `{origin}/sim/mpesa` for the simulator).
    pub base_url: String,
    /// The app's consumer key.
    pub consumer_key: String,
    /// The app's consumer secret.
    pub consumer_secret: String,
    /// `BusinessShortCode`: the paybill (or, for tills, the store number).
    pub shortcode: String,
    /// The Lipa na M-Pesa Online passkey the STK password is made from.
    pub passkey: String,
    /// `TransactionType`, [`DEFAULT_TRANSACTION_TYPE`] unless tills are used.
    pub transaction_type: String,
    /// `PartyB`: the shortcode for paybills, the till number for tills.
    pub party_b: String,
    /// Longest wait for a TCP/TLS connection.
    pub connect_timeout: Duration,
    /// Longest wait for a whole exchange.
    pub timeout: Duration,
}

impl DarajaConfig {
    /// A paybill configuration with the default timeouts (5 s to connect, 15 s in all).
    pub fn new(base_url: &str, consumer_key: &str, consumer_secret: &str, shortcode: &str, passkey: &str) -> Self {
        DarajaConfig {
            base_url: base_url.trim_end_matches('/').to_string(),
            consumer_key: consumer_key.to_string(),
            consumer_secret: consumer_secret.to_string(),
            shortcode: shortcode.to_string(),
            passkey: passkey.to_string(),
            transaction_type: DEFAULT_TRANSACTION_TYPE.to_string(),
            party_b: shortcode.to_string(),
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(15),
        }
    }
}

// Configurations end up in start-up logs and panic messages; the credentials must not.
impl fmt::Debug for DarajaConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DarajaConfig")
            .field("base_url", &self.base_url)
            .field("consumer_key", &"<redacted>")
            .field("consumer_secret", &"<redacted>")
            .field("shortcode", &self.shortcode)
            .field("passkey", &"<redacted>")
            .field("transaction_type", &self.transaction_type)
            .field("party_b", &self.party_b)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// `YYYYMMDDHHmmss` in East Africa Time, the form of Daraja's `Timestamp`.
pub fn timestamp(unix_secs: i64) -> String {
    let t = unix_secs + EAT_OFFSET_SECS;
    let date = Date::from_days(t.div_euclid(86_400));
    let s = t.rem_euclid(86_400);
    format!("{:04}{:02}{:02}{:02}{:02}{:02}", date.year, date.month, date.day, s / 3600, s % 3600 / 60, s % 60)
}

/// The unix time of a Daraja `Timestamp` (EAT), if it is one.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    if text.len() != 14 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let field = |from: usize, to: usize| text.get(from..to).and_then(|s| s.parse::<i64>().ok());
    let (year, month, day) = (field(0, 4)?, field(4, 6)?, field(6, 8)?);
    let (hour, minute, second) = (field(8, 10)?, field(10, 12)?, field(12, 14)?);
    let date = Date::new(i32::try_from(year).ok()?, u8::try_from(month).ok()?, u8::try_from(day).ok()?)?;
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    Some(date.to_days() * 86_400 + hour * 3600 + minute * 60 + second - EAT_OFFSET_SECS)
}

/// The STK `Password`: base64 of shortcode, passkey and timestamp, concatenated.
pub fn password(shortcode: &str, passkey: &str, timestamp: &str) -> String {
    STANDARD.encode(format!("{shortcode}{passkey}{timestamp}"))
}

fn now_unix() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

fn truncate(text: &str, max: usize) -> String {
    text.trim().chars().take(max).collect()
}

/// Whether a Daraja description says the customer has not finished yet.
fn is_pending_text(text: &str) -> bool {
    let text = text.to_ascii_lowercase();
    ["being processed", "still processing", "under processing", "not been completed"].iter().any(|p| text.contains(p))
}

/// The Daraja M-Pesa Express adapter.
pub struct DarajaGateway {
    config: DarajaConfig,
    token_url: String,
    push_url: String,
    query_url: String,
    client: Result<reqwest::Client, String>,
    token: Mutex<TokenCache>,
    /// Where servers share the token, once the store is connected.
    shared: OnceLock<Arc<dyn SharedTokenStore>>,
    /// This app's row there: a hash of the API origin and consumer key.
    token_key: String,
}

#[derive(Default)]
struct TokenCache {
    token: Option<CachedToken>,
    /// The last failed fetch and when it ended.
    failure: Option<(Instant, TokenError)>,
    /// The token Daraja last refused, which must not be taken back from the shared row.
    refused: Option<String>,
}

struct CachedToken {
    value: String,
    refresh_at: Instant,
    /// `refresh_at` as Unix seconds, the form other servers can read.
    refresh_unix: i64,
}

impl CachedToken {
    /// A token another server stored.
    fn from_shared(t: SharedToken, now_unix: i64) -> Self {
        let left = Duration::from_secs(u64::try_from(t.refresh_at - now_unix).unwrap_or(0));
        CachedToken { value: t.value, refresh_at: Instant::now() + left, refresh_unix: t.refresh_at }
    }
}

/// Daraja's error body, e.g. `{"requestId":"…","errorCode":"400.002.02","errorMessage":"…"}`.
#[derive(Deserialize)]
struct ErrorReply {
    #[serde(rename = "errorCode")]
    code: String,
    #[serde(rename = "errorMessage", default)]
    message: String,
}

/// A field Daraja sends as a string in one place and a number in another.
#[derive(Deserialize)]
#[serde(untagged)]
enum Flex {
    Text(String),
    Number(serde_json::Number),
}

impl Flex {
    fn text(&self) -> String {
        match self {
            Flex::Text(s) => s.trim().to_string(),
            Flex::Number(n) => n.to_string(),
        }
    }
}

#[derive(Deserialize)]
struct TokenReply {
    access_token: String,
    expires_in: Flex,
}

#[derive(Deserialize)]
struct PushReply {
    #[serde(rename = "MerchantRequestID", default)]
    merchant_request_id: String,
    #[serde(rename = "CheckoutRequestID", default)]
    checkout_request_id: String,
    #[serde(rename = "ResponseCode")]
    response_code: Flex,
    #[serde(rename = "ResponseDescription", default)]
    response_description: String,
}

#[derive(Deserialize)]
struct QueryReply {
    #[serde(rename = "ResponseCode")]
    response_code: Option<Flex>,
    #[serde(rename = "ResponseDescription", default)]
    response_description: String,
    #[serde(rename = "ResultCode")]
    result_code: Option<Flex>,
    #[serde(rename = "ResultDesc", default)]
    result_desc: String,
}

#[derive(Clone)]
enum TokenError {
    Refused { code: String, message: String },
    Unreachable(String),
}

enum CallError {
    /// No token, so nothing was sent.
    Token(TokenError),
    /// Could not connect: nothing was sent.
    Unreachable(String),
    /// Sent, but no complete answer came back.
    Ambiguous(String),
}

impl DarajaGateway {
    /// Creates the adapter; it opens no connection until the first call.
    pub fn new(config: DarajaConfig) -> Self {
        let client = http_client::client(&config.base_url, config.connect_timeout, config.timeout);
        DarajaGateway {
            token_url: format!("{}/oauth/v1/generate?grant_type=client_credentials", config.base_url),
            push_url: format!("{}/mpesa/stkpush/v1/processrequest", config.base_url),
            query_url: format!("{}/mpesa/stkpushquery/v1/query", config.base_url),
            token_key: format!(
                "daraja:{:x}",
                sha2::Sha256::digest(format!("{}\n{}", config.base_url, config.consumer_key).as_bytes())
            ),
            config,
            client,
            token: Mutex::new(TokenCache::default()),
            shared: OnceLock::new(),
        }
    }

    /// A valid access token, fetched only when the cached one is missing or about to expire.
    async fn token(&self, client: &reqwest::Client) -> Result<String, TokenError> {
        let arrived = Instant::now();
        let mut cache = self.token.lock().await;
        if let Some(t) = cache.token.as_ref().filter(|t| Instant::now() < t.refresh_at) {
            return Ok(t.value.clone());
        }
        // A fetch that failed while this caller queued is its answer too; fetching again at
        // once would put every queued caller behind its own timeout while Daraja is down.
        if let Some((at, e)) = &cache.failure
            && *at >= arrived
        {
            return Err(e.clone());
        }
        // The lock is held across the fetch on purpose: every caller queued behind it then
        // reuses the one new token instead of fetching (and revoking) its own.
        let fetched = match self.shared.get() {
            Some(store) => self.shared_token(store.as_ref(), client, cache.refused.as_deref()).await,
            None => self.fetch_token(client).await,
        };
        match fetched {
            Ok(fresh) => {
                let value = fresh.value.clone();
                *cache = TokenCache { token: Some(fresh), failure: None, refused: None };
                Ok(value)
            }
            Err(e) => {
                cache.failure = Some((Instant::now(), e.clone()));
                Err(e)
            }
        }
    }

    /// The token the servers share: the stored one while it is good, else a new one fetched
    /// under the row's lease and stored for the others. Without the database each server
    /// fetches its own, as before sharing (paying must not stop because the database did).
    async fn shared_token(
        &self,
        store: &dyn SharedTokenStore,
        client: &reqwest::Client,
        refused: Option<&str>,
    ) -> Result<CachedToken, TokenError> {
        match store.shared_token(&self.token_key).await {
            Ok(Some(t)) if t.usable(now_unix(), refused) => return Ok(CachedToken::from_shared(t, now_unix())),
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the shared M-Pesa token; this server fetches its own");
                return self.fetch_token(client).await;
            }
        }
        let lease = match store.lease_shared_token(&self.token_key).await {
            Ok(lease) => lease,
            Err(e) => {
                tracing::warn!(error = %e, "cannot lease the shared M-Pesa token; this server fetches its own");
                return self.fetch_token(client).await;
            }
        };
        // Another server may have stored a new token while this one waited for the lease.
        if let Some(t) = lease.current().filter(|t| t.usable(now_unix(), refused)) {
            return Ok(CachedToken::from_shared(t.clone(), now_unix()));
        }
        // A failed fetch drops the lease unchanged, so the next server tries in its turn.
        let fresh = self.fetch_token(client).await?;
        let shared = SharedToken { value: fresh.value.clone(), refresh_at: fresh.refresh_unix };
        if let Err(e) = lease.replace(&shared).await {
            tracing::warn!(error = %e, "cannot store the new M-Pesa token; other servers will fetch their own");
        }
        Ok(fresh)
    }

    /// Drops `used` from the cache, unless another caller has already replaced it, and
    /// remembers that Daraja refused it.
    async fn forget_token(&self, used: &str) {
        let mut cache = self.token.lock().await;
        if cache.token.as_ref().is_some_and(|t| t.value == used) {
            cache.token = None;
            cache.refused = Some(used.to_string());
        }
    }

    async fn fetch_token(&self, client: &reqwest::Client) -> Result<CachedToken, TokenError> {
        let asked_at = Instant::now();
        let asked_unix = now_unix();
        let response = client
            .get(&self.token_url)
            .basic_auth(&self.config.consumer_key, Some(&self.config.consumer_secret))
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| {
                let reason = http_client::describe(&e);
                tracing::warn!(%reason, "no M-Pesa access token: Daraja unreachable");
                TokenError::Unreachable(reason)
            })?;
        let status = response.status();
        let body = http_client::read_capped(response).await.map_err(TokenError::Unreachable)?;
        if let Ok(e) = serde_json::from_slice::<ErrorReply>(&body) {
            tracing::error!(
                code = %e.code, message = %http_client::excerpt(e.message.as_bytes()),
                "Daraja refused our credentials; check MLANGO_MPESA_CONSUMER_KEY and MLANGO_MPESA_CONSUMER_SECRET"
            );
            return Err(TokenError::Refused { code: e.code, message: e.message });
        }
        if status.is_client_error() {
            tracing::error!(http_status = status.as_u16(), "Daraja refused the token request");
            return Err(TokenError::Refused {
                code: format!("HTTP {}", status.as_u16()),
                message: http_client::excerpt(&body),
            });
        }
        let reply = serde_json::from_slice::<TokenReply>(&body)
            .ok()
            .filter(|r| status.is_success() && !r.access_token.is_empty())
            .ok_or_else(|| {
                let excerpt = http_client::excerpt(&body);
                tracing::warn!(http_status = status.as_u16(), reply = %excerpt, "unexpected Daraja token reply");
                TokenError::Unreachable(format!(
                    "unexpected token reply from Daraja (HTTP {}): {excerpt}",
                    status.as_u16()
                ))
            })?;
        // `expires_in` is a string ("3599"); a missing or odd value is read as a short life so
        // the token is simply fetched again soon.
        let lifetime = Duration::from_secs(reply.expires_in.text().parse::<u64>().unwrap_or(60));
        let margin = MAX_REFRESH_MARGIN.min(lifetime / 5);
        let usable = lifetime - margin;
        Ok(CachedToken {
            value: reply.access_token,
            refresh_at: asked_at + usable,
            refresh_unix: asked_unix + i64::try_from(usable.as_secs()).unwrap_or(i64::MAX / 2),
        })
    }

    /// POSTs `body` with a bearer token, repeating the call once with a new token if Daraja
    /// says the token is no longer valid.
    async fn post(&self, url: &str, body: &serde_json::Value) -> Result<(StatusCode, Vec<u8>), CallError> {
        let client = self.client.as_ref().map_err(|e| CallError::Unreachable(e.clone()))?;
        let mut refreshed = false;
        loop {
            let token = self.token(client).await.map_err(CallError::Token)?;
            let response = client.post(url).bearer_auth(&token).json(body).send().await.map_err(|e| {
                let reason = http_client::describe(&e);
                // Only a failed connection proves the request never left; anything later
                // (timeout, reset) may have reached Daraja.
                if e.is_connect() { CallError::Unreachable(reason) } else { CallError::Ambiguous(reason) }
            })?;
            let status = response.status();
            let bytes = http_client::read_capped(response).await.map_err(CallError::Ambiguous)?;
            if !refreshed && token_rejected(status, &bytes) {
                // Daraja checks the token before anything else, so this call was not processed
                // and repeating it once cannot send a second prompt.
                tracing::info!(http_status = status.as_u16(), "Daraja refused the access token; fetching a new one");
                self.forget_token(&token).await;
                refreshed = true;
                continue;
            }
            return Ok((status, bytes));
        }
    }

    fn shortcode_json(&self) -> serde_json::Value {
        // The reference request sends the shortcode as a number; a non-numeric one (never
        // issued, but configurable) goes as text rather than being refused here.
        match self.config.shortcode.parse::<u64>() {
            Ok(n) => json!(n),
            Err(_) => json!(self.config.shortcode),
        }
    }
}

fn token_rejected(status: StatusCode, body: &[u8]) -> bool {
    status == StatusCode::UNAUTHORIZED
        || serde_json::from_slice::<ErrorReply>(body).is_ok_and(|e| e.code == INVALID_ACCESS_TOKEN)
}

/// Reads Daraja's answer to a push.
fn read_push(status: StatusCode, body: &[u8]) -> Result<StkAccepted, PushError> {
    if let Ok(e) = serde_json::from_slice::<ErrorReply>(body) {
        return Err(PushError::Refused { code: e.code, message: e.message });
    }
    if status == StatusCode::OK {
        return match serde_json::from_slice::<PushReply>(body) {
            Ok(r) if r.response_code.text() == "0" && !r.checkout_request_id.is_empty() => Ok(StkAccepted {
                merchant_request_id: r.merchant_request_id,
                checkout_request_id: r.checkout_request_id,
            }),
            // "0" without the id to follow it up by: the prompt exists but cannot be tracked.
            Ok(r) if r.response_code.text() == "0" => {
                Err(PushError::Ambiguous("Daraja accepted the push without a CheckoutRequestID".into()))
            }
            Ok(r) => Err(PushError::Refused { code: r.response_code.text(), message: r.response_description }),
            Err(e) => Err(PushError::Ambiguous(format!("unexpected reply from Daraja: {e}"))),
        };
    }
    let excerpt = http_client::excerpt(body);
    if status.is_client_error() {
        Err(PushError::Refused { code: format!("HTTP {}", status.as_u16()), message: excerpt })
    } else {
        Err(PushError::Ambiguous(format!("Daraja answered HTTP {}: {excerpt}", status.as_u16())))
    }
}

/// Reads Daraja's answer to an STK query.
fn read_query(status: StatusCode, body: &[u8]) -> Result<StkStatus, QueryError> {
    if let Ok(e) = serde_json::from_slice::<ErrorReply>(body) {
        // The same code also means "merchant does not exist", so the words decide.
        if e.code == STILL_PROCESSING && is_pending_text(&e.message) {
            return Ok(StkStatus::Pending);
        }
        return Err(QueryError(format!("{} {}", e.code, http_client::excerpt(e.message.as_bytes()))));
    }
    if status != StatusCode::OK {
        return Err(QueryError(format!("Daraja answered HTTP {}: {}", status.as_u16(), http_client::excerpt(body))));
    }
    let reply: QueryReply =
        serde_json::from_slice(body).map_err(|e| QueryError(format!("unexpected reply from Daraja: {e}")))?;
    if let Some(code) = reply.response_code.as_ref().map(Flex::text).filter(|c| c != "0") {
        return Err(QueryError(format!("{code} {}", http_client::excerpt(reply.response_description.as_bytes()))));
    }
    let code = reply.result_code.as_ref().map(Flex::text).unwrap_or_default();
    // Pending shows as an empty code, or as a code (e.g. 4999) whose words say so.
    if code.is_empty() || is_pending_text(&reply.result_desc) {
        return Ok(StkStatus::Pending);
    }
    match code.parse::<i64>() {
        Ok(result_code) => Ok(StkStatus::Completed { result_code, result_desc: reply.result_desc }),
        Err(_) => {
            Err(QueryError(format!("unexpected ResultCode {:?} from Daraja", http_client::excerpt(code.as_bytes()))))
        }
    }
}

#[async_trait]
impl MpesaGateway for DarajaGateway {
    fn share_tokens(&self, store: Arc<dyn SharedTokenStore>) {
        // Set once, when the store connects; a second store would split the servers again.
        let _ = self.shared.set(store);
    }

    async fn stk_push(&self, push: &StkPush) -> Result<StkAccepted, PushError> {
        let ts = timestamp(now_unix());
        let phone = push.phone.as_str();
        let account_reference = truncate(&push.account_reference, MAX_ACCOUNT_REFERENCE);
        let body = json!({
            "BusinessShortCode": self.shortcode_json(),
            "Password": password(&self.config.shortcode, &self.config.passkey, &ts),
            "Timestamp": ts,
            "TransactionType": self.config.transaction_type,
            "Amount": push.amount_kes.to_string(),
            "PartyA": phone,
            "PartyB": self.config.party_b,
            "PhoneNumber": phone,
            "CallBackURL": push.callback_url,
            "AccountReference": account_reference,
            "TransactionDesc": truncate(&push.description, MAX_TRANSACTION_DESC),
        });
        let masked = push.phone.masked();
        let amount = push.amount_kes;
        let result = match self.post(&self.push_url, &body).await {
            Ok((status, bytes)) => read_push(status, &bytes),
            Err(CallError::Token(TokenError::Refused { code, message })) => Err(PushError::Refused { code, message }),
            Err(CallError::Token(TokenError::Unreachable(r)) | CallError::Unreachable(r)) => {
                Err(PushError::Unreachable(r))
            }
            Err(CallError::Ambiguous(r)) => Err(PushError::Ambiguous(r)),
        };
        match &result {
            Ok(a) => tracing::info!(
                to = %masked, amount, %account_reference, checkout_request_id = %a.checkout_request_id,
                "STK push accepted by Daraja"
            ),
            Err(PushError::Refused { code, message }) => tracing::warn!(
                to = %masked, amount, %account_reference, %code, message = %http_client::excerpt(message.as_bytes()),
                "STK push refused by Daraja"
            ),
            Err(PushError::Unreachable(reason)) => {
                tracing::warn!(to = %masked, amount, %account_reference, %reason, "STK push not sent: Daraja unreachable")
            }
            Err(PushError::Ambiguous(reason)) => tracing::error!(
                to = %masked, amount, %account_reference, %reason,
                "STK push outcome unknown: the prompt may have been sent"
            ),
        }
        result
    }

    async fn stk_query(&self, checkout_request_id: &str) -> Result<StkStatus, QueryError> {
        let ts = timestamp(now_unix());
        let body = json!({
            "BusinessShortCode": self.config.shortcode,
            "Password": password(&self.config.shortcode, &self.config.passkey, &ts),
            "Timestamp": ts,
            "CheckoutRequestID": checkout_request_id,
        });
        let result = match self.post(&self.query_url, &body).await {
            Ok((status, bytes)) => read_query(status, &bytes),
            Err(CallError::Token(TokenError::Refused { code, message })) => {
                Err(QueryError(format!("{code} {}", http_client::excerpt(message.as_bytes()))))
            }
            Err(CallError::Token(TokenError::Unreachable(r)) | CallError::Unreachable(r) | CallError::Ambiguous(r)) => {
                Err(QueryError(r))
            }
        };
        match &result {
            Ok(status) => tracing::debug!(%checkout_request_id, ?status, "STK query answered"),
            Err(e) => tracing::warn!(%checkout_request_id, error = %e, "STK query failed"),
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::contact::PhoneNumber;
    use axum::Router;
    use axum::routing::{get, post};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn push(account_reference: &str, description: &str) -> StkPush {
        StkPush {
            phone: PhoneNumber::parse("0712000001").unwrap(),
            amount_kes: 1050,
            account_reference: account_reference.into(),
            description: description.into(),
            callback_url: "https://mlango.example/callbacks/mpesa/stk/t0k3n".into(),
        }
    }

    async fn serve(app: Router) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        format!("http://{addr}")
    }

    fn token_route() -> Router {
        Router::new().route(
            "/oauth/v1/generate",
            get(|| async { axum::Json(json!({"access_token": "fake-token", "expires_in": "3599"})) }),
        )
    }

    /// A Daraja stand-in whose push and query endpoints answer `status` and `body`.
    async fn fake(status: u16, body: &'static str) -> DarajaGateway {
        let reply = move || async move {
            (axum::http::StatusCode::from_u16(status).unwrap(), [("content-type", "application/json")], body)
        };
        let app = token_route()
            .route("/mpesa/stkpush/v1/processrequest", post(reply))
            .route("/mpesa/stkpushquery/v1/query", post(reply));
        DarajaGateway::new(DarajaConfig::new(&serve(app).await, "k", "s", "174379", "pk"))
    }

    #[test]
    fn gateways_daraja_timestamps_are_east_africa_time() {
        assert_eq!(timestamp(0), "19700101030000");
        // 21:00 UTC on 23 Nov 2026 is already the 24th in Nairobi.
        assert_eq!(timestamp(1_795_467_600), "20261124000000");
        assert_eq!(parse_timestamp("20261124000000"), Some(1_795_467_600));
        for t in [0, 951_782_399, 1_735_689_599, 4_107_542_400] {
            assert_eq!(parse_timestamp(&timestamp(t)), Some(t));
        }
        for bad in [
            "",
            "2026112400000",
            "202611240000000",
            "20261324000000",
            "20260230000000",
            "20261124240000",
            "2026112400006x",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
    }

    #[test]
    fn gateways_daraja_password_matches_the_published_example() {
        let passkey = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";
        assert_eq!(
            password("174379", passkey, "20160216165627"),
            "MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJhZGExZWQyYzkxOTIwMTYwMjE2MTY1NjI3"
        );
    }

    #[test]
    fn gateways_daraja_config_debug_hides_the_credentials() {
        let config =
            DarajaConfig::new("https://api.safaricom.co.ke/", "the-key", "the-secret", "174379", "the-passkey");
        assert_eq!(config.base_url, "https://api.safaricom.co.ke");
        assert_eq!((config.party_b.as_str(), config.transaction_type.as_str()), ("174379", DEFAULT_TRANSACTION_TYPE));
        assert_eq!(config.timeout, Duration::from_secs(15));
        let shown = format!("{config:?}");
        for secret in ["the-key", "the-secret", "the-passkey"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("174379"));
    }

    #[test]
    fn gateways_daraja_push_replies_are_classified() {
        let ok = br#"{"MerchantRequestID":"2654-4b64","CheckoutRequestID":"ws_CO_1007202409152617172396192","ResponseCode":"0","ResponseDescription":"Success. Request accepted for processing","CustomerMessage":"Success. Request accepted for processing"}"#;
        assert_eq!(
            read_push(StatusCode::OK, ok),
            Ok(StkAccepted {
                merchant_request_id: "2654-4b64".into(),
                checkout_request_id: "ws_CO_1007202409152617172396192".into()
            })
        );
        let refused = |status: u16, body: &str| match read_push(StatusCode::from_u16(status).unwrap(), body.as_bytes())
        {
            Err(PushError::Refused { code, .. }) => code,
            other => panic!("{status} {body}: {other:?}"),
        };
        let ambiguous = |status: u16, body: &str| {
            let r = read_push(StatusCode::from_u16(status).unwrap(), body.as_bytes());
            assert!(matches!(r, Err(PushError::Ambiguous(_))), "{status} {body}: {r:?}");
        };
        assert_eq!(
            refused(400, r#"{"requestId":"1","errorCode":"400.002.02","errorMessage":"Bad Request - Invalid Amount"}"#),
            "400.002.02"
        );
        assert_eq!(
            refused(500, r#"{"requestId":"1","errorCode":"500.003.02","errorMessage":"Spike arrest"}"#),
            "500.003.02"
        );
        assert_eq!(
            refused(
                200,
                r#"{"MerchantRequestID":"","CheckoutRequestID":"","ResponseCode":"1","ResponseDescription":"no"}"#
            ),
            "1"
        );
        assert_eq!(refused(404, "<html>Not Found</html>"), "HTTP 404");
        ambiguous(200, "<html>proxy page</html>");
        ambiguous(200, "");
        ambiguous(200, r#"{"ResponseCode":"0"}"#);
        ambiguous(502, "Bad Gateway");
        ambiguous(500, "");
        ambiguous(504, r#"{"fault":"upstream timed out"}"#);
    }

    #[test]
    fn gateways_daraja_query_replies_are_classified() {
        let read = |status: u16, body: &str| read_query(StatusCode::from_u16(status).unwrap(), body.as_bytes());
        let q = |code: &str, desc: &str| {
            format!(
                r#"{{"ResponseCode":"0","ResponseDescription":"accepted","MerchantRequestID":"m","CheckoutRequestID":"c","ResultCode":{code},"ResultDesc":"{desc}"}}"#
            )
        };
        assert_eq!(read(200, &q(r#""""#, "Request processing has not been completed")), Ok(StkStatus::Pending));
        assert_eq!(read(200, &q(r#""4999""#, "The transaction is still under processing")), Ok(StkStatus::Pending));
        assert_eq!(read(200, r#"{"ResponseCode":"0","ResultDesc":"x"}"#), Ok(StkStatus::Pending));
        assert_eq!(
            read(200, &q(r#""0""#, "The service request is processed successfully.")),
            Ok(StkStatus::Completed {
                result_code: 0,
                result_desc: "The service request is processed successfully.".into()
            })
        );
        assert_eq!(
            read(200, &q("1032", "Request cancelled by user")),
            Ok(StkStatus::Completed { result_code: 1032, result_desc: "Request cancelled by user".into() })
        );
        assert_eq!(
            read(
                500,
                r#"{"requestId":"1","errorCode":"500.001.1001","errorMessage":"The transaction is being processed"}"#
            ),
            Ok(StkStatus::Pending)
        );
        // The same code with other words is a real failure, not a pending payment.
        for (status, body) in [
            (500, r#"{"requestId":"1","errorCode":"500.001.1001","errorMessage":"Wrong credentials"}"#),
            (
                400,
                r#"{"requestId":"1","errorCode":"400.002.02","errorMessage":"Bad Request - Invalid CheckoutRequestID"}"#,
            ),
            (200, r#"{"ResponseCode":"1","ResponseDescription":"refused"}"#),
            (200, &q(r#""SFC_J_C0003""#, "Operator does not exist")),
            (200, "not json"),
            (502, "Bad Gateway"),
        ] {
            assert!(read(status, body).is_err(), "{status} {body}");
        }
    }

    #[tokio::test]
    async fn gateways_daraja_sends_the_reference_request() {
        let seen: Arc<std::sync::Mutex<Option<(String, serde_json::Value)>>> = Arc::default();
        let s = seen.clone();
        let app = Router::new()
            .route(
                "/oauth/v1/generate",
                get(|headers: axum::http::HeaderMap, q: axum::extract::Query<std::collections::HashMap<String, String>>| async move {
                    let auth = headers["authorization"].to_str().unwrap().to_string();
                    // Basic base64("key:secret").
                    assert_eq!(auth, "Basic a2V5OnNlY3JldA==");
                    assert_eq!(q.get("grant_type").map(String::as_str), Some("client_credentials"));
                    axum::Json(json!({"access_token": "tok", "expires_in": "3599"}))
                }),
            )
            .route(
                "/mpesa/stkpush/v1/processrequest",
                post(move |headers: axum::http::HeaderMap, axum::Json(body): axum::Json<serde_json::Value>| {
                    let s = s.clone();
                    async move {
                        *s.lock().unwrap() = Some((headers["authorization"].to_str().unwrap().to_string(), body));
                        axum::Json(json!({"MerchantRequestID":"m","CheckoutRequestID":"ws_CO_1","ResponseCode":"0","ResponseDescription":"Success. Request accepted for processing","CustomerMessage":"Success. Request accepted for processing"}))
                    }
                }),
            );
        let base = serve(app).await;
        let gw = DarajaGateway::new(DarajaConfig::new(&base, "key", "secret", "174379", "pk"));
        let accepted = gw.stk_push(&push("  4829175536-EXTRA ", "Passport application fee")).await.unwrap();
        assert_eq!(accepted.checkout_request_id, "ws_CO_1");
        let (auth, body) = seen.lock().unwrap().clone().unwrap();
        assert_eq!(auth, "Bearer tok");
        let ts = body["Timestamp"].as_str().unwrap();
        assert!(parse_timestamp(ts).is_some_and(|t| (t - now_unix()).abs() < 60), "{ts}");
        assert_eq!(body["Password"], password("174379", "pk", ts));
        assert_eq!(body["BusinessShortCode"], json!(174379));
        assert_eq!(body["TransactionType"], "CustomerPayBillOnline");
        assert_eq!(body["Amount"], "1050");
        assert_eq!(body["PartyA"], "254712000001");
        assert_eq!(body["PartyB"], "174379");
        assert_eq!(body["PhoneNumber"], "254712000001");
        assert_eq!(body["CallBackURL"], "https://mlango.example/callbacks/mpesa/stk/t0k3n");
        assert_eq!(body["AccountReference"], "4829175536-E");
        assert_eq!(body["TransactionDesc"], "Passport appl");
        assert_eq!(body.as_object().unwrap().len(), 11);
    }

    #[tokio::test]
    async fn gateways_daraja_gives_up_after_one_token_refresh() {
        let (tokens, pushes) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (t, p) = (tokens.clone(), pushes.clone());
        let app = Router::new()
            .route(
                "/oauth/v1/generate",
                get(move || {
                    t.fetch_add(1, Ordering::SeqCst);
                    async { axum::Json(json!({"access_token": "tok", "expires_in": "3599"})) }
                }),
            )
            .route(
                "/mpesa/stkpush/v1/processrequest",
                post(move || {
                    p.fetch_add(1, Ordering::SeqCst);
                    async {
                        (
                            axum::http::StatusCode::NOT_FOUND,
                            axum::Json(
                                json!({"requestId":"1","errorCode":"404.001.03","errorMessage":"Invalid Access Token"}),
                            ),
                        )
                    }
                }),
            );
        let gw = DarajaGateway::new(DarajaConfig::new(&serve(app).await, "k", "s", "174379", "pk"));
        let err = gw.stk_push(&push("A1", "d")).await.unwrap_err();
        assert_eq!(err, PushError::Refused { code: "404.001.03".into(), message: "Invalid Access Token".into() });
        assert_eq!((tokens.load(Ordering::SeqCst), pushes.load(Ordering::SeqCst)), (2, 2));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn gateways_daraja_callers_queued_behind_a_failed_token_fetch_share_its_failure() {
        let tokens = Arc::new(AtomicUsize::new(0));
        let t = tokens.clone();
        let app = Router::new().route(
            "/oauth/v1/generate",
            get(move || {
                t.fetch_add(1, Ordering::SeqCst);
                async {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    (axum::http::StatusCode::SERVICE_UNAVAILABLE, "down")
                }
            }),
        );
        let gw = Arc::new(DarajaGateway::new(DarajaConfig::new(&serve(app).await, "k", "s", "174379", "pk")));
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..20 {
            let gw = gw.clone();
            tasks.spawn(async move { gw.stk_push(&push(&format!("R{i}"), "d")).await });
        }
        while let Some(result) = tasks.join_next().await {
            assert!(matches!(result.unwrap(), Err(PushError::Unreachable(_))));
        }
        assert_eq!(tokens.load(Ordering::SeqCst), 1);
        // A later caller tries again.
        assert!(gw.stk_push(&push("R", "d")).await.is_err());
        assert_eq!(tokens.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn gateways_daraja_maps_transport_failures() {
        // Nothing listening: nothing was sent.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let gw = DarajaGateway::new(DarajaConfig::new(&format!("http://{addr}"), "k", "s", "174379", "pk"));
        assert!(matches!(gw.stk_push(&push("A1", "d")).await, Err(PushError::Unreachable(_))));
        assert!(gw.stk_query("ws_CO_1").await.is_err());

        // A token, then a push endpoint that never answers: the prompt may exist.
        let app = token_route().route(
            "/mpesa/stkpush/v1/processrequest",
            post(|| async {
                tokio::time::sleep(Duration::from_secs(30)).await;
                "late"
            }),
        );
        let mut config = DarajaConfig::new(&serve(app).await, "k", "s", "174379", "pk");
        config.timeout = Duration::from_millis(300);
        let started = Instant::now();
        let err = DarajaGateway::new(config).stk_push(&push("A1", "d")).await.unwrap_err();
        assert!(matches!(&err, PushError::Ambiguous(r) if r.contains("timed out")), "{err:?}");
        assert!(started.elapsed() < Duration::from_secs(3));

        // The token endpoint refusing our credentials: refused, nothing sent.
        let app = Router::new().route(
            "/oauth/v1/generate",
            get(|| async {
                (
                    axum::http::StatusCode::BAD_REQUEST,
                    axum::Json(
                        json!({"requestId":"","errorCode":"400.008.01","errorMessage":"Invalid Authentication passed"}),
                    ),
                )
            }),
        );
        let gw = DarajaGateway::new(DarajaConfig::new(&serve(app).await, "k", "s", "174379", "pk"));
        assert!(
            matches!(gw.stk_push(&push("A1", "d")).await, Err(PushError::Refused { code, .. }) if code == "400.008.01")
        );

        // The token endpoint down: nothing sent.
        let app = Router::new()
            .route("/oauth/v1/generate", get(|| async { (axum::http::StatusCode::SERVICE_UNAVAILABLE, "down") }));
        let gw = DarajaGateway::new(DarajaConfig::new(&serve(app).await, "k", "s", "174379", "pk"));
        assert!(matches!(gw.stk_push(&push("A1", "d")).await, Err(PushError::Unreachable(_))));

        // Garbled replies after sending.
        let gw = fake(502, "Bad Gateway").await;
        assert!(matches!(gw.stk_push(&push("A1", "d")).await, Err(PushError::Ambiguous(_))));
        let gw = fake(
            500,
            r#"{"requestId":"1","errorCode":"500.001.1001","errorMessage":"The transaction is being processed"}"#,
        )
        .await;
        assert_eq!(gw.stk_query("ws_CO_1").await, Ok(StkStatus::Pending));
    }

    mod against_the_simulator {
        use super::*;
        use crate::sim::mpesa::{AmbiguousMode, Answer, Chaos};
        use crate::sim::{
            SIM_MPESA_CONSUMER_KEY, SIM_MPESA_CONSUMER_SECRET, SIM_MPESA_PASSKEY, SIM_MPESA_PIN, SIM_MPESA_SHORTCODE,
            Simulators, spawn_for_tests,
        };

        fn config(base: &str) -> DarajaConfig {
            DarajaConfig::new(
                &format!("{base}/sim/mpesa"),
                SIM_MPESA_CONSUMER_KEY,
                SIM_MPESA_CONSUMER_SECRET,
                SIM_MPESA_SHORTCODE,
                SIM_MPESA_PASSKEY,
            )
        }

        async fn setup() -> (Simulators, String, DarajaGateway) {
            let (sims, base) = spawn_for_tests().await;
            let gw = DarajaGateway::new(config(&base));
            (sims, base, gw)
        }

        #[tokio::test]
        async fn gateways_daraja_push_pay_and_query_through_the_simulator() {
            let (sims, _base, gw) = setup().await;
            let accepted = gw.stk_push(&push("4829175536", "Passport fee")).await.unwrap();
            let id = accepted.checkout_request_id.clone();
            let stored = sims.mpesa.push(&id).unwrap();
            assert_eq!(stored.merchant_request_id, accepted.merchant_request_id);
            assert_eq!(stored.prompt(), "Pay KSh 1,050 to MLANGO for account 4829175536? Enter M-PESA PIN");
            assert_eq!(stored.callback_url, "https://mlango.example/callbacks/mpesa/stk/t0k3n");
            assert_eq!(gw.stk_query(&id).await, Ok(StkStatus::Pending));
            sims.mpesa.answer(&id, Answer::Pin(SIM_MPESA_PIN.into())).unwrap();
            assert_eq!(
                gw.stk_query(&id).await,
                Ok(StkStatus::Completed {
                    result_code: 0,
                    result_desc: "The service request is processed successfully.".into()
                })
            );
            let cancelled = gw.stk_push(&push("4829175536", "Passport fee")).await.unwrap().checkout_request_id;
            sims.mpesa.answer(&cancelled, Answer::Cancel).unwrap();
            assert!(matches!(gw.stk_query(&cancelled).await, Ok(StkStatus::Completed { result_code: 1032, .. })));
            let unknown = gw.stk_query("ws_CO_000000").await.unwrap_err();
            assert!(unknown.0.contains("400.002.02"), "{unknown:?}");
            let c = sims.mpesa.counters();
            assert_eq!((c.token_requests, c.push_requests, c.query_requests), (1, 2, 4));
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn gateways_daraja_fifty_concurrent_pushes_fetch_one_token() {
            let (sims, _base, gw) = setup().await;
            let gw = Arc::new(gw);
            let mut tasks = tokio::task::JoinSet::new();
            for i in 0..50 {
                let gw = gw.clone();
                tasks.spawn(async move { gw.stk_push(&push(&format!("REF{i}"), "load")).await });
            }
            while let Some(result) = tasks.join_next().await {
                assert!(result.unwrap().is_ok());
            }
            let c = sims.mpesa.counters();
            assert_eq!((c.token_requests, c.push_requests), (1, 50));
            assert_eq!(sims.mpesa.pushes().len(), 50);
        }

        #[tokio::test]
        async fn gateways_daraja_refreshes_expired_and_revoked_tokens() {
            let (sims, _base, gw) = setup().await;
            sims.mpesa.set_token_ttl(Duration::from_secs(1));
            gw.stk_push(&push("A1", "d")).await.unwrap();
            gw.stk_push(&push("A2", "d")).await.unwrap();
            assert_eq!(sims.mpesa.counters().token_requests, 1);
            // Refreshed ahead of expiry, so Daraja never sees the stale token.
            tokio::time::sleep(Duration::from_millis(1100)).await;
            gw.stk_push(&push("A3", "d")).await.unwrap();
            let c = sims.mpesa.counters();
            assert_eq!((c.token_requests, c.push_requests), (2, 3));

            // Revoked behind our back (another client fetched a token): one refresh, one retry.
            sims.mpesa.set_token_ttl(Duration::from_secs(3599));
            sims.mpesa.revoke_tokens();
            gw.stk_push(&push("A4", "d")).await.unwrap();
            let c = sims.mpesa.counters();
            assert_eq!((c.token_requests, c.push_requests), (3, 5));
            assert_eq!(sims.mpesa.pushes().len(), 4, "the refused attempt created nothing");
            sims.mpesa.revoke_tokens();
            assert_eq!(gw.stk_query(&sims.mpesa.pushes()[0].checkout_request_id).await, Ok(StkStatus::Pending));
            assert_eq!(sims.mpesa.counters().token_requests, 4);
        }

        #[tokio::test]
        async fn gateways_daraja_refused_pushes_send_no_prompt() {
            let (sims, base, gw) = setup().await;
            let mut free = push("A1", "d");
            free.amount_kes = 0;
            let err = gw.stk_push(&free).await.unwrap_err();
            assert_eq!(
                err,
                PushError::Refused { code: "400.002.02".into(), message: "Bad Request - Invalid Amount".into() }
            );
            let mut config = config(&base);
            config.passkey = "not-the-passkey".into();
            let err = DarajaGateway::new(config).stk_push(&push("A1", "d")).await.unwrap_err();
            assert!(matches!(&err, PushError::Refused { code, .. } if code == STILL_PROCESSING), "{err:?}");
            let mut config = self::config(&base);
            config.consumer_secret = "wrong".into();
            let err = DarajaGateway::new(config).stk_push(&push("A1", "d")).await.unwrap_err();
            assert!(matches!(&err, PushError::Refused { code, .. } if code == "400.008.01"), "{err:?}");
            sims.mpesa.set_chaos(Chaos { busy: 1.0, ..Chaos::default() }).unwrap();
            let err = gw.stk_push(&push("A1", "d")).await.unwrap_err();
            assert!(matches!(&err, PushError::Refused { code, .. } if code == "500.003.02"), "{err:?}");
            assert!(sims.mpesa.pushes().is_empty());
        }

        #[tokio::test]
        async fn gateways_daraja_ambiguous_pushes_are_reported_as_such() {
            let (sims, base, _gw) = setup().await;
            let mut config = config(&base);
            config.timeout = Duration::from_millis(500);
            let gw = DarajaGateway::new(config);
            sims.mpesa
                .set_chaos(Chaos { ambiguous_push: 1.0, ambiguous_hold_ms: Some(3_000), ..Chaos::default() })
                .unwrap();
            let err = gw.stk_push(&push("A1", "d")).await.unwrap_err();
            assert!(matches!(err, PushError::Ambiguous(_)), "{err:?}");
            sims.mpesa
                .set_chaos(Chaos { ambiguous_push: 1.0, ambiguous_mode: AmbiguousMode::Drop, ..Chaos::default() })
                .unwrap();
            let err = gw.stk_push(&push("A2", "d")).await.unwrap_err();
            assert!(matches!(err, PushError::Ambiguous(_)), "{err:?}");
            // Both prompts really went out, which is why the caller must not repeat them.
            let pushes = sims.mpesa.pushes();
            assert_eq!(pushes.len(), 2);
            sims.mpesa.reset();
            assert_eq!(gw.stk_query(&pushes[1].checkout_request_id).await, Ok(StkStatus::Pending));
        }
    }
}
