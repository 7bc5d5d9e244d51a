//! `mlango backup FILE` and `mlango restore FILE` for the embedded SQLite database.
//!
//! A backup is SQLite's `VACUUM INTO`: one read transaction, so the copy is the database exactly
//! as it stood at one commit, taken while the server keeps serving and writing (WAL readers do
//! not block the writer). The copy is written under a temporary name beside the target, checked
//! (`PRAGMA integrity_check`, `PRAGMA foreign_key_check`, key tables counted), flushed to disk and
//! only then linked to its final name, which is never overwritten: a failed backup leaves nothing
//! under that name. Documents citizens upload live in the database, so the one file is everything.
//!
//! On PostgreSQL both commands refuse and point at the database's own tools (continuous
//! archiving with `pg_basebackup` and WAL, or `pg_dump`; docs/deploy.md): they must match the
//! server's major version, run under the operator's own schedule and credentials, and a copy
//! made by a client over one connection is no substitute for point-in-time recovery.

use crate::db::Backend;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection, Row};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, Instant};

/// Tables whose row counts a backup reports, so an operator can compare them with the live site.
pub const KEY_TABLES: [&str; 12] = [
    "agencies",
    "services",
    "accounts",
    "applications",
    "application_uploads",
    "invoices",
    "payments",
    "ledger_entries",
    "mpesa_callbacks",
    "notifications",
    "webhook_deliveries",
    "audit_log",
];

/// What a checked copy holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyReport {
    /// Where the copy is.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// The newest migration applied to it.
    pub schema_version: i64,
    /// `(table, rows)` for each of [`KEY_TABLES`] present in it.
    pub rows: Vec<(String, i64)>,
}

/// A backup that was written and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    /// The checked copy.
    pub copy: CopyReport,
    /// How long copying and checking took.
    pub took: Duration,
}

/// Why a backup or restore did not happen. Nothing was left under the target name.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BackupError(String);

fn fail<T>(message: impl Into<String>) -> Result<T, BackupError> {
    Err(BackupError(message.into()))
}

const POSTGRES_BACKUP: &str = "mlango backup copies the embedded SQLite database only. On PostgreSQL use the \
     database's own tools: continuous archiving (pg_basebackup plus WAL archiving, which allows \
     point-in-time recovery) and, for a portable copy, pg_dump --format=custom. See \"Backups\" in \
     docs/deploy.md for the commands and the restore drill.";

const POSTGRES_RESTORE: &str = "mlango restore restores the embedded SQLite database only. On PostgreSQL restore a base \
     backup and replay WAL (or pg_restore a pg_dump) as described under \"Backups\" in docs/deploy.md.";

/// The SQLite file named by `database_url`, or a refusal naming the right tool for PostgreSQL.
fn sqlite_path(database_url: &str, postgres_message: &str) -> Result<PathBuf, BackupError> {
    match Backend::of(database_url).map_err(|e| BackupError(e.to_string()))? {
        Backend::Postgres => fail(postgres_message),
        Backend::Sqlite => {
            let options = SqliteConnectOptions::from_str(database_url)
                .map_err(|e| BackupError(format!("DATABASE_URL is not a usable SQLite URL: {e}")))?;
            let path = options.get_filename().to_path_buf();
            let lower = database_url.to_ascii_lowercase();
            if path.as_os_str().is_empty() || lower.contains(":memory:") || lower.contains("mode=memory") {
                return fail("DATABASE_URL names an in-memory SQLite database, which has nothing on disk to back up");
            }
            Ok(path)
        }
    }
}

/// Checks that `target` names a new file in an existing directory; returns the directory.
fn check_new_file(target: &Path, what: &str) -> Result<PathBuf, BackupError> {
    if target.as_os_str().is_empty() {
        return fail(format!("name the {what} file, e.g. backups/mlango-2026-01-31.db"));
    }
    // symlink_metadata: a dangling symlink also counts as "exists" (writing through it would
    // land somewhere unexpected).
    match std::fs::symlink_metadata(target) {
        Ok(meta) if meta.is_dir() => {
            return fail(format!("{} is a directory; name a new file inside it", target.display()));
        }
        Ok(_) => {
            return fail(format!(
                "{} already exists; mlango never overwrites a file. Choose a new name (or move the old file away first)",
                target.display()
            ));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return fail(format!("cannot use {}: {e}", target.display())),
    }
    if target.file_name().is_none() {
        return fail(format!("{} does not name a file", target.display()));
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match std::fs::metadata(&dir) {
        Ok(meta) if meta.is_dir() => Ok(dir),
        Ok(_) => fail(format!("{} is not a directory", dir.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            fail(format!("the directory {} does not exist; create it first", dir.display()))
        }
        Err(e) => fail(format!("cannot use the directory {}: {e}", dir.display())),
    }
}

/// A file beside the target that is removed unless [`Scratch::keep_as`] moves it into place.
struct Scratch {
    path: PathBuf,
    kept: bool,
}

impl Scratch {
    /// Creates an empty file with a unique name in `dir` (exclusively, so nothing is clobbered).
    fn create(dir: &Path, target: &Path) -> Result<Scratch, BackupError> {
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let path = dir.join(format!(".{name}.{}.{}.partial", std::process::id(), uuid::Uuid::new_v4().simple()));
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| BackupError(format!("cannot write in {}: {e}", dir.display())))?;
        Ok(Scratch { path, kept: false })
    }

    /// Flushes the file, gives it the target name without ever replacing an existing file, and
    /// flushes the directory so the name survives a power cut.
    fn keep_as(mut self, target: &Path, dir: &Path) -> Result<(), BackupError> {
        std::fs::File::open(&self.path)
            .and_then(|f| f.sync_all())
            .map_err(|e| BackupError(format!("cannot flush {} to disk: {e}", self.path.display())))?;
        match std::fs::hard_link(&self.path, target) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return fail(format!(
                    "{} appeared while the copy was being made; it was left alone and the copy discarded",
                    target.display()
                ));
            }
            // Some file systems have no hard links; a rename after a fresh check is the fallback.
            Err(_) if !target.exists() => std::fs::rename(&self.path, target)
                .map_err(|e| BackupError(format!("cannot create {}: {e}", target.display())))?,
            Err(e) => return fail(format!("cannot create {}: {e}", target.display())),
        }
        self.kept = true;
        let _ = std::fs::remove_file(&self.path);
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Whether `target` is the name of one of `db`'s own journal files (`-wal`, `-shm`, `-journal`),
/// which SQLite would read as part of the live database.
fn journal_of(db: &Path, target: &Path) -> bool {
    let (Some(dir), Some(name)) = (db.parent(), db.file_name()) else { return false };
    let canonical = |p: &Path| {
        let p = if p.as_os_str().is_empty() { Path::new(".") } else { p };
        p.canonicalize().ok()
    };
    let same_dir = canonical(dir).is_some() && canonical(dir) == canonical(target.parent().unwrap_or(Path::new(".")));
    same_dir
        && ["-wal", "-shm", "-journal"].iter().any(|suffix| {
            let mut journal = name.to_owned();
            journal.push(suffix);
            target.file_name() == Some(journal.as_os_str())
        })
}

fn utf8(path: &Path) -> Result<&str, BackupError> {
    path.to_str().ok_or_else(|| BackupError(format!("{} is not a UTF-8 path; choose a plainer name", path.display())))
}

/// Opens an existing database file without creating it or changing its journal mode.
async fn open_existing(path: &Path, read_only: bool) -> Result<SqliteConnection, sqlx::Error> {
    SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false)
        .read_only(read_only)
        .busy_timeout(Duration::from_secs(30))
        .connect()
        .await
}

/// Checks an SQLite file is a sound Mlango database and counts its key tables.
pub async fn check_copy(path: &Path) -> Result<CopyReport, BackupError> {
    let shown = path.display();
    let mut conn = open_existing(path, true)
        .await
        .map_err(|e| BackupError(format!("{shown} is not a readable SQLite database ({e})")))?;
    let problems: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check(20)")
        .fetch_all(&mut conn)
        .await
        .map_err(|e| BackupError(format!("{shown} is not a readable SQLite database: {e}")))?;
    if problems != ["ok"] {
        return fail(format!("{shown} failed SQLite's integrity check: {}", problems.join("; ")));
    }
    let orphans = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(&mut conn)
        .await
        .map_err(|e| BackupError(format!("{shown}: foreign key check failed to run: {e}")))?;
    if let Some(first) = orphans.first() {
        let table: String = first.try_get(0).unwrap_or_default();
        return fail(format!("{shown} has {} rows whose references are missing (first in {table})", orphans.len()));
    }
    let schema_version: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
        .fetch_one(&mut conn)
        .await
        .map_err(|_| {
            BackupError(format!("{shown} is an SQLite database but not a Mlango one (it has no migration history)"))
        })?;
    let Some(schema_version) = schema_version else {
        return fail(format!("{shown} is an SQLite database but not a Mlango one (no migration was ever applied)"));
    };
    let present: Vec<String> = sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
        .fetch_all(&mut conn)
        .await
        .map_err(|e| BackupError(format!("{shown}: cannot list tables: {e}")))?;
    let mut rows = Vec::new();
    for table in KEY_TABLES.iter().filter(|t| present.iter().any(|p| p == *t)) {
        // Table names come from KEY_TABLES, never from input.
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut conn)
            .await
            .map_err(|e| BackupError(format!("{shown}: cannot count {table}: {e}")))?;
        rows.push((table.to_string(), n));
    }
    let _ = conn.close().await;
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    Ok(CopyReport { path: path.to_path_buf(), bytes, schema_version, rows })
}

/// Copies the running database named by `database_url` to the new file `target` and checks the
/// copy. Safe while servers are running and writing.
pub async fn backup(database_url: &str, target: &Path) -> Result<BackupReport, BackupError> {
    let started = Instant::now();
    let source = sqlite_path(database_url, POSTGRES_BACKUP)?;
    if !source.is_file() {
        return fail(format!(
            "there is no database at {} (DATABASE_URL={database_url}); nothing to back up",
            source.display()
        ));
    }
    let dir = check_new_file(target, "backup")?;
    if journal_of(&source, target) {
        return fail(format!(
            "{} would sit beside the live database under a name SQLite takes for its journal; choose another name",
            target.display()
        ));
    }
    let scratch = Scratch::create(&dir, target)?;
    let mut conn = open_existing(&source, false)
        .await
        .map_err(|e| BackupError(format!("cannot open the database {}: {e}", source.display())))?;
    sqlx::query("VACUUM INTO ?")
        .bind(utf8(&scratch.path)?)
        .execute(&mut conn)
        .await
        .map_err(|e| BackupError(format!("the copy of {} failed: {e}", source.display())))?;
    let _ = conn.close().await;
    let copy = check_copy(&scratch.path).await?;
    scratch.keep_as(target, &dir)?;
    Ok(BackupReport { copy: CopyReport { path: target.to_path_buf(), ..copy }, took: started.elapsed() })
}

/// Puts a checked backup in place as the database named by `database_url`, which must not exist
/// yet (a restore never replaces a database, running or not). The server migrates it at start.
pub async fn restore(database_url: &str, backup_file: &Path) -> Result<CopyReport, BackupError> {
    let target = sqlite_path(database_url, POSTGRES_RESTORE)?;
    match std::fs::metadata(backup_file) {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => return fail(format!("{} is not a file", backup_file.display())),
        Err(e) => return fail(format!("cannot read the backup {}: {e}", backup_file.display())),
    }
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = target.as_os_str().to_owned();
        name.push(suffix);
        if std::fs::symlink_metadata(&name).is_ok() {
            return fail(format!(
                "{} already exists; mlango restore only creates a new database. Stop every server using it, \
                 move its files ({}, -wal, -shm) aside, then restore",
                Path::new(&name).display(),
                target.display()
            ));
        }
    }
    let dir = check_new_file(&target, "database")?;
    let checked = check_copy(backup_file).await?;
    let known = sqlx::migrate!("./migrations/sqlite").migrations.iter().map(|m| m.version).max().unwrap_or(0);
    if checked.schema_version > known {
        return fail(format!(
            "{} was made by a newer Mlango (schema version {}, this one knows up to {known}); restore it with that version",
            backup_file.display(),
            checked.schema_version
        ));
    }
    let scratch = Scratch::create(&dir, &target)?;
    std::fs::copy(backup_file, &scratch.path)
        .map_err(|e| BackupError(format!("cannot copy {}: {e}", backup_file.display())))?;
    // The copy is checked again where it will live, so a bad disk or a short copy is caught here.
    let placed = check_copy(&scratch.path).await?;
    if placed.rows != checked.rows {
        return fail("the copied file differs from the backup; nothing was restored");
    }
    scratch.keep_as(&target, &dir)?;
    Ok(CopyReport { path: target, ..placed })
}

/// Human-readable size.
fn size(bytes: u64) -> String {
    if bytes >= 1 << 30 {
        format!("{:.1} GiB", bytes as f64 / (1u64 << 30) as f64)
    } else if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / (1u64 << 20) as f64)
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}

/// The rows line of a report: `agencies 373, services 22134, …`.
pub fn rows_line(rows: &[(String, i64)]) -> String {
    rows.iter().map(|(t, n)| format!("{t} {n}")).collect::<Vec<_>>().join(", ")
}

/// `mlango backup FILE`.
pub async fn run_backup(database_url: &str, target: &Path) -> Result<(), String> {
    let r = backup(database_url, target).await.map_err(|e| e.to_string())?;
    println!(
        "backup written: {} ({}, schema version {}, copied and checked in {:.1} s)",
        r.copy.path.display(),
        size(r.copy.bytes),
        r.copy.schema_version,
        r.took.as_secs_f64()
    );
    println!("integrity check: ok; foreign keys: ok");
    println!("rows: {}", rows_line(&r.copy.rows));
    println!(
        "to restore: stop the server, move the old database files aside, then \
         DATABASE_URL=sqlite://PATH mlango restore {}",
        r.copy.path.display()
    );
    Ok(())
}

/// `mlango restore FILE`.
pub async fn run_restore(database_url: &str, backup_file: &Path) -> Result<(), String> {
    let r = restore(database_url, backup_file).await.map_err(|e| e.to_string())?;
    println!(
        "restored {} as {} ({}, schema version {}; pending migrations run when the server starts)",
        backup_file.display(),
        r.path.display(),
        size(r.bytes),
        r.schema_version
    );
    println!("integrity check: ok; foreign keys: ok");
    println!("rows: {}", rows_line(&r.rows));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_is_refused_with_a_pointer_to_its_own_tools() {
        let e = sqlite_path("postgres://u:p@db/mlango", POSTGRES_BACKUP).unwrap_err().to_string();
        assert!(e.contains("pg_basebackup") && e.contains("docs/deploy.md"), "{e}");
        let e = sqlite_path("postgresql://db/mlango", POSTGRES_RESTORE).unwrap_err().to_string();
        assert!(e.contains("docs/deploy.md"), "{e}");
        assert!(sqlite_path("mysql://x", POSTGRES_BACKUP).is_err());
        assert!(sqlite_path("sqlite::memory:", POSTGRES_BACKUP).is_err());
        assert_eq!(sqlite_path("sqlite://data/mlango.db", POSTGRES_BACKUP).ok(), Some(PathBuf::from("data/mlango.db")));
    }

    #[test]
    fn a_target_must_be_a_new_file_in_an_existing_directory() {
        let dir = std::env::temp_dir().join(format!("mlango-backup-unit-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let existing = dir.join("old.db");
        std::fs::write(&existing, b"keep me").unwrap();
        assert!(check_new_file(&existing, "backup").unwrap_err().to_string().contains("never overwrites"));
        assert!(check_new_file(&dir, "backup").unwrap_err().to_string().contains("is a directory"));
        let missing = dir.join("no-such-dir").join("x.db");
        assert!(check_new_file(&missing, "backup").unwrap_err().to_string().contains("does not exist"));
        assert_eq!(check_new_file(&dir.join("new.db"), "backup").ok(), Some(dir.clone()));
        assert_eq!(std::fs::read(&existing).unwrap(), b"keep me");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_backup_may_not_take_the_name_of_the_live_databases_journal() {
        let dir = std::env::temp_dir();
        let db = dir.join("mlango.db");
        assert!(journal_of(&db, &dir.join("mlango.db-journal")));
        assert!(journal_of(&db, &dir.join("mlango.db-wal")));
        assert!(!journal_of(&db, &dir.join("mlango.db.bak")));
        assert!(!journal_of(&db, &dir.join("elsewhere").join("mlango.db-journal")));
    }

    #[test]
    fn sizes_read_plainly() {
        assert_eq!(size(2048), "2.0 KiB");
        assert_eq!(size(3 << 20), "3.0 MiB");
        assert_eq!(rows_line(&[("agencies".into(), 3), ("services".into(), 5)]), "agencies 3, services 5");
    }
}
