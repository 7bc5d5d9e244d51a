//! Request-level security (DESIGN decision 7; reliability-and-security S5–S7): the real client
//! address behind trusted proxies, a cross-site request guard for cookie-authenticated writes,
//! per-client-IP rate limits, and the security headers every response carries.
//!
//! Wiring, outermost first: `security_headers` (so refusals carry the headers too), `client_ip`,
//! `rate_limit`, `same_origin_guard`, then the routes. The server must be served with
//! `into_make_service_with_connect_info::<SocketAddr>()`.

use crate::config::ConfigError;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use ipnet::IpNet;
use std::fmt::Write as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::{Arc, Weak};
use std::time::Duration;

/// Comma-separated IPs/CIDRs of the reverse proxies whose `X-Forwarded-For` is believed.
pub const TRUSTED_PROXIES_ENV: &str = "MLANGO_TRUSTED_PROXIES";
/// Writes per minute per client address (0 turns the write limit off).
pub const WRITES_PER_MINUTE_ENV: &str = "MLANGO_RATE_LIMIT_WRITES_PER_MINUTE";
/// Writes a client address may send at once before the per-minute rate applies.
pub const WRITES_BURST_ENV: &str = "MLANGO_RATE_LIMIT_WRITES_BURST";
/// Reads per minute per client address (0 turns the read limit off).
pub const READS_PER_MINUTE_ENV: &str = "MLANGO_RATE_LIMIT_READS_PER_MINUTE";
/// Reads a client address may send at once before the per-minute rate applies.
pub const READS_BURST_ENV: &str = "MLANGO_RATE_LIMIT_READS_BURST";

/// Origin, proxy and transport settings the middleware needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecurityConfig {
    /// `scheme://host[:port]`, lower-case, default port dropped, e.g. `https://mlango.go.ke`.
    pub public_origin: String,
    /// Reverse proxies whose `X-Forwarded-For` entries are believed.
    pub trusted_proxies: Vec<IpNet>,
    /// Send `Strict-Transport-Security` (on when the public origin is https).
    pub hsts: bool,
}

impl SecurityConfig {
    /// Builds from `MLANGO_BASE_URL`'s value and `MLANGO_TRUSTED_PROXIES`.
    pub fn from_env(base_url: &str) -> Result<Self, ConfigError> {
        let proxies = std::env::var(TRUSTED_PROXIES_ENV).unwrap_or_default();
        Self::parse(base_url, &proxies)
    }

    /// Builds from a base URL and a comma-separated list of proxy IPs/CIDRs.
    pub fn parse(base_url: &str, trusted_proxies: &str) -> Result<Self, ConfigError> {
        let public_origin = origin_of(base_url.trim(), true).ok_or_else(|| ConfigError {
            name: "MLANGO_BASE_URL",
            reason: format!("{base_url:?} is not a URL like https://mlango.go.ke"),
        })?;
        let trusted_proxies = trusted_proxies
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(parse_proxy)
            .collect::<Result<Vec<_>, _>>()?;
        // HSTS over plain http is ignored by browsers and would only confuse a local demo.
        let hsts = public_origin.starts_with("https://");
        Ok(Self { public_origin, trusted_proxies, hsts })
    }
}

fn parse_proxy(entry: &str) -> Result<IpNet, ConfigError> {
    entry.parse::<IpNet>().map(|net| net.trunc()).or_else(|_| entry.parse::<IpAddr>().map(IpNet::from)).map_err(|_| {
        ConfigError {
            name: TRUSTED_PROXIES_ENV,
            reason: format!("{entry:?} is not an IP address or CIDR range (for example 10.0.0.5 or 10.0.0.0/8)"),
        }
    })
}

fn is_trusted(trusted: &[IpNet], ip: &IpAddr) -> bool {
    trusted.iter().any(|net| net.contains(ip))
}

/// The serialised origin of `url`; `allow_path` is false for `Origin` headers, which never
/// carry one, so anything unusual there is treated as a foreign origin.
fn origin_of(url: &str, allow_path: bool) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => 80,
        "https" => 443,
        _ => return None,
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    // Credentials in a base URL are a mistake, and browsers never put them in an Origin.
    if authority.is_empty() || authority.contains('@') || (!allow_path && !tail.is_empty()) {
        return None;
    }
    let (host, port) = match authority.strip_prefix('[') {
        Some(bracketed) => {
            let (v6, after) = bracketed.split_once(']')?;
            v6.parse::<Ipv6Addr>().ok()?;
            let port = if after.is_empty() { "" } else { after.strip_prefix(':')? };
            (format!("[{}]", v6.to_ascii_lowercase()), port)
        }
        None => match authority.split_once(':') {
            Some((host, port)) => (host.to_ascii_lowercase(), port),
            None => (authority.to_ascii_lowercase(), ""),
        },
    };
    let host_ok = |c: char| c.is_ascii_alphanumeric() || "-._[]:".contains(c);
    if host.is_empty() || !host.chars().all(host_ok) {
        return None;
    }
    let port = match port {
        "" => None,
        digits if digits.len() <= 5 && digits.bytes().all(|b| b.is_ascii_digit()) => {
            Some(digits.parse::<u16>().ok()?).filter(|p| *p != default_port)
        }
        _ => return None,
    };
    Some(match port {
        Some(port) => format!("{scheme}://{host}:{port}"),
        None => format!("{scheme}://{host}"),
    })
}

/// The address of the person making the request, as resolved by [`client_ip`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(client_ip_of(&parts.extensions)))
    }
}

/// Falls back to the socket peer (never to headers) if the `client_ip` layer is missing.
fn client_ip_of(extensions: &Extensions) -> IpAddr {
    extensions
        .get::<ClientIp>()
        .map(|ClientIp(ip)| *ip)
        .or_else(|| extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(peer)| peer.ip().to_canonical()))
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

/// Most hops a forwarding chain can honestly have; more is a header stuffed to burn CPU.
const MAX_FORWARDED_HOPS: usize = 32;

/// The client address: the socket peer, or behind trusted proxies the right-most
/// `X-Forwarded-For` hop that is not one of them.
pub fn resolve_client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    // A dual-stack listener reports IPv4 clients as ::ffff:a.b.c.d; compare them as IPv4.
    let peer = peer.to_canonical();
    if !is_trusted(trusted, &peer) {
        return peer;
    }
    // Each proxy appends on the right, so only entries right of the first untrusted hop were
    // written by our own proxies; everything further left is whatever the client claimed.
    let mut client = peer;
    let mut hops = 0;
    for value in headers.get_all("x-forwarded-for").iter().rev() {
        let Ok(value) = value.to_str() else { return client };
        for hop in value.rsplit(',') {
            hops += 1;
            let Some(ip) = parse_hop(hop).filter(|_| hops <= MAX_FORWARDED_HOPS) else { return client };
            client = ip;
            if !is_trusted(trusted, &ip) {
                return ip;
            }
        }
    }
    client
}

fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    let ip = hop
        .parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|addr| addr.ip()))
        .or_else(|| hop.strip_prefix('[')?.strip_suffix(']')?.parse::<Ipv6Addr>().ok().map(IpAddr::V6))?;
    Some(ip.to_canonical())
}

/// Middleware: resolves the client address and stores it as a [`ClientIp`] request extension.
pub async fn client_ip(State(cfg): State<Arc<SecurityConfig>>, mut req: Request, next: Next) -> Response {
    let ip = match req.extensions().get::<ConnectInfo<SocketAddr>>() {
        Some(ConnectInfo(peer)) => resolve_client_ip(peer.ip(), req.headers(), &cfg.trusted_proxies),
        // Without the socket address there is nothing to anchor trust in, so headers are ignored.
        None => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
    };
    req.extensions_mut().insert(ClientIp(ip));
    next.run(req).await
}

fn is_safe_method(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// `path` is `base` or below it (so `/ussd` does not also cover `/ussdx`).
fn under(path: &str, base: &str) -> bool {
    path.strip_prefix(base).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Callers authenticated by provider secrets or bearer keys, never by cookies, plus the
/// demo simulators; a browser on another site gains nothing by posting to them.
const CROSS_SITE_EXEMPT: [&str; 4] = ["/callbacks", "/ussd", "/v1", "/sim"];

fn same_origin_allows(public_origin: &str, method: &Method, path: &str, headers: &HeaderMap) -> bool {
    if is_safe_method(method) || CROSS_SITE_EXEMPT.iter().any(|base| under(path, base)) {
        return true;
    }
    // Browsers set Sec-Fetch-Site themselves and pages cannot forge it, so when present it is
    // the best witness; `none` means the user typed or bookmarked the request.
    if let Some(site) = headers.get("sec-fetch-site") {
        let site = site.to_str().unwrap_or_default().trim();
        return site.eq_ignore_ascii_case("same-origin") || site.eq_ignore_ascii_case("none");
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().ok().and_then(|o| origin_of(o.trim(), false));
        return origin.as_deref() == Some(public_origin);
    }
    // Older browsers may send neither header; a request without cookies carries no ambient
    // authority to abuse, so only scripts and API clients get through here.
    !headers.contains_key(header::COOKIE)
}

/// Middleware: refuses state-changing requests sent by other sites (403) before anything runs.
pub async fn same_origin_guard(State(cfg): State<Arc<SecurityConfig>>, req: Request, next: Next) -> Response {
    if same_origin_allows(&cfg.public_origin, req.method(), req.uri().path(), req.headers()) {
        return next.run(req).await;
    }
    let headers = req.headers();
    tracing::warn!(
        target: "security",
        method = %req.method(),
        path = %req.uri().path(),
        origin = ?header_for_log(headers, header::ORIGIN.as_str()),
        sec_fetch_site = ?header_for_log(headers, "sec-fetch-site"),
        client_ip = %client_ip_of(req.extensions()),
        "refused a cross-site request"
    );
    metrics::counter!("cross_site_refused_total").increment(1);
    let message = "This request was sent from another website, so Mlango did not act on it. \
                   Go back, reload the page on Mlango and try again.";
    friendly(
        StatusCode::FORBIDDEN,
        wants_html(headers),
        "This form was sent from another website",
        message,
        "Fomu hii ilitumwa kutoka tovuti nyingine, kwa hivyo Mlango haikuishughulikia. \
         Rudi nyuma, pakia upya ukurasa wa Mlango na ujaribu tena.",
        serde_json::json!({ "error": "cross_site_request", "message": message }),
    )
}

/// Attacker-controlled header values are bounded before they reach the logs.
fn header_for_log<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    let value = headers.get(name)?.to_str().unwrap_or("<not text>");
    Some(value.get(..200).unwrap_or(value))
}

/// Whether the client is a browser asking for a page (a form post), not an API client.
pub(crate) fn wants_html(headers: &HeaderMap) -> bool {
    headers.get_all(header::ACCEPT).iter().any(|v| v.to_str().is_ok_and(|v| v.contains("text/html")))
}

/// A short refusal page or JSON body; page text is static (plus digits), so it needs no escaping.
fn friendly(
    status: StatusCode,
    html: bool,
    title: &str,
    english: &str,
    swahili: &str,
    json: serde_json::Value,
) -> Response {
    let mut resp = if html {
        let page = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{title} - Mlango</title></head><body><h1>{title}</h1><p>{english}</p>\
             <p lang=\"sw\">{swahili}</p><p><a href=\"/\">Mlango home / Mwanzo</a></p></body></html>"
        );
        (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
    } else {
        (status, [(header::CONTENT_TYPE, "application/json")], json.to_string()).into_response()
    };
    // A refusal depends on the request's headers; a shared cache must never replay it.
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// One token-bucket setting: a steady rate plus the burst allowed at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimitConfig {
    /// Sustained requests per minute; 0 turns this class's limit off.
    pub per_minute: u32,
    /// Requests allowed back to back before the rate applies (at least 1).
    pub burst: u32,
}

impl RateLimitConfig {
    /// Writes: generous, because Kenyan carriers put many users behind one CGNAT address and
    /// the per-account limits in the database are the real brute-force defence.
    pub const WRITES: Self = Self { per_minute: 30, burst: 20 };
    /// Reads: pages, assets and public API lookups.
    pub const READS: Self = Self { per_minute: 600, burst: 200 };

    fn quota(self) -> Option<Quota> {
        let rate = NonZeroU32::new(self.per_minute)?;
        Some(Quota::per_minute(rate).allow_burst(NonZeroU32::new(self.burst).unwrap_or(NonZeroU32::MIN)))
    }

    fn from_lookup(
        lookup: &impl Fn(&str) -> Option<String>,
        rate_name: &'static str,
        burst_name: &'static str,
        default: Self,
    ) -> Result<Self, ConfigError> {
        let number = |name: &'static str, min: u32| -> Result<Option<u32>, ConfigError> {
            lookup(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .map(|v| {
                    v.parse::<u32>()
                        .ok()
                        .filter(|n| *n >= min)
                        .ok_or(ConfigError { name, reason: format!("{v:?} is not a whole number of at least {min}") })
                })
                .transpose()
        };
        Ok(Self {
            per_minute: number(rate_name, 0)?.unwrap_or(default.per_minute),
            burst: number(burst_name, 1)?.unwrap_or(default.burst),
        })
    }
}

/// Which bucket a request draws from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateClass {
    /// State-changing server-function calls (non-GET under `/api/`).
    Writes,
    /// Everything else.
    Reads,
}

impl RateClass {
    /// The class of a request, or `None` for provider traffic that must never be limited.
    pub fn of(method: &Method, path: &str) -> Option<Self> {
        // M-Pesa and Africa's Talking send every callback and USSD step from a few addresses;
        // limiting them would drop payments and sessions. They authenticate by secret instead.
        if under(path, "/callbacks") || under(path, "/ussd") {
            None
        } else if !is_safe_method(method) && under(path, "/api") {
            Some(Self::Writes)
        } else {
            Some(Self::Reads)
        }
    }

    /// Metric label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Writes => "writes",
            Self::Reads => "reads",
        }
    }
}

/// Per-client-address token buckets for writes and reads (in memory, per process).
pub struct RateLimits {
    writes: Option<DefaultKeyedRateLimiter<IpAddr>>,
    reads: Option<DefaultKeyedRateLimiter<IpAddr>>,
}

impl RateLimits {
    /// Buckets with the given settings.
    pub fn new(writes: RateLimitConfig, reads: RateLimitConfig) -> Self {
        Self { writes: writes.quota().map(RateLimiter::keyed), reads: reads.quota().map(RateLimiter::keyed) }
    }

    /// Settings from `MLANGO_RATE_LIMIT_{WRITES,READS}_{PER_MINUTE,BURST}`, else the defaults.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let writes =
            RateLimitConfig::from_lookup(&lookup, WRITES_PER_MINUTE_ENV, WRITES_BURST_ENV, RateLimitConfig::WRITES)?;
        let reads =
            RateLimitConfig::from_lookup(&lookup, READS_PER_MINUTE_ENV, READS_BURST_ENV, RateLimitConfig::READS)?;
        Ok(Self::new(writes, reads))
    }

    /// Takes one token for `ip`, or says how long until one is free.
    pub fn check(&self, class: RateClass, ip: IpAddr) -> Result<(), Duration> {
        let limiter = match class {
            RateClass::Writes => &self.writes,
            RateClass::Reads => &self.reads,
        };
        let Some(limiter) = limiter else { return Ok(()) };
        limiter.check_key(&rate_key(ip)).map_err(|not_until| not_until.wait_time_from(limiter.clock().now()))
    }

    /// Forgets clients whose buckets are full again, so memory follows recent traffic only.
    pub fn retain_recent(&self) {
        for limiter in [&self.writes, &self.reads].into_iter().flatten() {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }

    /// Client addresses currently tracked, across both classes.
    pub fn tracked_clients(&self) -> usize {
        [&self.writes, &self.reads].into_iter().flatten().map(|l| l.len()).sum()
    }
}

impl Default for RateLimits {
    fn default() -> Self {
        Self::new(RateLimitConfig::WRITES, RateLimitConfig::READS)
    }
}

/// One IPv6 subscriber gets a whole /64, so keying on the full address would let them rotate
/// through 2^64 fresh buckets; the /64 is the unit that identifies them.
fn rate_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let s = v6.segments();
            IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
        v4 => v4,
    }
}

fn retry_after_secs(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

/// Middleware: 429 with `Retry-After` once a client address exhausts its bucket.
pub async fn rate_limit(State(limits): State<Arc<RateLimits>>, req: Request, next: Next) -> Response {
    let Some(class) = RateClass::of(req.method(), req.uri().path()) else { return next.run(req).await };
    let ip = client_ip_of(req.extensions());
    let Err(wait) = limits.check(class, ip) else { return next.run(req).await };
    let secs = retry_after_secs(wait);
    metrics::counter!("rate_limited_total", "class" => class.label()).increment(1);
    // Debug, not warn: under a flood one line per refusal would drown the logs; the metric counts.
    tracing::debug!(target: "security", class = class.label(), client_ip = %ip, path = %req.uri().path(), retry_after = secs, "rate limited");
    let message =
        format!("Too many requests came from your network in a short time. Please wait {secs} seconds and try again.");
    let mut resp = friendly(
        StatusCode::TOO_MANY_REQUESTS,
        wants_html(req.headers()),
        "Too many requests",
        &message,
        &format!(
            "Maombi mengi mno yametoka kwenye mtandao wako kwa muda mfupi. Tafadhali subiri sekunde {secs} kisha ujaribu tena."
        ),
        serde_json::json!({ "error": "rate_limited", "message": message, "retry_after_seconds": secs }),
    );
    resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
    resp
}

/// Runs [`RateLimits::retain_recent`] every 60 s until the limits are dropped.
pub fn spawn_housekeeping(limits: Arc<RateLimits>) -> tokio::task::JoinHandle<()> {
    spawn_housekeeping_every(limits, Duration::from_secs(60))
}

fn spawn_housekeeping_every(limits: Arc<RateLimits>, period: Duration) -> tokio::task::JoinHandle<()> {
    // A weak handle lets the task end with the server instead of keeping the buckets alive.
    let limits: Weak<RateLimits> = Arc::downgrade(&limits);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(period);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tick.tick().await;
        loop {
            tick.tick().await;
            let Some(limits) = limits.upgrade() else { return };
            limits.retain_recent();
            tracing::debug!(target: "security", tracked = limits.tracked_clients(), "rate-limit buckets pruned");
        }
    })
}

const HSTS: &str = "max-age=31536000; includeSubDomains";
/// For responses that are not pages: they run no script and embed nothing.
const DEFAULT_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
/// A service worker runs under the CSP of its own script response; `default-src 'none'` would
/// forbid its `fetch()` of our own pages, so scripts get a same-origin policy instead.
const SCRIPT_CSP: &str = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// Middleware: adds the baseline security headers the response did not set itself.
pub async fn security_headers(State(cfg): State<Arc<SecurityConfig>>, req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let headers = resp.headers_mut();
    let is_script = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.to_ascii_lowercase().contains("javascript"));
    let mut add = |name: HeaderName, value: &'static str| {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    };
    if cfg.hsts {
        add(header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    add(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    add(header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    add(header::X_FRAME_OPTIONS, "DENY");
    add(HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    add(HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=(), payment=()");
    add(header::CONTENT_SECURITY_POLICY, if is_script { SCRIPT_CSP } else { DEFAULT_CSP });
    resp
}

/// The CSP for a rendered page whose inline hydration script and styles carry `nonce`.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'nonce-{nonce}'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; \
         form-action 'self'"
    )
}

/// A fresh CSP nonce: 128 bits from the thread's CSPRNG, as 32 lower-case hex digits.
pub fn new_nonce() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    // ThreadRng is ChaCha12 reseeded from the OS: a CSPRNG, and cheaper than a syscall per page.
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().fold(String::with_capacity(32), |mut hex, b| {
        let _ = write!(hex, "{b:02x}");
        hex
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::body::Body;
    use axum::middleware::from_fn_with_state;
    use axum::routing::get;
    use proptest::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tower::ServiceExt;

    const ORIGIN: &str = "https://mlango.go.ke";

    fn cfg(proxies: &str) -> Arc<SecurityConfig> {
        Arc::new(SecurityConfig::parse("https://Mlango.go.ke/", proxies).unwrap())
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(HeaderName::from_bytes(name.as_bytes()).unwrap(), HeaderValue::from_str(value).unwrap());
        }
        map
    }

    /// The full stack in the documented order; the handler counts calls and echoes `ClientIp`.
    fn app(cfg: Arc<SecurityConfig>, limits: Arc<RateLimits>, calls: Arc<AtomicUsize>) -> Router {
        Router::new()
            .route("/csp", get(|| async { ([(header::CONTENT_SECURITY_POLICY, page_csp("abc"))], "page") }))
            .fallback(move |ClientIp(ip): ClientIp| {
                let calls = calls.clone();
                async move {
                    calls.fetch_add(1, Ordering::SeqCst);
                    ip.to_string()
                }
            })
            .layer(from_fn_with_state(cfg.clone(), same_origin_guard))
            .layer(from_fn_with_state(limits, rate_limit))
            .layer(from_fn_with_state(cfg.clone(), client_ip))
            .layer(from_fn_with_state(cfg, security_headers))
    }

    fn unlimited() -> Arc<RateLimits> {
        Arc::new(RateLimits::new(
            RateLimitConfig { per_minute: 0, burst: 1 },
            RateLimitConfig { per_minute: 0, burst: 1 },
        ))
    }

    fn request(method: &str, path: &str, peer: Option<&str>, pairs: &[(&str, &str)]) -> Request {
        let mut builder = Request::builder().method(method).uri(path);
        for (name, value) in pairs {
            builder = builder.header(*name, *value);
        }
        let mut req = builder.body(Body::empty()).unwrap();
        if let Some(peer) = peer {
            req.extensions_mut().insert(ConnectInfo(SocketAddr::new(ip(peer), 40000)));
        }
        req
    }

    async fn send(app: &Router, req: Request) -> (StatusCode, HeaderMap, String) {
        let resp = app.clone().oneshot(req).await.unwrap();
        let (parts, body) = resp.into_parts();
        let body = axum::body::to_bytes(body, 1 << 20).await.unwrap();
        (parts.status, parts.headers, String::from_utf8(body.to_vec()).unwrap())
    }

    #[test]
    fn config_normalises_the_origin_and_reads_proxies() {
        let c =
            SecurityConfig::parse("HTTPS://Mlango.GO.ke:443/some/path?x", " 10.0.0.0/8, 192.0.2.7 ,,fd00::/8").unwrap();
        assert_eq!(c.public_origin, "https://mlango.go.ke");
        assert!(c.hsts);
        assert_eq!(c.trusted_proxies.len(), 3);
        let local = SecurityConfig::parse("http://127.0.0.1:3000", "").unwrap();
        assert_eq!(local.public_origin, "http://127.0.0.1:3000");
        assert!(!local.hsts && local.trusted_proxies.is_empty());
        assert_eq!(SecurityConfig::parse("http://[::1]:80/", "").unwrap().public_origin, "http://[::1]");
        assert_eq!(SecurityConfig::parse("https://x.ke:8443", "").unwrap().public_origin, "https://x.ke:8443");
    }

    #[test]
    fn a_bad_proxy_entry_is_named_in_the_error() {
        let err = SecurityConfig::parse(ORIGIN, "10.0.0.1, proxy.internal, 10.0.0.2").unwrap_err();
        assert_eq!(err.name, TRUSTED_PROXIES_ENV);
        assert!(err.reason.contains("proxy.internal"), "{}", err.reason);
        assert!(SecurityConfig::parse(ORIGIN, "10.0.0.0/33").is_err());
        assert_eq!(SecurityConfig::parse("ftp://x", "").unwrap_err().name, "MLANGO_BASE_URL");
        assert!(SecurityConfig::parse("https://user:pw@x.ke", "").is_err());
    }

    #[test]
    fn forged_forwarding_headers_from_an_untrusted_peer_are_ignored() {
        let h = headers(&[("x-forwarded-for", "1.2.3.4"), ("x-real-ip", "5.6.7.8"), ("forwarded", "for=9.9.9.9")]);
        let trusted = cfg("10.0.0.0/8").trusted_proxies.clone();
        assert_eq!(resolve_client_ip(ip("203.0.113.9"), &h, &trusted), ip("203.0.113.9"));
        assert_eq!(resolve_client_ip(ip("203.0.113.9"), &h, &[]), ip("203.0.113.9"));
    }

    #[test]
    fn a_trusted_proxy_chain_resolves_to_the_right_most_untrusted_hop() {
        let trusted = cfg("10.0.0.0/8, 192.0.2.1").trusted_proxies.clone();
        // The client claimed 6.6.6.6; 198.51.100.7 is who actually reached our first proxy.
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 198.51.100.7, 192.0.2.1, 10.1.2.3")]);
        assert_eq!(resolve_client_ip(ip("10.0.0.2"), &h, &trusted), ip("198.51.100.7"));
        // Several header lines are one list, in order.
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 198.51.100.7"), ("x-forwarded-for", "10.1.2.3")]);
        assert_eq!(resolve_client_ip(ip("10.0.0.2"), &h, &trusted), ip("198.51.100.7"));
        // Ports and brackets some proxies add are understood.
        let h = headers(&[("x-forwarded-for", "198.51.100.7:5123, [2001:db8::1]:443")]);
        assert_eq!(resolve_client_ip(ip("10.0.0.2"), &h, &trusted), ip("2001:db8::1"));
        // A trusted peer with no header is the client (a health check from the balancer).
        assert_eq!(resolve_client_ip(ip("10.0.0.2"), &HeaderMap::new(), &trusted), ip("10.0.0.2"));
    }

    #[test]
    fn garbage_in_the_chain_never_yields_the_attacker_supplied_left_part() {
        let trusted = cfg("10.0.0.0/8").trusted_proxies.clone();
        let peer = ip("10.0.0.2");
        for xff in
            ["6.6.6.6, unknown", "6.6.6.6, , 10.0.0.9", "6.6.6.6,not-an-ip,10.0.0.9", "", "   ", "6.6.6.6;1.1.1.1"]
        {
            let got = resolve_client_ip(peer, &headers(&[("x-forwarded-for", xff)]), &trusted);
            assert!(got == peer || got == ip("10.0.0.9"), "{xff:?} gave {got}");
        }
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_bytes(b"6.6.6.6, \xff").unwrap());
        assert_eq!(resolve_client_ip(peer, &h, &trusted), peer);
        // An endless chain of trusted hops stops at the cap rather than walking to the left end.
        let long = format!("6.6.6.6,{}", std::iter::repeat_n("10.0.0.1", 100).collect::<Vec<_>>().join(","));
        assert_eq!(resolve_client_ip(peer, &headers(&[("x-forwarded-for", &long)]), &trusted), ip("10.0.0.1"));
    }

    #[test]
    fn ipv6_peers_and_mapped_ipv4_are_handled() {
        let trusted = cfg("fd00::/8, 10.0.0.0/8").trusted_proxies.clone();
        let h = headers(&[("x-forwarded-for", "2001:db8:1::5, fd00::2")]);
        assert_eq!(resolve_client_ip(ip("fd00::1"), &h, &trusted), ip("2001:db8:1::5"));
        assert_eq!(resolve_client_ip(ip("2001:db8::9"), &h, &trusted), ip("2001:db8::9"));
        // A dual-stack listener reports an IPv4 proxy as ::ffff:10.0.0.2; it is still trusted.
        let h = headers(&[("x-forwarded-for", "::ffff:198.51.100.7")]);
        assert_eq!(resolve_client_ip(ip("::ffff:10.0.0.2"), &h, &trusted), ip("198.51.100.7"));
    }

    #[tokio::test]
    async fn the_middleware_uses_the_socket_peer_and_ignores_headers_without_one() {
        let calls = Arc::new(AtomicUsize::new(0));
        let app = app(cfg("10.0.0.0/8"), unlimited(), calls.clone());
        let forged = [("x-forwarded-for", "1.2.3.4")];
        assert_eq!(send(&app, request("GET", "/x", Some("203.0.113.9"), &forged)).await.2, "203.0.113.9");
        assert_eq!(send(&app, request("GET", "/x", Some("10.0.0.3"), &forged)).await.2, "1.2.3.4");
        assert_eq!(send(&app, request("GET", "/x", None, &forged)).await.2, "0.0.0.0");
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn origin_guard_matrix() {
        let post = Method::POST;
        let allows = |method: &Method, path: &str, pairs: &[(&str, &str)]| {
            same_origin_allows(ORIGIN, method, path, &headers(pairs))
        };
        let cookie = ("cookie", "__Host-session=abc");
        assert!(allows(&post, "/api/auth/login", &[("sec-fetch-site", "same-origin"), cookie]));
        assert!(allows(&post, "/api/auth/login", &[("sec-fetch-site", "none"), cookie]));
        assert!(!allows(&post, "/api/auth/login", &[("sec-fetch-site", "cross-site"), cookie]));
        assert!(!allows(&post, "/api/auth/login", &[("sec-fetch-site", "same-site"), cookie]));
        // Sec-Fetch-Site wins over a matching Origin: a sibling *.go.ke site is not us.
        assert!(!allows(&post, "/api/x", &[("sec-fetch-site", "same-site"), ("origin", ORIGIN)]));
        assert!(allows(&post, "/api/x", &[("origin", "https://MLANGO.go.ke"), cookie]));
        assert!(allows(&post, "/api/x", &[("origin", "https://mlango.go.ke:443"), cookie]));
        assert!(!allows(&post, "/api/x", &[("origin", "https://evil.example"), cookie]));
        assert!(!allows(&post, "/api/x", &[("origin", "https://mlango.go.ke.evil.example")]));
        assert!(!allows(&post, "/api/x", &[("origin", "http://mlango.go.ke"), cookie]));
        assert!(!allows(&post, "/api/x", &[("origin", "null"), cookie]));
        assert!(!allows(&post, "/api/x", &[("origin", "null")]));
        assert!(!allows(&post, "/api/x", &[cookie]));
        assert!(allows(&post, "/api/x", &[]));
        for method in [Method::PUT, Method::PATCH, Method::DELETE] {
            assert!(!allows(&method, "/api/x", &[("sec-fetch-site", "cross-site")]));
        }
        for method in [Method::GET, Method::HEAD, Method::OPTIONS] {
            assert!(allows(&method, "/api/x", &[("sec-fetch-site", "cross-site"), ("origin", "null"), cookie]));
        }
        let evil = [("sec-fetch-site", "cross-site"), ("origin", "https://evil.example"), cookie];
        for path in ["/callbacks/mpesa/stk/t0k3n", "/ussd", "/v1/invoices", "/sim/phone/254700000000"] {
            assert!(allows(&post, path, &evil), "{path}");
        }
        for path in ["/ussdx", "/v1x", "/api/v1/x", "/simulate"] {
            assert!(!allows(&post, path, &evil), "{path}");
        }
    }

    #[tokio::test]
    async fn a_refused_request_never_reaches_the_handler() {
        let calls = Arc::new(AtomicUsize::new(0));
        let app = app(cfg(""), unlimited(), calls.clone());
        let evil = [("origin", "https://evil.example"), ("cookie", "s=1"), ("accept", "text/html,*/*")];
        let (status, h, body) = send(&app, request("POST", "/api/auth/login", Some("203.0.113.9"), &evil)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(h[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
        assert!(body.contains("another website") && body.contains("Mlango"), "{body}");
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "refusals carry the security headers too");
        let (status, h, body) =
            send(&app, request("POST", "/api/auth/otp", Some("203.0.113.9"), &[("sec-fetch-site", "cross-site")]))
                .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(h[header::CONTENT_TYPE], "application/json");
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["error"], "cross_site_request");
        assert_eq!(calls.load(Ordering::SeqCst), 0);
        let ok = [("sec-fetch-site", "same-origin"), ("cookie", "s=1")];
        assert_eq!(send(&app, request("POST", "/api/auth/login", Some("203.0.113.9"), &ok)).await.0, StatusCode::OK);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    fn tight() -> Arc<RateLimits> {
        Arc::new(RateLimits::new(
            RateLimitConfig { per_minute: 1, burst: 3 },
            RateLimitConfig { per_minute: 1, burst: 5 },
        ))
    }

    #[tokio::test]
    async fn an_exhausted_burst_gets_429_with_retry_after() {
        let calls = Arc::new(AtomicUsize::new(0));
        let app = app(cfg(""), tight(), calls.clone());
        let post = |peer| request("POST", "/api/auth/login", Some(peer), &[("sec-fetch-site", "same-origin")]);
        for _ in 0..3 {
            assert_eq!(send(&app, post("203.0.113.9")).await.0, StatusCode::OK);
        }
        let (status, h, body) = send(&app, post("203.0.113.9")).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        let retry: u64 = h[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
        assert!((1..=60).contains(&retry), "{retry}");
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["error"], "rate_limited");
        assert_eq!(json["retry_after_seconds"], retry);
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        // Writes and reads are separate buckets: the same client can still read pages.
        let (status, _, _) = send(&app, request("GET", "/", Some("203.0.113.9"), &[])).await;
        assert_eq!(status, StatusCode::OK);
        // Another address has its own bucket.
        assert_eq!(send(&app, post("203.0.113.10")).await.0, StatusCode::OK);
        // The HTML refusal is a page a citizen can read.
        let html =
            request("POST", "/api/x", Some("203.0.113.9"), &[("accept", "text/html"), ("sec-fetch-site", "none")]);
        let (status, h, body) = send(&app, html).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert!(h.contains_key(header::RETRY_AFTER));
        assert!(body.contains("<h1>Too many requests</h1>") && body.contains("subiri"), "{body}");
    }

    #[tokio::test]
    async fn forged_forwarded_for_does_not_open_a_new_bucket() {
        let calls = Arc::new(AtomicUsize::new(0));
        let app = app(cfg("10.0.0.0/8"), tight(), calls.clone());
        for n in 0..10 {
            let forged = format!("198.51.100.{n}");
            let req = request("GET", "/", Some("203.0.113.9"), &[("x-forwarded-for", &forged), ("x-real-ip", &forged)]);
            let status = send(&app, req).await.0;
            assert_eq!(status == StatusCode::OK, n < 5, "request {n}: {status}");
        }
        // Behind the trusted proxy, the forwarded client is the key: distinct clients, distinct buckets.
        for n in 0..10 {
            let req = request("GET", "/", Some("10.0.0.2"), &[("x-forwarded-for", &format!("198.51.100.{n}"))]);
            assert_eq!(send(&app, req).await.0, StatusCode::OK);
        }
    }

    #[tokio::test]
    async fn provider_callbacks_are_never_rate_limited() {
        let app = app(cfg(""), tight(), Arc::new(AtomicUsize::new(0)));
        for _ in 0..20 {
            let req = request("POST", "/callbacks/mpesa/stk/t0k3n", Some("196.201.214.200"), &[]);
            assert_eq!(send(&app, req).await.0, StatusCode::OK);
        }
    }

    #[test]
    fn ipv6_clients_share_a_bucket_per_64() {
        let limits = RateLimits::new(RateLimitConfig { per_minute: 1, burst: 2 }, RateLimitConfig::READS);
        assert!(limits.check(RateClass::Writes, ip("2001:db8:1:2::1")).is_ok());
        assert!(limits.check(RateClass::Writes, ip("2001:db8:1:2::ffff")).is_ok());
        assert!(limits.check(RateClass::Writes, ip("2001:db8:1:2:dead:beef::1")).is_err());
        assert!(limits.check(RateClass::Writes, ip("2001:db8:1:3::1")).is_ok());
    }

    #[test]
    fn rate_limit_settings_come_from_the_environment() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
        };
        assert!(RateLimits::from_lookup(env(&[])).is_ok());
        let off = RateLimits::from_lookup(env(&[(READS_PER_MINUTE_ENV, "0")])).unwrap();
        assert!(off.reads.is_none() && off.writes.is_some());
        for _ in 0..1000 {
            assert!(off.check(RateClass::Reads, ip("203.0.113.9")).is_ok());
        }
        let err = RateLimits::from_lookup(env(&[(WRITES_BURST_ENV, "0")])).err().unwrap();
        assert_eq!(err.name, WRITES_BURST_ENV);
        let err = RateLimits::from_lookup(env(&[(READS_PER_MINUTE_ENV, "lots")])).err().unwrap();
        assert_eq!(err.name, READS_PER_MINUTE_ENV);
    }

    #[test]
    fn retain_recent_forgets_idle_clients() {
        let limits = RateLimits::new(RateLimitConfig { per_minute: 60_000, burst: 1 }, RateLimitConfig::READS);
        for n in 0..50u8 {
            assert!(limits.check(RateClass::Writes, IpAddr::V4(Ipv4Addr::new(198, 51, 100, n))).is_ok());
        }
        assert_eq!(limits.tracked_clients(), 50);
        // One token per millisecond: after a short pause every bucket is full again.
        std::thread::sleep(Duration::from_millis(20));
        limits.retain_recent();
        assert_eq!(limits.tracked_clients(), 0);
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(retry_after_secs(Duration::ZERO), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(2001)), 3);
        assert_eq!(retry_after_secs(Duration::from_secs(2)), 2);
    }

    #[tokio::test]
    async fn security_headers_are_added_and_a_page_csp_is_kept() {
        let app = app(cfg(""), unlimited(), Arc::new(AtomicUsize::new(0)));
        let (_, h, _) = send(&app, request("GET", "/anything", Some("203.0.113.9"), &[])).await;
        assert_eq!(h[header::STRICT_TRANSPORT_SECURITY], "max-age=31536000; includeSubDomains");
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(h[header::REFERRER_POLICY], "strict-origin-when-cross-origin");
        assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");
        assert_eq!(h["cross-origin-opener-policy"], "same-origin");
        assert_eq!(h["permissions-policy"], "camera=(), microphone=(), geolocation=(), payment=()");
        assert_eq!(h[header::CONTENT_SECURITY_POLICY], DEFAULT_CSP);
        let (_, h, _) = send(&app, request("GET", "/csp", Some("203.0.113.9"), &[])).await;
        let csp = h.get_all(header::CONTENT_SECURITY_POLICY).iter().collect::<Vec<_>>();
        assert_eq!(csp, [page_csp("abc").as_str()]);
        // No HSTS on a plain-http origin such as the local demo.
        let local = Arc::new(SecurityConfig::parse("http://127.0.0.1:3000", "").unwrap());
        let app = super::tests::app(local, unlimited(), Arc::new(AtomicUsize::new(0)));
        let (_, h, _) = send(&app, request("GET", "/", Some("127.0.0.1"), &[])).await;
        assert!(!h.contains_key(header::STRICT_TRANSPORT_SECURITY));
    }

    #[tokio::test]
    async fn scripts_get_a_policy_that_lets_a_service_worker_fetch() {
        let cfg = cfg("");
        let app = Router::new()
            .route("/sw.js", get(|| async { ([(header::CONTENT_TYPE, "text/javascript")], "self.onfetch = null;") }))
            .layer(from_fn_with_state(cfg, security_headers));
        let (_, h, _) = send(&app, request("GET", "/sw.js", None, &[])).await;
        assert_eq!(h[header::CONTENT_SECURITY_POLICY], SCRIPT_CSP);
    }

    #[test]
    fn page_csp_has_the_nonce_and_wasm_but_no_unsafe_eval() {
        let csp = page_csp("n0nce");
        assert!(csp.contains("script-src 'self' 'nonce-n0nce' 'wasm-unsafe-eval'"), "{csp}");
        assert!(csp.contains("style-src 'self' 'nonce-n0nce'"));
        for required in ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"] {
            assert!(csp.contains(required), "{required}");
        }
        assert!(!csp.contains("'unsafe-eval'") && !csp.contains("'unsafe-inline'"));
    }

    #[test]
    fn nonces_differ_and_carry_128_bits() {
        let nonces = (0..1000).map(|_| new_nonce()).collect::<std::collections::HashSet<_>>();
        assert_eq!(nonces.len(), 1000);
        for nonce in &nonces {
            assert_eq!(nonce.len(), 32);
            assert!(nonce.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        }
    }

    #[tokio::test]
    async fn housekeeping_ends_when_the_limits_are_dropped() {
        let limits = RateLimits::new(RateLimitConfig { per_minute: 60_000, burst: 1 }, RateLimitConfig::READS);
        let limits = Arc::new(limits);
        assert!(limits.check(RateClass::Writes, ip("203.0.113.9")).is_ok());
        let task = spawn_housekeeping_every(limits.clone(), Duration::from_millis(10));
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(limits.tracked_clients(), 0, "the periodic pass pruned the idle bucket");
        drop(limits);
        tokio::time::timeout(Duration::from_secs(5), task).await.unwrap().unwrap();
    }

    fn hop_strategy() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<Ipv4Addr>().prop_map(|a| a.to_string()),
            any::<Ipv6Addr>().prop_map(|a| a.to_string()),
            (any::<Ipv6Addr>(), any::<u16>()).prop_map(|(a, p)| format!("[{a}]:{p}")),
            Just("10.0.0.1".to_string()),
            Just("unknown".to_string()),
            "[ -~]{0,20}",
        ]
    }

    proptest! {
        #[test]
        fn resolve_client_ip_returns_the_peer_or_a_forwarded_address(
            peer in prop_oneof![Just(ip("10.0.0.2")), any::<IpAddr>()],
            lines in proptest::collection::vec(proptest::collection::vec(hop_strategy(), 0..6), 0..3),
        ) {
            let mut h = HeaderMap::new();
            let mut listed = Vec::new();
            for line in &lines {
                let value = line.join(",");
                if let Ok(value) = HeaderValue::from_str(&value) {
                    h.append("x-forwarded-for", value);
                    listed.extend(line.iter().filter_map(|hop| parse_hop(hop)));
                }
            }
            let trusted = ["10.0.0.0/8".parse::<IpNet>().unwrap()];
            let got = resolve_client_ip(peer, &h, &trusted);
            prop_assert!(got == peer.to_canonical() || listed.contains(&got), "{got} from {peer} and {lines:?}");
        }
    }
}
