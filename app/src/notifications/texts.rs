//! The words of every SMS the outbox sends, in English and Kiswahili, chosen by the citizen's
//! language. Each stays in the GSM-7 alphabet and within two SMS parts (checked below), and
//! carries no personal data beyond the reference the citizen already holds.

use crate::i18n::Lang;

/// Message templates in one language.
#[derive(Debug)]
pub struct NoticeTexts {
    /// Payment received: amount, what for, bill, receipt number.
    pub receipt: fn(&str, &str, &str, &str) -> String,
    /// Part of a payment kept as credit: amount.
    pub credit: fn(&str) -> String,
    /// The charter date was missed: reference, service, missed date, new date.
    pub breach: fn(&str, &str, &str, &str) -> String,
    /// An appointment booked: reference, step, time, office, address.
    pub appointment: fn(&str, &str, &str, &str, &str) -> String,
    /// An appointment within a day: reference, step, time, office, address.
    pub reminder: fn(&str, &str, &str, &str, &str) -> String,
    /// Application received with a bill: reference, service, total, bill reference, paybill.
    pub received_to_pay: fn(&str, &str, &str, &str, &str) -> String,
    /// An agency's bill sent to the payer's phone: agency, total, bill reference, paybill, last
    /// day to pay.
    pub invoice: fn(&str, &str, &str, &str, &str) -> String,
    /// Application received, free: reference, service, promised date.
    pub received_free: fn(&str, &str, &str) -> String,
    /// The agency asks for more information: reference.
    pub needs_info: fn(&str) -> String,
    /// Approved: reference, service.
    pub approved: fn(&str, &str) -> String,
    /// Not approved: reference, service.
    pub rejected: fn(&str, &str) -> String,
    /// Issued, and how was it: reference, service, document number.
    pub issued: fn(&str, &str, &str) -> String,
    /// An incident that may stop people paying was posted: its title.
    pub incident_opened: fn(&str) -> String,
    /// That incident is over: its title.
    pub incident_resolved: fn(&str) -> String,
    /// M-Pesa works again after refusing the citizen's payment: amount due, bill reference,
    /// paybill, last day to pay.
    pub payments_resumed: fn(&str, &str, &str, &str) -> String,
    /// A date, from ISO.
    pub date: fn(&str) -> String,
    /// The subject of a message sent by email (when SMS could not reach the phone).
    pub email_subject: &'static str,
}

/// The templates of a language.
pub fn notice_texts(lang: Lang) -> &'static NoticeTexts {
    match lang {
        Lang::En => &EN,
        Lang::Sw => &SW,
    }
}

fn ymd(iso: &str) -> Option<(&str, usize, u32)> {
    let mut parts = iso.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    match (m.parse::<usize>(), d.parse::<u32>()) {
        (Ok(m @ 1..=12), Ok(d)) if y.len() == 4 => Some((y, m, d)),
        _ => None,
    }
}

/// `2026-12-04` as `4 Dec 2026` (unchanged if it is not an ISO date).
pub fn date_en(iso: &str) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    ymd(iso).map_or_else(|| iso.to_string(), |(y, m, d)| format!("{d} {} {y}", MONTHS[m - 1]))
}

/// `2026-12-04` as `4 Desemba 2026`.
pub fn date_sw(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Januari", "Februari", "Machi", "Aprili", "Mei", "Juni", "Julai", "Agosti", "Septemba", "Oktoba", "Novemba",
        "Desemba",
    ];
    ymd(iso).map_or_else(|| iso.to_string(), |(y, m, d)| format!("{d} {} {y}", MONTHS[m - 1]))
}

static EN: NoticeTexts = NoticeTexts {
    receipt: |amount, what, bill, receipt| {
        format!("Mlango: {amount} received for {what} (bill {bill}). Receipt {receipt}.")
    },
    credit: |amount| format!(" {amount} kept as your credit."),
    breach: |reference, service, missed, new_due| {
        format!(
            "Mlango: We are sorry. {reference} ({service}) was promised by {missed} and is late. The agency has set a new date: {new_due}."
        )
    },
    appointment: |reference, step, when, office, address| {
        format!(
            "Mlango: {reference}: {step} on {when} at {office}, {address}. Bring your ID. Change or cancel on Mlango."
        )
    },
    reminder: |reference, step, when, office, address| {
        format!("Mlango: Reminder for {reference}: {step} on {when} at {office}, {address}. Bring your ID.")
    },
    received_to_pay: |reference, service, total, bill, paybill| {
        format!("Mlango: We received {reference} ({service}). Pay {total}: M-Pesa paybill {paybill}, account {bill}.")
    },
    received_free: |reference, service, due| {
        format!("Mlango: We received {reference} ({service}). The agency promises a decision by {due}.")
    },
    invoice: |agency, total, bill, paybill, due| {
        format!(
            "Mlango: {agency} has sent you a bill of {total}. Pay by {due}: M-Pesa paybill {paybill}, account {bill}."
        )
    },
    needs_info: |reference| {
        format!(
            "Mlango: The agency needs more information on {reference}. Sign in to Mlango to read its question and answer."
        )
    },
    approved: |reference, service| {
        format!("Mlango: {reference} ({service}) is approved. We will tell you when it is ready.")
    },
    rejected: |reference, service| {
        format!("Mlango: {reference} ({service}) was not approved. Sign in to Mlango to read the reason.")
    },
    issued: |reference, service, number| {
        format!(
            "Mlango: {reference} ({service}) is complete: document {number}. How did we do? Reply 1 (poor) to 5 (excellent)."
        )
    },
    incident_opened: |title| {
        format!(
            "Mlango: {title}. Your bill is safe. If paying fails, try again later; we will text you when it is fixed."
        )
    },
    incident_resolved: |title| {
        format!("Mlango: Fixed: {title}. You can pay your bill as usual again. Thank you for your patience.")
    },
    payments_resumed: |amount, bill, paybill, due| {
        format!(
            "Mlango: M-Pesa works again. Pay {amount} for bill {bill} on your application page on Mlango, or by M-Pesa paybill {paybill}, account {bill}. Pay by {due}."
        )
    },
    date: date_en,
    email_subject: "A message from Mlango",
};

static SW: NoticeTexts = NoticeTexts {
    receipt: |amount, what, bill, receipt| {
        format!("Mlango: {amount} zimepokelewa kwa {what} (ankara {bill}). Risiti {receipt}.")
    },
    credit: |amount| format!(" {amount} zimewekwa kama salio lako."),
    breach: |reference, service, missed, new_due| {
        format!(
            "Mlango: Samahani. {reference} ({service}) liliahidiwa kufikia {missed} na limechelewa. Idara imeweka tarehe mpya: {new_due}."
        )
    },
    appointment: |reference, step, when, office, address| {
        format!(
            "Mlango: {reference}: {step} tarehe {when} katika {office}, {address}. Leta kitambulisho. Badilisha au ghairi kwenye Mlango."
        )
    },
    reminder: |reference, step, when, office, address| {
        format!("Mlango: Kumbusho kwa {reference}: {step} tarehe {when} katika {office}, {address}. Leta kitambulisho.")
    },
    received_to_pay: |reference, service, total, bill, paybill| {
        format!("Mlango: Tumepokea {reference} ({service}). Lipa {total}: M-Pesa paybill {paybill}, akaunti {bill}.")
    },
    received_free: |reference, service, due| {
        format!("Mlango: Tumepokea {reference} ({service}). Idara inaahidi uamuzi kufikia {due}.")
    },
    invoice: |agency, total, bill, paybill, due| {
        format!(
            "Mlango: {agency} imekutumia bili ya {total}. Lipa kufikia {due}: M-Pesa paybill {paybill}, akaunti {bill}."
        )
    },
    needs_info: |reference| {
        format!(
            "Mlango: Idara inahitaji maelezo zaidi kuhusu {reference}. Ingia kwenye Mlango kusoma swali lake na kujibu."
        )
    },
    approved: |reference, service| {
        format!("Mlango: {reference} ({service}) limeidhinishwa. Tutakujulisha likiwa tayari.")
    },
    rejected: |reference, service| {
        format!("Mlango: {reference} ({service}) halikuidhinishwa. Ingia kwenye Mlango kusoma sababu.")
    },
    issued: |reference, service, number| {
        format!(
            "Mlango: {reference} ({service}) limekamilika: hati {number}. Tulifanyaje? Jibu 1 (vibaya) hadi 5 (vizuri sana)."
        )
    },
    incident_opened: |title| {
        format!(
            "Mlango: {title}. Ankara yako iko salama. Malipo yakishindikana, jaribu tena baadaye; tutakutumia SMS likirekebishwa."
        )
    },
    incident_resolved: |title| {
        format!("Mlango: Limerekebishwa: {title}. Unaweza kulipa ankara yako kama kawaida. Asante kwa uvumilivu.")
    },
    payments_resumed: |amount, bill, paybill, due| {
        format!(
            "Mlango: M-Pesa inafanya kazi tena. Lipa {amount} kwa ankara {bill} kwenye ukurasa wa ombi lako kwenye Mlango, au kwa M-Pesa paybill {paybill}, akaunti {bill}. Lipa kufikia {due}."
        )
    },
    date: date_sw,
    email_subject: "Ujumbe kutoka Mlango",
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notifications::two_way::segments;

    #[test]
    fn dates_in_both_languages() {
        assert_eq!(date_en("2026-12-04"), "4 Dec 2026");
        assert_eq!(date_sw("2026-12-04"), "4 Desemba 2026");
        assert_eq!(date_en("garbage"), "garbage");
        assert_eq!(date_sw("2026-13-01"), "2026-13-01");
    }

    #[test]
    fn every_template_is_gsm7_within_two_parts_in_both_languages_at_its_longest() {
        // The longest values each slot takes: references, 40-character service names (the
        // renderer cuts longer ones), 50-character steps, amounts in the billions.
        let (r, svc, amount, bill) = ("APP-3F9A1C7B2D", "x".repeat(40), "KSh 1,000,000,000", "123 456 7890");
        for lang in [Lang::En, Lang::Sw] {
            let t = notice_texts(lang);
            let date = (t.date)("2026-09-30");
            let texts = [
                (t.receipt)(amount, r, bill, "R1234567890") + &(t.credit)(amount),
                (t.breach)(r, &svc, &date, &date),
                (t.appointment)(r, &"y".repeat(50), "30 Sep 2026, 08:30", &"z".repeat(30), &"w".repeat(30)),
                (t.reminder)(r, &"y".repeat(50), "30 Sep 2026, 08:30", &"z".repeat(30), &"w".repeat(30)),
                (t.received_to_pay)(r, &svc, amount, bill, "222222"),
                (t.received_free)(r, &svc, &date),
                (t.invoice)(&svc, amount, bill, "222222", &date),
                (t.needs_info)(r),
                (t.approved)(r, &svc),
                (t.rejected)(r, &svc),
                (t.issued)(r, &svc, "DOC-3F9A1C7B2D"),
                // Titles are checked to be GSM-7 of at most 60 characters; extended characters
                // count twice, so the longest is 60 of those.
                (t.incident_opened)(&"€".repeat(crate::status::rules::TITLE_MAX)),
                (t.incident_resolved)(&"€".repeat(crate::status::rules::TITLE_MAX)),
                (t.payments_resumed)(amount, bill, "222222", &date),
            ];
            for text in texts {
                let s = segments(&text);
                assert!(!s.ucs2 && s.parts <= 2, "{lang:?}: {} chars, {s:?}: {text}", text.chars().count());
            }
        }
    }
}
