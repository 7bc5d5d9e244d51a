//! Words of the status page and the incidents page, in English and Kiswahili.

use super::model::{Component, Health, Severity};
use crate::i18n::Lang;

/// Status texts in one language.
#[derive(Debug)]
pub struct StatusTexts {
    /// Page heading.
    pub heading: &'static str,
    /// Under the heading.
    pub lead: &'static str,
    /// Heading of the components list.
    pub components_heading: &'static str,
    /// A component's name.
    pub component: fn(Component) -> &'static str,
    /// A health in words.
    pub health: fn(Health) -> &'static str,
    /// A severity in words.
    pub severity: fn(Severity) -> &'static str,
    /// When the page was checked: the time in EAT.
    pub checked_at: fn(&str) -> String,
    /// Heading of the open incidents.
    pub open_heading: &'static str,
    /// No open incidents.
    pub no_open: &'static str,
    /// Heading of the recently resolved incidents.
    pub resolved_heading: &'static str,
    /// None resolved recently.
    pub no_resolved: &'static str,
    /// The incidents could not be loaded (database down).
    pub incidents_unavailable: &'static str,
    /// When an incident was posted: the time in EAT.
    pub posted: fn(&str) -> String,
    /// When an incident was resolved: the time in EAT.
    pub resolved: fn(&str) -> String,
    /// Label before the component of an incident.
    pub affects: &'static str,
    /// Label before the severity of an incident.
    pub severity_label: &'static str,
    /// Staff page heading.
    pub staff_heading: &'static str,
    /// Staff page lead.
    pub staff_lead: &'static str,
    /// Heading of the form to post an incident.
    pub post_heading: &'static str,
    /// Label of the component choice.
    pub component_label: &'static str,
    /// Label of the English title.
    pub title_en_label: &'static str,
    /// Label of the Kiswahili title.
    pub title_sw_label: &'static str,
    /// Hint under the titles.
    pub title_hint: &'static str,
    /// Label of the English message.
    pub message_en_label: &'static str,
    /// Label of the Kiswahili message.
    pub message_sw_label: &'static str,
    /// Hint under the messages.
    pub message_hint: &'static str,
    /// The post button.
    pub post_button: &'static str,
    /// The resolve button.
    pub resolve_button: &'static str,
    /// After posting: the incident number.
    pub posted_notice: fn(&str) -> String,
    /// After resolving: the incident number.
    pub resolved_notice: fn(&str) -> String,
    /// Link to the public page.
    pub see_public: &'static str,
}

/// The texts of a language.
pub fn status_texts(lang: Lang) -> &'static StatusTexts {
    match lang {
        Lang::En => &EN,
        Lang::Sw => &SW,
    }
}

static EN: StatusTexts = StatusTexts {
    heading: "Service status",
    lead: "Whether Mlango and the services it depends on are working now, and the problems we know of.",
    components_heading: "Services now",
    component: |c| match c {
        Component::Portal => "Mlango website",
        Component::Payments => "M-Pesa payments",
        Component::Sms => "Text messages (SMS)",
        Component::Database => "Records and applications",
    },
    health: |h| match h {
        Health::Operational => "Working",
        Health::Degraded => "Some problems",
        Health::Down => "Not working",
    },
    severity: |s| match s {
        Severity::Minor => "Some problems",
        Severity::Major => "Not working",
    },
    checked_at: |t| format!("Checked {t} EAT."),
    open_heading: "Current incidents",
    no_open: "There are no incidents now.",
    resolved_heading: "Resolved in the last 14 days",
    no_resolved: "No incidents were resolved in the last 14 days.",
    incidents_unavailable: "We cannot load the list of incidents right now. The state of each service above is current.",
    posted: |t| format!("Posted {t} EAT"),
    resolved: |t| format!("Resolved {t} EAT"),
    affects: "Affects",
    severity_label: "Effect",
    staff_heading: "Incidents",
    staff_lead: "Post an incident when a service is not working, and resolve it when it is fixed. It shows on the public status page. For payment problems and major outages, citizens with a bill to pay get an SMS when you post it and when you resolve it.",
    post_heading: "Post an incident",
    component_label: "What is affected",
    title_en_label: "Title in English",
    title_sw_label: "Title in Kiswahili",
    title_hint: "Up to 60 characters of plain text, without curly quotes or emoji: it is sent by SMS.",
    message_en_label: "Message in English",
    message_sw_label: "Message in Kiswahili",
    message_hint: "What is happening and what people should do. Up to 600 characters.",
    post_button: "Post incident",
    resolve_button: "Mark as resolved",
    posted_notice: |id| format!("Incident {id} is posted."),
    resolved_notice: |id| format!("Incident {id} is resolved."),
    see_public: "See the public status page",
};

static SW: StatusTexts = StatusTexts {
    heading: "Hali ya huduma",
    lead: "Kama Mlango na huduma inazotegemea zinafanya kazi sasa, na matatizo tunayoyajua.",
    components_heading: "Huduma sasa",
    component: |c| match c {
        Component::Portal => "Tovuti ya Mlango",
        Component::Payments => "Malipo ya M-Pesa",
        Component::Sms => "Jumbe fupi (SMS)",
        Component::Database => "Kumbukumbu na maombi",
    },
    health: |h| match h {
        Health::Operational => "Inafanya kazi",
        Health::Degraded => "Kuna matatizo",
        Health::Down => "Haifanyi kazi",
    },
    severity: |s| match s {
        Severity::Minor => "Kuna matatizo",
        Severity::Major => "Haifanyi kazi",
    },
    checked_at: |t| format!("Imekaguliwa {t} EAT."),
    open_heading: "Matukio ya sasa",
    no_open: "Hakuna matukio sasa.",
    resolved_heading: "Yaliyotatuliwa katika siku 14 zilizopita",
    no_resolved: "Hakuna tukio lililotatuliwa katika siku 14 zilizopita.",
    incidents_unavailable: "Hatuwezi kupakia orodha ya matukio sasa hivi. Hali ya kila huduma hapo juu ni ya sasa.",
    posted: |t| format!("Limetangazwa {t} EAT"),
    resolved: |t| format!("Limetatuliwa {t} EAT"),
    affects: "Linaathiri",
    severity_label: "Athari",
    staff_heading: "Matukio",
    staff_lead: "Tangaza tukio huduma isipofanya kazi, na ulitatue ikirekebishwa. Linaonekana kwenye ukurasa wa hali wa umma. Kwa matatizo ya malipo na hitilafu kubwa, wananchi wenye ankara ya kulipa hupata SMS unapolitangaza na unapolitatua.",
    post_heading: "Tangaza tukio",
    component_label: "Kinachoathirika",
    title_en_label: "Kichwa kwa Kiingereza",
    title_sw_label: "Kichwa kwa Kiswahili",
    title_hint: "Hadi herufi 60 za maandishi ya kawaida, bila alama za nukuu zilizopinda wala emoji: kinatumwa kwa SMS.",
    message_en_label: "Ujumbe kwa Kiingereza",
    message_sw_label: "Ujumbe kwa Kiswahili",
    message_hint: "Kinachotokea na watu wafanye nini. Hadi herufi 600.",
    post_button: "Tangaza tukio",
    resolve_button: "Weka kuwa limetatuliwa",
    posted_notice: |id| format!("Tukio {id} limetangazwa."),
    resolved_notice: |id| format!("Tukio {id} limetatuliwa."),
    see_public: "Ona ukurasa wa hali wa umma",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_differs_between_the_languages() {
        let (en, sw) = (status_texts(Lang::En), status_texts(Lang::Sw));
        assert!(!format!("{en:?}").contains("\"\"") && !format!("{sw:?}").contains("\"\""));
        for c in Component::ALL {
            assert_ne!((en.component)(c), (sw.component)(c));
        }
        for h in [Health::Operational, Health::Degraded, Health::Down] {
            assert_ne!((en.health)(h), (sw.health)(h));
        }
        assert_ne!(en.incidents_unavailable, sw.incidents_unavailable);
    }
}
