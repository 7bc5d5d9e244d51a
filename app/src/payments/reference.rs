//! Bill references and receipt numbers: short, digits only (easy to key into M-Pesa's
//! "Account no." on any phone), with a Damm check digit so a mistyped digit or two swapped
//! neighbours is caught before money moves to the wrong bill.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Damm's totally anti-symmetric quasigroup of order 10: detects every single-digit error and
/// every adjacent transposition (Luhn misses 09↔90). Public for the bulk seeder, which computes
/// the same digit in SQL.
pub const DAMM: [[u8; 10]; 10] = [
    [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
    [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
    [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
    [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
    [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
    [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
    [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
    [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
    [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
    [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

/// The Damm check digit of a string of ASCII digits (`None` if any character is not a digit).
pub fn check_digit(digits: &str) -> Option<u8> {
    let mut interim = 0u8;
    for b in digits.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        interim = DAMM[usize::from(interim)][usize::from(b - b'0')];
    }
    Some(interim)
}

/// Whether a digit string ends in its correct check digit.
pub fn is_valid(digits: &str) -> bool {
    !digits.is_empty() && check_digit(digits) == Some(0)
}

/// Digits of a reference as typed: spaces, dashes and dots people add while copying are dropped.
fn digits_only(input: &str) -> Option<String> {
    let cleaned: String = input.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '\u{a0}')).collect();
    (!cleaned.is_empty() && cleaned.bytes().all(|b| b.is_ascii_digit())).then_some(cleaned)
}

/// `payload` random digits (first one non-zero, so the length is stable) plus the check digit.
#[cfg(feature = "ssr")]
fn generate(payload: usize) -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    let mut s = String::with_capacity(payload + 1);
    s.push(char::from(b'1' + rng.random_range(0..9u8)));
    for _ in 1..payload {
        s.push(char::from(b'0' + rng.random_range(0..10u8)));
    }
    let check = check_digit(&s).unwrap_or(0);
    s.push(char::from(b'0' + check));
    s
}

/// Why a typed reference was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceError {
    /// Not 10 digits.
    #[error("a bill reference has 10 digits")]
    Length,
    /// Contains something other than digits.
    #[error("a bill reference has digits only")]
    NotDigits,
    /// The check digit does not match: a digit was mistyped.
    #[error("this bill reference has a typing mistake: check each digit")]
    CheckDigit,
}

/// A bill reference: 10 digits, the last a check digit. It is the M-Pesa account number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BillRef(String);

impl BillRef {
    /// Length in digits, check digit included (fits Daraja's 12-character AccountReference).
    pub const LEN: usize = 10;

    /// A fresh random bill reference.
    #[cfg(feature = "ssr")]
    pub fn generate() -> Self {
        BillRef(generate(Self::LEN - 1))
    }

    /// Reads a bill reference as a person typed it.
    pub fn parse(input: &str) -> Result<Self, ReferenceError> {
        let d = digits_only(input.trim()).ok_or(ReferenceError::NotDigits)?;
        if d.len() != Self::LEN {
            return Err(ReferenceError::Length);
        }
        if !is_valid(&d) {
            return Err(ReferenceError::CheckDigit);
        }
        Ok(BillRef(d))
    }

    /// The 10 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Grouped for reading aloud and copying: `482 917 5536`.
    pub fn grouped(&self) -> String {
        format!("{} {} {}", &self.0[..3], &self.0[3..6], &self.0[6..])
    }
}

impl fmt::Display for BillRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A Mlango receipt number: `R` and 10 digits, the last a check digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ReceiptNo(String);

/// How many numbers a write draws before giving up on a clash. Bill references and receipts
/// are 9 random digits (10⁹ values): with 20 million bills about 2% of draws clash, and five
/// clashes in a row happen about 3 times in a billion writes.
pub const DRAWS: u32 = 5;

impl ReceiptNo {
    /// A fresh random receipt number.
    #[cfg(feature = "ssr")]
    pub fn generate() -> Self {
        ReceiptNo(format!("R{}", generate(9)))
    }

    /// Reads a receipt number (the `R` is optional and case does not matter).
    pub fn parse(input: &str) -> Option<Self> {
        let t = input.trim();
        let t = t.strip_prefix(['R', 'r']).unwrap_or(t);
        let d = digits_only(t)?;
        (d.len() == 10 && is_valid(&d)).then(|| ReceiptNo(format!("R{d}")))
    }

    /// The receipt number.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ReceiptNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn damm_known_value() {
        // The worked example from Damm's algorithm: 572 has check digit 4.
        assert_eq!(check_digit("572"), Some(4));
        assert!(is_valid("5724"));
        assert!(!is_valid("5274"));
        assert_eq!(check_digit("57a"), None);
    }

    #[test]
    fn bill_refs_accept_typing_habits_and_refuse_mistakes() {
        let s = format!("482917553{}", check_digit("482917553").unwrap());
        let r = BillRef::parse(&s).unwrap();
        assert_eq!(BillRef::parse(&r.grouped()).unwrap(), r);
        assert_eq!(BillRef::parse(&format!(" {}-{} ", &s[..5], &s[5..])).unwrap(), r);
        assert_eq!(BillRef::parse("12345"), Err(ReferenceError::Length));
        assert_eq!(BillRef::parse("BILL-12345"), Err(ReferenceError::NotDigits));
        assert_eq!(BillRef::parse(""), Err(ReferenceError::NotDigits));
        let mut wrong = s.clone().into_bytes();
        wrong[9] = b'0' + ((wrong[9] - b'0' + 1) % 10);
        assert_eq!(BillRef::parse(std::str::from_utf8(&wrong).unwrap()), Err(ReferenceError::CheckDigit));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn generated_references_are_valid_and_fit_daraja() {
        for _ in 0..1000 {
            let b = BillRef::generate();
            assert_eq!(b.as_str().len(), BillRef::LEN);
            assert!(b.as_str().len() <= super::super::gateway::MAX_ACCOUNT_REFERENCE);
            assert_eq!(BillRef::parse(b.as_str()).unwrap(), b);
            let r = ReceiptNo::generate();
            assert_eq!(ReceiptNo::parse(r.as_str()).unwrap(), r);
            assert_eq!(ReceiptNo::parse(&r.as_str().to_lowercase()).unwrap(), r);
        }
    }

    proptest! {
        #[test]
        fn every_single_digit_error_is_caught(payload in "[1-9][0-9]{8}", pos in 0usize..10, delta in 1u8..10) {
            let full = format!("{payload}{}", check_digit(&payload).unwrap());
            let mut b = full.into_bytes();
            b[pos] = b'0' + (b[pos] - b'0' + delta) % 10;
            prop_assert!(!is_valid(std::str::from_utf8(&b).unwrap()));
        }

        #[test]
        fn every_adjacent_swap_is_caught(payload in "[1-9][0-9]{8}", pos in 0usize..9) {
            let full = format!("{payload}{}", check_digit(&payload).unwrap());
            let mut b = full.into_bytes();
            prop_assume!(b[pos] != b[pos + 1]);
            b.swap(pos, pos + 1);
            prop_assert!(!is_valid(std::str::from_utf8(&b).unwrap()));
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,30}") {
            let _ = BillRef::parse(&s);
            let _ = ReceiptNo::parse(&s);
        }
    }
}
