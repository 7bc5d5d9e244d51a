//! The agency admin's offices: add one, change its details and the citizens it sees per
//! half-hour slot, and close it on given days (a holiday of its own, staff training). A change
//! never strands a citizen: the capacity cannot go below what a future slot already holds,
//! and a day with bookings cannot close until they are moved. Every change is audited.

use crate::accounts::model::Role;
use crate::accounts::service::store_err;
use crate::accounts::session::Caller;
use crate::applications::calendar::{Date, is_working_day};
use crate::appointments::ports::Office;
use crate::appointments::schedule::day_start;
use crate::error::{AppError, Problem};
use crate::ssr::AppState;
use crate::store::StoreError;
use async_trait::async_trait;

/// Who manages offices: the agency's admins, and platform admins for any agency.
pub const OFFICE_ROLES: &[Role] = &[Role::AgencyAdmin, Role::PlatformAdmin];

/// Days ahead the office list counts bookings over.
pub const OVERVIEW_DAYS: i64 = 14;

/// Most citizens one office sees in a half-hour slot: more is a typo, not an office.
pub const MAX_CAPACITY: i64 = 50;

/// Furthest ahead a closure may be set (days).
pub const MAX_CLOSURE_DAYS_AHEAD: i64 = 366;

/// Why office details or a closure are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfficeProblem {
    /// Not `<agency>-` then lower-case letters, digits and single hyphens, up to 60.
    Code,
    /// Name missing or too long.
    Name,
    /// Town missing or too long.
    Town,
    /// Address missing or too long.
    Address,
    /// Not a whole number from 1 to [`MAX_CAPACITY`].
    Capacity,
    /// Not a working day from today to [`MAX_CLOSURE_DAYS_AHEAD`] days on.
    Date,
    /// Reason missing or too long.
    Reason,
}

impl From<OfficeProblem> for AppError {
    fn from(p: OfficeProblem) -> AppError {
        AppError::Problem(match p {
            OfficeProblem::Code => Problem::OfficeCodeInvalid,
            OfficeProblem::Name => Problem::OfficeNameInvalid,
            OfficeProblem::Town => Problem::OfficeTownInvalid,
            OfficeProblem::Address => Problem::OfficeAddressInvalid,
            OfficeProblem::Capacity => Problem::OfficeCapacityInvalid,
            OfficeProblem::Date => Problem::ClosureDateInvalid,
            OfficeProblem::Reason => Problem::ClosureReasonInvalid,
        })
    }
}

/// An office's details as checked by [`check_details`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeDetails {
    /// Name shown to citizens.
    pub name: String,
    /// Town.
    pub town: String,
    /// Address.
    pub address: String,
    /// Citizens per slot.
    pub capacity: i64,
}

/// Trimmed `s` if it has `min..=max` characters and no control characters (the name and
/// address go into SMS confirmations, where a line break or escape would garble them).
fn plain(s: &str, min: usize, max: usize) -> Option<String> {
    let s = s.trim();
    let n = s.chars().count();
    ((min..=max).contains(&n) && !s.chars().any(char::is_control)).then(|| s.to_string())
}

/// Checks a new office's code: the agency's code, a hyphen, then lower-case letters, digits
/// and single hyphens, 60 characters at most (so two agencies never pick the same code).
pub fn check_code(code: &str, agency: &str) -> Result<String, OfficeProblem> {
    let code = code.trim();
    let rest = code.strip_prefix(agency).and_then(|r| r.strip_prefix('-')).ok_or(OfficeProblem::Code)?;
    let ok = code.len() <= 60
        && !rest.is_empty()
        && rest.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !rest.starts_with('-')
        && !rest.ends_with('-')
        && !rest.contains("--");
    if ok { Ok(code.to_string()) } else { Err(OfficeProblem::Code) }
}

/// Checks an office's details as typed: name 3–100 characters, town 2–60, address 5–200,
/// capacity a whole number from 1 to [`MAX_CAPACITY`].
pub fn check_details(name: &str, town: &str, address: &str, capacity: &str) -> Result<OfficeDetails, OfficeProblem> {
    let name = plain(name, 3, 100).ok_or(OfficeProblem::Name)?;
    let town = plain(town, 2, 60).ok_or(OfficeProblem::Town)?;
    let address = plain(address, 5, 200).ok_or(OfficeProblem::Address)?;
    let capacity: i64 = capacity.trim().parse().map_err(|_| OfficeProblem::Capacity)?;
    if !(1..=MAX_CAPACITY).contains(&capacity) {
        return Err(OfficeProblem::Capacity);
    }
    Ok(OfficeDetails { name, town, address, capacity })
}

/// The first slot (by time) of `slots` — `(start, places taken)` — holding more citizens than
/// `capacity`: the slot that stops the capacity going that low.
pub fn first_overbooked(slots: &[(i64, i64)], capacity: i64) -> Option<(i64, i64)> {
    slots.iter().filter(|(_, booked)| *booked > capacity).min_by_key(|(at, _)| *at).copied()
}

/// Checks a closure: an ISO date that is a working day from `today` to
/// [`MAX_CLOSURE_DAYS_AHEAD`] days on (weekends and public holidays offer no slots anyway),
/// and a reason of 3–200 characters.
pub fn check_closure(day: &str, reason: &str, today: Date) -> Result<(Date, String), OfficeProblem> {
    let date = super::fees::parse_iso(day.trim()).ok_or(OfficeProblem::Date)?;
    let ahead = date.to_days() - today.to_days();
    if !(0..=MAX_CLOSURE_DAYS_AHEAD).contains(&ahead) || !is_working_day(date, &[]) {
        return Err(OfficeProblem::Date);
    }
    let reason = plain(reason, 3, 200).ok_or(OfficeProblem::Reason)?;
    Ok((date, reason))
}

/// New details for an existing office.
#[derive(Debug, Clone)]
pub struct OfficeUpdate {
    /// The agency it must belong to.
    pub agency_code: String,
    /// The office.
    pub office_code: String,
    /// The new details.
    pub details: OfficeDetails,
    /// Unix seconds: slots from now on must fit the new capacity.
    pub now: i64,
}

/// A day to close an office.
#[derive(Debug, Clone)]
pub struct NewClosure {
    /// The agency it must belong to.
    pub agency_code: String,
    /// The office.
    pub office_code: String,
    /// The day, ISO.
    pub day: String,
    /// Midnight EAT at its start, Unix seconds.
    pub day_start: i64,
    /// Why.
    pub reason: String,
    /// Who closes it.
    pub closed_by: i64,
    /// Unix seconds.
    pub now: i64,
}

/// A stored closure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closure {
    /// The office.
    pub office_code: String,
    /// The day, ISO.
    pub day: String,
    /// Why.
    pub reason: String,
    /// Who closed it.
    pub closed_by_name: String,
}

/// Why the store refused an office change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfficeRefusal {
    /// No such office in the agency.
    NoOffice,
    /// A future slot holds more than the new capacity (the first one).
    Overbooked {
        /// Its start, Unix seconds.
        starts_at: i64,
        /// Places taken.
        booked: i64,
    },
    /// The day has live bookings.
    DayBooked {
        /// How many.
        bookings: i64,
    },
    /// Closed that day already.
    AlreadyClosed,
}

impl From<OfficeRefusal> for AppError {
    fn from(r: OfficeRefusal) -> AppError {
        match r {
            OfficeRefusal::NoOffice => AppError::NotFound,
            OfficeRefusal::Overbooked { starts_at, booked } => Problem::OfficeOverbooked { starts_at, booked }.into(),
            OfficeRefusal::DayBooked { bookings } => Problem::OfficeDayBooked { bookings }.into(),
            OfficeRefusal::AlreadyClosed => Problem::OfficeAlreadyClosed.into(),
        }
    }
}

/// Storage for office administration (offices themselves are added through
/// [`crate::appointments::ports::AppointmentStore::add_offices`]).
#[async_trait]
pub trait OfficeStore: Send + Sync {
    /// Places booked at each of the agency's offices in slots starting in `[from, to)`, by
    /// office code (offices without bookings are absent).
    async fn office_bookings(&self, agency_code: &str, from: i64, to: i64) -> Result<Vec<(String, i64)>, StoreError>;
    /// Changes an office's details, unless a slot from `now` on holds more citizens than the
    /// new capacity; checked and written in one transaction that holds off bookings.
    async fn update_office(&self, u: &OfficeUpdate) -> Result<Result<(), OfficeRefusal>, StoreError>;
    /// Closes the office on the day, unless it has live bookings that day; checked and written
    /// in one transaction that holds off bookings.
    async fn close_office_day(&self, c: &NewClosure) -> Result<Result<(), OfficeRefusal>, StoreError>;
    /// Reopens a closed day of one of the agency's offices; whether it was closed.
    async fn reopen_office_day(&self, agency_code: &str, office_code: &str, day: &str) -> Result<bool, StoreError>;
    /// Closures of the agency's offices on `from` (ISO) and after, by day.
    async fn agency_closures(&self, agency_code: &str, from: &str) -> Result<Vec<Closure>, StoreError>;
    /// The days (ISO) in `[from, to]` the office is closed.
    async fn closed_days(&self, office_code: &str, from: &str, to: &str) -> Result<Vec<String>, StoreError>;
}

/// The agency whose offices `caller` manages: their own (naming another is refused), or for
/// a platform admin the one named (which must exist).
pub fn managed_agency(state: &AppState, caller: &Caller, asked: Option<&str>) -> Result<(i64, String), AppError> {
    let me = caller.account()?;
    let asked = asked.map(str::trim).filter(|a| !a.is_empty());
    match me.role {
        Role::PlatformAdmin => {
            let code = asked.ok_or(Problem::OfficeAgencyUnknown)?;
            let live = state.catalogue.current();
            let agency = live.catalogue.agency(code).ok_or(Problem::OfficeAgencyUnknown)?;
            Ok((me.id, agency.code.as_str().to_string()))
        }
        Role::AgencyAdmin => {
            let own = me.agency.clone().ok_or(AppError::Forbidden)?;
            if asked.is_some_and(|a| a != own) {
                tracing::warn!(target: "security", account = me.id, asked, "refused: another agency's offices");
                return Err(AppError::Forbidden);
            }
            Ok((me.id, own))
        }
        _ => Err(AppError::Forbidden),
    }
}

/// One of the agency's offices, or not found (another agency's office is not revealed).
async fn agency_office(state: &AppState, agency: &str, code: &str) -> Result<Office, AppError> {
    let offices = state.store.offices_of_agency(agency).await.map_err(store_err)?;
    offices.into_iter().find(|o| o.code == code.trim()).ok_or(AppError::NotFound)
}

/// Adds an office to the agency; returns its code.
#[allow(clippy::too_many_arguments)]
pub async fn add_office(
    state: &AppState,
    caller: &Caller,
    agency: Option<&str>,
    code: &str,
    name: &str,
    town: &str,
    address: &str,
    capacity: &str,
) -> Result<String, AppError> {
    let (me, agency) = managed_agency(state, caller, agency)?;
    let code = check_code(code, &agency)?;
    let d = check_details(name, town, address, capacity)?;
    let office = Office {
        code: code.clone(),
        agency_code: agency.clone(),
        name: d.name,
        town: d.town,
        address: d.address,
        capacity: d.capacity,
    };
    if state.store.add_offices(std::slice::from_ref(&office)).await.map_err(store_err)? == 0 {
        return Err(Problem::OfficeCodeTaken.into());
    }
    let detail = format!("{code} ({agency}): {}, {}, {} per slot", office.name, office.town, office.capacity);
    crate::accounts::service::audit(state, "office_added", Some(me), None, &caller.client, detail).await;
    Ok(code)
}

/// Changes an office's name, town, address and capacity.
#[allow(clippy::too_many_arguments)]
pub async fn update_office(
    state: &AppState,
    caller: &Caller,
    agency: Option<&str>,
    code: &str,
    name: &str,
    town: &str,
    address: &str,
    capacity: &str,
) -> Result<String, AppError> {
    let (me, agency) = managed_agency(state, caller, agency)?;
    let before = agency_office(state, &agency, code).await?;
    let details = check_details(name, town, address, capacity)?;
    let update = OfficeUpdate {
        agency_code: agency,
        office_code: before.code.clone(),
        details: details.clone(),
        now: state.clock.now(),
    };
    state.store.update_office(&update).await.map_err(store_err)??;
    let detail = format!(
        "{}: {} / {} / {} / {} per slot (was {} / {} / {} / {})",
        before.code,
        details.name,
        details.town,
        details.address,
        details.capacity,
        before.name,
        before.town,
        before.address,
        before.capacity
    );
    crate::accounts::service::audit(state, "office_changed", Some(me), None, &caller.client, detail).await;
    Ok(before.code)
}

/// Closes an office on a day; returns the office's code.
pub async fn close_day(
    state: &AppState,
    caller: &Caller,
    agency: Option<&str>,
    code: &str,
    day: &str,
    reason: &str,
) -> Result<String, AppError> {
    let (me, agency) = managed_agency(state, caller, agency)?;
    let office = agency_office(state, &agency, code).await?;
    let now = state.clock.now();
    let (date, reason) = check_closure(day, reason, Date::from_unix_eat(now))?;
    let closure = NewClosure {
        agency_code: agency,
        office_code: office.code.clone(),
        day: date.iso(),
        day_start: day_start(date),
        reason,
        closed_by: me,
        now,
    };
    state.store.close_office_day(&closure).await.map_err(store_err)??;
    let detail = format!("{} closed on {}: {}", office.code, closure.day, closure.reason);
    crate::accounts::service::audit(state, "office_closed", Some(me), None, &caller.client, detail).await;
    Ok(office.code)
}

/// Reopens a day an office was closed on; returns the office's code.
pub async fn reopen_day(
    state: &AppState,
    caller: &Caller,
    agency: Option<&str>,
    code: &str,
    day: &str,
) -> Result<String, AppError> {
    let (me, agency) = managed_agency(state, caller, agency)?;
    let office = agency_office(state, &agency, code).await?;
    let date = super::fees::parse_iso(day.trim()).ok_or(Problem::OfficeNotClosed)?;
    if !state.store.reopen_office_day(&agency, &office.code, &date.iso()).await.map_err(store_err)? {
        return Err(Problem::OfficeNotClosed.into());
    }
    let detail = format!("{} reopened on {}", office.code, date.iso());
    crate::accounts::service::audit(state, "office_reopened", Some(me), None, &caller.client, detail).await;
    Ok(office.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_codes_start_with_the_agency_and_stay_simple() {
        assert_eq!(check_code(" immigration-eldoret ", "immigration"), Ok("immigration-eldoret".into()));
        assert_eq!(check_code("immigration-nyeri-2", "immigration"), Ok("immigration-nyeri-2".into()));
        for bad in [
            "ntsa-eldoret",
            "immigration",
            "immigration-",
            "immigrationeldoret",
            "immigration--eldoret",
            "immigration-Eldoret",
            "immigration-eldoret-",
            "immigration-el doret",
            "immigration-eldoret_1",
            "",
        ] {
            assert_eq!(check_code(bad, "immigration"), Err(OfficeProblem::Code), "{bad:?}");
        }
        let long = format!("immigration-{}", "a".repeat(49));
        assert_eq!(long.len(), 61);
        assert_eq!(check_code(&long, "immigration"), Err(OfficeProblem::Code));
        assert!(check_code(&long[..60], "immigration").is_ok());
    }

    #[test]
    fn details_need_a_name_town_address_and_a_sensible_capacity() {
        let ok = check_details(" Eldoret office ", "Eldoret", "KVDA Plaza, Oloo Street", " 6 ");
        assert_eq!(
            ok,
            Ok(OfficeDetails {
                name: "Eldoret office".into(),
                town: "Eldoret".into(),
                address: "KVDA Plaza, Oloo Street".into(),
                capacity: 6
            })
        );
        let bad = |n: &str, t: &str, a: &str, c: &str| check_details(n, t, a, c).unwrap_err();
        assert_eq!(bad("ab", "Eldoret", "KVDA Plaza", "6"), OfficeProblem::Name);
        assert_eq!(bad(&"n".repeat(101), "Eldoret", "KVDA Plaza", "6"), OfficeProblem::Name);
        assert_eq!(bad("Eldoret\noffice", "Eldoret", "KVDA Plaza", "6"), OfficeProblem::Name);
        assert_eq!(bad("Eldoret office", " ", "KVDA Plaza", "6"), OfficeProblem::Town);
        assert_eq!(bad("Eldoret office", &"t".repeat(61), "KVDA Plaza", "6"), OfficeProblem::Town);
        assert_eq!(bad("Eldoret office", "Eldoret", "KVDA", "6"), OfficeProblem::Address);
        assert_eq!(bad("Eldoret office", "Eldoret", &"a".repeat(201), "6"), OfficeProblem::Address);
        for c in ["0", "51", "-1", "2.5", "six", ""] {
            assert_eq!(bad("Eldoret office", "Eldoret", "KVDA Plaza", c), OfficeProblem::Capacity, "{c}");
        }
        assert_eq!(check_details("Eldoret office", "Eldoret", "KVDA Plaza", "50").map(|d| d.capacity), Ok(50));
        assert_eq!(check_details("Eldoret office", "Eldoret", "KVDA Plaza", "1").map(|d| d.capacity), Ok(1));
    }

    #[test]
    fn the_first_slot_over_the_new_capacity_is_named() {
        let slots = [(3_000, 2), (1_000, 1), (2_000, 4), (4_000, 4)];
        assert_eq!(first_overbooked(&slots, 4), None);
        assert_eq!(first_overbooked(&slots, 3), Some((2_000, 4)));
        assert_eq!(first_overbooked(&slots, 1), Some((2_000, 4)), "the earliest, not the fullest");
        assert_eq!(first_overbooked(&slots, 0), Some((1_000, 1)));
        assert_eq!(first_overbooked(&[], 1), None);
    }

    #[test]
    fn closures_are_working_days_from_today_with_a_reason() {
        // Friday 4 December 2026.
        let today = Date::new(2026, 12, 4).unwrap();
        assert_eq!(check_closure("2026-12-04", "Staff training", today), Ok((today, "Staff training".into())));
        assert!(check_closure("2026-12-07", " Stocktaking ", today).is_ok_and(|(_, r)| r == "Stocktaking"));
        for day in ["2026-12-03", "2026-12-05", "2026-12-25", "2027-12-07", "2026-02-30", "7/12/2026", ""] {
            assert_eq!(check_closure(day, "Staff training", today), Err(OfficeProblem::Date), "{day}");
        }
        assert_eq!(check_closure("2026-12-07", "no", today), Err(OfficeProblem::Reason));
        assert_eq!(check_closure("2026-12-07", &"r".repeat(201), today), Err(OfficeProblem::Reason));
    }
}
