//! SQLite backend: the embedded default. WAL with `synchronous=FULL` so a committed payment
//! survives power loss, foreign keys on, and a busy timeout instead of instant lock errors.

use crate::db::map_err;
use app::store::{Store, StoreError};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

/// The SQLite store.
#[derive(Clone)]
pub struct SqliteStore {
    /// Reads: WAL lets them run beside the writer.
    pub(crate) pool: SqlitePool,
    /// Every write, on one connection. SQLite admits one writer at a time; several
    /// connections racing for the lock wait in its busy handler's sleeps (up to 100 ms each)
    /// instead of in a fair queue, which is what made a burst of M-Pesa confirmations slow.
    pub(crate) writer: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if missing) the database file and migrates it.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| StoreError::Other(format!("invalid SQLite URL: {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        if let Some(dir) = options.get_filename().parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Unavailable(format!("cannot create {}: {e}", dir.display())))?;
        }
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone())
            .await
            .map_err(map_err)?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&writer)
            .await
            .map_err(|e| StoreError::Other(format!("SQLite migration failed: {e}")))?;
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(map_err)?;
        Ok(SqliteStore { pool, writer })
    }
}

impl_catalogue_store!(SqliteStore, sqlx::Sqlite);
impl_account_store!(SqliteStore, sqlx::Sqlite);
impl_application_store!(SqliteStore, sqlx::Sqlite);
// SQLite has one writer at a time: a claim needs no row locks.
impl_payment_store!(SqliteStore, sqlx::Sqlite, "");
impl_outbox_store!(SqliteStore, sqlx::Sqlite, "");
impl_appointment_store!(SqliteStore, sqlx::Sqlite);

#[async_trait::async_trait]
impl Store for SqliteStore {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ()).map_err(map_err)
    }

    fn backend(&self) -> &'static str {
        "sqlite"
    }
}
