//! The life of an application: draft → submitted → awaiting payment → queued → in review →
//! needs info ⇄ resubmitted → approved → issued, or rejected / withdrawn / expired. Only the
//! transitions in [`next`] exist, each allowed to one kind of actor; everything else is refused.

use serde::{Deserialize, Serialize};

/// Where an application is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Being filled in; only the citizen sees it.
    Draft,
    /// Sent; the data is frozen and hashed.
    Submitted,
    /// Waiting for the invoice to be paid.
    AwaitingPayment,
    /// Paid (or free) and waiting for an officer.
    Queued,
    /// An officer is working on it.
    InReview,
    /// The officer asked the citizen for more information.
    NeedsInfo,
    /// The citizen answered; back to the officer.
    Resubmitted,
    /// Decided in the citizen's favour; the document is being produced.
    Approved,
    /// The document was issued. Final.
    Issued,
    /// Decided against, with reasons. Final.
    Rejected,
    /// Withdrawn by the citizen. Final.
    Withdrawn,
    /// Left unpaid or unanswered too long. Final.
    Expired,
}

/// Every state.
pub const ALL_STATES: [State; 12] = [
    State::Draft,
    State::Submitted,
    State::AwaitingPayment,
    State::Queued,
    State::InReview,
    State::NeedsInfo,
    State::Resubmitted,
    State::Approved,
    State::Issued,
    State::Rejected,
    State::Withdrawn,
    State::Expired,
];

impl State {
    /// Stable name in storage and the API.
    pub fn code(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Submitted => "submitted",
            State::AwaitingPayment => "awaiting_payment",
            State::Queued => "queued",
            State::InReview => "in_review",
            State::NeedsInfo => "needs_info",
            State::Resubmitted => "resubmitted",
            State::Approved => "approved",
            State::Issued => "issued",
            State::Rejected => "rejected",
            State::Withdrawn => "withdrawn",
            State::Expired => "expired",
        }
    }

    /// Parses [`State::code`].
    pub fn from_code(s: &str) -> Option<State> {
        ALL_STATES.into_iter().find(|st| st.code() == s)
    }

    /// Nothing happens after a final state.
    pub fn is_final(self) -> bool {
        matches!(self, State::Issued | State::Rejected | State::Withdrawn | State::Expired)
    }

    /// Whether the charter clock is running (the agency owes the next step).
    pub fn clock_running(self) -> bool {
        matches!(self, State::Queued | State::InReview | State::Resubmitted | State::Approved)
    }
}

/// Who caused an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// The applicant (or an agent acting with their consent).
    Citizen,
    /// An officer of the service's agency.
    Officer,
    /// The platform itself (payments, timers).
    System,
}

/// Something that happens to an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// The citizen submits the draft.
    Submit,
    /// The submission has a fee: an invoice was created.
    InvoiceCreated,
    /// The submission is free.
    NoFeeDue,
    /// The invoice was paid (the payments side says so).
    Paid,
    /// An officer picks the application up.
    StartReview,
    /// An officer asks for more information.
    RequestInfo,
    /// The citizen answers.
    ProvideInfo,
    /// An officer approves.
    Approve,
    /// An officer rejects.
    Reject,
    /// The document is issued.
    Issue,
    /// The citizen withdraws.
    Withdraw,
    /// Unpaid or unanswered past its limit.
    Expire,
    /// The charter date passed with the agency still owing the next step: flagged, the citizen
    /// told, a new date set. The state stays as it is.
    CharterBreached,
}

impl Event {
    /// Every event.
    pub const ALL: [Event; 13] = [
        Event::Submit,
        Event::InvoiceCreated,
        Event::NoFeeDue,
        Event::Paid,
        Event::StartReview,
        Event::RequestInfo,
        Event::ProvideInfo,
        Event::Approve,
        Event::Reject,
        Event::Issue,
        Event::Withdraw,
        Event::Expire,
        Event::CharterBreached,
    ];

    /// Stable name in storage.
    pub fn code(self) -> &'static str {
        match self {
            Event::Submit => "submit",
            Event::InvoiceCreated => "invoice_created",
            Event::NoFeeDue => "no_fee_due",
            Event::Paid => "paid",
            Event::StartReview => "start_review",
            Event::RequestInfo => "request_info",
            Event::ProvideInfo => "provide_info",
            Event::Approve => "approve",
            Event::Reject => "reject",
            Event::Issue => "issue",
            Event::Withdraw => "withdraw",
            Event::Expire => "expire",
            Event::CharterBreached => "charter_breached",
        }
    }

    /// Parses [`Event::code`].
    pub fn from_code(s: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.code() == s)
    }
}

/// Why an event was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The event makes no sense in this state.
    #[error("cannot {event:?} an application that is {state:?}")]
    NotAllowed {
        /// Current state.
        state: State,
        /// Refused event.
        event: Event,
    },
    /// The event is allowed, but not for this actor.
    #[error("{actor:?} may not {event:?}")]
    WrongActor {
        /// Who tried.
        actor: Actor,
        /// Refused event.
        event: Event,
    },
}

/// Which actor may cause each event.
pub fn actor_of(event: Event) -> Actor {
    match event {
        Event::Submit | Event::ProvideInfo | Event::Withdraw => Actor::Citizen,
        Event::StartReview | Event::RequestInfo | Event::Approve | Event::Reject | Event::Issue => Actor::Officer,
        Event::InvoiceCreated | Event::NoFeeDue | Event::Paid | Event::Expire | Event::CharterBreached => Actor::System,
    }
}

/// The transition table: the state after `event`, or why not.
pub fn next(state: State, event: Event, actor: Actor) -> Result<State, TransitionError> {
    use Event as E;
    use State as S;
    let to = match (state, event) {
        (S::Draft, E::Submit) => S::Submitted,
        (S::Submitted, E::InvoiceCreated) => S::AwaitingPayment,
        (S::Submitted, E::NoFeeDue) => S::Queued,
        (S::AwaitingPayment, E::Paid) => S::Queued,
        (S::Queued | S::Resubmitted, E::StartReview) => S::InReview,
        (S::InReview, E::RequestInfo) => S::NeedsInfo,
        (S::NeedsInfo, E::ProvideInfo) => S::Resubmitted,
        (S::InReview, E::Approve) => S::Approved,
        (S::InReview, E::Reject) => S::Rejected,
        (S::Approved, E::Issue) => S::Issued,
        // A citizen may withdraw until a decision; money already paid is refunded elsewhere.
        (S::Draft | S::Submitted | S::AwaitingPayment | S::Queued | S::NeedsInfo, E::Withdraw) => S::Withdrawn,
        (S::Draft | S::AwaitingPayment | S::NeedsInfo, E::Expire) => S::Expired,
        // Only while the agency owes the next step; the application stays where it is.
        (s, E::CharterBreached) if s.clock_running() => s,
        _ => return Err(TransitionError::NotAllowed { state, event }),
    };
    if actor_of(event) != actor {
        return Err(TransitionError::WrongActor { actor, event });
    }
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ALL_EVENTS: [Event; 13] = Event::ALL;

    #[test]
    fn the_happy_paths() {
        let run = |events: &[Event]| events.iter().try_fold(State::Draft, |s, e| next(s, *e, actor_of(*e)));
        assert_eq!(
            run(&[Event::Submit, Event::InvoiceCreated, Event::Paid, Event::StartReview, Event::Approve, Event::Issue]),
            Ok(State::Issued)
        );
        assert_eq!(
            run(&[
                Event::Submit,
                Event::NoFeeDue,
                Event::StartReview,
                Event::RequestInfo,
                Event::ProvideInfo,
                Event::StartReview,
                Event::Reject
            ]),
            Ok(State::Rejected)
        );
        // Issuing without approval, or paying twice, is impossible.
        assert!(run(&[Event::Submit, Event::NoFeeDue, Event::Issue]).is_err());
        assert!(run(&[Event::Submit, Event::InvoiceCreated, Event::Paid, Event::Paid]).is_err());
        // A breach is noted only while the agency owes the next step, and moves nothing.
        assert_eq!(next(State::InReview, Event::CharterBreached, Actor::System), Ok(State::InReview));
        assert!(next(State::NeedsInfo, Event::CharterBreached, Actor::System).is_err());
        assert!(next(State::Issued, Event::CharterBreached, Actor::System).is_err());
        // A citizen cannot approve their own application.
        assert_eq!(
            next(State::InReview, Event::Approve, Actor::Citizen),
            Err(TransitionError::WrongActor { actor: Actor::Citizen, event: Event::Approve })
        );
    }

    #[test]
    fn codes_round_trip() {
        for s in ALL_STATES {
            assert_eq!(State::from_code(s.code()), Some(s));
        }
        for e in Event::ALL {
            assert_eq!(Event::from_code(e.code()), Some(e));
        }
    }

    proptest! {
        #[test]
        fn final_states_are_absorbing_and_issue_needs_approval(
            events in proptest::collection::vec((0usize..13, 0usize..3), 0..40)
        ) {
            let actors = [Actor::Citizen, Actor::Officer, Actor::System];
            let mut state = State::Draft;
            let mut approved = false;
            for (e, a) in events {
                let (event, actor) = (ALL_EVENTS[e], actors[a]);
                if let Ok(to) = next(state, event, actor) {
                    prop_assert!(!state.is_final(), "{state:?} is final but {event:?} moved it");
                    prop_assert_eq!(actor, actor_of(event));
                    if to == State::Issued {
                        prop_assert!(approved, "issued without approval");
                    }
                    approved |= to == State::Approved;
                    state = to;
                }
            }
        }
    }
}
