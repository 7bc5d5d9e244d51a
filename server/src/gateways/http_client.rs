//! What every HTTP adapter shares: a client with bounded waits and a bounded response read.

use std::time::Duration;

/// Largest provider response we read; anything bigger is a misbehaving endpoint.
pub(crate) const MAX_RESPONSE_BYTES: usize = 64 * 1024;

/// Builds a client that gives up on connecting after `connect` and on the whole exchange after
/// `total`. Construction failure is carried as a value so the adapters' constructors stay
/// infallible and the error surfaces as `Unavailable` on use (it only happens when the TLS stack
/// cannot start).
pub(crate) fn client(base_url: &str, connect: Duration, total: Duration) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder()
        .connect_timeout(connect)
        .timeout(total)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("mlango/", env!("CARGO_PKG_VERSION")));
    // An operator's egress proxy must not swallow the in-process simulators' loopback traffic.
    if is_loopback(base_url) {
        builder = builder.no_proxy();
    }
    builder.build().map_err(|e| {
        tracing::error!(error = %e, "could not build an HTTP client");
        format!("HTTP client unavailable: {e}")
    })
}

fn is_loopback(url: &str) -> bool {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .is_some_and(|h| h == "localhost" || h == "[::1]" || h == "::1" || h.starts_with("127."))
}

/// Reads at most [`MAX_RESPONSE_BYTES`] of a response body.
pub(crate) async fn read_capped(mut response: reqwest::Response) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| describe(&e))? {
        if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(format!("response larger than {MAX_RESPONSE_BYTES} bytes"));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Says what went wrong in words an operator can act on.
pub(crate) fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out waiting for the provider".into()
    } else if e.is_connect() {
        "could not connect to the provider".into()
    } else {
        format!("HTTP error talking to the provider: {e}")
    }
}

/// A short, printable excerpt of a provider's error body, for error messages; only for providers
/// whose error bodies never echo personal data back.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut s: String = text.chars().filter(|c| !c.is_control()).take(120).collect();
    if text.chars().count() > 120 {
        s.push('…');
    }
    s
}
