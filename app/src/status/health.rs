//! The in-memory record of recent provider outcomes, per server. Gateway call sites report
//! each call; the status page judges the record with [`super::rules::provider_health`]. In
//! memory on purpose: it must work when the database does not, and each server's own view of
//! its providers is what its users experience.

use super::model::{Component, Outcome};
use super::rules::SAMPLE;
use std::collections::VecDeque;
use std::sync::Mutex;

/// Recent outcomes of the payment and SMS providers.
#[derive(Debug, Default)]
pub struct HealthRecorder {
    payments: Mutex<VecDeque<Outcome>>,
    sms: Mutex<VecDeque<Outcome>>,
}

impl HealthRecorder {
    fn slot(&self, component: Component) -> Option<&Mutex<VecDeque<Outcome>>> {
        match component {
            Component::Payments => Some(&self.payments),
            Component::Sms => Some(&self.sms),
            Component::Portal | Component::Database => None,
        }
    }

    /// Notes one call to `component`'s provider (other components are not recorded).
    pub fn record(&self, component: Component, ok: bool, at: i64) {
        let Some(slot) = self.slot(component) else { return };
        // A panic elsewhere while holding the lock leaves a list that is still valid.
        let mut outcomes = slot.lock().unwrap_or_else(|p| p.into_inner());
        outcomes.push_back(Outcome { at, ok });
        while outcomes.len() > SAMPLE {
            outcomes.pop_front();
        }
    }

    /// The recorded outcomes of `component`'s provider, oldest first.
    pub fn outcomes(&self, component: Component) -> Vec<Outcome> {
        self.slot(component)
            .map(|slot| slot.lock().unwrap_or_else(|p| p.into_inner()).iter().copied().collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_latest_sample_per_provider() {
        let r = HealthRecorder::default();
        for i in 0..(SAMPLE as i64 + 5) {
            r.record(Component::Payments, i % 2 == 0, i);
        }
        r.record(Component::Sms, false, 7);
        r.record(Component::Database, false, 7);
        let payments = r.outcomes(Component::Payments);
        assert_eq!(payments.len(), SAMPLE);
        assert_eq!(payments.first().map(|o| o.at), Some(5));
        assert_eq!(r.outcomes(Component::Sms), vec![Outcome { at: 7, ok: false }]);
        assert!(r.outcomes(Component::Database).is_empty());
    }
}
