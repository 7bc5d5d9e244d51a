//! M-Pesa confirmation throughput as a ratio (performance anchors §7e), run by `make bench` or
//! `cargo bench -p server --bench payments`.
//!
//! For each backend (SQLite always; PostgreSQL when `MLANGO_TEST_POSTGRES_URL` is set, or with
//! `CI=true` the local server, exactly as the integration tests choose) it:
//!
//! 1. starts the real application in this process on 127.0.0.1:0 over a fresh database
//!    (`mlango::startup::simulated` + `state_from_store` + `router`, as the API tests do) with
//!    its outbox worker running as `mlango serve` runs it (`mlango::outbox::spawn_worker`, 2 s
//!    poll, woken by every payment), makes an agency API key and creates the bills over HTTP
//!    (`POST /v1/invoices`, 16 at a time);
//! 2. copies those tables into a reference database: SQLite `VACUUM INTO` a second file in the
//!    same directory, PostgreSQL a scratch database migrated by the application's own
//!    migrations and filled with `COPY` of `api_keys` and `invoices`;
//! 3. measures **A**, the application: `POST /callbacks/mpesa/c2b/confirmation/{token}` with
//!    Daraja's C2B confirmation JSON (distinct `TransID`, the bill's `BillRefNumber`, the bill's
//!    total) from a fixed number of concurrent keep-alive clients, per-request latency from
//!    send to last byte. Per confirmation the application reads the bill once
//!    (`payable_invoice`), then settles it, queues the receipt SMS in the `notifications`
//!    outbox and stores the raw callback with its outcome (deduplicated by its key), all in one
//!    transaction, and replies. On PostgreSQL each confirmation is its own transaction; on
//!    SQLite, which has one writer, the confirmations waiting at the same moment are committed
//!    together (each in its own savepoint; every reply only after the commit that holds it).
//!    The outbox worker sends the SMS after the reply, in the same process, so its work
//!    competes with the load it follows;
//! 4. measures **B**, the database alone running the statements of that transaction (invoice
//!    row lock on PostgreSQL, duplicate-receipt check, bill read, payment `INSERT … RETURNING`,
//!    invoice update, the ledger lines in one `INSERT`, outbox `INSERT … ON CONFLICT DO
//!    NOTHING`, raw callback `INSERT … ON CONFLICT DO UPDATE`), in the same order, in ONE
//!    transaction per confirmation (`BEGIN IMMEDIATE` on SQLite, as the application):
//!    `pgbench -M prepared` with the same client count for
//!    PostgreSQL, a plain `rusqlite` loop on one connection (WAL, `synchronous=FULL`, foreign
//!    keys on, like the application) for SQLite. rusqlite is pinned to the release that links
//!    the same `libsqlite3-sys` (bundled) as sqlx, so both sides run the same SQLite library;
//! 5. after a warm-up of each, runs A and B interleaved over several rounds (A B, B A, A B…),
//!    each round on fresh bills, and reports the median of the per-round ratios A/B. Before
//!    each timed run the bench waits (bounded) for the application's outbox to empty, so SMS
//!    left over from an A run are not sent during the next B run; how many each A run left
//!    queued, how long they took to go, and A's rate counting that time are reported
//!    (information: the ratio counts replies, as the reference sends no SMS);
//! 6. resends a tenth of the confirmations (Daraja retries), waits (at most 60 s) for the
//!    outbox to send everything, and then checks that every bill was paid exactly once on both
//!    sides: one payment of the bill's total per bill, invoice paid, ledger debits == credits
//!    == the sum of the totals, one outbox row per payment; on the application's side every
//!    receipt SMS `sent`, none still queued or failed. A lost or doubled payment or receipt
//!    fails the run: a benchmark that loses money measures nothing.
//!
//! It reports numbers and ratios; it never fails because a number is slow. It exits non-zero
//! only when something could not be measured or the exactly-once check failed.
//!
//! Environment (all optional): `MLANGO_BENCH_CONFIRMATIONS` (measured confirmations per side
//! and backend, default 6000), `MLANGO_BENCH_PAYMENT_ROUNDS` (5), `MLANGO_BENCH_PAYMENT_CLIENTS`
//! (16), `MLANGO_BENCH_PAYMENT_WARMUP` (160 per side), `MLANGO_BENCH_SERVER_THREADS` (tokio
//! workers of the in-process server, default: all cores), `MLANGO_BENCH_PGBENCH_THREADS`
//! (pgbench `-j`, 1), `MLANGO_TEST_POSTGRES_URL`, `MLANGO_BENCH_OUT` (output directory,
//! default `<workspace>/target/bench`).

use app::payments::agency::issue_key;
use app::payments::state::InvoiceStatus;
use app::store::Store;
use axum::body::Bytes;
use futures::StreamExt;
use serde_json::{Value, json};
use sqlx::Connection;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// §7e: application confirmations/s at least 0.7× pgbench on the same PostgreSQL.
const GOAL_RATIO_PG: f64 = 0.7;
/// §7e: at least 0.5× a plain rusqlite loop on SQLite.
const GOAL_RATIO_SQLITE: f64 = 0.5;
/// §7e absolute goals (information): M-Pesa's national peak, and p99 far under provider timeouts.
const GOAL_RATE: f64 = 4000.0;
const GOAL_P99_MS: f64 = 50.0;
/// Every bench bill is for KSh 1,000 (plus the gazetted convenience fee).
const BILL_KES: i64 = 1000;
/// How long the application's outbox may take to send what is queued, before a run and at the end.
const OUTBOX_WAIT: Duration = Duration::from_secs(60);
/// The reference's bill references and receipt numbers are `REF_BASE + n` (pgbench computes
/// them; the application's are random with a check digit, same length).
const REF_BASE: i64 = 1_000_000_000;
/// PostgreSQL reference M-Pesa TransIDs are `TID_BASE + n` (10 characters, like real ones).
const TID_BASE: i64 = 2_000_000_000;
/// Resend every this many measured confirmations after the rounds (Daraja retries).
const RESEND_EVERY: usize = 10;

/// Daraja's C2B confirmation body; `{tid}`, `{kes}`, `{paybill}` and `{bill}` are filled in.
/// Every `:` in it is followed by `"`, so pgbench never mistakes part of it for a variable. The
/// payer's MSISDN is a real-looking number, so the application queues a receipt SMS for it.
const BODY_TEMPLATE: &str = r#"{"TransactionType":"CustomerPayBillOnline","TransID":"{tid}","TransTime":"20260115103000","TransAmount":{kes}.00,"BusinessShortCode":"{paybill}","BillRefNumber":"{bill}","InvoiceNumber":"","OrgAccountBalance":"","ThirdPartyTransID":"","MSISDN":"254712000001","FirstName":"Wanjiku","MiddleName":"","LastName":"Kamau"}"#;

fn main() -> ExitCode {
    let out_dir = out_dir();
    if let Err(e) = std::fs::create_dir_all(&out_dir) {
        eprintln!("error: cannot create {}: {e}", out_dir.display());
        return ExitCode::FAILURE;
    }
    let cfg = Cfg::from_env();
    let load_before = loadavg();
    let started = Instant::now();
    println!(
        "payments bench: {} measured confirmations per side and backend in {} rounds of {}, after {} warm-up; \
         {} concurrent clients; server {} tokio worker(s); host {} cores, load average {load_before}",
        cfg.rounds * cfg.per_round,
        cfg.rounds,
        cfg.per_round,
        cfg.warmup,
        cfg.clients,
        cfg.server_threads,
        cores()
    );

    let mut results: Vec<Outcome> = Vec::new();
    println!("\n== SQLite ==");
    results.push(match bench_backend(Backend::Sqlite, &cfg) {
        Ok(r) => Outcome::Measured(Box::new(r)),
        Err(e) => Outcome::Failed { backend: "sqlite", error: e },
    });
    match postgres_admin_url() {
        None => {
            let why = "PostgreSQL skipped: set MLANGO_TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres) \
                       or CI=true to measure it";
            println!("\n== PostgreSQL ==\n  {why}");
            results.push(Outcome::Skipped { backend: "postgres", why: why.into() });
        }
        Some(admin) => {
            println!("\n== PostgreSQL ==");
            results.push(match bench_backend(Backend::Postgres(admin), &cfg) {
                Ok(r) => Outcome::Measured(Box::new(r)),
                Err(e) => Outcome::Failed { backend: "postgres", error: e },
            });
        }
    }

    let load_after = loadavg();
    let summary = summary(&results, &cfg, &load_before, &load_after, started.elapsed());
    println!("\n{summary}");
    let report = json!({
        "bench": "payments",
        "config": {
            "measured_per_side": cfg.rounds * cfg.per_round, "rounds": cfg.rounds, "per_round": cfg.per_round,
            "warmup": cfg.warmup, "clients": cfg.clients, "server_threads": cfg.server_threads,
            "pgbench_threads": cfg.pgbench_threads, "bill_kes": BILL_KES,
        },
        "host_cores": cores(),
        "loadavg_before": load_before,
        "loadavg_after": load_after,
        "backends": results.iter().map(Outcome::json).collect::<Vec<_>>(),
        "summary": summary,
    });
    let _ = std::fs::write(out_dir.join("payments-summary.txt"), format!("{summary}\n"));
    let path = out_dir.join("payments.json");
    if let Err(e) = std::fs::write(&path, serde_json::to_vec_pretty(&report).unwrap_or_default()) {
        eprintln!("error: cannot write {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    println!("wrote {} and payments-summary.txt", path.display());
    let bad = results.iter().any(|r| match r {
        Outcome::Failed { .. } => true,
        Outcome::Measured(m) => !m.app_check.ok() || !m.ref_check.ok(),
        Outcome::Skipped { .. } => false,
    });
    if bad {
        eprintln!(
            "\nerror: payments benchmark could not measure everything, or a payment was lost or doubled (see above)"
        );
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

// ---------------------------------------------------------------------------------------------
// Configuration and small helpers
// ---------------------------------------------------------------------------------------------

struct Cfg {
    clients: usize,
    rounds: usize,
    /// Confirmations per round and side (a multiple of `clients`: pgbench runs `-t` per client).
    per_round: usize,
    warmup: usize,
    server_threads: usize,
    pgbench_threads: usize,
}

impl Cfg {
    fn from_env() -> Cfg {
        let clients = env_usize("MLANGO_BENCH_PAYMENT_CLIENTS", 16).clamp(1, 64);
        let rounds = env_usize("MLANGO_BENCH_PAYMENT_ROUNDS", 5).max(1);
        let measured = env_usize("MLANGO_BENCH_CONFIRMATIONS", 6000).max(clients * rounds);
        Cfg {
            clients,
            rounds,
            per_round: measured.div_ceil(rounds).next_multiple_of(clients),
            warmup: env_usize("MLANGO_BENCH_PAYMENT_WARMUP", 160).max(clients).next_multiple_of(clients),
            server_threads: env_usize("MLANGO_BENCH_SERVER_THREADS", cores()).max(1),
            pgbench_threads: env_usize("MLANGO_BENCH_PGBENCH_THREADS", 1).clamp(1, clients),
        }
    }

    /// Bills each side pays: warm-up and rounds.
    fn bills(&self) -> usize {
        self.warmup + self.rounds * self.per_round
    }

    /// Bill indices of round `r` (0-based); the warm-up uses `0..warmup`.
    fn round(&self, r: usize) -> std::ops::Range<usize> {
        let start = self.warmup + r * self.per_round;
        start..start + self.per_round
    }
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

fn cores() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

fn out_dir() -> PathBuf {
    match std::env::var_os("MLANGO_BENCH_OUT") {
        Some(d) => PathBuf::from(d),
        None => {
            let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
            manifest.parent().unwrap_or(&manifest).join("target").join("bench")
        }
    }
}

/// The 1-minute load average, a hint of how noisy the host was.
fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

/// The PostgreSQL server to create databases on, chosen like the integration tests do.
fn postgres_admin_url() -> Option<String> {
    if let Ok(url) = std::env::var("MLANGO_TEST_POSTGRES_URL")
        && !url.trim().is_empty()
    {
        return Some(url.trim().to_string());
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    ci.then(|| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

/// `admin`'s server with database `name`.
fn pg_url(admin: &str, name: &str) -> String {
    let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(admin);
    format!("{base}/{name}")
}

fn now_unix() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// Removes the temporary directory however the run ends.
struct TempDir(PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Drops the bench's PostgreSQL databases however the run ends.
struct PgDatabases {
    admin: String,
    names: Vec<String>,
}

impl Drop for PgDatabases {
    fn drop(&mut self) {
        let (admin, names) = (self.admin.clone(), std::mem::take(&mut self.names));
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            rt.block_on(async {
                let mut conn = sqlx::PgConnection::connect(&admin).await.ok()?;
                for name in names {
                    let _ =
                        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn).await;
                }
                Some(())
            })
        })
        .join();
    }
}

/// Latency percentiles (nearest rank), in microseconds.
#[derive(Clone, Copy)]
struct Stats {
    n: usize,
    p50: f64,
    p99: f64,
    max: f64,
}

impl Stats {
    fn of(v: &[f64]) -> Stats {
        let mut s = v.to_vec();
        s.sort_by(|x, y| x.total_cmp(y));
        let pct = |p: f64| {
            if s.is_empty() {
                return f64::NAN;
            }
            s[((p * s.len() as f64).ceil() as usize).clamp(1, s.len()) - 1]
        };
        Stats { n: s.len(), p50: pct(0.50), p99: pct(0.99), max: s.last().copied().unwrap_or(f64::NAN) }
    }

    fn json(&self) -> Value {
        json!({ "samples": self.n, "p50_ms": self.p50 / 1e3, "p99_ms": self.p99 / 1e3, "max_ms": self.max / 1e3 })
    }
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(|x, y| x.total_cmp(y));
    match s.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => s[n / 2],
        n => (s[n / 2 - 1] + s[n / 2]) / 2.0,
    }
}

fn min_max(v: &[f64]) -> (f64, f64) {
    v.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| (lo.min(x), hi.max(x)))
}

// ---------------------------------------------------------------------------------------------
// One backend
// ---------------------------------------------------------------------------------------------

enum Backend {
    Sqlite,
    /// The admin URL databases are created on.
    Postgres(String),
}

impl Backend {
    fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }
}

/// One timed run of one side.
struct Run {
    /// Confirmations per second.
    rate: f64,
    /// Per-confirmation latencies, µs.
    lat_us: Vec<f64>,
}

/// What the exactly-once check found on one side.
#[derive(Default)]
struct Check {
    bills: usize,
    paid_once: usize,
    expected_minor: i64,
    debits: i64,
    credits: i64,
    /// Receipt SMS: sent by the outbox (application), outbox rows written (reference).
    receipts: i64,
    receipts_what: &'static str,
    problems: Vec<String>,
}

impl Check {
    fn ok(&self) -> bool {
        self.problems.is_empty()
            && self.paid_once == self.bills
            && self.debits == self.expected_minor
            && self.credits == self.expected_minor
            && self.receipts == self.bills as i64
    }

    fn line(&self) -> String {
        let verdict = if self.ok() { "OK" } else { "FAILED" };
        let mut s = format!(
            "{verdict}: {}/{} bills paid exactly once; ledger debits {} credits {} (expected {} each); \
             {} receipt SMS {}",
            self.paid_once,
            self.bills,
            kes(self.debits),
            kes(self.credits),
            kes(self.expected_minor),
            self.receipts,
            self.receipts_what
        );
        if !self.problems.is_empty() {
            s.push_str(&format!("; {}", self.problems.iter().take(3).cloned().collect::<Vec<_>>().join("; ")));
        }
        s
    }

    fn json(&self) -> Value {
        json!({ "ok": self.ok(), "bills": self.bills, "paid_once": self.paid_once,
                "expected_minor": self.expected_minor, "debits_minor": self.debits, "credits_minor": self.credits,
                "receipts": self.receipts, "receipts_are": self.receipts_what,
                "problems": self.problems.iter().take(20).collect::<Vec<_>>() })
    }
}

/// A reference's check, before its counts are in.
fn reference_check(bills: usize, total_minor: i64) -> Check {
    Check {
        bills,
        expected_minor: total_minor * bills as i64,
        receipts_what: "queued in the outbox",
        ..Check::default()
    }
}

impl Check {
    /// A reference's counts: (payments, their sum), (ledger debits, credits), bills paid,
    /// callbacks applied, (outbox rows, distinct receipts they name).
    fn fill(&mut self, (payments, sum): (i64, i64), (d, c): (i64, i64), paid: i64, applied: i64, rows: (i64, i64)) {
        (self.debits, self.credits, self.paid_once, self.receipts) = (d, c, paid as usize, rows.0);
        if payments as usize != self.bills
            || sum != self.expected_minor
            || applied as usize != self.bills
            || rows.0 != rows.1
        {
            self.problems.push(format!(
                "{payments} payments totalling {sum}, {applied} callbacks applied, {} receipt SMS queued for {} receipts",
                rows.0, rows.1
            ));
        }
    }
}

fn kes(minor: i64) -> String {
    format!("KSh {}.{:02}", minor / 100, minor % 100)
}

struct Measured {
    backend: &'static str,
    reference: String,
    goal: f64,
    app_runs: Vec<Run>,
    ref_runs: Vec<Run>,
    ratios: Vec<f64>,
    /// Receipt SMS still queued right after each A round, and how long the outbox then took to
    /// send them (s).
    backlog: Vec<(i64, f64)>,
    app_check: Check,
    ref_check: Check,
    resent: usize,
    resend_p50_ms: f64,
    /// The application's outbox at the end, rows by status.
    outbox: Vec<(String, i64)>,
    /// Receipt SMS the simulator received.
    sms_received: usize,
    durability: String,
    seed_s: f64,
    notes: Vec<String>,
}

impl Measured {
    fn app_rate(&self) -> f64 {
        median(&self.app_runs.iter().map(|r| r.rate).collect::<Vec<_>>())
    }
    fn ref_rate(&self) -> f64 {
        median(&self.ref_runs.iter().map(|r| r.rate).collect::<Vec<_>>())
    }
    fn app_stats(&self) -> Stats {
        Stats::of(&self.app_runs.iter().flat_map(|r| r.lat_us.iter().copied()).collect::<Vec<_>>())
    }
    fn ref_stats(&self) -> Stats {
        Stats::of(&self.ref_runs.iter().flat_map(|r| r.lat_us.iter().copied()).collect::<Vec<_>>())
    }
    fn ratio(&self) -> f64 {
        median(&self.ratios)
    }
    /// Per round: confirmations over the time until the last reply AND the last receipt SMS.
    fn app_rates_with_sms(&self) -> Vec<f64> {
        self.app_runs.iter().zip(&self.backlog).map(|(r, (_, took))| with_sms(r, *took)).collect()
    }
}

/// `run`'s rate, counting the `took` seconds the outbox needed after it to send what was left.
fn with_sms(run: &Run, took: f64) -> f64 {
    let n = run.lat_us.len() as f64;
    n / (n / run.rate + took)
}

enum Outcome {
    Measured(Box<Measured>),
    Skipped { backend: &'static str, why: String },
    Failed { backend: &'static str, error: String },
}

impl Outcome {
    fn json(&self) -> Value {
        match self {
            Outcome::Skipped { backend, why } => json!({ "backend": backend, "skipped": why }),
            Outcome::Failed { backend, error } => json!({ "backend": backend, "error": error }),
            Outcome::Measured(m) => {
                let (lo, hi) = min_max(&m.ratios);
                json!({
                    "backend": m.backend,
                    "reference": m.reference,
                    "app": { "confirmations_per_s": m.app_rate(),
                             "per_round": m.app_runs.iter().map(|r| r.rate).collect::<Vec<_>>(),
                             "latency": m.app_stats().json() },
                    "reference_side": { "per_s": m.ref_rate(),
                             "per_round": m.ref_runs.iter().map(|r| r.rate).collect::<Vec<_>>(),
                             "latency": m.ref_stats().json() },
                    "ratio": m.ratio(), "ratio_per_round": m.ratios, "ratio_min": lo, "ratio_max": hi,
                    "goal_ratio": m.goal, "goal_met": m.ratio() >= m.goal,
                    "outbox_after_a_rounds": m.backlog.iter().zip(m.app_rates_with_sms())
                        .map(|((queued, s), rate)| json!({ "queued": queued, "sent_within_s": s,
                                                           "confirmations_per_s_with_sms": rate }))
                        .collect::<Vec<_>>(),
                    "app_confirmations_per_s_with_sms": median(&m.app_rates_with_sms()),
                    "exactly_once_app": m.app_check.json(),
                    "exactly_once_reference": m.ref_check.json(),
                    "duplicates_resent": m.resent, "duplicate_p50_ms": m.resend_p50_ms,
                    "outbox_end": m.outbox.iter().map(|(k, v)| (k.clone(), json!(v))).collect::<serde_json::Map<_, _>>(),
                    "receipt_sms_received_by_simulator": m.sms_received,
                    "durability": m.durability,
                    "seed_s": m.seed_s,
                    "notes": m.notes,
                })
            }
        }
    }
}

/// A bill made through the agency API.
#[derive(Clone)]
struct Bill {
    bill_ref: String,
    total_minor: i64,
}

/// The application, running in this process.
struct AppHandle {
    addr: std::net::SocketAddr,
    state: app::ssr::AppState,
    sims: mlango::sim::Simulators,
}

fn bench_backend(backend: Backend, cfg: &Cfg) -> Result<Measured, String> {
    let name = backend.name();
    let tmp = TempDir(std::env::temp_dir().join(format!("mlango-bench-pay-{}", uuid::Uuid::new_v4().simple())));
    std::fs::create_dir_all(&tmp.0).map_err(|e| format!("cannot create {}: {e}", tmp.0.display()))?;
    // Declared before the runtimes so that it is dropped after them, whatever returns early.
    let mut _pg_guard: Option<PgDatabases> = None;
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cfg.server_threads)
        .thread_name("bench-server")
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let client_rt = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;

    // ---- Databases ----
    let (app_url, ref_target) = match &backend {
        Backend::Sqlite => {
            let app_path = tmp.0.join("app.db");
            (
                format!("sqlite://{}", app_path.display()),
                RefTarget::Sqlite { app: app_path, reference: tmp.0.join("ref.db") },
            )
        }
        Backend::Postgres(admin) => {
            let id = uuid::Uuid::new_v4().simple().to_string();
            let (app_db, ref_db) = (format!("mlango_bench_{id}"), format!("mlango_bench_ref_{id}"));
            client_rt.block_on(async {
                let mut conn = sqlx::PgConnection::connect(admin)
                    .await
                    .map_err(|e| format!("PostgreSQL at {} is unreachable: {e}", mlango::db::redact(admin)))?;
                for db in [&app_db, &ref_db] {
                    sqlx::query(&format!("CREATE DATABASE {db}"))
                        .execute(&mut conn)
                        .await
                        .map_err(|e| format!("create database {db}: {e}"))?;
                }
                Ok::<_, String>(())
            })?;
            _pg_guard = Some(PgDatabases { admin: admin.clone(), names: vec![app_db.clone(), ref_db.clone()] });
            (
                pg_url(admin, &app_db),
                RefTarget::Postgres { app: pg_url(admin, &app_db), reference: pg_url(admin, &ref_db) },
            )
        }
    };

    // ---- The application and its bills ----
    let app = server_rt.block_on(start_app(&app_url))?;
    println!("  application on http://{} over {}", app.addr, mlango::db::redact(&app_url));
    let issued = issue_key("immigration", "payments bench", None, now_unix());
    server_rt
        .block_on(app.state.store.create_api_key(&issued.record))
        .map_err(|e| format!("create the agency API key: {e}"))?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(cfg.clients)
        .tcp_nodelay(true)
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| e.to_string())?;
    let t = Instant::now();
    let bills = client_rt.block_on(seed_bills(&client, app.addr, &issued.key, cfg.bills(), cfg.clients))?;
    let seed_s = t.elapsed().as_secs_f64();
    let total_minor = bills[0].total_minor;
    if bills.iter().any(|b| b.total_minor != total_minor) || total_minor % 100 != 0 {
        return Err("the bills do not all have the same whole-shilling total".into());
    }
    let amount_kes = total_minor / 100;
    println!(
        "  {} bills of {} (KSh {BILL_KES} + convenience fee) created over POST /v1/invoices in {seed_s:.1} s",
        bills.len(),
        kes(total_minor)
    );
    let paybill = app.state.payments.paybill.clone();
    let bodies: Vec<Bytes> = bills
        .iter()
        .enumerate()
        .map(|(i, b)| Bytes::from(c2b_body(&app_trans_id(i), amount_kes, &b.bill_ref, &paybill)))
        .collect();
    let url = format!("http://{}/callbacks/mpesa/c2b/confirmation/{}", app.addr, mlango::payments::DEMO_CALLBACK_TOKEN);
    let now = now_unix();
    let sql = RefSql::new(&paybill);

    // ---- The reference: a copy of the same tables ----
    let mut reference: Box<dyn Reference> = match &ref_target {
        RefTarget::Sqlite { app: app_path, reference } => {
            let src = rusqlite::Connection::open(app_path).map_err(|e| format!("open {}: {e}", app_path.display()))?;
            src.execute("VACUUM INTO ?1", [reference.display().to_string()])
                .map_err(|e| format!("copy the seeded database: {e}"))?;
            drop(src);
            Box::new(SqliteReference::open(reference, sql.clone(), bills.clone(), amount_kes, now)?)
        }
        RefTarget::Postgres { app: app_url, reference } => {
            client_rt.block_on(copy_to_reference(app_url, reference, &bills))?;
            Box::new(PgbenchReference::new(reference, &sql, cfg, &tmp.0, amount_kes, now)?)
        }
    };
    let durability = match &ref_target {
        RefTarget::Sqlite { .. } => "WAL, synchronous=FULL, foreign_keys=ON on both sides".to_string(),
        RefTarget::Postgres { app: app_url, .. } => client_rt.block_on(pg_durability(app_url)),
    };
    println!("  reference: {} ({durability})", reference.describe());

    // ---- Warm-up ----
    let store = app.state.store.as_ref();
    let warm = 0..cfg.warmup;
    let a = client_rt.block_on(drive(&client, &url, &bodies[warm.clone()], cfg.clients))?;
    server_rt.block_on(outbox_drained(store, OUTBOX_WAIT))?;
    let b = reference.run(warm.clone(), "warmup")?;
    println!("  warm-up ({} each): A {:.0}/s, B {:.0}/s", cfg.warmup, a.rate, b.rate);
    let body_check = reference.stored_body(0)?;
    let expected_body = reference.expected_body(0, &bills, &paybill);
    if body_check != expected_body {
        return Err(format!(
            "the reference stores another callback body than the application receives:\n  reference {body_check}\n  expected  {expected_body}"
        ));
    }

    // ---- Rounds, interleaved ----
    let mut app_runs = Vec::new();
    let mut ref_runs = Vec::new();
    let mut ratios = Vec::new();
    let mut backlog = Vec::new();
    for r in 0..cfg.rounds {
        let range = cfg.round(r);
        let (mut a, mut b) = (None, None);
        for side in if r % 2 == 0 { ['A', 'B'] } else { ['B', 'A'] } {
            reference.settle_down(&client_rt);
            if side == 'A' {
                a = Some(client_rt.block_on(drive(&client, &url, &bodies[range.clone()], cfg.clients))?);
                // What the worker has not sent yet goes now, before anything else is timed.
                let drained = server_rt.block_on(outbox_drained(store, OUTBOX_WAIT))?;
                backlog.push((drained.queued_at_first, drained.took.as_secs_f64()));
            } else {
                b = Some(reference.run(range.clone(), &format!("round{r}"))?);
            }
        }
        let (a, b) = (a.ok_or("no A run")?, b.ok_or("no B run")?);
        let ratio = a.rate / b.rate;
        let (sa, sb) = (Stats::of(&a.lat_us), Stats::of(&b.lat_us));
        let (queued, took) = backlog[r];
        println!(
            "  round {}: A app {:>7.1}/s (p50 {:.2} ms, p99 {:.2} ms)  B {:>7.1}/s (p50 {:.2} ms, p99 {:.2} ms)  A/B {ratio:.3}  \
             [{queued} SMS queued after A, sent in {took:.2} s more: {:.1}/s with them]",
            r + 1,
            a.rate,
            sa.p50 / 1e3,
            sa.p99 / 1e3,
            b.rate,
            sb.p50 / 1e3,
            sb.p99 / 1e3,
            with_sms(&a, took)
        );
        ratios.push(ratio);
        app_runs.push(a);
        ref_runs.push(b);
    }

    // ---- Retries of confirmations already applied: must change nothing ----
    let resend: Vec<Bytes> = (cfg.warmup..cfg.bills()).step_by(RESEND_EVERY).map(|i| bodies[i].clone()).collect();
    let dup = client_rt.block_on(drive(&client, &url, &resend, cfg.clients))?;
    let resend_p50_ms = Stats::of(&dup.lat_us).p50 / 1e3;
    println!("  resent {} confirmations (Daraja retries): all acknowledged, p50 {resend_p50_ms:.2} ms", resend.len());

    // ---- Exactly once, receipts included ----
    let end = server_rt.block_on(outbox_drained(store, OUTBOX_WAIT))?;
    let mut app_check = server_rt.block_on(verify_app(store, &bills, cfg.clients));
    app_check.receipts = status_count(&end.counts, "sent");
    let outbox = show_counts(&end.counts);
    let queued = status_count(&end.counts, "queued");
    if queued > 0 {
        app_check.problems.push(format!(
            "{queued} receipt SMS still queued {:.0} s after the last confirmation",
            end.took.as_secs_f64()
        ));
    }
    if app_check.receipts != bills.len() as i64 {
        app_check.problems.push(format!("outbox {outbox} for {} payments", bills.len()));
    }
    let ref_check = reference.verify(&client_rt, bills.len(), total_minor);
    let sms_received = app.sims.sms.messages(None).len();
    let sms_expected = cfg.bills().min(mlango::sim::SIM_MAX_MESSAGES);
    let mut notes = vec![format!("reference statements per confirmation (one transaction): {}", sql.summary())];
    notes.push(
        "application per confirmation: payable_invoice read, then the reference's statements in the same order \
         (PostgreSQL: one transaction each; SQLite: in a savepoint of a group commit with the confirmations waiting \
         at the same moment, up to 64), reply after the commit. After the reply the outbox worker (woken by the \
         payment) claims due rows in batches of 50 (UPDATE … RETURNING), reads each receipt, sends the SMS over \
         HTTP and records the pass's sends in one transaction"
            .into(),
    );
    if sms_received != sms_expected {
        notes.push(format!("the SMS simulator received {sms_received} messages for {sms_expected} payments"));
    }
    println!("  exactly once, application: {}", app_check.line());
    println!("  exactly once, reference:   {}", ref_check.line());
    println!(
        "  outbox: {outbox} for {} payments, the last sent {:.2} s after the retries; the SMS simulator received {sms_received}",
        cfg.bills(),
        end.took.as_secs_f64()
    );

    drop(reference);
    drop(app);
    drop(server_rt);
    Ok(Measured {
        backend: name,
        reference: match &backend {
            Backend::Sqlite => "rusqlite loop".into(),
            Backend::Postgres(_) => format!("pgbench -M prepared -c{} -j{}", cfg.clients, cfg.pgbench_threads),
        },
        goal: match &backend {
            Backend::Sqlite => GOAL_RATIO_SQLITE,
            Backend::Postgres(_) => GOAL_RATIO_PG,
        },
        app_runs,
        ref_runs,
        ratios,
        backlog,
        app_check,
        ref_check,
        resent: resend.len(),
        resend_p50_ms,
        outbox: end.counts,
        sms_received,
        durability,
        seed_s,
        notes,
    })
}

/// The application's outbox once it held nothing queued, or once the wait ran out.
struct Drained {
    /// Queued when the wait began.
    queued_at_first: i64,
    /// Rows by status when it ended.
    counts: Vec<(String, i64)>,
    took: Duration,
}

/// Waits up to `limit` for the outbox worker to send every queued message.
async fn outbox_drained(store: &dyn Store, limit: Duration) -> Result<Drained, String> {
    let t = Instant::now();
    let mut queued_at_first = None;
    loop {
        let counts = store.notice_counts().await.map_err(|e| format!("outbox counts: {e}"))?;
        let queued = status_count(&counts, "queued");
        let first = *queued_at_first.get_or_insert(queued);
        if queued == 0 || t.elapsed() >= limit {
            return Ok(Drained { queued_at_first: first, counts, took: t.elapsed() });
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn status_count(counts: &[(String, i64)], status: &str) -> i64 {
    counts.iter().find(|(s, _)| s == status).map_or(0, |(_, n)| *n)
}

/// `6160 sent, 0 queued, 0 failed`.
fn show_counts(counts: &[(String, i64)]) -> String {
    let mut parts: Vec<String> =
        ["sent", "queued", "failed"].iter().map(|s| format!("{} {s}", status_count(counts, s))).collect();
    parts.extend(
        counts
            .iter()
            .filter(|(s, _)| !["sent", "queued", "failed"].contains(&s.as_str()))
            .map(|(s, n)| format!("{n} {s}")),
    );
    parts.join(", ")
}

enum RefTarget {
    Sqlite { app: PathBuf, reference: PathBuf },
    Postgres { app: String, reference: String },
}

/// The application's M-Pesa TransID for bill `i` (10 characters, like real ones).
fn app_trans_id(i: usize) -> String {
    format!("SBK{i:07}")
}

fn c2b_body(trans_id: &str, amount_kes: i64, bill_ref: &str, paybill: &str) -> String {
    BODY_TEMPLATE
        .replace("{tid}", trans_id)
        .replace("{kes}", &amount_kes.to_string())
        .replace("{paybill}", paybill)
        .replace("{bill}", bill_ref)
}

async fn start_app(db_url: &str) -> Result<AppHandle, String> {
    let store =
        mlango::db::connect(db_url).await.map_err(|e| format!("connect {}: {e}", mlango::db::redact(db_url)))?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| format!("bind: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let options = leptos::config::LeptosOptions::builder()
        .output_name("mlango")
        .site_root("target/site")
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build();
    let (providers, web) = mlango::startup::simulated(&format!("http://{addr}"), Arc::new(app::clock::SystemClock));
    let sims = web.simulators.clone().ok_or("the simulated providers came without simulators")?;
    let state =
        mlango::startup::state_from_store(store, options, providers).await.map_err(|e| format!("load state: {e}"))?;
    // As `mlango serve` runs it: the receipt SMS go out after the reply, in this process.
    mlango::outbox::spawn_worker(&state, Duration::from_secs(2));
    let router = mlango::startup::router(state.clone(), web);
    tokio::spawn(async move {
        let _ = axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>()).await;
    });
    Ok(AppHandle { addr, state, sims })
}

/// `n` agency bills over `POST /v1/invoices`, `clients` at a time, in index order.
async fn seed_bills(
    client: &reqwest::Client,
    addr: std::net::SocketAddr,
    key: &str,
    n: usize,
    clients: usize,
) -> Result<Vec<Bill>, String> {
    let url = format!("http://{addr}/v1/invoices");
    let results: Vec<Result<(usize, Bill), String>> = futures::stream::iter(0..n)
        .map(|i| {
            let (client, url) = (client.clone(), url.clone());
            let auth = format!("Bearer {key}");
            async move {
                let body = format!(
                    r#"{{"amount_kes": {BILL_KES}, "description": "Payments bench bill {i}", "external_ref": "BENCH-{i}", "payer_phone": "0712000001"}}"#
                );
                let r = client
                    .post(&url)
                    .header("authorization", auth)
                    .header("content-type", "application/json")
                    .header("idempotency-key", format!("bench-{i}"))
                    .body(body)
                    .send()
                    .await
                    .map_err(|e| format!("POST /v1/invoices: {e}"))?;
                let status = r.status().as_u16();
                let bytes = r.bytes().await.map_err(|e| format!("POST /v1/invoices: body: {e}"))?;
                let v: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
                match (status, v["bill_ref"].as_str(), v["total_minor"].as_i64()) {
                    (201, Some(b), Some(t)) => Ok((i, Bill { bill_ref: b.to_string(), total_minor: t })),
                    _ => Err(format!(
                        "POST /v1/invoices answered {status}: {}",
                        String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
                    )),
                }
            }
        })
        .buffer_unordered(clients)
        .collect()
        .await;
    let mut bills = vec![None; n];
    for r in results {
        let (i, b) = r?;
        bills[i] = Some(b);
    }
    bills.into_iter().map(|b| b.ok_or_else(|| "a bill is missing".to_string())).collect()
}

/// Posts `bodies` as C2B confirmations, `clients` at a time; every one must be acknowledged.
async fn drive(client: &reqwest::Client, url: &str, bodies: &[Bytes], clients: usize) -> Result<Run, String> {
    let t0 = Instant::now();
    let results: Vec<Result<f64, String>> = futures::stream::iter(bodies.iter().cloned())
        .map(|body| async move {
            let t = Instant::now();
            let r = client
                .post(url)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .map_err(|e| format!("POST confirmation: {e}"))?;
            let status = r.status();
            let bytes = r.bytes().await.map_err(|e| format!("POST confirmation: body: {e}"))?;
            let us = t.elapsed().as_secs_f64() * 1e6;
            let code = serde_json::from_slice::<Value>(&bytes).ok().and_then(|v| v["ResultCode"].as_i64());
            if status != 200 || code != Some(0) {
                return Err(format!(
                    "confirmation answered {status}: {}",
                    String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
                ));
            }
            Ok(us)
        })
        .buffer_unordered(clients)
        .collect()
        .await;
    let wall = t0.elapsed().as_secs_f64();
    let mut lat_us = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(us) => lat_us.push(us),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(format!(
            "{} of {} confirmations were not acknowledged, e.g. {}",
            errors.len(),
            bodies.len(),
            errors.iter().take(3).cloned().collect::<Vec<_>>().join(" | ")
        ));
    }
    Ok(Run { rate: bodies.len() as f64 / wall, lat_us })
}

/// Every bill paid exactly once, through the store's public API.
async fn verify_app(store: &dyn Store, bills: &[Bill], clients: usize) -> Check {
    let expected_minor: i64 = bills.iter().map(|b| b.total_minor).sum();
    let per_bill: Vec<Result<(), String>> = futures::stream::iter(bills.iter())
        .map(|b| async move {
            let payments = store.payments_of(&b.bill_ref).await.map_err(|e| format!("{}: {e}", b.bill_ref))?;
            if payments.len() != 1
                || payments[0].amount_minor != b.total_minor
                || payments[0].applied_minor != b.total_minor
                || payments[0].needs_review
            {
                return Err(format!(
                    "bill {} has {} payment(s) ({:?})",
                    b.bill_ref,
                    payments.len(),
                    payments.iter().map(|p| (p.amount_minor, p.applied_minor, p.needs_review)).collect::<Vec<_>>()
                ));
            }
            match store.payable_invoice(&b.bill_ref).await.map_err(|e| format!("{}: {e}", b.bill_ref))? {
                Some(i) if i.status == InvoiceStatus::Paid && i.paid_minor == b.total_minor => Ok(()),
                Some(i) => Err(format!("bill {} is {:?} with {} paid", b.bill_ref, i.status, i.paid_minor)),
                None => Err(format!("bill {} is gone", b.bill_ref)),
            }
        })
        .buffer_unordered(clients)
        .collect()
        .await;
    let mut check =
        Check { bills: bills.len(), expected_minor, receipts_what: "sent by the outbox", ..Check::default() };
    for r in per_bill {
        match r {
            Ok(()) => check.paid_once += 1,
            Err(e) => check.problems.push(e),
        }
    }
    match store.ledger_totals().await {
        Ok((d, c)) => (check.debits, check.credits) = (d, c),
        Err(e) => check.problems.push(format!("ledger totals: {e}")),
    }
    check
}

// ---------------------------------------------------------------------------------------------
// The reference: the settlement's SQL, one transaction per confirmation
// ---------------------------------------------------------------------------------------------

/// The statements `settle` runs in its one transaction for one fresh C2B confirmation of an
/// agency bill paid in full (server/src/db/payments.rs, `settle` and `settle_in`), in order,
/// with pgbench-style `:name` parameters (SQLite reads the same text as named parameters).
/// Casts are `CAST`, never `::`, for pgbench; no `:` inside a literal is followed by a letter.
#[derive(Clone)]
struct RefSql {
    /// The raw body, deduplicated by `c2b:<TransID>`, stored with its outcome.
    store_callback: String,
    statements: Vec<(&'static str, &'static str)>,
}

impl RefSql {
    fn new(paybill: &str) -> RefSql {
        let body = format!(
            "'{}'",
            BODY_TEMPLATE
                .replace("{tid}", "' || :tid || '")
                .replace("{kes}", "' || :amount_kes || '")
                .replace("{paybill}", paybill)
                .replace("{bill}", "' || :bill || '")
        );
        RefSql {
            store_callback: format!(
                "INSERT INTO mpesa_callbacks (kind, dedupe_key, body, received_at, outcome) VALUES ('c2b_confirmation', \
                 'c2b:' || :tid, {body}, :now, 'applied') ON CONFLICT (dedupe_key) DO UPDATE SET outcome = excluded.outcome \
                 WHERE mpesa_callbacks.outcome = 'received'"
            ),
            statements: vec![
                ("lock invoice", "UPDATE invoices SET paid_minor = paid_minor WHERE bill_ref = :bill"),
                ("receipt seen?", "SELECT attempt_id, bill_ref FROM payments WHERE mpesa_receipt = :tid"),
                (
                    "read bill",
                    "SELECT i.total_minor, i.paid_minor, i.amount_minor AS fee_minor, a.state, a.citizen_id, \
                     i.agency_code, i.application_id, i.api_key_id, i.external_ref, k.webhook_url FROM invoices i \
                     LEFT JOIN applications a ON a.application_id = i.application_id \
                     LEFT JOIN api_keys k ON k.key_id = i.api_key_id WHERE i.bill_ref = :bill",
                ),
                (
                    "insert payment",
                    "INSERT INTO payments (receipt_no, bill_ref, channel, mpesa_receipt, attempt_id, phone, amount_minor, \
                     applied_minor, credit_minor, paid_at, needs_review, note) VALUES ('R' || :rno, :bill, 'mpesa_paybill', \
                     :tid, NULL, '254712000001', :amount, :applied, :credit, :now, FALSE, '') RETURNING payment_id",
                ),
                (
                    "update invoice",
                    "UPDATE invoices SET paid_minor = :paid_after, status = CASE WHEN CAST(:paid_after AS BIGINT) >= \
                     CAST(:b_total_minor AS BIGINT) THEN 'paid' WHEN CAST(:paid_after AS BIGINT) > 0 THEN 'part_paid' \
                     ELSE 'unpaid' END WHERE bill_ref = :bill",
                ),
                (
                    // `post_ledger`: the three lines in one statement.
                    "ledger",
                    "INSERT INTO ledger_entries (payment_id, agency_code, account, debit_minor, credit_minor, at) \
                     VALUES (:payment_id, NULL, 'mpesa_clearing', :amount, 0, :now), \
                     (:payment_id, :b_agency_code, 'agency_revenue', 0, :fee_part, :now), \
                     (:payment_id, :b_agency_code, 'convenience_fees', 0, :conv_part, :now)",
                ),
                (
                    // `notice_rows::enqueue`: the receipt SMS for the payer (no account: an agency bill).
                    "queue receipt SMS",
                    "INSERT INTO notifications (dedupe_key, kind, subject, citizen_id, phone, next_attempt_at, \
                     created_at) VALUES ('receipt:' || 'R' || :rno, 'payment_receipt', 'R' || :rno, NULL, \
                     '254712000001', :now, :now) ON CONFLICT (dedupe_key) DO NOTHING",
                ),
            ],
        }
    }

    fn summary(&self) -> String {
        let mut names: Vec<&str> = self.statements.iter().map(|(n, _)| *n).collect();
        names.push("store raw callback with its outcome (ON CONFLICT)");
        format!(
            "BEGIN (IMMEDIATE on SQLite); {}; COMMIT (lock invoice on PostgreSQL only: SQLite holds the one write lock)",
            names.join(", ")
        )
    }

    fn get(&self, name: &str) -> &'static str {
        self.statements.iter().find(|(n, _)| *n == name).map(|(_, s)| *s).unwrap_or("")
    }

    /// The pgbench script: bill `n` of this run is `base + client_id * per_client + k`.
    fn pgbench_script(&self) -> Result<String, String> {
        let mut s = String::from(
            "-- Generated by server/benches/payments.rs: one C2B confirmation settled, as the application does it.\n\
             \\set n :base + :client_id * :per_client + :k\n\
             \\set k :k + 1\n",
        );
        s.push_str(&format!("\\set bill {REF_BASE} + :n\n\\set tid {TID_BASE} + :n\n\\set rno {REF_BASE} + :n\n"));
        s.push_str("BEGIN;\n");
        s.push_str(&format!("{};\n", self.get("lock invoice")));
        s.push_str(&format!("{};\n", self.get("receipt seen?")));
        s.push_str(&format!("{} \\gset b_\n", self.get("read bill")));
        // allocate(): what the bill still needs, the rest is credit; the fee is paid first.
        s.push_str(
            "\\set applied least(:amount, greatest(:b_total_minor - :b_paid_minor, 0))\n\
             \\set credit :amount - :applied\n\
             \\set paid_after :b_paid_minor + :applied\n\
             \\set fee_part least(:applied, greatest(:b_fee_minor - :b_paid_minor, 0))\n\
             \\set conv_part :applied - :fee_part\n",
        );
        s.push_str(&format!("{} \\gset\n", self.get("insert payment")));
        for name in AFTER_PAYMENT {
            s.push_str(&format!("{};\n", self.get(name)));
        }
        s.push_str(&format!("{};\n", self.store_callback));
        s.push_str("COMMIT;\n");
        // pgbench replaces every `:name`, even inside string literals: only ours may appear.
        const VARS: &[&str] = &[
            "base",
            "client_id",
            "per_client",
            "k",
            "n",
            "bill",
            "tid",
            "rno",
            "now",
            "amount",
            "amount_kes",
            "applied",
            "credit",
            "paid_after",
            "fee_part",
            "conv_part",
            "b_total_minor",
            "b_paid_minor",
            "b_fee_minor",
            "b_agency_code",
            "payment_id",
        ];
        let bytes = s.as_bytes();
        for (i, _) in s.match_indices(':') {
            let rest = &s[i + 1..];
            let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            let prev_colon = i > 0 && bytes[i - 1] == b':';
            if !name.is_empty() && !prev_colon && !rest.starts_with(':') && !VARS.contains(&name.as_str()) {
                return Err(format!("the pgbench script would read an unknown variable :{name}"));
            }
        }
        Ok(s)
    }
}

/// The statements after the payment's `INSERT … RETURNING`, in the application's order (the
/// raw callback follows them).
const AFTER_PAYMENT: [&str; 3] = ["update invoice", "ledger", "queue receipt SMS"];

trait Reference {
    fn describe(&self) -> String;
    /// Settles bills `range`, timed.
    fn run(&mut self, range: std::ops::Range<usize>, tag: &str) -> Result<Run, String>;
    /// The raw callback body the reference stored for bill `i`.
    fn stored_body(&mut self, i: usize) -> Result<String, String>;
    /// What the application receives for the reference's bill `i`.
    fn expected_body(&self, i: usize, bills: &[Bill], paybill: &str) -> String;
    /// Lets the previous run's background work finish before the next timed run.
    fn settle_down(&mut self, rt: &tokio::runtime::Runtime);
    fn verify(&mut self, rt: &tokio::runtime::Runtime, bills: usize, total_minor: i64) -> Check;
}

// ---- SQLite: a plain rusqlite loop ----

struct SqliteReference {
    conn: rusqlite::Connection,
    sql: RefSql,
    bills: Vec<Bill>,
    amount_kes: i64,
    now: i64,
}

impl SqliteReference {
    fn open(path: &Path, sql: RefSql, bills: Vec<Bill>, amount_kes: i64, now: i64) -> Result<Self, String> {
        let e = |e: rusqlite::Error| format!("reference SQLite {}: {e}", path.display());
        let conn = rusqlite::Connection::open(path).map_err(e)?;
        // The application's settings (server/src/db/sqlite.rs).
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(e)?;
        conn.pragma_update(None, "synchronous", "FULL").map_err(e)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(e)?;
        conn.busy_timeout(Duration::from_secs(10)).map_err(e)?;
        let sync: i64 = conn.query_row("PRAGMA synchronous", [], |r| r.get(0)).map_err(e)?;
        if mode != "wal" || sync != 2 {
            return Err(format!(
                "reference SQLite is journal_mode={mode}, synchronous={sync}; expected wal and 2 (FULL)"
            ));
        }
        conn.set_prepared_statement_cache_capacity(32);
        Ok(SqliteReference { conn, sql, bills, amount_kes, now })
    }

    /// One confirmation, as the application's statements run it, in one transaction.
    fn settle_one(&mut self, i: usize) -> rusqlite::Result<()> {
        use rusqlite::types::Value as V;
        let amount = self.amount_kes * 100;
        let mut vals: Vec<(&str, V)> = vec![
            ("tid", V::Text(app_trans_id(i))),
            ("bill", V::Text(self.bills[i].bill_ref.clone())),
            ("rno", V::Integer(REF_BASE + i as i64)),
            ("amount_kes", V::Integer(self.amount_kes)),
            ("amount", V::Integer(amount)),
            ("now", V::Integer(self.now)),
        ];
        // As the application: the write lock taken at BEGIN, so no row lock is needed.
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        {
            let mut st = tx.prepare_cached(self.sql.get("receipt seen?"))?;
            bind(&mut st, &vals)?;
            let mut rows = st.raw_query();
            if rows.next()?.is_some() {
                return Err(rusqlite::Error::ExecuteReturnedResults);
            }
        }
        let (total, paid, fee, agency) = {
            let mut st = tx.prepare_cached(self.sql.get("read bill"))?;
            bind(&mut st, &vals)?;
            let mut rows = st.raw_query();
            let r = rows.next()?.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
            // Decode the whole row, as the application does.
            for text in [3, 8, 9] {
                std::hint::black_box(r.get::<_, Option<String>>(text)?);
            }
            for number in [4, 6, 7] {
                std::hint::black_box(r.get::<_, Option<i64>>(number)?);
            }
            (r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?, r.get::<_, String>(5)?)
        };
        let applied = amount.min((total - paid).max(0));
        let fee_part = applied.min((fee - paid).max(0));
        vals.extend([
            ("b_total_minor", V::Integer(total)),
            ("b_agency_code", V::Text(agency)),
            ("applied", V::Integer(applied)),
            ("credit", V::Integer(amount - applied)),
            ("paid_after", V::Integer(paid + applied)),
            ("fee_part", V::Integer(fee_part)),
            ("conv_part", V::Integer(applied - fee_part)),
        ]);
        let payment_id = row_i64(&tx, self.sql.get("insert payment"), &vals)?;
        vals.push(("payment_id", V::Integer(payment_id)));
        for name in AFTER_PAYMENT {
            exec(&tx, self.sql.get(name), &vals)?;
        }
        exec(&tx, &self.sql.store_callback, &vals)?;
        tx.commit()
    }
}

/// Binds each `:name` parameter of `st` from `vals`.
fn bind(st: &mut rusqlite::CachedStatement<'_>, vals: &[(&str, rusqlite::types::Value)]) -> rusqlite::Result<()> {
    for i in 1..=st.parameter_count() {
        let name = st.parameter_name(i).unwrap_or("").to_string();
        let v = vals
            .iter()
            .find(|(n, _)| name.strip_prefix(':') == Some(*n))
            .map(|(_, v)| v)
            .ok_or_else(|| rusqlite::Error::InvalidParameterName(name.clone()))?;
        st.raw_bind_parameter(i, v)?;
    }
    Ok(())
}

fn exec(conn: &rusqlite::Connection, sql: &str, vals: &[(&str, rusqlite::types::Value)]) -> rusqlite::Result<()> {
    let mut st = conn.prepare_cached(sql)?;
    bind(&mut st, vals)?;
    st.raw_execute().map(|_| ())
}

/// The first column of the one row `sql` returns (an `INSERT … RETURNING`).
fn row_i64(conn: &rusqlite::Connection, sql: &str, vals: &[(&str, rusqlite::types::Value)]) -> rusqlite::Result<i64> {
    let mut st = conn.prepare_cached(sql)?;
    bind(&mut st, vals)?;
    let mut rows = st.raw_query();
    rows.next()?.ok_or(rusqlite::Error::QueryReturnedNoRows)?.get(0)
}

impl Reference for SqliteReference {
    fn describe(&self) -> String {
        format!(
            "plain rusqlite {} loop on one connection (SQLite {}), a VACUUM INTO copy of the seeded database",
            "0.32.1",
            rusqlite::version()
        )
    }

    fn run(&mut self, range: std::ops::Range<usize>, tag: &str) -> Result<Run, String> {
        let n = range.len();
        let mut lat_us = Vec::with_capacity(n);
        let t0 = Instant::now();
        for i in range {
            let t = Instant::now();
            self.settle_one(i).map_err(|e| format!("reference SQLite ({tag}), bill {i}: {e}"))?;
            lat_us.push(t.elapsed().as_secs_f64() * 1e6);
        }
        Ok(Run { rate: n as f64 / t0.elapsed().as_secs_f64(), lat_us })
    }

    fn stored_body(&mut self, i: usize) -> Result<String, String> {
        self.conn
            .query_row(
                "SELECT body FROM mpesa_callbacks WHERE dedupe_key = ?1",
                [format!("c2b:{}", app_trans_id(i))],
                |r| r.get(0),
            )
            .map_err(|e| format!("reference SQLite: stored body: {e}"))
    }

    fn expected_body(&self, i: usize, bills: &[Bill], paybill: &str) -> String {
        c2b_body(&app_trans_id(i), self.amount_kes, &bills[i].bill_ref, paybill)
    }

    fn settle_down(&mut self, _rt: &tokio::runtime::Runtime) {}

    fn verify(&mut self, _rt: &tokio::runtime::Runtime, bills: usize, total_minor: i64) -> Check {
        let mut check = reference_check(bills, total_minor);
        let q = |sql: &str| self.conn.query_row(sql, [], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)));
        match (
            q("SELECT COUNT(*), COALESCE(SUM(amount_minor), 0) FROM payments"),
            q("SELECT COALESCE(SUM(debit_minor), 0), COALESCE(SUM(credit_minor), 0) FROM ledger_entries"),
            q("SELECT COUNT(*), 0 FROM invoices WHERE status = 'paid' AND paid_minor = total_minor"),
            q("SELECT COUNT(*), 0 FROM mpesa_callbacks WHERE outcome = 'applied'"),
            q("SELECT COUNT(*), COUNT(DISTINCT subject) FROM notifications WHERE kind = 'payment_receipt'"),
        ) {
            (Ok(p), Ok(l), Ok((paid, _)), Ok((applied, _)), Ok((receipts, distinct))) => {
                check.fill(p, l, paid, applied, (receipts, distinct));
            }
            (a, b, c, d, e) => check.problems.push(format!("{:?}", [a.err(), b.err(), c.err(), d.err(), e.err()])),
        }
        check
    }
}

// ---- PostgreSQL: pgbench on a scratch database ----

/// Makes `reference` a copy of the application's tables: the same migrations, then `COPY` of the
/// agency key and the bills, with bill references renumbered `REF_BASE + n` for pgbench.
async fn copy_to_reference(app_url: &str, reference: &str, bills: &[Bill]) -> Result<(), String> {
    let store = mlango::db::connect(reference).await.map_err(|e| format!("migrate the reference database: {e}"))?;
    drop(store);
    let e = |what: &'static str| move |e: sqlx::Error| format!("reference copy, {what}: {e}");
    let mut src = sqlx::PgConnection::connect(app_url).await.map_err(e("connect to the application's database"))?;
    let mut dst = sqlx::PgConnection::connect(reference).await.map_err(e("connect to the reference database"))?;
    for table in ["api_keys", "invoices"] {
        let mut data = Vec::new();
        {
            let mut out = src.copy_out_raw(&format!("COPY {table} TO STDOUT")).await.map_err(e("COPY TO"))?;
            while let Some(chunk) = out.next().await {
                data.extend_from_slice(&chunk.map_err(e("COPY TO"))?);
            }
        }
        let mut sink = dst.copy_in_raw(&format!("COPY {table} FROM STDIN")).await.map_err(e("COPY FROM"))?;
        sink.send(data).await.map_err(e("COPY FROM"))?;
        sink.finish().await.map_err(e("COPY FROM"))?;
    }
    let old: Vec<String> = bills.iter().map(|b| b.bill_ref.clone()).collect();
    // Two steps, so a new number can never meet an old one still in place.
    let new: Vec<String> = (0..bills.len()).map(|i| format!("x{}", REF_BASE + i as i64)).collect();
    let n = sqlx::query(
        "UPDATE invoices SET bill_ref = m.new_ref FROM UNNEST($1::text[], $2::text[]) AS m(old_ref, new_ref) \
         WHERE invoices.bill_ref = m.old_ref",
    )
    .bind(&old)
    .bind(&new)
    .execute(&mut dst)
    .await
    .map_err(e("renumber"))?
    .rows_affected();
    sqlx::query("UPDATE invoices SET bill_ref = substr(bill_ref, 2) WHERE bill_ref LIKE 'x%'")
        .execute(&mut dst)
        .await
        .map_err(e("renumber"))?;
    if n as usize != bills.len() {
        return Err(format!("reference copy: {n} of {} bills renumbered", bills.len()));
    }
    // Both start with fresh statistics for the bills, not whenever autovacuum gets round to it.
    // Only the bills: vacuuming the still empty payment tables would record them as empty, and
    // plans cached on long-lived connections (the foreign-key checks of the ledger inserts)
    // would then scan them whole until autovacuum next analyses them, a minute later.
    for conn in [&mut src, &mut dst] {
        sqlx::query("VACUUM ANALYZE invoices, api_keys").execute(&mut *conn).await.map_err(e("VACUUM ANALYZE"))?;
    }
    Ok(())
}

async fn pg_durability(url: &str) -> String {
    let Ok(mut conn) = sqlx::PgConnection::connect(url).await else { return "durability settings unknown".into() };
    let mut parts = Vec::new();
    for setting in ["synchronous_commit", "fsync", "wal_sync_method", "server_version"] {
        let v: String =
            sqlx::query_scalar(&format!("SHOW {setting}")).fetch_one(&mut conn).await.unwrap_or_else(|_| "?".into());
        parts.push(format!("{setting}={v}"));
    }
    parts.join(", ")
}

struct PgbenchReference {
    url: String,
    script: PathBuf,
    dir: PathBuf,
    clients: usize,
    threads: usize,
    amount_kes: i64,
    now: i64,
}

impl PgbenchReference {
    fn new(url: &str, sql: &RefSql, cfg: &Cfg, dir: &Path, amount_kes: i64, now: i64) -> Result<Self, String> {
        let version = Command::new("pgbench").arg("--version").output().map_err(|e| {
            format!("pgbench is not installed ({e}): install postgresql-client (scripts/bench.sh does) to measure the PostgreSQL reference")
        })?;
        if !version.status.success() {
            return Err("pgbench --version failed".into());
        }
        let script = dir.join("confirm.sql");
        std::fs::write(&script, sql.pgbench_script()?).map_err(|e| format!("write {}: {e}", script.display()))?;
        Ok(PgbenchReference {
            url: url.to_string(),
            script,
            dir: dir.to_path_buf(),
            clients: cfg.clients,
            threads: cfg.pgbench_threads,
            amount_kes,
            now,
        })
    }

    fn sql<T>(
        &self,
        rt: &tokio::runtime::Runtime,
        f: impl AsyncFnOnce(&mut sqlx::PgConnection) -> Result<T, sqlx::Error>,
    ) -> Result<T, String> {
        rt.block_on(async {
            let mut conn = sqlx::PgConnection::connect(&self.url).await.map_err(|e| e.to_string())?;
            f(&mut conn).await.map_err(|e| e.to_string())
        })
    }
}

impl Reference for PgbenchReference {
    fn describe(&self) -> String {
        let v = Command::new("pgbench")
            .arg("--version")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default();
        format!(
            "{v}, -M prepared -c {} -j {}, script {} on a scratch database with the application's tables",
            self.clients,
            self.threads,
            self.script.display()
        )
    }

    fn run(&mut self, range: std::ops::Range<usize>, tag: &str) -> Result<Run, String> {
        let per_client = range.len() / self.clients;
        let prefix = self.dir.join(format!("pgbench-{tag}"));
        let (stdout_path, stderr_path) = (self.dir.join(format!("{tag}.out")), self.dir.join(format!("{tag}.err")));
        let file = |p: &Path| std::fs::File::create(p).map_err(|e| format!("{}: {e}", p.display()));
        let mut child = Command::new("pgbench")
            .args(["-n", "-M", "prepared", "-l"])
            .arg(format!("--log-prefix={}", prefix.display()))
            .args(["-c", &self.clients.to_string(), "-j", &self.threads.to_string(), "-t", &per_client.to_string()])
            .args(["-D", "k=0", "-D", &format!("base={}", range.start), "-D", &format!("per_client={per_client}")])
            .args(["-D", &format!("now={}", self.now), "-D", &format!("amount_kes={}", self.amount_kes)])
            .args(["-D", &format!("amount={}", self.amount_kes * 100), "-f"])
            .arg(&self.script)
            .arg(&self.url)
            .stdin(Stdio::null())
            .stdout(file(&stdout_path)?)
            .stderr(file(&stderr_path)?)
            .spawn()
            .map_err(|e| format!("pgbench: {e}"))?;
        let deadline = Instant::now() + Duration::from_secs(600);
        let status = loop {
            match child.try_wait().map_err(|e| e.to_string())? {
                Some(s) => break s,
                None if Instant::now() > deadline => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(format!("pgbench ({tag}) did not finish within 600 s"));
                }
                None => std::thread::sleep(Duration::from_millis(20)),
            }
        };
        let stdout = std::fs::read_to_string(&stdout_path).unwrap_or_default();
        let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
        let tail =
            |s: &str| s.lines().rev().take(6).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join(" | ");
        if !status.success() {
            return Err(format!("pgbench ({tag}) failed: {} {}", tail(&stderr), tail(&stdout)));
        }
        let field = |prefix: &str| {
            stdout.lines().find_map(|l| l.trim().strip_prefix(prefix)).map(|v| v.trim().to_string()).unwrap_or_default()
        };
        let tps: f64 = field("tps =")
            .split_whitespace()
            .next()
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("pgbench ({tag}): no tps in {}", tail(&stdout)))?;
        let processed = field("number of transactions actually processed:");
        let failed = field("number of failed transactions:");
        let expected = format!("{}/{}", range.len(), range.len());
        if processed != expected || !failed.starts_with("0 ") {
            return Err(format!("pgbench ({tag}): processed {processed}, failed {failed}; stderr: {}", tail(&stderr)));
        }
        // Per-transaction log: client_id transaction_no latency_us script_no epoch_s epoch_us.
        let mut lat_us = Vec::with_capacity(range.len());
        let stem = format!("pgbench-{tag}.");
        for entry in std::fs::read_dir(&self.dir).map_err(|e| e.to_string())?.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&stem) {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                lat_us.extend(text.lines().filter_map(|l| l.split_whitespace().nth(2)?.parse::<f64>().ok()));
                let _ = std::fs::remove_file(entry.path());
            }
        }
        if lat_us.len() != range.len() {
            return Err(format!("pgbench ({tag}): {} latencies logged for {} transactions", lat_us.len(), range.len()));
        }
        Ok(Run { rate: tps, lat_us })
    }

    fn stored_body(&mut self, i: usize) -> Result<String, String> {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
        let key = format!("c2b:{}", TID_BASE + i as i64);
        self.sql(&rt, async move |c| {
            sqlx::query_scalar("SELECT body FROM mpesa_callbacks WHERE dedupe_key = $1").bind(key).fetch_one(c).await
        })
        .map_err(|e| format!("reference PostgreSQL: stored body: {e}"))
    }

    fn expected_body(&self, i: usize, _bills: &[Bill], paybill: &str) -> String {
        c2b_body(&(TID_BASE + i as i64).to_string(), self.amount_kes, &(REF_BASE + i as i64).to_string(), paybill)
    }

    fn settle_down(&mut self, rt: &tokio::runtime::Runtime) {
        // Each timed run starts just after a checkpoint, whichever side it measures.
        let _ = self.sql(rt, async |c| sqlx::query("CHECKPOINT").execute(c).await.map(|_| ()));
    }

    fn verify(&mut self, rt: &tokio::runtime::Runtime, bills: usize, total_minor: i64) -> Check {
        let mut check = reference_check(bills, total_minor);
        let r = self.sql(rt, async |c| {
            let one = |sql: &'static str| sqlx::query_as::<_, (i64, i64)>(sql);
            let p = one("SELECT COUNT(*), CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM payments")
                .fetch_one(&mut *c)
                .await?;
            let l = one(
                "SELECT CAST(COALESCE(SUM(debit_minor), 0) AS BIGINT), CAST(COALESCE(SUM(credit_minor), 0) AS BIGINT) \
                 FROM ledger_entries",
            )
            .fetch_one(&mut *c)
            .await?;
            let i = one(
                "SELECT COUNT(*), CAST(0 AS BIGINT) FROM invoices WHERE status = 'paid' AND paid_minor = total_minor",
            )
            .fetch_one(&mut *c)
            .await?;
            let a = one("SELECT COUNT(*), CAST(0 AS BIGINT) FROM mpesa_callbacks WHERE outcome = 'applied'")
                .fetch_one(&mut *c)
                .await?;
            let n = one("SELECT COUNT(*), COUNT(DISTINCT subject) FROM notifications WHERE kind = 'payment_receipt'")
                .fetch_one(&mut *c)
                .await?;
            Ok((p, l, i.0, a.0, n))
        });
        match r {
            Ok((p, l, paid, applied, n)) => check.fill(p, l, paid, applied, n),
            Err(e) => check.problems.push(e),
        }
        check
    }
}

// ---------------------------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------------------------

fn summary(results: &[Outcome], cfg: &Cfg, load_before: &str, load_after: &str, took: Duration) -> String {
    let mut s = String::from("== M-Pesa C2B confirmations/s (§7e) ==============================================\n");
    s.push_str(&format!(
        "{:<9} {:>10} {:>8} {:>8}  {:<32} {:>9} {:>8} {:>8}  {:>17} {:>7}  {}\n",
        "backend",
        "app conf/s",
        "p50 ms",
        "p99 ms",
        "reference",
        "ref/s",
        "p50 ms",
        "p99 ms",
        "ratio (min-max)",
        "goal",
        "verdict"
    ));
    for r in results {
        match r {
            Outcome::Skipped { backend, why } => s.push_str(&format!("{backend:<9} not measured: {why}\n")),
            Outcome::Failed { backend, error } => s.push_str(&format!("{backend:<9} COULD NOT MEASURE: {error}\n")),
            Outcome::Measured(m) => {
                let (a, b) = (m.app_stats(), m.ref_stats());
                let (lo, hi) = min_max(&m.ratios);
                let verdict = if m.ratio() >= m.goal { "meets goal" } else { "below goal" };
                s.push_str(&format!(
                    "{:<9} {:>10.1} {:>8.2} {:>8.2}  {:<32} {:>9.1} {:>8.2} {:>8.2}  {:>17} {:>7}  {verdict}\n",
                    m.backend,
                    m.app_rate(),
                    a.p50 / 1e3,
                    a.p99 / 1e3,
                    m.reference,
                    m.ref_rate(),
                    b.p50 / 1e3,
                    b.p99 / 1e3,
                    format!("{:.3} ({lo:.2}-{hi:.2})", m.ratio()),
                    format!(">= {}", m.goal),
                ));
            }
        }
    }
    for r in results {
        if let Outcome::Measured(m) = r {
            let a = m.app_stats();
            s.push_str(&format!("-- {} --\n", m.backend));
            s.push_str(&format!(
                "  per round     app/s {}; reference/s {}; ratio {}\n",
                m.app_runs.iter().map(|r| format!("{:.1}", r.rate)).collect::<Vec<_>>().join(" "),
                m.ref_runs.iter().map(|r| format!("{:.1}", r.rate)).collect::<Vec<_>>().join(" "),
                m.ratios.iter().map(|r| format!("{r:.3}")).collect::<Vec<_>>().join(" ")
            ));
            s.push_str(&format!("  exactly once  application {}\n", m.app_check.line()));
            s.push_str(&format!("                reference   {}\n", m.ref_check.line()));
            s.push_str(&format!(
                "  retries       {} confirmations resent after the rounds: all acknowledged (p50 {:.2} ms), none paid twice\n",
                m.resent, m.resend_p50_ms
            ));
            s.push_str(&format!(
                "  receipt SMS   queued in the settlement's transaction, sent after the reply by the outbox worker \
                 (in-process, concurrent with the load;\n                here to the SMS simulator over loopback HTTP, \
                 in production Africa's Talking): outbox {}; the simulator received {}\n                still queued \
                 when each A round ended: {} (sent within {} s more, before the next run); counting that time, \
                 app/s {} (median {:.1}; information, the ratio counts replies)\n",
                show_counts(&m.outbox),
                m.sms_received,
                m.backlog.iter().map(|(q, _)| q.to_string()).collect::<Vec<_>>().join(" "),
                m.backlog.iter().map(|(_, t)| format!("{t:.2}")).collect::<Vec<_>>().join(" "),
                m.app_rates_with_sms().iter().map(|r| format!("{r:.1}")).collect::<Vec<_>>().join(" "),
                median(&m.app_rates_with_sms())
            ));
            s.push_str(&format!("  durability    {}\n", m.durability));
            s.push_str(&format!(
                "  §7e absolute  >= {GOAL_RATE:.0} conf/s: {} ({:.0}); p99 <= {GOAL_P99_MS:.0} ms: {} ({:.1} ms) (information)\n",
                if m.app_rate() >= GOAL_RATE { "met" } else { "not met" },
                m.app_rate(),
                if a.p99 / 1e3 <= GOAL_P99_MS { "met" } else { "not met" },
                a.p99 / 1e3
            ));
            for n in &m.notes {
                s.push_str(&format!("  note          {n}\n"));
            }
        }
    }
    s.push_str(&format!(
        "method           {} clients, keep-alive HTTP/1.1 on loopback, client-timed send to last byte; server {} tokio \
         worker(s), in-process;\n                 warm-up {} per side, then {} rounds x {} fresh bills per side, A and B \
         alternating; ratio = median of per-round A/B\n",
        cfg.clients, cfg.server_threads, cfg.warmup, cfg.rounds, cfg.per_round
    ));
    s.push_str(&format!(
        "host             {} cores, load average {load_before} before, {load_after} after; {:.0} s in all\n",
        cores(),
        took.as_secs_f64()
    ));
    s.push_str("==================================================================================");
    s
}
