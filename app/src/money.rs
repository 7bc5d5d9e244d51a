//! Money as integer minor units (cents) with a currency; never floats (DESIGN decision 3).

use serde::{Deserialize, Serialize};
use std::fmt;

/// Currencies a government fee may be charged in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
pub enum Currency {
    /// Kenya shilling.
    #[serde(rename = "KES")]
    Kes,
    /// US dollar (visas, some diplomatic and foreigner services).
    #[serde(rename = "USD")]
    Usd,
}

impl Currency {
    /// ISO 4217 code.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Kes => "KES",
            Currency::Usd => "USD",
        }
    }

    /// Parses an ISO 4217 code we accept ("KES", "USD"), case-insensitively.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_uppercase().as_str() {
            "KES" | "KSH" | "KSHS" => Some(Currency::Kes),
            "USD" => Some(Currency::Usd),
            _ => None,
        }
    }
}

/// An amount in minor units (cents) of one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// Minor units: cents for both KES and USD.
    pub minor: i64,
    /// Currency of the amount.
    pub currency: Currency,
}

impl Money {
    /// Builds an amount from whole shillings.
    pub const fn kes(shillings: i64) -> Self {
        Money { minor: shillings * 100, currency: Currency::Kes }
    }

    /// Builds an amount from whole dollars.
    pub const fn usd(dollars: i64) -> Self {
        Money { minor: dollars * 100, currency: Currency::Usd }
    }

    /// Zero in the given currency.
    pub const fn zero(currency: Currency) -> Self {
        Money { minor: 0, currency }
    }

    /// Adds two amounts of the same currency; `None` on mismatch or overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        if self.currency != other.currency {
            return None;
        }
        self.minor.checked_add(other.minor).map(|minor| Money { minor, currency: self.currency })
    }

    /// The amount as a decimal number of major units, e.g. 4550.00 → `4550`.
    /// Used only for display and JSON fields named `*_kes`; arithmetic stays in cents.
    pub fn major_f64(self) -> f64 {
        self.minor as f64 / 100.0
    }

    /// Parses a decimal amount such as "4550", "4,550.00" or "1.5" into minor units.
    pub fn parse_major(s: &str, currency: Currency) -> Result<Money, MoneyParseError> {
        let cleaned: String = s.trim().chars().filter(|c| *c != ',' && *c != '_').collect();
        if cleaned.is_empty() {
            return Err(MoneyParseError::Empty);
        }
        let (whole, frac) = match cleaned.split_once('.') {
            Some((w, f)) => (w, f),
            None => (cleaned.as_str(), ""),
        };
        if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) {
            return Err(MoneyParseError::NotANumber);
        }
        if frac.len() > 2 || !frac.chars().all(|c| c.is_ascii_digit()) {
            return Err(MoneyParseError::TooManyDecimals);
        }
        let whole: i64 = whole.parse().map_err(|_| MoneyParseError::TooLarge)?;
        let frac_cents: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| MoneyParseError::NotANumber)? * 10,
            _ => frac.parse::<i64>().map_err(|_| MoneyParseError::NotANumber)?,
        };
        let minor = whole
            .checked_mul(100)
            .and_then(|c| c.checked_add(frac_cents))
            .filter(|c| *c <= MAX_FEE_MINOR)
            .ok_or(MoneyParseError::TooLarge)?;
        Ok(Money { minor, currency })
    }
}

/// The largest single fee we accept: KSh 100 million. Anything above is a typo in a charter.
pub const MAX_FEE_MINOR: i64 = 100_000_000 * 100;

/// Why a money amount could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyParseError {
    /// Nothing was given.
    #[error("the amount is empty")]
    Empty,
    /// Not digits with an optional decimal point.
    #[error("the amount is not a number (use digits, e.g. 4550 or 4550.00)")]
    NotANumber,
    /// More than two decimal places.
    #[error("the amount has more than two decimal places")]
    TooManyDecimals,
    /// Over the maximum fee.
    #[error("the amount is larger than KSh 100,000,000")]
    TooLarge,
}

impl fmt::Display for Money {
    /// "KSh 4,550" (or "KSh 4,550.50" when there are cents); "USD 50".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = match self.currency {
            Currency::Kes => "KSh",
            Currency::Usd => "USD",
        };
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        let whole = group_thousands(abs / 100);
        let cents = abs % 100;
        if cents == 0 { write!(f, "{prefix} {sign}{whole}") } else { write!(f, "{prefix} {sign}{whole}.{cents:02}") }
    }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_grouped_shillings() {
        assert_eq!(Money::kes(4550).to_string(), "KSh 4,550");
        assert_eq!(Money::kes(1_000_000).to_string(), "KSh 1,000,000");
        assert_eq!(Money { minor: 5050, currency: Currency::Kes }.to_string(), "KSh 50.50");
        assert_eq!(Money::usd(50).to_string(), "USD 50");
        assert_eq!(Money::kes(0).to_string(), "KSh 0");
    }

    #[test]
    fn parses_major_units() {
        assert_eq!(Money::parse_major("4,550", Currency::Kes), Ok(Money::kes(4550)));
        assert_eq!(Money::parse_major("1.5", Currency::Kes).map(|m| m.minor), Ok(150));
        assert_eq!(Money::parse_major("0.05", Currency::Kes).map(|m| m.minor), Ok(5));
        assert_eq!(Money::parse_major("", Currency::Kes), Err(MoneyParseError::Empty));
        assert_eq!(Money::parse_major("-5", Currency::Kes), Err(MoneyParseError::NotANumber));
        assert_eq!(Money::parse_major("1.234", Currency::Kes), Err(MoneyParseError::TooManyDecimals));
        assert_eq!(Money::parse_major("12abc", Currency::Kes), Err(MoneyParseError::NotANumber));
        assert_eq!(Money::parse_major("99999999999999999999", Currency::Kes), Err(MoneyParseError::TooLarge));
        assert_eq!(Money::parse_major("100000001", Currency::Kes), Err(MoneyParseError::TooLarge));
    }

    proptest::proptest! {
        #[test]
        fn display_then_parse_round_trips(minor in 0i64..=MAX_FEE_MINOR) {
            let m = Money { minor, currency: Currency::Kes };
            let shown = m.to_string();
            let number = shown.trim_start_matches("KSh ");
            proptest::prop_assert_eq!(Money::parse_major(number, Currency::Kes), Ok(m));
        }
    }
}
