//! The catalogue held in memory: every agency and service with lookups by code, per-agency
//! lists and a popularity order. Pages and the API read from here, so browsing keeps working
//! (and stays fast) even when the database is slow or down.

use super::model::{Agency, AgencyCode, AgencyKind, Service, ServiceCode};
use std::collections::HashMap;
use std::sync::Arc;

/// An immutable snapshot of the published catalogue.
#[derive(Debug, Default)]
pub struct Catalogue {
    agencies: Vec<Arc<Agency>>,
    agency_by_code: HashMap<AgencyCode, usize>,
    services: Vec<Arc<Service>>,
    service_by_code: HashMap<ServiceCode, usize>,
    /// Per agency (same index as `agencies`): its services, most popular first.
    services_by_agency: Vec<Vec<u32>>,
    /// All services, most popular first.
    popular: Vec<u32>,
}

impl Catalogue {
    /// Builds the snapshot. Services of unknown agencies are dropped (the store's foreign
    /// keys make that impossible in practice). Agencies are sorted by kind then name.
    pub fn new(mut agencies: Vec<Agency>, services: Vec<Service>) -> Self {
        agencies.sort_by(|a, b| (a.kind, a.county_number, &a.name.en).cmp(&(b.kind, b.county_number, &b.name.en)));
        let agencies: Vec<Arc<Agency>> = agencies.into_iter().map(Arc::new).collect();
        let agency_by_code: HashMap<AgencyCode, usize> =
            agencies.iter().enumerate().map(|(i, a)| (a.code.clone(), i)).collect();
        let services: Vec<Arc<Service>> =
            services.into_iter().filter(|s| agency_by_code.contains_key(&s.agency)).map(Arc::new).collect();
        let service_by_code = services.iter().enumerate().map(|(i, s)| (s.code.clone(), i)).collect();
        let mut popular: Vec<u32> = (0..services.len() as u32).collect();
        popular.sort_by(|&a, &b| {
            let (sa, sb) = (&services[a as usize], &services[b as usize]);
            sb.popularity.cmp(&sa.popularity).then_with(|| sa.name.en.cmp(&sb.name.en))
        });
        let mut services_by_agency = vec![Vec::new(); agencies.len()];
        for &i in &popular {
            let agency = agency_by_code[&services[i as usize].agency];
            services_by_agency[agency].push(i);
        }
        Catalogue { agencies, agency_by_code, services, service_by_code, services_by_agency, popular }
    }

    /// All agencies, grouped by kind, then by county number or name.
    pub fn agencies(&self) -> &[Arc<Agency>] {
        &self.agencies
    }

    /// Agencies of one kind.
    pub fn agencies_of_kind(&self, kind: AgencyKind) -> impl Iterator<Item = &Arc<Agency>> {
        self.agencies.iter().filter(move |a| a.kind == kind)
    }

    /// All services, in storage order (the order search hit ids refer to).
    pub fn services(&self) -> &[Arc<Service>] {
        &self.services
    }

    /// The agency with this code (case-insensitive).
    pub fn agency(&self, code: &str) -> Option<&Arc<Agency>> {
        let code = AgencyCode::parse(code).ok()?;
        self.agency_by_code.get(&code).map(|&i| &self.agencies[i])
    }

    /// The service with this code (case-insensitive).
    pub fn service(&self, code: &str) -> Option<&Arc<Service>> {
        let code = ServiceCode::parse(code).ok()?;
        self.service_by_code.get(&code).map(|&i| &self.services[i])
    }

    /// The service at a position in [`Catalogue::services`].
    pub fn service_at(&self, id: u32) -> Option<&Arc<Service>> {
        self.services.get(id as usize)
    }

    /// How many services an agency offers.
    pub fn service_count(&self, agency: &AgencyCode) -> usize {
        self.agency_by_code.get(agency).map_or(0, |&i| self.services_by_agency[i].len())
    }

    /// One page of an agency's services, most popular first, with the total.
    pub fn services_of(&self, agency: &AgencyCode, offset: usize, limit: usize) -> (usize, Vec<&Arc<Service>>) {
        let Some(&i) = self.agency_by_code.get(agency) else {
            return (0, Vec::new());
        };
        let ids = &self.services_by_agency[i];
        let page = ids.iter().skip(offset).take(limit).map(|&id| &self.services[id as usize]).collect();
        (ids.len(), page)
    }

    /// The `n` most requested services.
    pub fn popular(&self, n: usize) -> Vec<&Arc<Service>> {
        self.popular.iter().take(n).map(|&id| &self.services[id as usize]).collect()
    }

    /// The `n` most requested services of each agency kind, without repeating an agency.
    pub fn popular_across_agencies(&self, n: usize) -> Vec<&Arc<Service>> {
        let mut seen = std::collections::HashSet::new();
        self.popular
            .iter()
            .map(|&id| &self.services[id as usize])
            .filter(|s| seen.insert(s.agency.clone()))
            .take(n)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::model::*;

    fn agency(code: &str, kind: AgencyKind) -> Agency {
        Agency {
            code: AgencyCode::parse(code).unwrap(),
            kind,
            name: Localized::new(code.to_uppercase(), code.to_uppercase()),
            description: Localized::default(),
            county_number: None,
            website: None,
        }
    }

    fn service(code: &str, agency: &str, popularity: u32) -> Service {
        Service {
            code: ServiceCode::parse(code).unwrap(),
            agency: AgencyCode::parse(agency).unwrap(),
            category: Category::Other,
            name: Localized::new(code, code),
            summary: Localized::default(),
            requirements: vec![],
            in_person_steps: vec![],
            fees: FeeSchedule::single_kes(100),
            timeline_days: 5,
            form: Default::default(),
            keywords: String::new(),
            popularity,
        }
    }

    #[test]
    fn lookups_and_orders() {
        let c = Catalogue::new(
            vec![agency("ntsa", AgencyKind::StateAgency), agency("dis", AgencyKind::StateDepartment)],
            vec![
                service("ntsa-a", "ntsa", 5),
                service("ntsa-b", "ntsa", 50),
                service("dis-p", "dis", 90),
                service("x-y", "nope", 1000),
            ],
        );
        assert_eq!(c.services().len(), 3, "service of an unknown agency is dropped");
        assert_eq!(c.agencies()[0].code.as_str(), "dis", "state departments before state agencies");
        assert_eq!(c.service("NTSA-B").map(|s| s.popularity), Some(50));
        assert!(c.service("bad code!").is_none());
        let ntsa = AgencyCode::parse("ntsa").unwrap();
        let (total, page) = c.services_of(&ntsa, 0, 1);
        assert_eq!((total, page[0].code.as_str()), (2, "ntsa-b"));
        let (_, page2) = c.services_of(&ntsa, 1, 10);
        assert_eq!(page2[0].code.as_str(), "ntsa-a");
        assert_eq!(c.popular(2).iter().map(|s| s.code.as_str()).collect::<Vec<_>>(), vec!["dis-p", "ntsa-b"]);
        assert_eq!(c.popular_across_agencies(5).len(), 2);
        assert_eq!(c.service_count(&ntsa), 2);
    }
}
