//! The gazetted convenience fee (Gazette Notice 1422 of December 2023) and itemised quotes.
//!
//! The notice's bands ("below 199", "200–299", … "over 1,000") leave 199–200 and exactly
//! 1,000 unassigned, so we model them as half-open intervals `[from, to)` over the amount in
//! cents: every amount falls in exactly one band, and the band edges are configuration.

use crate::money::{Currency, Money};
use serde::{Deserialize, Serialize};

/// One band: amounts in `[from_minor, to_minor)` pay `fee_minor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeBand {
    /// Inclusive lower edge, in cents.
    pub from_minor: i64,
    /// Exclusive upper edge, in cents; `None` for the last, open band.
    pub to_minor: Option<i64>,
    /// Fee for amounts in this band, in cents.
    pub fee_minor: i64,
}

/// The convenience-fee table: KES bands plus a flat fee for any dollar amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConvenienceFeeBands {
    kes: Vec<FeeBand>,
    usd_flat_minor: i64,
}

/// Why a band table was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BandError {
    /// No bands.
    #[error("there are no bands")]
    Empty,
    /// The first band does not start at zero.
    #[error("the first band must start at 0")]
    NotFromZero,
    /// A gap or overlap between two bands.
    #[error("band {0} does not start where the previous band ends")]
    NotContiguous(usize),
    /// A band whose upper edge is not above its lower edge.
    #[error("band {0} is empty or reversed")]
    Reversed(usize),
    /// Only the last band may be open.
    #[error("only the last band may have no upper edge, and the last band must have none")]
    OpenEnd,
    /// Negative fee.
    #[error("band {0} has a negative fee")]
    NegativeFee(usize),
}

impl ConvenienceFeeBands {
    /// The bands of Gazette Notice 1422 (Dec 2023): KSh 5/10/15/20/25/50 and USD 1.
    pub fn gazette_1422() -> Self {
        let b = |from: i64, to: Option<i64>, fee: i64| FeeBand {
            from_minor: from * 100,
            to_minor: to.map(|t| t * 100),
            fee_minor: fee * 100,
        };
        ConvenienceFeeBands {
            kes: vec![
                b(0, Some(200), 5),
                b(200, Some(300), 10),
                b(300, Some(500), 15),
                b(500, Some(700), 20),
                b(700, Some(1000), 25),
                b(1000, None, 50),
            ],
            usd_flat_minor: 100,
        }
    }

    /// Builds a table, refusing gaps, overlaps and open bands other than the last.
    pub fn new(kes: Vec<FeeBand>, usd_flat_minor: i64) -> Result<Self, BandError> {
        if kes.is_empty() {
            return Err(BandError::Empty);
        }
        if kes[0].from_minor != 0 {
            return Err(BandError::NotFromZero);
        }
        for (i, band) in kes.iter().enumerate() {
            if band.fee_minor < 0 {
                return Err(BandError::NegativeFee(i));
            }
            let last = i + 1 == kes.len();
            match band.to_minor {
                None if !last => return Err(BandError::OpenEnd),
                Some(_) if last => return Err(BandError::OpenEnd),
                Some(to) if to <= band.from_minor => return Err(BandError::Reversed(i)),
                _ => {}
            }
            if i > 0 && kes[i - 1].to_minor != Some(band.from_minor) {
                return Err(BandError::NotContiguous(i));
            }
        }
        if usd_flat_minor < 0 {
            return Err(BandError::NegativeFee(kes.len()));
        }
        Ok(ConvenienceFeeBands { kes, usd_flat_minor })
    }

    /// The KES bands, lowest first.
    pub fn kes_bands(&self) -> &[FeeBand] {
        &self.kes
    }

    /// The convenience fee on a government fee. Free services and waived services pay none.
    pub fn fee_for(&self, amount: Money, waived: bool) -> Money {
        if waived || amount.minor <= 0 {
            return Money::zero(amount.currency);
        }
        match amount.currency {
            Currency::Usd => Money { minor: self.usd_flat_minor, currency: Currency::Usd },
            Currency::Kes => {
                let fee = self
                    .kes
                    .iter()
                    .find(|b| amount.minor >= b.from_minor && b.to_minor.is_none_or(|to| amount.minor < to))
                    .map(|b| b.fee_minor)
                    .unwrap_or(0);
                Money { minor: fee, currency: Currency::Kes }
            }
        }
    }

    /// An itemised quote: government fee, convenience fee and the total the citizen pays.
    pub fn quote(&self, fee: Money, waived: bool) -> Quote {
        let convenience = self.fee_for(fee, waived);
        Quote { fee, convenience, total: Money { minor: fee.minor + convenience.minor, currency: fee.currency } }
    }
}

impl Default for ConvenienceFeeBands {
    fn default() -> Self {
        Self::gazette_1422()
    }
}

/// What a citizen pays for one fee variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Government fee.
    pub fee: Money,
    /// Gazetted convenience fee.
    pub convenience: Money,
    /// Sum of the two.
    pub total: Money,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn kes_cents(c: i64) -> Money {
        Money { minor: c, currency: Currency::Kes }
    }

    #[test]
    fn gazette_examples() {
        let t = ConvenienceFeeBands::gazette_1422();
        assert_eq!(t.fee_for(Money::kes(100), false), Money::kes(5));
        assert_eq!(t.fee_for(Money::kes(199), false), Money::kes(5));
        assert_eq!(t.fee_for(kes_cents(19_999), false), Money::kes(5));
        assert_eq!(t.fee_for(Money::kes(200), false), Money::kes(10));
        assert_eq!(t.fee_for(Money::kes(299), false), Money::kes(10));
        assert_eq!(t.fee_for(Money::kes(300), false), Money::kes(15));
        assert_eq!(t.fee_for(Money::kes(500), false), Money::kes(20));
        assert_eq!(t.fee_for(Money::kes(700), false), Money::kes(25));
        assert_eq!(t.fee_for(kes_cents(99_999), false), Money::kes(25));
        assert_eq!(t.fee_for(Money::kes(1000), false), Money::kes(50));
        assert_eq!(t.fee_for(Money::kes(4550), false), Money::kes(50));
        assert_eq!(t.fee_for(Money::usd(50), false), Money::usd(1));
        assert_eq!(t.fee_for(Money::kes(0), false), Money::kes(0));
        assert_eq!(t.fee_for(Money::kes(4550), true), Money::kes(0));
    }

    #[test]
    fn passport_quote_is_itemised() {
        let q = ConvenienceFeeBands::gazette_1422().quote(Money::kes(4550), false);
        assert_eq!((q.fee, q.convenience, q.total), (Money::kes(4550), Money::kes(50), Money::kes(4600)));
    }

    #[test]
    fn refuses_gaps_overlaps_and_open_middles() {
        let b = |f, t, fee| FeeBand { from_minor: f, to_minor: t, fee_minor: fee };
        assert_eq!(ConvenienceFeeBands::new(vec![], 100), Err(BandError::Empty));
        assert_eq!(ConvenienceFeeBands::new(vec![b(1, None, 5)], 100), Err(BandError::NotFromZero));
        assert_eq!(
            ConvenienceFeeBands::new(vec![b(0, Some(10), 5), b(11, None, 6)], 100),
            Err(BandError::NotContiguous(1))
        );
        assert_eq!(ConvenienceFeeBands::new(vec![b(0, None, 5), b(10, None, 6)], 100), Err(BandError::OpenEnd));
        assert_eq!(ConvenienceFeeBands::new(vec![b(0, Some(10), 5)], 100), Err(BandError::OpenEnd));
        assert_eq!(ConvenienceFeeBands::new(vec![b(0, Some(0), 5), b(0, None, 1)], 100), Err(BandError::Reversed(0)));
        let g = ConvenienceFeeBands::gazette_1422();
        assert_eq!(ConvenienceFeeBands::new(g.kes.clone(), g.usd_flat_minor), Ok(g));
    }

    proptest! {
        /// Every positive KES amount falls in exactly one band.
        #[test]
        fn every_amount_in_exactly_one_band(minor in 1i64..10_000_000_000) {
            let t = ConvenienceFeeBands::gazette_1422();
            let hits = t.kes.iter().filter(|b| minor >= b.from_minor && b.to_minor.is_none_or(|to| minor < to)).count();
            prop_assert_eq!(hits, 1);
        }

        /// The fee never falls as the amount rises, and stays within the gazetted range.
        #[test]
        fn fee_is_monotonic_and_bounded(a in 1i64..10_000_000_000, b in 1i64..10_000_000_000) {
            let t = ConvenienceFeeBands::gazette_1422();
            let (lo, hi) = (a.min(b), a.max(b));
            let (f_lo, f_hi) = (t.fee_for(kes_cents(lo), false).minor, t.fee_for(kes_cents(hi), false).minor);
            prop_assert!(f_lo <= f_hi);
            prop_assert!((500..=5000).contains(&f_lo));
        }

        /// Any dollar amount pays exactly USD 1; totals are fee plus convenience fee.
        #[test]
        fn usd_rule_and_totals(minor in 1i64..10_000_000_000, waived in any::<bool>()) {
            let t = ConvenienceFeeBands::gazette_1422();
            let q = t.quote(Money { minor, currency: Currency::Usd }, waived);
            prop_assert_eq!(q.convenience.minor, if waived { 0 } else { 100 });
            prop_assert_eq!(q.total.minor, minor + q.convenience.minor);
            prop_assert_eq!(q.total.currency, Currency::Usd);
        }
    }
}
