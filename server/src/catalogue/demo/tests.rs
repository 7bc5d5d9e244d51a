use super::*;
use app::catalogue::model::{AgencyKind, Service};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

/// One generation shared by the tests; determinism is checked against a second, fresh run.
static BATCH: LazyLock<(CatalogueBatch, Vec<String>)> = LazyLock::new(generate);

fn batch() -> &'static CatalogueBatch {
    &BATCH.0
}

fn service(code: &str) -> &'static Service {
    batch().services.iter().find(|s| s.code.as_str() == code).unwrap_or_else(|| panic!("no service {code:?}"))
}

/// (variant code, amount in whole units) of a service's fees.
fn fees(code: &str) -> Vec<(String, i64)> {
    service(code).fees.variants.iter().map(|v| (v.code.clone(), v.amount_minor / 100)).collect()
}

fn pairs(rows: &[(&str, i64)]) -> Vec<(String, i64)> {
    rows.iter().map(|&(c, a)| (c.to_string(), a)).collect()
}

#[test]
fn generation_reports_no_problems() {
    assert!(BATCH.1.is_empty(), "problems: {:#?}", BATCH.1);
}

#[test]
fn catalogue_is_national_in_scale() {
    let b = batch();
    assert!(b.services.len() >= 22_000, "only {} services", b.services.len());
    assert!(b.agencies.len() >= 250, "only {} agencies", b.agencies.len());
    let national = b.agencies.iter().filter(|a| a.kind != AgencyKind::County).count();
    assert!(national >= 200, "only {national} national agencies");
}

#[test]
fn all_47_counties_numbered_once() {
    let counties: Vec<_> = batch().agencies.iter().filter(|a| a.kind == AgencyKind::County).collect();
    assert_eq!(counties.len(), 47);
    let numbers: BTreeSet<u8> = counties.iter().map(|a| a.county_number.expect("county without a number")).collect();
    assert_eq!(numbers, (1..=47).collect::<BTreeSet<u8>>());
    assert!(batch().agencies.iter().filter(|a| a.kind != AgencyKind::County).all(|a| a.county_number.is_none()));
}

#[test]
fn generation_is_deterministic() {
    let (again, problems) = generate();
    assert!(problems.is_empty());
    assert_eq!(again.agencies, batch().agencies);
    assert_eq!(again.services, batch().services);
    let public = demo_catalogue();
    assert_eq!(public.services.len(), batch().services.len());
}

#[test]
fn codes_are_unique_and_agencies_exist() {
    let b = batch();
    let mut agencies = HashSet::new();
    for a in &b.agencies {
        assert!(agencies.insert(a.code.as_str()), "duplicate agency {}", a.code);
    }
    let mut services = HashSet::new();
    for s in &b.services {
        assert!(services.insert(s.code.as_str()), "duplicate service {}", s.code);
        assert!(agencies.contains(s.agency.as_str()), "{} belongs to unknown agency {}", s.code, s.agency);
        assert!(
            s.code.as_str().starts_with(&format!("{}-", s.agency)),
            "{} does not start with its agency code",
            s.code
        );
    }
}

#[test]
fn every_service_passes_its_check() {
    for s in &batch().services {
        if let Err(e) = s.check() {
            panic!("{} fails its check: {e}", s.code);
        }
    }
}

#[test]
fn every_form_template_is_well_formed() {
    let forms = forms::Forms::build();
    for tpl in forms.iter() {
        tpl.form.check().expect("form template checks");
        assert!(!tpl.requirements.is_empty());
    }
}

#[test]
fn text_is_bilingual_and_varied() {
    let b = batch();
    for s in &b.services {
        assert!(!s.name.en.trim().is_empty() && !s.name.sw.trim().is_empty(), "{} lacks a name", s.code);
        assert!(!s.summary.en.trim().is_empty() && !s.summary.sw.trim().is_empty(), "{} lacks a summary", s.code);
        assert!(!s.keywords.trim().is_empty(), "{} has no keywords", s.code);
    }
    for a in &b.agencies {
        assert!(!a.name.sw.trim().is_empty() && !a.description.en.trim().is_empty(), "{} lacks text", a.code);
    }
    let names: HashSet<&str> = b.services.iter().map(|s| s.name.en.as_str()).collect();
    assert!(names.len() >= 5_000, "only {} distinct English service names", names.len());
    // Kiswahili names are written, not copied from the English.
    let copied = b.services.iter().filter(|s| s.name.sw == s.name.en).count();
    assert!(copied * 100 < b.services.len(), "{copied} services have an English name in Kiswahili");
}

#[test]
fn passport_anchor() {
    let s = service("immigration-passport-ordinary");
    assert_eq!(s.fees.currency, Currency::Kes);
    assert_eq!(fees(s.code.as_str()), pairs(&[("32-pages", 4_550), ("48-pages", 6_050), ("64-pages", 7_550)]));
    assert!(s.name.sw.contains("Pasipoti"));
    assert!(!s.in_person_steps.is_empty(), "biometrics and collection are in person");
    assert_eq!(fees("immigration-passport-diplomatic"), pairs(&[("standard", 7_550)]));
    assert_eq!(fees("immigration-passport-lost"), pairs(&[("standard", 12_050)]));
    assert_eq!(fees("immigration-certificate-of-identity"), pairs(&[("standard", 3_050)]));
    assert_eq!(fees("immigration-temporary-permit"), pairs(&[("standard", 350)]));
    assert!(service("immigration-passport-child").fees.variants.len() >= 2);
    assert_eq!(service("immigration-visa-single-entry").fees.currency, Currency::Usd);
    assert!(service("immigration-work-permit-class-d").fees.variants[0].amount_minor > 0);
    assert!(service("immigration-citizenship-marriage").name.en.contains("Citizenship"));
}

#[test]
fn driving_licence_anchor() {
    let s = service("ntsa-driving-licence-renewal");
    assert_eq!(fees(s.code.as_str()), pairs(&[("1-year", 600), ("3-years", 1_450)]));
    assert!(s.name.en.contains("Driving licence"));
    assert!(s.name.sw.contains("leseni ya udereva"));
    assert!(s.keywords.contains("smart dl"));
    for code in [
        "ntsa-provisional-driving-licence",
        "ntsa-smart-driving-licence",
        "ntsa-driving-licence-replacement",
        "ntsa-driving-test",
        "ntsa-vehicle-registration",
        "ntsa-transfer-of-ownership",
        "ntsa-logbook-duplicate",
        "ntsa-vehicle-inspection",
        "ntsa-psv-driver-badge",
        "ntsa-number-plates-replacement",
        "ntsa-vehicle-search",
    ] {
        service(code);
    }
    let dl: Vec<&Service> = batch()
        .services
        .iter()
        .filter(|s| s.agency.as_str() == "ntsa" && s.code.as_str().contains("driving-licence"))
        .collect();
    assert!(dl.len() >= 5);
    assert!(dl.iter().all(|s| s.name.en.contains("riving licence") && s.name.sw.contains("eseni ya udereva")));
}

#[test]
fn good_conduct_and_business_registration_anchors() {
    let s = service("dci-good-conduct");
    assert_eq!(fees("dci-good-conduct"), pairs(&[("standard", 1_050)]));
    assert_eq!(s.name.en, "Certificate of good conduct");
    assert_eq!(s.name.sw, "Cheti cha tabia njema");
    assert!(s.keywords.contains("police clearance"));
    assert_eq!(fees("brs-business-name-search"), pairs(&[("standard", 150)]));
    assert_eq!(fees("brs-business-name-registration"), pairs(&[("standard", 950)]));
    service("brs-company-registration");
    service("brs-cr12");
    service("brs-annual-returns");
    service("brs-partnership-registration");
}

#[test]
fn park_and_land_anchors() {
    let citizens = service("kws-park-entry-nairobi");
    assert_eq!(citizens.fees.currency, Currency::Kes);
    let codes: Vec<&str> = citizens.fees.variants.iter().map(|v| v.code.as_str()).collect();
    assert_eq!(codes, ["citizen-adult", "citizen-child", "resident-adult", "resident-child"]);
    let visitors = service("kws-park-entry-amboseli-non-resident");
    assert_eq!(visitors.fees.currency, Currency::Usd);
    assert_eq!(
        fees("kws-park-entry-amboseli-non-resident"),
        pairs(&[("non-resident-adult", 60), ("non-resident-child", 35)])
    );
    service("kws-filming-permit");
    service("kws-conservancy-registration");
    assert_eq!(fees("lands-department-official-search"), pairs(&[("standard", 500)]));
    service("lands-department-land-rent");
}

#[test]
fn other_agencies_have_their_own_tables() {
    for code in [
        "kra-pin-registration",
        "kra-tax-compliance-certificate",
        "crs-birth-certificate",
        "crs-death-certificate",
        "nrb-id-replacement",
        "helb-compliance-certificate",
        "kuccps-placement-application",
        "knec-results-verification",
        "nssf-member-registration",
        "sha-registration",
        "nema-eia-licence",
        "kebs-standardization-mark",
        "epra-electrical-worker-licence",
        "ca-type-approval",
        "kcaa-drone-registration",
        "ppb-product-registration",
        "krc-madaraka-express-nairobi-mombasa",
        "nmk-entry-fort-jesus",
    ] {
        service(code);
    }
    let per_agency: HashMap<&str, usize> = batch().services.iter().fold(HashMap::new(), |mut m, s| {
        *m.entry(s.agency.as_str()).or_default() += 1;
        m
    });
    assert!(batch().agencies.iter().all(|a| per_agency.get(a.code.as_str()).copied().unwrap_or(0) >= 2));
}

#[test]
fn the_busiest_services_outrank_every_county_service() {
    let b = batch();
    let county_codes: HashSet<&str> =
        b.agencies.iter().filter(|a| a.kind == AgencyKind::County).map(|a| a.code.as_str()).collect();
    let county_max = b.services.iter().filter(|s| county_codes.contains(s.agency.as_str())).map(|s| s.popularity).max();
    let county_max = county_max.expect("county services exist");
    for code in [
        "immigration-passport-ordinary",
        "ntsa-driving-licence-renewal",
        "dci-good-conduct",
        "brs-business-name-registration",
        "kws-park-entry-nairobi",
    ] {
        assert!(service(code).popularity > county_max, "{code} ranks below a county service");
    }
    let top = b.services.iter().max_by_key(|s| s.popularity).expect("services");
    assert_eq!(top.code.as_str(), "immigration-passport-ordinary");
}
