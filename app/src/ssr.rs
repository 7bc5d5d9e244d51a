//! Server-side context shared by pages and server functions.

use crate::accounts::identity::IdentityRegistry;
use crate::catalogue::fees::ConvenienceFeeBands;
use crate::catalogue::ports::CatalogueHandle;
use crate::clock::Clock;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::notifications::ports::{EmailGateway, SmsGateway};
use crate::store::Store;
use axum::extract::FromRef;
use leptos::prelude::*;
use std::sync::Arc;

/// Everything a request handler needs; provided to every page and server function by
/// `leptos_axum` as context, and to plain axum handlers as router state.
#[derive(Clone, FromRef)]
pub struct AppState {
    /// Leptos site settings.
    pub leptos_options: LeptosOptions,
    /// The catalogue in memory, with its search index.
    pub catalogue: Arc<CatalogueHandle>,
    /// Durable storage.
    pub store: Arc<dyn Store>,
    /// The gazetted convenience-fee table.
    pub fees: Arc<ConvenienceFeeBands>,
    /// Outgoing SMS.
    pub sms: Arc<dyn SmsGateway>,
    /// Outgoing email.
    pub email: Arc<dyn EmailGateway>,
    /// The identity registry sign-up checks people against.
    pub identity: Arc<dyn IdentityRegistry>,
    /// The time.
    pub clock: Arc<dyn Clock>,
    /// One-time codes allowed per client address in 15 minutes (`MLANGO_CODE_SENDS_PER_ADDRESS`;
    /// the daily limit scales with it; 0 turns the per-address limit off).
    pub code_sends_per_address: u32,
    /// M-Pesa (Daraja, or its simulator in the demo).
    pub mpesa: Arc<dyn crate::payments::gateway::MpesaGateway>,
    /// Where M-Pesa posts results and the paybill citizens pay to.
    pub payments: Arc<crate::payments::service::MpesaSettings>,
    /// Recent outcomes of the payment and SMS providers, for the status page.
    pub health: Arc<crate::status::health::HealthRecorder>,
    /// How long background work claimed by one server stays its own, and how long an SMS in
    /// doubt waits for its delivery report.
    pub timings: WorkerTimings,
}

/// Leases and waits of the background workers every server runs (`MLANGO_WORKER_CLAIM_SECS`,
/// `MLANGO_SMS_REPORT_WAIT_SECS`). Shorter means work a dead server held is taken over sooner;
/// a report wait shorter than the provider's reporting delay risks sending an SMS twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkerTimings {
    /// Seconds a claim on an outbox message or webhook delivery keeps other servers off it.
    pub claim_secs: i64,
    /// Seconds an SMS whose send is in doubt waits for its delivery report before it is sent again.
    pub sms_report_wait_secs: i64,
}

impl Default for WorkerTimings {
    fn default() -> Self {
        WorkerTimings {
            claim_secs: crate::notifications::outbox::CLAIM_SECS,
            sms_report_wait_secs: crate::notifications::outbox::DLR_WAIT_SECS,
        }
    }
}

/// The CSP nonce of this response, minted by the server's CSP middleware and stamped on the
/// hydration script by Leptos.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CspNonce(pub String);

/// Makes this request's CSP nonce the one Leptos stamps on inline scripts.
pub fn provide_request_nonce() {
    if let Some(n) = use_context::<axum::http::request::Parts>().and_then(|p| p.extensions.get::<CspNonce>().cloned()) {
        provide_context(leptos::nonce::Nonce::from_value(n.0));
    }
}

/// The application state from the Leptos context.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| AppError::internal("AppState missing from Leptos context"))
}

/// Whether the visitor asked for low-data pages (`?data=low`, remembered in a cookie, or the
/// browser's `Save-Data: on`): no scripts and no images, only the server-rendered pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LowData(pub bool);

/// Whether this request gets low-data pages (set by the server's language middleware).
pub fn low_data() -> bool {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<LowData>().copied())
        .unwrap_or_default()
        .0
}

/// The site's version (a hash of its files, the service worker's version), set once by the
/// server when it starts; see [`asset`].
static ASSET_VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Records the version of the site files this process serves (the first call wins: a process
/// serves one site, and a deploy restarts it).
pub fn set_asset_version(version: String) {
    let _ = ASSET_VERSION.set(version);
}

/// The URL of a site file, marked with the site's version (`/pkg/mlango.css?v=…`). A deploy
/// changes the URLs, so neither a browser's HTTP cache nor an old service worker's cache can
/// pair one version's page with another's CSS, scripts or wasm.
pub fn asset(path: &str) -> String {
    match ASSET_VERSION.get() {
        Some(v) => format!("{path}?v={v}"),
        None => path.to_string(),
    }
}

/// The language chosen for this request (set by the server's language middleware).
pub fn request_lang() -> Lang {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Lang>().copied())
        .unwrap_or_default()
}

/// The query string of the current request, decoded into pairs.
pub fn query_param(name: &str) -> Option<String> {
    let parts = use_context::<axum::http::request::Parts>()?;
    let query = parts.uri.query()?;
    form_urlencoded_pairs(query).into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// The path and query of the current request.
pub fn request_path_and_query() -> String {
    use_context::<axum::http::request::Parts>()
        .and_then(|p| p.uri.path_and_query().map(|pq| pq.as_str().to_string()))
        .unwrap_or_else(|| "/".to_string())
}

/// The `name=value` pairs of a request's Cookie headers (headers that are not UTF-8 are skipped).
pub fn cookies(headers: &axum::http::HeaderMap) -> impl Iterator<Item = (&str, &str)> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|c| c.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
}

/// Sets the HTTP status of the page being rendered.
pub fn set_status(code: u16) {
    if let (Some(resp), Ok(status)) =
        (use_context::<leptos_axum::ResponseOptions>(), axum::http::StatusCode::from_u16(code))
    {
        resp.set_status(status);
    }
}

fn form_urlencoded_pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

#[cfg(test)]
mod tests {
    use super::form_urlencoded_pairs;

    #[test]
    fn decodes_queries() {
        let pairs = form_urlencoded_pairs("q=driving+licence&x=caf%C3%A9&bad=%zz&pct=100%");
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("q"), Some("driving licence"));
        assert_eq!(get("x"), Some("café"));
        assert_eq!(get("bad"), Some("%zz"));
        assert_eq!(get("pct"), Some("100%"));
    }
}

/// Marks a request whose language was chosen explicitly (`?lang=`), so a signed-in person's
/// choice is remembered for their messages too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LangChosen(pub crate::i18n::Lang);
