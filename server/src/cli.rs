//! The `mlango` command line.

use crate::config::Config;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Mlango: one door to every government service.
#[derive(Parser, Debug)]
#[command(name = "mlango", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the web server (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load data into an empty database.
    Seed {
        /// The deterministic national demo catalogue (22,000+ services, 250+ agencies).
        #[arg(long)]
        demo: bool,
        /// A synthetic population on PostgreSQL (docs/scale.md): `small` (10,000 accounts),
        /// `national` (14 million accounts, 20 million applications) or a number of accounts.
        #[arg(long, conflicts_with = "accounts")]
        scale: Option<String>,
        /// The same as `--scale N`.
        #[arg(long)]
        accounts: Option<u64>,
        /// With --scale: add to a database that already has citizens or applications.
        #[arg(long)]
        allow_existing_data: bool,
        /// With --scale: keep secondary indexes during the load (slower) instead of rebuilding them.
        #[arg(long)]
        keep_indexes: bool,
    },
    /// Load an agency's service charter from a CSV file (see docs/charter-import.md).
    /// All rows are checked first; nothing is written unless every row is valid.
    ImportCharter {
        /// The CSV file.
        file: PathBuf,
        /// Check the file and report problems without writing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Copy the running SQLite database to a new FILE and check the copy (safe while serving).
    /// On PostgreSQL, says which of the database's own tools to use instead.
    Backup {
        /// The new file to write; never overwritten if it exists.
        file: PathBuf,
    },
    /// Put a backup made by `mlango backup` in place as the SQLite database of DATABASE_URL,
    /// which must not exist yet. Stop the servers first.
    Restore {
        /// The backup file.
        file: PathBuf,
    },
    /// Manage agencies' API keys.
    ApiKey {
        #[command(subcommand)]
        action: ApiKeyAction,
    },
    /// Ask M-Pesa about every payment still open (callbacks that never came) and settle them.
    Reconcile {
        /// Only attempts untouched for at least this many seconds.
        #[arg(long, default_value_t = 0)]
        older_than: i64,
        /// Also compare an M-Pesa organisation statement (CSV export) with the payments
        /// recorded on `--date`, listing every difference (exit status 1 if there are any).
        #[arg(long)]
        statement: Option<PathBuf>,
        /// The statement's day, `YYYY-MM-DD` (East Africa Time); default today.
        #[arg(long)]
        date: Option<String>,
        /// Record the statement's transactions that no payment matches (lost callbacks) against
        /// their bills, or in suspense for review.
        #[arg(long, requires = "statement")]
        apply: bool,
    },
}

#[derive(Subcommand, Debug)]
enum ApiKeyAction {
    /// Create a key for an agency's own system; the key is printed once and only its hash kept.
    Create {
        /// The agency's code, e.g. `immigration`.
        #[arg(long)]
        agency: String,
        /// What the key is for, e.g. the system's name.
        #[arg(long, default_value = "")]
        label: String,
        /// Where to post signed `invoice.paid` webhooks (https://…).
        #[arg(long)]
        webhook_url: Option<String>,
    },
}

/// Parses arguments and runs the command.
pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    crate::telemetry::init();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: configuration: {e}");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(&config).await,
        Command::Migrate => crate::db::connect(&config.database_url)
            .await
            .map(|s| println!("migrations applied ({} database)", s.backend()))
            .map_err(|e| e.to_string()),
        Command::Seed { demo, scale, accounts, allow_existing_data, keep_indexes } => {
            match scale.or(accounts.map(|n| n.to_string())) {
                Some(scale) => seed_scale(&config, &scale, allow_existing_data, keep_indexes).await,
                None => seed(&config, demo).await,
            }
        }
        Command::Backup { file } => crate::backup::run_backup(&config.database_url, &file).await,
        Command::Restore { file } => crate::backup::run_restore(&config.database_url, &file).await,
        Command::ImportCharter { file, dry_run } => crate::catalogue::import::run(&config, &file, dry_run).await,
        Command::Reconcile { older_than, statement, date, apply } => {
            reconcile(&config, older_than, statement.as_deref(), date.as_deref(), apply).await
        }
        Command::ApiKey { action: ApiKeyAction::Create { agency, label, webhook_url } } => {
            create_api_key(&config, &agency, &label, webhook_url).await
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: &Config) -> Result<(), String> {
    let (providers, simulators) =
        crate::startup::providers_from_env(config).map_err(|e| format!("configuration: {e}"))?;
    let security =
        crate::security::SecurityConfig::from_env(&config.base_url).map_err(|e| format!("configuration: {e}"))?;
    let limits = crate::security::RateLimits::from_env().map_err(|e| format!("configuration: {e}"))?;
    let state = crate::startup::build_state(config, providers).await.map_err(|e| e.to_string())?;
    if config.demo {
        let added = crate::appointments::seed_demo_offices(state.store.as_ref(), &state.catalogue.current().catalogue)
            .await
            .map_err(|e| e.to_string())?;
        if added > 0 {
            tracing::info!(added, "demo offices seeded");
        }
    }
    crate::catalogue::live::spawn_refresher(state.catalogue.clone(), state.store.clone(), config.catalogue_refresh);
    crate::startup::spawn_session_sweeper(&state);
    crate::payments::spawn_reconciler(&state, std::time::Duration::from_secs(60));
    crate::webhooks::spawn_worker(&state, std::time::Duration::from_secs(2));
    crate::outbox::spawn_worker(&state, std::time::Duration::from_secs(2));
    crate::charter::spawn_clock(&state, std::time::Duration::from_secs(600));
    spawn_fee_changes(&state, std::time::Duration::from_secs(60));
    let web = crate::startup::Web {
        security: std::sync::Arc::new(security),
        limits: std::sync::Arc::new(limits),
        simulators: simulators.clone(),
    };
    crate::security::spawn_housekeeping(web.limits.clone());
    let listener = tokio::net::TcpListener::bind(config.site_addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.site_addr))?;
    println!("Mlango is running at {} (database: {})", config.base_url, state.store.backend());
    if simulators.is_some() {
        println!(
            "Simulated phone messages: {0}/sim/sms   M-Pesa phone: {0}/sim/phone/254712000001   simulated email: {0}/sim/mail",
            config.base_url
        );
    }
    if config.demo {
        println!("{}", crate::accounts::demo::demo_logins_table());
    }
    crate::startup::serve(listener, crate::startup::router(state, web), config.shutdown_delay)
        .await
        .map_err(|e| e.to_string())
}

async fn create_api_key(config: &Config, agency: &str, label: &str, webhook_url: Option<String>) -> Result<(), String> {
    let agency = agency.trim();
    if let Some(url) = &webhook_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        return Err(format!("--webhook-url {url:?} must start with https:// (or http:// for testing)"));
    }
    let store = crate::db::connect(&config.database_url).await.map_err(|e| e.to_string())?;
    let live = crate::catalogue::live::load(store.as_ref()).await.map_err(|e| e.to_string())?;
    if live.catalogue.agency(agency).is_none() {
        return Err(format!("no agency has the code {agency:?}; see GET /v1/agencies for the codes"));
    }
    let now =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    let issued = app::payments::agency::issue_key(agency, label.trim(), webhook_url, now);
    store.create_api_key(&issued.record).await.map_err(|e| e.to_string())?;
    println!("API key for {agency} (shown once; store it in the agency system's secrets):\n  {}", issued.key);
    println!("Webhook signing secret (HMAC-SHA256 of the raw body):\n  {}", issued.record.webhook_secret);
    Ok(())
}

async fn reconcile(
    config: &Config,
    older_than: i64,
    statement: Option<&std::path::Path>,
    date: Option<&str>,
    apply: bool,
) -> Result<(), String> {
    if older_than < 0 {
        return Err("--older-than must be 0 or more seconds".into());
    }
    let (providers, _) = crate::startup::providers_from_env(config).map_err(|e| format!("configuration: {e}"))?;
    let store = crate::db::connect(&config.database_url).await.map_err(|e| e.to_string())?;
    let state =
        crate::startup::state_from_store(store, config.leptos_options(), providers).await.map_err(|e| e.to_string())?;
    let r = app::payments::service::reconcile(&state, older_than, 10_000).await.map_err(|e| e.to_string())?;
    println!(
        "examined {} open payment attempts: {} paid, {} failed, {} set aside for review, {} still open",
        r.examined, r.paid, r.failed, r.needs_review, r.still_open
    );
    let Some(path) = statement else { return Ok(()) };
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let lines = crate::payments::read_statement_csv(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let today = app::applications::calendar::Date::from_unix_eat(state.clock.now());
    let day = match date {
        Some(d) => app::applications::form::parse_date(d)
            .ok_or_else(|| format!("--date {d:?} is not a date like 2026-11-23"))?,
        None => today,
    };
    let period = app::payments::settlement::Period { from: day, to: day };
    let (from, to) = period.bounds();
    let recorded = state.store.mpesa_payments_between(from, to).await.map_err(|e| e.to_string())?;
    let differences = app::payments::statement::compare(&lines, &recorded);
    println!(
        "statement for {}: {} lines, {} payments recorded, {} differences",
        day.iso(),
        lines.len(),
        recorded.len(),
        differences.len()
    );
    for d in &differences {
        println!("  {d}");
    }
    if apply {
        let mut recorded = 0;
        for d in &differences {
            if let app::payments::statement::Difference::MissingLocally(line) = d {
                app::payments::service::record_statement_line(&state, line).await.map_err(|e| e.to_string())?;
                recorded += 1;
            }
        }
        println!("recorded {recorded} statement transactions that no payment matched");
        let left = differences.len() - recorded;
        return if left == 0 { Ok(()) } else { Err(format!("{left} differences need a person")) };
    }
    if differences.is_empty() { Ok(()) } else { Err(format!("{} differences with the statement", differences.len())) }
}

async fn seed_scale(config: &Config, scale: &str, allow_existing_data: bool, keep_indexes: bool) -> Result<(), String> {
    let scale = crate::seed_scale::Scale::parse(scale)?;
    let options = crate::seed_scale::Options { scale, allow_existing_data, keep_indexes };
    let report = crate::seed_scale::run(&config.database_url, options).await?;
    println!("{}", report.summary());
    Ok(())
}

async fn seed(config: &Config, demo: bool) -> Result<(), String> {
    if !demo {
        return Err(
            "say what to seed: `mlango seed --demo`, or `mlango seed --scale small|national|N` on PostgreSQL".into()
        );
    }
    let store = crate::db::connect(&config.database_url).await.map_err(|e| e.to_string())?;
    if crate::startup::seed_demo_if_empty(store.as_ref()).await.map_err(|e| e.to_string())? {
        let (a, s) = store.catalogue_counts().await.map_err(|e| e.to_string())?;
        println!("seeded the demo catalogue: {a} agencies, {s} services");
    } else {
        println!("the catalogue already has services; nothing seeded");
    }
    let live = crate::catalogue::live::load(store.as_ref()).await.map_err(|e| e.to_string())?;
    let offices =
        crate::appointments::seed_demo_offices(store.as_ref(), &live.catalogue).await.map_err(|e| e.to_string())?;
    println!("added {offices} demo offices for in-person appointments");
    Ok(())
}

/// Puts approved fee changes into the catalogue on their date. Every server runs it; each change
/// moves from approved to applied once, in the transaction that writes the new price.
fn spawn_fee_changes(state: &app::ssr::AppState, every: std::time::Duration) {
    let state = state.clone();
    crate::workers::spawn_every(every, move || {
        let state = state.clone();
        async move {
            match app::staff::fees::apply_due(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(applied = n, "fee changes applied"),
                Err(e) => tracing::warn!(error = %e, "fee change pass failed; will retry"),
            }
        }
    });
}
