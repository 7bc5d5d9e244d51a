//! The service charter's promise, kept honest: when an application's due date passes while the
//! agency still owes the next step, it is flagged, the citizen gets an apology, and a new date
//! is set — half the charter timeline again, at least two working days away.

use super::calendar::{Date, add_working_days};

/// Working days the agency gets after missing its date: half the charter timeline (rounded
/// up), never fewer than two.
pub fn grace_days(timeline_days: u32) -> u32 {
    timeline_days.div_ceil(2).max(2)
}

/// The new date promised on `today` for an application whose charter date passed.
pub fn revised_due_date(today: Date, timeline_days: u32) -> Date {
    add_working_days(today, grace_days(timeline_days), &[])
}

/// Whether `due` (ISO) has passed on `today`: the whole due day belongs to the agency.
pub fn is_overdue(due: &str, today: Date) -> bool {
    due < today.iso().as_str()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::applications::calendar::working_days_between;
    use proptest::prelude::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn the_due_day_itself_is_not_late() {
        assert!(!is_overdue("2026-12-04", d(2026, 12, 4)));
        assert!(is_overdue("2026-12-03", d(2026, 12, 4)));
        assert!(!is_overdue("2027-01-05", d(2026, 12, 4)));
    }

    #[test]
    fn a_ten_day_charter_gets_five_more_working_days_skipping_holidays() {
        // Friday 2026-12-11; Jamhuri Day falls on Saturday the 12th (only Sunday holidays move
        // to Monday); five working days on is Friday the 18th.
        assert_eq!(revised_due_date(d(2026, 12, 11), 10), d(2026, 12, 18));
        // Thursday the 24th: Christmas (Fri) and the weekend do not count; Mon 28th, Tue 29th.
        assert_eq!(revised_due_date(d(2026, 12, 24), 1), d(2026, 12, 29));
    }

    proptest! {
        #[test]
        fn the_new_date_is_in_the_future_on_a_working_day_and_never_too_close(
            start in 20_000i64..24_000, timeline in 0u32..120
        ) {
            let today = Date::from_days(start);
            let new = revised_due_date(today, timeline);
            prop_assert!(new > today);
            prop_assert!(crate::applications::calendar::is_working_day(new, &[]));
            prop_assert_eq!(working_days_between(today, new, &[]), i64::from(grace_days(timeline)));
            prop_assert!(!is_overdue(&new.iso(), today));
        }
    }
}
