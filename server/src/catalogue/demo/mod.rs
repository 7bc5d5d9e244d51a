//! The deterministic demo catalogue seeded on first start: the national ministries, departments
//! and agencies and all 47 county governments, with 22,000+ services in English and Kiswahili.
//!
//! Everything is built from the data tables in the submodules. Where fees differ between
//! counties the variation comes from a ChaCha8 generator with a fixed seed per county, so the
//! output is byte-for-byte identical on every run and machine.

mod agencies;
mod counties;
mod county_services;
mod forms;
mod national;
mod national_data;

use app::catalogue::model::{
    Agency, AgencyCode, AgencyKind, Category, FeeSchedule, FeeVariant, Localized, Service, ServiceCode,
};
use app::catalogue::ports::CatalogueBatch;
use app::money::Currency;
use forms::{Action, Tpl};
use std::collections::HashSet;

/// Builds the demo catalogue: every agency and service, in a stable order.
pub fn demo_catalogue() -> CatalogueBatch {
    let (batch, problems) = generate();
    // The tests assert there are none; in a release build a bad row is skipped, not fatal.
    debug_assert!(problems.is_empty(), "demo catalogue problems: {problems:?}");
    batch
}

/// The catalogue plus every row that had to be skipped (bad code, duplicate, failed check).
fn generate() -> (CatalogueBatch, Vec<String>) {
    let forms = forms::Forms::build();
    let mut b = Builder::default();
    national::generate(&mut b, &forms);
    county_services::generate(&mut b, &forms);
    (CatalogueBatch { agencies: b.agencies, services: b.services }, b.problems)
}

/// A price option as written in the data tables: code, English label, Kiswahili label, whole units.
type V = (&'static str, &'static str, &'static str, i64);

/// What a service builder needs to know about the agency it is adding to.
struct AgencyCtx {
    pub code: AgencyCode,
    /// "the Kenya Wildlife Service", for summaries.
    pub ref_en: String,
    /// "Shirika la Huduma ya Wanyamapori Kenya", for summaries.
    pub ref_sw: String,
}

/// One service as the generators describe it; [`Builder::add`] turns it into a checked [`Service`].
struct Svc<'a> {
    /// Appended to the agency code to make the service code.
    pub slug: String,
    pub name: Localized,
    pub category: Category,
    pub tpl: &'a Tpl,
    pub fees: FeeSchedule,
    pub days: u16,
    pub keywords: String,
    pub popularity: u32,
    /// Hand-written summary; otherwise one is composed from the name, agency and form.
    pub summary: Option<Localized>,
    /// Replaces the form template's in-person steps.
    pub in_person: Option<Vec<Localized>>,
}

/// Collects agencies and services, refusing duplicates and anything that fails its checks.
#[derive(Default)]
struct Builder {
    agencies: Vec<Agency>,
    services: Vec<Service>,
    agency_codes: HashSet<String>,
    service_codes: HashSet<String>,
    problems: Vec<String>,
}

impl Builder {
    /// Adds an agency; `None` (and a recorded problem) if its code is bad or taken.
    #[allow(clippy::too_many_arguments)]
    pub fn agency(
        &mut self,
        code: &str,
        kind: AgencyKind,
        name: Localized,
        description: Localized,
        county_number: Option<u8>,
        website: Option<&str>,
        ref_en: String,
        ref_sw: String,
    ) -> Option<AgencyCtx> {
        let parsed = match AgencyCode::parse(code) {
            Ok(c) if c.as_str() == code => c,
            _ => {
                self.problems.push(format!("bad agency code {code:?}"));
                return None;
            }
        };
        if !self.agency_codes.insert(code.to_string()) {
            self.problems.push(format!("duplicate agency code {code:?}"));
            return None;
        }
        self.agencies.push(Agency {
            code: parsed.clone(),
            kind,
            name,
            description,
            county_number,
            website: website.map(str::to_string),
        });
        Some(AgencyCtx { code: parsed, ref_en, ref_sw })
    }

    /// Adds a service under `agency`; skipped (and recorded) if its code is bad or taken or it
    /// fails [`Service::check`].
    pub fn add(&mut self, agency: &AgencyCtx, svc: Svc<'_>) {
        let raw = format!("{}-{}", agency.code, svc.slug);
        let code = match ServiceCode::parse(&raw) {
            Ok(c) if c.as_str() == raw => c,
            _ => {
                self.problems.push(format!("bad service code {raw:?}"));
                return;
            }
        };
        if self.service_codes.contains(&raw) {
            self.problems.push(format!("duplicate service code {raw:?}"));
            return;
        }
        let summary = match svc.summary {
            Some(s) => s,
            None => compose_summary(&svc.name, agency, svc.tpl.action, &svc.fees, svc.days),
        };
        let service = Service {
            code,
            agency: agency.code.clone(),
            category: svc.category,
            name: svc.name,
            summary,
            requirements: svc.tpl.requirements.clone(),
            in_person_steps: svc.in_person.unwrap_or_else(|| svc.tpl.in_person.clone()),
            fees: svc.fees,
            timeline_days: svc.days,
            form: svc.tpl.form.clone(),
            keywords: svc.keywords,
            popularity: svc.popularity,
        };
        if let Err(e) = service.check() {
            self.problems.push(format!("service {raw:?} fails its check: {e}"));
            return;
        }
        self.service_codes.insert(raw);
        self.services.push(service);
    }
}

fn days_en(days: u16) -> String {
    if days == 1 { "1 working day".into() } else { format!("{days} working days") }
}

fn days_sw(days: u16) -> String {
    if days == 1 { "siku 1 ya kazi".into() } else { format!("siku {days} za kazi") }
}

/// A plain two-sentence summary saying what the citizen does and what the charter promises.
fn compose_summary(name: &Localized, agency: &AgencyCtx, action: Action, fees: &FeeSchedule, days: u16) -> Localized {
    let free = fees.variants.iter().all(|v| v.amount_minor == 0);
    let (n_en, n_sw, a_en, a_sw) = (&name.en, &name.sw, &agency.ref_en, &agency.ref_sw);
    let (d_en, d_sw) = (days_en(days), days_sw(days));
    match action {
        Action::Pay if free => Localized::new(
            format!("{n_en}: register online with {a_en}. There is no fee; keep the reference number you are given."),
            format!("{n_sw}: jisajili mtandaoni kwa {a_sw}. Hakuna malipo; hifadhi nambari ya kumbukumbu utakayopewa."),
        ),
        Action::Pay => Localized::new(
            format!(
                "{n_en}: pay {a_en} online by M-Pesa, Airtel Money, card or bank and get an official receipt straight away."
            ),
            format!(
                "{n_sw}: lipa {a_sw} mtandaoni kwa M-Pesa, Airtel Money, kadi au benki na upate risiti rasmi papo hapo."
            ),
        ),
        Action::Book => Localized::new(
            format!("{n_en}: book and pay online with {a_en}, then show the booking reference on arrival."),
            format!(
                "{n_sw}: weka nafasi na ulipe mtandaoni kwa {a_sw}, kisha onyesha nambari ya kumbukumbu unapofika."
            ),
        ),
        Action::Request => Localized::new(
            format!(
                "{n_en}: submit online to {a_en} at no cost. You get a reference number at once and a response within {d_en}."
            ),
            format!(
                "{n_sw}: wasilisha mtandaoni kwa {a_sw} bila malipo. Utapata nambari ya kumbukumbu mara moja na jibu ndani ya {d_sw}."
            ),
        ),
        Action::Apply if free => Localized::new(
            format!(
                "{n_en}: apply online to {a_en} and upload the documents listed. There is no fee; the service charter promises a decision within {d_en}."
            ),
            format!(
                "{n_sw}: omba mtandaoni kwa {a_sw} na upakie nyaraka zinazohitajika. Hakuna malipo; mkataba wa huduma unaahidi uamuzi ndani ya {d_sw}."
            ),
        ),
        Action::Apply => Localized::new(
            format!(
                "{n_en}: apply online to {a_en}, upload the documents listed and pay by M-Pesa, card or bank. The service charter promises a decision within {d_en}."
            ),
            format!(
                "{n_sw}: omba mtandaoni kwa {a_sw}, pakia nyaraka zinazohitajika na ulipe kwa M-Pesa, kadi au benki. Mkataba wa huduma unaahidi uamuzi ndani ya {d_sw}."
            ),
        ),
    }
}

/// A fee schedule in `currency` from table rows; one row becomes the `standard` variant.
fn schedule(currency: Currency, rows: &[V]) -> FeeSchedule {
    let variants = rows
        .iter()
        .map(|&(code, en, sw, amount)| FeeVariant {
            code: code.to_string(),
            label: Localized::new(en, sw),
            amount_minor: amount * 100,
        })
        .collect();
    let waived = rows.iter().all(|r| r.3 == 0);
    FeeSchedule { currency, convenience_fee_waived: waived, variants }
}

/// Rounds a generated amount to what a finance act would print: 5s, 10s, 50s, 500s, 1,000s.
fn round_fee(amount: i64) -> i64 {
    if amount <= 0 {
        return 0;
    }
    let step = match amount {
        ..100 => 5,
        100..1_000 => 10,
        1_000..10_000 => 50,
        10_000..100_000 => 500,
        _ => 1_000,
    };
    (((amount + step / 2) / step) * step).max(step)
}

/// Lower-case kebab slug of free text ("Murang'a Town" → "muranga-town").
fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if ch == '\'' || ch == '’' || ch == '.' {
            // Apostrophes and dots join rather than split: "Murang'a" → "muranga", "Mt." → "mt".
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests;
