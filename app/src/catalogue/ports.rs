//! What the catalogue needs from the outside world: a store (SQLite or PostgreSQL) and a
//! search engine. The server crate implements these; pages and server functions use them.

use super::index::Catalogue;
use super::model::{Agency, AgencyCode, Service};
use crate::store::StoreError;
use arc_swap::ArcSwap;
use async_trait::async_trait;
use std::sync::Arc;

/// Agencies and services to write in one all-or-nothing transaction.
#[derive(Debug, Default, Clone)]
pub struct CatalogueBatch {
    /// Agencies to create or update (matched by code).
    pub agencies: Vec<Agency>,
    /// Services to create or update (matched by code); their agencies must exist or be in the batch.
    pub services: Vec<Service>,
}

/// What an import changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ImportSummary {
    /// Agencies created.
    pub agencies_created: u64,
    /// Agencies updated.
    pub agencies_updated: u64,
    /// Services created.
    pub services_created: u64,
    /// Services updated.
    pub services_updated: u64,
}

/// Durable storage of the catalogue.
#[async_trait]
pub trait CatalogueStore: Send + Sync {
    /// Writes a batch in one transaction: either everything is stored or nothing is.
    /// Services whose agency is neither stored nor in the batch fail with `NotFound`.
    async fn import_catalogue(&self, batch: &CatalogueBatch) -> Result<ImportSummary, StoreError>;

    /// Reads every agency and service.
    async fn load_catalogue(&self) -> Result<(Vec<Agency>, Vec<Service>), StoreError>;

    /// A number that changes whenever the catalogue changes, so servers know to reload.
    async fn catalogue_version(&self) -> Result<i64, StoreError>;

    /// Number of agencies and services stored.
    async fn catalogue_counts(&self) -> Result<(u64, u64), StoreError>;
}

/// Finds services by free text. Hit ids index [`Catalogue::services`].
pub trait ServiceSearch: Send + Sync {
    /// Ranked matches for a query, optionally within one agency: total count and one page.
    fn search(&self, query: &str, agency: Option<&AgencyCode>, offset: usize, limit: usize) -> SearchHits;

    /// Up to `limit` services for search-as-you-type, where the last word may be unfinished.
    fn suggest(&self, query: &str, limit: usize) -> Vec<u32>;
}

/// One page of search results.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SearchHits {
    /// How many services match in all.
    pub total: usize,
    /// Ids of this page's services, best first.
    pub ids: Vec<u32>,
}

/// A catalogue snapshot with the search index built from it; swapped as a whole.
pub struct LiveCatalogue {
    /// The snapshot.
    pub catalogue: Catalogue,
    /// Its search index.
    pub search: Box<dyn ServiceSearch>,
    /// The store's catalogue version this snapshot was loaded at.
    pub version: i64,
}

/// The current catalogue, replaced atomically when the store's version changes.
pub struct CatalogueHandle(ArcSwap<LiveCatalogue>);

impl CatalogueHandle {
    /// Wraps a first snapshot.
    pub fn new(live: LiveCatalogue) -> Self {
        CatalogueHandle(ArcSwap::from_pointee(live))
    }

    /// The current snapshot; cheap, lock-free.
    pub fn current(&self) -> Arc<LiveCatalogue> {
        self.0.load_full()
    }

    /// Replaces the snapshot.
    pub fn replace(&self, live: LiveCatalogue) {
        self.0.store(Arc::new(live));
    }
}
