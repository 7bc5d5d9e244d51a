//! What the status page talks about: the parts of the service people depend on, how healthy
//! each is, and the incidents platform administrators post about them.

use serde::{Deserialize, Serialize};

/// A part of the service whose health the status page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Component {
    /// The portal itself (pages, sign-in, applications).
    Portal,
    /// Payments by M-Pesa (Safaricom Daraja).
    Payments,
    /// Text messages (Africa's Talking).
    Sms,
    /// The database everything is stored in.
    Database,
}

impl Component {
    /// Every component, in the order the status page lists them.
    pub const ALL: [Component; 4] = [Component::Portal, Component::Payments, Component::Sms, Component::Database];

    /// Stable code (storage, forms, the JSON API).
    pub fn code(self) -> &'static str {
        match self {
            Component::Portal => "portal",
            Component::Payments => "payments",
            Component::Sms => "sms",
            Component::Database => "database",
        }
    }

    /// From a stable code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// How bad an incident is, as the administrator who posts it judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Slow, or failing for some people: it mostly works.
    Minor,
    /// Not working for most people.
    Major,
}

impl Severity {
    /// Both severities, mildest first.
    pub const ALL: [Severity; 2] = [Severity::Minor, Severity::Major];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Severity::Minor => "minor",
            Severity::Major => "major",
        }
    }

    /// From a stable code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The health of a component, best first (so the worst of several is their maximum).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Health {
    /// Working normally (or nothing says otherwise).
    Operational,
    /// Working, with failures or slowness.
    Degraded,
    /// Not working.
    Down,
}

impl Health {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Health::Operational => "operational",
            Health::Degraded => "degraded",
            Health::Down => "down",
        }
    }
}

/// One call to a provider and whether it worked, at a time in unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// When the call ended.
    pub at: i64,
    /// Whether the provider answered usefully.
    pub ok: bool,
}

/// An incident as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    /// Row id.
    pub id: i64,
    /// What is affected.
    pub component: Component,
    /// How badly.
    pub severity: Severity,
    /// Short title in English.
    pub title_en: String,
    /// Short title in Kiswahili.
    pub title_sw: String,
    /// What is happening and what to do, in English.
    pub message_en: String,
    /// The same in Kiswahili.
    pub message_sw: String,
    /// When it was posted (unix seconds).
    pub opened_at: i64,
    /// The administrator who posted it.
    pub opened_by: i64,
    /// When it was marked resolved.
    pub resolved_at: Option<i64>,
    /// The administrator who resolved it.
    pub resolved_by: Option<i64>,
}

impl Incident {
    /// The title in `lang`.
    pub fn title(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::En => &self.title_en,
            crate::i18n::Lang::Sw => &self.title_sw,
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::En => &self.message_en,
            crate::i18n::Lang::Sw => &self.message_sw,
        }
    }

    /// Still open.
    pub fn is_open(&self) -> bool {
        self.resolved_at.is_none()
    }
}

/// A checked incident to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewIncident {
    /// What is affected.
    pub component: Component,
    /// How badly.
    pub severity: Severity,
    /// Title in English.
    pub title_en: String,
    /// Title in Kiswahili.
    pub title_sw: String,
    /// Message in English.
    pub message_en: String,
    /// Message in Kiswahili.
    pub message_sw: String,
    /// The administrator posting it.
    pub opened_by: i64,
    /// Now (unix seconds).
    pub now: i64,
    /// The one-time token of the form it came from: the same form sent twice opens one incident.
    pub form_token: String,
}

/// Why the store refused an incident change (nothing was changed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncidentRefusal {
    /// No incident has that id.
    Unknown,
    /// It was resolved already.
    AlreadyResolved,
    /// This form was submitted before: the incident is already posted.
    AlreadyPosted,
}
