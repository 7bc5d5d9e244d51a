//! Demo accounts, one (or two) per role, seeded on first start in demo mode and printed by
//! `make run`, so a newcomer can try every side of Mlango at once. Their identities come from
//! the demo identity registry, so they are consistent with what sign-up would find.

use crate::gateways::demo_registry::demo_person;
use app::accounts::identity::DocumentKind;
use app::accounts::model::{AccountType, Role};
use app::accounts::password::hash_password;
use app::accounts::ports::{AccountKey, Consent, NewAccount};
use app::contact::{EmailAddress, PhoneNumber};
use app::store::{Store, StoreError};

/// The password of every demo account (printed at start; never use demo mode in production).
pub const DEMO_PASSWORD: &str = "Harambee-Demo-2026";

/// One demo login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoLogin {
    /// What the account is for.
    pub role: Role,
    /// Staff's agency.
    pub agency: Option<&'static str>,
    /// National ID number (the sign-in name).
    pub id_number: &'static str,
    /// Phone the codes go to (see /sim/sms).
    pub phone: &'static str,
    /// Email the codes can go to (see /sim/mail).
    pub email: &'static str,
}

/// The demo accounts.
pub const DEMO_LOGINS: [DemoLogin; 9] = [
    DemoLogin {
        role: Role::Citizen,
        agency: None,
        id_number: "10000001",
        phone: "0712000001",
        email: "citizen.a@demo.mlango.ke",
    },
    DemoLogin {
        role: Role::Citizen,
        agency: None,
        id_number: "10000002",
        phone: "0712000002",
        email: "citizen.b@demo.mlango.ke",
    },
    DemoLogin {
        role: Role::Agent,
        agency: None,
        id_number: "10000003",
        phone: "0712000003",
        email: "agent@demo.mlango.ke",
    },
    DemoLogin {
        role: Role::AgencyOfficer,
        agency: Some("immigration"),
        id_number: "10000004",
        phone: "0712000004",
        email: "officer.immigration@demo.mlango.ke",
    },
    DemoLogin {
        role: Role::AgencyAdmin,
        agency: Some("immigration"),
        id_number: "10000005",
        phone: "0712000005",
        email: "admin.immigration@demo.mlango.ke",
    },
    // A second admin, so fee changes can be proposed by one and approved by the other.
    DemoLogin {
        role: Role::AgencyAdmin,
        agency: Some("immigration"),
        id_number: "10000009",
        phone: "0712000009",
        email: "admin2.immigration@demo.mlango.ke",
    },
    DemoLogin {
        role: Role::AgencyFinance,
        agency: Some("immigration"),
        id_number: "10000006",
        phone: "0712000006",
        email: "finance.immigration@demo.mlango.ke",
    },
    DemoLogin {
        role: Role::AgencyOfficer,
        agency: Some("ntsa"),
        id_number: "10000007",
        phone: "0712000007",
        email: "officer.ntsa@demo.mlango.ke",
    },
    DemoLogin {
        role: Role::PlatformAdmin,
        agency: None,
        id_number: "10000008",
        phone: "0712000008",
        email: "admin@demo.mlango.ke",
    },
];

/// Creates the demo accounts that do not exist yet; returns how many it created.
pub async fn seed_demo_accounts(store: &dyn Store, now: i64) -> Result<usize, StoreError> {
    let hash = hash_password(DEMO_PASSWORD.to_string()).await.map_err(StoreError::Other)?;
    let mut created = 0;
    for d in DEMO_LOGINS {
        if store.find_account(AccountKey::Document(DocumentKind::NationalId, d.id_number)).await?.is_some() {
            continue;
        }
        let person = demo_person(DocumentKind::NationalId, d.id_number)
            .ok_or_else(|| StoreError::Other(format!("demo ID {} is outside the demo registry", d.id_number)))?;
        let account = NewAccount {
            account_type: AccountType::Citizen,
            role: d.role,
            agency: d.agency.map(str::to_string),
            document_kind: DocumentKind::NationalId,
            document_number: d.id_number.into(),
            first_name: person.first_name,
            other_names: person.other_names,
            year_of_birth: person.year_of_birth,
            phone: PhoneNumber::parse(d.phone).map_err(|e| StoreError::Other(e.to_string()))?,
            email: Some(EmailAddress::parse(d.email).map_err(|e| StoreError::Other(e.to_string()))?),
            password_hash: hash.clone(),
            created_at: now,
            language: app::i18n::Lang::En,
        };
        let consent = Consent {
            account_id: 0,
            purpose: "terms_and_privacy".into(),
            version: app::accounts::service::TERMS_VERSION.into(),
            granted_at: now,
            withdrawn_at: None,
        };
        store.create_account(&account, &consent).await?;
        created += 1;
    }
    Ok(created)
}

/// The demo logins as a table for the terminal.
pub fn demo_logins_table() -> String {
    let mut out =
        format!("Demo accounts (password for all: {DEMO_PASSWORD}; codes appear at /sim/sms and /sim/mail):\n");
    for d in DEMO_LOGINS {
        let role = match d.agency {
            Some(a) => format!("{} ({a})", d.role.code()),
            None => d.role.code().to_string(),
        };
        out.push_str(&format!("  {role:<28} ID {:<9} phone {}  email {}\n", d.id_number, d.phone, d.email));
    }
    out
}
