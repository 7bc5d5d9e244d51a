//! Throttling rules (NIST 800-63B §5.2.2, ASVS 6.1.1 and 6.3.1). Pure: the store counts, these
//! rules decide. Waits grow with consecutive failures instead of locking accounts for good, so an
//! attacker cannot lock a citizen out of their own account.

/// Consecutive failures allowed before waits start.
pub const FREE_FAILURES: u32 = 4;
/// Longest wait between attempts.
pub const MAX_WAIT_SECS: i64 = 60 * 60;

/// Seconds an account must wait after `failures` consecutive failed sign-in steps (wrong
/// password or wrong code): none for the first four, then 30 s doubling up to an hour.
pub fn lockout_wait_secs(failures: u32) -> i64 {
    if failures <= FREE_FAILURES {
        return 0;
    }
    let doublings = (failures - FREE_FAILURES - 1).min(16);
    (30i64 << doublings).min(MAX_WAIT_SECS)
}

/// A limit on how many codes may be sent within a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendRule {
    /// Window length in seconds.
    pub window_secs: i64,
    /// Sends allowed within it.
    pub max: u32,
}

/// Limits per destination (one phone number or email address): three in 15 minutes, ten a day.
pub const PER_DESTINATION: [SendRule; 2] =
    [SendRule { window_secs: 15 * 60, max: 3 }, SendRule { window_secs: 24 * 3600, max: 10 }];
/// Limits per account (all its destinations together).
pub const PER_ACCOUNT: [SendRule; 2] =
    [SendRule { window_secs: 15 * 60, max: 5 }, SendRule { window_secs: 24 * 3600, max: 20 }];
/// Limits per client address; generous because many people share a carrier's or café's address.
pub const PER_ADDRESS: [SendRule; 2] =
    [SendRule { window_secs: 15 * 60, max: 30 }, SendRule { window_secs: 24 * 3600, max: 200 }];

/// The per-address rules for a 15-minute limit of `max` (the daily limit keeps the default
/// ratio); `None` when the limit is off.
pub fn per_address(max: u32) -> Option<[SendRule; 2]> {
    let day = PER_ADDRESS[1].max.saturating_mul(max) / PER_ADDRESS[0].max.max(1);
    (max > 0).then_some([SendRule { max, ..PER_ADDRESS[0] }, SendRule { max: day.max(max), ..PER_ADDRESS[1] }])
}

/// Given the send times (unix seconds) of one key within the last day, returns how many seconds
/// until another send is allowed, or `None` if one is allowed now.
pub fn send_retry_after(sent_at: &[i64], rules: &[SendRule], now: i64) -> Option<i64> {
    rules
        .iter()
        .filter_map(|rule| {
            let mut inside: Vec<i64> = sent_at.iter().copied().filter(|t| now - t < rule.window_secs).collect();
            if inside.len() < rule.max as usize {
                return None;
            }
            inside.sort_unstable();
            // The send that must age out of the window before the count drops below the limit.
            let pivot = inside[inside.len() - rule.max as usize];
            Some((pivot + rule.window_secs - now).max(1))
        })
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn waits_grow_and_are_capped() {
        assert_eq!(lockout_wait_secs(0), 0);
        assert_eq!(lockout_wait_secs(4), 0);
        assert_eq!(lockout_wait_secs(5), 30);
        assert_eq!(lockout_wait_secs(6), 60);
        assert_eq!(lockout_wait_secs(7), 120);
        assert_eq!(lockout_wait_secs(12), 3600);
        assert_eq!(lockout_wait_secs(u32::MAX), 3600);
    }

    #[test]
    fn three_codes_per_quarter_hour() {
        let now = 100_000;
        assert_eq!(send_retry_after(&[], &PER_DESTINATION, now), None);
        assert_eq!(send_retry_after(&[now - 60, now - 30], &PER_DESTINATION, now), None);
        assert_eq!(send_retry_after(&[now - 600, now - 60, now - 30], &PER_DESTINATION, now), Some(300));
        // Sends older than the window do not count against it.
        assert_eq!(send_retry_after(&[now - 901, now - 60, now - 30], &PER_DESTINATION, now), None);
        // Ten in a day blocks until the oldest ages out.
        let day: Vec<i64> = (0..10).map(|i| now - 20_000 + i * 1000).collect();
        assert_eq!(send_retry_after(&day, &PER_DESTINATION, now), Some(24 * 3600 - 20_000));
    }

    proptest! {
        #[test]
        fn waiting_the_answer_allows_a_send(mut sent in proptest::collection::vec(0i64..86_400, 0..40), now in 86_400i64..90_000) {
            sent.sort_unstable();
            if let Some(wait) = send_retry_after(&sent, &PER_DESTINATION, now) {
                prop_assert!(wait >= 1);
                prop_assert_eq!(send_retry_after(&sent, &PER_DESTINATION, now + wait), None);
            }
        }

        #[test]
        fn waits_are_monotonic(f in 0u32..100) {
            prop_assert!(lockout_wait_secs(f) <= lockout_wait_secs(f + 1));
        }
    }
}
