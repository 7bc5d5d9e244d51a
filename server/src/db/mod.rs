//! Storage adapters: one [`app::store::Store`] contract, implemented for SQLite (the default,
//! embedded) and PostgreSQL (at scale). `DATABASE_URL`'s scheme picks the backend.
//!
//! Both backends run the same SQL (written with `$n` placeholders, which SQLite accepts too);
//! the shared bodies live in macros instantiated once per backend, and each backend keeps its
//! own connection set-up and migrations.

#[macro_use]
pub mod stats;
#[macro_use]
pub(crate) mod accounts;
#[macro_use]
mod applications;
#[macro_use]
pub(crate) mod appointments;
#[macro_use]
mod catalogue;
#[macro_use]
mod fees;
#[macro_use]
mod incidents;
#[macro_use]
mod offices;
#[macro_use]
pub(crate) mod reconciliation;
#[macro_use]
mod service_drafts;
#[macro_use]
mod notifications;
#[macro_use]
pub(crate) mod payments;
#[macro_use]
mod payment_waits;
#[macro_use]
mod team;
#[macro_use]
pub(crate) mod uploads;
pub mod hot;
pub mod postgres;
pub mod sqlite;
mod tokens;

use app::store::{Store, StoreError};
use std::sync::Arc;

/// Which database a URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `sqlite:` / `sqlite://`.
    Sqlite,
    /// `postgres://` / `postgresql://`.
    Postgres,
}

impl Backend {
    /// Reads the backend from a database URL's scheme.
    pub fn of(url: &str) -> Result<Self, StoreError> {
        let lower = url.trim().to_ascii_lowercase();
        if lower.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::Other(
                "DATABASE_URL must start with sqlite:// (for example sqlite://data/mlango.db) or postgres://".into(),
            ))
        }
    }
}

/// Connects to the database named by `url`, creating an SQLite file if needed, and runs the
/// backend's pending migrations.
pub async fn connect(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    Ok(match Backend::of(url)? {
        Backend::Sqlite => Arc::new(sqlite::SqliteStore::connect(url).await?),
        Backend::Postgres => Arc::new(postgres::PgStore::connect(url).await?),
    })
}

/// Hides credentials when a URL is logged.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => format!("{}://***@{}", &url[..scheme_end], &url[at + 1..]),
        _ => url.to_string(),
    }
}

/// "First Other" from an account's two name columns, as `Account::full_name` writes it; `None`
/// when a LEFT JOIN found no account.
pub(crate) fn person_name(first: Option<String>, other: Option<String>) -> Option<String> {
    first.map(|f| format!("{f} {}", other.unwrap_or_default()).trim().to_string())
}

/// Maps driver errors onto the store contract's categories.
pub(crate) fn map_err(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::RowNotFound => StoreError::NotFound("row".into()),
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => {
            StoreError::Unavailable(e.to_string())
        }
        sqlx::Error::Database(db) if db.is_unique_violation() && is_generated_reference(db.as_ref()) => {
            StoreError::ReferenceTaken(db.message().to_string())
        }
        sqlx::Error::Database(db) if db.is_unique_violation() || db.is_foreign_key_violation() => {
            StoreError::Conflict(db.message().to_string())
        }
        _ => StoreError::Other(e.to_string()),
    }
}

/// Whether a unique violation is on a number Mlango draws at random (a bill reference or a
/// receipt number), which a second draw fixes, rather than on data that is really a duplicate
/// (an M-Pesa receipt, an idempotency key).
fn is_generated_reference(db: &dyn sqlx::error::DatabaseError) -> bool {
    // PostgreSQL names the constraint; SQLite only says "UNIQUE constraint failed: t.col".
    matches!(db.constraint(), Some("invoices_pkey" | "payments_receipt_no_key"))
        || db.message().ends_with("constraint failed: invoices.bill_ref")
        || db.message().ends_with("constraint failed: payments.receipt_no")
}

/// An update that must touch exactly one row: none means the row is gone.
pub(crate) fn expect_one(rows_affected: u64) -> Result<(), StoreError> {
    if rows_affected == 0 { Err(StoreError::NotFound("row".into())) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_backend_and_redacts() {
        assert_eq!(Backend::of("sqlite://data/x.db").ok(), Some(Backend::Sqlite));
        assert_eq!(Backend::of("postgres://u:p@h/db").ok(), Some(Backend::Postgres));
        assert!(Backend::of("mysql://x").is_err());
        assert_eq!(redact("postgres://u:secret@h:5432/db"), "postgres://***@h:5432/db");
        assert_eq!(redact("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
