//! Configuration from the environment (see README "Configuration").

use leptos::config::LeptosOptions;
use std::net::SocketAddr;
use std::time::Duration;

/// Default database: an SQLite file under `data/`.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/mlango.db";

/// Settings every command needs.
#[derive(Clone, Debug)]
pub struct Config {
    /// `DATABASE_URL`.
    pub database_url: String,
    /// `LEPTOS_SITE_ADDR`.
    pub site_addr: SocketAddr,
    /// `MLANGO_BASE_URL`: the public origin, e.g. `https://mlango.go.ke`.
    pub base_url: String,
    /// `MLANGO_DEMO`: seed the demo catalogue on first start.
    pub demo: bool,
    /// `MLANGO_CATALOGUE_REFRESH_SECS`: how often to check for catalogue changes.
    pub catalogue_refresh: Duration,
    /// `LEPTOS_SITE_ROOT`: where the built site (pkg/, static files) lives.
    pub site_root: String,
    /// `MLANGO_WORKER_CLAIM_SECS` and `MLANGO_SMS_REPORT_WAIT_SECS`.
    pub timings: app::ssr::WorkerTimings,
    /// `MLANGO_SHUTDOWN_DELAY_SECS`: how long a server told to stop (SIGTERM) keeps serving
    /// while `/readyz` says it is stopping, so load balancers stop sending it requests first.
    pub shutdown_delay: Duration,
}

/// Seconds from `name`, `default` when unset; a value outside `min..=max` is refused.
fn secs(name: &'static str, default: u64, min: u64, max: u64) -> Result<u64, ConfigError> {
    match var(name) {
        None => Ok(default),
        Some(v) => v
            .parse::<u64>()
            .ok()
            .filter(|s| (min..=max).contains(s))
            .ok_or(ConfigError { name, reason: format!("{v:?} is not a number of seconds from {min} to {max}") }),
    }
}

/// A configuration value that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{name}: {reason}")]
pub struct ConfigError {
    /// Environment variable.
    pub name: &'static str,
    /// What is wrong with it.
    pub reason: String,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

fn flag(name: &'static str) -> Result<bool, ConfigError> {
    match var(name).map(|v| v.to_ascii_lowercase()) {
        None => Ok(false),
        Some(v) if ["1", "true", "yes", "on"].contains(&v.as_str()) => Ok(true),
        Some(v) if ["0", "false", "no", "off"].contains(&v.as_str()) => Ok(false),
        Some(v) => Err(ConfigError { name, reason: format!("{v:?} is not a yes/no value (use 1 or 0)") }),
    }
}

impl Config {
    /// Reads the environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        let site_addr = var("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let site_addr: SocketAddr = site_addr.parse().map_err(|_| ConfigError {
            name: "LEPTOS_SITE_ADDR",
            reason: format!("{site_addr:?} is not an address like 127.0.0.1:3000"),
        })?;
        let refresh = match var("MLANGO_CATALOGUE_REFRESH_SECS") {
            None => 10,
            Some(v) => v.parse::<u64>().ok().filter(|s| (1..=3600).contains(s)).ok_or(ConfigError {
                name: "MLANGO_CATALOGUE_REFRESH_SECS",
                reason: format!("{v:?} is not a number of seconds from 1 to 3600"),
            })?,
        };
        let defaults = app::ssr::WorkerTimings::default();
        // A claim must outlast one send (webhooks wait up to 10 s for the receiver).
        let claim_secs = secs("MLANGO_WORKER_CLAIM_SECS", defaults.claim_secs.unsigned_abs(), 20, 3600)?;
        let report_wait =
            secs("MLANGO_SMS_REPORT_WAIT_SECS", defaults.sms_report_wait_secs.unsigned_abs(), 10, 86_400)?;
        let shutdown_delay = secs("MLANGO_SHUTDOWN_DELAY_SECS", 5, 0, 300)?;
        let base_url = var("MLANGO_BASE_URL").unwrap_or_else(|| format!("http://{site_addr}"));
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(ConfigError { name: "MLANGO_BASE_URL", reason: "must start with http:// or https://".into() });
        }
        Ok(Config {
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            site_addr,
            base_url: base_url.trim_end_matches('/').to_string(),
            demo: flag("MLANGO_DEMO")?,
            catalogue_refresh: Duration::from_secs(refresh),
            site_root: var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            timings: app::ssr::WorkerTimings {
                claim_secs: claim_secs as i64,
                sms_report_wait_secs: report_wait as i64,
            },
            shutdown_delay: Duration::from_secs(shutdown_delay),
        })
    }

    /// Leptos settings; built here rather than by `get_configuration` so the binary runs the
    /// same with or without cargo-leptos.
    pub fn leptos_options(&self) -> LeptosOptions {
        LeptosOptions::builder()
            .output_name(var("LEPTOS_OUTPUT_NAME").unwrap_or_else(|| "mlango".into()))
            .site_root(self.site_root.clone())
            .site_pkg_dir(var("LEPTOS_SITE_PKG_DIR").unwrap_or_else(|| "pkg".into()))
            .site_addr(self.site_addr)
            .build()
    }
}
