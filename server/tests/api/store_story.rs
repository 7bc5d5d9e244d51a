//! The store contract, checked the same way on SQLite and PostgreSQL.

use crate::helpers::{all_dbs, connect, fixture};
use app::catalogue::model::{AgencyCode, Localized, ServiceCode};
use app::catalogue::ports::CatalogueBatch;
use app::store::StoreError;

#[tokio::test]
async fn catalogue_round_trips_on_every_backend() {
    for db in all_dbs().await {
        let store = connect(&db).await;
        assert_eq!(store.catalogue_counts().await.unwrap(), (0, 0), "{}", db.backend);
        let v0 = store.catalogue_version().await.unwrap();
        let batch = fixture();
        let summary = store.import_catalogue(&batch).await.unwrap();
        assert_eq!((summary.agencies_created, summary.services_created), (3, 5), "{}", db.backend);
        assert!(store.catalogue_version().await.unwrap() > v0, "{}: version bumped", db.backend);

        let (agencies, mut services) = store.load_catalogue().await.unwrap();
        assert_eq!(agencies, batch.agencies, "{}: agencies round-trip", db.backend);
        services.sort_by(|a, b| a.code.cmp(&b.code));
        let mut expected = batch.services.clone();
        expected.sort_by(|a, b| a.code.cmp(&b.code));
        assert_eq!(services, expected, "{}: services round-trip with variants and forms", db.backend);
        // One shared form is stored once and comes back shared (the visa's and the parking's).
        assert!(std::sync::Arc::ptr_eq(&services[1].form, &services[2].form), "{}", db.backend);
        assert!(!std::sync::Arc::ptr_eq(&services[0].form, &services[1].form), "{}", db.backend);
        assert_eq!(store.backend(), db.backend);
        store.ping().await.unwrap();
    }
}

#[tokio::test]
async fn reimport_updates_in_place() {
    for db in all_dbs().await {
        let store = connect(&db).await;
        store.import_catalogue(&fixture()).await.unwrap();
        let mut batch = fixture();
        batch.services[0].name = Localized::new("Ordinary passport (renamed)", "Pasipoti ya kawaida");
        batch.services[0].fees.variants.truncate(1);
        batch.agencies[0].name.en = "Directorate of Immigration Services".into();
        let summary = store.import_catalogue(&batch).await.unwrap();
        assert_eq!(
            (summary.agencies_updated, summary.services_updated, summary.services_created),
            (3, 5, 0),
            "{}",
            db.backend
        );
        let (agencies, services) = store.load_catalogue().await.unwrap();
        let passport = services.iter().find(|s| s.code.as_str() == "immigration-passport-ordinary").unwrap();
        assert_eq!(passport.name.en, "Ordinary passport (renamed)", "{}", db.backend);
        assert_eq!(passport.fees.variants.len(), 1, "{}: old variants replaced", db.backend);
        assert_eq!(agencies[0].name.en, "Directorate of Immigration Services", "{}", db.backend);
        assert_eq!(store.catalogue_counts().await.unwrap(), (3, 5), "{}", db.backend);
    }
}

#[tokio::test]
async fn a_bad_service_rolls_back_the_whole_import() {
    for db in all_dbs().await {
        let store = connect(&db).await;
        let mut batch = fixture();
        let mut orphan = batch.services[1].clone();
        orphan.code = ServiceCode::parse("nowhere-service").unwrap();
        orphan.agency = AgencyCode::parse("no-such-agency").unwrap();
        batch.services.push(orphan);
        let v0 = store.catalogue_version().await.unwrap();
        let err = store.import_catalogue(&batch).await.unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)), "{}: {err}", db.backend);
        assert_eq!(store.catalogue_counts().await.unwrap(), (0, 0), "{}: nothing written", db.backend);
        assert_eq!(store.catalogue_version().await.unwrap(), v0, "{}", db.backend);
    }
}

#[tokio::test]
async fn an_agency_cannot_take_over_another_agencys_service() {
    for db in all_dbs().await {
        let store = connect(&db).await;
        store.import_catalogue(&fixture()).await.unwrap();
        let mut hijack = fixture().services[0].clone();
        hijack.agency = AgencyCode::parse("ntsa").unwrap();
        hijack.name.en = "Hijacked".into();
        let err =
            store.import_catalogue(&CatalogueBatch { agencies: vec![], services: vec![hijack] }).await.unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{}: {err}", db.backend);
        let (_, services) = store.load_catalogue().await.unwrap();
        assert!(services.iter().all(|s| s.name.en != "Hijacked"), "{}", db.backend);
    }
}
