//! An identity registry reached over HTTP (an IPRS gateway, or `/sim/registry` in tests).
//!
//! The protocol, version 1:
//!
//! ```text
//! POST {url}/v1/verify
//! Authorization: Bearer {token}
//! Content-Type: application/json
//!
//! {"document_kind":"national_id","number":"12345678","first_name":"Wanjiku","year_of_birth":1990}
//! ```
//!
//! `document_kind` is one of `national_id`, `alien_id`, `refugee_id`, `diplomatic_id`,
//! `passport`; `number` is normalised (no spaces, upper case). The registry compares the first
//! name case-insensitively, ignoring spaces and hyphens, and answers `200` with either
//!
//! ```text
//! {"match":true,"first_name":"Wanjiku","other_names":"Njeri Kamau","year_of_birth":1990}
//! ```
//!
//! or `{"match":false}` (no such number, or the name or year differ — never which). `401` means
//! the token is wrong, `400` that the request is malformed. Any other answer, a timeout or a
//! body that is not one of the two shapes above is an error, never a match.
//!
//! Claims carry personal data, so logs carry the document kind and the outcome only.

use super::http_client;
use app::accounts::identity::{IdentityCheck, IdentityClaim, IdentityRegistry, RegisteredPerson};
use app::notifications::ports::GatewayError;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// How to reach the registry.
#[derive(Clone)]
pub struct HttpIdentityConfig {
    /// Registry origin; `/v1/verify` is appended.
    pub url: String,
    /// Bearer token.
    pub token: String,
    /// Longest wait for a TCP/TLS connection.
    pub connect_timeout: Duration,
    /// Longest wait for the whole request.
    pub timeout: Duration,
}

impl HttpIdentityConfig {
    /// A configuration with the default timeouts (5 s to connect, 10 s in all).
    pub fn new(url: &str, token: &str) -> Self {
        HttpIdentityConfig {
            url: url.trim_end_matches('/').to_string(),
            token: token.to_string(),
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(10),
        }
    }
}

/// The request body of `POST /v1/verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyRequest {
    /// [`app::accounts::identity::DocumentKind::code`].
    pub document_kind: String,
    /// Normalised document number.
    pub number: String,
    /// First name as typed.
    pub first_name: String,
    /// Year of birth.
    pub year_of_birth: u16,
}

/// The response body of `POST /v1/verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyResponse {
    /// Whether the claim matched.
    #[serde(rename = "match")]
    pub matched: bool,
    /// Registered first name (only with a match).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Registered other names (only with a match).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_names: Option<String>,
    /// Registered year of birth (only with a match).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_of_birth: Option<u16>,
}

impl From<&IdentityCheck> for VerifyResponse {
    fn from(check: &IdentityCheck) -> Self {
        match check {
            IdentityCheck::Match(p) => VerifyResponse {
                matched: true,
                first_name: Some(p.first_name.clone()),
                other_names: Some(p.other_names.clone()),
                year_of_birth: Some(p.year_of_birth),
            },
            IdentityCheck::NoMatch => {
                VerifyResponse { matched: false, first_name: None, other_names: None, year_of_birth: None }
            }
        }
    }
}

/// [`IdentityRegistry`] over the HTTP protocol above.
pub struct HttpIdentityRegistry {
    endpoint: String,
    token: String,
    client: Result<reqwest::Client, String>,
}

impl HttpIdentityRegistry {
    /// Creates the adapter; it opens no connection until the first check.
    pub fn new(config: HttpIdentityConfig) -> Self {
        let client = http_client::client(&config.url, config.connect_timeout, config.timeout);
        HttpIdentityRegistry { endpoint: format!("{}/v1/verify", config.url), token: config.token, client }
    }
}

#[async_trait]
impl IdentityRegistry for HttpIdentityRegistry {
    async fn verify(&self, claim: &IdentityClaim) -> Result<IdentityCheck, GatewayError> {
        let client = self.client.as_ref().map_err(|e| GatewayError::Unavailable(e.clone()))?;
        let kind = claim.kind.code();
        let request = VerifyRequest {
            document_kind: kind.to_string(),
            number: claim.number.clone(),
            first_name: claim.first_name.clone(),
            year_of_birth: claim.year_of_birth,
        };
        let response =
            client.post(&self.endpoint).bearer_auth(&self.token).json(&request).send().await.map_err(|e| {
                let reason = http_client::describe(&e);
                tracing::warn!(document_kind = kind, %reason, "identity registry unreachable");
                GatewayError::Unavailable(reason)
            })?;
        let status = response.status().as_u16();
        let body = http_client::read_capped(response).await.map_err(|reason| {
            tracing::warn!(document_kind = kind, http_status = status, %reason, "identity registry reply unreadable");
            GatewayError::Unavailable(reason)
        })?;
        match status {
            200 => {}
            401 | 403 => {
                tracing::error!(
                    http_status = status,
                    "identity registry refused our token; check MLANGO_IDENTITY_TOKEN"
                );
                return Err(GatewayError::Unavailable(format!(
                    "identity registry authentication failed (HTTP {status})"
                )));
            }
            400 | 422 => {
                tracing::warn!(document_kind = kind, http_status = status, "identity registry refused the request");
                return Err(GatewayError::Rejected(format!("identity registry refused the request (HTTP {status})")));
            }
            _ => {
                tracing::warn!(document_kind = kind, http_status = status, "identity registry error");
                return Err(GatewayError::Unavailable(format!("identity registry answered HTTP {status}")));
            }
        }
        let parsed: VerifyResponse = serde_json::from_slice(&body).map_err(|e| {
            tracing::warn!(document_kind = kind, error = %e, "identity registry sent unexpected JSON");
            GatewayError::Unavailable(format!("unexpected reply from the identity registry: {e}"))
        })?;
        let check = match parsed {
            VerifyResponse { matched: false, .. } => IdentityCheck::NoMatch,
            VerifyResponse { matched: true, first_name: Some(first_name), other_names, year_of_birth: Some(year) } => {
                IdentityCheck::Match(RegisteredPerson {
                    first_name,
                    other_names: other_names.unwrap_or_default(),
                    year_of_birth: year,
                })
            }
            VerifyResponse { matched: true, .. } => {
                tracing::warn!(document_kind = kind, "identity registry matched without saying who");
                return Err(GatewayError::Unavailable("identity registry matched without the person's details".into()));
            }
        };
        tracing::info!(document_kind = kind, matched = matches!(check, IdentityCheck::Match(_)), "identity checked");
        Ok(check)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gateways::demo_registry::{DemoRegistry, demo_person_example, demo_range};
    use crate::sim::{SIM_REGISTRY_TOKEN, spawn_for_tests};
    use app::accounts::identity::DocumentKind;
    use axum::Router;
    use axum::routing::post;

    fn registry(base: &str, token: &str) -> HttpIdentityRegistry {
        HttpIdentityRegistry::new(HttpIdentityConfig::new(&format!("{base}/sim/registry"), token))
    }

    #[tokio::test]
    async fn gateways_identity_http_agrees_with_the_demo_registry() {
        let (_sims, base) = spawn_for_tests().await;
        let http = registry(&base, SIM_REGISTRY_TOKEN);
        let kinds = [
            DocumentKind::NationalId,
            DocumentKind::AlienId,
            DocumentKind::RefugeeId,
            DocumentKind::DiplomaticId,
            DocumentKind::Passport,
        ];
        let mut matches = 0;
        for i in 0u32..200 {
            let kind = kinds[(i % 5) as usize];
            let (low, high) = demo_range(kind);
            // Mostly in range, with some just outside either end.
            let n = match i % 7 {
                0 => low - 1 - i,
                1 => high + 1 + i,
                _ => low + (i * 7919) % (high - low + 1),
            };
            let number = if kind == DocumentKind::Passport { format!("AK{n}") } else { n.to_string() };
            let person = crate::gateways::demo_person(kind, &number);
            let (first_name, year) = match (&person, i % 4) {
                (Some(p), 0) => (p.first_name.to_lowercase(), p.year_of_birth),
                (Some(p), 1) => (p.first_name.clone(), p.year_of_birth + 1),
                (Some(p), _) => (p.first_name.clone(), p.year_of_birth),
                (None, _) => ("Wanjiku".to_string(), 1990),
            };
            let claim = IdentityClaim { kind, number, first_name, year_of_birth: year };
            let expected = DemoRegistry.verify(&claim).await.unwrap();
            if matches!(expected, IdentityCheck::Match(_)) {
                matches += 1;
            }
            assert_eq!(http.verify(&claim).await.unwrap(), expected, "{claim:?}");
        }
        assert!(matches > 80, "{matches}");
    }

    #[tokio::test]
    async fn gateways_identity_http_wrong_bearer_is_an_error() {
        let (_sims, base) = spawn_for_tests().await;
        let (number, p) = demo_person_example(DocumentKind::NationalId);
        let claim = IdentityClaim {
            kind: DocumentKind::NationalId,
            number,
            first_name: p.first_name.clone(),
            year_of_birth: p.year_of_birth,
        };
        let err = registry(&base, "not-the-token").verify(&claim).await.unwrap_err();
        assert!(matches!(&err, GatewayError::Unavailable(r) if r.contains("401")), "{err:?}");
        assert_eq!(registry(&base, SIM_REGISTRY_TOKEN).verify(&claim).await, Ok(IdentityCheck::Match(p)));
    }

    #[tokio::test]
    async fn gateways_identity_http_unexpected_replies_are_errors() {
        let bodies: [(u16, &'static str); 5] = [
            (200, "not json"),
            (200, r#"{"match":true}"#),
            (200, r#"{"matched":false}"#),
            (500, r#"{"match":false}"#),
            (302, ""),
        ];
        for (code, body) in bodies {
            let app = Router::new().route(
                "/v1/verify",
                post(move || async move { (axum::http::StatusCode::from_u16(code).unwrap(), body) }),
            );
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            tokio::spawn(async move { axum::serve(listener, app).await });
            let http = HttpIdentityRegistry::new(HttpIdentityConfig::new(&format!("http://{addr}"), "t"));
            let claim = IdentityClaim {
                kind: DocumentKind::NationalId,
                number: "12345678".into(),
                first_name: "Wanjiku".into(),
                year_of_birth: 1990,
            };
            let result = http.verify(&claim).await;
            assert!(matches!(result, Err(GatewayError::Unavailable(_))), "{code} {body}: {result:?}");
        }
    }

    #[tokio::test]
    async fn gateways_identity_http_malformed_request_is_rejected_by_the_sim() {
        let (_sims, base) = spawn_for_tests().await;
        let reply = reqwest::Client::new()
            .post(format!("{base}/sim/registry/v1/verify"))
            .bearer_auth(SIM_REGISTRY_TOKEN)
            .json(&serde_json::json!({"document_kind":"driving_licence","number":"1","first_name":"A","year_of_birth":1990}))
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 400);
    }
}
