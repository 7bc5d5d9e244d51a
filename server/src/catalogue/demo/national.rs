//! National services: each agency's own services from the tables in `national_data`, the
//! services every university, polytechnic, regulator, tribunal, water works agency, regional
//! development authority and referral hospital offers, and the requests every public body must
//! accept (information requests, complaints, jobs, internships).

use super::agencies::{Family, NATIONAL, Nat, Prof};
use super::forms::{FormT, Forms};
use super::national_data::{self, Fee, Item};
use super::{AgencyCtx, Builder, Svc, V, round_fee, schedule};
use app::catalogue::model::{AgencyKind, Category as C, FeeSchedule, Localized};
use app::money::Currency;

use FormT as F;

/// A family table row: slug, English, Kiswahili, category, form, lowest and highest fee, days,
/// popularity, keywords.
type CatRow = (&'static str, &'static str, &'static str, C, FormT, i64, i64, u16, u32, &'static str);
/// A family table row without a category of its own.
type FormRow = (&'static str, &'static str, &'static str, FormT, i64, i64, u16, u32, &'static str);
/// A hospital row: slug, English, Kiswahili, lowest and highest fee, days, popularity, keywords.
type HospitalRow = (&'static str, &'static str, &'static str, i64, i64, u16, u32, &'static str);
/// A regulator row with names built from the profession: slug, English, Kiswahili, form, fee,
/// days, popularity, keywords.
type ProfRow = (&'static str, String, String, FormT, i64, u16, u32, &'static str);

/// Adds every national agency and its services.
pub(super) fn generate(b: &mut Builder, forms: &Forms) {
    for nat in NATIONAL {
        let (about_en, about_sw) = match nat.family {
            Family::WaterWorks => (
                format!("Develops bulk water supply and sewerage infrastructure in {}.", nat.about_en),
                format!("Huendeleza miundombinu ya maji ya jumla na maji taka katika {}.", nat.about_sw),
            ),
            _ => (nat.about_en.to_string(), nat.about_sw.to_string()),
        };
        let ref_en =
            if nat.en.starts_with("The ") { nat.en.replacen("The ", "the ", 1) } else { format!("the {}", nat.en) };
        let Some(ctx) = b.agency(
            nat.code,
            nat.kind,
            Localized::new(nat.en, nat.sw),
            Localized::new(about_en, about_sw),
            None,
            nat.web,
            ref_en,
            nat.sw.to_string(),
        ) else {
            continue;
        };
        for group in national_data::groups(nat.code) {
            for item in group.items {
                add_item(b, forms, &ctx, group.cat, group.form, item);
            }
        }
        national_data::generated(b, forms, &ctx, nat.code);
        family_services(b, forms, &ctx, nat);
        common_services(b, forms, &ctx, nat);
    }
}

/// Turns a table fee into a schedule.
pub(super) fn fee_schedule(fee: Fee) -> FeeSchedule {
    match fee {
        Fee::Free => schedule(Currency::Kes, &[("standard", "Standard", "Kawaida", 0)]),
        Fee::Kes(a) => schedule(Currency::Kes, &[("standard", "Standard", "Kawaida", a)]),
        Fee::Usd(a) => schedule(Currency::Usd, &[("standard", "Standard", "Kawaida", a)]),
        Fee::KesV(rows) => schedule(Currency::Kes, rows),
        Fee::UsdV(rows) => schedule(Currency::Usd, rows),
    }
}

fn localized_steps(steps: &[(&str, &str)]) -> Vec<Localized> {
    steps.iter().map(|&(en, sw)| Localized::new(en, sw)).collect()
}

/// Adds one table row.
pub(super) fn add_item(b: &mut Builder, forms: &Forms, ctx: &AgencyCtx, cat: C, form: FormT, item: &Item) {
    b.add(
        ctx,
        Svc {
            slug: item.slug.to_string(),
            name: Localized::new(item.en, item.sw),
            category: item.cat.unwrap_or(cat),
            tpl: forms.get(item.form.unwrap_or(form)),
            fees: fee_schedule(item.fee),
            days: item.days,
            keywords: item.kw.to_string(),
            popularity: item.pop,
            summary: item.summary.map(|(en, sw)| Localized::new(en, sw)),
            in_person: item.steps.map(localized_steps),
        },
    );
}

/// A stable number from an agency code, so family fees differ between agencies but never
/// between runs (FNV-1a; std's hasher is randomly seeded).
fn code_hash(code: &str, salt: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
    for b in code.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// An amount between `lo` and `hi` picked by the agency code, rounded like a gazetted fee.
fn pick(code: &str, salt: u64, lo: i64, hi: i64) -> i64 {
    if hi <= lo {
        return lo;
    }
    let span = (hi - lo) as u64;
    round_fee(lo + (code_hash(code, salt) % (span + 1)) as i64)
}

/// A service with a single price, used by the families.
#[allow(clippy::too_many_arguments)]
fn simple(
    b: &mut Builder,
    forms: &Forms,
    ctx: &AgencyCtx,
    slug: &str,
    name: Localized,
    cat: C,
    form: FormT,
    fees: FeeSchedule,
    days: u16,
    popularity: u32,
    keywords: &str,
) {
    b.add(
        ctx,
        Svc {
            slug: slug.to_string(),
            name,
            category: cat,
            tpl: forms.get(form),
            fees,
            days,
            keywords: keywords.to_string(),
            popularity,
            summary: None,
            in_person: None,
        },
    );
}

fn kes_one(amount: i64) -> FeeSchedule {
    fee_schedule(Fee::Kes(amount))
}

fn l(en: impl Into<String>, sw: impl Into<String>) -> Localized {
    Localized::new(en, sw)
}

fn family_services(b: &mut Builder, forms: &Forms, ctx: &AgencyCtx, nat: &Nat) {
    let code = nat.code;
    // Bigger, older bodies get more traffic; a hash spreads the rest.
    let spread = (code_hash(code, 7) % 5) as u32 + 1;
    match nat.family {
        Family::None => {}
        Family::University => university(b, forms, ctx, code, spread),
        Family::Polytechnic => polytechnic(b, forms, ctx, code, spread),
        Family::Regulator(prof) => regulator(b, forms, ctx, code, prof, spread),
        Family::Tribunal => tribunal(b, forms, ctx, code),
        Family::WaterWorks => water_works(b, forms, ctx, code),
        Family::RegionalDev => regional_dev(b, forms, ctx, code),
        Family::Hospital => hospital(b, forms, ctx, code, spread),
    }
}

fn university(b: &mut Builder, forms: &Forms, ctx: &AgencyCtx, code: &str, spread: u32) {
    let p = |w: u32| w * spread;
    let rows: [CatRow; 22] = [
        (
            "admission-undergraduate",
            "Undergraduate admission application (self-sponsored)",
            "Ombi la kujiunga na shahada ya kwanza (kujifadhili)",
            C::Education,
            F::Admission,
            1_000,
            2_000,
            30,
            4_000,
            "admission apply degree module ii parallel",
        ),
        (
            "admission-postgraduate",
            "Postgraduate admission application",
            "Ombi la kujiunga na masomo ya uzamili na uzamivu",
            C::Education,
            F::Admission,
            2_000,
            3_000,
            30,
            1_500,
            "masters phd postgraduate admission",
        ),
        (
            "admission-part-time",
            "Evening and weekend programme application",
            "Ombi la kujiunga na programu za jioni na wikendi",
            C::Education,
            F::Admission,
            1_000,
            1_500,
            30,
            800,
            "part time evening weekend",
        ),
        (
            "transcript",
            "Official academic transcript",
            "Nakala rasmi ya matokeo ya masomo",
            C::Education,
            F::AcademicRecord,
            1_000,
            1_500,
            10,
            2_500,
            "transcript results",
        ),
        (
            "transcript-replacement",
            "Replacement of a lost transcript",
            "Nakala mbadala ya matokeo iliyopotea",
            C::Education,
            F::AcademicRecord,
            2_000,
            3_000,
            30,
            600,
            "lost transcript",
        ),
        (
            "certificate-replacement",
            "Replacement of a lost degree or diploma certificate",
            "Cheti mbadala cha shahada au stashahada kilichopotea",
            C::Education,
            F::AcademicRecord,
            5_000,
            10_000,
            60,
            700,
            "lost certificate replacement",
        ),
        (
            "certified-copies",
            "Certification of copies of certificates and transcripts",
            "Kuthibitisha nakala za vyeti na matokeo",
            C::Education,
            F::AcademicRecord,
            500,
            1_000,
            3,
            900,
            "certified copies",
        ),
        (
            "verification",
            "Verification of a degree or transcript for employers",
            "Uthibitisho wa shahada au matokeo kwa waajiri",
            C::Education,
            F::AcademicRecord,
            1_000,
            3_000,
            7,
            1_200,
            "verification authenticity employer",
        ),
        (
            "graduation-fee",
            "Graduation fee",
            "Ada ya mahafali",
            C::Education,
            F::Payment,
            3_000,
            5_000,
            1,
            2_500,
            "graduation",
        ),
        (
            "gown-hire",
            "Graduation gown hire",
            "Kukodi joho la mahafali",
            C::Education,
            F::Payment,
            1_500,
            2_500,
            1,
            1_500,
            "gown graduation",
        ),
        (
            "clearance",
            "Student clearance certificate",
            "Cheti cha kukamilisha masomo (clearance)",
            C::Education,
            F::AcademicRecord,
            500,
            1_000,
            7,
            1_000,
            "clearance form",
        ),
        (
            "student-id",
            "Replacement of a student ID card",
            "Kitambulisho mbadala cha mwanafunzi",
            C::Education,
            F::Payment,
            500,
            1_000,
            5,
            600,
            "student id card",
        ),
        (
            "hostel",
            "Hostel accommodation (per semester)",
            "Malazi ya bweni (kwa muhula)",
            C::Education,
            F::Payment,
            6_000,
            12_000,
            1,
            2_000,
            "hostel accommodation room",
        ),
        (
            "library-external",
            "Library membership for external readers (annual)",
            "Uanachama wa maktaba kwa wasomaji wa nje (mwaka)",
            C::Education,
            F::Payment,
            2_000,
            5_000,
            3,
            200,
            "library",
        ),
        (
            "thesis-examination",
            "Thesis examination fee",
            "Ada ya kutahini tasnifu",
            C::Education,
            F::Payment,
            20_000,
            40_000,
            90,
            300,
            "thesis examination",
        ),
        (
            "supplementary-exam",
            "Supplementary or special examination (per unit)",
            "Mtihani wa marudio au maalum (kwa kitengo)",
            C::Education,
            F::ExamRegistration,
            500,
            1_000,
            14,
            800,
            "supplementary retake resit",
        ),
        (
            "deferment",
            "Deferment of studies",
            "Kuahirisha masomo",
            C::Education,
            F::Generic,
            0,
            500,
            14,
            300,
            "deferment defer",
        ),
        (
            "change-of-programme",
            "Change of programme",
            "Kubadilisha programu ya masomo",
            C::Education,
            F::Generic,
            1_000,
            2_000,
            14,
            400,
            "change course programme",
        ),
        (
            "inter-university-transfer",
            "Inter-university transfer",
            "Uhamisho kati ya vyuo vikuu",
            C::Education,
            F::Generic,
            1_000,
            2_000,
            30,
            300,
            "transfer university",
        ),
        (
            "recommendation-letter",
            "Letter of introduction or recommendation",
            "Barua ya utambulisho au mapendekezo",
            C::Education,
            F::AcademicRecord,
            500,
            500,
            5,
            400,
            "letter recommendation introduction",
        ),
        (
            "hall-hire",
            "Hire of university halls and grounds (per day)",
            "Kukodi kumbi na viwanja vya chuo kikuu (kwa siku)",
            C::Other,
            F::VenueHire,
            20_000,
            50_000,
            5,
            100,
            "hall hire venue",
        ),
        (
            "medical-fee",
            "Student medical fee (per year)",
            "Ada ya matibabu ya mwanafunzi (kwa mwaka)",
            C::Health,
            F::Payment,
            2_000,
            4_000,
            1,
            800,
            "medical fee insurance",
        ),
    ];
    for (i, (slug, en, sw, cat, form, lo, hi, days, pop, kw)) in rows.into_iter().enumerate() {
        let amount = if lo == 0 && code_hash(code, i as u64).is_multiple_of(2) {
            0
        } else {
            pick(code, i as u64, lo.max(1), hi)
        };
        simple(b, forms, ctx, slug, l(en, sw), cat, form, kes_one(amount), days, p(pop), kw);
    }
    simple(
        b,
        forms,
        ctx,
        "admission-international",
        l("Admission application for international students", "Ombi la kujiunga kwa wanafunzi wa kimataifa"),
        C::Education,
        F::Admission,
        fee_schedule(Fee::Usd(pick(code, 99, 50, 100))),
        30,
        p(200),
        "international foreign students",
    );
}

fn polytechnic(b: &mut Builder, forms: &Forms, ctx: &AgencyCtx, code: &str, spread: u32) {
    let rows: [CatRow; 11] = [
        (
            "admission",
            "Admission application (diploma and certificate courses)",
            "Ombi la kujiunga (kozi za stashahada na vyeti)",
            C::Education,
            F::Admission,
            500,
            1_000,
            21,
            2_000,
            "admission tvet diploma certificate",
        ),
        (
            "tuition",
            "Tuition fees (per term)",
            "Ada ya masomo (kwa muhula)",
            C::Education,
            F::Payment,
            8_000,
            12_000,
            1,
            3_000,
            "school fees tuition",
        ),
        (
            "exam-registration",
            "KNEC and CDACC examination registration",
            "Usajili wa mitihani ya KNEC na CDACC",
            C::Education,
            F::ExamRegistration,
            3_000,
            5_000,
            14,
            1_500,
            "knec cdacc exam registration",
        ),
        (
            "transcript",
            "Academic transcript",
            "Nakala ya matokeo ya masomo",
            C::Education,
            F::AcademicRecord,
            500,
            1_000,
            10,
            800,
            "transcript results",
        ),
        (
            "certificate-replacement",
            "Replacement of a lost certificate",
            "Cheti mbadala kilichopotea",
            C::Education,
            F::AcademicRecord,
            2_000,
            3_000,
            30,
            300,
            "lost certificate",
        ),
        (
            "verification",
            "Verification of certificates for employers",
            "Uthibitisho wa vyeti kwa waajiri",
            C::Education,
            F::AcademicRecord,
            1_000,
            1_000,
            7,
            300,
            "verification",
        ),
        (
            "short-course",
            "Short course enrolment",
            "Kujiunga na kozi fupi",
            C::Education,
            F::Generic,
            5_000,
            15_000,
            7,
            600,
            "short course training",
        ),
        (
            "hostel",
            "Hostel accommodation (per term)",
            "Malazi ya bweni (kwa muhula)",
            C::Education,
            F::Payment,
            4_000,
            8_000,
            1,
            1_000,
            "hostel",
        ),
        (
            "attachment-letter",
            "Industrial attachment placement letter",
            "Barua ya mafunzo kwa vitendo viwandani",
            C::Education,
            F::Generic,
            0,
            0,
            5,
            800,
            "attachment placement",
        ),
        (
            "workshop-hire",
            "Hire of workshops and halls (per day)",
            "Kukodi karakana na kumbi (kwa siku)",
            C::Other,
            F::VenueHire,
            10_000,
            20_000,
            5,
            60,
            "hall hire workshop",
        ),
        (
            "graduation-fee",
            "Graduation fee",
            "Ada ya mahafali",
            C::Education,
            F::Payment,
            2_000,
            3_000,
            1,
            800,
            "graduation",
        ),
    ];
    for (i, (slug, en, sw, cat, form, lo, hi, days, pop, kw)) in rows.into_iter().enumerate() {
        let amount = if hi == 0 { 0 } else { pick(code, i as u64 + 40, lo, hi) };
        simple(b, forms, ctx, slug, l(en, sw), cat, form, kes_one(amount), days, pop * spread, kw);
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
}

fn regulator(b: &mut Builder, forms: &Forms, ctx: &AgencyCtx, code: &str, prof: &Prof, spread: u32) {
    let (one, many, many_sw) = (prof.one, prof.many, prof.many_sw);
    let cat = if prof.premises.is_some() && prof.firm.is_none() { C::Health } else { C::Education };
    let pop = |w: u32| w * spread;
    let kw = format!("registration licence practising certificate {many}");
    simple(
        b,
        forms,
        ctx,
        "registration",
        l(format!("Registration as {} {one}", article(one)), format!("Usajili wa kitaaluma – {many_sw}")),
        cat,
        F::ProfessionalRegistration,
        kes_one(prof.reg_fee),
        30,
        pop(3_000),
        &kw,
    );
    simple(
        b,
        forms,
        ctx,
        "annual-licence",
        l(format!("Annual practising licence – {many}"), format!("Leseni ya mwaka ya kufanya kazi – {many_sw}")),
        cat,
        F::ProfessionalRenewal,
        kes_one(prof.licence_fee),
        7,
        pop(8_000),
        &format!("renewal annual licence retention practising {many}"),
    );
    simple(
        b,
        forms,
        ctx,
        "good-standing",
        l(format!("Certificate of good standing – {many}"), format!("Cheti cha hadhi njema – {many_sw}")),
        cat,
        F::ProfessionalRenewal,
        kes_one(pick(code, 1, 1_000, 3_000)),
        5,
        pop(800),
        "good standing letter",
    );
    simple(
        b,
        forms,
        ctx,
        "temporary-licence-foreign",
        l(format!("Temporary licence for foreign {many}"), format!("Leseni ya muda kwa {many_sw} wa kigeni")),
        cat,
        F::ProfessionalRegistration,
        fee_schedule(Fee::Usd(pick(code, 2, 200, 500))),
        30,
        pop(100),
        "foreign temporary licence expatriate",
    );
    if prof.exam {
        simple(
            b,
            forms,
            ctx,
            "licensing-exam",
            l(
                format!("Licensing examination registration – {many}"),
                format!("Usajili wa mtihani wa leseni – {many_sw}"),
            ),
            C::Education,
            F::ExamRegistration,
            kes_one(pick(code, 3, 3_000, 10_000)),
            30,
            pop(700),
            "licensing examination board exam",
        );
    }
    if let Some((en, sw)) = prof.premises {
        simple(
            b,
            forms,
            ctx,
            "premises-licence",
            l(format!("Licence for {} {en}", article(en)), format!("Leseni ya {sw}")),
            cat,
            F::PremisesLicence,
            kes_one(pick(code, 4, 5_000, 20_000)),
            30,
            pop(1_500),
            "premises licence facility",
        );
        simple(
            b,
            forms,
            ctx,
            "internship-registration",
            l(format!("Internship registration – {many}"), format!("Usajili wa mafunzo kazini – {many_sw}")),
            C::Education,
            F::ProfessionalRegistration,
            kes_one(pick(code, 5, 1_000, 2_000)),
            14,
            pop(600),
            "internship intern",
        );
    }
    if let Some((en, sw)) = prof.firm {
        simple(
            b,
            forms,
            ctx,
            "firm-registration",
            l(format!("Registration of {} {en}", article(en)), format!("Usajili wa {sw}")),
            C::Business,
            F::BusinessLicence,
            kes_one(pick(code, 6, 10_000, 30_000)),
            30,
            pop(400),
            "firm practice registration",
        );
    }
    let rest: [ProfRow; 7] = [
        (
            "certificate-replacement",
            format!("Replacement of a lost registration certificate – {many}"),
            format!("Cheti mbadala cha usajili – {many_sw}"),
            F::ProfessionalRenewal,
            pick(code, 7, 1_000, 3_000),
            14,
            200,
            "lost certificate replacement",
        ),
        (
            "restoration",
            format!("Restoration to the register – {many}"),
            format!("Kurejeshwa kwenye rejista – {many_sw}"),
            F::ProfessionalRenewal,
            pick(code, 8, 3_000, 10_000),
            30,
            150,
            "restoration reinstatement",
        ),
        (
            "verification",
            format!("Verification of registration status – {many}"),
            format!("Uthibitisho wa hali ya usajili – {many_sw}"),
            F::Generic,
            0,
            2,
            500,
            "verify check register",
        ),
        (
            "change-of-particulars",
            format!("Change of particulars in the register – {many}"),
            format!("Mabadiliko ya taarifa kwenye rejista – {many_sw}"),
            F::ProfessionalRenewal,
            pick(code, 9, 500, 1_500),
            7,
            150,
            "change name address",
        ),
        (
            "cpd-provider",
            format!("Accreditation of CPD providers – {many}"),
            format!("Ithibati ya watoa mafunzo ya CPD – {many_sw}"),
            F::BusinessLicence,
            pick(code, 10, 10_000, 30_000),
            30,
            60,
            "cpd continuing professional development",
        ),
        (
            "training-institution-approval",
            format!("Approval of training institutions – {many}"),
            format!("Idhini ya vyuo vya mafunzo – {many_sw}"),
            F::BusinessLicence,
            pick(code, 11, 50_000, 150_000),
            90,
            20,
            "training institution approval",
        ),
        (
            "practitioner-complaint",
            "Complaint against a registered practitioner".to_string(),
            "Malalamiko dhidi ya mtaalamu aliyesajiliwa".to_string(),
            F::Feedback,
            0,
            30,
            150,
            "complaint misconduct discipline",
        ),
    ];
    for (slug, en, sw, form, amount, days, w, kw) in rest {
        simple(b, forms, ctx, slug, l(en, sw), cat, form, kes_one(amount), days, pop(w), kw);
    }
}

fn tribunal(b: &mut Builder, forms: &Forms, ctx: &AgencyCtx, code: &str) {
    let rows: [FormRow; 7] = [
        (
            "file-case",
            "Filing a case, appeal or complaint",
            "Kuwasilisha kesi, rufaa au malalamiko",
            F::CourtFiling,
            1_000,
            5_000,
            1,
            400,
            "file case appeal complaint",
        ),
        (
            "interlocutory-application",
            "Filing an interlocutory application",
            "Kuwasilisha ombi la muda",
            F::CourtFiling,
            500,
            1_000,
            1,
            150,
            "application motion",
        ),
        (
            "certified-proceedings",
            "Certified copy of proceedings",
            "Nakala iliyothibitishwa ya mashauri",
            F::Generic,
            500,
            1_000,
            7,
            100,
            "certified proceedings",
        ),
        (
            "certified-judgment",
            "Certified copy of a judgment or ruling",
            "Nakala iliyothibitishwa ya hukumu au uamuzi",
            F::Generic,
            500,
            500,
            5,
            120,
            "judgment ruling copy",
        ),
        (
            "hearing-date",
            "Request for a hearing or mention date",
            "Ombi la tarehe ya kusikilizwa au kutajwa",
            F::Generic,
            0,
            0,
            5,
            100,
            "hearing date mention",
        ),
        (
            "withdrawal",
            "Notice of withdrawal of a case",
            "Notisi ya kuondoa kesi",
            F::Generic,
            500,
            500,
            3,
            40,
            "withdraw case",
        ),
        (
            "execution",
            "Application for execution of an order or award",
            "Ombi la utekelezaji wa amri au tuzo",
            F::CourtFiling,
            1_000,
            2_000,
            14,
            60,
            "execution enforcement",
        ),
    ];
    for (i, (slug, en, sw, form, lo, hi, days, pop, kw)) in rows.into_iter().enumerate() {
        let amount = if hi == 0 { 0 } else { pick(code, i as u64 + 60, lo, hi) };
        simple(b, forms, ctx, slug, l(en, sw), C::Justice, form, kes_one(amount), days, pop, kw);
    }
}

fn water_works(b: &mut Builder, forms: &Forms, ctx: &AgencyCtx, code: &str) {
    let rows: [FormRow; 7] = [
        (
            "bulk-water-supply",
            "Bulk water supply application",
            "Ombi la kupata maji kwa jumla",
            F::Utility,
            10_000,
            20_000,
            30,
            60,
            "bulk water supply",
        ),
        (
            "wayleave-consent",
            "Wayleave consent for works near agency pipelines",
            "Idhini ya kufanya kazi karibu na mabomba ya wakala",
            F::Planning,
            10_000,
            30_000,
            21,
            40,
            "wayleave pipeline crossing",
        ),
        (
            "developer-connection",
            "Approval of water and sewer connections for developers",
            "Idhini ya kuunganisha maji na maji taka kwa waendelezaji",
            F::Planning,
            15_000,
            30_000,
            30,
            50,
            "developer connection sewer",
        ),
        (
            "water-quality",
            "Water quality analysis (per sample)",
            "Uchambuzi wa ubora wa maji (kwa sampuli)",
            F::Inspection,
            2_500,
            4_000,
            7,
            40,
            "water quality test lab",
        ),
        (
            "drilling-rig-hire",
            "Borehole drilling by the agency's rig (per borehole)",
            "Kuchimba kisima kwa mtambo wa wakala (kwa kisima)",
            F::Utility,
            250_000,
            400_000,
            60,
            20,
            "borehole drilling rig",
        ),
        (
            "bowser-hire",
            "Hire of a water bowser (per trip)",
            "Kukodi boza la maji (kwa safari)",
            F::Utility,
            3_000,
            6_000,
            3,
            30,
            "water bowser tanker",
        ),
        (
            "community-project",
            "Community water project proposal",
            "Pendekezo la mradi wa maji wa jamii",
            F::Generic,
            0,
            0,
            60,
            30,
            "community water project",
        ),
    ];
    for (i, (slug, en, sw, form, lo, hi, days, pop, kw)) in rows.into_iter().enumerate() {
        let amount = if hi == 0 { 0 } else { pick(code, i as u64 + 80, lo, hi) };
        simple(b, forms, ctx, slug, l(en, sw), C::Environment, form, kes_one(amount), days, pop, kw);
    }
}

fn regional_dev(b: &mut Builder, forms: &Forms, ctx: &AgencyCtx, code: &str) {
    let rows: [CatRow; 7] = [
        (
            "seedlings",
            "Tree and fruit seedlings (per seedling)",
            "Miche ya miti na matunda (kwa mche)",
            C::Agriculture,
            F::Payment,
            20,
            100,
            1,
            80,
            "seedlings nursery",
        ),
        (
            "irrigation-plot",
            "Lease of an irrigation scheme plot (per acre per season)",
            "Kukodi shamba la mradi wa unyunyiziaji (kwa ekari kwa msimu)",
            C::Agriculture,
            F::Generic,
            4_000,
            8_000,
            30,
            60,
            "irrigation scheme plot lease",
        ),
        (
            "machinery-hire",
            "Hire of farm machinery (per acre)",
            "Kukodi mitambo ya shamba (kwa ekari)",
            C::Agriculture,
            F::VenueHire,
            2_000,
            3_500,
            7,
            60,
            "tractor hire machinery",
        ),
        (
            "fingerlings",
            "Fish fingerlings (per 1,000)",
            "Vifaranga vya samaki (kwa 1,000)",
            C::Agriculture,
            F::Payment,
            4_000,
            7_000,
            3,
            50,
            "fingerlings fish farming",
        ),
        (
            "conference-hire",
            "Hire of conference facilities (per day)",
            "Kukodi ukumbi wa mikutano (kwa siku)",
            C::Other,
            F::VenueHire,
            10_000,
            25_000,
            5,
            30,
            "conference hall hire",
        ),
        (
            "land-lease",
            "Lease of authority land",
            "Kukodi ardhi ya mamlaka",
            C::Land,
            F::Generic,
            30_000,
            80_000,
            60,
            20,
            "land lease",
        ),
        (
            "community-project",
            "Community development project proposal",
            "Pendekezo la mradi wa maendeleo ya jamii",
            C::Other,
            F::Generic,
            0,
            0,
            60,
            30,
            "community project",
        ),
    ];
    for (i, (slug, en, sw, cat, form, lo, hi, days, pop, kw)) in rows.into_iter().enumerate() {
        let amount = if hi == 0 { 0 } else { pick(code, i as u64 + 100, lo, hi) };
        simple(b, forms, ctx, slug, l(en, sw), cat, form, kes_one(amount), days, pop, kw);
    }
}

fn hospital(b: &mut Builder, forms: &Forms, ctx: &AgencyCtx, code: &str, spread: u32) {
    const CT: &[V] = &[
        ("head", "Head", "Kichwa", 8_000),
        ("chest", "Chest", "Kifua", 10_000),
        ("abdomen-pelvis", "Abdomen and pelvis", "Tumbo na nyonga", 12_000),
    ];
    const WARD: &[V] = &[
        ("general-ward", "General ward", "Wodi ya kawaida", 1_000),
        ("private-wing", "Private wing", "Wodi ya binafsi", 8_000),
        ("icu", "Intensive care unit", "Chumba cha wagonjwa mahututi (ICU)", 25_000),
    ];
    let rows: [HospitalRow; 12] = [
        (
            "specialist-clinic",
            "Specialist clinic consultation",
            "Kliniki ya madaktari bingwa",
            1_000,
            2_000,
            1,
            8_000,
            "specialist consultant clinic referral",
        ),
        ("mri", "MRI scan", "Kipimo cha MRI", 15_000, 20_000, 5, 1_500, "mri imaging"),
        (
            "dialysis",
            "Renal dialysis session",
            "Kipindi cha kusafisha figo (dialysis)",
            9_000,
            10_000,
            1,
            2_000,
            "dialysis kidney",
        ),
        (
            "chemotherapy",
            "Chemotherapy session (day care)",
            "Kipindi cha tiba ya kemikali ya saratani",
            5_000,
            10_000,
            1,
            1_200,
            "cancer chemotherapy oncology",
        ),
        (
            "radiotherapy",
            "Radiotherapy session",
            "Kipindi cha tiba ya mionzi",
            5_000,
            8_000,
            1,
            800,
            "cancer radiotherapy",
        ),
        (
            "medical-report",
            "Medical report for insurance or court",
            "Ripoti ya matibabu kwa bima au mahakama",
            2_000,
            5_000,
            7,
            600,
            "medical report",
        ),
        (
            "medical-records",
            "Copy of medical records",
            "Nakala ya kumbukumbu za matibabu",
            500,
            1_000,
            5,
            500,
            "records file",
        ),
        ("post-mortem", "Post-mortem examination", "Uchunguzi wa maiti", 8_000, 12_000, 2, 300, "post mortem autopsy"),
        ("mortuary", "Mortuary storage (per day)", "Kuhifadhi mwili (kwa siku)", 800, 1_500, 1, 600, "mortuary morgue"),
        (
            "medical-examination",
            "Medical examination for employment or travel",
            "Uchunguzi wa afya kwa ajira au safari",
            2_000,
            4_000,
            3,
            800,
            "medical examination fitness",
        ),
        (
            "physiotherapy",
            "Physiotherapy session",
            "Kipindi cha tiba ya viungo",
            800,
            1_500,
            1,
            600,
            "physiotherapy rehabilitation",
        ),
        (
            "ambulance",
            "Ambulance transfer (per km)",
            "Usafiri wa gari la wagonjwa (kwa km)",
            100,
            200,
            1,
            300,
            "ambulance",
        ),
    ];
    for (i, (slug, en, sw, lo, hi, days, pop, kw)) in rows.into_iter().enumerate() {
        let amount = pick(code, i as u64 + 120, lo, hi);
        simple(b, forms, ctx, slug, l(en, sw), C::Health, F::Hospital, kes_one(amount), days, pop * spread, kw);
    }
    simple(
        b,
        forms,
        ctx,
        "ct-scan",
        l("CT scan", "Kipimo cha CT scan"),
        C::Health,
        F::Hospital,
        schedule(Currency::Kes, CT),
        2,
        2_000 * spread,
        "ct scan imaging",
    );
    simple(
        b,
        forms,
        ctx,
        "admission",
        l("Inpatient admission (per day)", "Kulazwa hospitalini (kwa siku)"),
        C::Health,
        F::Hospital,
        schedule(Currency::Kes, WARD),
        1,
        3_000 * spread,
        "admission ward bed",
    );
}

fn common_services(b: &mut Builder, forms: &Forms, ctx: &AgencyCtx, nat: &Nat) {
    simple(
        b,
        forms,
        ctx,
        "access-to-information",
        l("Request for information (Access to Information Act)", "Ombi la taarifa (Sheria ya Upatikanaji wa Habari)"),
        C::Other,
        F::Feedback,
        kes_one(0),
        21,
        20,
        "ati access to information foi records request",
    );
    simple(
        b,
        forms,
        ctx,
        "complaint",
        l("Complaint or compliment", "Malalamiko au pongezi"),
        C::Other,
        F::Feedback,
        kes_one(0),
        14,
        40,
        "complaint feedback malalamiko service charter",
    );
    // Ministries and state departments recruit through the Public Service Commission.
    if !matches!(nat.kind, AgencyKind::Ministry | AgencyKind::StateDepartment) && nat.code != "psc" {
        simple(
            b,
            forms,
            ctx,
            "job-application",
            l("Job application", "Ombi la kazi"),
            C::Labour,
            F::Generic,
            kes_one(0),
            60,
            300,
            "jobs vacancies careers recruitment ajira",
        );
    }
    simple(
        b,
        forms,
        ctx,
        "internship",
        l("Internship and industrial attachment application", "Ombi la mafunzo kazini na kwa vitendo"),
        C::Labour,
        F::Generic,
        kes_one(0),
        30,
        150,
        "internship attachment intern",
    );
}
