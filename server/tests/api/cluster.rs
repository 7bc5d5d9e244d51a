//! Several servers on one PostgreSQL database (issue 9). Two real `mlango serve` processes,
//! configured as in production (no demo mode: Daraja, Africa's Talking and the identity
//! registry are the protocol-faithful simulators served from this test process, so they outlive
//! the servers), take 300 agency invoices and their STK pushes. M-Pesa's callbacks are then
//! posted to both servers in turn, a quarter of them to both at once; server A is killed with
//! SIGKILL a third of the way through (every callback it did not answer goes to B, as
//! Safaricom's retry through the load balancer would) and restarted at two thirds. In the end:
//! every bill is paid exactly once, the ledger balances, every payer gets exactly one receipt
//! SMS, and every `invoice.paid` event reaches the agency's receiver, signed.
//!
//! Also here: SIGTERM lets in-flight requests finish while `/readyz` answers 503, the store
//! keeps a late record from a server whose claim lapsed from undoing another's work, and two
//! servers sending STK pushes through one Daraja app.

use crate::helpers::{TestApp, TestDb, all_dbs, connect, fixture, postgres_db, sqlite_db};
use crate::payments_crash::{free_port, sims};
use app::notifications::outbox::{NoticeResult, NoticeStatus};
use app::payments::state::InvoiceStatus;
use futures::StreamExt;
use mlango::sim::mpesa::{AutoAnswer, AutoMode, CallbackKind, Chaos, DeliveryOutcome};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

const INVOICES: usize = 300;
const TOKEN: &str = "cluster-test-callback-token-0123456789abcdef";
/// The shortest claim the configuration allows: what a killed server held is taken over
/// within the test's time (production keeps the 60 s default).
const CLAIM_SECS: &str = "20";
/// How long an SMS in doubt waits for its delivery report (the simulator reports within
/// 50 ms; production keeps the 600 s default).
const REPORT_WAIT_SECS: &str = "20";
/// Requests in flight at once.
const CONCURRENCY: usize = 12;

/// One `mlango` process: its settings, its port (kept across restarts) and its log file.
struct Node {
    name: &'static str,
    port: u16,
    child: Option<Child>,
    envs: Vec<(&'static str, String)>,
    log: PathBuf,
}

impl Node {
    fn new(name: &'static str, db: &str, sim: &str, dir: &std::path::Path, extra: &[(&'static str, &str)]) -> Node {
        let port = free_port();
        let mut envs: Vec<(&'static str, String)> = vec![
            ("DATABASE_URL", db.to_string()),
            ("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}")),
            ("MLANGO_BASE_URL", format!("http://127.0.0.1:{port}")),
            ("MLANGO_MPESA_BASE_URL", format!("{sim}/sim/mpesa")),
            ("MLANGO_MPESA_CONSUMER_KEY", mlango::sim::SIM_MPESA_CONSUMER_KEY.into()),
            ("MLANGO_MPESA_CONSUMER_SECRET", mlango::sim::SIM_MPESA_CONSUMER_SECRET.into()),
            ("MLANGO_MPESA_SHORTCODE", mlango::sim::SIM_MPESA_SHORTCODE.into()),
            ("MLANGO_MPESA_PASSKEY", mlango::sim::SIM_MPESA_PASSKEY.into()),
            ("MLANGO_MPESA_CALLBACK_TOKEN", TOKEN.into()),
            ("MLANGO_SMS_BASE_URL", format!("{sim}/sim/sms")),
            ("MLANGO_SMS_USERNAME", mlango::sim::SIM_AT_USERNAME.into()),
            ("MLANGO_SMS_API_KEY", mlango::sim::SIM_AT_API_KEY.into()),
            ("MLANGO_IDENTITY_URL", format!("{sim}/sim/registry")),
            ("MLANGO_IDENTITY_TOKEN", mlango::sim::SIM_REGISTRY_TOKEN.into()),
            ("MLANGO_RATE_LIMIT_READS_PER_MINUTE", "0".into()),
            ("MLANGO_RATE_LIMIT_WRITES_PER_MINUTE", "0".into()),
            ("MLANGO_WORKER_CLAIM_SECS", CLAIM_SECS.into()),
            ("MLANGO_SMS_REPORT_WAIT_SECS", REPORT_WAIT_SECS.into()),
            ("RUST_LOG", "warn".into()),
        ];
        for (k, v) in extra {
            envs.retain(|(name, _)| name != k);
            envs.push((k, v.to_string()));
        }
        Node { name, port, child: None, envs, log: dir.join(format!("{name}.log")) }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn command(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_mlango"));
        // Production mode: nothing simulated inside the server, whatever the caller's shell says.
        c.env_remove("MLANGO_DEMO").envs(self.envs.iter().map(|(k, v)| (*k, v.as_str())));
        c
    }

    /// The end of the server's log, for failure messages.
    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        format!("--- last lines of {} ---\n{}", self.log.display(), lines[lines.len().saturating_sub(30)..].join("\n"))
    }

    /// Starts `mlango serve` and waits until `/readyz` says it is ready.
    async fn start(&mut self) {
        let log = std::fs::OpenOptions::new().create(true).append(true).open(&self.log).expect("log file");
        let child = self
            .command()
            .arg("serve")
            .stdout(Stdio::from(log.try_clone().expect("log file")))
            .stderr(Stdio::from(log))
            .kill_on_drop(true)
            .spawn()
            .expect("start mlango");
        self.child = Some(child);
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(r) = client.get(format!("{}/readyz", self.url())).send().await
                && r.status().is_success()
            {
                return;
            }
            if let Some(Ok(Some(status))) = self.child.as_mut().map(|c| c.try_wait()) {
                panic!("server {} exited during start-up ({status})\n{}", self.name, self.log_tail());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("server {} did not become ready within a minute\n{}", self.name, self.log_tail());
    }

    /// SIGKILL: no graceful shutdown, no flushing, claims left as they were.
    async fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            c.kill().await.expect("kill -9");
        }
    }

    /// Runs a one-off `mlango` command with this server's settings.
    async fn cli(&self, args: &[&str]) -> String {
        let out = self.command().args(args).output().await.expect("run mlango");
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "mlango {args:?} failed: {text}");
        text
    }
}

/// An agency's webhook receiver: records every post (event id, signature, body) and accepts it.
type Posts = Arc<Mutex<Vec<(String, String, String)>>>;

async fn webhook_receiver() -> (String, Posts) {
    let posts: Posts = Arc::default();
    let log = posts.clone();
    let app = axum::Router::new().route(
        "/hooks/mlango",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: String| {
            let log = log.clone();
            async move {
                let h = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
                log.lock().expect("log").push((h("mlango-event-id"), h("mlango-signature"), body));
                axum::http::StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/hooks/mlango"), posts)
}

/// The `i`th payer's phone (each bill is paid from its own phone, so each receipt SMS is told
/// apart by its recipient as well as its text).
fn phone(i: usize) -> String {
    format!("0722{:06}", 500_000 + i)
}

/// The line of `out` starting with `prefix`.
fn line_with(out: &str, prefix: &str) -> String {
    out.lines()
        .map(str::trim)
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix}… in {out}"))
        .to_string()
}

/// POSTs JSON with the agency key; status and body.
async fn post_json(client: &reqwest::Client, url: &str, key: &str, idem: Option<&str>, body: &Value) -> (u16, Value) {
    let mut req = client.post(url).bearer_auth(key).json(body);
    if let Some(i) = idem {
        req = req.header("Idempotency-Key", i);
    }
    let r = req.send().await.unwrap_or_else(|e| panic!("POST {url}: {e}"));
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// Posts one STK callback as Daraja does, starting with server `first` and moving to the
/// other whenever a server does not acknowledge it (down, killed mid-request, or refusing);
/// returns which server acknowledged it and how many posts it took.
async fn deliver_callback(client: &reqwest::Client, urls: &[String; 2], first: usize, body: &Value) -> (usize, usize) {
    let mut target = first;
    for posts in 1..=400 {
        let sent = client.post(format!("{}/callbacks/mpesa/stk/{TOKEN}", urls[target])).json(body).send().await;
        if let Ok(r) = sent
            && r.status().is_success()
            && let Ok(reply) = r.json::<Value>().await
        {
            assert_eq!(reply["ResultCode"], 0, "{reply}");
            return (target, posts);
        }
        target = 1 - target;
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("no server acknowledged a callback: {body}");
}

/// Counts by state of one table's column, from the database the servers share.
async fn counts(pool: &sqlx::PgPool, sql: &str) -> BTreeMap<String, i64> {
    sqlx::query_as::<_, (String, i64)>(sql).fetch_all(pool).await.expect("count").into_iter().collect()
}

#[tokio::test]
async fn two_servers_one_killed_mid_run_pay_every_bill_once_and_send_each_receipt_and_webhook_once() {
    let Some(db) = postgres_db().await else { return };
    let started = Instant::now();
    let store = connect(&db).await;
    store.import_catalogue(&fixture()).await.expect("fixture");
    let pool = sqlx::PgPool::connect(&db.url).await.expect("pool");

    let (sims, sim) = sims().await;
    // The customers answer every prompt at once; Daraja's own callbacks are held back (the test
    // posts each one itself, to the server of its choosing) but recorded with their bodies.
    sims.mpesa.set_chaos(Chaos { drop: 1.0, seed: Some(9), ..Chaos::default() }).expect("chaos");
    sims.mpesa.set_auto(AutoAnswer { mode: AutoMode::Pay, after_ms: 0 });
    let (hook, posts) = webhook_receiver().await;

    let dir = std::env::temp_dir().join(format!("mlango-cluster-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("log dir");
    let mut a = Node::new("a", &db.url, &sim, &dir, &[]);
    let mut b = Node::new("b", &db.url, &sim, &dir, &[]);
    // Africa's Talking posts delivery reports to one URL: here B, the server that stays up.
    sims.sms.set_callbacks(&b.url());
    tokio::join!(a.start(), b.start());
    let out = a
        .cli(&["api-key", "create", "--agency", "immigration", "--label", "cluster test", "--webhook-url", &hook])
        .await;
    let key = line_with(&out, "mlg_");
    let secret = line_with(&out, "whsec_");
    let urls = [a.url(), b.url()];
    let client = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().expect("client");

    // Invoices and STK pushes on both servers (one Daraja app, one shared access token).
    let bills: Vec<(String, i64, String)> = futures::stream::iter(0..INVOICES)
        .map(|i| {
            let (client, urls, key) = (&client, &urls, &key);
            async move {
                let body = json!({
                    "amount_kes": 100 + i,
                    "description": format!("Cluster test {i}"),
                    "external_ref": format!("CL-{i}"),
                });
                let url = format!("{}/v1/invoices", urls[i % 2]);
                let (status, inv) = post_json(client, &url, key, Some(&format!("cluster-{i}")), &body).await;
                assert_eq!(status, 201, "{inv}");
                let bill = inv["bill_ref"].as_str().expect("bill_ref").to_string();
                let url = format!("{}/v1/invoices/{bill}/mpesa-stk", urls[(i / 2) % 2]);
                let (status, push) = post_json(client, &url, key, None, &json!({"phone": phone(i)})).await;
                assert_eq!(status, 202, "{push}");
                let checkout = push["checkout_request_id"].as_str().expect("checkout id").to_string();
                (bill, inv["total_minor"].as_i64().expect("total_minor"), checkout)
            }
        })
        .buffered(CONCURRENCY)
        .collect()
        .await;
    let billed = started.elapsed();

    // Every prompt answered: Daraja's callback bodies, by checkout id.
    let deadline = Instant::now() + Duration::from_secs(60);
    let callbacks = loop {
        let held: BTreeMap<String, Value> = sims
            .mpesa
            .callbacks()
            .into_iter()
            .filter(|c| c.kind == CallbackKind::Stk && c.outcome == DeliveryOutcome::Dropped)
            .map(|c| (c.reference, c.body))
            .collect();
        if held.len() == INVOICES {
            break held;
        }
        assert!(Instant::now() < deadline, "only {} of {INVOICES} prompts were answered", held.len());
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    for (_, _, checkout) in &bills {
        let body = &callbacks[checkout];
        assert_eq!(body["Body"]["stkCallback"]["ResultCode"], 0, "{body}");
    }

    // The callbacks, alternating servers, every fourth to both at once; A is killed a third of
    // the way through and restarted at two thirds.
    let done = AtomicUsize::new(0);
    let answered_by = Mutex::new([0usize; 2]);
    let after_restart = AtomicUsize::new(0);
    let restarted = std::sync::atomic::AtomicBool::new(false);
    let failovers = AtomicUsize::new(0);
    let deliveries =
        futures::stream::iter(bills.iter().enumerate()).for_each_concurrent(CONCURRENCY, |(i, (_, _, checkout))| {
            let (client, urls, body) = (&client, &urls, &callbacks[checkout]);
            let (done, answered_by, failovers, after_restart, restarted) =
                (&done, &answered_by, &failovers, &after_restart, &restarted);
            async move {
                // The last third waits for A to be back, so the restarted server takes its share.
                while i >= 2 * INVOICES / 3 && !restarted.load(Ordering::SeqCst) {
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                let first = i % 2;
                let answers = if i % 4 == 3 {
                    let (x, y) = tokio::join!(
                        deliver_callback(client, urls, first, body),
                        deliver_callback(client, urls, 1 - first, body)
                    );
                    vec![x, y]
                } else {
                    vec![deliver_callback(client, urls, first, body).await]
                };
                for (server, posts) in answers {
                    answered_by.lock().expect("tally")[server] += 1;
                    failovers.fetch_add(posts - 1, Ordering::SeqCst);
                    if server == 0 && restarted.load(Ordering::SeqCst) {
                        after_restart.fetch_add(1, Ordering::SeqCst);
                    }
                }
                done.fetch_add(1, Ordering::SeqCst);
            }
        });
    let chaos = async {
        while done.load(Ordering::SeqCst) < INVOICES / 3 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        a.kill().await;
        let killed_at = done.load(Ordering::SeqCst);
        while done.load(Ordering::SeqCst) < 2 * INVOICES / 3 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        a.start().await;
        restarted.store(true, Ordering::SeqCst);
        killed_at
    };
    let ((), killed_at) = tokio::join!(deliveries, chaos);
    let delivered = started.elapsed();

    // Until every bill is paid and every receipt and webhook has gone (or a deadline).
    let deadline = Instant::now() + Duration::from_secs(150);
    let (paid, notices, hooks) = loop {
        let paid = counts(&pool, "SELECT status, COUNT(*) FROM invoices GROUP BY status").await;
        let notices = counts(&pool, "SELECT status, COUNT(*) FROM notifications GROUP BY status").await;
        let hooks = counts(&pool, "SELECT state, COUNT(*) FROM webhook_deliveries GROUP BY state").await;
        let sent = notices.get("sent").unwrap_or(&0) + notices.get("delivered").unwrap_or(&0);
        if paid.get("paid") == Some(&(INVOICES as i64))
            && sent == INVOICES as i64
            && hooks.get("delivered") == Some(&(INVOICES as i64))
        {
            break (paid, notices, hooks);
        }
        assert!(
            Instant::now() < deadline,
            "not settled: invoices {paid:?}, messages {notices:?}, webhooks {hooks:?}\n{}\n{}",
            a.log_tail(),
            b.log_tail()
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    let drained = started.elapsed();

    // No payment lost or doubled: each bill paid once, by the money M-Pesa took for it.
    let statement: BTreeMap<String, String> =
        sims.mpesa.statement().into_iter().map(|s| (s.account_reference, s.receipt)).collect();
    assert_eq!(statement.len(), INVOICES, "one M-Pesa transaction per bill");
    let mut receipts = BTreeMap::new();
    let mut total = 0;
    for (i, (bill, total_minor, _)) in bills.iter().enumerate() {
        let payments = store.payments_of(bill).await.expect("payments");
        assert_eq!(payments.len(), 1, "{bill} paid exactly once: {payments:?}");
        let p = &payments[0];
        assert_eq!((p.amount_minor, p.needs_review), (*total_minor, false), "{bill}: {p:?}");
        assert_eq!(p.mpesa_receipt.as_ref(), statement.get(bill), "{bill}: the receipt M-Pesa issued");
        let invoice = store.payable_invoice(bill).await.expect("invoice").expect("exists");
        assert_eq!((invoice.status, invoice.paid_minor), (InvoiceStatus::Paid, *total_minor), "{bill}");
        let to = app::contact::PhoneNumber::parse(&phone(i)).expect("phone");
        receipts.insert(p.receipt_no.clone(), (bill.clone(), to.as_str().to_string()));
        total += p.amount_minor;
    }
    assert_eq!(store.ledger_totals().await.expect("ledger"), (total, total), "the ledger balances");

    // Each payer got exactly one SMS, the receipt for their payment, and nothing else went.
    let sms = sims.sms.messages(None);
    let mut per_receipt: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for m in &sms {
        let receipt = receipts.keys().find(|r| m.text.contains(&format!("Receipt {r}.")));
        let receipt = receipt.unwrap_or_else(|| panic!("an SMS that is no receipt of this run: {m:?}"));
        assert_eq!(m.to, receipts[receipt].1, "{receipt} went to its payer");
        assert!(m.text.contains(&receipts[receipt].0), "{m:?}");
        per_receipt.entry(receipt.as_str()).or_default().push(m.to.as_str());
    }
    let twice: Vec<_> = per_receipt.iter().filter(|(_, to)| to.len() > 1).collect();
    assert!(twice.is_empty(), "receipts sent more than once: {twice:?}");
    assert_eq!((per_receipt.len(), sms.len()), (INVOICES, INVOICES), "one receipt SMS per payment");

    // Every event reached the agency, signed with its key's secret. A post can repeat only if
    // a server died between the receiver's answer and recording it (at most one: A posts one
    // at a time); receivers deduplicate on the event id, and a repeat is the same event.
    let posts = posts.lock().expect("posts").clone();
    // Each event's posts: the receipt it names and when it was signed.
    let mut events: BTreeMap<String, Vec<(String, i64)>> = BTreeMap::new();
    for (event_id, sig, body) in &posts {
        let t: i64 = sig.trim_start_matches("t=").split(',').next().and_then(|t| t.parse().ok()).expect("t=");
        assert_eq!(sig, &mlango::webhooks::signature(&secret, t, body), "signed with the key's secret");
        let event: Value = serde_json::from_str(body).expect("json");
        assert_eq!((event["id"].as_str(), event["type"].as_str()), (Some(event_id.as_str()), Some("invoice.paid")));
        let receipt = event["data"]["receipt_no"].as_str().unwrap_or("").to_string();
        events.entry(event_id.clone()).or_default().push((receipt, t));
    }
    let expected: BTreeSet<String> = bills.iter().map(|(bill, _, _)| format!("evt_{bill}_paid")).collect();
    assert_eq!(events.keys().cloned().collect::<BTreeSet<_>>(), expected, "one event per paid bill");
    for (event, seen) in &events {
        assert!(seen.iter().all(|(r, _)| r == &seen[0].0 && receipts.contains_key(r)), "{event}: {seen:?}");
    }
    let repeats = posts.len() - events.len();
    let repeated: Vec<_> = events.iter().filter(|(_, s)| s.len() > 1).collect();
    assert!(repeats <= 1, "{repeats} webhook posts repeated: {repeated:?}");

    // The run did what it set out to: both servers answered, A's failures moved to B, and the
    // restarted A took its share.
    let answered_by = *answered_by.lock().expect("tally");
    let failovers = failovers.load(Ordering::SeqCst);
    assert!(answered_by[0] > 0 && answered_by[1] > 0, "{answered_by:?}");
    assert!(failovers > 0, "no callback had to move to the other server");
    assert!(after_restart.load(Ordering::SeqCst) > 0, "the restarted server answered no callback");
    eprintln!(
        "cluster: {INVOICES} bills in {billed:.1?}; callbacks answered by A {} and B {} ({failovers} failovers, \
         A killed after {killed_at}) by {delivered:.1?}; settled by {drained:.1?}: invoices {paid:?}, \
         messages {notices:?}, webhooks {hooks:?}, {repeats} repeated webhook posts {repeated:?}",
        answered_by[0], answered_by[1]
    );
    a.kill().await;
    b.kill().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn sigterm_finishes_requests_in_flight_says_not_ready_meanwhile_and_exits_cleanly() {
    let db = sqlite_db();
    let store = connect(&db).await;
    store.import_catalogue(&fixture()).await.expect("fixture");
    drop(store);
    let (sims, sim) = sims().await;
    let dir = std::env::temp_dir().join(format!("mlango-stop-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("log dir");
    // A long delay, cut short by a second SIGTERM once the test has seen what it needs.
    let mut node = Node::new("stopping", &db.url, &sim, &dir, &[("MLANGO_SHUTDOWN_DELAY_SECS", "120")]);
    node.start().await;
    let key = line_with(&node.cli(&["api-key", "create", "--agency", "immigration"]).await, "mlg_");
    let client = reqwest::Client::builder().timeout(Duration::from_secs(60)).build().expect("client");
    let base = node.url();

    const IN_FLIGHT: usize = 8;
    let mut bills = Vec::new();
    for i in 0..IN_FLIGHT {
        let body = json!({"amount_kes": 200 + i, "description": format!("Shutdown test {i}")});
        let (status, inv) = post_json(&client, &format!("{base}/v1/invoices"), &key, None, &body).await;
        assert_eq!(status, 201, "{inv}");
        bills.push(inv["bill_ref"].as_str().expect("bill").to_string());
    }
    // Daraja takes 3 s to answer each push, so they are all in the server's hands at once.
    sims.mpesa
        .set_chaos(Chaos { ambiguous_push: 1.0, ambiguous_hold_ms: Some(3_000), seed: Some(3), ..Chaos::default() })
        .expect("chaos");
    let pushes: Vec<_> = bills
        .iter()
        .enumerate()
        .map(|(i, bill)| {
            let (client, url, key) = (client.clone(), format!("{base}/v1/invoices/{bill}/mpesa-stk"), key.clone());
            tokio::spawn(async move {
                let r = client.post(url).bearer_auth(key).json(&json!({"phone": phone(i)})).send().await;
                let r = r.map_err(|e| format!("request failed: {e}"))?;
                let status = r.status().as_u16();
                let body = r.text().await.map_err(|e| format!("response cut short: {e}"))?;
                Ok::<_, String>((status, body))
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(30);
    while (sims.mpesa.counters().push_requests as usize) < IN_FLIGHT {
        assert!(Instant::now() < deadline, "the pushes never reached Daraja");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    let pid = node.child.as_ref().and_then(|c| c.id()).expect("pid");
    let sigterm = || {
        let status = std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status().expect("kill");
        assert!(status.success(), "kill -TERM {pid}");
    };
    sigterm();
    // Told to stop: /readyz says so at once, while everything else is still served.
    let deadline = Instant::now() + Duration::from_secs(30);
    let ready = loop {
        let r = client.get(format!("{base}/readyz")).send().await.expect("still listening");
        if r.status().as_u16() == 503 {
            break r.json::<Value>().await.expect("json");
        }
        assert!(Instant::now() < deadline, "/readyz never said the server is stopping");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(ready["status"], "stopping", "{ready}");
    assert_eq!(client.get(format!("{base}/healthz")).send().await.expect("healthz").status().as_u16(), 200);
    // A second signal ends the wait: the listener closes and the requests in flight finish.
    sigterm();
    for (push, bill) in pushes.into_iter().zip(&bills) {
        let (status, body) = push.await.expect("task").unwrap_or_else(|e| panic!("{bill}: {e}"));
        assert_eq!(status, 202, "{bill}: {body}");
        let body: Value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{bill}: {e}: {body}"));
        assert!(body["checkout_request_id"].as_str().is_some_and(|c| !c.is_empty()), "{bill}: {body}");
    }
    let mut child = node.child.take().expect("child");
    let status = tokio::time::timeout(Duration::from_secs(60), child.wait())
        .await
        .unwrap_or_else(|_| panic!("the server did not exit after SIGTERM\n{}", node.log_tail()))
        .expect("wait");
    assert!(status.success(), "exit status {status}\n{}", node.log_tail());
    assert!(client.get(format!("{base}/healthz")).send().await.is_err(), "nothing listens after exit");
    // What it answered, it recorded: every push is waiting for its callback.
    let store = connect(&db).await;
    for bill in &bills {
        let attempts = store.attempts_of(bill).await.expect("attempts");
        assert!(attempts.iter().any(|a| a.checkout_request_id.is_some()), "{bill}: {attempts:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Both backends: a server whose claim lapsed (a slow provider, a long pause) records its
/// outcome after another server took the work over. The message another server sent stays
/// sent, and the webhook another server delivered stays delivered.
#[tokio::test]
async fn a_late_record_from_a_lapsed_claim_never_undoes_another_servers_outcome() {
    for db in all_dbs().await {
        late_records(db).await;
    }
}

async fn late_records(db: TestDb) {
    let backend = db.backend;
    let store = connect(&db).await;
    store.import_catalogue(&fixture()).await.expect("fixture");
    let app = TestApp::spawn(store.clone(), Some(db)).await;
    let claim = app::ssr::WorkerTimings::default().claim_secs;

    // A message: server 1 claims it, stalls, and server 2 takes it over and sends it.
    let to = app::contact::PhoneNumber::parse("0722000777").expect("phone");
    app.sims.sms.reply(&to, "HELP").await.expect("inbound");
    let t0 = app::clock::Clock::now(app.clock.as_ref());
    let first = store.claim_notices(t0, claim, 10).await.expect("claim");
    assert_eq!(first.len(), 1, "{backend}");
    assert!(store.claim_notices(t0 + 1, claim, 10).await.expect("claim").is_empty(), "{backend}: held");
    let t1 = t0 + claim + 1;
    let second = store.claim_notices(t1, claim, 10).await.expect("claim");
    assert_eq!(second.len(), 1, "{backend}: taken over once the claim lapsed");
    let sent = |id, by: &str, now| NoticeResult {
        id,
        status: NoticeStatus::Sent,
        next_at: now,
        provider_message_id: Some(format!("ATXid_{by}")),
        error: String::new(),
        channel: "sms",
        body: Some("HELP".into()),
        attempted: true,
        in_doubt_since: None,
    };
    store.record_notice_attempts(t1, &[sent(second[0].id, "second", t1)]).await.expect("record");
    // Server 1 wakes up and records "try again later" for its lapsed claim.
    let retry = NoticeResult {
        status: NoticeStatus::Queued,
        next_at: t0 + 10,
        provider_message_id: None,
        body: None,
        error: "provider unavailable".into(),
        in_doubt_since: None,
        ..sent(first[0].id, "first", t0)
    };
    store.record_notice_attempts(t0, &[retry]).await.expect("record");
    let counts: BTreeMap<String, i64> = store.notice_counts().await.expect("counts").into_iter().collect();
    assert_eq!(counts.get("queued"), None, "{backend}: the sent message stays sent: {counts:?}");
    assert!(store.claim_notices(t1 + 3600, claim, 10).await.expect("claim").is_empty(), "{backend}: nothing to resend");

    // A webhook: delivered by server 2 after server 1's claim lapsed; server 1's late failure
    // does not put it back in the queue.
    let (url, _) = webhook_receiver().await;
    let issued = app::payments::agency::issue_key("immigration", "late records", Some(url), 0);
    store.create_api_key(&issued.record).await.expect("key");
    pay_agency_bill(&app, &issued.key, 300).await;
    let now = t0;
    let first = store.claim_webhooks(now, claim, 10).await.expect("claim");
    assert_eq!(first.len(), 1, "{backend}: one event for the paid bill");
    let second = store.claim_webhooks(now + claim + 1, claim, 10).await.expect("claim");
    assert_eq!(second.len(), 1, "{backend}: taken over once the claim lapsed");
    let delivered =
        app::payments::webhooks::AttemptResult { http_status: Some(200), error: String::new(), delivered: true };
    store.record_webhook_attempt(second[0].id, now + claim + 1, &delivered, None).await.expect("record");
    let failed = app::payments::webhooks::AttemptResult {
        http_status: Some(500),
        error: "receiver answered 500".into(),
        delivered: false,
    };
    store.record_webhook_attempt(first[0].id, now, &failed, Some(now + 30)).await.expect("record");
    let log = app.client.get(format!("{}/v1/webhooks/deliveries", app.address)).bearer_auth(&issued.key).send().await;
    let log: Value = log.expect("log").json().await.expect("json");
    let d = &log["deliveries"][0];
    assert_eq!((d["state"].as_str(), d["attempts"].as_i64()), (Some("delivered"), Some(2)), "{backend}: {log}");
    assert!(store.claim_webhooks(now + 7 * 86_400, claim, 10).await.expect("claim").is_empty(), "{backend}");
}

/// An agency bill for `amount_kes`, created over the API and paid in full by paybill; its
/// reference, once the payment (and so its `invoice.paid` event) is recorded.
async fn pay_agency_bill(app: &TestApp, key: &str, amount_kes: i64) -> String {
    let body = json!({"amount_kes": amount_kes, "description": "Paid by paybill"});
    let (status, inv) = post_json(&app.client, &format!("{}/v1/invoices", app.address), key, None, &body).await;
    assert_eq!(status, 201, "{inv}");
    let bill = inv["bill_ref"].as_str().expect("bill").to_string();
    let total_kes = inv["total_minor"].as_i64().expect("total") / 100;
    let paid = app
        .client
        .post(format!("{}/sim/mpesa/c2b/pay", app.address))
        .json(&json!({"msisdn": "254722000778", "bill_ref": bill, "amount": total_kes}))
        .send()
        .await
        .expect("pay");
    assert!(paid.status().is_success(), "{bill}");
    assert!(app.sims.mpesa.settle(Duration::from_secs(10)).await, "{bill}");
    bill
}

/// A slow receiver: each post takes 25 s of the server's claim (the clock is the test's). A
/// pass posts only while a whole post still fits in its claim, so no delivery is posted after
/// another server may have taken it over; the rest go in a later pass, each exactly once.
#[tokio::test]
async fn a_webhook_pass_stops_posting_before_its_claim_lapses() {
    let db = sqlite_db();
    let store = connect(&db).await;
    store.import_catalogue(&fixture()).await.expect("fixture");
    let app = TestApp::spawn(store.clone(), Some(db)).await;
    let posts: Posts = Arc::default();
    let (log, clock) = (posts.clone(), app.clock.clone());
    let receiver = axum::Router::new().route(
        "/slow",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: String| {
            let (log, clock) = (log.clone(), clock.clone());
            async move {
                let id = headers.get("mlango-event-id").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
                log.lock().expect("log").push((id, String::new(), body));
                clock.advance(25);
                axum::http::StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, receiver).await });
    let issued = app::payments::agency::issue_key("immigration", "slow", Some(format!("http://{addr}/slow")), 0);
    store.create_api_key(&issued.record).await.expect("key");
    let mut bills = BTreeSet::new();
    for amount in [100, 200, 300] {
        bills.insert(pay_agency_bill(&app, &issued.key, amount).await);
    }
    let client = mlango::webhooks::client();
    let claim = app.state.timings.claim_secs;
    assert_eq!(claim, 60, "the default claim");
    // 0 s and 25 s in, a 10 s post still fits in the 60 s claim; 50 s in it does not.
    assert_eq!(mlango::webhooks::deliver_due(&app.state, &client).await.expect("pass"), 2);
    assert_eq!(mlango::webhooks::deliver_due(&app.state, &client).await.expect("pass"), 0, "still claimed");
    app.clock.advance(claim);
    assert_eq!(mlango::webhooks::deliver_due(&app.state, &client).await.expect("pass"), 1, "taken up again");
    app.clock.advance(7 * 86_400);
    assert_eq!(mlango::webhooks::deliver_due(&app.state, &client).await.expect("pass"), 0);
    let posted: Vec<String> = posts.lock().expect("posts").iter().map(|(id, _, _)| id.clone()).collect();
    let expected: BTreeSet<String> = bills.iter().map(|b| format!("evt_{b}_paid")).collect();
    assert_eq!(posted.len(), 3, "{posted:?}");
    assert_eq!(posted.into_iter().collect::<BTreeSet<_>>(), expected);
}

/// Daraja revokes an access token when a new one is fetched. Servers that cached their own
/// kept revoking each other's, and a push whose retry met a token revoked again was refused
/// ("M-Pesa is not answering"); the servers now share one token through the database.
#[tokio::test]
async fn stk_pushes_from_two_servers_are_all_sent() {
    let Some(db) = postgres_db().await else { return };
    let store = connect(&db).await;
    store.import_catalogue(&fixture()).await.expect("fixture");
    let (_sims, sim) = sims().await;
    let dir = std::env::temp_dir().join(format!("mlango-tokens-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("log dir");
    let mut a = Node::new("a", &db.url, &sim, &dir, &[]);
    let mut b = Node::new("b", &db.url, &sim, &dir, &[]);
    tokio::join!(a.start(), b.start());
    let key = line_with(&a.cli(&["api-key", "create", "--agency", "immigration"]).await, "mlg_");
    let urls = [a.url(), b.url()];
    let client = reqwest::Client::new();
    let refused: Vec<String> = futures::stream::iter(0..60)
        .map(|i| {
            let (client, urls, key) = (&client, &urls, &key);
            async move {
                let body = json!({"amount_kes": 100 + i, "description": format!("Token test {i}")});
                let (_, inv) = post_json(client, &format!("{}/v1/invoices", urls[i % 2]), key, None, &body).await;
                let bill = inv["bill_ref"].as_str().expect("bill").to_string();
                let url = format!("{}/v1/invoices/{bill}/mpesa-stk", urls[i % 2]);
                let (status, push) = post_json(client, &url, key, None, &json!({"phone": phone(i)})).await;
                (status != 202).then(|| format!("{bill}: {status} {push}"))
            }
        })
        .buffer_unordered(CONCURRENCY)
        .filter_map(|r| async move { r })
        .collect()
        .await;
    assert!(refused.is_empty(), "{} of 60 pushes refused: {refused:?}", refused.len());
    a.kill().await;
    b.kill().await;
    let _ = std::fs::remove_dir_all(&dir);
}
