//! Search latency as a ratio (performance anchors §7d), run by `make bench` or
//! `cargo bench -p server --bench search`.
//!
//! Builds the demo catalogue, seeds a temporary SQLite store with it and starts the real router
//! in this process on 127.0.0.1:0. Then it replays a deterministic log of realistic queries
//! against two things:
//!
//! - **A**: `GET /v1/services?q=<q>&limit=20` over HTTP/1.1 keep-alive (reqwest), timed from
//!   sending the request to the last byte of the body. Loopback and the client are included,
//!   so this is an upper bound on the server-side time.
//! - **B**: the raw engine, `search(q, None, 0, 20)` called directly on the *same* index
//!   instance the server answers from.
//!
//! A and B alternate query by query (A B A B …, B A B A … on odd passes so neither side always
//! runs on a cache warmed by the other), over one warm-up pass and several measured passes.
//! It reports numbers and ratios only; it never fails because a number is slow. It exits
//! non-zero only when something could not be measured (empty catalogue, server not
//! answering, wrong status).
//!
//! Environment (all optional): `MLANGO_BENCH_PASSES` (measured passes, default 5),
//! `MLANGO_BENCH_QUERIES` (log size, default 1500, minimum 1000), `MLANGO_BENCH_SERVER_THREADS`
//! (tokio workers for the in-process server, default 1), `MLANGO_BENCH_OUT` (output directory,
//! default `<workspace>/target/bench`).

use app::catalogue::index::Catalogue;
use app::catalogue::model::{AgencyKind, Service};
use app::catalogue::ports::{CatalogueBatch, LiveCatalogue, ServiceSearch};
use mlango::catalogue::search::SearchIndex;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::hint::black_box;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Goal from the issue / §7d: server-side p99 at most 5 ms.
const GOAL_P99_US: f64 = 5_000.0;
/// Goal: HTTP p99 at most 2× the raw engine's p99.
const GOAL_RATIO: f64 = 2.0;
const LIMIT: usize = 20;
const SEED: u64 = 0x6d6c_616e_676f; // "mlango"

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`; there are no other options.
    let out_dir = out_dir();
    if let Err(e) = std::fs::create_dir_all(&out_dir) {
        eprintln!("error: cannot create {}: {e}", out_dir.display());
        return ExitCode::FAILURE;
    }
    match run(&out_dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nerror: search benchmark could not measure: {e}");
            let _ = std::fs::write(
                out_dir.join("search.json"),
                serde_json::to_vec_pretty(&json!({ "error": e })).unwrap_or_default(),
            );
            ExitCode::from(2)
        }
    }
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
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

/// Removes the temporary database directory however the run ends.
struct TempDir(PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(out_dir: &std::path::Path) -> Result<(), String> {
    let passes = env_usize("MLANGO_BENCH_PASSES", 5).max(1);
    let n_queries = env_usize("MLANGO_BENCH_QUERIES", 1500).max(1000);
    let server_threads = env_usize("MLANGO_BENCH_SERVER_THREADS", 1).max(1);
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);

    // ---- Catalogue and a standalone index build (timed) ----
    println!("search bench: generating the demo catalogue …");
    let t = Instant::now();
    let batch = mlango::catalogue::demo::demo_catalogue();
    let gen_time = t.elapsed();
    let (n_agencies, n_services) = (batch.agencies.len(), batch.services.len());
    if n_services == 0 {
        return Err("the demo catalogue has no services (is mlango::catalogue::demo::demo_catalogue still a stub?); \
                    nothing to search"
            .into());
    }
    let json_bytes = serde_json::to_vec(&batch.agencies).map(|v| v.len()).unwrap_or(0)
        + serde_json::to_vec(&batch.services).map(|v| v.len()).unwrap_or(0);
    let indexed_text_bytes: usize = batch
        .services
        .iter()
        .map(|s| s.name.en.len() + s.name.sw.len() + s.keywords.len() + s.summary.en.len() + s.summary.sw.len())
        .sum();
    let catalogue = Catalogue::new(batch.agencies.clone(), batch.services.clone());
    let t = Instant::now();
    let standalone = SearchIndex::build(&catalogue).map_err(|e| e.to_string())?;
    let build_time = t.elapsed();
    println!(
        "  {n_services} services, {n_agencies} agencies, catalogue JSON {:.1} MB, generated in {:.0} ms, index built in {:.0} ms",
        json_bytes as f64 / 1e6,
        gen_time.as_secs_f64() * 1e3,
        build_time.as_secs_f64() * 1e3
    );

    // ---- Query log ----
    let log = query_log(&catalogue, n_queries);
    let mut freq: HashMap<&str, usize> = HashMap::new();
    for q in &log {
        *freq.entry(q.text.as_str()).or_default() += 1;
    }
    let distinct = freq.len();
    let max_repeat = freq.values().copied().max().unwrap_or(0);
    let log_path = out_dir.join("search-queries.tsv");
    let body: String = log.iter().map(|q| format!("{}\t{}\n", q.kind, q.text)).collect();
    std::fs::write(&log_path, body).map_err(|e| format!("cannot write {}: {e}", log_path.display()))?;
    let mut per_kind_count: BTreeMap<&str, usize> = BTreeMap::new();
    for q in &log {
        *per_kind_count.entry(q.kind).or_default() += 1;
    }
    println!(
        "  query log: {} queries, {distinct} distinct, most repeated ×{max_repeat}, written to {}",
        log.len(),
        log_path.display()
    );
    println!("  mix: {}", per_kind_count.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", "));

    // ---- The real server over a seeded SQLite store ----
    let tmp = TempDir(std::env::temp_dir().join(format!("mlango-bench-{}", uuid::Uuid::new_v4().simple())));
    std::fs::create_dir_all(&tmp.0).map_err(|e| e.to_string())?;
    let db_url = format!("sqlite://{}/mlango.db", tmp.0.display());
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(server_threads)
        .thread_name("bench-server")
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let (addr, live, seed_time, load_time) = server_rt.block_on(start_server(&db_url, batch))?;
    let db_bytes = std::fs::metadata(tmp.0.join("mlango.db")).map(|m| m.len()).unwrap_or(0);
    println!(
        "  server on http://{addr} ({server_threads} tokio worker(s)); SQLite seeded in {:.1} s ({:.1} MB), \
         catalogue loaded + indexed in {:.0} ms",
        seed_time.as_secs_f64(),
        db_bytes as f64 / 1e6,
        load_time.as_secs_f64() * 1e3
    );
    if live.catalogue.services().len() != n_services {
        println!(
            "  note: the server loaded {} services but the batch has {n_services}",
            live.catalogue.services().len()
        );
    }

    // ---- Replay ----
    let load_before = loadavg();
    let client_rt = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    let result = client_rt.block_on(replay(addr, &live, &standalone, &log, passes))?;
    drop(server_rt);
    let load_after = loadavg();

    // ---- Report ----
    let a = Stats::of(&result.a);
    let b = Stats::of(&result.b);
    let ratio = a.p99 / b.p99;
    let goal_p99 = a.p99 <= GOAL_P99_US;
    let goal_ratio = ratio <= GOAL_RATIO;
    let met = |ok: bool| if ok { "met" } else { "NOT met" };

    let mut kinds: Vec<&str> = per_kind_count.keys().copied().collect();
    kinds.sort();
    let mut per_kind = serde_json::Map::new();
    println!("\nper query kind (µs)            A p50    A p99    B p50    B p99   hits>0");
    for k in &kinds {
        let idx: Vec<usize> = (0..result.kinds.len()).filter(|&i| result.kinds[i] == *k).collect();
        let sa = Stats::of(&idx.iter().map(|&i| result.a[i]).collect::<Vec<_>>());
        let sb = Stats::of(&idx.iter().map(|&i| result.b[i]).collect::<Vec<_>>());
        let with_hits = log.iter().zip(&result.first_totals).filter(|(q, t)| q.kind == *k && **t > 0).count();
        let share = with_hits as f64 / per_kind_count[k] as f64;
        println!("  {k:<26} {:>8.0} {:>8.0} {:>8.0} {:>8.0} {:>7.0}%", sa.p50, sa.p99, sb.p50, sb.p99, share * 100.0);
        per_kind.insert(
            k.to_string(),
            json!({ "queries": per_kind_count[k], "a_p50_us": sa.p50, "a_p99_us": sa.p99,
                    "b_p50_us": sb.p50, "b_p99_us": sb.p99, "share_with_results": share }),
        );
    }
    let (slow_a, slow_b) = (result.slowest(&result.a, &log), result.slowest(&result.b, &log));
    println!(
        "  slowest raw-engine queries: {}",
        slow_b.iter().map(|(q, us)| format!("{q:?} {us:.0} µs")).collect::<Vec<_>>().join(", ")
    );
    println!(
        "  slowest HTTP queries:       {}",
        slow_a.iter().map(|(q, us)| format!("{q:?} {us:.0} µs")).collect::<Vec<_>>().join(", ")
    );

    let summary = format!(
        "== search (§7d) ==================================================================\n\
         catalogue        {n_services} services, {n_agencies} agencies; JSON {:.1} MB; indexed text {:.1} MB\n\
         index build      {:.0} ms (standalone, 1 thread); server load + index {:.0} ms\n\
         query log        {} queries ({distinct} distinct, max repeat ×{max_repeat}) × {passes} passes after 1 warm-up; {} samples per side\n\
         A HTTP /v1/services?q=…&limit=20 (keep-alive, client-measured, {server_threads} server worker)\n\
         \x20   p50 {:.0} µs  p90 {:.0} µs  p99 {:.0} µs  max {:.0} µs  mean {:.0} µs  {:.0} qps sequential\n\
         B raw engine search(q, None, 0, 20), same index instance\n\
         \x20   p50 {:.0} µs  p90 {:.0} µs  p99 {:.0} µs  max {:.0} µs  mean {:.0} µs  {:.0} qps on one thread\n\
         ratio p99 A/B    {ratio:.2}×  (p50 A/B {:.2}×)\n\
         goal A p99 <= 5 ms           {} ({:.2} ms)\n\
         goal p99 A/B <= 2.0×         {} ({ratio:.2}×)\n\
         consistency      HTTP answer differs from the raw engine for {} of {} queries; index built from the \
         store vs from the batch: {} totals differ\n\
         host             {cores} cores, load average {load_before} before, {load_after} after; A and B alternate per query,\n\
         \x20                so host noise hits both alike\n\
         ==================================================================================",
        json_bytes as f64 / 1e6,
        indexed_text_bytes as f64 / 1e6,
        build_time.as_secs_f64() * 1e3,
        load_time.as_secs_f64() * 1e3,
        log.len(),
        result.a.len(),
        a.p50,
        a.p90,
        a.p99,
        a.max,
        a.mean,
        1e6 / a.mean,
        b.p50,
        b.p90,
        b.p99,
        b.max,
        b.mean,
        1e6 / b.mean,
        a.p50 / b.p50,
        met(goal_p99),
        a.p99 / 1e3,
        met(goal_ratio),
        result.mismatches,
        log.len(),
        result.standalone_mismatches,
    );
    println!("\n{summary}");

    let report = json!({
        "bench": "search",
        "catalogue": {
            "services": n_services, "agencies": n_agencies,
            "json_bytes": json_bytes, "indexed_text_bytes": indexed_text_bytes,
            "sqlite_bytes": db_bytes,
            "generate_ms": gen_time.as_secs_f64() * 1e3,
        },
        "index_build_ms": build_time.as_secs_f64() * 1e3,
        "server_load_and_index_ms": load_time.as_secs_f64() * 1e3,
        "sqlite_seed_ms": seed_time.as_secs_f64() * 1e3,
        "query_log": {
            "queries": log.len(), "distinct": distinct, "max_repeat": max_repeat,
            "passes": passes, "warmup_passes": 1, "samples_per_side": result.a.len(),
            "path": log_path.display().to_string(), "seed": SEED,
        },
        "server_threads": server_threads,
        "host_cores": cores,
        "loadavg_before": load_before,
        "loadavg_after": load_after,
        "a_http": a.json(),
        "b_raw_engine": b.json(),
        "ratio_p99_a_over_b": ratio,
        "ratio_p50_a_over_b": a.p50 / b.p50,
        "goals": {
            "a_p99_le_5ms": { "target_us": GOAL_P99_US, "value_us": a.p99, "met": goal_p99 },
            "ratio_le_2": { "target": GOAL_RATIO, "value": ratio, "met": goal_ratio },
        },
        "per_kind": per_kind,
        "mismatches_http_vs_engine": result.mismatches,
        "mismatches_store_vs_batch_index": result.standalone_mismatches,
        "slowest_raw": slow_b.iter().map(|(q, us)| json!({"q": q, "us": us})).collect::<Vec<_>>(),
        "slowest_http": slow_a.iter().map(|(q, us)| json!({"q": q, "us": us})).collect::<Vec<_>>(),
        "summary": summary,
    });
    let _ = std::fs::write(out_dir.join("search-summary.txt"), format!("{summary}\n"));
    let path = out_dir.join("search.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&report).map_err(|e| e.to_string())?)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

/// Seeds a fresh SQLite store, builds the state exactly as the server does and serves the real
/// router. Returns the address, the live catalogue (same index the server answers from) and
/// the seed and load times.
async fn start_server(
    db_url: &str,
    batch: CatalogueBatch,
) -> Result<(std::net::SocketAddr, Arc<LiveCatalogue>, Duration, Duration), String> {
    let store = mlango::db::connect(db_url).await.map_err(|e| format!("connect {db_url}: {e}"))?;
    let t = Instant::now();
    store.import_catalogue(&batch).await.map_err(|e| format!("import the demo catalogue: {e}"))?;
    let seed_time = t.elapsed();
    drop(batch);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| format!("bind: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let options = leptos::config::LeptosOptions::builder()
        .output_name("mlango")
        .site_root("target/site")
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build();
    let t = Instant::now();
    let (providers, web) = mlango::startup::simulated(
        &format!("http://{}", options.site_addr),
        std::sync::Arc::new(app::clock::SystemClock),
    );
    let state =
        mlango::startup::state_from_store(store, options, providers).await.map_err(|e| format!("load state: {e}"))?;
    let load_time = t.elapsed();
    let live = state.catalogue.current();
    let router = mlango::startup::router(state, web);
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    Ok((addr, live, seed_time, load_time))
}

/// The 1-minute load average, a hint of how noisy the host was.
fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

struct Replay {
    /// Microseconds per sample; `a[i]`, `b[i]` and `kinds[i]` are the same query.
    a: Vec<f64>,
    b: Vec<f64>,
    kinds: Vec<&'static str>,
    /// Index into the log of each sample.
    qidx: Vec<usize>,
    /// Raw engine total per log entry (first pass).
    first_totals: Vec<usize>,
    /// Queries whose HTTP answer (total, first page) differs from the engine's.
    mismatches: usize,
    /// Queries whose total differs between the server's index and one built from the batch.
    standalone_mismatches: usize,
}

impl Replay {
    /// The three slowest distinct queries by worst sample.
    fn slowest(&self, v: &[f64], log: &[Query]) -> Vec<(String, f64)> {
        let mut worst: HashMap<usize, f64> = HashMap::new();
        for (i, &us) in v.iter().enumerate() {
            let e = worst.entry(self.qidx[i]).or_insert(0.0);
            *e = e.max(us);
        }
        let mut w: Vec<(usize, f64)> = worst.into_iter().collect();
        w.sort_by(|x, y| y.1.total_cmp(&x.1));
        w.into_iter().take(3).map(|(i, us)| (log[i].text.clone(), us)).collect()
    }
}

async fn replay(
    addr: std::net::SocketAddr,
    live: &LiveCatalogue,
    standalone: &SearchIndex,
    log: &[Query],
    passes: usize,
) -> Result<Replay, String> {
    let client =
        reqwest::Client::builder().pool_max_idle_per_host(1).tcp_nodelay(true).build().map_err(|e| e.to_string())?;
    let urls: Vec<String> = log
        .iter()
        .map(|q| {
            let enc: String = form_urlencoded::byte_serialize(q.text.as_bytes()).collect();
            format!("http://{addr}/v1/services?q={enc}&limit={LIMIT}")
        })
        .collect();
    let engine: &dyn ServiceSearch = live.search.as_ref();

    let mut r = Replay {
        a: Vec::with_capacity(log.len() * passes),
        b: Vec::with_capacity(log.len() * passes),
        kinds: Vec::with_capacity(log.len() * passes),
        qidx: Vec::with_capacity(log.len() * passes),
        first_totals: vec![0; log.len()],
        mismatches: 0,
        standalone_mismatches: 0,
    };
    // Pass 0 is the warm-up: also checks that the endpoint answers like the engine.
    for pass in 0..=passes {
        let t_pass = Instant::now();
        for (i, q) in log.iter().enumerate() {
            let a_first = pass % 2 == 0;
            let mut a_us = 0.0;
            let mut b_us = 0.0;
            let mut body: axum::body::Bytes = Default::default();
            let mut hits = app::catalogue::ports::SearchHits::default();
            for step in 0..2 {
                if (step == 0) == a_first {
                    let t = Instant::now();
                    let resp = client.get(&urls[i]).send().await.map_err(|e| format!("GET {}: {e}", urls[i]))?;
                    let status = resp.status();
                    let bytes = resp.bytes().await.map_err(|e| format!("GET {}: body: {e}", urls[i]))?;
                    a_us = t.elapsed().as_secs_f64() * 1e6;
                    if !status.is_success() {
                        return Err(format!(
                            "GET {} answered {status}: {}",
                            urls[i],
                            String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
                        ));
                    }
                    body = bytes;
                } else {
                    let t = Instant::now();
                    let h = black_box(engine.search(black_box(&q.text), None, 0, LIMIT));
                    b_us = t.elapsed().as_secs_f64() * 1e6;
                    hits = h;
                }
            }
            if pass == 0 {
                r.first_totals[i] = hits.total;
                if !same_answer(&body, &hits, live) {
                    r.mismatches += 1;
                }
                // The standalone index (from the batch, not the store) should agree on totals.
                if standalone.search(&q.text, None, 0, LIMIT).total != hits.total {
                    r.standalone_mismatches += 1;
                }
            } else {
                r.a.push(a_us);
                r.b.push(b_us);
                r.kinds.push(q.kind);
                r.qidx.push(i);
            }
        }
        println!(
            "  pass {}{} done in {:.1} s",
            pass,
            if pass == 0 { " (warm-up)" } else { "" },
            t_pass.elapsed().as_secs_f64()
        );
    }
    Ok(r)
}

/// Whether the HTTP answer has the engine's total and first page (by service code).
fn same_answer(body: &[u8], hits: &app::catalogue::ports::SearchHits, live: &LiveCatalogue) -> bool {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) else { return false };
    let total_ok = v["total"].as_u64() == Some(hits.total as u64);
    let codes: Vec<&str> =
        v["items"].as_array().map(|a| a.iter().filter_map(|i| i["code"].as_str()).collect()).unwrap_or_default();
    let expected: Vec<&str> =
        hits.ids.iter().filter_map(|&id| live.catalogue.service_at(id)).map(|s| s.code.as_str()).collect();
    total_ok && codes == expected
}

struct Stats {
    n: usize,
    p50: f64,
    p90: f64,
    p99: f64,
    max: f64,
    mean: f64,
}

impl Stats {
    fn of(v: &[f64]) -> Stats {
        let mut s = v.to_vec();
        s.sort_by(|x, y| x.total_cmp(y));
        // Nearest rank.
        let pct = |p: f64| {
            if s.is_empty() {
                return f64::NAN;
            }
            let rank = ((p * s.len() as f64).ceil() as usize).clamp(1, s.len());
            s[rank - 1]
        };
        Stats {
            n: s.len(),
            p50: pct(0.50),
            p90: pct(0.90),
            p99: pct(0.99),
            max: s.last().copied().unwrap_or(f64::NAN),
            mean: if s.is_empty() { f64::NAN } else { s.iter().sum::<f64>() / s.len() as f64 },
        }
    }

    fn json(&self) -> serde_json::Value {
        json!({ "samples": self.n, "p50_us": self.p50, "p90_us": self.p90, "p99_us": self.p99,
                "max_us": self.max, "mean_us": self.mean, "qps_sequential": 1e6 / self.mean })
    }
}

// ---------------------------------------------------------------------------------------------
// The query log
// ---------------------------------------------------------------------------------------------

struct Query {
    kind: &'static str,
    text: String,
}

/// Things citizens type, with `{c}` for a county or town.
const PHRASES: &[&str] = &[
    "renew driving licence",
    "driving licence renewal",
    "how do i renew my driving licence",
    "good conduct",
    "certificate of good conduct",
    "police clearance certificate",
    "business permit {c}",
    "single business permit {c}",
    "land rates {c}",
    "pay land rates {c}",
    "parking {c}",
    "daily parking fee {c}",
    "seasonal parking {c}",
    "liquor licence {c}",
    "building plan approval {c}",
    "fire safety certificate {c}",
    "food handler certificate {c}",
    "market stall fee {c}",
    "signage advertisement permit {c}",
    "trade licence {c}",
    "passport",
    "apply for passport",
    "passport renewal",
    "lost passport",
    "how much is a passport",
    "replace lost id",
    "national id replacement",
    "birth certificate",
    "late registration of birth",
    "death certificate",
    "marriage certificate",
    "kra pin",
    "tax compliance certificate",
    "company registration",
    "business name search",
    "register a business name",
    "logbook transfer",
    "motor vehicle transfer",
    "vehicle inspection",
    "driving test booking",
    "provisional driving licence",
    "work permit",
    "visa application",
    "land search",
    "official search land title",
    "title deed transfer",
    "change of user {c}",
    "nhif",
    "sha registration",
    "helb loan",
    "cheti cha kuzaliwa",
    "kitambulisho cha taifa",
    "pasipoti",
    "leseni ya biashara {c}",
    "kibali cha biashara {c}",
    "kodi ya ardhi {c}",
    "maegesho {c}",
    "leseni ya udereva",
    "cheti cha tabia njema",
    "usajili wa kampuni",
];

const PLACES: &[&str] = &[
    "nairobi",
    "mombasa",
    "kisumu",
    "nakuru",
    "eldoret",
    "uasin gishu",
    "kiambu",
    "machakos",
    "kajiado",
    "kakamega",
    "nyeri",
    "meru",
    "kilifi",
    "kwale",
    "garissa",
    "turkana",
    "bungoma",
    "kericho",
    "embu",
    "kitui",
    "homa bay",
    "migori",
    "narok",
    "laikipia",
    "thika",
    "nyandarua",
    "murang'a",
    "siaya",
    "busia",
    "vihiga",
    "lamu",
    "marsabit",
];

/// A deterministic, mixed, rotating query log (never one query looped): demand-weighted
/// service names, parts of names, agency names, citizen phrasings, typos, Kiswahili,
/// search-as-you-type prefixes and nonsense.
fn query_log(catalogue: &Catalogue, n: usize) -> Vec<Query> {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let services: &[Arc<Service>] = catalogue.services();
    let agencies = catalogue.agencies();
    // (kind, share in per-mille)
    let mix: &[(&'static str, usize)] = &[
        ("service-name", 150),
        ("name-part", 130),
        ("agency-name", 70),
        ("citizen-phrase", 140),
        ("typo", 120),
        ("kiswahili", 100),
        ("prefix-as-you-type", 240),
        ("nonsense", 50),
    ];
    let pick_service = |rng: &mut ChaCha8Rng| -> Arc<Service> {
        // Most citizens look for popular services; a third of queries hit the long tail.
        if rng.random_bool(0.66) {
            services.choose_weighted(rng, |s| f64::from(s.popularity) + 1.0).expect("non-empty").clone()
        } else {
            services.choose(rng).expect("non-empty").clone()
        }
    };
    // Words as a person would type them: no dashes, brackets or trailing commas.
    let words = |s: &str| -> Vec<String> {
        s.split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'').to_string())
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .collect()
    };
    let mut out = Vec::with_capacity(n);
    for (kind, share) in mix {
        let count = (n * share).div_ceil(1000);
        for _ in 0..count {
            let text = match *kind {
                "service-name" => {
                    let s = pick_service(&mut rng);
                    maybe_lower(&mut rng, &s.name.en)
                }
                "name-part" => {
                    let s = pick_service(&mut rng);
                    let w = words(&s.name.en);
                    let len = rng.random_range(1..=w.len().min(3));
                    let start = rng.random_range(0..=w.len() - len);
                    maybe_lower(&mut rng, &w[start..start + len].join(" "))
                }
                "agency-name" => {
                    let a = agencies.choose(&mut rng).expect("agencies");
                    let w = words(&a.name.en);
                    if a.kind == AgencyKind::County || rng.random_bool(0.5) || w.len() < 3 {
                        maybe_lower(&mut rng, &a.name.en)
                    } else {
                        // "Kenya Revenue Authority" → "revenue authority"
                        let len = rng.random_range(2..=w.len().min(3));
                        let start = rng.random_range(0..=w.len() - len);
                        w[start..start + len].join(" ").to_lowercase()
                    }
                }
                "citizen-phrase" => {
                    let p = PHRASES.choose(&mut rng).expect("phrases");
                    p.replace("{c}", PLACES.choose(&mut rng).expect("places"))
                }
                "typo" => {
                    let s = pick_service(&mut rng);
                    let mut w = words(&s.name.en.to_lowercase());
                    w.truncate(rng.random_range(1..=w.len().min(3)));
                    let candidates: Vec<usize> = (0..w.len()).filter(|&i| w[i].chars().count() >= 4).collect();
                    if let Some(&i) = candidates.choose(&mut rng) {
                        w[i] = typo(&mut rng, &w[i]);
                    }
                    w.join(" ")
                }
                "kiswahili" => {
                    let s = pick_service(&mut rng);
                    let w = words(&s.name.sw);
                    if rng.random_bool(0.5) {
                        maybe_lower(&mut rng, &s.name.sw)
                    } else {
                        let len = rng.random_range(1..=w.len().min(3));
                        let start = rng.random_range(0..=w.len() - len);
                        w[start..start + len].join(" ").to_lowercase()
                    }
                }
                "prefix-as-you-type" => {
                    let s = pick_service(&mut rng);
                    let name = if rng.random_bool(0.8) { &s.name.en } else { &s.name.sw };
                    let w = words(&name.to_lowercase());
                    let k = rng.random_range(1..=w.len().min(4));
                    let mut typed: Vec<String> = w[..k].to_vec();
                    let last: Vec<char> = typed[k - 1].chars().collect();
                    // Suggestions start at the second character of the first word.
                    let min = if k == 1 { last.len().min(2) } else { 1 };
                    let cut = rng.random_range(min..=last.len());
                    typed[k - 1] = last[..cut].iter().collect();
                    typed.join(" ")
                }
                _ => nonsense(&mut rng),
            };
            let text = text.trim().to_string();
            if !text.is_empty() {
                out.push(Query { kind, text });
            }
        }
    }
    // Rotate: shuffle, then break up any identical neighbours.
    use rand::seq::SliceRandom;
    out.shuffle(&mut rng);
    out.truncate(n);
    for _ in 0..3 {
        for i in 1..out.len() {
            if out[i].text == out[i - 1].text {
                let j = (i + out.len() / 2) % out.len();
                out.swap(i, j);
            }
        }
    }
    out
}

fn maybe_lower(rng: &mut ChaCha8Rng, s: &str) -> String {
    if rng.random_bool(0.7) { s.to_lowercase() } else { s.to_string() }
}

/// One slip of the finger: drop, swap or duplicate a letter.
fn typo(rng: &mut ChaCha8Rng, word: &str) -> String {
    let mut c: Vec<char> = word.chars().collect();
    let i = rng.random_range(1..c.len() - 1);
    match rng.random_range(0..3) {
        0 => {
            c.remove(i);
        }
        1 => c.swap(i, i + 1),
        _ => c.insert(i, c[i]),
    }
    c.into_iter().collect()
}

fn nonsense(rng: &mut ChaCha8Rng) -> String {
    const FIXED: &[&str] = &["asdf", "qwerty uiop", "xyzzy 123", "???", "12345", "lorem ipsum", "zzzz", "hello"];
    if rng.random_bool(0.3) {
        return FIXED.choose(rng).expect("fixed").to_string();
    }
    let n_words = rng.random_range(1..=3);
    (0..n_words)
        .map(|_| {
            let len = rng.random_range(3..=10);
            (0..len).map(|_| char::from(b'a' + rng.random_range(0..26u8))).collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}
