//! The service-charter clock: flags applications whose promised date passed (see
//! [`app::applications::service::flag_charter_breaches`]).

use app::ssr::AppState;
use std::time::Duration;

/// Applications flagged per pass; a backlog is worked through pass by pass.
const BATCH: u32 = 500;

/// Runs the breach check every `every`. Several servers may run it: each breach is a
/// version-checked change, so only one of them records it and queues the apology.
pub fn spawn_clock(state: &AppState, every: Duration) {
    let state = state.clone();
    crate::workers::spawn_every(every, move || {
        let state = state.clone();
        async move {
            match app::applications::service::flag_charter_breaches(&state, BATCH).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(flagged = n, "charter breaches flagged"),
                Err(e) => tracing::warn!(error = %e, "charter clock pass failed; will retry"),
            }
        }
    });
}
