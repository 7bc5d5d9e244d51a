//! Background passes every server runs on a timer (reconciliation, webhooks, the charter
//! clock, the session sweep). Each pass reports its own errors and the next one tries again.

use std::future::Future;
use std::time::Duration;

/// Runs `pass` now and then every `every`; a pass that overruns delays the next instead of
/// causing a burst of catch-up passes.
pub fn spawn_every<F, Fut>(every: Duration, mut pass: F)
where
    F: FnMut() -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            pass().await;
        }
    });
}
