//! PostgreSQL backend, for several stateless servers on one database at national scale.

use crate::db::map_err;
use app::store::{Store, StoreError};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use std::str::FromStr;
use std::time::Duration;

/// The PostgreSQL store.
#[derive(Clone)]
pub struct PgStore {
    pub(crate) pool: PgPool,
    /// The same pool: PostgreSQL has row locks, so writes need no queue of their own.
    pub(crate) writer: PgPool,
}

impl PgStore {
    /// Connects and migrates. Migrations take an advisory lock, so several servers starting
    /// together apply each migration once.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options =
            PgConnectOptions::from_str(url).map_err(|e| StoreError::Other(format!("invalid PostgreSQL URL: {e}")))?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(map_err)?;
        sqlx::migrate!("./migrations/postgres")
            .run(&pool)
            .await
            .map_err(|e| StoreError::Other(format!("PostgreSQL migration failed: {e}")))?;
        Ok(PgStore { writer: pool.clone(), pool })
    }
}

impl PgStore {
    /// One settlement, one transaction: row locks let many run side by side.
    async fn run_settlement(
        &self,
        s: &app::payments::ports::Settlement,
        attempt_bill: Option<String>,
    ) -> Result<app::payments::ports::Settled, StoreError> {
        let mut tx = self.writer.begin().await.map_err(map_err)?;
        let settled = payment_rows::settle_one(&mut tx, s, attempt_bill).await?;
        if settled != app::payments::ports::Settled::InsufficientCredit {
            tx.commit().await.map_err(map_err)?;
        }
        Ok(settled)
    }
}

impl_catalogue_store!(PgStore, sqlx::Postgres);
impl_account_store!(PgStore, sqlx::Postgres);
impl_application_store!(PgStore, sqlx::Postgres);
// Servers claiming webhooks at once skip each other's rows instead of waiting on them.
impl_payment_store!(PgStore, sqlx::Postgres, "FOR UPDATE SKIP LOCKED");
impl_outbox_store!(PgStore, sqlx::Postgres, "FOR UPDATE SKIP LOCKED");
impl_appointment_store!(PgStore, sqlx::Postgres);
impl_upload_store!(PgStore, sqlx::Postgres);
impl_message_store!(PgStore, sqlx::Postgres);
impl_incident_store!(PgStore, sqlx::Postgres);
impl_fee_change_store!(PgStore, sqlx::Postgres);
impl_office_store!(PgStore, sqlx::Postgres);
impl_reconciliation_store!(PgStore, sqlx::Postgres);
impl_team_store!(PgStore, sqlx::Postgres, "FOR UPDATE");
impl_service_draft_store!(PgStore, sqlx::Postgres);
impl_payment_wait_store!(PgStore, sqlx::Postgres, "FOR UPDATE OF w SKIP LOCKED");

#[async_trait::async_trait]
impl Store for PgStore {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ()).map_err(map_err)
    }

    fn backend(&self) -> &'static str {
        "postgres"
    }
}
