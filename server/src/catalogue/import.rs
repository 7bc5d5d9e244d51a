//! `mlango import-charter FILE.csv`: validate a whole charter file, then write it in one
//! transaction. Nothing is written unless every row is valid.

use crate::config::Config;
use app::catalogue::model::{AgencyCode, ServiceCode};
use app::catalogue::ports::CatalogueBatch;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::charter::MAX_FILE_BYTES;

/// Runs the import; the error string is printed to the operator.
pub async fn run(config: &Config, file: &Path, dry_run: bool) -> Result<(), String> {
    let meta = std::fs::metadata(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    if !meta.is_file() {
        return Err(format!("{} is not a file", file.display()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{} is larger than {} MB; split the charter into several files",
            file.display(),
            MAX_FILE_BYTES / 1024 / 1024
        ));
    }
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let store = crate::db::connect(&config.database_url).await.map_err(|e| e.to_string())?;
    let (agencies, services) = store.load_catalogue().await.map_err(|e| e.to_string())?;
    let known: HashSet<AgencyCode> = agencies.into_iter().map(|a| a.code).collect();
    let existing: HashMap<ServiceCode, AgencyCode> =
        services.iter().map(|s| (s.code.clone(), s.agency.clone())).collect();
    let mut parsed = super::charter::parse_charter(bytes.as_slice(), &known, &existing)
        .map_err(|errors| format!("{}: nothing was imported because of these problems:\n{errors}", file.display()))?;
    // A charter row carries no form; an update keeps the form the service already has
    // (possibly built by the agency's admin) instead of resetting it to the default.
    let forms: HashMap<ServiceCode, _> = services.into_iter().map(|s| (s.code, s.form)).collect();
    for service in &mut parsed {
        if let Some(form) = forms.get(&service.code) {
            service.form = form.clone();
        }
    }
    let count = parsed.len();
    if dry_run {
        println!("{}: {count} services are valid; nothing was written (dry run)", file.display());
        return Ok(());
    }
    let summary = store
        .import_catalogue(&CatalogueBatch { agencies: Vec::new(), services: parsed })
        .await
        .map_err(|e| format!("{}: nothing was imported: {e}", file.display()))?;
    println!(
        "{}: imported {count} services ({} new, {} updated)",
        file.display(),
        summary.services_created,
        summary.services_updated
    );
    Ok(())
}
