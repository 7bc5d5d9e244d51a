//! Loading catalogue snapshots from the store and keeping every server's copy current.

use super::search::SearchIndex;
use app::catalogue::index::Catalogue;
use app::catalogue::ports::{CatalogueHandle, LiveCatalogue};
use app::store::{Store, StoreError};
use std::sync::Arc;
use std::time::Duration;

/// Reads the whole catalogue and builds its search index (off the async runtime).
pub async fn load(store: &dyn Store) -> Result<LiveCatalogue, StoreError> {
    // Read the version first: a write landing mid-load bumps it again, and the refresher
    // then loads once more, so we never keep a stale snapshot labelled as current.
    let version = store.catalogue_version().await?;
    let (agencies, services) = store.load_catalogue().await?;
    tokio::task::spawn_blocking(move || {
        let catalogue = Catalogue::new(agencies, services);
        let search = SearchIndex::build(&catalogue).map_err(|e| StoreError::Other(e.to_string()))?;
        Ok(LiveCatalogue { catalogue, search: Box::new(search), version })
    })
    .await
    .map_err(|e| StoreError::Other(format!("catalogue loading task failed: {e}")))?
}

/// Polls the store's catalogue version and swaps in a fresh snapshot when it changes, so
/// every server behind the load balancer shows an agency's edits within `every`.
/// While the database is unreachable the last snapshot keeps being served.
pub fn spawn_refresher(
    handle: Arc<CatalogueHandle>,
    store: Arc<dyn Store>,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(every);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        ticker.tick().await;
        loop {
            ticker.tick().await;
            match store.catalogue_version().await {
                Ok(v) if v == handle.current().version => {}
                Ok(v) => match load(store.as_ref()).await {
                    Ok(live) => {
                        tracing::info!(version = v, services = live.catalogue.services().len(), "catalogue reloaded");
                        handle.replace(live);
                    }
                    Err(e) => tracing::warn!(error = %e, "catalogue reload failed; serving the previous snapshot"),
                },
                Err(e) => tracing::warn!(error = %e, "catalogue version check failed; serving from memory"),
            }
        }
    })
}
