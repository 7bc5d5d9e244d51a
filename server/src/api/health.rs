//! Liveness and readiness probes for load balancers and orchestrators.

use app::ssr::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// `GET /healthz`: the process is up and serving.
pub async fn healthz() -> Response {
    Json(json!({ "status": "ok" })).into_response()
}

/// Set once the process has been told to stop: it finishes what it has, and takes no more.
#[derive(Clone, Default, Debug)]
pub struct Stopping(Arc<AtomicBool>);

impl Stopping {
    /// Marks the process as stopping.
    pub fn begin(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether the process is stopping.
    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// `GET /readyz`: the database answers within two seconds. 503 with a reason otherwise,
/// so the load balancer stops sending writes here while pages keep being served from memory;
/// 503 too once the server is stopping, so it stops sending anything here.
pub async fn readyz(State(state): State<AppState>, stopping: Option<Extension<Stopping>>) -> Response {
    let backend = state.store.backend();
    if stopping.is_some_and(|s| s.is_set()) {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "stopping", "database": backend, "reason": "the server is shutting down" })),
        )
            .into_response();
    }
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
