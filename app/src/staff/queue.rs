//! The officer's queue rules: where each application stands against its charter date, and
//! the filters an officer narrows the queue with. Pure, so the store and the page agree.

use crate::applications::calendar::{Date, add_working_days};
use crate::applications::state::State;
use serde::{Deserialize, Serialize};

/// Working days left at or under which an application is at risk of breaching its charter:
/// two days is what an officer needs to decide or to ask the citizen in time.
pub const AT_RISK_WORKING_DAYS: u32 = 2;

/// Applications on one page of the queue.
pub const PAGE_SIZE: u32 = 50;

/// Longest search text.
pub const MAX_SEARCH_CHARS: usize = 60;

/// Where an open application stands against its charter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CharterStatus {
    /// More than [`AT_RISK_WORKING_DAYS`] working days left.
    OnTime,
    /// Due within [`AT_RISK_WORKING_DAYS`] working days.
    AtRisk,
    /// The agency missed the date (even if it has set a new one since).
    Breached,
    /// The clock is stopped: the citizen owes an answer.
    Paused,
}

impl CharterStatus {
    /// Every status, most urgent first.
    pub const ALL: [CharterStatus; 4] =
        [CharterStatus::Breached, CharterStatus::AtRisk, CharterStatus::OnTime, CharterStatus::Paused];

    /// Code in URLs.
    pub fn code(self) -> &'static str {
        match self {
            CharterStatus::OnTime => "on_time",
            CharterStatus::AtRisk => "at_risk",
            CharterStatus::Breached => "breached",
            CharterStatus::Paused => "paused",
        }
    }

    /// From [`CharterStatus::code`].
    pub fn from_code(code: &str) -> Option<Self> {
        CharterStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The dates that split the queue, for a given day (ISO dates, as stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thresholds {
    /// Today in EAT: due before this is breached.
    pub today: String,
    /// Due on or before this (and not breached) is at risk.
    pub at_risk_until: String,
}

impl Thresholds {
    /// The thresholds on `today`.
    pub fn on(today: Date) -> Thresholds {
        Thresholds { today: today.iso(), at_risk_until: add_working_days(today, AT_RISK_WORKING_DAYS, &[]).iso() }
    }
}

/// Where an application stands, from its state and dates.
pub fn charter_status(state: State, due_date: Option<&str>, missed_on: Option<&str>, t: &Thresholds) -> CharterStatus {
    if !state.clock_running() {
        return CharterStatus::Paused;
    }
    match due_date {
        _ if missed_on.is_some() => CharterStatus::Breached,
        Some(due) if due < t.today.as_str() => CharterStatus::Breached,
        Some(due) if due <= t.at_risk_until.as_str() => CharterStatus::AtRisk,
        _ => CharterStatus::OnTime,
    }
}

/// Where the next page starts: after this due date and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// The due date of the last row shown (`9999-12-31` for none).
    pub due: String,
    /// Its id.
    pub id: i64,
}

impl Cursor {
    /// `2026-12-01.123`, for the `after` parameter.
    pub fn encode(&self) -> String {
        format!("{}.{}", self.due, self.id)
    }

    /// From [`Cursor::encode`].
    pub fn decode(s: &str) -> Option<Cursor> {
        let (due, id) = s.split_once('.')?;
        let ok = due.len() == 10
            && due.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
        let id: i64 = id.parse().ok().filter(|n| *n > 0)?;
        ok.then(|| Cursor { due: due.to_string(), id })
    }
}

/// The sort key of a due date: applications without one go last.
pub fn due_key(due_date: Option<&str>) -> String {
    due_date.unwrap_or("9999-12-31").to_string()
}

/// What the officer asked the queue for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueueFilter {
    /// Only this charter status.
    pub charter: Option<CharterStatus>,
    /// Only this state.
    pub state: Option<State>,
    /// A reference, an applicant's name or ID number (trimmed; empty for all).
    pub search: String,
    /// Only those assigned to the officer asking.
    pub mine: bool,
    /// Only those nobody has taken.
    pub unassigned: bool,
    /// The page starts after this position (onwards in the queue's order).
    pub after: Option<Cursor>,
    /// The page ends before this position (back towards the start).
    pub before: Option<Cursor>,
}

/// Why a queue address cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterProblem {
    /// `charter` is not a status.
    Charter,
    /// `state` is not an open state.
    State,
    /// The search is longer than [`MAX_SEARCH_CHARS`].
    SearchTooLong,
    /// `after` or `before` is not a page position, or both are given.
    Page,
}

/// The open states an officer can filter on.
pub const OPEN_STATES: [State; 5] =
    [State::Queued, State::InReview, State::NeedsInfo, State::Resubmitted, State::Approved];

fn nonempty(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|v| !v.is_empty())
}

/// Reads the queue's query parameters (empty values mean "any").
pub fn parse_filter(
    charter: Option<&str>,
    state: Option<&str>,
    search: Option<&str>,
    assigned: Option<&str>,
    after: Option<&str>,
    before: Option<&str>,
) -> Result<QueueFilter, FilterProblem> {
    let charter = match nonempty(charter) {
        None => None,
        Some(c) => Some(CharterStatus::from_code(c).ok_or(FilterProblem::Charter)?),
    };
    let state = match nonempty(state) {
        None => None,
        Some(s) => Some(State::from_code(s).filter(|s| OPEN_STATES.contains(s)).ok_or(FilterProblem::State)?),
    };
    let search: String = nonempty(search).unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ");
    if search.chars().count() > MAX_SEARCH_CHARS {
        return Err(FilterProblem::SearchTooLong);
    }
    let (after, before) = match crate::paging::Seek::parse(before, after, Cursor::decode).ok_or(FilterProblem::Page)? {
        crate::paging::Seek::First => (None, None),
        crate::paging::Seek::After(c) => (Some(c), None),
        crate::paging::Seek::Before(c) => (None, Some(c)),
    };
    let assigned = nonempty(assigned);
    Ok(QueueFilter {
        charter,
        state,
        search,
        mine: assigned == Some("me"),
        unassigned: assigned == Some("none"),
        after,
        before,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t() -> Thresholds {
        // Friday 4 December 2026: two working days on is Tuesday the 8th.
        Thresholds::on(Date::new(2026, 12, 4).unwrap())
    }

    #[test]
    fn the_weekend_does_not_count_towards_the_risk_window() {
        assert_eq!(t().at_risk_until, "2026-12-08");
    }

    #[test]
    fn status_follows_the_due_date_and_a_missed_date_stays_breached() {
        let s = |due: &str| charter_status(State::Queued, Some(due), None, &t());
        assert_eq!(s("2026-12-03"), CharterStatus::Breached);
        assert_eq!(s("2026-12-04"), CharterStatus::AtRisk, "due today");
        assert_eq!(s("2026-12-08"), CharterStatus::AtRisk);
        assert_eq!(s("2026-12-09"), CharterStatus::OnTime);
        assert_eq!(
            charter_status(State::InReview, Some("2027-01-30"), Some("2026-11-30"), &t()),
            CharterStatus::Breached
        );
        assert_eq!(charter_status(State::NeedsInfo, Some("2026-12-01"), None, &t()), CharterStatus::Paused);
        assert_eq!(charter_status(State::Approved, None, None, &t()), CharterStatus::OnTime);
    }

    #[test]
    fn filters_are_read_strictly() {
        let f = parse_filter(
            Some("at_risk"),
            Some("in_review"),
            Some("  Wanjiku   Kamau "),
            Some("me"),
            Some("2026-12-01.42"),
            None,
        );
        assert_eq!(
            f,
            Ok(QueueFilter {
                charter: Some(CharterStatus::AtRisk),
                state: Some(State::InReview),
                search: "Wanjiku Kamau".into(),
                mine: true,
                unassigned: false,
                after: Some(Cursor { due: "2026-12-01".into(), id: 42 }),
                before: None,
            })
        );
        assert_eq!(
            parse_filter(Some(""), Some(""), Some(""), Some(""), Some(""), Some("")),
            Ok(QueueFilter::default())
        );
        assert_eq!(parse_filter(Some("late"), None, None, None, None, None), Err(FilterProblem::Charter));
        assert_eq!(parse_filter(None, Some("issued"), None, None, None, None), Err(FilterProblem::State), "not open");
        assert_eq!(
            parse_filter(None, None, Some(&"x".repeat(61)), None, None, None),
            Err(FilterProblem::SearchTooLong)
        );
        for bad in ["2026-12-01", "2026-12-01.-1", "x.1", "2026/12/01.1", "2026-12-01.1.2"] {
            assert_eq!(parse_filter(None, None, None, None, Some(bad), None), Err(FilterProblem::Page), "{bad}");
            assert_eq!(parse_filter(None, None, None, None, None, Some(bad)), Err(FilterProblem::Page), "{bad}");
        }
        let back = parse_filter(None, None, None, None, None, Some("2026-12-01.7")).unwrap();
        assert_eq!((back.after, back.before), (None, Some(Cursor { due: "2026-12-01".into(), id: 7 })));
        let both = parse_filter(None, None, None, None, Some("2026-12-01.7"), Some("2026-12-02.8"));
        assert_eq!(both, Err(FilterProblem::Page), "one way at a time");
    }

    proptest! {
        #[test]
        fn cursors_round_trip(days in 0i64..40_000, id in 1i64..i64::MAX) {
            let c = Cursor { due: Date::from_days(days).iso(), id };
            prop_assert_eq!(Cursor::decode(&c.encode()), Some(c));
        }

        #[test]
        fn the_status_never_improves_as_the_due_date_nears(today in 20_000i64..21_000, due in 20_000i64..21_000) {
            let t = Thresholds::on(Date::from_days(today));
            let rank = |s: CharterStatus| CharterStatus::ALL.iter().position(|x| *x == s).unwrap();
            let later = charter_status(State::Queued, Some(&Date::from_days(due + 1).iso()), None, &t);
            let sooner = charter_status(State::Queued, Some(&Date::from_days(due).iso()), None, &t);
            prop_assert!(rank(sooner) <= rank(later));
        }
    }
}
