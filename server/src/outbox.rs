//! The outbox worker: sends queued messages to citizens as soon as they are committed (woken
//! in-process) and at least every poll interval (messages queued by other servers, retries).

use app::ssr::AppState;
use std::time::Duration;

/// Runs [`app::notifications::service::deliver_due`] whenever woken, and every `poll`.
/// Several servers may run it: claims keep them from sending one message twice.
pub fn spawn_worker(state: &AppState, poll: Duration) {
    let state = state.clone();
    tokio::spawn(async move {
        loop {
            if let Err(e) = app::notifications::service::deliver_due(&state).await {
                tracing::warn!(error = %e, "outbox pass failed; will retry");
            }
            app::notifications::outbox::woken_or(poll).await;
        }
    });
}
