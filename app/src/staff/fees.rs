//! Fee changes, maker-checker: an agency admin proposes a new price for one option of one of
//! the agency's services, from a set date; a different admin of the agency approves or rejects
//! it; on that date the price changes in the catalogue. Nobody changes a fee alone, nothing
//! changes retroactively, and applications already submitted keep the price they were given.

use crate::accounts::model::Role;
use crate::accounts::service::store_err;
use crate::accounts::session::Caller;
use crate::applications::calendar::Date;
use crate::error::{AppError, Problem};
use crate::money::Money;
use crate::ssr::AppState;
use crate::store::StoreError;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// Who manages an agency's fees.
pub const FEE_ROLES: &[Role] = &[Role::AgencyAdmin];

/// The furthest ahead a change may be set (days): a year's notice is plenty, and a typo in the
/// year should not hide a change for decades.
pub const MAX_DAYS_AHEAD: i64 = 366;

/// Largest fee, in shillings (KSh 10 million): anything larger is a slip of the keyboard.
pub const MAX_FEE_MINOR: i64 = 10_000_000 * 100;

/// Where a fee change stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FeeChangeState {
    /// Waiting for a second admin.
    Proposed,
    /// Approved; applies on its date.
    Approved,
    /// Turned down by a second admin.
    Rejected,
    /// In the catalogue since its date.
    Applied,
    /// Taken back by the admin who proposed it.
    Withdrawn,
}

impl FeeChangeState {
    /// Every state.
    pub const ALL: [FeeChangeState; 5] = [
        FeeChangeState::Proposed,
        FeeChangeState::Approved,
        FeeChangeState::Rejected,
        FeeChangeState::Applied,
        FeeChangeState::Withdrawn,
    ];

    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            FeeChangeState::Proposed => "proposed",
            FeeChangeState::Approved => "approved",
            FeeChangeState::Rejected => "rejected",
            FeeChangeState::Applied => "applied",
            FeeChangeState::Withdrawn => "withdrawn",
        }
    }

    /// From a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        FeeChangeState::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// A stored fee change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeChange {
    /// Id.
    pub id: i64,
    /// The agency.
    pub agency_code: String,
    /// The service.
    pub service_code: String,
    /// The option.
    pub variant_code: String,
    /// Price when proposed, cents.
    pub old_amount_minor: i64,
    /// New price, cents.
    pub new_amount_minor: i64,
    /// ISO date from which it applies.
    pub effective_from: String,
    /// Why.
    pub reason: String,
    /// Where it stands.
    pub state: FeeChangeState,
    /// Who proposed it.
    pub proposed_by: i64,
    /// Their name.
    pub proposed_by_name: String,
    /// Who decided it.
    pub decided_by: Option<i64>,
    /// The decision's note.
    pub decision_note: String,
}

/// A change to propose (checked by [`check_proposal`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFeeChange {
    /// The agency.
    pub agency_code: String,
    /// The service.
    pub service_code: String,
    /// The option.
    pub variant_code: String,
    /// Price now, cents.
    pub old_amount_minor: i64,
    /// New price, cents.
    pub new_amount_minor: i64,
    /// ISO date.
    pub effective_from: String,
    /// Why.
    pub reason: String,
    /// Who proposes.
    pub proposed_by: i64,
    /// Unix seconds.
    pub now: i64,
}

/// Why a proposal or decision is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeeProblem {
    /// The amount is not a price (or too large).
    Amount,
    /// The new price is the price already.
    Unchanged,
    /// The date is not a date, is not after today, or is too far ahead.
    Date,
    /// The reason is missing or too long.
    Reason,
    /// The checker is the maker.
    SamePerson,
    /// Already decided (or withdrawn, or applied).
    Decided,
}

impl From<FeeProblem> for AppError {
    fn from(p: FeeProblem) -> AppError {
        AppError::Problem(match p {
            FeeProblem::Amount => Problem::FeeAmountInvalid,
            FeeProblem::Unchanged => Problem::FeeUnchanged,
            FeeProblem::Date => Problem::FeeDateInvalid,
            FeeProblem::Reason => Problem::NoteMissing,
            FeeProblem::SamePerson => Problem::FeeSamePerson,
            FeeProblem::Decided => Problem::FeeChangeDecided,
        })
    }
}

/// Reads and checks a proposal: the amount as typed in the schedule's currency, a date after
/// `today` and at most [`MAX_DAYS_AHEAD`] days on, a reason of 5–500 characters.
pub fn check_proposal(
    amount: &str,
    currency: crate::money::Currency,
    current_minor: i64,
    effective_from: &str,
    reason: &str,
    today: Date,
) -> Result<(i64, String, String), FeeProblem> {
    let amount = Money::parse_major(amount, currency).map_err(|_| FeeProblem::Amount)?;
    if amount.minor < 0 || amount.minor > MAX_FEE_MINOR {
        return Err(FeeProblem::Amount);
    }
    if amount.minor == current_minor {
        return Err(FeeProblem::Unchanged);
    }
    let date = parse_iso(effective_from.trim()).ok_or(FeeProblem::Date)?;
    let ahead = date.to_days() - today.to_days();
    if !(1..=MAX_DAYS_AHEAD).contains(&ahead) {
        return Err(FeeProblem::Date);
    }
    let reason = reason.trim();
    if !(5..=500).contains(&reason.chars().count()) {
        return Err(FeeProblem::Reason);
    }
    Ok((amount.minor, date.iso(), reason.to_string()))
}

/// `2026-12-31` → a date that exists.
pub fn parse_iso(s: &str) -> Option<Date> {
    let mut parts = s.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// The state a decision moves a change to, if `decider` may make it.
pub fn decide(
    state: FeeChangeState,
    proposed_by: i64,
    decider: i64,
    approve: bool,
) -> Result<FeeChangeState, FeeProblem> {
    if state != FeeChangeState::Proposed {
        return Err(FeeProblem::Decided);
    }
    if decider == proposed_by {
        return Err(FeeProblem::SamePerson);
    }
    Ok(if approve { FeeChangeState::Approved } else { FeeChangeState::Rejected })
}

/// Storage for fee changes.
#[async_trait]
pub trait FeeChangeStore: Send + Sync {
    /// Records a proposal; returns its id.
    async fn propose_fee_change(&self, c: &NewFeeChange) -> Result<i64, StoreError>;
    /// An agency's fee changes, newest first.
    async fn fee_changes_of(&self, agency_code: &str, limit: u32) -> Result<Vec<FeeChange>, StoreError>;
    /// One change of the agency.
    async fn fee_change(&self, agency_code: &str, id: i64) -> Result<Option<FeeChange>, StoreError>;
    /// Moves a change from `from` to `to`, as decided by `by`; `false` when it was no longer in
    /// `from` (someone decided first).
    async fn set_fee_change_state(
        &self,
        id: i64,
        from: FeeChangeState,
        to: FeeChangeState,
        by: i64,
        note: &str,
        now: i64,
    ) -> Result<bool, StoreError>;
    /// Writes every approved change due by `today` (ISO) into the catalogue and marks it
    /// applied, in one transaction that bumps the catalogue version; returns how many.
    async fn apply_due_fee_changes(&self, today: &str, now: i64) -> Result<u64, StoreError>;
}

/// Today in EAT.
fn today(state: &AppState) -> Date {
    Date::from_unix_eat(state.clock.now())
}

/// Proposes `amount` for option `variant` of `service` (one of the caller's agency's) from
/// `effective_from`.
pub async fn propose(
    state: &AppState,
    caller: &Caller,
    service: &str,
    variant: &str,
    amount: &str,
    effective_from: &str,
    reason: &str,
) -> Result<i64, AppError> {
    let (me, agency) = caller.agency_staff(FEE_ROLES)?;
    let live = state.catalogue.current();
    let service = live
        .catalogue
        .service(service.trim())
        .filter(|s| s.agency.as_str() == agency)
        .ok_or(Problem::ServiceUnknown)?;
    let option = service.fees.variant(variant.trim()).ok_or(Problem::VariantUnknown)?;
    let (new_minor, date, reason) =
        check_proposal(amount, service.fees.currency, option.amount_minor, effective_from, reason, today(state))?;
    let change = NewFeeChange {
        agency_code: agency,
        service_code: service.code.to_string(),
        variant_code: option.code.clone(),
        old_amount_minor: option.amount_minor,
        new_amount_minor: new_minor,
        effective_from: date,
        reason,
        proposed_by: me,
        now: state.clock.now(),
    };
    let id = state.store.propose_fee_change(&change).await.map_err(store_err)?;
    let detail = format!(
        "{} {} {} → {} from {}",
        change.service_code, change.variant_code, change.old_amount_minor, new_minor, change.effective_from
    );
    crate::accounts::service::audit(state, "fee_change_proposed", Some(me), None, &caller.client, detail).await;
    Ok(id)
}

/// Approves or rejects a change another admin of the agency proposed, or (`withdraw`) takes
/// back one's own.
pub async fn decide_change(
    state: &AppState,
    caller: &Caller,
    id: i64,
    decision: &str,
    note: &str,
) -> Result<(), AppError> {
    let (me, agency) = caller.agency_staff(FEE_ROLES)?;
    let change = state.store.fee_change(&agency, id).await.map_err(store_err)?.ok_or(AppError::NotFound)?;
    let note = note.trim();
    if note.chars().count() > 500 {
        return Err(FeeProblem::Reason.into());
    }
    let to = match decision {
        "approve" => decide(change.state, change.proposed_by, me, true)?,
        "reject" if note.is_empty() => return Err(FeeProblem::Reason.into()),
        "reject" => decide(change.state, change.proposed_by, me, false)?,
        "withdraw" if change.proposed_by != me => return Err(AppError::Forbidden),
        "withdraw" if change.state != FeeChangeState::Proposed => return Err(FeeProblem::Decided.into()),
        "withdraw" => FeeChangeState::Withdrawn,
        _ => return Err(AppError::BadRequest("decision must be approve, reject or withdraw".into())),
    };
    let changed = state
        .store
        .set_fee_change_state(id, FeeChangeState::Proposed, to, me, note, state.clock.now())
        .await
        .map_err(store_err)?;
    if !changed {
        return Err(FeeProblem::Decided.into());
    }
    let detail = format!("fee change {id} {}", to.code());
    crate::accounts::service::audit(state, "fee_change_decided", Some(me), None, &caller.client, detail).await;
    Ok(())
}

/// Applies every approved change whose date has come (run by each server every minute; the
/// state check in the store makes a change apply once).
pub async fn apply_due(state: &AppState) -> Result<u64, StoreError> {
    state.store.apply_due_fee_changes(&today(state).iso(), state.clock.now()).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn today() -> Date {
        Date::new(2026, 12, 5).unwrap()
    }

    #[test]
    fn a_proposal_needs_a_new_price_a_future_date_and_a_reason() {
        let ok = check_proposal("5,000", Currency::Kes, 455_000, "2027-01-01", "Finance Act 2026", today());
        assert_eq!(ok, Ok((500_000, "2027-01-01".into(), "Finance Act 2026".into())));
        let bad = |amount: &str, date: &str, reason: &str| {
            check_proposal(amount, Currency::Kes, 455_000, date, reason, today()).unwrap_err()
        };
        assert_eq!(bad("4550", "2027-01-01", "Finance Act"), FeeProblem::Unchanged);
        for amount in ["", "-1", "abc", "10000000.01", "1.234"] {
            assert_eq!(bad(amount, "2027-01-01", "Finance Act"), FeeProblem::Amount, "{amount}");
        }
        for date in ["2026-12-05", "2026-12-04", "2027-12-07", "2027-02-30", "1/1/2027", "2027-1-01", ""] {
            assert_eq!(bad("5000", date, "Finance Act"), FeeProblem::Date, "{date}");
        }
        assert_eq!(bad("5000", "2027-01-01", "  no "), FeeProblem::Reason);
        assert_eq!(bad("5000", "2027-01-01", &"x".repeat(501)), FeeProblem::Reason);
        assert!(check_proposal("0", Currency::Kes, 455_000, "2026-12-06", "Waived by the CS", today()).is_ok());
    }

    #[test]
    fn only_a_second_admin_decides_and_only_once() {
        use FeeChangeState::*;
        assert_eq!(decide(Proposed, 1, 2, true), Ok(Approved));
        assert_eq!(decide(Proposed, 1, 2, false), Ok(Rejected));
        assert_eq!(decide(Proposed, 1, 1, true), Err(FeeProblem::SamePerson));
        for s in [Approved, Rejected, Applied, Withdrawn] {
            assert_eq!(decide(s, 1, 2, true), Err(FeeProblem::Decided));
        }
        for s in FeeChangeState::ALL {
            assert_eq!(FeeChangeState::from_code(s.code()), Some(s));
        }
    }
}
