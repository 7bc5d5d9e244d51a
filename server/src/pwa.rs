//! `GET /sw.js`: the service worker (public/sw.js) stamped with a version, a hash of every file
//! in the site root (the islands' bundle, the CSS, the scripts, icons and the worker itself).
//!
//! Browsers compare the worker byte for byte on every navigation, so a deploy that changes any
//! of those files is a new worker: it installs beside the old one, takes over, and deletes the
//! old version's caches, so a phone never mixes one version's CSS or wasm with another's. A
//! hash rather than a build time or a random id, because servers behind a load balancer must
//! all send the same worker for the same files, or phones would flip between them.

use app::ssr::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The placeholder in public/sw.js that is replaced by the version.
pub const VERSION_MARK: &str = "__MLANGO_VERSION__";

/// The worker script with its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamped {
    /// 16 hex digits of the site root's hash.
    pub version: String,
    /// The script, with [`VERSION_MARK`] replaced.
    pub body: Bytes,
}

/// Reads `root/sw.js` and stamps it with the hash of every file under `root` (names and
/// contents, in name order); `None` when the site has no worker.
pub fn stamp(root: &Path) -> std::io::Result<Option<Stamped>> {
    let template = match std::fs::read_to_string(root.join("sw.js")) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut files = Vec::new();
    collect(root, root, &mut files)?;
    files.sort();
    let mut hash = Sha256::new();
    for (name, path) in &files {
        let bytes = std::fs::read(path)?;
        // Lengths keep file boundaries apart: "a"+"bc" never hashes like "ab"+"c".
        hash.update((name.len() as u64).to_le_bytes());
        hash.update(name.as_bytes());
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(&bytes);
    }
    let version: String = hash.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect();
    Ok(Some(Stamped { body: Bytes::from(template.replace(VERSION_MARK, &version)), version }))
}

/// Every file under `dir`, as (path relative to `root` with `/` separators, full path).
fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(root, &path, out)?;
        } else if path.is_file() {
            let name = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            out.push((name, path));
        }
    }
    Ok(())
}

/// The stamped worker of the site root this process serves. Computed once: a deploy that
/// changes the files restarts the server.
fn stamped(root: PathBuf) -> std::io::Result<Option<Stamped>> {
    static MEMO: Mutex<Option<(PathBuf, Stamped)>> = Mutex::new(None);
    if let Ok(memo) = MEMO.lock()
        && let Some((at, s)) = memo.as_ref()
        && *at == root
    {
        return Ok(Some(s.clone()));
    }
    let fresh = stamp(&root)?;
    if let (Some(s), Ok(mut memo)) = (&fresh, MEMO.lock()) {
        *memo = Some((root, s.clone()));
    }
    Ok(fresh)
}

/// Computes the site's version once, at start, for the pages' asset URLs
/// (`app::ssr::asset`); a site without a worker (tests) keeps plain URLs.
pub fn publish_asset_version(options: &leptos::config::LeptosOptions) {
    let root = PathBuf::from(options.site_root.as_ref());
    match stamped(root) {
        Ok(Some(s)) => app::ssr::set_asset_version(s.version),
        Ok(None) => {}
        Err(e) => tracing::warn!(error = %e, "the site's files could not be read for their version"),
    }
}

/// Lets browsers keep versioned site files (`/pkg/mlango.css?v=<this version>`) for a year
/// without asking again: on slow, costly connections every revalidation is a round trip, and
/// a deploy changes the URLs anyway. Unversioned or other versions' URLs must be asked about
/// each time (`no-cache`), because the same URL then carries different bytes across deploys.
pub async fn asset_caching(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let path = req.uri().path();
    let is_asset = path.starts_with("/pkg/")
        || path.starts_with("/icons/")
        || (path.matches('/').count() == 1 && path.rsplit_once('.').is_some_and(|(_, ext)| STATIC_EXT.contains(&ext)));
    if !is_asset || path == "/sw.js" {
        return next.run(req).await;
    }
    let asked = req
        .uri()
        .query()
        .and_then(|q| form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "v").map(|(_, v)| v.into_owned()));
    let mut resp = next.run(req).await;
    if resp.status() != StatusCode::OK || resp.headers().contains_key(header::CACHE_CONTROL) {
        return resp;
    }
    let current = app::ssr::asset("");
    let cache = match asked {
        Some(v) if !v.is_empty() && current == format!("?v={v}") => "public, max-age=31536000, immutable",
        _ => "no-cache",
    };
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    resp
}

/// Extensions of the files at the site root (scripts, icons, the manifest).
const STATIC_EXT: [&str; 5] = ["js", "svg", "png", "webmanifest", "ico"];

/// `GET /sw.js`. `Cache-Control: no-cache` with an ETag: each update check is a conditional
/// request, answered 304 while the version stands.
pub async fn service_worker(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let root = PathBuf::from(state.leptos_options.site_root.as_ref());
    let result = tokio::task::spawn_blocking(move || stamped(root)).await;
    let s = match result {
        Ok(Ok(Some(s))) => s,
        Ok(Ok(None)) => return (StatusCode::NOT_FOUND, "No service worker.").into_response(),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "the service worker could not be read");
            return (StatusCode::SERVICE_UNAVAILABLE, "The service worker could not be read.").into_response();
        }
        Err(e) => {
            tracing::warn!(error = %e, "stamping the service worker failed");
            return (StatusCode::SERVICE_UNAVAILABLE, "The service worker could not be read.").into_response();
        }
    };
    let etag = format!("\"{}\"", s.version);
    let fresh = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.split(',').any(|tag| tag.trim().trim_start_matches("W/") == etag));
    let mut resp = if fresh { StatusCode::NOT_MODIFIED.into_response() } else { s.body.into_response() };
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    /// A fresh site root under the system's temporary directory, removed when dropped.
    struct Site(PathBuf);

    impl Site {
        fn new(files: &[(&str, &str)]) -> Site {
            static N: AtomicU32 = AtomicU32::new(0);
            let dir = std::env::temp_dir().join(format!(
                "mlango-pwa-{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::Relaxed)
            ));
            for (name, body) in files {
                let path = dir.join(name);
                std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
                std::fs::write(path, body).expect("write");
            }
            Site(dir)
        }
    }

    impl Drop for Site {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    const SW: &str = "const VERSION = \"__MLANGO_VERSION__\";\n";

    #[test]
    fn the_version_is_a_hash_of_the_site_and_changes_with_any_file() {
        let a = Site::new(&[("sw.js", SW), ("pkg/mlango.css", "body{}"), ("pkg/mlango.wasm", "\0asm")]);
        let s = stamp(&a.0).expect("read").expect("a worker");
        assert_eq!(s.version.len(), 16);
        assert!(s.version.bytes().all(|b| b.is_ascii_hexdigit()));
        let body = std::str::from_utf8(&s.body).expect("utf-8");
        assert_eq!(body, format!("const VERSION = \"{}\";\n", s.version));

        // Another server with the same files sends the same worker.
        let twin = Site::new(&[("pkg/mlango.wasm", "\0asm"), ("pkg/mlango.css", "body{}"), ("sw.js", SW)]);
        assert_eq!(stamp(&twin.0).expect("read"), Some(s.clone()));

        // A deploy that changes the CSS, or only moves bytes between files, is a new version.
        let css = Site::new(&[("sw.js", SW), ("pkg/mlango.css", "body{margin:0}"), ("pkg/mlango.wasm", "\0asm")]);
        assert_ne!(stamp(&css.0).expect("read").expect("a worker").version, s.version);
        let moved = Site::new(&[("sw.js", SW), ("pkg/mlango.css", "body{}\0"), ("pkg/mlango.wasm", "asm")]);
        assert_ne!(stamp(&moved.0).expect("read").expect("a worker").version, s.version);
    }

    #[test]
    fn no_worker_file_no_worker() {
        let site = Site::new(&[("pkg/mlango.css", "body{}")]);
        assert_eq!(stamp(&site.0).expect("read"), None);
    }
}
