//! Prometheus metrics at `GET /metrics`.

use app::ssr::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Installs the process-wide recorder (once; tests start many apps in one process).
pub fn install() {
    HANDLE.get_or_init(|| {
        PrometheusBuilder::new()
            .set_buckets(&[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0])
            .ok()
            .and_then(|b| b.install_recorder().ok())
    });
}

/// `GET /metrics`: request counters and latency histograms plus catalogue gauges.
pub async fn render(State(state): State<AppState>) -> impl IntoResponse {
    let live = state.catalogue.current();
    metrics::gauge!("mlango_catalogue_services").set(live.catalogue.services().len() as f64);
    metrics::gauge!("mlango_catalogue_agencies").set(live.catalogue.agencies().len() as f64);
    metrics::gauge!("mlango_catalogue_version").set(live.version as f64);
    let body = HANDLE.get().and_then(|h| h.as_ref()).map(|h| h.render()).unwrap_or_default();
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], body)
}
