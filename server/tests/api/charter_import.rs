//! `mlango import-charter`: all or nothing, every bad row reported by line.

use crate::helpers::{connect, fixture, sqlite_db};
use mlango::config::Config;

const HEADER: &str =
    "agency_code,service_code,name_en,name_sw,category,fees,timeline_days,requirements_en,requirements_sw";

fn config(url: &str) -> Config {
    Config {
        database_url: url.to_string(),
        site_addr: "127.0.0.1:0".parse().unwrap(),
        base_url: "http://127.0.0.1".into(),
        demo: false,
        catalogue_refresh: std::time::Duration::from_secs(10),
        site_root: "target/site".into(),
        timings: Default::default(),
        shutdown_delay: std::time::Duration::ZERO,
    }
}

fn write(dir: &std::path::Path, name: &str, body: &str) -> std::path::PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, body).unwrap();
    path
}

#[tokio::test]
async fn a_valid_charter_is_imported_and_updates_keep_their_form() {
    let db = sqlite_db();
    let store = connect(&db).await;
    store.import_catalogue(&fixture()).await.unwrap();
    let dir = std::env::temp_dir().join(format!("mlango-charter-{}", uuid::Uuid::new_v4().simple()));
    let good = write(
        &dir,
        "good.csv",
        &format!(
            "{HEADER}\n\
             ntsa,ntsa-vehicle-inspection,Motor vehicle inspection,Ukaguzi wa gari,transport,\"2,000\",5,Logbook; ID,Kitabu cha gari; Kitambulisho\n\
             ntsa,ntsa-driving-licence-renewal,Driving licence renewal (3 years),Kuhuisha leseni ya udereva (miaka 3),transport,\"1-year=600 | 3-years=1,450\",3,,\n"
        ),
    );
    mlango::catalogue::import::run(&config(&db.url), &good, true).await.expect("dry run passes");
    assert_eq!(store.catalogue_counts().await.unwrap(), (3, 5), "a dry run writes nothing");

    mlango::catalogue::import::run(&config(&db.url), &good, false).await.expect("import");
    let (_, services) = store.load_catalogue().await.unwrap();
    assert_eq!(services.len(), 6);
    let renewal = services.iter().find(|s| s.code.as_str() == "ntsa-driving-licence-renewal").unwrap();
    assert_eq!(renewal.name.en, "Driving licence renewal (3 years)");
    assert_eq!(renewal.fees.variants.iter().map(|v| v.amount_minor).collect::<Vec<_>>(), vec![60_000, 145_000]);
    assert_eq!(renewal.form.fields[0].name, "full_name", "the existing form is kept on update");
    assert_eq!(renewal.form.fields.len(), 1, "the fixture's one-field form, not the default one");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_charter_with_bad_rows_changes_nothing_and_names_every_line() {
    let db = sqlite_db();
    let store = connect(&db).await;
    store.import_catalogue(&fixture()).await.unwrap();
    let version = store.catalogue_version().await.unwrap();
    let dir = std::env::temp_dir().join(format!("mlango-charter-{}", uuid::Uuid::new_v4().simple()));
    let bad = write(
        &dir,
        "bad.csv",
        &format!(
            "{HEADER}\n\
             ntsa,ntsa-good-one,Good service,Huduma nzuri,transport,100,5,,\n\
             ntsa,ntsa-bad-fee,Bad fee,Ada mbaya,transport,abc,5,,\n\
             nobody,nobody-service,Unknown agency,Taasisi isiyojulikana,transport,100,5,,\n\
             ntsa,ntsa-bad-days,Bad timeline,Muda mbaya,transport,100,0,,\n\
             ntsa,immigration-passport-ordinary,Hijack,Teka,transport,100,5,,\n"
        ),
    );
    let err = mlango::catalogue::import::run(&config(&db.url), &bad, false).await.unwrap_err();
    for line in ["line 3", "line 4", "line 5", "line 6"] {
        assert!(err.contains(line), "{line} reported in:\n{err}");
    }
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(store.catalogue_counts().await.unwrap(), (3, 5), "nothing written");
    assert_eq!(store.catalogue_version().await.unwrap(), version);

    let missing = mlango::catalogue::import::run(&config(&db.url), &dir.join("nope.csv"), false).await.unwrap_err();
    assert!(missing.contains("cannot read"), "{missing}");
    let _ = std::fs::remove_dir_all(dir);
}
