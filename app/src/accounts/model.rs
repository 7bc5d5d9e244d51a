//! Who uses Mlango: account types (how a person identifies) and roles (what they may do).

use super::identity::DocumentKind;
use serde::{Deserialize, Serialize};

/// How a person signs up, which decides the identity document they prove themselves with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountType {
    /// Kenyan citizen (national ID).
    Citizen,
    /// Foreign resident (alien ID).
    Resident,
    /// Refugee (refugee ID).
    Refugee,
    /// Diplomat accredited in Kenya (diplomatic ID).
    Diplomat,
    /// Foreign visitor (passport).
    Foreigner,
    /// Someone acting for a business; identifies with their own national or alien ID.
    BusinessRepresentative,
}

impl AccountType {
    /// Every account type, in the order the sign-up form lists them.
    pub const ALL: [AccountType; 6] = [
        AccountType::Citizen,
        AccountType::Resident,
        AccountType::Refugee,
        AccountType::Diplomat,
        AccountType::Foreigner,
        AccountType::BusinessRepresentative,
    ];

    /// Stable name in storage and forms.
    pub fn code(self) -> &'static str {
        match self {
            AccountType::Citizen => "citizen",
            AccountType::Resident => "resident",
            AccountType::Refugee => "refugee",
            AccountType::Diplomat => "diplomat",
            AccountType::Foreigner => "foreigner",
            AccountType::BusinessRepresentative => "business",
        }
    }

    /// Parses [`AccountType::code`].
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == s)
    }

    /// The documents accepted for this account type; the first is the usual one.
    pub fn documents(self) -> &'static [DocumentKind] {
        match self {
            AccountType::Citizen => &[DocumentKind::NationalId],
            AccountType::Resident => &[DocumentKind::AlienId],
            AccountType::Refugee => &[DocumentKind::RefugeeId],
            AccountType::Diplomat => &[DocumentKind::DiplomaticId],
            AccountType::Foreigner => &[DocumentKind::Passport],
            AccountType::BusinessRepresentative => &[DocumentKind::NationalId, DocumentKind::AlienId],
        }
    }
}

/// What an account may do. Staff roles belong to one agency; platform admins to none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A member of the public using their own account.
    Citizen,
    /// A cyber-café or service-desk agent who may act for citizens with their consent.
    Agent,
    /// Processes applications for their agency.
    AgencyOfficer,
    /// Manages their agency's services, fees and staff.
    AgencyAdmin,
    /// Reconciles their agency's revenue.
    AgencyFinance,
    /// Runs the platform.
    PlatformAdmin,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 6] =
        [Role::Citizen, Role::Agent, Role::AgencyOfficer, Role::AgencyAdmin, Role::AgencyFinance, Role::PlatformAdmin];

    /// Stable name in storage.
    pub fn code(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Agent => "agent",
            Role::AgencyOfficer => "agency_officer",
            Role::AgencyAdmin => "agency_admin",
            Role::AgencyFinance => "agency_finance",
            Role::PlatformAdmin => "platform_admin",
        }
    }

    /// Parses [`Role::code`].
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == s)
    }

    /// Staff of an agency (officer, admin, finance); their session cookie is `SameSite=Strict`.
    pub fn is_agency_staff(self) -> bool {
        matches!(self, Role::AgencyOfficer | Role::AgencyAdmin | Role::AgencyFinance)
    }

    /// Whether sessions of this role get staff treatment (strict cookie, shorter timeouts).
    pub fn is_staff(self) -> bool {
        self.is_agency_staff() || self == Role::PlatformAdmin
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for t in AccountType::ALL {
            assert_eq!(AccountType::from_code(t.code()), Some(t));
            assert!(!t.documents().is_empty());
        }
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        assert_eq!(Role::from_code("root"), None);
    }
}
