//! SQL expressions for the national dataset, built from the rules in `model.rs`. Every value a
//! row holds is a function of its id (through `hashint8extended`, PostgreSQL's seeded 64-bit
//! hash), so a later pass can recompute what an earlier one chose (an applicant's name, a
//! payment's time) without joining back to millions of rows.

#[cfg(test)]
use super::model::Flag;
use super::model::{At, CHANCES, STEPS, Step, WINDOW_SECS, Who};
use app::payments::reference::DAMM;

/// Common Kenyan first names (given names and baptismal names, several communities).
pub const FIRST_NAMES: [&str; 64] = [
    "Wanjiku", "Achieng", "Otieno", "Kamau", "Mwangi", "Njeri", "Chebet", "Kiprop", "Akinyi", "Omondi", "Wafula",
    "Nekesa", "Muthoni", "Kariuki", "Hassan", "Amina", "Fatuma", "Mohamed", "Wambui", "Ochieng", "Atieno", "Kipchoge",
    "Jepkoech", "Mutua", "Mwikali", "Nduta", "Kimani", "Wairimu", "Barasa", "Naliaka", "Lokwang", "Ekai", "Halima",
    "Abdi", "Zawadi", "Baraka", "Imani", "Neema", "Juma", "Rehema", "Grace", "John", "Mary", "Peter", "Joseph",
    "Faith", "Mercy", "Brian", "Kevin", "Esther", "Daniel", "Ruth", "Samuel", "Lucy", "James", "Ann", "David", "Jane",
    "Paul", "Susan", "Moses", "Agnes", "Dennis", "Caroline",
];

/// Common Kenyan surnames.
pub const SURNAMES: [&str; 64] = [
    "Kamau",
    "Otieno",
    "Mwangi",
    "Odhiambo",
    "Kiprotich",
    "Wanjala",
    "Njoroge",
    "Ouma",
    "Kibet",
    "Mutua",
    "Karanja",
    "Onyango",
    "Chepkemoi",
    "Kimani",
    "Ochieng",
    "Wafula",
    "Musyoka",
    "Macharia",
    "Korir",
    "Omondi",
    "Barasa",
    "Mohamed",
    "Ali",
    "Hassan",
    "Cheruiyot",
    "Nyaga",
    "Githinji",
    "Owino",
    "Langat",
    "Maina",
    "Koech",
    "Wekesa",
    "Kilonzo",
    "Mburu",
    "Rotich",
    "Achola",
    "Atieno",
    "Njeru",
    "Kirui",
    "Ndungu",
    "Simiyu",
    "Juma",
    "Abdi",
    "Ekiru",
    "Lokuruka",
    "Gitau",
    "Nyambura",
    "Okoth",
    "Kemboi",
    "Muriuki",
    "Wambua",
    "Oduya",
    "Mbugua",
    "Kiplagat",
    "Chege",
    "Waweru",
    "Kosgei",
    "Nzioka",
    "Opiyo",
    "Sang",
    "Muli",
    "Auma",
    "Kahindi",
    "Baya",
];

/// Placeholders in answer and message templates, replaced per row.
pub const NAME: &str = "@@NAME@@";
/// The applicant's surname.
pub const SURNAME: &str = "@@SURNAME@@";
/// The applicant's phone.
pub const PHONE: &str = "@@PHONE@@";
/// The applicant's ID number.
pub const ID: &str = "@@ID@@";
/// The application's reference.
pub const REFERENCE: &str = "@@REF@@";
/// The bill reference.
pub const BILL: &str = "@@BILL@@";
/// The receipt number.
pub const RECEIPT: &str = "@@RCPT@@";
/// The charter date, in words.
pub const DUE: &str = "@@DUE@@";

/// A uniform draw in [0, 1) for row `id`, independent for each `k`.
pub fn u(id: &str, k: u32) -> String {
    format!("((hashint8extended({id}, {k}) & 4503599627370495)::float8 / 4503599627370496.0)")
}

/// A non-negative 63-bit hash of row `id`, independent for each `k`.
pub fn h(id: &str, k: u32) -> String {
    format!("(hashint8extended({id}, {k}) & 9223372036854775807)")
}

fn pick(list: &[&str], id: &str, k: u32) -> String {
    let items = list.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(",");
    format!("(ARRAY[{items}])[1 + ({} % {})::int]", h(id, k), list.len())
}

/// An account's first name.
pub fn first_name(id: &str) -> String {
    pick(&FIRST_NAMES, id, 102)
}

/// An account's surname.
pub fn surname(id: &str) -> String {
    pick(&SURNAMES, id, 104)
}

/// An account's other names: a second given name and the surname.
pub fn other_names(id: &str) -> String {
    format!("{} || ' ' || {}", pick(&FIRST_NAMES, id, 103), surname(id))
}

/// An account's national ID (or other document) number: `20000000 + id`, eight digits, so it
/// never meets the demo registry's 10000000–19999999.
pub fn document_number(id: &str) -> String {
    format!("(20000000 + {id})::text")
}

/// An account's phone, `2547XXXXXXXX`, distinct for every id below 80 million (a bijection of
/// the id onto 20000000..99999999, so never a demo account's `254712000…`).
pub fn phone(id: &str) -> String {
    format!("('2547' || (20000000 + ({id} * 48271) % 80000000)::text)")
}

/// Whether an account chose Kiswahili.
pub fn swahili(id: &str) -> String {
    format!("({} < {})", u(id, 107), super::model::SWAHILI_SHARE)
}

/// `APP-` and ten upper-case hex digits: a bijection of the id onto 40 bits, looking as random
/// as the application's own references.
pub fn reference(id: &str) -> String {
    format!("('APP-' || upper(lpad(to_hex((({id} * 42652893079) & 1099511627775) # 388195166810), 10, '0')))")
}

/// The Damm check digit of `payload` (a 9-digit bigint expression), as SQL.
pub fn damm(payload: &str) -> String {
    let table = DAMM.iter().flat_map(|r| r.iter().map(|d| d.to_string())).collect::<Vec<_>>().join(",");
    let mut interim = "0".to_string();
    for position in (0..9).rev() {
        let digit = format!("(({payload} / {}) % 10)", 10i64.pow(position));
        interim = format!("(ARRAY[{table}])[({interim}) * 10 + {digit} + 1]");
    }
    interim
}

fn with_check(payload: &str) -> String {
    format!("({payload})::text || ({})::text", damm(payload))
}

/// A bill reference: ten digits, the last Damm's, distinct per application id (a bijection onto
/// 100000000..999999999 before the check digit).
pub fn bill_ref(id: &str) -> String {
    with_check(&format!("(100000000 + ({id} * 282475249 + 53291) % 900000000)"))
}

/// A Mlango receipt number: `R`, nine digits and Damm's check digit, distinct per id.
pub fn receipt_no(id: &str) -> String {
    format!("('R' || {})", with_check(&format!("(100000000 + ({id} * 1977326743 + 71119) % 900000000)")))
}

/// An M-Pesa receipt like `SLK4H7XYZ`: a letter and nine upper-case hex digits, distinct per id.
pub fn mpesa_receipt(id: &str) -> String {
    format!("('S' || upper(lpad(to_hex(({id} * 2146121005) & 68719476735), 9, '0')))")
}

/// An ISO date (EAT) from unix seconds.
pub fn eat_date(secs: &str) -> String {
    format!("to_char(date '1970-01-01' + ((({secs}) + 10800) / 86400)::int, 'YYYY-MM-DD')")
}

/// A date in words (`4 Dec 2026` / `4 Desemba 2026`), from unix seconds, in the citizen's language.
pub fn date_words(secs: &str, swahili: &str) -> String {
    let d = format!("(date '1970-01-01' + ((({secs}) + 10800) / 86400)::int)");
    let sw = "ARRAY['Januari','Februari','Machi','Aprili','Mei','Juni','Julai','Agosti','Septemba','Oktoba','Novemba','Desemba']";
    format!(
        "(CASE WHEN {swahili} THEN extract(day from {d})::int::text || ' ' || ({sw})[extract(month from {d})::int] \
         || ' ' || extract(year from {d})::int::text ELSE to_char({d}, 'FMDD Mon YYYY') END)"
    )
}

/// The columns `f_*` (flags) of application `a` (with its offer `o`), as a LATERAL subquery.
pub fn flags(id: &str) -> String {
    let c = CHANCES;
    format!(
        "SELECT {} < {} AS f_draft, o.total_minor > 0 AS f_fee, (o.total_minor > 0 AND {} < {}) AS f_unpaid, \
         {} < {} AS f_withdrawn, {} < {} AS f_info, {} < {} AS f_rejected, {} < {} AS f_late OFFSET 0",
        u(id, 11),
        c.draft,
        u(id, 12),
        c.unpaid,
        u(id, 13),
        c.withdrawn,
        u(id, 14),
        c.info,
        u(id, 15),
        c.rejected,
        u(id, 16),
        c.late
    )
}

/// The time a payment was made, from its application's id and submission (most pay within
/// hours of applying; a few take up to three days).
pub fn paid_at(id: &str, submitted: &str) -> String {
    format!("({submitted} + 60 + (259200 * power({}, 4))::bigint)", u(id, 21))
}

/// The LATERAL joins computing the times `t_*` of application `a` (columns `id`, `t_sub`),
/// after `o` (the offer: `timeline_secs`) and `f` (the flags).
pub fn times(id: &str, submitted: &str) -> String {
    let life = app::payments::INVOICE_LIFE_DAYS * 86_400;
    format!(
        " CROSS JOIN LATERAL (SELECT {submitted} AS t_sub, {paid} AS t_paid, {submitted} + {life} AS t_exp OFFSET 0) t1 \
         CROSS JOIN LATERAL (SELECT CASE WHEN f.f_fee THEN t1.t_paid ELSE t1.t_sub END AS t_q OFFSET 0) t2 \
         CROSS JOIN LATERAL (SELECT t2.t_q + 600 + (0.25 * o.timeline_secs * {ur})::bigint AS t_rev, \
             t2.t_q + o.timeline_secs AS t_due OFFSET 0) t3 \
         CROSS JOIN LATERAL (SELECT t3.t_rev + 600 + (CASE WHEN f.f_late THEN o.timeline_secs * (0.8 + 0.6 * {ud}) \
             ELSE o.timeline_secs * 0.6 * {ud} END)::bigint AS t_dec OFFSET 0) t4 \
         CROSS JOIN LATERAL (SELECT t3.t_rev + (t4.t_dec - t3.t_rev) / 4 AS t_ask, \
             t3.t_rev + (t4.t_dec - t3.t_rev) / 2 AS t_ans, t3.t_rev + 3 * (t4.t_dec - t3.t_rev) / 4 AS t_rev2, \
             t4.t_dec + 600 + (least(172800, 0.1 * o.timeline_secs) * {ui})::bigint AS t_iss OFFSET 0) t5 ",
        paid = paid_at(id, submitted),
        ur = u(id, 22),
        ud = u(id, 23),
        ui = u(id, 24),
    )
}

/// The SQL column of a time.
fn at_column(at: At) -> String {
    let table = match at {
        At::Submit | At::Expiry | At::Paid => "t1",
        At::Review => "t3",
        At::Decision => "t4",
        At::Ask | At::Answer | At::Review2 | At::Issue => "t5",
    };
    format!("{table}.{}", at.column())
}

/// Whether application `a`'s flags take this step.
pub fn applies(s: &Step) -> String {
    let parts: Vec<String> = s
        .when
        .iter()
        .map(|(f, v)| if *v { format!("f.{}", f.column()) } else { format!("NOT f.{}", f.column()) })
        .collect();
    if parts.is_empty() { "TRUE".into() } else { format!("({})", parts.join(" AND ")) }
}

/// Whether the step has happened by `at` (unix seconds, an SQL expression).
fn happened(s: &Step, at: &str) -> String {
    format!("{} AND {} <= {at}", applies(s), at_column(s.at))
}

/// The state application `a` is in at `at`: the `to` of its last step that has happened.
pub fn state_at(at: &str) -> String {
    let arms: String =
        STEPS.iter().rev().map(|s| format!(" WHEN {} THEN '{}'", happened(s, at), s.to.code())).collect();
    format!("CASE{arms} ELSE 'draft' END")
}

/// The state application `a` is in at `now`.
pub fn state(now: i64) -> String {
    state_at(&now.to_string())
}

/// When application `a` last changed by `now` (`created` when it is still a draft), not
/// counting a charter breach.
pub fn last_change(now: i64, created: &str) -> String {
    let now = now.to_string();
    let arms: String =
        STEPS.iter().rev().map(|s| format!(" WHEN {} THEN {}", happened(s, &now), at_column(s.at))).collect();
    format!("CASE{arms} ELSE {created} END")
}

/// The LATERAL columns of application `a`'s charter: `missed` (the agency still owed the next
/// step when its charter date passed, so the charter clock recorded a breach then), `due_state`
/// (the state it was in at that moment) and `revised` (the new date the clock set, unix
/// seconds; always after `now` for an application still open, so the clock has nothing to do).
pub fn charter(now: i64) -> String {
    let running = STEPS
        .iter()
        .map(|s| s.to)
        .chain([app::applications::state::State::Queued])
        .filter(|s| s.clock_running())
        .map(|s| format!("'{}'", s.code()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
        .join(", ");
    let due_state = state_at("t3.t_due");
    format!(
        "SELECT (NOT f.f_draft AND NOT f.f_unpaid AND NOT f.f_withdrawn \
         AND least(CASE WHEN f.f_rejected THEN t4.t_dec ELSE t5.t_iss END, {now}) > t3.t_due \
         AND ({due_state}) IN ({running})) AS missed, ({due_state}) AS due_state, \
         greatest(t3.t_due + o.timeline_secs / 2, least(t5.t_iss, {now}) + 86400) AS revised OFFSET 0"
    )
}

/// How many steps application `a` has taken by `now` (its optimistic-lock version).
pub fn steps_taken(now: i64) -> String {
    let now = now.to_string();
    let terms: Vec<String> =
        STEPS.iter().map(|s| format!("(CASE WHEN {} THEN 1 ELSE 0 END)", happened(s, &now))).collect();
    format!("({})", terms.join(" + "))
}

/// The `VALUES` rows of every step of application `a`, and of its charter breach (columns: n,
/// applies, at, from_state, to_state, event, actor_id, actor_role, note); `citizen` and
/// `officer` name its actors. Needs the [`charter`] columns as `ch`.
pub fn step_rows(citizen: &str, officer: &str) -> String {
    STEPS
        .iter()
        .enumerate()
        .map(|(n, s)| {
            let (actor, role) = match s.who {
                Who::Citizen => (citizen.to_string(), "'citizen'"),
                Who::System => ("NULL::bigint".to_string(), "'system'"),
                Who::Officer => (officer.to_string(), "'agency_officer'"),
            };
            format!(
                "({n}, {}, {}, '{}', '{}', '{}', {actor}, {role}, '{}')",
                applies(s),
                at_column(s.at),
                s.from.code(),
                s.to.code(),
                s.event.code(),
                s.note.replace('\'', "''")
            )
        })
        .chain(std::iter::once(format!(
            "({}, ch.missed, t3.t_due, ch.due_state, ch.due_state, '{}', NULL::bigint, 'system', \
             'charter date ' || {} || ' missed; new date ' || {})",
            STEPS.len(),
            app::applications::state::Event::CharterBreached.code(),
            eat_date("t3.t_due"),
            eat_date("ch.revised"),
        )))
        .collect::<Vec<_>>()
        .join(", ")
}

/// When application `a` was submitted: over the last [`WINDOW_SECS`], more of them lately.
pub fn submitted_at(id: &str, now: i64) -> String {
    format!("({now} - {WINDOW_SECS} + ({WINDOW_SECS} * sqrt({}))::bigint)", u(id, 5))
}

/// Whether a step with these flags is possible at all (unit tests).
#[cfg(test)]
pub fn uses(flag: Flag) -> bool {
    STEPS.iter().any(|s| s.when.iter().any(|(f, _)| *f == flag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_damm_table_is_the_applications() {
        // The table the SQL is built from gives app::payments::reference's check digit on every payload.
        let check = |s: &str| s.bytes().fold(0u8, |i, b| DAMM[usize::from(i)][usize::from(b - b'0')]);
        for n in (100_000_000u64..999_999_999).step_by(7_919_999) {
            let s = n.to_string();
            assert_eq!(Some(check(&s)), app::payments::reference::check_digit(&s), "{s}");
        }
    }

    #[test]
    fn names_are_plain_letters() {
        // They go into JSON and SQL literals unescaped.
        for n in FIRST_NAMES.iter().chain(SURNAMES.iter()) {
            assert!(n.chars().all(|c| c.is_ascii_alphabetic()), "{n}");
        }
    }

    #[test]
    fn every_flag_and_step_reaches_the_sql() {
        for f in Flag::ALL {
            assert!(uses(f), "{f:?}");
        }
        let s = state(1_700_000_000);
        for step in STEPS {
            assert!(s.contains(&format!("'{}'", step.to.code())), "{:?}", step.to);
        }
        assert_eq!(step_rows("a.citizen_id", "a.assigned_to").matches("), (").count(), STEPS.len());
        // A breach is recorded only while the agency owes the next step (not while paused).
        assert!(charter(1).contains("IN ('approved', 'in_review', 'queued', 'resubmitted')"), "{}", charter(1));
    }
}
