//! An agency's team: its admins add staff from existing Mlango accounts (by national ID
//! number — people sign up themselves, so nobody is ever handed a password), change their role
//! or remove them. An admin cannot remove or demote themselves, the agency always keeps an
//! admin, and every change ends the person's sessions so it holds from their next request.

use crate::accounts::identity::DocumentKind;
use crate::accounts::model::Role;
use crate::accounts::ports::{Account, AccountKey};
use crate::accounts::service::{audit, store_err};
use crate::accounts::session::Caller;
use crate::catalogue::model::{AgencyKind, Localized};
use crate::contact::PhoneNumber;
use crate::error::{AppError, Problem};
use crate::ssr::AppState;
use crate::store::StoreError;
use async_trait::async_trait;

/// Who manages a team: the agency's admins, and platform admins for any agency.
pub const TEAM_ROLES: &[Role] = &[Role::AgencyAdmin, Role::PlatformAdmin];

/// The roles a member of an agency's team can have.
pub const STAFF_ROLES: [Role; 3] = [Role::AgencyOfficer, Role::AgencyAdmin, Role::AgencyFinance];

/// Most members one team page lists (the largest agencies have a few hundred staff on Mlango).
pub const TEAM_LIMIT: u32 = 1000;

/// One member of an agency's team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    /// Account id.
    pub id: i64,
    /// "First Other".
    pub name: String,
    /// National ID (or other document) number.
    pub document_number: String,
    /// Their role in the agency.
    pub role: Role,
    /// Their phone (shown masked).
    pub phone: PhoneNumber,
}

/// A role change to store: `from` is the role the person is expected to have now (a citizen
/// outside any agency when being added), `to` the new one (a citizen again when removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffChange {
    /// The person.
    pub account_id: i64,
    /// The agency.
    pub agency_code: String,
    /// Their role now.
    pub from: Role,
    /// Their role after.
    pub to: Role,
}

/// What storing a role change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffOutcome {
    /// Changed; this many of the person's sessions ended.
    Done {
        /// Sessions ended.
        sessions_ended: u64,
    },
    /// The person no longer had the expected role (someone else changed it first).
    Stale,
    /// It would have left the agency without an admin.
    LastAdmin,
}

/// An agency as the platform admins' list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencySummary {
    /// Code.
    pub code: String,
    /// Kind.
    pub kind: AgencyKind,
    /// Name.
    pub name: Localized,
    /// Accounts on its team.
    pub staff: i64,
    /// API keys not revoked.
    pub active_keys: i64,
}

/// An API key as its agency's page lists it (never the key or the webhook secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyInfo {
    /// Id.
    pub id: i64,
    /// Public part, `mlg_<prefix>_…`.
    pub prefix: String,
    /// What it is for.
    pub label: String,
    /// Where paid-invoice webhooks go.
    pub webhook_url: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds, once revoked.
    pub revoked_at: Option<i64>,
}

/// Storage for agencies' teams, the agencies overview and their API keys.
#[async_trait]
pub trait TeamStore: Send + Sync {
    /// The agency's staff, admins first, then by name.
    async fn staff_of(&self, agency_code: &str, limit: u32) -> Result<Vec<StaffMember>, StoreError>;
    /// Moves a person from `change.from` to `change.to` and ends all their sessions, in one
    /// transaction; refuses if they no longer have `from`, or if the agency would be left
    /// without an admin (checked under a lock on the agency, so two admins demoting each other
    /// at once cannot both succeed).
    async fn change_staff(&self, change: &StaffChange) -> Result<StaffOutcome, StoreError>;
    /// One agency with its counts.
    async fn agency_summary(&self, code: &str) -> Result<Option<AgencySummary>, StoreError>;
    /// Agencies whose code or name contains `query` (lower case; empty for all), by English
    /// name: how many match, and one page of them.
    async fn agencies_page(
        &self,
        query: &str,
        offset: u32,
        limit: u32,
    ) -> Result<(u64, Vec<AgencySummary>), StoreError>;
    /// The agency's API keys, newest first.
    async fn api_keys_of(&self, agency_code: &str) -> Result<Vec<ApiKeyInfo>, StoreError>;
    /// Revokes a live key of the agency; `false` if there is no such live key.
    async fn revoke_api_key(&self, agency_code: &str, key_id: i64, now: i64) -> Result<bool, StoreError>;
}

/// Why a team change is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamProblem {
    /// Not one of [`STAFF_ROLES`].
    RoleInvalid,
    /// The account is staff of another agency.
    OtherAgency,
    /// Platform admins and agents are never agency staff.
    NotEligible,
    /// On this team already.
    AlreadyMember,
    /// Not on this team.
    NotMember,
    /// The role asked for is the role they have.
    Unchanged,
    /// An admin removing or demoting themselves.
    SelfChange,
}

impl From<TeamProblem> for AppError {
    fn from(p: TeamProblem) -> AppError {
        AppError::Problem(match p {
            TeamProblem::RoleInvalid => Problem::StaffRoleInvalid,
            TeamProblem::OtherAgency => Problem::StaffOfOtherAgency,
            TeamProblem::NotEligible => Problem::StaffNotEligible,
            TeamProblem::AlreadyMember => Problem::StaffAlreadyMember,
            TeamProblem::NotMember => Problem::StaffNotMember,
            TeamProblem::Unchanged => Problem::StaffRoleUnchanged,
            TeamProblem::SelfChange => Problem::StaffSelfChange,
        })
    }
}

/// Reads a staff role from a form (`agency_officer`, `agency_admin`, `agency_finance`).
pub fn parse_staff_role(code: &str) -> Result<Role, TeamProblem> {
    Role::from_code(code.trim()).filter(|r| STAFF_ROLES.contains(r)).ok_or(TeamProblem::RoleInvalid)
}

/// Whether an account with `role` in `agency` (if any) may join `team`.
pub fn check_add(role: Role, agency: Option<&str>, team: &str) -> Result<(), TeamProblem> {
    match (role, agency) {
        (Role::PlatformAdmin | Role::Agent, _) => Err(TeamProblem::NotEligible),
        (_, Some(a)) if a == team => Err(TeamProblem::AlreadyMember),
        (_, Some(_)) => Err(TeamProblem::OtherAgency),
        // A staff role always names an agency (the database insists), so this is a citizen.
        (_, None) => Ok(()),
    }
}

/// Whether `actor` may move `target` (who has `role` in `agency`) on `team` to `to` (`None`:
/// remove them).
pub fn check_change(
    actor: i64,
    target: i64,
    role: Role,
    agency: Option<&str>,
    team: &str,
    to: Option<Role>,
) -> Result<(), TeamProblem> {
    if agency != Some(team) || !STAFF_ROLES.contains(&role) {
        return Err(TeamProblem::NotMember);
    }
    if to == Some(role) {
        return Err(TeamProblem::Unchanged);
    }
    // Only an agency admin can be on the team and acting on it, so any change to oneself is a
    // removal or a demotion.
    if actor == target {
        return Err(TeamProblem::SelfChange);
    }
    Ok(())
}

/// Whether a move from `from` to `to` leaves the agency an admin, when `other_admins` admins
/// besides the person remain.
pub fn keeps_an_admin(from: Role, to: Role, other_admins: i64) -> bool {
    from != Role::AgencyAdmin || to == Role::AgencyAdmin || other_admins > 0
}

/// `*****678`: enough of an ID number to tell colleagues apart, not enough to misuse.
pub fn mask_id(number: &str) -> String {
    let n = number.chars().count();
    let shown: String = number.chars().skip(n.saturating_sub(3)).collect();
    format!("{}{shown}", "*".repeat(n.saturating_sub(3).max(2)))
}

/// The acting admin, after checking they may manage `agency`'s team, and that it exists.
async fn team_admin(state: &AppState, caller: &Caller, agency: &str) -> Result<(Account, String), AppError> {
    let me = caller.account()?.clone();
    if !TEAM_ROLES.contains(&me.role) {
        return Err(AppError::Forbidden);
    }
    let agency = agency.trim().to_ascii_lowercase();
    caller.require_agency(&agency)?;
    if state.store.agency_summary(&agency).await.map_err(store_err)?.is_none() {
        return Err(Problem::AgencyUnknown.into());
    }
    Ok((me, agency))
}

/// The account with this national ID number.
pub async fn account_by_id_number(state: &AppState, id_number: &str) -> Result<Account, AppError> {
    let number: String = id_number.chars().filter(|c| !c.is_whitespace()).collect();
    if number.is_empty() || number.len() > 12 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::DocumentNumberInvalid.into());
    }
    state
        .store
        .find_account(AccountKey::Document(DocumentKind::NationalId, &number))
        .await
        .map_err(store_err)?
        .ok_or(Problem::StaffAccountUnknown.into())
}

/// Stores a change and records it in the audit log (naming the person, who acted, and the new
/// role), or says why it was not made.
async fn apply(
    state: &AppState,
    caller: &Caller,
    me: &Account,
    person: &Account,
    change: StaffChange,
    kind: &str,
) -> Result<(), AppError> {
    match state.store.change_staff(&change).await.map_err(store_err)? {
        StaffOutcome::Done { sessions_ended } => {
            let detail = format!(
                "{}: {} ({}) now {} (was {}), by {}; {sessions_ended} sessions ended",
                change.agency_code,
                person.full_name(),
                mask_id(&person.document_number),
                change.to.code(),
                change.from.code(),
                me.full_name(),
            );
            audit(state, kind, Some(person.id), Some(me.id), &caller.client, detail).await;
            Ok(())
        }
        StaffOutcome::Stale => Err(Problem::StaffChanged.into()),
        StaffOutcome::LastAdmin => Err(Problem::StaffLastAdmin.into()),
    }
}

/// Adds the holder of national ID `id_number` to `agency`'s team as `role`; returns their id.
pub async fn add_member(
    state: &AppState,
    caller: &Caller,
    agency: &str,
    id_number: &str,
    role: &str,
) -> Result<i64, AppError> {
    let (me, agency) = team_admin(state, caller, agency).await?;
    let role = parse_staff_role(role)?;
    let person = account_by_id_number(state, id_number).await?;
    check_add(person.role, person.agency.as_deref(), &agency)?;
    let change = StaffChange { account_id: person.id, agency_code: agency, from: person.role, to: role };
    apply(state, caller, &me, &person, change, "staff_added").await?;
    Ok(person.id)
}

/// Gives a member of `agency`'s team another role (`role`), or removes them (`None`).
pub async fn change_member(
    state: &AppState,
    caller: &Caller,
    agency: &str,
    account_id: i64,
    role: Option<&str>,
) -> Result<(), AppError> {
    let (me, agency) = team_admin(state, caller, agency).await?;
    let to = role.map(parse_staff_role).transpose()?;
    // Someone of another agency (or nobody) is simply not a member: nothing to tell about them.
    let person = state
        .store
        .find_account(AccountKey::Id(account_id))
        .await
        .map_err(store_err)?
        .ok_or(Problem::StaffNotMember)?;
    check_change(me.id, person.id, person.role, person.agency.as_deref(), &agency, to)?;
    let (to, kind) = match to {
        Some(r) => (r, "staff_role_changed"),
        None => (Role::Citizen, "staff_removed"),
    };
    let change = StaffChange { account_id: person.id, agency_code: agency, from: person.role, to };
    apply(state, caller, &me, &person, change, kind).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_staff_roles_are_given() {
        assert_eq!(parse_staff_role(" agency_admin "), Ok(Role::AgencyAdmin));
        assert_eq!(parse_staff_role("agency_finance"), Ok(Role::AgencyFinance));
        for bad in ["platform_admin", "agent", "citizen", "", "root"] {
            assert_eq!(parse_staff_role(bad), Err(TeamProblem::RoleInvalid), "{bad}");
        }
    }

    #[test]
    fn only_citizens_outside_any_agency_join() {
        assert_eq!(check_add(Role::Citizen, None, "ntsa"), Ok(()));
        assert_eq!(check_add(Role::AgencyOfficer, Some("ntsa"), "ntsa"), Err(TeamProblem::AlreadyMember));
        assert_eq!(check_add(Role::AgencyAdmin, Some("immigration"), "ntsa"), Err(TeamProblem::OtherAgency));
        assert_eq!(check_add(Role::PlatformAdmin, None, "ntsa"), Err(TeamProblem::NotEligible));
        assert_eq!(check_add(Role::Agent, None, "ntsa"), Err(TeamProblem::NotEligible));
    }

    #[test]
    fn members_change_but_not_oneself_and_not_to_the_same_role() {
        let officer = |to| check_change(1, 2, Role::AgencyOfficer, Some("ntsa"), "ntsa", to);
        assert_eq!(officer(Some(Role::AgencyAdmin)), Ok(()));
        assert_eq!(officer(None), Ok(()));
        assert_eq!(officer(Some(Role::AgencyOfficer)), Err(TeamProblem::Unchanged));
        assert_eq!(check_change(1, 1, Role::AgencyAdmin, Some("ntsa"), "ntsa", None), Err(TeamProblem::SelfChange));
        assert_eq!(
            check_change(1, 1, Role::AgencyAdmin, Some("ntsa"), "ntsa", Some(Role::AgencyOfficer)),
            Err(TeamProblem::SelfChange)
        );
        for (role, agency) in [(Role::AgencyOfficer, Some("immigration")), (Role::Citizen, None)] {
            assert_eq!(check_change(1, 2, role, agency, "ntsa", None), Err(TeamProblem::NotMember));
        }
    }

    #[test]
    fn the_last_admin_stays() {
        use Role::*;
        assert!(!keeps_an_admin(AgencyAdmin, AgencyOfficer, 0));
        assert!(!keeps_an_admin(AgencyAdmin, Citizen, 0));
        assert!(keeps_an_admin(AgencyAdmin, Citizen, 1));
        assert!(keeps_an_admin(AgencyOfficer, Citizen, 0), "an agency with no admin can still lose an officer");
        assert!(keeps_an_admin(Citizen, AgencyFinance, 0));
    }

    #[test]
    fn id_numbers_show_their_last_three_digits() {
        assert_eq!(mask_id("10000005"), "*****005");
        assert_eq!(mask_id("123"), "**123");
        assert_eq!(mask_id(""), "**");
    }
}
