//! Words of the reconciliation exceptions (the finance page's section and
//! `/staff/reconciliation`), in English and Kiswahili: what happened and what to do, in plain
//! words, for each kind of exception.

use super::reconciliation::{Exception, ExceptionKind};
use crate::applications::pages::money;
use crate::i18n::Lang;

/// The exceptions' words in one language.
#[derive(Debug)]
pub struct ReconciliationTexts {
    /// Heading of the platform-wide page and the staff home link.
    pub heading: &'static str,
    /// What the platform-wide page is for.
    pub lead: &'static str,
    /// Heading of the finance page's section.
    pub section_heading: &'static str,
    /// What the section is for.
    pub section_lead: &'static str,
    /// Link: the open ones.
    pub show_open: &'static str,
    /// Link: the resolved ones.
    pub show_resolved: &'static str,
    /// Nothing to look at.
    pub none_open: &'static str,
    /// Nothing resolved yet.
    pub none_resolved: &'static str,
    /// Link to the CSV.
    pub download: &'static str,
    /// Column: how long ago.
    pub since: &'static str,
    /// Column: what kind.
    pub kind_col: &'static str,
    /// Column: what happened.
    pub happened: &'static str,
    /// Column: what to do (or the review).
    pub todo: &'static str,
    /// Column of the review, on the resolved list.
    pub review: &'static str,
    /// Label of the note.
    pub note_label: fn(i64) -> String,
    /// Button.
    pub resolve: &'static str,
    /// "Resolved by A. Finance on 7 Dec 2026 10:00".
    pub resolved_by: fn(&str, &str) -> String,
    /// After resolving.
    pub resolved_notice: &'static str,
    /// The list stops at the oldest `n`.
    pub limited: fn(u32) -> String,
    /// A kind as a short tag.
    pub kind: fn(ExceptionKind) -> &'static str,
    /// An age: "3 days", "5 h", "12 min".
    pub age: fn(i64) -> String,
}

/// The exceptions' words in `lang`.
pub fn reconciliation_texts(lang: Lang) -> &'static ReconciliationTexts {
    match lang {
        Lang::En => &EN,
        Lang::Sw => &SW,
    }
}

/// Whole days, hours or minutes in `secs` (the largest unit that is at least one).
pub fn age_parts(secs: i64) -> (i64, char) {
    let secs = secs.max(0);
    if secs >= 86_400 {
        (secs / 86_400, 'd')
    } else if secs >= 3600 {
        (secs / 3600, 'h')
    } else {
        (secs / 60, 'm')
    }
}

static EN: ReconciliationTexts = ReconciliationTexts {
    heading: "Reconciliation exceptions",
    lead: "Every payment, payment prompt and M-Pesa callback the automatic rules could not settle, across all agencies. Look at each, act on it, then mark it resolved with a note. Resolving records your review; it moves no money.",
    section_heading: "Payments to check",
    section_lead: "Payments to your agency that the automatic rules could not settle. Look at each, act on it (a refund is asked for above), then mark it resolved with a note. Resolving records your review; it moves no money.",
    show_open: "To check",
    show_resolved: "Resolved",
    none_open: "Nothing to check: every payment has been settled.",
    none_resolved: "No exception has been resolved yet.",
    download: "Download the exceptions to check (CSV)",
    since: "Since",
    kind_col: "Kind",
    happened: "What happened",
    todo: "What to do",
    review: "Review",
    note_label: |id| format!("What you found and did (exception {id})"),
    resolve: "Mark resolved",
    resolved_by: |name, when| format!("Resolved by {name} on {when}"),
    resolved_notice: "Marked resolved. It stays in the resolved list with your note.",
    limited: |n| format!("Showing the oldest {n}. Resolve these to see the rest."),
    kind: |k| match k {
        ExceptionKind::PaymentReview => "Payment set aside",
        ExceptionKind::AttemptReview => "Receipt used twice",
        ExceptionKind::AttemptStuck => "No outcome after a day",
        ExceptionKind::CallbackRefused => "Callback refused",
        ExceptionKind::CallbackReview => "Callback set aside",
        ExceptionKind::CallbackUnprocessed => "Callback not processed",
    },
    age: |secs| match age_parts(secs) {
        (1, 'd') => "1 day".into(),
        (n, 'd') => format!("{n} days"),
        (n, 'h') => format!("{n} h"),
        (n, _) => format!("{n} min"),
    },
};

static SW: ReconciliationTexts = ReconciliationTexts {
    heading: "Hitilafu za ulinganisho wa malipo",
    lead: "Kila malipo, ombi la malipo na ujumbe wa M-Pesa ambao sheria za kiotomatiki hazikuweza kumaliza, katika idara zote. Angalia kila moja, chukua hatua, kisha iwekee alama imeshughulikiwa pamoja na maelezo. Kuweka alama kunarekodi ukaguzi wako; hakuhamishi pesa.",
    section_heading: "Malipo ya kuangaliwa",
    section_lead: "Malipo kwa idara yako ambayo sheria za kiotomatiki hazikuweza kumaliza. Angalia kila moja, chukua hatua (marejesho yanaombwa hapo juu), kisha iwekee alama imeshughulikiwa pamoja na maelezo. Kuweka alama kunarekodi ukaguzi wako; hakuhamishi pesa.",
    show_open: "Ya kuangaliwa",
    show_resolved: "Yaliyoshughulikiwa",
    none_open: "Hakuna cha kuangalia: malipo yote yamemalizika.",
    none_resolved: "Bado hakuna hitilafu iliyoshughulikiwa.",
    download: "Pakua hitilafu za kuangaliwa (CSV)",
    since: "Tangu",
    kind_col: "Aina",
    happened: "Kilichotokea",
    todo: "Cha kufanya",
    review: "Ukaguzi",
    note_label: |id| format!("Ulichogundua na ulichofanya (hitilafu {id})"),
    resolve: "Weka alama imeshughulikiwa",
    resolved_by: |name, when| format!("Imeshughulikiwa na {name} {when}"),
    resolved_notice: "Imewekwa alama imeshughulikiwa. Itabaki kwenye orodha ya yaliyoshughulikiwa pamoja na maelezo yako.",
    limited: |n| format!("Zinaonyeshwa {n} za zamani zaidi. Zishughulikie ili kuona zilizobaki."),
    kind: |k| match k {
        ExceptionKind::PaymentReview => "Malipo yamewekwa kando",
        ExceptionKind::AttemptReview => "Risiti imetumika mara mbili",
        ExceptionKind::AttemptStuck => "Hakuna jibu baada ya siku",
        ExceptionKind::CallbackRefused => "Ujumbe umekataliwa",
        ExceptionKind::CallbackReview => "Ujumbe umewekwa kando",
        ExceptionKind::CallbackUnprocessed => "Ujumbe haujashughulikiwa",
    },
    age: |secs| match age_parts(secs) {
        (n, 'd') => format!("siku {n}"),
        (n, 'h') => format!("saa {n}"),
        (n, _) => format!("dakika {n}"),
    },
};

/// What happened and what to do about `e`, in plain words in `lang`, with its references.
pub fn describe(lang: Lang, e: &Exception) -> (String, String) {
    let kes = |m: Option<i64>| money(m, Some("KES"));
    let amount = kes(e.amount_minor);
    let bill = e.bill_ref.clone().unwrap_or_else(|| "—".into());
    let mpesa = e.mpesa_receipt.clone().unwrap_or_else(|| "—".into());
    let receipt = e.receipt_no.clone().unwrap_or_else(|| "—".into());
    let detail = e.detail.as_str();
    match (lang, e.kind) {
        (Lang::En, ExceptionKind::PaymentReview) => match (&e.bill_ref, e.expected_minor) {
            (None, _) => (
                format!("A payment of {amount} (M-Pesa {mpesa}, receipt {receipt}) names no bill we know: {detail}. It is held in suspense; no bill was credited."),
                "Find the payer and the bill they meant (the M-Pesa statement shows the phone). Agree a refund or a new payment with them, then mark this resolved saying what was agreed.".into(),
            ),
            (Some(_), Some(asked)) => (
                format!("M-Pesa paid {amount} on bill {bill} but {} was asked (M-Pesa {mpesa}, receipt {receipt}). Nothing was applied to the bill; the money is held in suspense.", kes(Some(asked))),
                "Check the amount on the M-Pesa statement, then contact the payer: agree whether the money is refunded or they pay the bill again. Mark this resolved saying what was agreed.".into(),
            ),
            (Some(_), None) => (
                format!("A payment of {amount} on bill {bill} (M-Pesa {mpesa}, receipt {receipt}) was set aside: {detail}."),
                "Check it against the M-Pesa statement and the bill, act on what you find, then mark this resolved saying what you did.".into(),
            ),
        },
        (Lang::En, ExceptionKind::AttemptReview) => (
            format!("M-Pesa reported a payment of {amount} on bill {bill} (prompt {mpesa}) with a receipt number already used for another payment. Nothing was applied to the bill ({detail})."),
            "Look the receipt up on the M-Pesa statement. If the citizen paid again, the money is there and must be refunded or applied by hand; if not, the report was a replay and no money moved. Mark this resolved saying which.".into(),
        ),
        (Lang::En, ExceptionKind::AttemptStuck) => (
            format!("A payment prompt for {amount} on bill {bill} (prompt {mpesa}) has had no outcome for more than a day ({detail}). Reconciliation should have closed it."),
            "Check that reconciliation runs (mlango reconcile). Then look for the bill on the M-Pesa statement: money found there is recorded when the statement is imported; if there is none, the citizen was not charged.".into(),
        ),
        (Lang::En, ExceptionKind::CallbackRefused) => (
            format!("An M-Pesa callback was refused ({detail}). Account {bill}, amount {amount}, reference {mpesa}."),
            "A wrong short code, amount or unknown prompt may be a misrouted or forged callback: compare with the M-Pesa statement before doing anything. Money that really moved shows there.".into(),
        ),
        (Lang::En, ExceptionKind::CallbackReview) => (
            format!("An M-Pesa callback brought money that was set aside for review ({detail}). Reference {mpesa}, amount {amount}."),
            "Resolve the matching payment exception (same M-Pesa reference) first, then this one.".into(),
        ),
        (Lang::En, ExceptionKind::CallbackUnprocessed) => (
            format!("An M-Pesa callback ({detail}) was stored but never processed: the database refused it at the time. Reference {mpesa}, amount {amount}."),
            "M-Pesa sends a callback again when it is not acknowledged; if no copy was processed, run reconciliation (mlango reconcile) and check the server log for the time it came.".into(),
        ),
        (Lang::Sw, ExceptionKind::PaymentReview) => match (&e.bill_ref, e.expected_minor) {
            (None, _) => (
                format!("Malipo ya {amount} (M-Pesa {mpesa}, risiti {receipt}) hayataji ankara tunayoijua: {detail}. Yamewekwa kando; hakuna ankara iliyolipwa."),
                "Mtafute aliyelipa na ankara aliyokusudia (taarifa ya M-Pesa inaonyesha simu). Kubalianeni marejesho au malipo mapya, kisha weka alama imeshughulikiwa ukieleza mlichokubaliana.".into(),
            ),
            (Some(_), Some(asked)) => (
                format!("M-Pesa ililipa {amount} kwa ankara {bill} lakini {} iliombwa (M-Pesa {mpesa}, risiti {receipt}). Hakuna kilichowekwa kwenye ankara; pesa zimewekwa kando.", kes(Some(asked))),
                "Hakikisha kiasi kwenye taarifa ya M-Pesa, kisha wasiliana na aliyelipa: kubalianeni kama pesa zinarejeshwa au analipa ankara upya. Weka alama imeshughulikiwa ukieleza mlichokubaliana.".into(),
            ),
            (Some(_), None) => (
                format!("Malipo ya {amount} kwa ankara {bill} (M-Pesa {mpesa}, risiti {receipt}) yamewekwa kando: {detail}."),
                "Yalinganishe na taarifa ya M-Pesa na ankara, chukua hatua, kisha weka alama imeshughulikiwa ukieleza ulichofanya.".into(),
            ),
        },
        (Lang::Sw, ExceptionKind::AttemptReview) => (
            format!("M-Pesa iliripoti malipo ya {amount} kwa ankara {bill} (ombi {mpesa}) yenye nambari ya risiti ambayo tayari imetumika kwa malipo mengine. Hakuna kilichowekwa kwenye ankara ({detail})."),
            "Tafuta risiti kwenye taarifa ya M-Pesa. Kama mwananchi alilipa tena, pesa zipo na lazima zirejeshwe au ziwekwe kwa mkono; kama sivyo, ripoti ilirudiwa na hakuna pesa zilizohamishwa. Weka alama imeshughulikiwa ukieleza ipi.".into(),
        ),
        (Lang::Sw, ExceptionKind::AttemptStuck) => (
            format!("Ombi la malipo la {amount} kwa ankara {bill} (ombi {mpesa}) halijapata jibu kwa zaidi ya siku moja ({detail}). Ulinganisho ulipaswa kulifunga."),
            "Hakikisha ulinganisho unaendeshwa (mlango reconcile). Kisha tafuta ankara kwenye taarifa ya M-Pesa: pesa zilizopo hurekodiwa taarifa inapoingizwa; kama hakuna, mwananchi hakukatwa.".into(),
        ),
        (Lang::Sw, ExceptionKind::CallbackRefused) => (
            format!("Ujumbe wa M-Pesa ulikataliwa ({detail}). Akaunti {bill}, kiasi {amount}, kumbukumbu {mpesa}."),
            "Nambari fupi, kiasi au ombi lisilojulikana huenda ni ujumbe uliopotea njia au wa kughushi: linganisha na taarifa ya M-Pesa kabla ya kufanya lolote. Pesa zilizohamishwa kweli zinaonekana hapo.".into(),
        ),
        (Lang::Sw, ExceptionKind::CallbackReview) => (
            format!("Ujumbe wa M-Pesa ulileta pesa zilizowekwa kando kwa ukaguzi ({detail}). Kumbukumbu {mpesa}, kiasi {amount}."),
            "Shughulikia kwanza hitilafu ya malipo inayolingana (kumbukumbu ileile ya M-Pesa), kisha hii.".into(),
        ),
        (Lang::Sw, ExceptionKind::CallbackUnprocessed) => (
            format!("Ujumbe wa M-Pesa ({detail}) ulihifadhiwa lakini haukushughulikiwa: hifadhidata ilikataa wakati huo. Kumbukumbu {mpesa}, kiasi {amount}."),
            "M-Pesa hutuma ujumbe tena usipothibitishwa; kama hakuna nakala iliyoshughulikiwa, endesha ulinganisho (mlango reconcile) na uangalie kumbukumbu za seva za wakati ulipofika.".into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exception(kind: ExceptionKind, bill: Option<&str>, expected: Option<i64>) -> Exception {
        Exception {
            kind,
            subject_id: 3,
            agency_code: Some("immigration".into()),
            bill_ref: bill.map(str::to_string),
            receipt_no: Some("R1234567890".into()),
            mpesa_receipt: Some("SKL1AAAAAC".into()),
            amount_minor: Some(609_900),
            expected_minor: expected,
            detail: "paid 609900 cents, asked 610000 cents".into(),
            since: 0,
            resolution: None,
        }
    }

    #[test]
    fn ages_use_the_largest_whole_unit() {
        assert_eq!(age_parts(59), (0, 'm'));
        assert_eq!(age_parts(11 * 60 + 5), (11, 'm'));
        assert_eq!(age_parts(3 * 3600 + 1), (3, 'h'));
        assert_eq!(age_parts(86_400), (1, 'd'));
        assert_eq!(age_parts(-5), (0, 'm'));
        assert_eq!((EN.age)(86_400), "1 day");
        assert_eq!((EN.age)(3 * 86_400 + 7), "3 days");
        assert_eq!((EN.age)(5 * 3600), "5 h");
        assert_eq!((SW.age)(12 * 60), "dakika 12");
    }

    #[test]
    fn each_exception_says_what_happened_with_its_references_and_what_to_do() {
        let short = exception(ExceptionKind::PaymentReview, Some("1234567890"), Some(610_000));
        let (happened, todo) = describe(Lang::En, &short);
        assert!(
            happened.contains("KSh 6,099") && happened.contains("KSh 6,100") && happened.contains("1234567890"),
            "{happened}"
        );
        assert!(happened.contains("SKL1AAAAAC") && happened.contains("R1234567890"), "{happened}");
        assert!(todo.contains("payer"), "{todo}");
        let (suspense, _) = describe(Lang::En, &exception(ExceptionKind::PaymentReview, None, None));
        assert!(suspense.contains("names no bill"), "{suspense}");
        for lang in [Lang::En, Lang::Sw] {
            for k in ExceptionKind::ALL {
                let (h, t) = describe(lang, &exception(k, Some("1234567890"), None));
                assert!(!h.is_empty() && !t.is_empty() && h.contains("KSh 6,099"), "{lang:?} {k:?}: {h}");
                assert!(!(reconciliation_texts(lang).kind)(k).is_empty());
            }
        }
    }
}
