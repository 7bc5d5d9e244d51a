//! The shape of a national dataset, as pure rules: how many rows of each kind, which services
//! carry the volume, who applies how often, and the life an application has lived by now.
//! The loader (`load.rs`) turns these rules into SQL that PostgreSQL runs over
//! `generate_series`; everything here is unit-tested without a database.

use app::applications::state::{Event, State};

/// eCitizen had about 13.5 million active accounts at the end of 2024 (performance anchors E1).
pub const NATIONAL_ACCOUNTS: u64 = 14_000_000;
/// Applications at national size: about three years of eCitizen's volume.
pub const NATIONAL_APPLICATIONS: u64 = 20_000_000;
/// The small bench dataset.
pub const SMALL_ACCOUNTS: u64 = 10_000;
/// The smallest dataset worth the name: every flagship agency gets some applications.
pub const MIN_ACCOUNTS: u64 = 100;
/// The largest: national documents numbers are `20000000 + account id`, eight digits.
pub const MAX_ACCOUNTS: u64 = 60_000_000;

/// How big a dataset to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// 10,000 accounts.
    Small,
    /// 14 million accounts, 20 million applications.
    National,
    /// Any number of accounts, with applications in the national proportion.
    Accounts(u64),
}

impl Scale {
    /// Reads `small`, `national` or a number of accounts (`2000000`, `2_000_000`, `2M`, `500k`).
    pub fn parse(input: &str) -> Result<Scale, String> {
        let s = input.trim().to_ascii_lowercase();
        match s.as_str() {
            "small" => return Ok(Scale::Small),
            "national" => return Ok(Scale::National),
            _ => {}
        }
        let digits: String = s.chars().filter(|c| !matches!(c, '_' | ',')).collect();
        let (number, factor) = match digits.strip_suffix('m') {
            Some(n) => (n, 1_000_000.0),
            None => match digits.strip_suffix('k') {
                Some(n) => (n, 1_000.0),
                None => (digits.as_str(), 1.0),
            },
        };
        let value: f64 = number.parse().map_err(|_| {
            format!("--scale {input:?}: say `small`, `national` or a number of accounts such as 2000000 or 2M")
        })?;
        let accounts = (value * factor).round();
        if !(accounts >= MIN_ACCOUNTS as f64 && accounts <= MAX_ACCOUNTS as f64) {
            return Err(format!(
                "--scale {input:?}: the number of accounts must be between {MIN_ACCOUNTS} and {MAX_ACCOUNTS}"
            ));
        }
        Ok(Scale::Accounts(accounts as u64))
    }

    /// Accounts to create.
    pub fn accounts(self) -> u64 {
        match self {
            Scale::Small => SMALL_ACCOUNTS,
            Scale::National => NATIONAL_ACCOUNTS,
            Scale::Accounts(n) => n,
        }
    }
}

/// Row counts of one load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    /// Citizen (and resident, refugee, …) accounts.
    pub accounts: u64,
    /// Applications, every state included.
    pub applications: u64,
    /// Accounts that apply far more often than most (business representatives, families'
    /// go-betweens): the "busy citizens".
    pub frequent_applicants: u64,
}

/// The sizes for `accounts` accounts: applications in the national proportion (20 to 14).
pub fn sizes(accounts: u64) -> Sizes {
    let applications =
        (u128::from(accounts) * u128::from(NATIONAL_APPLICATIONS) / u128::from(NATIONAL_ACCOUNTS)) as u64;
    Sizes { accounts, applications, frequent_applicants: (accounts / FREQUENT_EVERY).max(1) }
}

/// One account in this many is a frequent applicant.
pub const FREQUENT_EVERY: u64 = 1_000;
/// The share of applications made by frequent applicants (spread evenly over them, so the
/// busiest account has about as many applications at every scale: about 50).
pub const FREQUENT_SHARE: f64 = 0.035;

/// Applications a frequent applicant makes on average, at a size.
pub fn frequent_load(s: &Sizes) -> f64 {
    s.applications as f64 * FREQUENT_SHARE / s.frequent_applicants as f64
        + s.applications as f64 * (1.0 - FREQUENT_SHARE) / s.accounts as f64
}

/// The agencies that carry most of eCitizen's volume and their shares of all applications:
/// driving licences and vehicles (NTSA), passports (immigration), certificates of good conduct
/// (DCI). The rest is shared by every other service, Zipf-like by popularity rank.
pub const FLAGSHIPS: [(&str, f64); 3] = [("ntsa", 0.30), ("immigration", 0.20), ("dci", 0.14)];
/// Zipf exponent over the other services' popularity ranks.
pub const ZIPF_EXPONENT: f64 = 1.05;
/// Of a service with several prices, the first (usually the standard one) is chosen this often.
pub const FIRST_VARIANT_SHARE: f64 = 0.6;

/// What the volume model needs to know of a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Demand {
    /// The agency's code.
    pub agency: String,
    /// The catalogue's relative demand.
    pub popularity: u32,
    /// Whether seeded applications may use it (priced in KES: paid by M-Pesa).
    pub eligible: bool,
}

/// Each service's share of all applications (summing to 1 over eligible services; 0 for the
/// others). Flagship agencies' shares are split over their services by popularity; a flagship
/// agency without eligible services leaves its share to the rest.
pub fn service_shares(services: &[Demand]) -> Vec<f64> {
    let mut shares = vec![0.0; services.len()];
    let mut left = 1.0;
    for (agency, share) in FLAGSHIPS {
        let members: Vec<usize> =
            (0..services.len()).filter(|&i| services[i].eligible && services[i].agency == agency).collect();
        let total: f64 = members.iter().map(|&i| f64::from(services[i].popularity.max(1))).sum();
        if total > 0.0 {
            for &i in &members {
                shares[i] = share * f64::from(services[i].popularity.max(1)) / total;
            }
            left -= share;
        }
    }
    let mut rest: Vec<usize> = (0..services.len())
        .filter(|&i| services[i].eligible && !FLAGSHIPS.iter().any(|(a, _)| services[i].agency == *a))
        .collect();
    // Most popular first; ties keep catalogue order, so the result is deterministic.
    rest.sort_by(|&a, &b| services[b].popularity.cmp(&services[a].popularity).then(a.cmp(&b)));
    let zipf: Vec<f64> = (0..rest.len()).map(|rank| 1.0 / ((rank + 1) as f64).powf(ZIPF_EXPONENT)).collect();
    let norm: f64 = zipf.iter().sum();
    if norm > 0.0 {
        for (rank, &i) in rest.iter().enumerate() {
            shares[i] = left * zipf[rank] / norm;
        }
    } else if left < 1.0 {
        // Only flagship services: they take everything.
        let taken = 1.0 - left;
        shares.iter_mut().for_each(|s| *s /= taken);
    }
    shares
}

/// A service's share split over its prices: the first gets [`FIRST_VARIANT_SHARE`], the others
/// the rest evenly.
pub fn variant_shares(variants: usize) -> Vec<f64> {
    match variants {
        0 => vec![],
        1 => vec![1.0],
        n => {
            let other = (1.0 - FIRST_VARIANT_SHARE) / (n - 1) as f64;
            std::iter::once(FIRST_VARIANT_SHARE).chain(std::iter::repeat_n(other, n - 1)).collect()
        }
    }
}

/// Slots for picking by hash: slot `s` of `n` holds the item whose cumulative share covers
/// `(s + ½) / n`. An item gets `round(share × n)` slots, give or take one; items rarer than
/// one in `n` may get none.
pub fn slots(shares: &[f64], n: usize) -> Vec<u32> {
    let total: f64 = shares.iter().sum();
    let mut out = Vec::with_capacity(n);
    let mut item = 0usize;
    let mut upto = shares.first().copied().unwrap_or(0.0) / total;
    for s in 0..n {
        let at = (s as f64 + 0.5) / n as f64;
        while at >= upto && item + 1 < shares.len() {
            item += 1;
            upto += shares[item] / total;
        }
        out.push(item as u32);
    }
    out
}

/// Slots in the service pick table: one slot is 1/1,000,000 of the volume (20 applications a
/// slot at national size).
pub const SERVICE_SLOTS: usize = 1_000_000;

/// Officers an agency needs for an expected number of applications: one per
/// [`APPLICATIONS_PER_OFFICER`], at least one, at most [`MAX_OFFICERS`].
pub fn officers_for(expected_applications: f64) -> u64 {
    ((expected_applications / APPLICATIONS_PER_OFFICER).ceil() as u64).clamp(1, MAX_OFFICERS)
}

/// About three years of an officer's decisions.
pub const APPLICATIONS_PER_OFFICER: f64 = 20_000.0;
/// Most officers seeded for one agency.
pub const MAX_OFFICERS: u64 = 400;

/// Kinds of account and their shares (the document each kind signs up with).
pub const ACCOUNT_KINDS: [(&str, &str, f64); 6] = [
    ("citizen", "national_id", 0.955),
    ("business", "national_id", 0.020),
    ("resident", "alien_id", 0.015),
    ("refugee", "refugee_id", 0.006),
    ("foreigner", "passport", 0.0035),
    ("diplomat", "diplomatic_id", 0.0005),
];
/// Share of accounts that gave an email address.
pub const EMAIL_SHARE: f64 = 0.3;
/// Share of accounts that chose Kiswahili.
pub const SWAHILI_SHARE: f64 = 0.2;

/// The seeded window: applications were submitted over the last three years, more of them
/// lately (the density grows linearly, as eCitizen's user base did).
pub const WINDOW_SECS: i64 = 3 * 365 * 86_400;

/// The chances that shape an application's life (each drawn independently per application).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Chances {
    /// Never submitted.
    pub draft: f64,
    /// Billed but never paid (expires after the bill's life).
    pub unpaid: f64,
    /// Withdrawn by the citizen while queued.
    pub withdrawn: f64,
    /// The officer asks for more information once.
    pub info: f64,
    /// Not approved.
    pub rejected: f64,
    /// Decided after the charter date (the others are decided and issued within it: review
    /// starts within a quarter of the charter time, the decision within 60% more, the document
    /// within 10% more).
    pub late: f64,
}

/// The chances used for seeding: most applications end issued and paid.
pub const CHANCES: Chances =
    Chances { draft: 0.03, unpaid: 0.08, withdrawn: 0.01, info: 0.06, rejected: 0.04, late: 0.10 };

/// A fact about one application's life that decides which steps it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// Never submitted.
    Draft,
    /// The service has a fee.
    Fee,
    /// The bill was never paid.
    Unpaid,
    /// Withdrawn while queued.
    Withdrawn,
    /// The officer asked for more information.
    Info,
    /// Not approved.
    Rejected,
}

impl Flag {
    /// Every flag.
    pub const ALL: [Flag; 6] = [Flag::Draft, Flag::Fee, Flag::Unpaid, Flag::Withdrawn, Flag::Info, Flag::Rejected];

    /// The loader's SQL column holding the flag.
    pub fn column(self) -> &'static str {
        match self {
            Flag::Draft => "f_draft",
            Flag::Fee => "f_fee",
            Flag::Unpaid => "f_unpaid",
            Flag::Withdrawn => "f_withdrawn",
            Flag::Info => "f_info",
            Flag::Rejected => "f_rejected",
        }
    }
}

/// When a step happens: the loader's SQL column holding the time (unix seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// Submitted.
    Submit,
    /// The bill's life ended unpaid.
    Expiry,
    /// Paid.
    Paid,
    /// An officer opened it (or the citizen withdrew it).
    Review,
    /// The officer asked for more information.
    Ask,
    /// The citizen answered.
    Answer,
    /// The officer opened it again after the answer.
    Review2,
    /// Decided.
    Decision,
    /// The document was issued.
    Issue,
}

impl At {
    /// The loader's SQL column.
    pub fn column(self) -> &'static str {
        match self {
            At::Submit => "t_sub",
            At::Expiry => "t_exp",
            At::Paid => "t_paid",
            At::Review => "t_rev",
            At::Ask => "t_ask",
            At::Answer => "t_ans",
            At::Review2 => "t_rev2",
            At::Decision => "t_dec",
            At::Issue => "t_iss",
        }
    }
}

/// Who records a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The applicant.
    Citizen,
    /// The platform.
    System,
    /// One of the agency's officers.
    Officer,
}

/// One step an application may take: taken when every flag in `when` has the given value,
/// recorded once its time has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The event recorded.
    pub event: Event,
    /// From this state.
    pub from: State,
    /// To this state.
    pub to: State,
    /// When.
    pub at: At,
    /// The flags that must hold (flag, value).
    pub when: &'static [(Flag, bool)],
    /// Who records it.
    pub who: Who,
    /// The note recorded with it.
    pub note: &'static str,
}

const SUBMITTED: &[(Flag, bool)] = &[(Flag::Draft, false)];
const BILLED: &[(Flag, bool)] = &[(Flag::Draft, false), (Flag::Fee, true)];
const FREE: &[(Flag, bool)] = &[(Flag::Draft, false), (Flag::Fee, false)];
const EXPIRED: &[(Flag, bool)] = &[(Flag::Draft, false), (Flag::Fee, true), (Flag::Unpaid, true)];
const PAID: &[(Flag, bool)] = &[(Flag::Draft, false), (Flag::Fee, true), (Flag::Unpaid, false)];
// Past payment (paid or free): the unpaid flag only matters when there is a fee, and the loader
// never draws `unpaid` for free services, which keeps these conditions flat.
const WITHDRAWN: &[(Flag, bool)] = &[(Flag::Draft, false), (Flag::Unpaid, false), (Flag::Withdrawn, true)];
const REVIEWED: &[(Flag, bool)] = &[(Flag::Draft, false), (Flag::Unpaid, false), (Flag::Withdrawn, false)];
const ASKED: &[(Flag, bool)] =
    &[(Flag::Draft, false), (Flag::Unpaid, false), (Flag::Withdrawn, false), (Flag::Info, true)];
const APPROVED: &[(Flag, bool)] =
    &[(Flag::Draft, false), (Flag::Unpaid, false), (Flag::Withdrawn, false), (Flag::Rejected, false)];
const REJECTED: &[(Flag, bool)] =
    &[(Flag::Draft, false), (Flag::Unpaid, false), (Flag::Withdrawn, false), (Flag::Rejected, true)];

/// Every step, in the order of time along any one application's path (so the state an
/// application is in now is the `to` of the last of its steps whose time has come).
pub const STEPS: [Step; 13] = [
    step(Event::Submit, State::Draft, State::Submitted, At::Submit, SUBMITTED, Who::Citizen, ""),
    step(Event::InvoiceCreated, State::Submitted, State::AwaitingPayment, At::Submit, BILLED, Who::System, ""),
    step(Event::NoFeeDue, State::Submitted, State::Queued, At::Submit, FREE, Who::System, ""),
    step(Event::Expire, State::AwaitingPayment, State::Expired, At::Expiry, EXPIRED, Who::System, ""),
    step(Event::Paid, State::AwaitingPayment, State::Queued, At::Paid, PAID, Who::System, ""),
    step(Event::Withdraw, State::Queued, State::Withdrawn, At::Review, WITHDRAWN, Who::Citizen, ""),
    step(Event::StartReview, State::Queued, State::InReview, At::Review, REVIEWED, Who::Officer, ""),
    step(
        Event::RequestInfo,
        State::InReview,
        State::NeedsInfo,
        At::Ask,
        ASKED,
        Who::Officer,
        "Please send a clearer copy of your identity document.",
    ),
    step(
        Event::ProvideInfo,
        State::NeedsInfo,
        State::Resubmitted,
        At::Answer,
        ASKED,
        Who::Citizen,
        "I have uploaded a clearer copy.",
    ),
    step(Event::StartReview, State::Resubmitted, State::InReview, At::Review2, ASKED, Who::Officer, ""),
    step(Event::Approve, State::InReview, State::Approved, At::Decision, APPROVED, Who::Officer, ""),
    step(
        Event::Reject,
        State::InReview,
        State::Rejected,
        At::Decision,
        REJECTED,
        Who::Officer,
        "The details given do not match the registry record.",
    ),
    step(Event::Issue, State::Approved, State::Issued, At::Issue, APPROVED, Who::Officer, ""),
];

const fn step(
    event: Event,
    from: State,
    to: State,
    at: At,
    when: &'static [(Flag, bool)],
    who: Who,
    note: &'static str,
) -> Step {
    Step { event, from, to, at, when, who, note }
}

impl Step {
    /// Whether an application with these flags takes this step.
    pub fn applies(&self, flags: &[(Flag, bool)]) -> bool {
        self.when.iter().all(|(f, v)| flags.iter().any(|(g, w)| g == f && w == v))
    }
}

/// The whole path of an application with these flags (its steps in order, ignoring time).
pub fn path(flags: &[(Flag, bool)]) -> Vec<&'static Step> {
    STEPS.iter().filter(|s| s.applies(flags)).collect()
}

/// Share of issued applications the citizen rated, and the scores' shares (1 to 5).
pub const RATED_SHARE: f64 = 0.2;
/// Shares of scores 1..=5.
pub const SCORE_SHARES: [f64; 5] = [0.07, 0.06, 0.12, 0.30, 0.45];

/// A value that fits a form field of this kind, for seeded answers. Text is cut or padded to
/// the field's limits; `person` is the applicant's full name and `surname` the last part of it
/// (SQL placeholders in the loader).
pub fn answer_for(field: &app::catalogue::model::FormField, person: &Person<'_>) -> Option<String> {
    use app::catalogue::model::FieldKind;
    let name = field.name.as_str();
    let fit = |v: &str, min: u16, max: u16| -> String {
        let mut s: String = v.chars().take(usize::from(max.max(1))).collect();
        while s.chars().count() < usize::from(min) {
            s.push('x');
        }
        s
    };
    Some(match &field.kind {
        FieldKind::Text { min_len, max_len } => {
            let v = if name == "surname" || name == "last_name" {
                person.surname
            } else if name.contains("name") && !name.contains("premises") && !name.contains("business") {
                person.full_name
            } else {
                text_answer(name)
            };
            // A placeholder must survive whole, or it would not be replaced.
            if v.starts_with('@') && v.chars().count() > usize::from(*max_len) {
                fit(text_answer("x"), *min_len, *max_len)
            } else {
                fit(v, *min_len, *max_len)
            }
        }
        FieldKind::LongText { max_len } => fit("Submitted online for processing.", 1, *max_len),
        FieldKind::Number { min, max } => (*min).max(1).min(*max).to_string(),
        FieldKind::Date { not_in_past: true, .. } => "2027-06-30".into(),
        FieldKind::Date { .. } => "1990-01-15".into(),
        FieldKind::Choice { options } => options.first()?.value.clone(),
        FieldKind::Phone => person.phone.to_string(),
        FieldKind::Email => {
            if !field.required {
                return None;
            }
            "applicant@example.com".into()
        }
        FieldKind::NationalId => person.national_id.to_string(),
        FieldKind::KraPin => format!("A0{}K", person.national_id),
        FieldKind::Declaration => "yes".into(),
    })
}

/// Who fills a seeded form (the loader passes SQL placeholders).
#[derive(Debug, Clone, Copy)]
pub struct Person<'a> {
    /// "First Other Surname".
    pub full_name: &'a str,
    /// The last name.
    pub surname: &'a str,
    /// `2547XXXXXXXX`.
    pub phone: &'a str,
    /// Eight digits.
    pub national_id: &'a str,
}

/// A plausible one-line answer for a text field, by its name.
fn text_answer(name: &str) -> &'static str {
    const BY_NAME: [(&str, &str); 24] = [
        ("sub_county", "Westlands"),
        ("county", "Nairobi"),
        ("ward", "Parklands"),
        ("town", "Nakuru"),
        ("place", "Nairobi"),
        ("address", "P.O. Box 1234, Nairobi"),
        ("vehicle", "KDA 123A"),
        ("plot", "Nairobi/Block 12/345"),
        ("title", "Nairobi/Block 12/345"),
        ("passport", "AK123456"),
        ("nationality", "Kenyan"),
        ("destination", "Mombasa"),
        ("institution", "University of Nairobi"),
        ("school", "Rocky Driving School"),
        ("programme", "Bachelor of Commerce"),
        ("premises", "Baraka General Stores"),
        ("business", "Baraka Enterprises"),
        ("class", "B"),
        ("category", "General"),
        ("registration", "KDA 123A"),
        ("number", "104582"),
        ("occupation", "Teacher"),
        ("purpose", "Employment"),
        ("reason", "Renewal"),
    ];
    BY_NAME.iter().find(|(k, _)| name.contains(k)).map_or("Seeded answer", |(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::applications::state::{actor_of, next};

    fn demand(agency: &str, popularity: u32) -> Demand {
        Demand { agency: agency.into(), popularity, eligible: true }
    }

    #[test]
    fn scales_parse_and_refuse_nonsense() {
        assert_eq!(Scale::parse("small"), Ok(Scale::Small));
        assert_eq!(Scale::parse(" National "), Ok(Scale::National));
        assert_eq!(Scale::parse("2000000"), Ok(Scale::Accounts(2_000_000)));
        assert_eq!(Scale::parse("2_000_000"), Ok(Scale::Accounts(2_000_000)));
        assert_eq!(Scale::parse("2M"), Ok(Scale::Accounts(2_000_000)));
        assert_eq!(Scale::parse("1.5m"), Ok(Scale::Accounts(1_500_000)));
        assert_eq!(Scale::parse("500k"), Ok(Scale::Accounts(500_000)));
        for bad in ["", "huge", "10", "-5", "1e12", "NaN"] {
            assert!(Scale::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Scale::Small.accounts(), 10_000);
        assert_eq!(Scale::National.accounts(), 14_000_000);
    }

    #[test]
    fn sizes_keep_the_national_proportion() {
        let national = sizes(NATIONAL_ACCOUNTS);
        assert_eq!(national.applications, NATIONAL_APPLICATIONS);
        assert_eq!(national.frequent_applicants, 14_000);
        let small = sizes(SMALL_ACCOUNTS);
        assert_eq!(small.applications, 14_285);
        assert_eq!(small.frequent_applicants, 10);
        assert_eq!(sizes(2_000).frequent_applicants, 2);
        assert_eq!(sizes(100).frequent_applicants, 1);
    }

    #[test]
    fn the_busiest_citizens_are_as_busy_at_every_scale() {
        let (small, national) = (frequent_load(&sizes(SMALL_ACCOUNTS)), frequent_load(&sizes(NATIONAL_ACCOUNTS)));
        assert!((45.0..60.0).contains(&small) && (45.0..60.0).contains(&national), "{small} {national}");
        assert!((small / national - 1.0).abs() < 0.01, "{small} {national}");
    }

    #[test]
    fn flagship_agencies_carry_most_of_the_volume_and_the_rest_is_zipf() {
        let mut services = vec![demand("ntsa", 100), demand("ntsa", 300), demand("immigration", 5), demand("dci", 1)];
        services.extend((0..1000).map(|i| demand(&format!("county-{}", i % 47), 1000 - i)));
        services.push(Demand { agency: "kws".into(), popularity: 99_999, eligible: false });
        let shares = service_shares(&services);
        let sum: f64 = shares.iter().sum();
        assert!((sum - 1.0).abs() < 1e-9, "{sum}");
        assert!((shares[0] - 0.075).abs() < 1e-9 && (shares[1] - 0.225).abs() < 1e-9, "split by popularity");
        assert!((shares[2] - 0.20).abs() < 1e-9 && (shares[3] - 0.14).abs() < 1e-9);
        let flagships: f64 = shares[..4].iter().sum();
        assert!((flagships - 0.64).abs() < 1e-9, "most of the volume: {flagships}");
        assert_eq!(shares[1004], 0.0, "an ineligible service gets nothing");
        // Zipf: the most popular of the rest gets about twice the second's share and ten
        // times the tenth's (rank^-1.05).
        assert!((shares[4] / shares[5] - 2f64.powf(ZIPF_EXPONENT)).abs() < 1e-9);
        assert!((shares[4] / shares[13] - 10f64.powf(ZIPF_EXPONENT)).abs() < 1e-9);
        assert!(shares[4..1004].windows(2).all(|w| w[0] >= w[1]), "ranked by popularity");
    }

    #[test]
    fn a_missing_flagship_leaves_its_share_to_the_others() {
        let shares = service_shares(&[demand("ntsa", 1), demand("kra", 1), demand("kra", 1)]);
        assert!((shares[0] - 0.30).abs() < 1e-9);
        assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        let only = service_shares(&[demand("ntsa", 1), demand("dci", 1)]);
        assert!((only.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{only:?}");
        assert!(service_shares(&[]).is_empty());
    }

    #[test]
    fn variants_share_their_service() {
        assert!(variant_shares(0).is_empty());
        assert_eq!(variant_shares(1), vec![1.0]);
        let v = variant_shares(3);
        assert!((v[0] - 0.6).abs() < 1e-12 && (v[1] - 0.2).abs() < 1e-12 && (v[2] - 0.2).abs() < 1e-12);
    }

    #[test]
    fn slots_follow_the_shares() {
        let shares = [0.5, 0.25, 0.2, 0.05, 0.0000001];
        let s = slots(&shares, 10_000);
        assert_eq!(s.len(), 10_000);
        let count = |i: u32| s.iter().filter(|&&x| x == i).count();
        assert_eq!((count(0), count(1), count(2), count(3), count(4)), (5000, 2500, 2000, 500, 0));
        assert!(s.windows(2).all(|w| w[0] <= w[1]));
        // Shares need not sum to one.
        let s = slots(&[2.0, 2.0], 4);
        assert_eq!(s, vec![0, 0, 1, 1]);
    }

    #[test]
    fn officers_scale_with_volume() {
        assert_eq!(officers_for(0.0), 1);
        assert_eq!(officers_for(10.0), 1);
        assert_eq!(officers_for(6_000_000.0), 300);
        assert_eq!(officers_for(1e9), MAX_OFFICERS);
    }

    #[test]
    fn account_kinds_cover_everyone() {
        let sum: f64 = ACCOUNT_KINDS.iter().map(|k| k.2).sum();
        assert!((sum - 1.0).abs() < 1e-9);
        for (t, d, _) in ACCOUNT_KINDS {
            assert!(app::accounts::model::AccountType::from_code(t).is_some(), "{t}");
            assert!(app::accounts::identity::DocumentKind::from_code(d).is_some(), "{d}");
        }
        let score: f64 = SCORE_SHARES.iter().sum();
        assert!((score - 1.0).abs() < 1e-9);
    }

    /// Every combination of flags the loader can draw (no `unpaid` without a fee).
    fn all_flag_sets() -> Vec<Vec<(Flag, bool)>> {
        (0..64u32)
            .map(|bits| Flag::ALL.iter().enumerate().map(|(i, f)| (*f, bits & (1 << i) != 0)).collect::<Vec<_>>())
            .filter(|flags: &Vec<(Flag, bool)>| {
                let on = |f: Flag| flags.iter().any(|(g, v)| *g == f && *v);
                !on(Flag::Unpaid) || on(Flag::Fee)
            })
            .collect()
    }

    #[test]
    fn every_path_is_one_the_state_machine_allows_and_every_state_is_reached() {
        let mut reached = std::collections::BTreeSet::new();
        for flags in all_flag_sets() {
            let mut state = State::Draft;
            reached.insert(state);
            for s in path(&flags) {
                assert_eq!(s.from, state, "{flags:?}: {:?} starts from {:?}", s.event, s.from);
                let to = next(state, s.event, actor_of(s.event)).unwrap_or_else(|e| panic!("{flags:?}: {e:?}"));
                assert_eq!(to, s.to, "{flags:?}");
                let who = match actor_of(s.event) {
                    app::applications::state::Actor::Citizen => Who::Citizen,
                    app::applications::state::Actor::Officer => Who::Officer,
                    app::applications::state::Actor::System => Who::System,
                };
                assert_eq!(who, s.who, "{:?}", s.event);
                state = to;
                reached.insert(state);
            }
        }
        for s in app::applications::state::ALL_STATES {
            if s != State::Submitted {
                assert!(reached.contains(&s), "no seeded application reaches {s:?}");
            }
        }
    }

    #[test]
    fn the_steps_of_a_path_come_in_time_order() {
        let order =
            [At::Submit, At::Expiry, At::Paid, At::Review, At::Ask, At::Answer, At::Review2, At::Decision, At::Issue];
        let rank = |a: At| order.iter().position(|&o| o == a).unwrap_or(usize::MAX);
        for flags in all_flag_sets() {
            let p = path(&flags);
            assert!(p.windows(2).all(|w| rank(w[0].at) <= rank(w[1].at)), "{flags:?}");
        }
    }

    #[test]
    fn seeded_answers_pass_the_forms_own_checks() {
        use app::catalogue::model::{FieldKind, FormDefinition, FormField, Localized};
        let f = |name: &str, kind: FieldKind, required: bool| FormField {
            name: name.into(),
            label: Localized::new(name, name),
            hint: None,
            required,
            kind,
        };
        let form = FormDefinition {
            fields: vec![
                f("full_name", FieldKind::Text { min_len: 2, max_len: 100 }, true),
                f("surname", FieldKind::Text { min_len: 2, max_len: 40 }, true),
                f("plot_number", FieldKind::Text { min_len: 1, max_len: 8 }, true),
                f("code", FieldKind::Text { min_len: 20, max_len: 30 }, true),
                f("purpose", FieldKind::LongText { max_len: 500 }, true),
                f("children", FieldKind::Number { min: 0, max: 20 }, true),
                f("born", FieldKind::Date { not_in_future: true, not_in_past: false }, true),
                f("travel", FieldKind::Date { not_in_future: false, not_in_past: true }, true),
                f("phone", FieldKind::Phone, true),
                f("email", FieldKind::Email, true),
                f("other_email", FieldKind::Email, false),
                f("id_number", FieldKind::NationalId, true),
                f("pin", FieldKind::KraPin, true),
                f("declaration", FieldKind::Declaration, true),
            ],
            documents: vec![],
        };
        let person = Person {
            full_name: "Wanjiku Achieng Kamau",
            surname: "Kamau",
            phone: "254720000001",
            national_id: "20000001",
        };
        let answers: app::applications::form::Answers =
            form.fields.iter().filter_map(|fd| answer_for(fd, &person).map(|v| (fd.name.clone(), v))).collect();
        let today = app::applications::calendar::Date::new(2026, 1, 15).expect("date");
        let clean = app::applications::form::validate(&form, &answers, today).expect("valid answers");
        assert_eq!(clean, answers, "already normalised");
        assert_eq!(answers["full_name"], "Wanjiku Achieng Kamau");
        assert_eq!(answers["surname"], "Kamau");
        assert!(!answers.contains_key("other_email"));
    }
}
