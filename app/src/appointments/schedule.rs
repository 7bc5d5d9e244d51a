//! When an office sees citizens: slots on working days between opening and closing time, the
//! same grid for every office so a booking can be checked without storing empty slots.

use crate::applications::calendar::{Date, is_working_day};
use crate::applications::state::State;

/// East Africa Time, seconds east of UTC.
const EAT_OFFSET: i64 = 3 * 3600;
/// First slot of the day, minutes after midnight EAT (08:30).
pub const OPENS_MIN: i64 = 8 * 60 + 30;
/// No slot starts at or after this (16:00).
pub const CLOSES_MIN: i64 = 16 * 60;
/// Length of one slot.
pub const SLOT_MIN: i64 = 30;
/// A slot must start at least this long after the booking (seconds): the office needs notice.
pub const MIN_NOTICE_SECS: i64 = 3600;
/// Working days ahead a citizen may book.
pub const HORIZON_DAYS: u32 = 20;
/// Working days of slots shown at once.
pub const SHOWN_DAYS: u32 = 5;

/// Why a slot cannot be booked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotProblem {
    /// Not on the office's grid (wrong minute, outside hours, a weekend or holiday).
    NotASlot,
    /// Already started, or too soon to give the office notice.
    TooSoon,
    /// Further ahead than bookings are taken.
    TooFar,
    /// The office is closed that day (a closure its admin set).
    Closed,
}

/// Midnight EAT at the start of `day`, as Unix seconds.
pub fn day_start(day: Date) -> i64 {
    day.to_days() * 86_400 - EAT_OFFSET
}

/// Every slot start on `day` (empty on weekends and public holidays).
pub fn slots_on(day: Date) -> Vec<i64> {
    if !is_working_day(day, &[]) {
        return Vec::new();
    }
    let start = day_start(day);
    (OPENS_MIN..CLOSES_MIN).step_by(SLOT_MIN as usize).map(|m| start + m * 60).collect()
}

/// The next `n` working days from `today` (today included when it is one).
pub fn working_days_from(today: Date, n: u32) -> Vec<Date> {
    let mut out = Vec::with_capacity(n as usize);
    let mut d = today;
    while out.len() < n as usize {
        if is_working_day(d, &[]) {
            out.push(d);
        }
        d = d.succ();
    }
    out
}

/// Whether a citizen may book the slot starting at `starts_at` at time `now`.
pub fn check_slot(starts_at: i64, now: i64) -> Result<(), SlotProblem> {
    let day = Date::from_unix_eat(starts_at);
    if !slots_on(day).contains(&starts_at) {
        return Err(SlotProblem::NotASlot);
    }
    if starts_at < now + MIN_NOTICE_SECS {
        return Err(SlotProblem::TooSoon);
    }
    let last_day = working_days_from(Date::from_unix_eat(now), HORIZON_DAYS + 1).last().copied();
    if last_day.is_some_and(|last| day > last) {
        return Err(SlotProblem::TooFar);
    }
    Ok(())
}

/// Whether a citizen may book the slot starting at `starts_at` at time `now`, at an office
/// closed on the days `closed` (a closed day offers no slot, like a weekend).
pub fn check_open_slot(starts_at: i64, now: i64, closed: &[Date]) -> Result<(), SlotProblem> {
    check_slot(starts_at, now)?;
    if closed.contains(&Date::from_unix_eat(starts_at)) {
        return Err(SlotProblem::Closed);
    }
    Ok(())
}

/// The days of `days` an office closed on `closed` is open, in order.
pub fn open_days(days: &[Date], closed: &[Date]) -> Vec<Date> {
    days.iter().copied().filter(|d| !closed.contains(d)).collect()
}

/// Whether an application in `state` may book (or change) its in-person appointment: once
/// paid, until it is decided against or closed.
pub fn may_book(state: State) -> bool {
    matches!(state, State::Queued | State::InReview | State::NeedsInfo | State::Resubmitted | State::Approved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn an_office_day_runs_from_half_past_eight_to_four_in_half_hours() {
        let slots = slots_on(d(2026, 12, 7));
        assert_eq!(slots.len(), 15);
        let start = day_start(d(2026, 12, 7));
        assert_eq!(slots[0] - start, 8 * 3600 + 1800, "08:30");
        assert_eq!(slots.last().unwrap() - start, 15 * 3600 + 1800, "15:30");
        assert_eq!(Date::from_unix_eat(start), d(2026, 12, 7), "midnight EAT is on the day");
        assert_eq!(Date::from_unix_eat(start - 1), d(2026, 12, 6));
        assert!(slots_on(d(2026, 12, 5)).is_empty(), "Saturday");
        assert!(slots_on(d(2026, 12, 25)).is_empty(), "Christmas");
    }

    #[test]
    fn bookings_need_notice_a_real_slot_and_a_near_enough_date() {
        // Friday 4 Dec 2026, 10:00 EAT.
        let now = day_start(d(2026, 12, 4)) + 10 * 3600;
        let monday = slots_on(d(2026, 12, 7));
        assert_eq!(check_slot(monday[0], now), Ok(()));
        assert_eq!(check_slot(monday[0] + 60, now), Err(SlotProblem::NotASlot));
        assert_eq!(check_slot(now + 1800, now), Err(SlotProblem::TooSoon), "10:30 today, half an hour away");
        assert_eq!(check_slot(now + 3600 + 1800, now), Ok(()), "11:30 today");
        assert_eq!(check_slot(now - 3600, now), Err(SlotProblem::TooSoon));
        let far = working_days_from(d(2026, 12, 4), 30)[25];
        assert_eq!(check_slot(slots_on(far)[0], now), Err(SlotProblem::TooFar));
    }

    #[test]
    fn a_closed_day_offers_no_slot_and_cannot_be_booked() {
        // Friday 4 Dec 2026, 10:00 EAT; Monday 7 and Tuesday 8 December are working days.
        let now = day_start(d(2026, 12, 4)) + 10 * 3600;
        let (monday, tuesday) = (d(2026, 12, 7), d(2026, 12, 8));
        let closed = [monday];
        assert_eq!(check_open_slot(slots_on(monday)[3], now, &closed), Err(SlotProblem::Closed));
        assert_eq!(check_open_slot(slots_on(tuesday)[3], now, &closed), Ok(()));
        assert_eq!(check_open_slot(slots_on(monday)[3] + 60, now, &closed), Err(SlotProblem::NotASlot));
        assert_eq!(check_open_slot(slots_on(monday)[3], now, &[]), Ok(()));
        let days = working_days_from(d(2026, 12, 4), 3);
        assert_eq!(days, [d(2026, 12, 4), monday, tuesday]);
        assert_eq!(open_days(&days, &closed), [d(2026, 12, 4), tuesday]);
        assert_eq!(open_days(&days, &[]), days);
    }

    #[test]
    fn only_paid_open_applications_book() {
        assert!(may_book(State::Queued) && may_book(State::Approved));
        assert!(!may_book(State::AwaitingPayment) && !may_book(State::Draft) && !may_book(State::Rejected));
        assert!(!may_book(State::Issued) && !may_book(State::Withdrawn));
    }

    proptest! {
        #[test]
        fn every_slot_shown_is_bookable_later_the_same_day_or_after(day in 20_000i64..23_000, k in 0usize..15) {
            let today = Date::from_days(day);
            let now = day_start(today) + 6 * 3600; // 06:00, before opening
            for d in working_days_from(today, SHOWN_DAYS) {
                let slots = slots_on(d);
                prop_assert_eq!(slots.len(), 15);
                prop_assert_eq!(check_slot(slots[k], now), Ok(()));
                prop_assert_eq!(Date::from_unix_eat(slots[k]), d);
            }
        }
    }
}
