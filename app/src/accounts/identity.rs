//! Identity documents and the identity-registry port: sign-up proves who someone is by
//! matching a document number, first name and year of birth against the registry, as eCitizen
//! does with IPRS.

use serde::{Deserialize, Serialize};

/// The document a person identifies with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Kenyan national ID card (citizens).
    NationalId,
    /// Foreign national (alien) certificate (residents).
    AlienId,
    /// Refugee identity card.
    RefugeeId,
    /// Diplomatic identity card issued by the Ministry of Foreign Affairs.
    DiplomaticId,
    /// Passport (foreign visitors).
    Passport,
}

impl DocumentKind {
    /// Stable name used in storage and the registry protocol.
    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::NationalId => "national_id",
            DocumentKind::AlienId => "alien_id",
            DocumentKind::RefugeeId => "refugee_id",
            DocumentKind::DiplomaticId => "diplomatic_id",
            DocumentKind::Passport => "passport",
        }
    }

    /// Parses [`DocumentKind::code`].
    pub fn from_code(s: &str) -> Option<Self> {
        [Self::NationalId, Self::AlienId, Self::RefugeeId, Self::DiplomaticId, Self::Passport]
            .into_iter()
            .find(|k| k.code() == s)
    }

    /// Normalises a document number (spaces dropped, letters upper-cased) and checks its shape:
    /// national IDs are 6–9 digits; alien, refugee and diplomatic numbers 6–10 digits; passports
    /// 6–9 letters and digits starting with a letter.
    pub fn normalise(self, input: &str) -> Option<String> {
        let s: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_uppercase();
        let digits = |min: usize, max: usize| (min..=max).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit());
        let ok = match self {
            DocumentKind::NationalId => digits(6, 9) && !s.starts_with('0'),
            DocumentKind::AlienId | DocumentKind::RefugeeId | DocumentKind::DiplomaticId => digits(6, 10),
            DocumentKind::Passport => {
                (6..=9).contains(&s.len())
                    && s.starts_with(|c: char| c.is_ascii_uppercase())
                    && s.chars().all(|c| c.is_ascii_alphanumeric())
            }
        };
        ok.then_some(s)
    }
}

/// What a person claims at sign-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityClaim {
    /// Which document.
    pub kind: DocumentKind,
    /// Its number, normalised by [`DocumentKind::normalise`].
    pub number: String,
    /// First name as typed; registries compare it case-insensitively.
    pub first_name: String,
    /// Year of birth.
    pub year_of_birth: u16,
}

/// A person as the registry knows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisteredPerson {
    /// Given names as registered.
    pub first_name: String,
    /// Other names (surname, middle names) as registered.
    pub other_names: String,
    /// Year of birth.
    pub year_of_birth: u16,
}

impl RegisteredPerson {
    /// "First Other".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.other_names).trim().to_string()
    }
}

/// The registry's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityCheck {
    /// The number exists and the first name and year of birth match it.
    Match(RegisteredPerson),
    /// No such number, or the name or year do not match (never said which, so the registry
    /// cannot be used to look people up).
    NoMatch,
}

/// Compares first names the way a clerk would: case, spaces and hyphens ignored.
pub fn same_first_name(claimed: &str, registered: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>()
    };
    let a = norm(claimed);
    !a.is_empty() && a == norm(registered)
}

/// The identity-registry port (IPRS in production; a synthetic population in the demo).
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait IdentityRegistry: Send + Sync {
    /// Checks a claim against the registry.
    async fn verify(&self, claim: &IdentityClaim) -> Result<IdentityCheck, crate::notifications::ports::GatewayError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_numbers() {
        assert_eq!(DocumentKind::NationalId.normalise(" 1234 5678 "), Some("12345678".into()));
        assert_eq!(DocumentKind::NationalId.normalise("01234567"), None);
        assert_eq!(DocumentKind::NationalId.normalise("12ab5678"), None);
        assert_eq!(DocumentKind::Passport.normalise("ak123456"), Some("AK123456".into()));
        assert_eq!(DocumentKind::Passport.normalise("123456"), None);
        assert_eq!(DocumentKind::RefugeeId.normalise("5000123"), Some("5000123".into()));
        for k in [
            DocumentKind::NationalId,
            DocumentKind::AlienId,
            DocumentKind::RefugeeId,
            DocumentKind::DiplomaticId,
            DocumentKind::Passport,
        ] {
            assert_eq!(DocumentKind::from_code(k.code()), Some(k));
        }
    }

    #[test]
    fn first_names_match_like_a_clerk_would() {
        assert!(same_first_name("wanjiku", "Wanjiku"));
        assert!(same_first_name("Mary-Anne", "Mary Anne"));
        assert!(!same_first_name("", ""));
        assert!(!same_first_name("Wanjiru", "Wanjiku"));
    }
}
