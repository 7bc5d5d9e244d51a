//! The daily statement comparison: every transaction on M-Pesa's organisation statement must
//! be a payment we recorded, for the same amount, and every M-Pesa payment we recorded must be
//! on the statement. Pure: the caller reads the statement (CSV export) and the payments.

use super::ports::Payment;
use std::collections::BTreeMap;

/// One credit on M-Pesa's statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    /// M-Pesa receipt number (`Receipt No.`).
    pub receipt: String,
    /// `Paid In`, cents.
    pub amount_minor: i64,
    /// `A/C No.` (the bill reference the payer used).
    pub account: String,
}

/// A difference between the statement and our records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// M-Pesa has money we have no payment for: a lost callback not yet reconciled.
    MissingLocally(StatementLine),
    /// We recorded an M-Pesa payment the statement does not show.
    MissingAtMpesa {
        /// Our receipt number.
        receipt_no: String,
        /// M-Pesa's receipt number we recorded.
        mpesa_receipt: String,
        /// Amount we recorded, cents.
        amount_minor: i64,
    },
    /// Both have it, for different amounts.
    AmountMismatch {
        /// M-Pesa receipt.
        mpesa_receipt: String,
        /// Statement amount, cents.
        statement_minor: i64,
        /// Our amount, cents.
        recorded_minor: i64,
    },
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kes = |m: i64| format!("KSh {}.{:02}", m / 100, m % 100);
        match self {
            Difference::MissingLocally(l) => write!(
                f,
                "on the statement, not recorded: M-Pesa {} {} for account {:?}",
                l.receipt,
                kes(l.amount_minor),
                l.account
            ),
            Difference::MissingAtMpesa { receipt_no, mpesa_receipt, amount_minor } => write!(
                f,
                "recorded, not on the statement: M-Pesa {mpesa_receipt} {} (our receipt {receipt_no})",
                kes(*amount_minor)
            ),
            Difference::AmountMismatch { mpesa_receipt, statement_minor, recorded_minor } => write!(
                f,
                "amounts differ for M-Pesa {mpesa_receipt}: statement {}, recorded {}",
                kes(*statement_minor),
                kes(*recorded_minor)
            ),
        }
    }
}

/// Compares a statement with the M-Pesa payments recorded over the same period. Payments
/// confirmed only by STK query carry no M-Pesa receipt; they are matched to a statement line
/// for the same bill and amount, if one is otherwise unmatched.
pub fn compare(statement: &[StatementLine], recorded: &[Payment]) -> Vec<Difference> {
    let mut lines: BTreeMap<&str, &StatementLine> = statement.iter().map(|l| (l.receipt.as_str(), l)).collect();
    let mut out = Vec::new();
    let mut without_receipt = Vec::new();
    for p in recorded {
        let Some(r) = p.mpesa_receipt.as_deref() else {
            without_receipt.push(p);
            continue;
        };
        match lines.remove(r) {
            Some(l) if l.amount_minor == p.amount_minor => {}
            Some(l) => out.push(Difference::AmountMismatch {
                mpesa_receipt: r.to_string(),
                statement_minor: l.amount_minor,
                recorded_minor: p.amount_minor,
            }),
            None => out.push(Difference::MissingAtMpesa {
                receipt_no: p.receipt_no.clone(),
                mpesa_receipt: r.to_string(),
                amount_minor: p.amount_minor,
            }),
        }
    }
    for p in without_receipt {
        let found = lines
            .iter()
            .find(|(_, l)| Some(l.account.as_str()) == p.bill_ref.as_deref() && l.amount_minor == p.amount_minor)
            .map(|(k, _)| k.to_string());
        match found {
            Some(k) => {
                lines.remove(k.as_str());
            }
            None => out.push(Difference::MissingAtMpesa {
                receipt_no: p.receipt_no.clone(),
                mpesa_receipt: "(confirmed by query)".into(),
                amount_minor: p.amount_minor,
            }),
        }
    }
    out.extend(lines.into_values().map(|l| Difference::MissingLocally(l.clone())));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payments::ports::Channel;
    use proptest::prelude::*;

    fn payment(receipt: Option<&str>, bill: &str, amount: i64) -> Payment {
        Payment {
            receipt_no: format!("R{bill}"),
            bill_ref: Some(bill.into()),
            channel: Channel::MpesaStk,
            mpesa_receipt: receipt.map(str::to_string),
            attempt_id: None,
            phone: String::new(),
            amount_minor: amount,
            applied_minor: amount,
            credit_minor: 0,
            paid_at: 0,
            needs_review: false,
            note: String::new(),
        }
    }

    fn line(receipt: &str, bill: &str, amount: i64) -> StatementLine {
        StatementLine { receipt: receipt.into(), amount_minor: amount, account: bill.into() }
    }

    #[test]
    fn a_clean_day_has_no_differences_and_each_kind_is_found() {
        let statement = [line("A1", "b1", 100), line("A2", "b2", 200), line("A3", "b3", 300)];
        let recorded = [payment(Some("A1"), "b1", 100), payment(Some("A2"), "b2", 200), payment(None, "b3", 300)];
        assert!(compare(&statement, &recorded).is_empty());
        let recorded = [payment(Some("A1"), "b1", 150), payment(Some("A9"), "b9", 900)];
        let d = compare(&statement, &recorded);
        assert_eq!(d.len(), 4, "{d:?}");
        assert!(d.contains(&Difference::AmountMismatch {
            mpesa_receipt: "A1".into(),
            statement_minor: 100,
            recorded_minor: 150
        }));
        assert!(
            d.iter().any(|x| matches!(x, Difference::MissingAtMpesa { mpesa_receipt, .. } if mpesa_receipt == "A9"))
        );
        assert!(d.contains(&Difference::MissingLocally(line("A2", "b2", 200))));
        assert!(d.contains(&Difference::MissingLocally(line("A3", "b3", 300))));
    }

    proptest! {
        #[test]
        fn every_seeded_difference_is_detected(n in 1usize..40, drop_local in prop::collection::vec(any::<bool>(), 40), bump in prop::collection::vec(any::<bool>(), 40)) {
            let statement: Vec<StatementLine> = (0..n).map(|i| line(&format!("M{i}"), &format!("b{i}"), 1000 + i as i64)).collect();
            let mut expected = 0;
            let mut recorded = Vec::new();
            for i in 0..n {
                if drop_local[i] { expected += 1; continue; }
                let amount = 1000 + i as i64 + i64::from(bump[i]);
                if bump[i] { expected += 1; }
                recorded.push(payment(Some(&format!("M{i}")), &format!("b{i}"), amount));
            }
            prop_assert_eq!(compare(&statement, &recorded).len(), expected);
        }
    }
}
