//! `mlango backup` and `mlango restore` (SQLite). The restore drill: a copy taken while the
//! server is serving and agency bills are being created and paid holds every bill acknowledged
//! before it began, nothing that never existed, and balanced books; restored, it opens as a
//! Mlango database that serves those bills to the same API key. Taken once writes stop, it holds
//! exactly the live rows. Bad inputs (an existing file, a missing directory, a missing database,
//! PostgreSQL, restoring over a database, a file that is no backup) are refused with a reason and
//! nothing written.

use crate::accounts::app_with_accounts;
use crate::helpers::{TestApp, connect, sqlite_db};
use app::payments::agency::issue_key;
use serde_json::{Value, json};
use sqlx::ConnectOptions;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A scratch directory removed at the end.
struct Dir(PathBuf);

impl Dir {
    fn new() -> Dir {
        let dir = std::env::temp_dir().join(format!("mlango-backup-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        Dir(dir)
    }

    fn entries(&self) -> BTreeSet<String> {
        std::fs::read_dir(&self.0)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn file_of(url: &str) -> PathBuf {
    PathBuf::from(url.trim_start_matches("sqlite://"))
}

/// Rows in every table of an SQLite file (read-only, so the live database is not touched).
async fn counts(path: &Path) -> BTreeMap<String, i64> {
    let mut conn =
        sqlx::sqlite::SqliteConnectOptions::new().filename(path).read_only(true).connect().await.expect("open");
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            .fetch_all(&mut conn)
            .await
            .expect("tables");
    let mut out = BTreeMap::new();
    for t in tables {
        let n: i64 =
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{t}\"")).fetch_one(&mut conn).await.expect("count");
        out.insert(t, n);
    }
    out
}

async fn bill_refs(path: &Path) -> BTreeSet<String> {
    let mut conn =
        sqlx::sqlite::SqliteConnectOptions::new().filename(path).read_only(true).connect().await.expect("open");
    sqlx::query_scalar("SELECT bill_ref FROM invoices").fetch_all(&mut conn).await.expect("bills").into_iter().collect()
}

/// Runs the real binary; returns success and everything it printed.
async fn mlango(database_url: &str, args: &[&str]) -> (bool, String) {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_mlango"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "error")
        .output()
        .await
        .expect("run mlango");
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

/// Creates agency bills and pays each by paybill, until told to stop; records every bill the
/// API acknowledged, in order.
async fn write_until(app: &TestApp, key: &str, stop: &AtomicBool, acked: &Mutex<Vec<String>>) {
    for i in 0..5_000 {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let r = app
            .client
            .post(format!("{}/v1/invoices", app.address))
            .bearer_auth(key)
            .header("Idempotency-Key", format!("backup-{i}"))
            .json(&json!({"amount_kes": 100 + i, "description": "Permit fee", "payer_phone": "0712000009"}))
            .send()
            .await
            .expect("create invoice");
        assert_eq!(r.status().as_u16(), 201);
        let v: Value = r.json().await.expect("json");
        let bill = v["bill_ref"].as_str().expect("bill_ref").to_string();
        acked.lock().unwrap().push(bill.clone());
        let paid = app
            .client
            .post(format!("{}/sim/mpesa/c2b/pay", app.address))
            .json(&json!({"msisdn": "254712000009", "bill_ref": bill, "amount": v["total_kes"].as_f64().unwrap_or(0.0) as i64}))
            .send()
            .await
            .expect("pay");
        assert!(paid.status().is_success(), "paybill: {}", paid.status());
    }
}

#[tokio::test]
async fn a_backup_under_writes_is_a_consistent_database_that_restores_and_serves() {
    let db = sqlite_db();
    let url = db.url.clone();
    let live = file_of(&url);
    let app = Arc::new(app_with_accounts(connect(&db).await, Some(db)).await);
    let issued = issue_key("immigration", "backup drill", None, 0);
    app.store.create_api_key(&issued.record).await.unwrap();
    let key = issued.key;
    let out = Dir::new();

    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(Mutex::new(Vec::new()));
    let writer = {
        let (app, key, stop, acked) = (app.clone(), key.clone(), stop.clone(), acked.clone());
        tokio::spawn(async move { write_until(&app, &key, &stop, &acked).await })
    };
    // Some history first, so the copy has paid bills and ledger rows to be consistent about.
    while acked.lock().unwrap().len() < 20 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let before: BTreeSet<String> = acked.lock().unwrap().iter().cloned().collect();
    let copy = out.0.join("under-writes.db");
    let report = mlango::backup::backup(&url, &copy).await.expect("backup while writing");
    let after: BTreeSet<String> = acked.lock().unwrap().iter().cloned().collect();
    stop.store(true, Ordering::SeqCst);
    writer.await.expect("writer");
    app.sims.mpesa.settle(Duration::from_secs(30)).await;

    // The copy is one moment of the database: everything acknowledged before the backup began,
    // nothing the live database never had.
    let in_copy = bill_refs(&copy).await;
    let live_bills = bill_refs(&live).await;
    assert!(before.is_subset(&in_copy), "bills acknowledged before the backup are missing from it");
    assert!(in_copy.is_subset(&live_bills), "the copy has bills the live database never had");
    assert!(in_copy.len() <= after.len() + 1, "{} in the copy, {} acknowledged by its end", in_copy.len(), after.len());
    let rows: BTreeMap<String, i64> = report.copy.rows.iter().cloned().collect();
    assert_eq!(rows.get("invoices"), Some(&(in_copy.len() as i64)), "{rows:?}");
    assert!(rows.get("services").is_some_and(|n| *n > 0) && rows.get("accounts").is_some_and(|n| *n > 0), "{rows:?}");
    assert!(report.copy.schema_version > 0);
    assert_eq!(out.entries(), BTreeSet::from(["under-writes.db".to_string()]), "no scratch files left behind");

    // The restore drill: the copy becomes a new database, opens as Mlango and serves the bills.
    let restored_url = format!("sqlite://{}", out.0.join("restored.db").display());
    let (ok, said) = mlango(&restored_url, &["restore", copy.to_str().unwrap()]).await;
    assert!(ok, "{said}");
    assert!(said.contains("integrity check: ok") && said.contains("invoices"), "{said}");
    let restored = mlango::db::connect(&restored_url).await.expect("the restored database opens as Mlango");
    let (debits, credits) = restored.ledger_totals().await.expect("ledger");
    assert_eq!(debits, credits, "the books balance in the copy");
    assert!(debits > 0, "paid bills reached the copy");
    let served = TestApp::spawn(restored, None).await;
    let first = before.iter().next().unwrap();
    let r =
        served.client.get(format!("{}/v1/invoices/{first}", served.address)).bearer_auth(&key).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200, "the same agency key reads its bill from the restored database");

    // Once writes stop, a backup holds exactly the live rows, table by table.
    let quiet = out.0.join("quiet.db");
    mlango::backup::backup(&url, &quiet).await.expect("backup at rest");
    assert_eq!(counts(&quiet).await, counts(&live).await);
}

#[tokio::test]
async fn bad_backup_and_restore_requests_are_refused_and_write_nothing() {
    let db = sqlite_db();
    let url = db.url.clone();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let out = Dir::new();
    let dir = out.0.display().to_string();

    // An existing file is never overwritten.
    let existing = out.0.join("existing.db");
    std::fs::write(&existing, b"yesterday's backup").unwrap();
    let (ok, said) = mlango(&url, &["backup", existing.to_str().unwrap()]).await;
    assert!(!ok && said.contains("already exists"), "{said}");
    assert_eq!(std::fs::read(&existing).unwrap(), b"yesterday's backup");
    // A directory that does not exist, a directory as the file, an empty name.
    let (ok, said) = mlango(&url, &["backup", &format!("{dir}/nowhere/b.db")]).await;
    assert!(!ok && said.contains("does not exist"), "{said}");
    let (ok, said) = mlango(&url, &["backup", &dir]).await;
    assert!(!ok && said.contains("is a directory"), "{said}");
    let (ok, said) = mlango(&url, &["backup", ""]).await;
    assert!(!ok && said.contains("a value is required"), "{said}");
    let (ok, said) = mlango(&url, &["backup"]).await;
    assert!(!ok && said.contains("<FILE>"), "{said}");
    // No database to copy: refused, and none is created.
    let missing = format!("sqlite://{dir}/no-such.db");
    let (ok, said) = mlango(&missing, &["backup", &format!("{dir}/b.db")]).await;
    assert!(!ok && said.contains("no database at"), "{said}");
    // PostgreSQL: its own tools, named, and a pointer to the runbook; no connection is attempted.
    let (ok, said) = mlango("postgres://mlango@127.0.0.1:1/mlango", &["backup", &format!("{dir}/b.db")]).await;
    assert!(!ok && said.contains("pg_basebackup") && said.contains("docs/deploy.md"), "{said}");
    let (ok, said) = mlango("postgres://mlango@127.0.0.1:1/mlango", &["restore", existing.to_str().unwrap()]).await;
    assert!(!ok && said.contains("docs/deploy.md"), "{said}");
    assert_eq!(out.entries(), BTreeSet::from(["existing.db".to_string()]), "nothing was written");

    // Restore never replaces a database: not the running one, not any other.
    let good = out.0.join("good.db");
    let (ok, said) = mlango(&url, &["backup", good.to_str().unwrap()]).await;
    assert!(ok && said.contains("backup written"), "{said}");
    let live_before = counts(&file_of(&url)).await;
    let (ok, said) = mlango(&url, &["restore", good.to_str().unwrap()]).await;
    assert!(!ok && said.contains("already exists"), "{said}");
    assert_eq!(counts(&file_of(&url)).await, live_before);
    assert!(app.get("/readyz").await.status().is_success(), "the running server is untouched");
    // A file that is not a backup: garbage, or an SQLite database that is not Mlango's.
    let fresh = format!("sqlite://{dir}/fresh.db");
    let (ok, said) = mlango(&fresh, &["restore", existing.to_str().unwrap()]).await;
    assert!(!ok && said.contains("not a readable SQLite database"), "{said}");
    let foreign = out.0.join("foreign.db");
    let mut conn =
        sqlx::sqlite::SqliteConnectOptions::new().filename(&foreign).create_if_missing(true).connect().await.unwrap();
    sqlx::query("CREATE TABLE notes (x TEXT)").execute(&mut conn).await.unwrap();
    drop(conn);
    let (ok, said) = mlango(&fresh, &["restore", foreign.to_str().unwrap()]).await;
    assert!(!ok && said.contains("not a Mlango one"), "{said}");
    let (ok, said) = mlango(&fresh, &["restore", &format!("{dir}/absent.db")]).await;
    assert!(!ok && said.contains("cannot read the backup"), "{said}");
    assert_eq!(
        out.entries(),
        BTreeSet::from(["existing.db".to_string(), "foreign.db".to_string(), "good.db".to_string()]),
        "no database was created and no scratch file left"
    );
}
