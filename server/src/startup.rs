//! Building the application (state, router) and running it until shutdown.

use crate::api;
use crate::catalogue::live;
use crate::config::Config;
use crate::gateways::Gateways;
use crate::http;
use crate::security::{self, RateLimits, SecurityConfig};
use crate::sim::Simulators;
use app::app::{App, shell};
use app::catalogue::fees::ConvenienceFeeBands;
use app::catalogue::ports::CatalogueHandle;
use app::clock::Clock;
use app::ssr::AppState;
use app::store::{Store, StoreError};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Request};
use axum::routing::get;
use leptos::config::LeptosOptions;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::sync::Arc;
use std::time::Duration;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Largest request body accepted anywhere but the apply form (see [`crate::apply`]).
const BODY_LIMIT: usize = 1024 * 1024;

/// Caps every request body: the apply form, which carries documents, at
/// [`crate::apply::UPLOAD_BODY_LIMIT`], everything else at [`BODY_LIMIT`]. A declared length
/// over the cap is refused before reading; a body that grows past it fails its extractor (413).
async fn body_limit(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::response::IntoResponse;
    // The apply route's own DefaultBodyLimit (exactly UPLOAD_BODY_LIMIT) must be the one that
    // trips, so the multipart reader recognises it as "too large"; this is the backstop.
    let limit = if req.uri().path() == crate::apply::SAVE_PATH {
        crate::apply::UPLOAD_BODY_LIMIT + 1024 * 1024
    } else {
        BODY_LIMIT
    };
    let declared = req
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    // The apply form reads up to its limit and then answers on the form itself (keeping the
    // answers), which a citizen without JavaScript can act on; elsewhere a declared excess is
    // refused before reading.
    if declared.is_some_and(|n| n > limit) && req.uri().path() != crate::apply::SAVE_PATH {
        return (axum::http::StatusCode::PAYLOAD_TOO_LARGE, "The request is too large.").into_response();
    }
    let req = req.map(|body| axum::body::Body::new(http_body_util::Limited::new(body, limit)));
    next.run(req).await
}

/// The providers and clock a state is built with (real, simulated or test doubles).
#[derive(Clone)]
pub struct Providers {
    /// SMS, email and identity registry.
    pub gateways: Gateways,
    /// The time.
    pub clock: Arc<dyn Clock>,
    /// M-Pesa callback URLs and paybill.
    pub payments: Arc<app::payments::service::MpesaSettings>,
}

/// Everything the HTTP layers need besides the application state.
#[derive(Clone)]
pub struct Web {
    /// Origin, trusted proxies, HSTS.
    pub security: Arc<SecurityConfig>,
    /// Per-address request limits.
    pub limits: Arc<RateLimits>,
    /// The in-process provider simulators, mounted under /sim when no real provider is configured.
    pub simulators: Option<Simulators>,
}

/// Real providers where configured, in-process simulators elsewhere, and the system clock.
/// Returns the simulators when any are in use, so the router mounts them under /sim.
pub fn providers_from_env(config: &Config) -> Result<(Providers, Option<Simulators>), crate::config::ConfigError> {
    let settings = crate::gateways::GatewaySettings::from_env()?;
    let sims = Simulators::new();
    // The SMS adapter speaks Africa's Talking over real HTTP even to the simulator, so it is
    // pointed at this process's own listener.
    let ip = match config.site_addr.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => std::net::IpAddr::from([127, 0, 0, 1]),
        ip if ip.is_unspecified() => std::net::IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    let loopback = format!("http://{}", std::net::SocketAddr::new(ip, config.site_addr.port()));
    // Outside demo mode a simulator would be a hole: /sim shows every code sent, the demo
    // registry invents people and the M-Pesa simulator takes pretend money. Refuse to start
    // rather than run half-real. Email is the exception: SMS carries every code, so without
    // SMTP each email is refused (and retried) rather than shown in the simulator's mailbox.
    let simulated: Vec<&str> = [
        settings.sms.is_none().then_some("SMS (set MLANGO_SMS_BASE_URL, MLANGO_SMS_USERNAME, MLANGO_SMS_API_KEY)"),
        settings.identity.is_none().then_some("identity registry (set MLANGO_IDENTITY_URL, MLANGO_IDENTITY_TOKEN)"),
        settings.mpesa.is_none().then_some(
            "M-Pesa (set MLANGO_MPESA_BASE_URL, MLANGO_MPESA_CONSUMER_KEY, MLANGO_MPESA_CONSUMER_SECRET, \
             MLANGO_MPESA_SHORTCODE, MLANGO_MPESA_PASSKEY)",
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    let no_email = settings.smtp.is_none().then_some(EMAIL_HINT);
    if !config.demo && !simulated.is_empty() {
        return Err(crate::config::ConfigError {
            name: "MLANGO_DEMO",
            reason: format!(
                "not in demo mode, but these providers are not configured: {}.{} Configure them, or set MLANGO_DEMO=1 to run the demo with simulators",
                simulated.join("; "),
                no_email.map(|hint| format!(" Optional: email ({hint}).")).unwrap_or_default()
            ),
        });
    }
    let mut gateways = crate::gateways::build(&settings, &sims, &loopback);
    if !config.demo
        && let Some(hint) = no_email
    {
        gateways.email = Arc::new(NoEmail);
        tracing::warn!("email is not configured ({hint}): one-time codes and notices can be sent by SMS only");
    }
    if settings.mpesa.is_none() {
        register_sim_c2b(&sims, &loopback);
    }
    if settings.sms.is_none() {
        sims.sms.set_callbacks(&loopback);
    }
    let simulators = config.demo.then_some(sims);
    let payments = match (
        &settings.mpesa,
        std::env::var("MLANGO_MPESA_CALLBACK_TOKEN").ok().map(|t| t.trim().to_string()),
    ) {
        (Some(m), Some(token))
            if token.len() >= 32 && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
        {
            mpesa_settings(&config.base_url, Some(m.shortcode.clone()), &token)
        }
        (Some(_), _) => {
            return Err(crate::config::ConfigError {
                name: "MLANGO_MPESA_CALLBACK_TOKEN",
                reason: "required with real M-Pesa: at least 32 letters, digits, - or _ (it is the secret part of the callback URLs)".into(),
            });
        }
        // The simulator posts to this process directly.
        (None, _) => mpesa_settings(&loopback, None, crate::payments::DEMO_CALLBACK_TOKEN),
    };
    Ok((Providers { gateways, clock: Arc::new(app::clock::SystemClock), payments: Arc::new(payments) }, simulators))
}

/// Points the M-Pesa simulator's paybill at this process's C2B callbacks.
fn register_sim_c2b(sims: &Simulators, origin: &str) {
    let url = |kind: &str| {
        format!("{}/callbacks/mpesa/c2b/{kind}/{}", origin.trim_end_matches('/'), crate::payments::DEMO_CALLBACK_TOKEN)
    };
    sims.mpesa.register_c2b(crate::sim::mpesa::C2bRegistration {
        short_code: crate::sim::mpesa::SIM_MPESA_SHORTCODE.to_string(),
        response_type: "Cancelled".into(),
        confirmation_url: url("confirmation"),
        validation_url: url("validation"),
        version: 1,
    });
}

/// Callback URLs under `origin` and the paybill (the simulator's when `shortcode` is `None`).
fn mpesa_settings(origin: &str, shortcode: Option<String>, token: &str) -> app::payments::service::MpesaSettings {
    app::payments::service::MpesaSettings {
        stk_callback_url: format!("{}/callbacks/mpesa/stk/{token}", origin.trim_end_matches('/')),
        paybill: shortcode.unwrap_or_else(|| crate::sim::mpesa::SIM_MPESA_SHORTCODE.to_string()),
        callback_token: token.to_string(),
    }
}

/// How to configure email, in start-up errors, warnings and refusals.
const EMAIL_HINT: &str = "set MLANGO_SMTP_HOST and MLANGO_SMTP_FROM";

/// The email gateway outside the demo without SMTP: every send fails with a clear reason.
struct NoEmail;

#[async_trait::async_trait]
impl app::notifications::ports::EmailGateway for NoEmail {
    async fn send_email(
        &self,
        _to: &app::contact::EmailAddress,
        _subject: &str,
        _body: &str,
    ) -> Result<app::notifications::ports::ProviderReceipt, app::notifications::ports::GatewayError> {
        Err(app::notifications::ports::GatewayError::Unavailable(format!("email is not configured ({EMAIL_HINT})")))
    }
}

/// Simulated providers for a server listening at `base` (tests and benchmarks), with `clock`.
pub fn simulated(base: &str, clock: Arc<dyn Clock>) -> (Providers, Web) {
    let sims = Simulators::new();
    let gateways = crate::gateways::build(&crate::gateways::GatewaySettings::default(), &sims, base);
    let limits = crate::security::RateLimitConfig { per_minute: 1_000_000, burst: 100_000 };
    let web = Web {
        security: Arc::new(SecurityConfig { public_origin: base.to_string(), trusted_proxies: vec![], hsts: false }),
        limits: Arc::new(RateLimits::new(limits, limits)),
        simulators: Some(sims.clone()),
    };
    let payments = Arc::new(mpesa_settings(base, None, crate::payments::DEMO_CALLBACK_TOKEN));
    register_sim_c2b(&sims, base);
    sims.sms.set_callbacks(base);
    (Providers { gateways, clock, payments }, web)
}

/// Connects the store, seeds the demo catalogue and accounts if asked, and loads the catalogue
/// into memory.
pub async fn build_state(config: &Config, providers: Providers) -> Result<AppState, StoreError> {
    tracing::info!(database = %crate::db::redact(&config.database_url), "connecting to the database");
    let store = crate::db::connect(&config.database_url).await?;
    if config.demo {
        seed_demo_if_empty(store.as_ref()).await?;
        let created = crate::accounts::demo::seed_demo_accounts(store.as_ref(), providers.clock.now()).await?;
        if created > 0 {
            tracing::info!(created, "demo accounts seeded");
        }
    }
    let mut state = state_from_store(store, config.leptos_options(), providers).await?;
    state.timings = config.timings;
    Ok(state)
}

/// Loads the catalogue of an already connected store into a fresh application state.
pub async fn state_from_store(
    store: Arc<dyn Store>,
    leptos_options: LeptosOptions,
    providers: Providers,
) -> Result<AppState, StoreError> {
    let live = live::load(store.as_ref()).await?;
    // Servers on one database share one M-Pesa access token (Daraja revokes the old token
    // whenever a new one is fetched).
    providers.gateways.mpesa.share_tokens(store.clone());
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
        sms: providers.gateways.sms,
        email: providers.gateways.email,
        identity: providers.gateways.identity,
        code_sends_per_address: code_sends_per_address(),
        mpesa: providers.gateways.mpesa,
        payments: providers.payments,
        clock: providers.clock,
        health: Arc::new(app::status::health::HealthRecorder::default()),
        timings: app::ssr::WorkerTimings::default(),
    })
}

/// `MLANGO_CODE_SENDS_PER_ADDRESS`, or the default (an unreadable value is reported and the
/// default kept, since a typo must not switch the limit off).
fn code_sends_per_address() -> u32 {
    let default = app::accounts::throttle::PER_ADDRESS[0].max;
    match std::env::var("MLANGO_CODE_SENDS_PER_ADDRESS") {
        Ok(v) => v.trim().parse().unwrap_or_else(|_| {
            tracing::warn!(value = %v, default, "MLANGO_CODE_SENDS_PER_ADDRESS is not a number; using the default");
            default
        }),
        Err(_) => default,
    }
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

/// The whole HTTP surface. Layers listed later wrap those listed earlier, so a request meets
/// them bottom-up: tracing, request id, timeout, security headers, body limit, client address,
/// rate limit, cross-site guard, metrics, CSP nonce, language, session, page cache, route.
pub fn router(state: AppState, web: Web) -> Router {
    api::metrics::install();
    crate::pwa::publish_asset_version(&state.leptos_options);
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let x_request_id = HeaderName::from_static("x-request-id");
    let mut router = Router::new()
        .route("/healthz", get(api::health::healthz))
        .route("/readyz", get(api::health::readyz))
        .route("/metrics", get(api::metrics::render))
        .route("/sw.js", get(crate::pwa::service_worker))
        .route("/api/catalogue/suggest", get(api::suggest::suggest))
        .route("/applications/{reference}/document.pdf", get(crate::documents::download))
        .route(
            crate::apply::SAVE_PATH,
            axum::routing::post(crate::apply::save).layer(DefaultBodyLimit::max(crate::apply::UPLOAD_BODY_LIMIT)),
        )
        .route("/applications/{reference}/uploads/{code}", get(crate::apply::download))
        .route("/staff/finance/settlement.csv", get(crate::payments::settlement_csv))
        .route("/staff/finance/exceptions.csv", get(crate::payments::exceptions_csv))
        .route("/receipts/{receipt_no}/receipt.pdf", get(crate::payments::receipt_pdf))
        .nest("/callbacks/mpesa", crate::payments::callback_router())
        .nest("/callbacks/sms", crate::sms_callbacks::router())
        .nest("/v1", api::v1::router())
        .leptos_routes(&state, routes, move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell));
    if let Some(sims) = web.simulators.clone() {
        router = router.nest("/sim", crate::sim::router(sims));
    }
    router
        .layer(axum::Extension(crate::documents::PublicOrigin(web.security.public_origin.clone())))
        .layer(axum::middleware::from_fn(crate::pwa::asset_caching))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::page_cache::serve_cached))
        .layer(axum::middleware::from_fn_with_state(state.clone(), app::accounts::session::load_session))
        .layer(axum::middleware::from_fn(http::language))
        .layer(axum::middleware::from_fn(http::csp_nonce))
        .layer(axum::middleware::from_fn(http::client_info))
        .layer(axum::middleware::from_fn(http::record_metrics))
        .layer(axum::middleware::from_fn_with_state(web.security.clone(), security::same_origin_guard))
        .layer(axum::middleware::from_fn_with_state(web.limits.clone(), security::rate_limit))
        .layer(axum::middleware::from_fn_with_state(web.security.clone(), security::client_ip))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(body_limit))
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .layer(axum::middleware::from_fn_with_state(web.security.clone(), security::security_headers))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::SERVICE_UNAVAILABLE, Duration::from_secs(30)))
        .layer(PropagateRequestIdLayer::new(x_request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), uri = %req.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(x_request_id, MakeRequestUuid))
        .with_state(state)
}

/// Removes expired sessions every ten minutes (they are already refused; this keeps the table small).
pub fn spawn_session_sweeper(state: &AppState) {
    let (store, clock) = (state.store.clone(), state.clock.clone());
    crate::workers::spawn_every(Duration::from_secs(600), move || {
        let (store, clock) = (store.clone(), clock.clone());
        async move {
            match store.purge_expired_sessions(clock.now()).await {
                Ok(n) if n > 0 => tracing::info!(removed = n, "expired sessions removed"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "session sweep failed"),
            }
        }
    });
}

/// Serves until SIGINT or SIGTERM, then lets in-flight requests finish.
///
/// SIGTERM (how systemd and orchestrators stop a service) first turns `/readyz` to 503 and
/// keeps serving for `delay`, so load balancers stop routing here before the listener closes
/// and nobody's request meets a refused connection. Ctrl-C (a person waiting at a terminal) or
/// a second signal skips that wait.
pub async fn serve(listener: tokio::net::TcpListener, app: Router, delay: Duration) -> std::io::Result<()> {
    let stopping = api::health::Stopping::default();
    let app = app.layer(axum::Extension(stopping.clone()));
    let signals = StopSignals::new();
    // The peer address is what rate limits key on (forwarding headers count only from trusted proxies).
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal(signals, stopping, delay))
        .await
}

/// Which signal asked the process to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StopSignal {
    Interrupt,
    Terminate,
}

/// The stop signals, listened for from the start so that none sent meanwhile is missed.
struct StopSignals {
    #[cfg(unix)]
    interrupt: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    terminate: Option<tokio::signal::unix::Signal>,
}

impl StopSignals {
    fn new() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            StopSignals {
                interrupt: signal(SignalKind::interrupt()).ok(),
                terminate: signal(SignalKind::terminate()).ok(),
            }
        }
        #[cfg(not(unix))]
        StopSignals {}
    }

    async fn next(&mut self) -> StopSignal {
        #[cfg(unix)]
        {
            async fn recv(s: &mut Option<tokio::signal::unix::Signal>) {
                match s {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            }
            tokio::select! {
                _ = recv(&mut self.interrupt) => StopSignal::Interrupt,
                _ = recv(&mut self.terminate) => StopSignal::Terminate,
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            StopSignal::Interrupt
        }
    }
}

async fn shutdown_signal(mut signals: StopSignals, stopping: api::health::Stopping, delay: Duration) {
    let signal = signals.next().await;
    stopping.begin();
    if signal == StopSignal::Terminate && !delay.is_zero() {
        tracing::info!(
            seconds = delay.as_secs(),
            "stopping: /readyz answers 503; still serving while load balancers notice"
        );
        tokio::select! {
            _ = tokio::time::sleep(delay) => {},
            _ = signals.next() => {},
        }
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
