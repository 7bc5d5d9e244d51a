//! The payment rules, pure: what each piece of evidence about an M-Pesa attempt means, how
//! evidence combines (any order, any number of repeats: the same answer), and how money paid
//! against an invoice splits between the invoice and the citizen's credit.
//!
//! Evidence about one attempt arrives from several places — the push reply, callbacks (which
//! Daraja may send late, twice or never), STK queries — in any order. So an attempt's state is
//! the *join* of everything heard, on the ranking
//! `Requesting < Pending < Unknown < Failed < Paid < NeedsReview`: proof that money moved beats
//! a failure report (a failure callback followed by a success is a payment), and a success that
//! disagrees with the invoice beats everything, because a person must look at it. Paid and
//! NeedsReview are terminal: nothing heard later can undo a payment.

use serde::{Deserialize, Serialize};

/// Where an M-Pesa attempt stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AttemptState {
    /// Written before the push is sent (so a crash mid-push leaves a trace).
    Requesting,
    /// Daraja accepted the push; the customer has a PIN prompt.
    Pending,
    /// The push may or may not have reached Daraja; settled by query, never re-sent.
    Unknown,
    /// Not paid (cancelled, wrong PIN, no answer, insufficient funds, refused push).
    Failed,
    /// Paid for the amount asked.
    Paid,
    /// Money moved but something disagrees (amount, reused receipt): a person decides.
    NeedsReview,
}

impl AttemptState {
    /// Every state.
    pub const ALL: [AttemptState; 6] = [
        AttemptState::Requesting,
        AttemptState::Pending,
        AttemptState::Unknown,
        AttemptState::Failed,
        AttemptState::Paid,
        AttemptState::NeedsReview,
    ];

    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            AttemptState::Requesting => "requesting",
            AttemptState::Pending => "pending",
            AttemptState::Unknown => "unknown",
            AttemptState::Failed => "failed",
            AttemptState::Paid => "paid",
            AttemptState::NeedsReview => "needs_review",
        }
    }

    /// Reads a stored code.
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == s)
    }

    /// Paid and NeedsReview never change again.
    pub fn is_terminal(self) -> bool {
        matches!(self, AttemptState::Paid | AttemptState::NeedsReview)
    }

    /// Still waiting for an outcome (a new push for the same bill must wait).
    pub fn is_open(self) -> bool {
        matches!(self, AttemptState::Requesting | AttemptState::Pending | AttemptState::Unknown)
    }

    /// The state after hearing `evidence`.
    pub fn join(self, evidence: AttemptState) -> AttemptState {
        self.max(evidence)
    }
}

/// The state a Daraja `ResultCode` (callback or query) proves.
pub fn state_of_result(result_code: i64, amount_matches: bool) -> AttemptState {
    match (result_code, amount_matches) {
        (0, true) => AttemptState::Paid,
        (0, false) => AttemptState::NeedsReview,
        _ => AttemptState::Failed,
    }
}

/// What the citizen is told about a Daraja result code, in plain words (English; the pages
/// translate by code).
pub fn result_reason(result_code: i64) -> &'static str {
    match result_code {
        0 => "paid",
        1 => "insufficient_funds",
        1032 => "cancelled",
        1037 | 1019 => "no_answer",
        2001 => "wrong_pin",
        2 | 3 | 4 | 8 => "limit",
        _ => "failed",
    }
}

/// Whether an invoice is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvoiceStatus {
    /// Nothing paid yet.
    Unpaid,
    /// Some paid, more due.
    PartPaid,
    /// Fully paid.
    Paid,
}

impl InvoiceStatus {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            InvoiceStatus::Unpaid => "unpaid",
            InvoiceStatus::PartPaid => "part_paid",
            InvoiceStatus::Paid => "paid",
        }
    }

    /// Reads a stored code.
    pub fn from_code(s: &str) -> Option<Self> {
        [InvoiceStatus::Unpaid, InvoiceStatus::PartPaid, InvoiceStatus::Paid].into_iter().find(|x| x.code() == s)
    }

    /// The status of an invoice of `total` with `paid` received.
    pub fn of(total_minor: i64, paid_minor: i64) -> Self {
        if paid_minor >= total_minor {
            InvoiceStatus::Paid
        } else if paid_minor > 0 {
            InvoiceStatus::PartPaid
        } else {
            InvoiceStatus::Unpaid
        }
    }
}

/// How one payment splits: what settles the invoice and what becomes the citizen's credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allocation {
    /// Applied to the invoice.
    pub applied_minor: i64,
    /// Kept as the citizen's credit (overpayment, or a payment to a closed bill).
    pub credit_minor: i64,
}

/// Splits `amount` paid against an invoice with `outstanding` still due. A bill that can no
/// longer be paid (withdrawn application) turns the whole amount into credit.
pub fn allocate(amount_minor: i64, outstanding_minor: i64, payable: bool) -> Allocation {
    let amount = amount_minor.max(0);
    let applied = if payable { amount.min(outstanding_minor.max(0)) } else { 0 };
    Allocation { applied_minor: applied, credit_minor: amount - applied }
}

/// Whole shillings to ask M-Pesa for, or `None` when the amount cannot go through M-Pesa
/// (cents, or outside M-Pesa's per-transaction limits).
pub fn mpesa_amount(outstanding_minor: i64) -> Option<i64> {
    use super::gateway::{MPESA_MAX_KES, MPESA_MIN_KES};
    (outstanding_minor % 100 == 0)
        .then_some(outstanding_minor / 100)
        .filter(|k| (MPESA_MIN_KES..=MPESA_MAX_KES).contains(k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn evidence() -> impl Strategy<Value = AttemptState> {
        prop_oneof![
            Just(AttemptState::Pending),
            Just(AttemptState::Unknown),
            (prop_oneof![Just(0i64), Just(1), Just(1032), Just(1037), Just(2001), Just(17)], any::<bool>())
                .prop_map(|(code, ok)| state_of_result(code, ok)),
        ]
    }

    fn run(events: &[AttemptState]) -> AttemptState {
        events.iter().fold(AttemptState::Requesting, |s, e| s.join(*e))
    }

    proptest! {
        #[test]
        fn final_state_depends_only_on_the_set_of_evidence(
            events in prop::collection::vec(evidence(), 0..12),
            seed in any::<u64>(),
            dupes in prop::collection::vec(any::<prop::sample::Index>(), 0..6),
        ) {
            let mut shuffled = events.clone();
            for d in &dupes {
                if !events.is_empty() {
                    shuffled.push(*d.get(&events));
                }
            }
            // A deterministic shuffle from the seed.
            let mut x = seed | 1;
            for i in (1..shuffled.len()).rev() {
                x ^= x << 13; x ^= x >> 7; x ^= x << 17;
                shuffled.swap(i, (x % (i as u64 + 1)) as usize);
            }
            prop_assert_eq!(run(&events), run(&shuffled));
        }

        #[test]
        fn terminal_states_are_absorbing(events in prop::collection::vec(evidence(), 0..12)) {
            let mut s = AttemptState::Requesting;
            let mut seen_terminal: Option<AttemptState> = None;
            for e in events {
                s = s.join(e);
                if let Some(t) = seen_terminal {
                    prop_assert!(s >= t && s.is_terminal());
                }
                if s.is_terminal() && seen_terminal.is_none() {
                    seen_terminal = Some(s);
                }
            }
        }

        #[test]
        fn allocation_never_creates_or_loses_money(amount in 0i64..10_000_000, outstanding in -100i64..10_000_000, payable in any::<bool>()) {
            let a = allocate(amount, outstanding, payable);
            prop_assert_eq!(a.applied_minor + a.credit_minor, amount);
            prop_assert!(a.applied_minor >= 0 && a.credit_minor >= 0);
            prop_assert!(a.applied_minor <= outstanding.max(0));
        }
    }

    #[test]
    fn a_success_after_a_failure_is_a_payment_and_a_failure_after_success_changes_nothing() {
        assert_eq!(run(&[state_of_result(1032, true), state_of_result(0, true)]), AttemptState::Paid);
        assert_eq!(run(&[state_of_result(0, true), state_of_result(1032, true)]), AttemptState::Paid);
        assert_eq!(run(&[state_of_result(0, false), state_of_result(0, true)]), AttemptState::NeedsReview);
    }

    #[test]
    fn codes_round_trip_and_reasons_are_named() {
        for s in AttemptState::ALL {
            assert_eq!(AttemptState::from_code(s.code()), Some(s));
        }
        assert_eq!(InvoiceStatus::of(1000, 0), InvoiceStatus::Unpaid);
        assert_eq!(InvoiceStatus::of(1000, 500), InvoiceStatus::PartPaid);
        assert_eq!(InvoiceStatus::of(1000, 1500), InvoiceStatus::Paid);
        assert_eq!(result_reason(2001), "wrong_pin");
        assert_eq!(result_reason(1037), "no_answer");
        assert_eq!(mpesa_amount(105_000), Some(1050));
        assert_eq!(mpesa_amount(105_050), None);
        assert_eq!(mpesa_amount(0), None);
        assert_eq!(mpesa_amount(30_000_000), None);
    }
}
