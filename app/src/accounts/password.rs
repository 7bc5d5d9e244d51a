//! Password policy (NIST 800-63B / ASVS 6.2): at least 8 characters, long passphrases accepted
//! whole, common and personal passwords refused, no composition rules, never truncated.

use serde::{Deserialize, Serialize};

/// Fewest characters accepted (with a one-time code as second factor, NIST allows 8).
pub const MIN_CHARS: usize = 8;
/// Most characters accepted; far above any passphrase, low enough that hashing stays cheap.
pub const MAX_CHARS: usize = 256;

/// Why a new password was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PasswordProblem {
    /// Fewer than [`MIN_CHARS`] characters.
    #[error("too short")]
    TooShort,
    /// More than [`MAX_CHARS`] characters.
    #[error("too long")]
    TooLong,
    /// On the list of passwords attackers try first.
    #[error("too common")]
    TooCommon,
    /// The same as the person's ID number, phone number or email.
    #[error("same as your details")]
    SameAsDetails,
}

/// The blocklist: one password per line, lower-case, `#` comments.
const COMMON: &str = include_str!("common_passwords.txt");

/// Checks a new password. `personal` holds the person's own identifiers (ID number, phone,
/// email), which are refused as passwords because they are known to others.
pub fn check_new_password(password: &str, personal: &[&str]) -> Result<(), PasswordProblem> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    let lower = password.to_lowercase();
    if is_common(&lower) {
        return Err(PasswordProblem::TooCommon);
    }
    let squashed: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    let matches_personal = personal.iter().map(|p| p.trim().to_lowercase()).filter(|p| p.len() >= 4).any(|p| {
        let local = p.split('@').next().unwrap_or(&p).to_string();
        squashed == p || squashed == local || (p.starts_with("254") && squashed == format!("0{}", &p[3..]))
    });
    if matches_personal {
        return Err(PasswordProblem::SameAsDetails);
    }
    Ok(())
}

fn is_common(lower: &str) -> bool {
    COMMON.lines().any(|l| !l.starts_with('#') && l == lower)
}

#[cfg(feature = "ssr")]
pub use hashing::*;

#[cfg(feature = "ssr")]
mod hashing {
    use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
    use argon2::{Algorithm, Argon2, Params, Version};
    use std::sync::LazyLock;
    use tokio::sync::Semaphore;

    /// Each hash holds 19 MiB; capping concurrency caps the memory a login storm can take.
    static HASHING: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(8));

    /// A hash to verify against when the account does not exist, so a wrong login name takes as
    /// long as a wrong password and response times do not reveal which accounts exist.
    static DUMMY: LazyLock<String> =
        LazyLock::new(|| hash_blocking("not-a-real-password-just-for-timing").unwrap_or_default());

    fn argon2() -> Argon2<'static> {
        // OWASP's second option, which is also the crate default: m=19 MiB, t=2, p=1.
        let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
    }

    fn hash_blocking(password: &str) -> Result<String, String> {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        argon2().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
    }

    fn verify_blocking(password: &str, stored: &str) -> bool {
        match PasswordHash::new(stored) {
            Ok(parsed) => argon2().verify_password(password.as_bytes(), &parsed).is_ok(),
            Err(_) => false,
        }
    }

    /// Hashes with argon2id on the blocking pool (never on the async runtime).
    pub async fn hash_password(password: String) -> Result<String, String> {
        let _permit = HASHING.acquire().await.map_err(|e| e.to_string())?;
        tokio::task::spawn_blocking(move || hash_blocking(&password)).await.map_err(|e| e.to_string())?
    }

    /// Verifies against a stored hash, or against a dummy hash when there is none (same cost).
    pub async fn verify_password(password: String, stored: Option<String>) -> bool {
        let Ok(_permit) = HASHING.acquire().await else { return false };
        let found = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY.clone());
        let ok = tokio::task::spawn_blocking(move || verify_blocking(&password, &stored)).await.unwrap_or(false);
        ok && found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy() {
        assert_eq!(check_new_password("short", &[]), Err(PasswordProblem::TooShort));
        assert_eq!(check_new_password("password123", &[]), Err(PasswordProblem::TooCommon));
        assert_eq!(check_new_password("PASSWORD123", &[]), Err(PasswordProblem::TooCommon));
        assert_eq!(check_new_password("12345678", &[]), Err(PasswordProblem::TooCommon));
        assert_eq!(check_new_password("kenya2026", &[]), Err(PasswordProblem::TooCommon));
        // No composition rules: a long all-lowercase passphrase is fine.
        assert_eq!(check_new_password("mvua ya asubuhi nairobi", &[]), Ok(()));
        // Unicode counts characters, not bytes.
        assert_eq!(check_new_password("ñññññññ", &[]), Err(PasswordProblem::TooShort));
        assert_eq!(check_new_password("ññññññññ", &[]), Ok(()));
        assert_eq!(check_new_password(&"a".repeat(256), &[]), Ok(()));
        assert_eq!(check_new_password(&"a".repeat(257), &[]), Err(PasswordProblem::TooLong));
        let personal = ["10234567", "254712345678", "wanjiku.kamau@example.com"];
        assert_eq!(check_new_password("10234567", &personal), Err(PasswordProblem::SameAsDetails));
        assert_eq!(check_new_password("0712345678", &personal), Err(PasswordProblem::SameAsDetails));
        assert_eq!(check_new_password("wanjiku.kamau", &personal), Err(PasswordProblem::SameAsDetails));
        assert_eq!(check_new_password("wanjiku.kamau.2026!", &personal), Ok(()));
    }

    #[test]
    fn blocklist_is_loaded() {
        let entries = COMMON.lines().filter(|l| !l.starts_with('#')).count();
        assert!(entries > 3000, "{entries}");
        assert!(COMMON.lines().filter(|l| !l.starts_with('#')).all(|l| l.chars().count() >= MIN_CHARS));
    }

    #[cfg(feature = "ssr")]
    #[tokio::test]
    async fn argon2id_with_owasp_parameters_and_no_truncation() {
        let long_a = format!("{}A{}", "x".repeat(99), "y".repeat(28));
        let long_b = format!("{}B{}", "x".repeat(99), "y".repeat(28));
        assert_eq!(long_a.len(), 128);
        let hash = hash_password(long_a.clone()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(verify_password(long_a, Some(hash.clone())).await);
        assert!(!verify_password(long_b, Some(hash)).await, "a password differing at character 100 must fail");
        assert!(!verify_password("anything".into(), None).await);
    }
}
