//! A cache of rendered catalogue pages for anonymous visitors. Catalogue pages change only
//! when the catalogue does, so each (language, URL, catalogue version) is rendered once and
//! then served from memory: this is what lets one core serve catalogue pages at a good
//! fraction of a static file server's rate on the national traffic peak.

use crate::http::{DATA_COOKIE, LANG_COOKIE};
use app::i18n::Lang;
use app::ssr::{AppState, CspNonce};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use quick_cache::Weighter;
use quick_cache::sync::Cache;
use std::sync::OnceLock;

/// Memory the cache may use for page bodies.
const CAPACITY_BYTES: u64 = 64 * 1024 * 1024;
/// Largest page buffered; catalogue pages are paginated and far smaller.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    version: i64,
    lang: Lang,
    low_data: bool,
    path_and_query: String,
}

#[derive(Clone)]
struct Page {
    content_type: HeaderValue,
    body: Bytes,
    /// The CSP nonce the page was rendered with; replaced by each response's own nonce, since
    /// a nonce that repeats across responses protects nothing.
    nonce: Option<String>,
}

#[derive(Clone)]
struct ByBytes;

impl Weighter<Key, Page> for ByBytes {
    fn weight(&self, key: &Key, page: &Page) -> u64 {
        (key.path_and_query.len() + page.body.len() + 64) as u64
    }
}

type PageCache = Cache<Key, Page, ByBytes>;

fn cache() -> &'static PageCache {
    static CACHE: OnceLock<PageCache> = OnceLock::new();
    CACHE.get_or_init(|| Cache::with_weighter(4096, CAPACITY_BYTES, ByBytes))
}

/// Whether a request may be answered from the cache: an anonymous GET of a catalogue page.
fn cacheable(req: &Request) -> bool {
    if req.method() != Method::GET {
        return false;
    }
    let path = req.uri().path();
    let catalogue_page = path == "/"
        || path == "/agencies"
        || path == "/search"
        || path.starts_with("/agencies/")
        || path.starts_with("/services/");
    // Anyone carrying a cookie other than the language or data preference may see a
    // personalised page.
    let anonymous = req.headers().get_all(header::COOKIE).iter().all(|v| {
        v.to_str().is_ok_and(|c| {
            c.split(';').all(|kv| {
                kv.trim().is_empty()
                    || kv.trim().split_once('=').is_some_and(|(name, _)| name == LANG_COOKIE || name == DATA_COOKIE)
            })
        })
    });
    catalogue_page && anonymous && req.uri().path_and_query().is_some_and(|pq| pq.as_str().len() <= 512)
}

/// Serves cached pages and stores fresh 200 HTML renders. Runs inside the language middleware.
pub async fn serve_cached(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !cacheable(&req) {
        return next.run(req).await;
    }
    let key = Key {
        version: state.catalogue.current().version,
        lang: req.extensions().get::<Lang>().copied().unwrap_or_default(),
        low_data: req.extensions().get::<app::ssr::LowData>().is_some_and(|l| l.0),
        path_and_query: req.uri().path_and_query().map(|pq| pq.as_str().to_string()).unwrap_or_default(),
    };
    let nonce = req.extensions().get::<CspNonce>().map(|n| n.0.clone());
    if let Some(page) = cache().get(&key) {
        metrics::counter!("mlango_page_cache_total", "result" => "hit").increment(1);
        return page_response(page, nonce.as_deref());
    }
    metrics::counter!("mlango_page_cache_total", "result" => "miss").increment(1);
    let resp = next.run(req).await;
    let is_html = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    if resp.status() != StatusCode::OK || !is_html || resp.headers().contains_key(header::SET_COOKIE) {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => {
            let page = Page {
                content_type: parts
                    .headers
                    .get(header::CONTENT_TYPE)
                    .cloned()
                    .unwrap_or(HeaderValue::from_static("text/html")),
                body: bytes,
                nonce,
            };
            cache().insert(key, page.clone());
            Response::from_parts(parts, Body::from(page.body))
        }
        Err(e) => {
            // The render failed mid-stream; what was sent cannot be replayed.
            tracing::error!(error = %e, "page render failed");
            let mut r = Response::new(Body::empty());
            *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            r
        }
    }
}

fn page_response(page: Page, nonce: Option<&str>) -> Response {
    let body = match (page.nonce.as_deref(), nonce) {
        (Some(old), Some(new)) if old != new => match std::str::from_utf8(&page.body) {
            Ok(html) => Bytes::from(html.replace(old, new)),
            Err(_) => page.body,
        },
        _ => page.body,
    };
    let mut r = Response::new(Body::from(body));
    r.headers_mut().insert(header::CONTENT_TYPE, page.content_type);
    r
}
