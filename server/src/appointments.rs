//! Demo offices: every agency with an in-person step gets offices citizens can book, so the
//! demo walks the whole journey. A real deployment adds its offices the same way.

use app::appointments::ports::Office;
use app::catalogue::index::Catalogue;
use app::catalogue::model::AgencyKind;
use app::store::{Store, StoreError};

/// Citizens seen per half-hour slot at a demo office.
const DEMO_CAPACITY: i64 = 4;

/// National agencies' demo offices: (code suffix, town, address).
const NATIONAL_TOWNS: [(&str, &str, &str); 3] = [
    ("nairobi", "Nairobi", "Nyayo House, Kenyatta Avenue"),
    ("mombasa", "Mombasa", "Uhuru na Kazi Building, Treasury Square"),
    ("kisumu", "Kisumu", "Prosperity House, Oginga Odinga Street"),
];

/// The demo offices for the agencies of `catalogue` that have a service with an in-person step.
pub fn demo_offices(catalogue: &Catalogue) -> Vec<Office> {
    let mut out = Vec::new();
    for agency in catalogue.agencies() {
        let code = agency.code.as_str();
        if !catalogue.services().iter().any(|s| s.agency.as_str() == code && !s.in_person_steps.is_empty()) {
            continue;
        }
        if agency.kind == AgencyKind::County {
            let county = agency.name.en.trim_end_matches(" County Government").trim_end_matches(" County");
            out.push(Office {
                code: format!("{code}-hq"),
                agency_code: code.to_string(),
                name: format!("{} headquarters", agency.name.en),
                town: county.to_string(),
                address: format!("County offices, {county}"),
                capacity: DEMO_CAPACITY,
            });
        } else {
            out.extend(NATIONAL_TOWNS.iter().map(|(suffix, town, address)| Office {
                code: format!("{code}-{suffix}"),
                agency_code: code.to_string(),
                name: format!("{}, {town}", agency.name.en),
                town: (*town).to_string(),
                address: (*address).to_string(),
                capacity: DEMO_CAPACITY,
            }));
        }
    }
    out
}

/// Adds the demo offices of `catalogue` missing from the store; returns how many were added.
pub async fn seed_demo_offices(store: &dyn Store, catalogue: &Catalogue) -> Result<usize, StoreError> {
    store.add_offices(&demo_offices(catalogue)).await
}
