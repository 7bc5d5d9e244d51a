//! SQLite backend: the embedded default. WAL with `synchronous=FULL` so a committed payment
//! survives power loss, foreign keys on, and a busy timeout instead of instant lock errors.

use crate::db::map_err;
use app::payments::ports::{Settled, Settlement};
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
    /// Payment settlements, committed in groups by [`settler`].
    settlements: tokio::sync::mpsc::Sender<SettleJob>,
}

/// A settlement waiting for its group's commit.
struct SettleJob {
    settlement: Settlement,
    attempt_bill: Option<String>,
    done: tokio::sync::oneshot::Sender<Result<Settled, StoreError>>,
}

/// Settlements committed together at most (a burst of callbacks shares one fsync).
const GROUP_MAX: usize = 64;

/// Group commit for settlements. SQLite has one writer, so under a burst of M-Pesa callbacks
/// each would wait for the previous one's commit; instead the waiting ones are settled in one
/// transaction, each inside its own savepoint (one failing rolls back only itself), and every
/// caller is answered only after the commit that made its settlement durable. It runs on its
/// own thread so its many short database round trips are not queued behind HTTP work.
fn settler(writer: SqlitePool) -> tokio::sync::mpsc::Sender<SettleJob> {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<SettleJob>(4 * GROUP_MAX);
    let spawned = std::thread::Builder::new().name("sqlite-settler".into()).spawn(move || {
        let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(rt) => rt,
            Err(e) => {
                tracing::error!(error = %e, "no runtime for SQLite settlements");
                return;
            }
        };
        rt.block_on(async move {
            while let Some(first) = rx.recv().await {
                let mut group = vec![first];
                while group.len() < GROUP_MAX {
                    match rx.try_recv() {
                        Ok(job) => group.push(job),
                        Err(_) => break,
                    }
                }
                settle_group(&writer, group).await;
            }
        });
    });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "could not start the SQLite settlement thread");
    }
    tx
}

async fn settle_group(writer: &SqlitePool, group: Vec<SettleJob>) {
    use sqlx::Connection;
    let mut tx = match writer.begin_with("BEGIN IMMEDIATE").await {
        Ok(tx) => tx,
        Err(e) => {
            let why = e.to_string();
            for job in group {
                let _ = job.done.send(Err(StoreError::Unavailable(why.clone())));
            }
            return;
        }
    };
    let mut answers = Vec::with_capacity(group.len());
    // A savepoint that cannot be opened, released or undone leaves the transaction in doubt:
    // then nothing of the group is committed and every caller is told.
    let mut broken = None;
    for job in group {
        if broken.is_some() {
            answers.push((job.done, Err(StoreError::Unavailable("not settled: its group failed".into()))));
            continue;
        }
        let result = match tx.begin().await {
            Ok(mut savepoint) => {
                let r = payment_rows::settle_one(&mut savepoint, &job.settlement, job.attempt_bill).await;
                let kept = match &r {
                    Ok(s) if *s != Settled::InsufficientCredit => savepoint.commit().await,
                    _ => savepoint.rollback().await,
                };
                if let Err(e) = kept {
                    broken = Some(e.to_string());
                }
                r
            }
            Err(e) => {
                broken = Some(e.to_string());
                Err(map_err(e))
            }
        };
        answers.push((job.done, result));
    }
    let committed = match broken {
        Some(why) => Err(why),
        None => tx.commit().await.map_err(|e| e.to_string()),
    };
    for (done, result) in answers {
        let _ = done.send(match &committed {
            Ok(()) => result,
            Err(why) => Err(StoreError::Unavailable(format!("the settlement was not committed: {why}"))),
        });
    }
}

impl SqliteStore {
    /// Hands a settlement to the group committer and waits for its commit.
    async fn run_settlement(&self, s: &Settlement, attempt_bill: Option<String>) -> Result<Settled, StoreError> {
        let (done, answer) = tokio::sync::oneshot::channel();
        let job = SettleJob { settlement: s.clone(), attempt_bill, done };
        self.settlements
            .send(job)
            .await
            .map_err(|_| StoreError::Unavailable("the SQLite settlement thread has stopped".into()))?;
        answer.await.map_err(|_| StoreError::Unavailable("the SQLite settlement thread has stopped".into()))?
    }
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
        let settlements = settler(writer.clone());
        Ok(SqliteStore { pool, writer, settlements })
    }
}

impl_catalogue_store!(SqliteStore, sqlx::Sqlite);
impl_account_store!(SqliteStore, sqlx::Sqlite);
impl_application_store!(SqliteStore, sqlx::Sqlite);
// SQLite has one writer at a time: a claim needs no row locks.
impl_payment_store!(SqliteStore, sqlx::Sqlite, "");
impl_outbox_store!(SqliteStore, sqlx::Sqlite, "");
impl_appointment_store!(SqliteStore, sqlx::Sqlite);
impl_upload_store!(SqliteStore, sqlx::Sqlite);
impl_message_store!(SqliteStore, sqlx::Sqlite);
impl_incident_store!(SqliteStore, sqlx::Sqlite);
impl_fee_change_store!(SqliteStore, sqlx::Sqlite);
impl_office_store!(SqliteStore, sqlx::Sqlite);
impl_reconciliation_store!(SqliteStore, sqlx::Sqlite);
impl_team_store!(SqliteStore, sqlx::Sqlite, "");
impl_service_draft_store!(SqliteStore, sqlx::Sqlite);
impl_payment_wait_store!(SqliteStore, sqlx::Sqlite, "");

#[async_trait::async_trait]
impl Store for SqliteStore {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ()).map_err(map_err)
    }

    fn backend(&self) -> &'static str {
        "sqlite"
    }
}
