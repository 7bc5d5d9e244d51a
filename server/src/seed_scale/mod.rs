//! `mlango seed --scale small|national|N`: a synthetic national population for load and scale
//! tests — 14 million accounts and 20 million applications with their invoices, payments,
//! ledger lines, histories, SMS and ratings at national size — loaded inside PostgreSQL.
//!
//! The volume is skewed as eCitizen's is (NTSA, immigration and DCI carry most of it; the
//! other services share the rest Zipf-like by popularity), states follow each application's
//! own timeline up to now (most issued and paid, some awaiting payment, some in officers'
//! queues), and every row satisfies the schema's constraints and reads back through the
//! application's own store (see `server/tests/api/scale_seed.rs`). Every seeded account's
//! password is the demo password. See docs/scale.md.

mod load;
pub mod model;
mod offers;
mod sql;

pub use load::{PassTime, grouped};
pub use model::{Scale, Sizes, sizes};

use crate::db::Backend;
use std::time::Instant;

/// The password of every seeded account (the demo accounts' too).
pub const PASSWORD: &str = "Harambee-Demo-2026";

/// How to load.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// How much.
    pub scale: Scale,
    /// Add to a database that already has citizens or applications.
    pub allow_existing_data: bool,
    /// Keep secondary indexes during the load instead of rebuilding them after it.
    pub keep_indexes: bool,
}

/// What a load did.
#[derive(Debug, Clone)]
pub struct Report {
    /// Rows planned.
    pub sizes: Sizes,
    /// Each pass's rows and wall time.
    pub passes: Vec<PassTime>,
    /// Wall time of the whole load, catalogue included.
    pub total_secs: f64,
    /// `pg_database_size` after the load.
    pub database_bytes: i64,
    /// `pg_total_relation_size` of each loaded table.
    pub table_bytes: Vec<(String, i64)>,
}

impl Report {
    /// The summary printed at the end of a load.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "seeded {} accounts and {} applications in {:.0} s ({:.1} min)\n",
            grouped(self.sizes.accounts),
            grouped(self.sizes.applications),
            self.total_secs,
            self.total_secs / 60.0
        );
        for p in &self.passes {
            out.push_str(&format!("  {:<24} {:>14} rows {:>9.1} s\n", p.name, grouped(p.rows), p.secs));
        }
        out.push_str(&format!("database size {}\n", bytes(self.database_bytes)));
        for (t, b) in &self.table_bytes {
            out.push_str(&format!("  {t:<24} {:>12}\n", bytes(*b)));
        }
        out
    }
}

/// Bytes for people: `1.2 GiB`.
pub fn bytes(n: i64) -> String {
    let n = n as f64;
    if n >= 1024.0 * 1024.0 * 1024.0 {
        format!("{:.2} GiB", n / (1024.0 * 1024.0 * 1024.0))
    } else {
        format!("{:.1} MiB", n / (1024.0 * 1024.0))
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// Why `--scale` refuses SQLite.
pub fn sqlite_refusal(scale: Scale) -> String {
    let s = sizes(scale.accounts());
    format!(
        "`mlango seed --scale` needs PostgreSQL: it builds {} accounts and {} applications inside the database server \
         (INSERT … SELECT over generate_series), which SQLite cannot do, and a national-size dataset (tens of GB, \
         20 million applications) is what the PostgreSQL deployment is for — SQLite serves one box. \
         Create a PostgreSQL database and point DATABASE_URL at it, e.g. \
         `createdb mlango_scale && DATABASE_URL=postgres://postgres@127.0.0.1:5432/mlango_scale mlango seed --scale {}`. \
         For a demo on SQLite use `mlango seed --demo`.",
        grouped(s.accounts),
        grouped(s.applications),
        match scale {
            Scale::Small => "small".to_string(),
            Scale::National => "national".to_string(),
            Scale::Accounts(n) => n.to_string(),
        }
    )
}

/// Loads the demo catalogue if the database has none, then the synthetic population.
pub async fn run(database_url: &str, opts: Options) -> Result<Report, String> {
    let started = Instant::now();
    if Backend::of(database_url).map_err(|e| e.to_string())? == Backend::Sqlite {
        return Err(sqlite_refusal(opts.scale));
    }
    let sizes = sizes(opts.scale.accounts());
    let store = crate::db::connect(database_url).await.map_err(|e| e.to_string())?;
    let mut conn = load::session(database_url).await?;
    let pid: i32 =
        sqlx::query_scalar("SELECT pg_backend_pid()").fetch_one(&mut conn).await.map_err(|e| e.to_string())?;
    println!(
        "loading {} accounts and {} applications (PostgreSQL backend pid {pid})",
        grouped(sizes.accounts),
        grouped(sizes.applications)
    );
    let restored = load::restore_indexes(&mut conn).await?;
    if restored > 0 {
        println!("rebuilt {restored} indexes an earlier load had dropped and not rebuilt");
    }
    let (people, applications) = load::existing(&mut conn).await?;
    if (people > 0 || applications > 0) && !opts.allow_existing_data {
        return Err(format!(
            "this database already holds citizen data ({} accounts, {} applications): `--scale` adds a synthetic \
             population that would be mixed with those records. Load it into an empty database (createdb …, then \
             point DATABASE_URL at it), or pass --allow-existing-data to add to this one anyway.",
            grouped(people as u64),
            grouped(applications as u64)
        ));
    }

    let mut passes = Vec::new();
    let t = Instant::now();
    if crate::startup::seed_demo_if_empty(store.as_ref()).await.map_err(|e| e.to_string())? {
        println!("loaded the demo catalogue");
    }
    let live = crate::catalogue::live::load(store.as_ref()).await.map_err(|e| e.to_string())?;
    crate::appointments::seed_demo_offices(store.as_ref(), &live.catalogue).await.map_err(|e| e.to_string())?;
    let offers = offers::offers(&live.catalogue, crate::sim::mpesa::SIM_MPESA_SHORTCODE);
    if offers.is_empty() {
        return Err("the catalogue has no service priced in KES to apply for".into());
    }
    passes.push(PassTime { name: "catalogue".into(), rows: offers.len() as u64, secs: t.elapsed().as_secs_f64() });

    let row = sqlx::query_as::<_, (i64, i64, i64)>(
        "SELECT (SELECT COALESCE(max(account_id), 0) FROM accounts), \
         (SELECT COALESCE(max(application_id), 0) FROM applications), (SELECT COALESCE(max(payment_id), 0) FROM payments)",
    )
    .fetch_one(&mut conn)
    .await
    .map_err(|e| e.to_string())?;
    // Officers per agency, in proportion to the agency's expected applications.
    let mut by_agency: Vec<(String, f64)> = Vec::new();
    for o in &offers {
        match by_agency.iter_mut().find(|(a, _)| *a == o.agency_code) {
            Some(entry) => entry.1 += o.share,
            None => by_agency.push((o.agency_code.clone(), o.share)),
        }
    }
    let mut next_id = row.0 + 1;
    let mut officers = Vec::new();
    for (agency, share) in by_agency {
        let n = model::officers_for(share * sizes.applications as f64) as i64;
        officers.push((agency, next_id, n));
        next_id += n;
    }
    let plan = load::Plan { now: unix_now(), citizen_base: next_id, sizes, app_base: row.1 + 1, pay_offset: row.2 };
    let last_account = plan.citizen_base + sizes.accounts as i64;
    if last_account >= 80_000_000 {
        return Err(format!(
            "account ids would reach {last_account}; seeded document numbers (20000000 + id) must stay eight digits"
        ));
    }
    load::stage(&mut conn, &offers, &officers).await?;
    let password_hash = app::accounts::password::hash_password(PASSWORD.into()).await?;

    let dropped = if opts.keep_indexes { Vec::new() } else { load::drop_indexes(&mut conn).await? };
    if !dropped.is_empty() {
        println!(
            "dropped {} secondary indexes for the load (rebuilt at the end): {}",
            dropped.len(),
            dropped.join(", ")
        );
    }
    passes.push(load::officers(&mut conn, plan.now, &password_hash).await?);
    passes.push(load::accounts(&mut conn, &plan, &password_hash).await?);
    passes.push(load::applications(&mut conn, &plan).await?);
    passes.push(load::invoices(&mut conn, &plan).await?);
    passes.push(load::payments(&mut conn, &plan).await?);
    passes.push(load::ledger(&mut conn, &plan).await?);
    passes.push(load::events(&mut conn, &plan).await?);
    passes.push(load::notifications(&mut conn, &plan).await?);
    passes.push(load::ratings(&mut conn, &plan).await?);
    if !dropped.is_empty() {
        passes.push(load::rebuild_indexes(&mut conn).await?);
    }
    passes.push(load::counters(&mut conn).await?);
    passes.push(load::finish(&mut conn).await?);
    let (database_bytes, table_bytes) = load::sizes_on_disk(&mut conn).await?;
    Ok(Report { sizes, passes, total_secs: started.elapsed().as_secs_f64(), database_bytes, table_bytes })
}
