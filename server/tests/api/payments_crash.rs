//! Payments survive `kill -9`: the real `mlango` binary takes agency invoices and sends STK
//! pushes to a Daraja simulator in this test process (so the simulator's ledger outlives the
//! server), callbacks are duplicated, reordered and dropped, and the server is killed with
//! SIGKILL three times mid-stream and restarted. Then `mlango reconcile` (queries) and
//! `mlango reconcile --statement … --apply` (the M-Pesa statement) run once. Every shilling
//! M-Pesa took is recorded exactly once, against the right bill; no bill is paid twice. On
//! SQLite and PostgreSQL.

use crate::helpers::{TestDb, all_dbs};
use mlango::sim::Simulators;
use mlango::sim::mpesa::{AutoAnswer, AutoMode, Chaos};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::process::Stdio;
use std::time::Duration;
use tokio::process::{Child, Command};

const BILLS: usize = 300;
const TOKEN: &str = "crash-test-callback-token-0123456789abcdef";

struct Server {
    child: Option<Child>,
    port: u16,
    db: String,
    sim: String,
}

impl Server {
    fn envs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("MLANGO_DEMO", "1".into()),
            ("DATABASE_URL", self.db.clone()),
            ("LEPTOS_SITE_ADDR", format!("127.0.0.1:{}", self.port)),
            ("MLANGO_BASE_URL", format!("http://127.0.0.1:{}", self.port)),
            ("MLANGO_MPESA_BASE_URL", format!("{}/sim/mpesa", self.sim)),
            ("MLANGO_MPESA_CONSUMER_KEY", mlango::sim::SIM_MPESA_CONSUMER_KEY.into()),
            ("MLANGO_MPESA_CONSUMER_SECRET", mlango::sim::SIM_MPESA_CONSUMER_SECRET.into()),
            ("MLANGO_MPESA_SHORTCODE", mlango::sim::SIM_MPESA_SHORTCODE.into()),
            ("MLANGO_MPESA_PASSKEY", mlango::sim::SIM_MPESA_PASSKEY.into()),
            ("MLANGO_MPESA_CALLBACK_TOKEN", TOKEN.into()),
            ("MLANGO_RATE_LIMIT_READS_PER_MINUTE", "0".into()),
            ("MLANGO_RATE_LIMIT_WRITES_PER_MINUTE", "0".into()),
            ("RUST_LOG", "error".into()),
        ]
    }

    async fn start(&mut self) {
        let child = Command::new(env!("CARGO_BIN_EXE_mlango"))
            .arg("serve")
            .envs(self.envs())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start mlango");
        self.child = Some(child);
        let client = reqwest::Client::new();
        for _ in 0..600 {
            if let Ok(r) = client.get(format!("http://127.0.0.1:{}/readyz", self.port)).send().await
                && r.status().is_success()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("mlango did not become ready");
    }

    /// SIGKILL: no graceful shutdown, no flushing.
    async fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            c.kill().await.expect("kill -9");
        }
    }

    async fn cli(&self, args: &[&str]) -> (bool, String) {
        let out =
            Command::new(env!("CARGO_BIN_EXE_mlango")).args(args).envs(self.envs()).output().await.expect("run mlango");
        (
            out.status.success(),
            format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
        )
    }
}

/// A loopback port nothing listens on now.
pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr").port()
}

/// The provider simulators served from this test process (so they outlive the servers under
/// test), and their origin.
pub(crate) async fn sims() -> (Simulators, String) {
    let sims = Simulators::new();
    let app: axum::Router = axum::Router::new().nest("/sim", mlango::sim::router(sims.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (sims, format!("http://127.0.0.1:{}", addr.port()))
}

/// One request, retried across restarts: `Err` only when the server is down.
async fn post(
    client: &reqwest::Client,
    url: &str,
    key: &str,
    idem: Option<&str>,
    body: Value,
) -> Result<(u16, Value), ()> {
    let mut req = client.post(url).bearer_auth(key).json(&body);
    if let Some(i) = idem {
        req = req.header("Idempotency-Key", i);
    }
    let r = req.send().await.map_err(|_| ())?;
    let status = r.status().as_u16();
    Ok((status, r.json().await.unwrap_or(Value::Null)))
}

async fn run(db: &TestDb) {
    let backend = db.backend;
    let (sims, sim) = sims().await;
    sims.mpesa
        .set_chaos(Chaos {
            duplicate: 0.2,
            reorder: 0.1,
            drop: 0.05,
            delay_ms_max: 40,
            seed: Some(7),
            ..Chaos::default()
        })
        .expect("chaos");
    sims.mpesa.set_auto(AutoAnswer { mode: AutoMode::Pay, after_ms: 20 });
    sims.mpesa.set_balance(&app::contact::PhoneNumber::parse("0712000001").expect("phone"), 100_000_000);
    let mut server = Server { child: None, port: free_port(), db: db.url.clone(), sim };
    server.start().await;
    let (ok, out) = server.cli(&["api-key", "create", "--agency", "immigration"]).await;
    assert!(ok, "{backend}: {out}");
    let key = out.lines().find_map(|l| l.trim().strip_prefix("mlg_").map(|k| format!("mlg_{k}"))).expect("a key");

    let client = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().expect("client");
    let base = format!("http://127.0.0.1:{}", server.port);
    let kill_at = [BILLS / 4, BILLS / 2, 3 * BILLS / 4];
    let mut bills: BTreeMap<String, i64> = BTreeMap::new();
    for i in 0..BILLS {
        // Distinct amounts: a push whose reply was lost can be matched to its bill by amount.
        let amount = 100 + i as i64;
        let body = json!({"amount_kes": amount, "description": format!("crash test {i}")});
        let idem = format!("crash-{i}");
        let (status, inv) = loop {
            match post(&client, &format!("{base}/v1/invoices"), &key, Some(&idem), body.clone()).await {
                Ok(r) => break r,
                Err(()) => server.start().await,
            }
        };
        assert_eq!(status, 201, "{backend}: {inv}");
        let bill = inv["bill_ref"].as_str().expect("bill").to_string();
        bills.insert(bill.clone(), inv["total_minor"].as_i64().expect("total"));
        let stk = format!("{base}/v1/invoices/{bill}/mpesa-stk");
        if kill_at.contains(&i) {
            // Kill the server while the push is in flight, then carry on after a restart.
            let c = client.clone();
            let k = key.clone();
            let push = tokio::spawn(async move { post(&c, &stk, &k, None, json!({"phone": "0712000001"})).await });
            tokio::time::sleep(Duration::from_millis(3)).await;
            server.kill().await;
            let _ = push.await;
            tokio::time::sleep(Duration::from_millis(300)).await;
            server.start().await;
            continue;
        }
        loop {
            match post(&client, &stk, &key, None, json!({"phone": "0712000001"})).await {
                Ok((s, r)) => {
                    assert!(s == 202 || s == 409, "{backend}: {s} {r}");
                    break;
                }
                Err(()) => server.start().await,
            }
        }
    }
    // Every prompt answered and every callback the simulator will post, posted.
    for _ in 0..100 {
        if sims.mpesa.pushes().iter().all(|p| p.result.is_some()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // A callback held back for reordering with nothing after it counts as dropped.
    sims.mpesa.settle(Duration::from_secs(10)).await;
    server.kill().await;

    // Reconciliation, as an operator runs it: queries first, then the day's statement.
    let (ok, out) = server.cli(&["reconcile", "--older-than", "0"]).await;
    eprintln!("{backend}: {out}");
    assert!(ok, "{backend}: {out}");
    let dir = std::env::temp_dir().join(format!("mlango-statement-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("dir");
    let csv_path = dir.join("statement.csv");
    let csv =
        reqwest::get(format!("{}/sim/mpesa/statement.csv", server.sim)).await.expect("csv").text().await.expect("csv");
    std::fs::write(&csv_path, &csv).expect("write");
    let path = csv_path.to_string_lossy().to_string();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("time").as_secs() as i64;
    let today = app::applications::calendar::Date::from_unix_eat(now).iso();
    let (ok, out) = server.cli(&["reconcile", "--statement", &path, "--date", &today, "--apply"]).await;
    eprintln!("{backend}: {out}");
    assert!(ok, "{backend}: {out}");
    let (ok, out) = server.cli(&["reconcile", "--statement", &path, "--date", &today]).await;
    assert!(ok, "{backend}: after applying, the statement and the records agree: {out}");
    let _ = std::fs::remove_dir_all(&dir);

    // Every shilling M-Pesa took, recorded once against its bill; no bill paid twice.
    let store = mlango::db::connect(&db.url).await.expect("store");
    let statement = mlango::payments::read_statement_csv(&csv).expect("statement");
    let mut paid_at_mpesa: BTreeMap<String, i64> = BTreeMap::new();
    for l in &statement {
        *paid_at_mpesa.entry(l.account.clone()).or_default() += l.amount_minor;
    }
    let mut recorded_total = 0;
    for (bill, total) in &bills {
        let payments = store.payments_of(bill).await.expect("payments");
        let recorded: i64 = payments.iter().map(|p| p.amount_minor).sum();
        recorded_total += recorded;
        let at_mpesa = paid_at_mpesa.get(bill).copied().unwrap_or(0);
        assert_eq!(recorded, at_mpesa, "{backend}: {bill}: recorded {payments:?}");
        assert!(payments.len() <= 1, "{backend}: {bill} paid more than once: {payments:?}");
        let invoice = store.payable_invoice(bill).await.expect("invoice").expect("exists");
        if at_mpesa > 0 {
            assert_eq!((invoice.paid_minor, invoice.status.code()), (*total, "paid"), "{backend}: {bill}");
        }
    }
    let statement_total: i64 = statement.iter().map(|l| l.amount_minor).sum();
    assert_eq!(recorded_total, statement_total, "{backend}: totals equal the simulator's ledger");
    let (debits, credits) = store.ledger_totals().await.expect("ledger");
    assert_eq!((debits, credits), (statement_total, statement_total), "{backend}: the ledger balances");
    let paid = bills.keys().filter(|b| paid_at_mpesa.contains_key(*b)).count();
    assert!(paid >= BILLS - kill_at.len(), "{backend}: only {paid} of {BILLS} bills were paid");
    // Nothing with a checkout id is left pending; only pushes that never got one may wait.
    for a in store.attempts_to_reconcile(i64::MAX, 10_000).await.expect("open") {
        assert!(a.checkout_request_id.is_none(), "{backend}: still pending: {a:?}");
        assert!(!paid_at_mpesa.contains_key(&a.bill_ref), "{backend}: paid but still open: {a:?}");
    }
}

#[tokio::test]
async fn no_payment_is_lost_or_doubled_when_the_server_is_killed_mid_stream() {
    for db in all_dbs().await {
        run(&db).await;
    }
}
