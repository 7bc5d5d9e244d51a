//! Cross-cutting HTTP middleware: language choice, request metrics, JSON errors.

use app::i18n::Lang;
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Instant;

/// Name of the language-preference cookie.
pub const LANG_COOKIE: &str = "mlango_lang";
/// Name of the low-data preference cookie (`low` or `full`).
pub const DATA_COOKIE: &str = "mlango_data";

/// Picks the language (`?lang=`, then the cookie, then Accept-Language) and whether to send
/// low-data pages, stores both in the request for pages to read, and remembers an explicit
/// choice in a cookie.
pub async fn language(mut req: Request, next: Next) -> Response {
    let from_query = req.uri().query().and_then(|q| {
        form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "lang").and_then(|(_, v)| Lang::parse(&v))
    });
    let from_cookie =
        || app::ssr::cookies(req.headers()).find_map(|(k, v)| (k == LANG_COOKIE).then(|| Lang::parse(v)).flatten());
    let from_header = || {
        req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Lang::from_accept_language)
    };
    let lang = from_query.or_else(from_cookie).or_else(from_header).unwrap_or_default();
    req.extensions_mut().insert(lang);
    // Low-data pages: `?data=low|full`, then the cookie, then the browser's Save-Data hint.
    let data_query = req.uri().query().and_then(|q| {
        form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "data").and_then(|(_, v)| match v.as_ref() {
            "low" => Some(true),
            "full" => Some(false),
            _ => None,
        })
    });
    let data_cookie = app::ssr::cookies(req.headers()).find_map(|(k, v)| (k == DATA_COOKIE).then(|| v == "low"));
    let save_data = req.headers().get("save-data").and_then(|v| v.to_str().ok()).is_some_and(|v| v.trim() == "on");
    let low = data_query.or(data_cookie).unwrap_or(save_data);
    req.extensions_mut().insert(app::ssr::LowData(low));
    if let Some(chosen) = from_query {
        req.extensions_mut().insert(app::ssr::LangChosen(chosen));
    }
    let mut resp = next.run(req).await;
    let headers = resp.headers_mut();
    if let Some(chosen) = from_query {
        let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", chosen.tag());
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            headers.append(header::SET_COOKIE, v);
        }
    }
    if let Some(low) = data_query {
        let cookie =
            format!("{DATA_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", if low { "low" } else { "full" });
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            headers.append(header::SET_COOKIE, v);
        }
    }
    headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(lang.tag()));
    headers.append(header::VARY, HeaderValue::from_static("Cookie, Accept-Language, Save-Data"));
    resp
}

/// Mints this response's CSP nonce (Leptos stamps it on the hydration script) and sends the
/// matching policy with every HTML page, cached or freshly rendered.
pub async fn csp_nonce(mut req: Request, next: Next) -> Response {
    let nonce = crate::security::new_nonce();
    req.extensions_mut().insert(app::ssr::CspNonce(nonce.clone()));
    let mut resp = next.run(req).await;
    let is_html = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    if is_html
        && !resp.headers().contains_key(header::CONTENT_SECURITY_POLICY)
        && let Ok(v) = HeaderValue::from_str(&crate::security::page_csp(&nonce))
    {
        resp.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    resp
}

/// Hands pages and server functions the client's address (as resolved by the security layer)
/// and a shortened browser description.
pub async fn client_info(mut req: Request, next: Next) -> Response {
    let ip = req.extensions().get::<crate::security::ClientIp>().map(|c| c.0.to_string()).unwrap_or_default();
    let user_agent =
        req.headers().get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(describe_browser).unwrap_or_default();
    req.extensions_mut().insert(app::accounts::session::ClientInfo { ip, user_agent });
    next.run(req).await
}

/// "Chrome on Android" from a User-Agent string: enough for "where am I signed in", no fingerprint.
pub fn describe_browser(ua: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("SamsungBrowser", "Samsung Internet"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| *name);
    let os = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| *name);
    match (browser, os) {
        (Some(b), Some(o)) => format!("{b} on {o}"),
        (Some(b), None) => b.to_string(),
        (None, Some(o)) => o.to_string(),
        (None, None) => ua.chars().take(40).filter(|c| !c.is_control()).collect(),
    }
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
