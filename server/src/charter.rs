//! The service-charter clock: flags applications whose promised date passed (see
//! [`app::applications::service::flag_charter_breaches`]), and queues the reminder of each
//! appointment due within a day.

use app::ssr::AppState;
use std::time::Duration;

/// Applications flagged per pass; a backlog is worked through pass by pass.
const BATCH: u32 = 500;
/// How long before an appointment its reminder goes out.
pub const REMIND_BEFORE_SECS: i64 = 24 * 3600;

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
            let now = state.clock.now();
            match state.store.queue_reminders(now, now + REMIND_BEFORE_SECS).await {
                Ok(0) => {}
                Ok(n) => {
                    tracing::info!(queued = n, "appointment reminders queued");
                    app::notifications::outbox::wake();
                }
                Err(e) => tracing::warn!(error = %e, "appointment reminders pass failed; will retry"),
            }
        }
    });
}
