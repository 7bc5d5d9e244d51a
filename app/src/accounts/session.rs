//! Sessions: a random token in a `__Host-` cookie, its SHA-256 in the database, loaded once per
//! request by [`load_session`], and [`authorize`] — the one check at the top of every server
//! function.

use super::model::Role;
use super::otp::{hex, random_token};
use super::ports::{Account, AccountKey, SessionRecord, Stage};
use crate::error::AppError;
use crate::ssr::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The session cookie. `__Host-` makes the browser insist on Secure, Path=/ and no Domain.
pub const SESSION_COOKIE: &str = "__Host-mlango_session";
/// How long an unfinished sign-up, sign-in or reset may take.
pub const PENDING_TTL_SECS: i64 = 30 * 60;
/// How recent a full sign-in must be to change phone or email.
pub const FRESH_LOGIN_SECS: i64 = 10 * 60;
/// Writes of `last_seen_at` are batched to at most one a minute per session.
const TOUCH_EVERY_SECS: i64 = 60;

/// Idle timeout: staff 15 minutes, everyone else 30.
pub fn idle_timeout_secs(role: Role) -> i64 {
    if role.is_staff() { 15 * 60 } else { 30 * 60 }
}

/// Absolute lifetime of a signed-in session: staff 8 hours (a shift), everyone else 12.
pub fn absolute_lifetime_secs(role: Role) -> i64 {
    if role.is_staff() { 8 * 3600 } else { 12 * 3600 }
}

/// Hex SHA-256 of a cookie token: what the database keeps, so a database leak yields no live cookies.
pub fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    hex(&Sha256::digest(token.as_bytes()))
}

/// `Set-Cookie` value for a session token. Staff get `SameSite=Strict`.
pub fn session_cookie(token: &str, strict: bool) -> String {
    let same_site = if strict { "Strict" } else { "Lax" };
    format!("{SESSION_COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite={same_site}")
}

/// `Set-Cookie` value that removes the session cookie.
pub fn clearing_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// A new session and the token for its cookie.
pub fn new_session(
    stage: Stage,
    account_id: Option<i64>,
    now: i64,
    ttl: i64,
    client: &ClientInfo,
) -> (String, SessionRecord) {
    let token = random_token();
    let record = SessionRecord {
        token_hash: token_hash(&token),
        public_id: random_token()[..16].to_string(),
        account_id,
        stage,
        data: "{}".into(),
        created_at: now,
        last_seen_at: now,
        expires_at: now + ttl,
        authenticated_at: None,
        user_agent: client.user_agent.clone(),
        client_ip: client.ip.clone(),
    };
    (token, record)
}

/// Who is calling, as far as the network says (the security middleware sets the address from
/// the peer, trusting forwarding headers only from configured proxies).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientInfo {
    /// Client IP address as text.
    pub ip: String,
    /// Browser description, shortened.
    pub user_agent: String,
}

/// The session of this request, if the cookie named a live one.
#[derive(Debug, Clone)]
pub struct CurrentSession {
    /// The stored session.
    pub record: SessionRecord,
    /// Its account, when it has one.
    pub account: Option<Account>,
}

impl CurrentSession {
    /// Whether the last full sign-in is recent enough for a sensitive change (ASVS 7.5.1).
    pub fn is_fresh(&self, now: i64) -> bool {
        self.record.authenticated_at.is_some_and(|t| now - t <= FRESH_LOGIN_SECS)
    }

    /// The account when the session is fully signed in.
    pub fn signed_in(&self) -> Option<&Account> {
        (self.record.stage == Stage::Active).then_some(self.account.as_ref()).flatten()
    }
}

fn cookie_token(req: &Request) -> Option<String> {
    // Anything but our own 64 hex digits is a tampered or foreign cookie: ignore it.
    crate::ssr::cookies(req.headers())
        .find(|(k, v)| *k == SESSION_COOKIE && v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(|(_, v)| v.to_string())
}

/// Whether the request carries a session cookie at all (the page cache serves only requests without one).
pub fn has_session_cookie(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|c| c.split(';').any(|p| p.trim().starts_with(SESSION_COOKIE)))
}

/// Middleware: resolves the cookie to a live session and puts [`CurrentSession`] in the
/// request. Expired or unknown sessions are dropped and their cookie cleared.
pub async fn load_session(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let Some(token) = cookie_token(&req) else {
        if has_session_cookie(req.headers()) {
            tracing::warn!(target: "security", path = %req.uri().path(), "malformed session cookie ignored");
        }
        return next.run(req).await;
    };
    if req.uri().path().starts_with("/pkg/") {
        return next.run(req).await;
    }
    let now = state.clock.now();
    let hash = token_hash(&token);
    let mut clear = false;
    match state.store.session(&hash).await {
        Ok(Some(mut record)) => {
            let account = match record.account_id {
                Some(id) => state.store.find_account(AccountKey::Id(id)).await.ok().flatten(),
                None => None,
            };
            let idle_limit = account.as_ref().map(|a| idle_timeout_secs(a.role)).unwrap_or(PENDING_TTL_SECS);
            let expired = record.expires_at <= now || now - record.last_seen_at > idle_limit;
            if expired || (record.account_id.is_some() && account.is_none()) {
                let _ = state.store.delete_session(&hash).await;
                clear = true;
            } else {
                if now - record.last_seen_at >= TOUCH_EVERY_SECS {
                    record.last_seen_at = now;
                    if let Err(e) = state.store.update_session(&record).await {
                        tracing::warn!(error = %e, "could not record session activity");
                    }
                }
                // A signed-in person who picks a language keeps it for their SMS and emails.
                if let (Some(a), Some(crate::ssr::LangChosen(chosen))) =
                    (&account, req.extensions().get::<crate::ssr::LangChosen>().copied())
                    && a.language != chosen
                    && let Err(e) = state.store.set_language(a.id, chosen).await
                {
                    tracing::warn!(error = %e, "could not remember the chosen language");
                }
                req.extensions_mut().insert(CurrentSession { record, account });
            }
        }
        Ok(None) => clear = true,
        // Fail closed: without the database nobody is signed in, but public pages still work.
        Err(e) => tracing::warn!(error = %e, "session lookup failed; treating request as anonymous"),
    }
    let mut resp = next.run(req).await;
    if clear
        && !resp.headers().contains_key(header::SET_COOKIE)
        && let Ok(v) = HeaderValue::from_str(&clearing_cookie())
    {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

/// Who may call a server function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (sign-up and sign-in steps).
    Public,
    /// Any signed-in account.
    SignedIn,
    /// Signed in with one of these roles.
    Roles(&'static [Role]),
}

/// The caller of a server function, after [`authorize`].
#[derive(Debug, Clone)]
pub struct Caller {
    /// The session, if any (pending or signed in).
    pub session: Option<CurrentSession>,
    /// Network details.
    pub client: ClientInfo,
}

impl Caller {
    /// The signed-in account; present whenever access was not [`Access::Public`].
    pub fn account(&self) -> Result<&Account, AppError> {
        self.session.as_ref().and_then(|s| s.signed_in()).ok_or(AppError::Unauthorized)
    }

    /// The caller's account id and agency, if they hold one of `roles` in an agency (a platform
    /// admin, who has none, is refused: these are an agency's own records).
    pub fn agency_staff(&self, roles: &[Role]) -> Result<(i64, String), AppError> {
        let me = self.account()?;
        if !roles.contains(&me.role) {
            return Err(AppError::Forbidden);
        }
        Ok((me.id, me.agency.clone().ok_or(AppError::Forbidden)?))
    }

    /// Refuses unless the caller is platform admin or staff of `agency`.
    pub fn require_agency(&self, agency: &str) -> Result<(), AppError> {
        let a = self.account()?;
        if a.role == Role::PlatformAdmin || a.agency.as_deref() == Some(agency) {
            Ok(())
        } else {
            tracing::warn!(target: "security", account = a.id, agency, "refused: other agency's data");
            Err(AppError::Forbidden)
        }
    }
}

/// The one authorisation check, called first in every server function.
pub fn authorize(access: Access) -> Result<Caller, AppError> {
    let parts = leptos::prelude::use_context::<axum::http::request::Parts>();
    let session = parts.as_ref().and_then(|p| p.extensions.get::<CurrentSession>().cloned());
    let client = parts.as_ref().and_then(|p| p.extensions.get::<ClientInfo>().cloned()).unwrap_or_default();
    let caller = Caller { session, client };
    let account = caller.session.as_ref().and_then(|s| s.signed_in());
    match (access, account) {
        (Access::Public, _) => Ok(caller),
        (_, None) => Err(AppError::Unauthorized),
        (Access::SignedIn, Some(_)) => Ok(caller),
        (Access::Roles(roles), Some(a)) if roles.contains(&a.role) => Ok(caller),
        (Access::Roles(_), Some(a)) => {
            tracing::warn!(target: "security", account = a.id, role = a.role.code(), "refused: role not allowed");
            Err(AppError::Forbidden)
        }
    }
}

/// The signed-in account for page rendering (pages are read-only, so no [`Access`] needed).
pub fn page_account() -> Option<Account> {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|p| p.extensions.get::<CurrentSession>().cloned())
        .and_then(|s| s.signed_in().cloned())
}

/// The current session for page rendering (pending steps show where the person is).
pub fn page_session() -> Option<CurrentSession> {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|p| p.extensions.get::<CurrentSession>().cloned())
}
