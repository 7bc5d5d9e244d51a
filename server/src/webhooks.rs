//! Delivers agencies' webhooks: claims due deliveries, signs each body with the key's secret
//! (`Mlango-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as Stripe does, so a
//! receiver can refuse replays), posts it, logs the attempt and schedules a retry with
//! backoff. Receivers deduplicate on `Mlango-Event-Id`: a crash between posting and logging
//! can repeat a delivery, never lose one.

use app::payments::webhooks::{AttemptResult, WebhookDelivery, next_attempt_at};
use app::ssr::AppState;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::time::Duration;

/// Deliveries claimed per pass.
const BATCH: u32 = 20;
/// How long a receiver may take to answer.
const TIMEOUT: Duration = Duration::from_secs(10);

/// `t=<unix>,v1=<hex>` for `body` sent at `t`.
pub fn signature(secret: &str, t: i64, body: &str) -> String {
    format!("t={t},v1={}", hmac_sha256_hex(secret.as_bytes(), format!("{t}.{body}").as_bytes()))
}

/// HMAC-SHA256 as lowercase hex.
fn hmac_sha256_hex(key: &[u8], message: &[u8]) -> String {
    // HMAC accepts keys of any length, so this cannot fail; an empty signature would be refused
    // by the receiver rather than trusted.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else { return String::new() };
    mac.update(message);
    app::accounts::otp::hex(&mac.finalize().into_bytes())
}

/// A client for posting webhooks: bounded time, no redirects (a redirect could leak the body).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("mlango-webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, "webhook client could not be built; using defaults");
            reqwest::Client::new()
        })
}

async fn post(client: &reqwest::Client, d: &WebhookDelivery, now: i64) -> AttemptResult {
    let sent = client
        .post(&d.url)
        .header("content-type", "application/json")
        .header("mlango-event-id", &d.event_id)
        .header("mlango-signature", signature(&d.secret, now, &d.body))
        .body(d.body.clone())
        .send()
        .await;
    match sent {
        Ok(r) if r.status().is_success() => {
            AttemptResult { http_status: Some(i64::from(r.status().as_u16())), error: String::new(), delivered: true }
        }
        Ok(r) => AttemptResult {
            http_status: Some(i64::from(r.status().as_u16())),
            error: format!("receiver answered {}", r.status()),
            delivered: false,
        },
        Err(e) => AttemptResult {
            http_status: None,
            error: if e.is_timeout() { "no answer in time".into() } else { format!("could not post: {e}") },
            delivered: false,
        },
    }
}

/// Sends every due delivery once; returns how many were delivered.
///
/// Posts only while the claim has time for a whole post left: the rest of the batch is left
/// to lapse and is taken up again (by any server) rather than posted while another server may
/// already have taken it over.
pub async fn deliver_due(state: &AppState, client: &reqwest::Client) -> Result<usize, app::store::StoreError> {
    let now = state.clock.now();
    let claim_secs = state.timings.claim_secs;
    let lapses_at = now + claim_secs;
    let mut delivered = 0;
    for d in state.store.claim_webhooks(now, claim_secs, BATCH).await? {
        if state.clock.now() + TIMEOUT.as_secs() as i64 >= lapses_at {
            tracing::info!(event = %d.event_id, "webhook claim about to lapse; left for the next pass");
            break;
        }
        let result = post(client, &d, now).await;
        let next = if result.delivered { None } else { next_attempt_at(d.attempts + 1, now) };
        if result.delivered {
            delivered += 1;
        } else if next.is_none() {
            tracing::warn!(event = %d.event_id, url = %d.url, error = %result.error, "webhook given up after the last retry");
        }
        state.store.record_webhook_attempt(d.id, now, &result, next).await?;
    }
    Ok(delivered)
}

/// Runs [`deliver_due`] every `every`. Several servers may run it: claims keep them apart.
pub fn spawn_worker(state: &AppState, every: Duration) {
    let (state, client) = (state.clone(), client());
    crate::workers::spawn_every(every, move || {
        let (state, client) = (state.clone(), client.clone());
        async move {
            if let Err(e) = deliver_due(&state, &client).await {
                tracing::warn!(error = %e, "webhook pass failed; will retry");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        // RFC 4231 test case 2.
        assert_eq!(
            hmac_sha256_hex(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn signatures_are_hmac_sha256_over_time_and_body() {
        // RFC 4231-style check: the same inputs always sign the same, and any change shows.
        let s = signature("whsec_test", 1_700_000_000, r#"{"id":"evt_1"}"#);
        assert!(s.starts_with("t=1700000000,v1=") && s.len() == "t=1700000000,v1=".len() + 64, "{s}");
        assert_eq!(s, signature("whsec_test", 1_700_000_000, r#"{"id":"evt_1"}"#));
        assert_ne!(s, signature("whsec_test", 1_700_000_001, r#"{"id":"evt_1"}"#));
        assert_ne!(s, signature("whsec_other", 1_700_000_000, r#"{"id":"evt_1"}"#));
        assert_ne!(s, signature("whsec_test", 1_700_000_000, r#"{"id":"evt_2"}"#));
    }
}
