//! Building the application (state, router) and running it until shutdown.

use crate::api;
use crate::catalogue::live;
use crate::config::Config;
use crate::http;
use app::app::{App, shell};
use app::catalogue::fees::ConvenienceFeeBands;
use app::catalogue::ports::CatalogueHandle;
use app::ssr::AppState;
use app::store::{Store, StoreError};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Request, header};
use axum::routing::get;
use leptos::config::LeptosOptions;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::sync::Arc;
use std::time::Duration;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Largest request body accepted anywhere (uploads get their own limit later).
const BODY_LIMIT: usize = 1024 * 1024;

/// Connects the store, seeds the demo catalogue if asked and the store is empty, and loads
/// the catalogue into memory.
pub async fn build_state(config: &Config) -> Result<AppState, StoreError> {
    tracing::info!(database = %crate::db::redact(&config.database_url), "connecting to the database");
    let store = crate::db::connect(&config.database_url).await?;
    if config.demo {
        seed_demo_if_empty(store.as_ref()).await?;
    }
    state_from_store(store, config.leptos_options()).await
}

/// Loads the catalogue of an already connected store into a fresh application state.
pub async fn state_from_store(store: Arc<dyn Store>, leptos_options: LeptosOptions) -> Result<AppState, StoreError> {
    let live = live::load(store.as_ref()).await?;
    tracing::info!(
        agencies = live.catalogue.agencies().len(),
        services = live.catalogue.services().len(),
        version = live.version,
        "catalogue loaded"
    );
    Ok(AppState {
        leptos_options,
        catalogue: Arc::new(CatalogueHandle::new(live)),
        store,
        fees: Arc::new(ConvenienceFeeBands::gazette_1422()),
    })
}

/// Seeds the demo catalogue when the store has no services yet. Returns whether it seeded.
pub async fn seed_demo_if_empty(store: &dyn Store) -> Result<bool, StoreError> {
    let (_, services) = store.catalogue_counts().await?;
    if services > 0 {
        return Ok(false);
    }
    let batch = tokio::task::spawn_blocking(crate::catalogue::demo::demo_catalogue)
        .await
        .map_err(|e| StoreError::Other(format!("demo generator failed: {e}")))?;
    let summary = store.import_catalogue(&batch).await?;
    tracing::info!(agencies = summary.agencies_created, services = summary.services_created, "demo catalogue seeded");
    Ok(true)
}

/// The whole HTTP surface.
pub fn router(state: AppState) -> Router {
    api::metrics::install();
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let x_request_id = HeaderName::from_static("x-request-id");
    Router::new()
        .route("/healthz", get(api::health::healthz))
        .route("/readyz", get(api::health::readyz))
        .route("/metrics", get(api::metrics::render))
        .route("/api/catalogue/suggest", get(api::suggest::suggest))
        .nest("/v1", api::v1::router())
        .leptos_routes(&state, routes, move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::page_cache::serve_cached))
        .layer(axum::middleware::from_fn(http::language))
        .layer(axum::middleware::from_fn(http::record_metrics))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::SERVICE_UNAVAILABLE, Duration::from_secs(30)))
        .layer(PropagateRequestIdLayer::new(x_request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), uri = %req.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(x_request_id, MakeRequestUuid))
        .with_state(state)
}

/// Serves until SIGINT or SIGTERM, then lets in-flight requests finish.
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
