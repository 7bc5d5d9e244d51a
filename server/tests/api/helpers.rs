//! Test harness in the manner of zero2prod's `spawn_app` and atuin's DB story: every test gets
//! its own database (a temp SQLite file, or a fresh PostgreSQL database) and, when it needs
//! HTTP, its own server on a random port.

use app::catalogue::model::*;
use app::catalogue::ports::CatalogueBatch;
use app::money::Currency;
use app::store::Store;
use std::sync::Arc;

/// The PostgreSQL server tests create databases on.
fn postgres_admin_url() -> Option<String> {
    if let Ok(url) = std::env::var("MLANGO_TEST_POSTGRES_URL") {
        return Some(url);
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    if ci { Some("postgres://postgres@127.0.0.1:5432/postgres".into()) } else { None }
}

/// A database of one backend, created for one test and removed when dropped.
pub struct TestDb {
    /// URL to connect to.
    pub url: String,
    /// Backend name, for messages.
    pub backend: &'static str,
    cleanup: Cleanup,
}

enum Cleanup {
    Dir(std::path::PathBuf),
    Database { admin: String, name: String },
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Dir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Database { admin, name } => {
                // Drop runs inside the test's runtime, so the async driver runs on its own thread.
                let (admin, name) = (admin.clone(), name.clone());
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
                    rt.block_on(async {
                        let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin).await.ok()?;
                        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                            .execute(&mut conn)
                            .await
                            .ok()
                    })
                })
                .join();
            }
        }
    }
}

/// A fresh SQLite database file.
pub fn sqlite_db() -> TestDb {
    let dir = std::env::temp_dir().join(format!("mlango-test-{}", uuid::Uuid::new_v4().simple()));
    TestDb { url: format!("sqlite://{}/mlango.db", dir.display()), backend: "sqlite", cleanup: Cleanup::Dir(dir) }
}

/// A fresh PostgreSQL database, or `None` (with a note) when no server is configured outside CI.
/// In CI (`CI=true`) a missing server fails the test loudly instead of skipping it.
pub async fn postgres_db() -> Option<TestDb> {
    let Some(admin) = postgres_admin_url() else {
        eprintln!("note: PostgreSQL tests skipped (set MLANGO_TEST_POSTGRES_URL or CI=true to run them)");
        return None;
    };
    let name = format!("mlango_test_{}", uuid::Uuid::new_v4().simple());
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL is required for this test but {admin} is unreachable: {e}"));
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create test database");
    let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap_or_else(|| admin.clone());
    Some(TestDb { url: format!("{base}/{name}"), backend: "postgres", cleanup: Cleanup::Database { admin, name } })
}

/// Both backends available here.
pub async fn all_dbs() -> Vec<TestDb> {
    let mut dbs = vec![sqlite_db()];
    dbs.extend(postgres_db().await);
    dbs
}

/// Connects and migrates.
pub async fn connect(db: &TestDb) -> Arc<dyn Store> {
    mlango::db::connect(&db.url).await.unwrap_or_else(|e| panic!("{}: connect failed: {e}", db.backend))
}

fn text(en: &str, sw: &str) -> Localized {
    Localized::new(en, sw)
}

/// A small catalogue with the shapes that matter: variants, a free service, a USD service.
pub fn fixture() -> CatalogueBatch {
    let agency = |code: &str, kind, en: &str, sw: &str, county: Option<u8>| Agency {
        code: AgencyCode::parse(code).unwrap(),
        kind,
        name: text(en, sw),
        description: text(&format!("{en} services."), &format!("Huduma za {sw}.")),
        county_number: county,
        website: None,
    };
    // Only the passport asks for a document, so both kinds of form are exercised.
    let no_documents = Arc::new(FormDefinition {
        fields: vec![FormField {
            name: "full_name".into(),
            label: text("Full name", "Jina kamili"),
            hint: None,
            required: true,
            kind: FieldKind::Text { min_len: 2, max_len: 100 },
        }],
        documents: vec![],
    });
    let form = Arc::new(FormDefinition {
        fields: vec![FormField {
            name: "full_name".into(),
            label: text("Full name", "Jina kamili"),
            hint: None,
            required: true,
            kind: FieldKind::Text { min_len: 2, max_len: 100 },
        }],
        documents: vec![DocumentRequirement {
            code: "passport_photo".into(),
            label: text("Passport photo", "Picha ya pasipoti"),
            required: true,
            accepted: vec![DocumentType::Jpeg, DocumentType::Png],
            max_bytes: 2 * 1024 * 1024,
        }],
    });
    let service = |code: &str, agency: &str, en: &str, sw: &str, fees: FeeSchedule, popularity| Service {
        code: ServiceCode::parse(code).unwrap(),
        agency: AgencyCode::parse(agency).unwrap(),
        category: Category::IdentityAndTravel,
        name: text(en, sw),
        summary: text(&format!("Apply for {en}."), &format!("Omba {sw}.")),
        requirements: vec![text("National ID", "Kitambulisho cha taifa")],
        in_person_steps: vec![text("Biometrics at an immigration office", "Alama za vidole katika ofisi ya uhamiaji")],
        fees,
        timeline_days: 10,
        form: if code.starts_with("immigration-passport") { form.clone() } else { no_documents.clone() },
        keywords: String::new(),
        popularity,
    };
    let variant = |code: &str, en: &str, sw: &str, kes: i64| FeeVariant {
        code: code.into(),
        label: text(en, sw),
        amount_minor: kes * 100,
    };
    CatalogueBatch {
        agencies: vec![
            agency(
                "immigration",
                AgencyKind::StateDepartment,
                "Department of Immigration Services",
                "Idara ya Huduma za Uhamiaji",
                None,
            ),
            agency(
                "ntsa",
                AgencyKind::StateAgency,
                "National Transport and Safety Authority",
                "Mamlaka ya Kitaifa ya Usafiri na Usalama",
                None,
            ),
            agency(
                "mombasa-county",
                AgencyKind::County,
                "County Government of Mombasa",
                "Serikali ya Kaunti ya Mombasa",
                Some(1),
            ),
        ],
        services: vec![
            service(
                "immigration-passport-ordinary",
                "immigration",
                "Ordinary passport",
                "Pasipoti ya kawaida",
                FeeSchedule {
                    currency: Currency::Kes,
                    convenience_fee_waived: false,
                    variants: vec![
                        variant("32-pages", "32 pages", "Kurasa 32", 4550),
                        variant("48-pages", "48 pages", "Kurasa 48", 6050),
                        variant("64-pages", "64 pages", "Kurasa 64", 7550),
                    ],
                },
                900,
            ),
            service(
                "ntsa-driving-licence-renewal",
                "ntsa",
                "Driving licence renewal",
                "Kuhuisha leseni ya udereva",
                FeeSchedule::single_kes(600),
                800,
            ),
            service(
                "mombasa-county-parking-daily",
                "mombasa-county",
                "Daily parking",
                "Maegesho ya kila siku",
                FeeSchedule::single_kes(100),
                500,
            ),
            service(
                "ntsa-driving-test-booking",
                "ntsa",
                "Driving test booking",
                "Kuweka nafasi ya mtihani wa udereva",
                FeeSchedule::single_kes(0),
                10,
            ),
            service(
                "immigration-visa-single-entry",
                "immigration",
                "Single entry visa",
                "Viza ya kuingia mara moja",
                FeeSchedule {
                    currency: Currency::Usd,
                    convenience_fee_waived: false,
                    variants: vec![variant("standard", "Standard", "Kawaida", 50)],
                },
                300,
            ),
        ],
    }
}

/// A small JPEG as the passport form's photo (the server judges the type by these first bytes).
pub fn photo() -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00];
    bytes.extend((0..2_000u32).map(|i| (i % 251) as u8));
    bytes.extend([0xFF, 0xD9]);
    bytes
}

/// A running server for HTTP tests.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// The server's clock; tests move it instead of sleeping.
    pub clock: Arc<app::clock::ManualClock>,
    /// The store behind the server.
    pub store: Arc<dyn Store>,
    /// Client that does not follow redirects.
    pub client: reqwest::Client,
    /// The server's state (for driving workers such as reconciliation directly).
    pub state: app::ssr::AppState,
    /// The provider simulators it talks to.
    pub sims: mlango::sim::Simulators,
    /// Keeps the test database alive as long as the server.
    _db: Option<TestDb>,
}

impl TestApp {
    /// Starts a server on a random port over `store`.
    pub async fn spawn(store: Arc<dyn Store>, db: Option<TestDb>) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let options = leptos::config::LeptosOptions::builder()
            .output_name("mlango")
            .site_root("target/site")
            .site_pkg_dir("pkg")
            .site_addr(addr)
            .build();
        let clock = Arc::new(app::clock::ManualClock::default());
        let (providers, web) = mlango::startup::simulated(&format!("http://{addr}"), clock.clone());
        let sims = web.simulators.clone().expect("simulated providers come with simulators");
        let state = mlango::startup::state_from_store(store.clone(), options, providers).await.expect("state");
        let router = mlango::startup::router(state.clone(), web);
        tokio::spawn(async move {
            let _ = axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>()).await;
        });
        TestApp {
            address: format!("http://{addr}"),
            clock,
            store,
            client: reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client"),
            state,
            sims,
            _db: db,
        }
    }

    /// GET a path.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(format!("{}{path}", self.address)).send().await.expect("request")
    }

    /// GET a path and return status and body text.
    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let r = self.get(path).await;
        let status = r.status().as_u16();
        (status, r.text().await.expect("body"))
    }

    /// GET a path and parse JSON.
    pub async fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let r = self.get(path).await;
        let status = r.status().as_u16();
        (status, r.json().await.expect("json body"))
    }
}

/// A server over a fresh SQLite database holding the fixture catalogue.
pub async fn spawn_fixture_app() -> TestApp {
    let db = sqlite_db();
    let store = connect(&db).await;
    store.import_catalogue(&fixture()).await.expect("import fixture");
    TestApp::spawn(store, Some(db)).await
}
