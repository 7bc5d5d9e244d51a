//! Working days in Kenya, for service-charter due dates: weekends and public holidays are not
//! counted. Pure and deterministic; dates are proleptic Gregorian days in East Africa Time.
//!
//! Fixed holidays (Public Holidays Act, Cap. 110): New Year's Day, Labour Day, Madaraka Day,
//! Mazingira Day (10 October, from 2025; Huduma/Utamaduni Day before), Mashujaa Day, Jamhuri
//! Day, Christmas and Boxing Day; Good Friday and Easter Monday (computed); Idd-ul-Fitr (a table
//! of expected dates, since it is gazetted each year on the sighting of the moon). A holiday on
//! a Sunday is observed on the Monday. Ad-hoc gazetted holidays are passed in as `extra`.

use serde::{Deserialize, Serialize};

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month 1–12.
    pub month: u8,
    /// Day 1–31.
    pub day: u8,
}

impl Date {
    /// A date, if it exists.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let d = Date { year, month, day };
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(d)
    }

    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The date in East Africa Time (UTC+3) of a unix timestamp.
    pub fn from_unix_eat(ts: i64) -> Date {
        Date::from_days((ts + 3 * 3600).div_euclid(86_400))
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (3).
        ((self.to_days() + 3).rem_euclid(7)) as u8
    }

    /// The next day.
    pub fn succ(self) -> Date {
        Date::from_days(self.to_days() + 1)
    }

    /// `2026-11-23`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Easter Sunday (Gregorian, anonymous algorithm).
pub fn easter(year: i32) -> Date {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date { year, month: month as u8, day: day as u8 }
}

/// Expected Idd-ul-Fitr dates; the Cabinet Secretary gazettes the actual day each year.
const IDD_UL_FITR: [(i32, u8, u8); 9] = [
    (2022, 5, 3),
    (2023, 4, 21),
    (2024, 4, 10),
    (2025, 3, 31),
    (2026, 3, 20),
    (2027, 3, 10),
    (2028, 2, 27),
    (2029, 2, 15),
    (2030, 2, 5),
];

/// The public holidays of a year, as observed (Sunday holidays moved to Monday).
pub fn public_holidays(year: i32) -> Vec<Date> {
    let mut days: Vec<Date> = [(1, 1), (5, 1), (6, 1), (10, 20), (12, 12), (12, 25), (12, 26)]
        .iter()
        .filter_map(|&(m, d)| Date::new(year, m, d))
        .collect();
    // 10 October: Moi Day, then Huduma Day, Utamaduni Day, and Mazingira Day from 2025.
    days.extend(Date::new(year, 10, 10));
    let e = easter(year).to_days();
    days.push(Date::from_days(e - 2));
    days.push(Date::from_days(e + 1));
    days.extend(IDD_UL_FITR.iter().filter(|(y, _, _)| *y == year).filter_map(|&(y, m, d)| Date::new(y, m, d)));
    let mut observed: Vec<Date> = days.clone();
    for d in &days {
        if d.weekday() == 6 {
            let mut monday = d.succ();
            // Christmas on Sunday pushes Boxing Day's observance on too.
            while observed.contains(&monday) {
                monday = monday.succ();
            }
            observed.push(monday);
        }
    }
    observed.sort();
    observed.dedup();
    observed
}

/// Whether a date is a working day: Monday–Friday and not a holiday.
pub fn is_working_day(d: Date, extra: &[Date]) -> bool {
    d.weekday() < 5 && !extra.contains(&d) && !public_holidays(d.year).contains(&d)
}

/// The date `n` working days after `start` (the day of submission does not count; `n = 0`
/// gives `start`). This is the charter due date for a timeline of `n` working days.
pub fn add_working_days(start: Date, n: u32, extra: &[Date]) -> Date {
    let mut d = start;
    let mut left = n;
    while left > 0 {
        d = d.succ();
        if is_working_day(d, extra) {
            left -= 1;
        }
    }
    d
}

/// Working days from `from` (exclusive) to `to` (inclusive); negative when `to` is earlier.
pub fn working_days_between(from: Date, to: Date, extra: &[Date]) -> i64 {
    let (a, b, sign) = if to >= from { (from, to, 1) } else { (to, from, -1) };
    let mut d = a;
    let mut n = 0;
    while d < b {
        d = d.succ();
        if is_working_day(d, extra) {
            n += 1;
        }
    }
    sign * n
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn dates_and_weekdays() {
        assert_eq!(d(1970, 1, 1).to_days(), 0);
        assert_eq!(d(2026, 11, 23).weekday(), 0, "a Monday");
        assert_eq!(Date::from_days(d(2024, 2, 29).to_days()), d(2024, 2, 29));
        assert!(Date::new(2026, 2, 29).is_none());
        assert_eq!(Date::from_unix_eat(1_700_000_000).iso(), "2023-11-15");
    }

    #[test]
    fn easter_dates() {
        assert_eq!(easter(2024), d(2024, 3, 31));
        assert_eq!(easter(2025), d(2025, 4, 20));
        assert_eq!(easter(2026), d(2026, 4, 5));
    }

    #[test]
    fn kenyan_holidays() {
        let h = public_holidays(2026);
        for day in [
            d(2026, 1, 1),
            d(2026, 4, 3),
            d(2026, 4, 6),
            d(2026, 5, 1),
            d(2026, 6, 1),
            d(2026, 10, 20),
            d(2026, 12, 25),
        ] {
            assert!(h.contains(&day), "{}", day.iso());
        }
        // Jamhuri Day 2027 is a Sunday: observed Monday 13th.
        assert!(public_holidays(2027).contains(&d(2027, 12, 13)));
        // Christmas 2022 on Sunday: Monday 26th is Boxing Day, so Tuesday 27th is observed too.
        assert!(public_holidays(2022).contains(&d(2022, 12, 27)));
    }

    #[test]
    fn charter_due_dates() {
        // Friday 18 Dec 2026 + 5 working days skips the weekend, Christmas (Fri 25) and Boxing
        // Day (Sat 26): Mon 21, Tue 22, Wed 23, Thu 24, Mon 28.
        assert_eq!(add_working_days(d(2026, 12, 18), 5, &[]), d(2026, 12, 28));
        assert_eq!(add_working_days(d(2026, 11, 23), 0, &[]), d(2026, 11, 23));
        // An ad-hoc gazetted holiday counts too.
        assert_eq!(add_working_days(d(2026, 11, 23), 1, &[d(2026, 11, 24)]), d(2026, 11, 25));
    }

    proptest! {
        #[test]
        fn days_round_trip(days in -100_000i64..200_000) {
            prop_assert_eq!(Date::from_days(days).to_days(), days);
        }

        #[test]
        fn due_dates_are_working_days_and_monotonic(start in 19_000i64..24_000, n in 0u32..60) {
            let s = Date::from_days(start);
            let due = add_working_days(s, n, &[]);
            if n > 0 {
                prop_assert!(is_working_day(due, &[]));
                prop_assert!(due > s);
            }
            prop_assert_eq!(working_days_between(s, due, &[]), i64::from(n));
            prop_assert!(add_working_days(s, n + 1, &[]) > due);
            // Calendar days can only exceed working days.
            prop_assert!(due.to_days() - s.to_days() >= i64::from(n));
        }
    }
}
