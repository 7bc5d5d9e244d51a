//! Identity-registry simulator: the protocol of [`crate::gateways::identity_http`] served over
//! the demo population, so the HTTP adapter is tested against a real HTTP server.

use super::SIM_REGISTRY_TOKEN;
use crate::gateways::demo_registry::DemoRegistry;
use crate::gateways::identity_http::{VerifyRequest, VerifyResponse};
use app::accounts::identity::{DocumentKind, IdentityClaim};
use axum::Json;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

/// `POST /sim/registry/v1/verify`.
pub(crate) async fn verify(headers: HeaderMap, body: Bytes) -> Response {
    let bearer =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    if bearer != Some(SIM_REGISTRY_TOKEN) {
        return error(StatusCode::UNAUTHORIZED, "invalid bearer token");
    }
    let request: VerifyRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => return error(StatusCode::BAD_REQUEST, &format!("malformed request: {e}")),
    };
    let Some(kind) = DocumentKind::from_code(&request.document_kind) else {
        return error(StatusCode::BAD_REQUEST, "unknown document_kind");
    };
    let claim = IdentityClaim {
        kind,
        number: request.number,
        first_name: request.first_name,
        year_of_birth: request.year_of_birth,
    };
    Json(VerifyResponse::from(&DemoRegistry::check(&claim))).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gateways::demo_registry::demo_person_example;
    use crate::sim::spawn_for_tests;

    #[tokio::test]
    async fn sim_registry_speaks_the_documented_protocol() {
        let (_sims, base) = spawn_for_tests().await;
        let (number, p) = demo_person_example(DocumentKind::Passport);
        let client = reqwest::Client::new();
        let url = format!("{base}/sim/registry/v1/verify");
        let body = json!({"document_kind":"passport","number":number,"first_name":p.first_name,"year_of_birth":p.year_of_birth});
        let reply: serde_json::Value =
            client.post(&url).bearer_auth(SIM_REGISTRY_TOKEN).json(&body).send().await.unwrap().json().await.unwrap();
        assert_eq!(
            reply,
            json!({"match":true,"first_name":p.first_name,"other_names":p.other_names,"year_of_birth":p.year_of_birth})
        );
        let wrong =
            json!({"document_kind":"passport","number":number,"first_name":"Nobody","year_of_birth":p.year_of_birth});
        let reply: serde_json::Value =
            client.post(&url).bearer_auth(SIM_REGISTRY_TOKEN).json(&wrong).send().await.unwrap().json().await.unwrap();
        assert_eq!(reply, json!({"match":false}));
        assert_eq!(client.post(&url).json(&body).send().await.unwrap().status(), 401);
        let garbage = client.post(&url).bearer_auth(SIM_REGISTRY_TOKEN).body("{").send().await.unwrap();
        assert_eq!(garbage.status(), 400);
    }
}
