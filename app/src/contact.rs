//! Contact details: Kenyan mobile numbers and email addresses, validated once at the edge and
//! carried as newtypes so nothing downstream handles an unchecked string.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A Kenyan mobile number in international form without the plus: `2547XXXXXXXX` or `2541XXXXXXXX`
/// (the form M-Pesa and Africa's Talking use).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

/// Why a phone number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// Nothing was entered.
    #[error("enter a mobile number")]
    Empty,
    /// Not a Kenyan mobile number (07…, 01…, +2547…, +2541…).
    #[error("enter a Kenyan mobile number like 0712 345 678")]
    NotKenyanMobile,
}

impl PhoneNumber {
    /// Accepts `0712345678`, `712345678`, `+254712345678`, `254712345678`, with spaces, dashes
    /// or brackets, and `01…` numbers.
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(PhoneError::Empty);
        }
        let mut digits = String::with_capacity(12);
        for (i, c) in trimmed.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if i == 0 => {}
                ' ' | '-' | '(' | ')' | '.' => {}
                _ => return Err(PhoneError::NotKenyanMobile),
            }
        }
        let national = if let Some(rest) = digits.strip_prefix("254") {
            rest.to_string()
        } else if let Some(rest) = digits.strip_prefix('0') {
            rest.to_string()
        } else {
            digits
        };
        let ok = national.len() == 9 && (national.starts_with('7') || national.starts_with('1'));
        if !ok {
            return Err(PhoneError::NotKenyanMobile);
        }
        Ok(PhoneNumber(format!("254{national}")))
    }

    /// `2547XXXXXXXX`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `+254 712 345 678`, for showing to its owner.
    pub fn display(&self) -> String {
        let n = &self.0[3..];
        format!("+254 {} {} {}", &n[..3], &n[3..6], &n[6..])
    }

    /// `+254 7•• ••• 678`: enough for the owner to recognise it, not enough to reveal it.
    pub fn masked(&self) -> String {
        let n = &self.0[3..];
        format!("+254 {}•• ••• {}", &n[..1], &n[6..])
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = PhoneError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        PhoneNumber::parse(&value)
    }
}

impl From<PhoneNumber> for String {
    fn from(p: PhoneNumber) -> String {
        p.0
    }
}

/// An email address, trimmed and with its domain lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

/// Why an email address was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    /// Nothing was entered.
    #[error("enter an email address")]
    Empty,
    /// Not of the form name@example.com.
    #[error("enter an email address like name@example.com")]
    Malformed,
}

impl EmailAddress {
    /// Checks the shape (one `@`, a dotted domain, no spaces, RFC 5321 lengths); deliverability
    /// is proven by the code we send, not by a regex.
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(EmailError::Empty);
        }
        let (local, domain) = s.rsplit_once('@').ok_or(EmailError::Malformed)?;
        let domain = domain.to_ascii_lowercase();
        let bad_char = |c: char| c.is_whitespace() || c.is_control() || c == '@' || c == '<' || c == '>';
        let labels_ok = domain.split('.').count() >= 2
            && domain.split('.').all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if local.is_empty() || local.len() > 64 || s.len() > 254 || local.chars().any(bad_char) || !labels_ok {
            return Err(EmailError::Malformed);
        }
        Ok(EmailAddress(format!("{local}@{domain}")))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `ja•••@example.com`.
    pub fn masked(&self) -> String {
        let (local, domain) = self.0.rsplit_once('@').unwrap_or((&self.0, ""));
        let shown: String = local.chars().take(2).collect();
        format!("{shown}•••@{domain}")
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = EmailError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        EmailAddress::parse(&value)
    }
}

impl From<EmailAddress> for String {
    fn from(e: EmailAddress) -> String {
        e.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn kenyan_numbers_in_every_common_form() {
        for input in ["0712345678", "712345678", "+254712345678", "254712345678", "0712 345 678", "+254 (712) 345-678"]
        {
            assert_eq!(PhoneNumber::parse(input).map(|p| p.as_str().to_string()), Ok("254712345678".into()), "{input}");
        }
        assert_eq!(PhoneNumber::parse("0110123456").map(|p| p.as_str().to_string()), Ok("254110123456".into()));
        assert_eq!(PhoneNumber::parse(""), Err(PhoneError::Empty));
        for bad in ["0812345678", "07123", "07123456789", "+1 202 555 0100", "07l2345678", "2+54712345678"] {
            assert_eq!(PhoneNumber::parse(bad), Err(PhoneError::NotKenyanMobile), "{bad}");
        }
        let p = PhoneNumber::parse("0712345678").unwrap();
        assert_eq!(p.display(), "+254 712 345 678");
        assert_eq!(p.masked(), "+254 7•• ••• 678");
    }

    #[test]
    fn emails() {
        assert_eq!(EmailAddress::parse(" Wanjiku@Example.CO.KE ").unwrap().as_str(), "Wanjiku@example.co.ke");
        for bad in ["wanjiku", "@example.com", "a@b", "a b@example.com", "a@-x.com", "a@exa_mple.com"] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(EmailAddress::parse("wanjiku@example.com").unwrap().masked(), "wa•••@example.com");
    }

    proptest! {
        #[test]
        fn phone_parse_is_idempotent(n in 100_000_000u32..999_999_999u32) {
            let s = format!("0{n}");
            if let Ok(p) = PhoneNumber::parse(&s) {
                prop_assert_eq!(PhoneNumber::parse(p.as_str()), Ok(p.clone()));
                prop_assert_eq!(PhoneNumber::parse(&p.display()), Ok(p));
            }
        }

        #[test]
        fn phone_parse_never_panics(s in ".{0,40}") {
            let _ = PhoneNumber::parse(&s);
            let _ = EmailAddress::parse(&s);
        }
    }
}
