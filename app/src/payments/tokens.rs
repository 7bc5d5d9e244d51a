//! Provider access tokens shared by every server that uses one provider app.
//!
//! Daraja revokes an app's access token whenever a new one is fetched, so servers that each
//! fetched their own would keep revoking each other's (and a push caught between two fetches
//! is refused). Instead the token lives in the database: one server fetches it while holding
//! the row's lease, the others wait on that lease and then reuse what it stored.

use crate::store::StoreError;
use async_trait::async_trait;

/// A stored access token and when (Unix seconds) it should be replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedToken {
    /// The bearer token itself (never logged).
    pub value: String,
    /// Unix seconds after which a server fetches a new one.
    pub refresh_at: i64,
}

impl SharedToken {
    /// Whether this token is still good at `now` and is not the one the provider just refused.
    pub fn usable(&self, now: i64, refused: Option<&str>) -> bool {
        !self.value.is_empty() && now < self.refresh_at && refused != Some(self.value.as_str())
    }
}

/// Exclusive right to replace one key's token, held until replaced or dropped (dropping it
/// changes nothing and lets the next waiting server in).
#[async_trait]
pub trait TokenLease: Send {
    /// The token stored when the lease was taken.
    fn current(&self) -> Option<&SharedToken>;
    /// Stores `token` for every server and gives the lease up.
    async fn replace(self: Box<Self>, token: &SharedToken) -> Result<(), StoreError>;
}

/// Where servers keep provider tokens they share.
#[async_trait]
pub trait SharedTokenStore: Send + Sync {
    /// The token stored under `key`, without waiting for any lease.
    async fn shared_token(&self, key: &str) -> Result<Option<SharedToken>, StoreError>;
    /// Waits for and takes `key`'s lease (PostgreSQL: a row lock, so a server that dies while
    /// fetching releases it with its connection).
    async fn lease_shared_token(&self, key: &str) -> Result<Box<dyn TokenLease>, StoreError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_usable_until_its_refresh_time_unless_refused() {
        let t = SharedToken { value: "abc".into(), refresh_at: 100 };
        assert!(t.usable(99, None));
        assert!(!t.usable(100, None), "due for refresh");
        assert!(!t.usable(50, Some("abc")), "the provider refused this one");
        assert!(t.usable(50, Some("older")), "another server already replaced the refused token");
        assert!(!SharedToken { value: String::new(), refresh_at: 100 }.usable(1, None), "an empty row");
    }
}
