//! Shared provider tokens (the store half of `app::payments::tokens`), one implementation per
//! backend: PostgreSQL leases with a row lock held across the fetch, SQLite (one server by
//! design) needs no cross-process lease.

use crate::db::map_err;
use crate::db::postgres::PgStore;
use crate::db::sqlite::SqliteStore;
use app::payments::tokens::{SharedToken, SharedTokenStore, TokenLease};
use app::store::StoreError;
use async_trait::async_trait;

/// How long a server waits for another's fetch before fetching on its own; a fetch is bounded
/// by the HTTP client's timeout, well under this.
const LEASE_WAIT: &str = "SET LOCAL lock_timeout = '30s'";

const SELECT: &str = "SELECT token, refresh_at FROM provider_tokens WHERE token_key = $1";
const LOCK: &str = "SELECT token, refresh_at FROM provider_tokens WHERE token_key = $1 FOR UPDATE";
const UPSERT: &str = "INSERT INTO provider_tokens (token_key, token, refresh_at, fetched_at) VALUES ($1, $2, $3, $4) \
     ON CONFLICT (token_key) DO UPDATE SET token = excluded.token, refresh_at = excluded.refresh_at, \
     fetched_at = excluded.fetched_at";

fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// A row's token, `None` for the empty row a first lease makes.
fn token_of((value, refresh_at): (String, i64)) -> Option<SharedToken> {
    (!value.is_empty()).then_some(SharedToken { value, refresh_at })
}

/// A PostgreSQL lease: the open transaction holding the row lock.
struct PgLease {
    tx: sqlx::Transaction<'static, sqlx::Postgres>,
    key: String,
    current: Option<SharedToken>,
}

#[async_trait]
impl TokenLease for PgLease {
    fn current(&self) -> Option<&SharedToken> {
        self.current.as_ref()
    }

    async fn replace(mut self: Box<Self>, token: &SharedToken) -> Result<(), StoreError> {
        sqlx::query(UPSERT)
            .bind(&self.key)
            .bind(&token.value)
            .bind(token.refresh_at)
            .bind(unix_now())
            .execute(&mut *self.tx)
            .await
            .map_err(map_err)?;
        self.tx.commit().await.map_err(map_err)
    }
}

#[async_trait]
impl SharedTokenStore for PgStore {
    async fn shared_token(&self, key: &str) -> Result<Option<SharedToken>, StoreError> {
        let row = sqlx::query_as(SELECT).bind(key).fetch_optional(&self.pool).await.map_err(map_err)?;
        Ok(row.and_then(token_of))
    }

    async fn lease_shared_token(&self, key: &str) -> Result<Box<dyn TokenLease>, StoreError> {
        let mut tx = self.writer.begin().await.map_err(map_err)?;
        sqlx::query(LEASE_WAIT).execute(&mut *tx).await.map_err(map_err)?;
        // The row must exist to be locked; servers racing to make it wait on each other here.
        sqlx::query("INSERT INTO provider_tokens (token_key) VALUES ($1) ON CONFLICT (token_key) DO NOTHING")
            .bind(key)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        let row = sqlx::query_as(LOCK).bind(key).fetch_one(&mut *tx).await.map_err(map_err)?;
        let current = token_of(row);
        Ok(Box::new(PgLease { tx, key: key.to_string(), current }))
    }
}

/// An SQLite lease. SQLite serves one process, whose gateway already fetches one token at a
/// time, and holding its single write lock across an HTTP call would stall every write.
struct SqliteLease {
    writer: sqlx::SqlitePool,
    key: String,
    current: Option<SharedToken>,
}

#[async_trait]
impl TokenLease for SqliteLease {
    fn current(&self) -> Option<&SharedToken> {
        self.current.as_ref()
    }

    async fn replace(self: Box<Self>, token: &SharedToken) -> Result<(), StoreError> {
        sqlx::query(UPSERT)
            .bind(&self.key)
            .bind(&token.value)
            .bind(token.refresh_at)
            .bind(unix_now())
            .execute(&self.writer)
            .await
            .map(|_| ())
            .map_err(map_err)
    }
}

#[async_trait]
impl SharedTokenStore for SqliteStore {
    async fn shared_token(&self, key: &str) -> Result<Option<SharedToken>, StoreError> {
        let row = sqlx::query_as(SELECT).bind(key).fetch_optional(&self.pool).await.map_err(map_err)?;
        Ok(row.and_then(token_of))
    }

    async fn lease_shared_token(&self, key: &str) -> Result<Box<dyn TokenLease>, StoreError> {
        let current = self.shared_token(key).await?;
        Ok(Box::new(SqliteLease { writer: self.writer.clone(), key: key.to_string(), current }))
    }
}
