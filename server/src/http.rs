//! Cross-cutting HTTP middleware: language choice, request metrics, JSON errors.

use app::i18n::Lang;
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Instant;

/// Name of the language-preference cookie.
pub const LANG_COOKIE: &str = "mlango_lang";

/// Picks the language (`?lang=`, then the cookie, then Accept-Language), stores it in the
/// request for pages to read, and remembers an explicit choice in a cookie.
pub async fn language(mut req: Request, next: Next) -> Response {
    let from_query = req.uri().query().and_then(|q| {
        form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "lang").and_then(|(_, v)| Lang::parse(&v))
    });
    let from_cookie = || {
        req.headers().get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|cookies| {
            cookies.split(';').find_map(|c| {
                let (k, v) = c.trim().split_once('=')?;
                (k == LANG_COOKIE).then(|| Lang::parse(v)).flatten()
            })
        })
    };
    let from_header = || {
        req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Lang::from_accept_language)
    };
    let lang = from_query.or_else(from_cookie).or_else(from_header).unwrap_or_default();
    req.extensions_mut().insert(lang);
    let mut resp = next.run(req).await;
    let headers = resp.headers_mut();
    if let Some(chosen) = from_query {
        let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", chosen.tag());
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            headers.append(header::SET_COOKIE, v);
        }
    }
    headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(lang.tag()));
    headers.append(header::VARY, HeaderValue::from_static("Cookie, Accept-Language"));
    resp
}

/// Counts requests and their latency per route template (never per raw URL, which would
/// let anyone create unbounded metric series).
pub async fn record_metrics(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let route = req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned());
    let method = req.method().as_str().to_owned();
    let resp = next.run(req).await;
    let route = route
        .unwrap_or_else(|| if resp.status() == StatusCode::NOT_FOUND { "unmatched".into() } else { "static".into() });
    let labels = [("method", method), ("route", route), ("status", resp.status().as_u16().to_string())];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels[..2]).record(start.elapsed().as_secs_f64());
    resp
}

/// A JSON error body: `{"error": "<code>", "message": "<for humans>"}`.
pub fn json_error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    (status, axum::Json(serde_json::json!({ "error": code, "message": message.into() }))).into_response()
}
