//! One-time codes (NIST 800-63B §5.1.3, ASVS 6.5/6.6): six digits from the operating system's
//! CSPRNG, valid ten minutes, usable once, bound to one purpose and one session, dead after
//! five wrong tries. The rules here are pure; the store keeps the challenges.

use serde::{Deserialize, Serialize};

/// How long a code stays valid.
pub const CODE_TTL_SECS: i64 = 10 * 60;
/// Wrong tries before a code is void.
pub const MAX_ATTEMPTS: u32 = 5;
/// Digits in a code.
pub const CODE_DIGITS: usize = 6;

/// What a code is for; a code for one purpose never works for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Second step of signing in.
    Login,
    /// Proving the phone number given at sign-up.
    SignupPhone,
    /// Proving the email given at sign-up.
    SignupEmail,
    /// Proving who you are before choosing a new password.
    PasswordReset,
    /// Proving a new phone number.
    ChangePhone,
    /// Proving a new email address.
    ChangeEmail,
    /// A citizen letting an agent act for them.
    AgentConsent,
}

impl Purpose {
    /// Every purpose.
    pub const ALL: [Purpose; 7] = [
        Purpose::Login,
        Purpose::SignupPhone,
        Purpose::SignupEmail,
        Purpose::PasswordReset,
        Purpose::ChangePhone,
        Purpose::ChangeEmail,
        Purpose::AgentConsent,
    ];

    /// Stable name in storage.
    pub fn code(self) -> &'static str {
        match self {
            Purpose::Login => "login",
            Purpose::SignupPhone => "signup_phone",
            Purpose::SignupEmail => "signup_email",
            Purpose::PasswordReset => "password_reset",
            Purpose::ChangePhone => "change_phone",
            Purpose::ChangeEmail => "change_email",
            Purpose::AgentConsent => "agent_consent",
        }
    }

    /// Parses [`Purpose::code`].
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == s)
    }
}

/// Where a code is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Text message to the account's phone.
    Sms,
    /// Email to the account's address.
    Email,
}

impl Channel {
    /// Stable name in storage and forms.
    pub fn code(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Email => "email",
        }
    }

    /// Parses [`Channel::code`].
    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "sms" => Some(Channel::Sms),
            "email" => Some(Channel::Email),
            _ => None,
        }
    }
}

/// A stored code, as the rules need to see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// Random id; also salts the code hash.
    pub id: String,
    /// What it is for.
    pub purpose: Purpose,
    /// Hash of the session it was issued to.
    pub session: String,
    /// Hex SHA-256 of `id:code`.
    pub code_hash: String,
    /// Unix seconds after which it is void.
    pub expires_at: i64,
    /// Wrong tries so far.
    pub attempts: u32,
    /// Whether it has already been used.
    pub consumed: bool,
}

/// The outcome of presenting a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Right code, in time, first use.
    Accepted,
    /// Wrong code; this many tries remain on it.
    Wrong {
        /// Tries left before the code is void.
        attempts_left: u32,
    },
    /// Too late.
    Expired,
    /// Already used once.
    AlreadyUsed,
    /// Too many wrong tries; a new code is needed.
    Exhausted,
    /// Issued for another purpose or session.
    NotForThis,
}

/// Whether a typed code has the right shape (six digits, spaces allowed), before any try is spent.
pub fn normalise_code(input: &str) -> Option<String> {
    let digits: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    (digits.len() == CODE_DIGITS && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

/// Judges a presented (normalised) code against a challenge at `now` (unix seconds).
#[cfg(feature = "ssr")]
pub fn judge(ch: &Challenge, purpose: Purpose, session: &str, code: &str, now: i64) -> Verdict {
    if ch.purpose != purpose || ch.session != session {
        return Verdict::NotForThis;
    }
    if ch.consumed {
        return Verdict::AlreadyUsed;
    }
    if ch.attempts >= MAX_ATTEMPTS {
        return Verdict::Exhausted;
    }
    if now >= ch.expires_at {
        return Verdict::Expired;
    }
    if constant_time_eq(hash_code(&ch.id, code).as_bytes(), ch.code_hash.as_bytes()) {
        Verdict::Accepted
    } else {
        Verdict::Wrong { attempts_left: MAX_ATTEMPTS.saturating_sub(ch.attempts + 1) }
    }
}

#[cfg(feature = "ssr")]
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Hex SHA-256 of `challenge_id:code`, so a database read does not reveal live codes directly.
#[cfg(feature = "ssr")]
pub fn hash_code(challenge_id: &str, code: &str) -> String {
    use sha2::{Digest, Sha256};
    hex(&Sha256::digest(format!("{challenge_id}:{code}").as_bytes()))
}

/// Lower-case hex.
#[cfg(feature = "ssr")]
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A fresh six-digit code from the operating system's CSPRNG, uniform over 000000–999999.
#[cfg(feature = "ssr")]
pub fn generate_code() -> String {
    use rand::TryRngCore;
    use rand::rngs::OsRng;
    // Rejection sampling keeps every code equally likely (2^32 is not a multiple of 10^6).
    const LIMIT: u32 = u32::MAX - (u32::MAX % 1_000_000);
    loop {
        let Ok(n) = OsRng.try_next_u32() else { continue };
        if n < LIMIT {
            return format!("{:06}", n % 1_000_000);
        }
    }
}

/// 32 random bytes from the OS CSPRNG as hex: session tokens and challenge ids (256 bits).
#[cfg(feature = "ssr")]
pub fn random_token() -> String {
    use rand::TryRngCore;
    use rand::rngs::OsRng;
    let mut bytes = [0u8; 32];
    // The OS generator failing is not recoverable; fall back to the thread CSPRNG (ChaCha, seeded from the OS).
    if OsRng.try_fill_bytes(&mut bytes).is_err() {
        use rand::RngCore;
        rand::rng().fill_bytes(&mut bytes);
    }
    hex(&bytes)
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn challenge(code: &str) -> Challenge {
        let id = "c1".to_string();
        Challenge {
            code_hash: hash_code(&id, code),
            id,
            purpose: Purpose::Login,
            session: "s1".into(),
            expires_at: 1_000 + CODE_TTL_SECS,
            attempts: 0,
            consumed: false,
        }
    }

    #[test]
    fn lifetime_is_ten_minutes() {
        let ch = challenge("123456");
        assert_eq!(judge(&ch, Purpose::Login, "s1", "123456", 1_000 + 599), Verdict::Accepted);
        assert_eq!(judge(&ch, Purpose::Login, "s1", "123456", 1_000 + 601), Verdict::Expired);
    }

    #[test]
    fn single_use_purpose_and_session_bound() {
        let mut ch = challenge("123456");
        assert_eq!(judge(&ch, Purpose::ChangePhone, "s1", "123456", 1_000), Verdict::NotForThis);
        assert_eq!(judge(&ch, Purpose::Login, "s2", "123456", 1_000), Verdict::NotForThis);
        ch.consumed = true;
        assert_eq!(judge(&ch, Purpose::Login, "s1", "123456", 1_000), Verdict::AlreadyUsed);
    }

    #[test]
    fn five_wrong_tries_void_the_code() {
        let mut ch = challenge("123456");
        for left in (0..MAX_ATTEMPTS).rev() {
            assert_eq!(judge(&ch, Purpose::Login, "s1", "000000", 1_000), Verdict::Wrong { attempts_left: left });
            ch.attempts += 1;
        }
        assert_eq!(judge(&ch, Purpose::Login, "s1", "123456", 1_000), Verdict::Exhausted);
    }

    #[test]
    fn code_shape() {
        assert_eq!(normalise_code(" 123 456 "), Some("123456".into()));
        assert_eq!(normalise_code("12345"), None);
        assert_eq!(normalise_code("12345a"), None);
        assert_eq!(normalise_code("１２３４５６"), None);
    }

    #[test]
    fn codes_are_uniform() {
        // Chi-square over the leading digit and the last digit of 200,000 codes (9 degrees of
        // freedom: the 0.999 quantile is 27.88, so a fair generator fails about once in 1,000 runs).
        let n = 200_000;
        let mut first = [0u32; 10];
        let mut last = [0u32; 10];
        for _ in 0..n {
            let c = generate_code();
            assert_eq!(c.len(), 6);
            first[(c.as_bytes()[0] - b'0') as usize] += 1;
            last[(c.as_bytes()[5] - b'0') as usize] += 1;
        }
        let chi = |counts: &[u32; 10]| {
            let e = n as f64 / 10.0;
            counts.iter().map(|&o| (o as f64 - e).powi(2) / e).sum::<f64>()
        };
        assert!(chi(&first) < 27.88, "first digit {first:?}");
        assert!(chi(&last) < 27.88, "last digit {last:?}");
    }

    #[test]
    fn tokens_are_256_bits_and_distinct() {
        let a = random_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_token());
    }

    proptest! {
        #[test]
        fn only_the_issued_code_is_accepted(code in "[0-9]{6}", other in "[0-9]{6}") {
            let ch = challenge(&code);
            prop_assert_eq!(judge(&ch, Purpose::Login, "s1", &code, 1_000), Verdict::Accepted);
            if other != code {
                prop_assert_ne!(judge(&ch, Purpose::Login, "s1", &other, 1_000), Verdict::Accepted);
            }
        }
    }
}
