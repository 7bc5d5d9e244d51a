//! The status rules, pure: how recent provider outcomes add up to a component's health, how an
//! open incident changes what the page shows, which incidents citizens are told about, and what
//! an administrator's incident must look like.

use super::model::{Component, Health, Outcome, Severity};
use crate::error::Problem;
use std::time::Duration;

/// Outcomes older than this say nothing about now (seconds).
pub const WINDOW_SECS: i64 = 15 * 60;
/// The most recent outcomes judged (and kept by the recorder).
pub const SAMPLE: usize = 20;
/// This many failures in a row, the latest included, mean the provider is down.
pub const DOWN_STREAK: usize = 3;
/// At least this share of failures (percent) in the window means degraded.
pub const DEGRADED_PERCENT: usize = 20;
/// A database slower than this to answer a trivial query is degraded.
pub const DATABASE_SLOW: Duration = Duration::from_secs(1);

/// Longest incident title (characters). Titles go out by SMS, so they stay short.
pub const TITLE_MAX: usize = 60;
/// Longest incident message (characters).
pub const MESSAGE_MAX: usize = 600;
/// How long resolved incidents stay on the status page (seconds).
pub const RECENT_SECS: i64 = 14 * 24 * 3600;

/// A provider's health from its recent outcomes (any order). No recent calls is operational:
/// at night nobody may pay for an hour, and silence is not an outage.
pub fn provider_health(outcomes: &[Outcome], now: i64) -> Health {
    let mut recent: Vec<Outcome> = outcomes.iter().copied().filter(|o| o.at > now - WINDOW_SECS).collect();
    recent.sort_by_key(|o| o.at);
    let recent = &recent[recent.len().saturating_sub(SAMPLE)..];
    let failures = recent.iter().filter(|o| !o.ok).count();
    let streak = recent.iter().rev().take_while(|o| !o.ok).count();
    if failures == 0 {
        Health::Operational
    } else if streak >= DOWN_STREAK {
        Health::Down
    } else if streak > 0 || failures * 100 >= DEGRADED_PERCENT * recent.len() {
        // The latest call failed, or enough of the recent ones did: some people are failing.
        Health::Degraded
    } else {
        Health::Operational
    }
}

/// The database's health from how long a trivial query took (`None`: it failed or timed out).
pub fn database_health(answered_in: Option<Duration>) -> Health {
    match answered_in {
        None => Health::Down,
        Some(d) if d > DATABASE_SLOW => Health::Degraded,
        Some(_) => Health::Operational,
    }
}

/// What an open incident of `severity` says about its component.
pub fn incident_health(severity: Severity) -> Health {
    match severity {
        Severity::Minor => Health::Degraded,
        Severity::Major => Health::Down,
    }
}

/// What the page shows for a component: the worse of what is measured and what the open
/// incidents on it say (an administrator may know of trouble the measurements cannot see).
pub fn shown_health(measured: Health, open: impl IntoIterator<Item = Severity>) -> Health {
    open.into_iter().map(incident_health).fold(measured, Health::max)
}

/// Whether citizens with a bill to pay are sent an SMS when this incident opens (and, later,
/// when it is resolved). Only what stops them paying: any payments incident; a major one of
/// the portal or database (nothing works). Not SMS incidents: the message would be stuck in
/// the very queue that is broken, and arrive after the problem is over; not minor portal or
/// database trouble, which a retry gets past. A text for every blip would teach people to
/// ignore the ones that matter.
pub fn notifies_payers(component: Component, severity: Severity) -> bool {
    match component {
        Component::Payments => true,
        Component::Portal | Component::Database => severity == Severity::Major,
        Component::Sms => false,
    }
}

/// An incident's fields as typed, checked and trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedIncident {
    /// What is affected.
    pub component: Component,
    /// How badly.
    pub severity: Severity,
    /// Titles, English and Kiswahili.
    pub title: (String, String),
    /// Messages, English and Kiswahili.
    pub message: (String, String),
}

/// Checks an incident as typed into the form. Both languages are required: a national service
/// says it in both. Titles are sent by SMS, so they must be plain GSM-7 text.
pub fn check_incident(
    component: &str,
    severity: &str,
    title: (&str, &str),
    message: (&str, &str),
) -> Result<CheckedIncident, Problem> {
    let component = Component::from_code(component.trim()).ok_or(Problem::IncidentComponentUnknown)?;
    let severity = Severity::from_code(severity.trim()).ok_or(Problem::IncidentSeverityUnknown)?;
    let title_ok = |t: &str| {
        let n = t.chars().count();
        n > 0 && n <= TITLE_MAX && !t.contains(['\n', '\r']) && !crate::notifications::two_way::segments(t).ucs2
    };
    let (title_en, title_sw) = (title.0.trim(), title.1.trim());
    if !title_ok(title_en) || !title_ok(title_sw) {
        return Err(Problem::IncidentTitleInvalid);
    }
    let message_ok = |m: &str| (1..=MESSAGE_MAX).contains(&m.chars().count());
    let (message_en, message_sw) = (message.0.trim(), message.1.trim());
    if !message_ok(message_en) || !message_ok(message_sw) {
        return Err(Problem::IncidentMessageInvalid);
    }
    Ok(CheckedIncident {
        component,
        severity,
        title: (title_en.to_string(), title_sw.to_string()),
        message: (message_en.to_string(), message_sw.to_string()),
    })
}

/// The outbox message telling `citizen` that incident `id` opened (or was resolved): one per
/// citizen, incident and phase however often the change is recorded.
#[cfg(feature = "ssr")]
pub fn incident_notice(id: i64, citizen: i64, resolved: bool) -> crate::notifications::outbox::NewNotice {
    use crate::notifications::outbox::{NewNotice, NoticeKind};
    let (kind, phase) =
        if resolved { (NoticeKind::IncidentResolved, "resolved") } else { (NoticeKind::IncidentOpened, "opened") };
    NewNotice {
        dedupe_key: format!("incident:{id}:{phase}:{citizen}"),
        kind,
        subject: id.to_string(),
        citizen_id: Some(citizen),
        phone: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    fn calls(pattern: &str) -> Vec<Outcome> {
        // One call a minute, ending now: '+' worked, '-' failed.
        let n = pattern.len() as i64;
        pattern.chars().enumerate().map(|(i, c)| Outcome { at: NOW - (n - 1 - i as i64) * 60, ok: c == '+' }).collect()
    }

    #[test]
    fn no_recent_traffic_is_operational_not_down() {
        assert_eq!(provider_health(&[], NOW), Health::Operational);
        let old_failures = [Outcome { at: NOW - WINDOW_SECS - 1, ok: false }; 5];
        assert_eq!(provider_health(&old_failures, NOW), Health::Operational, "failures long ago say nothing now");
    }

    #[test]
    fn a_streak_of_failures_is_down_and_fewer_are_degraded() {
        assert_eq!(provider_health(&calls("+++++"), NOW), Health::Operational);
        assert_eq!(provider_health(&calls("++++-"), NOW), Health::Degraded, "the latest call failed");
        assert_eq!(provider_health(&calls("+++--"), NOW), Health::Degraded);
        assert_eq!(provider_health(&calls("++---"), NOW), Health::Down);
        assert_eq!(provider_health(&calls("---"), NOW), Health::Down);
        assert_eq!(provider_health(&calls("-"), NOW), Health::Degraded, "one failure alone is not an outage");
    }

    #[test]
    fn recovery_shows_as_degraded_until_failures_are_rare() {
        assert_eq!(provider_health(&calls("---+"), NOW), Health::Degraded, "one success after an outage");
        assert_eq!(provider_health(&calls("-++++"), NOW), Health::Degraded, "20% failed");
        assert_eq!(provider_health(&calls("-+++++++++"), NOW), Health::Operational, "10% failed, latest fine");
        // Only the last SAMPLE calls count: an old streak of failures falls out of the sample.
        let pattern = format!("---{}", "+".repeat(SAMPLE));
        assert_eq!(provider_health(&calls(&pattern), NOW), Health::Operational);
    }

    #[test]
    fn order_of_outcomes_does_not_matter() {
        let mut shuffled = calls("++---");
        shuffled.reverse();
        assert_eq!(provider_health(&shuffled, NOW), Health::Down);
    }

    #[test]
    fn database_health_from_ping_time() {
        assert_eq!(database_health(None), Health::Down);
        assert_eq!(database_health(Some(Duration::from_millis(5))), Health::Operational);
        assert_eq!(database_health(Some(Duration::from_millis(1500))), Health::Degraded);
    }

    #[test]
    fn open_incidents_can_only_make_things_look_worse() {
        assert_eq!(shown_health(Health::Operational, Vec::<Severity>::new()), Health::Operational);
        assert_eq!(shown_health(Health::Operational, [Severity::Minor]), Health::Degraded);
        assert_eq!(shown_health(Health::Degraded, [Severity::Minor, Severity::Major]), Health::Down);
        assert_eq!(shown_health(Health::Down, [Severity::Minor]), Health::Down, "measured down stays down");
    }

    #[test]
    fn payers_hear_only_of_what_stops_them_paying() {
        assert!(notifies_payers(Component::Payments, Severity::Minor));
        assert!(notifies_payers(Component::Payments, Severity::Major));
        assert!(notifies_payers(Component::Database, Severity::Major));
        assert!(notifies_payers(Component::Portal, Severity::Major));
        assert!(!notifies_payers(Component::Portal, Severity::Minor));
        assert!(!notifies_payers(Component::Sms, Severity::Major));
    }

    #[test]
    fn incidents_need_both_languages_within_limits() {
        let ok = check_incident(
            " payments ",
            "major",
            (" M-Pesa is slow ", "M-Pesa inachelewa"),
            ("Try later.", "Jaribu baadaye."),
        );
        let ok = ok.unwrap();
        assert_eq!((ok.component, ok.severity), (Component::Payments, Severity::Major));
        assert_eq!(ok.title.0, "M-Pesa is slow", "trimmed");
        let t = ("Title", "Kichwa");
        let m = ("Message", "Ujumbe");
        assert_eq!(check_incident("email", "major", t, m), Err(Problem::IncidentComponentUnknown));
        assert_eq!(check_incident("sms", "huge", t, m), Err(Problem::IncidentSeverityUnknown));
        assert_eq!(check_incident("sms", "minor", ("  ", "Kichwa"), m), Err(Problem::IncidentTitleInvalid));
        assert_eq!(check_incident("sms", "minor", ("Title", ""), m), Err(Problem::IncidentTitleInvalid));
        let long = "x".repeat(TITLE_MAX + 1);
        assert_eq!(check_incident("sms", "minor", (&long, "Kichwa"), m), Err(Problem::IncidentTitleInvalid));
        assert!(check_incident("sms", "minor", (&long[1..], "Kichwa"), m).is_ok(), "exactly the limit is fine");
        assert_eq!(
            check_incident("sms", "minor", ("Payments “down”", "Kichwa"), m),
            Err(Problem::IncidentTitleInvalid),
            "not GSM-7"
        );
        assert_eq!(check_incident("sms", "minor", t, ("Message", " ")), Err(Problem::IncidentMessageInvalid));
        let long = "y".repeat(MESSAGE_MAX + 1);
        assert_eq!(check_incident("sms", "minor", t, (&long, "Ujumbe")), Err(Problem::IncidentMessageInvalid));
    }

    #[test]
    fn codes_round_trip() {
        for c in Component::ALL {
            assert_eq!(Component::from_code(c.code()), Some(c));
        }
        for s in Severity::ALL {
            assert_eq!(Severity::from_code(s.code()), Some(s));
        }
        assert!(Health::Down > Health::Degraded && Health::Degraded > Health::Operational);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn one_notice_per_citizen_incident_and_phase() {
        let opened = incident_notice(7, 42, false);
        let resolved = incident_notice(7, 42, true);
        assert_eq!(opened.dedupe_key, "incident:7:opened:42");
        assert_eq!(resolved.dedupe_key, "incident:7:resolved:42");
        assert_eq!((opened.subject.as_str(), opened.citizen_id), ("7", Some(42)));
    }
}
