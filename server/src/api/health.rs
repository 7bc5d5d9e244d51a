//! Liveness and readiness probes for load balancers and orchestrators.

use app::ssr::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::time::Duration;

/// `GET /healthz`: the process is up and serving.
pub async fn healthz() -> Response {
    Json(json!({ "status": "ok" })).into_response()
}

/// `GET /readyz`: the database answers within two seconds. 503 with a reason otherwise,
/// so the load balancer stops sending writes here while pages keep being served from memory.
pub async fn readyz(State(state): State<AppState>) -> Response {
    let backend = state.store.backend();
    let version = state.catalogue.current().version;
    match tokio::time::timeout(Duration::from_secs(2), state.store.ping()).await {
        Ok(Ok(())) => {
            Json(json!({ "status": "ready", "database": backend, "catalogue_version": version })).into_response()
        }
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness check: database error");
            unavailable(backend, "the database is unreachable")
        }
        Err(_) => unavailable(backend, "the database did not answer within 2 seconds"),
    }
}

fn unavailable(backend: &str, reason: &str) -> Response {
    (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "unavailable", "database": backend, "reason": reason })))
        .into_response()
}
