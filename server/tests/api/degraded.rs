//! With the database down, readiness says so and the catalogue keeps being served from memory.

use crate::helpers::{TestApp, fixture};
use app::catalogue::model::{Agency, Service};
use app::catalogue::ports::{CatalogueBatch, CatalogueStore, ImportSummary};
use app::store::{Store, StoreError};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A store whose database can be switched off mid-test.
struct Flaky {
    data: CatalogueBatch,
    down: AtomicBool,
}

impl Flaky {
    fn check(&self) -> Result<(), StoreError> {
        if self.down.load(Ordering::SeqCst) {
            Err(StoreError::Unavailable("connection refused".into()))
        } else {
            Ok(())
        }
    }
}

#[async_trait::async_trait]
impl CatalogueStore for Flaky {
    async fn import_catalogue(&self, _: &CatalogueBatch) -> Result<ImportSummary, StoreError> {
        self.check()?;
        Ok(ImportSummary::default())
    }
    async fn load_catalogue(&self) -> Result<(Vec<Agency>, Vec<Service>), StoreError> {
        self.check()?;
        Ok((self.data.agencies.clone(), self.data.services.clone()))
    }
    async fn catalogue_version(&self) -> Result<i64, StoreError> {
        self.check()?;
        Ok(1)
    }
    async fn catalogue_counts(&self) -> Result<(u64, u64), StoreError> {
        self.check()?;
        Ok((self.data.agencies.len() as u64, self.data.services.len() as u64))
    }
}

#[async_trait::async_trait]
impl Store for Flaky {
    async fn ping(&self) -> Result<(), StoreError> {
        self.check()
    }
    fn backend(&self) -> &'static str {
        "sqlite"
    }
}

#[tokio::test]
async fn database_outage_keeps_the_catalogue_up() {
    let store = Arc::new(Flaky { data: fixture(), down: AtomicBool::new(false) });
    let app = TestApp::spawn(store.clone(), None).await;
    assert_eq!(app.get_json("/readyz").await.0, 200);

    store.down.store(true, Ordering::SeqCst);
    let (status, body) = app.get_json("/readyz").await;
    assert_eq!(status, 503);
    assert_eq!(body["reason"], "the database is unreachable");
    assert!(!body.to_string().contains("connection refused"), "internal causes are not exposed: {body}");

    assert_eq!(app.get_text("/").await.0, 200);
    let (status, html) = app.get_text("/services/immigration-passport-ordinary").await;
    assert_eq!(status, 200);
    assert!(html.contains("KSh 4,600"));
    let (status, body) = app.get_json("/v1/services?q=passport").await;
    assert_eq!((status, body["total"].as_u64()), (200, Some(1)));
    assert_eq!(app.get_json("/healthz").await.0, 200, "the process itself is alive");
}
