//! REST v1, health, readiness and metrics over real HTTP.

use crate::helpers::{TestApp, connect, fixture, postgres_db, spawn_fixture_app};

#[tokio::test]
async fn health_readiness_and_metrics() {
    let app = spawn_fixture_app().await;
    let (status, body) = app.get_json("/healthz").await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ok")));
    let (status, body) = app.get_json("/readyz").await;
    assert_eq!((status, body["database"].as_str()), (200, Some("sqlite")));
    let r = app.get("/v1/agencies").await;
    assert!(r.headers().contains_key("x-request-id"), "every response carries a request id");
    let (status, metrics) = app.get_text("/metrics").await;
    assert_eq!(status, 200);
    assert!(metrics.contains("http_requests_total"), "{metrics}");
    assert!(metrics.contains("mlango_catalogue_services 5"), "{metrics}");
}

#[tokio::test]
async fn lists_agencies_and_services() {
    let app = spawn_fixture_app().await;
    let (status, body) = app.get_json("/v1/agencies").await;
    assert_eq!(status, 200);
    assert_eq!(body["total"], 3);
    let imm = body["items"].as_array().unwrap().iter().find(|a| a["code"] == "immigration").unwrap();
    assert_eq!(imm["services"], 2);

    let (status, body) = app.get_json("/v1/services?limit=2").await;
    assert_eq!((status, body["total"].as_u64()), (200, Some(5)));
    assert_eq!(body["items"].as_array().unwrap().len(), 2);
    assert_eq!(body["items"][0]["code"], "immigration-passport-ordinary", "most popular first");
    assert_eq!(body["items"][0]["fee_kes"], 4550.0);
    assert_eq!(body["items"][0]["name_sw"], "Pasipoti ya kawaida");

    let (_, body) = app.get_json("/v1/services?agency=ntsa").await;
    assert_eq!(body["total"], 2);
    let (_, body) = app.get_json("/v1/services?q=pasport").await;
    assert_eq!(body["items"][0]["code"], "immigration-passport-ordinary", "typo tolerated");
    let (_, body) = app.get_json("/v1/services?q=leseni+ya+udereva").await;
    assert_eq!(body["items"][0]["code"], "ntsa-driving-licence-renewal", "Kiswahili query");
    let (_, body) = app.get_json("/v1/services?q=licence&agency=immigration").await;
    assert_eq!(body["total"], 0, "agency filter applies to search");
    let (_, body) = app.get_json("/v1/services?q=visa").await;
    assert_eq!(body["items"][0]["currency"], "USD");
    assert!(body["items"][0]["fee_kes"].is_null());
}

#[tokio::test]
async fn service_detail_is_itemised() {
    let app = spawn_fixture_app().await;
    let (status, body) = app.get_json("/v1/services/IMMIGRATION-PASSPORT-ORDINARY").await;
    assert_eq!(status, 200, "codes are case-insensitive");
    let v = &body["variants"][0];
    assert_eq!(
        (v["amount_minor"].as_i64(), v["convenience_fee_minor"].as_i64(), v["total_minor"].as_i64()),
        (Some(455_000), Some(5_000), Some(460_000))
    );
    assert_eq!(body["variants"].as_array().unwrap().len(), 3);
    assert_eq!(body["form"]["fields"][0]["name"], "full_name");
    let (_, visa) = app.get_json("/v1/services/immigration-visa-single-entry").await;
    assert_eq!(visa["variants"][0]["convenience_fee_minor"], 100, "USD rule: one dollar");
    let (_, free) = app.get_json("/v1/services/ntsa-driving-test-booking").await;
    assert_eq!(free["variants"][0]["total_minor"], 0, "free services carry no convenience fee");
}

#[tokio::test]
async fn bad_parameters_get_clear_4xx_json() {
    let app = spawn_fixture_app().await;
    let long_q = "a".repeat(201);
    let huge = "x".repeat(3000);
    let cases: Vec<(String, u16, &str)> = vec![
        ("/v1/services?limit=-1".into(), 400, "limit"),
        ("/v1/services?limit=0".into(), 400, "limit"),
        ("/v1/services?limit=101".into(), 400, "limit"),
        ("/v1/services?limit=99999999999999999999".into(), 400, "limit"),
        ("/v1/services?offset=-5".into(), 400, "offset"),
        ("/v1/services?offset=abc".into(), 400, "offset"),
        ("/v1/services?offset=10001".into(), 400, "offset"),
        (format!("/v1/services?q={long_q}"), 400, "200 characters"),
        (format!("/v1/services?q={huge}"), 400, "query string"),
        ("/v1/services?agency=NOT%20A%20CODE".into(), 400, "not a valid code"),
        ("/v1/services?agency=nobody".into(), 404, "no agency"),
        ("/v1/services/no-such-service".into(), 404, "no service"),
        ("/v1/services/%F0%9F%92%A5".into(), 404, "no service"),
        ("/v1/nothing-here".into(), 404, "openapi"),
    ];
    for (path, status, needle) in cases {
        let (got, body) = app.get_json(&path).await;
        assert_eq!(got, status, "{path}: {body}");
        let message = body["message"].as_str().unwrap_or_default();
        assert!(message.contains(needle), "{path}: {message:?} should mention {needle:?}");
        assert!(body["error"].is_string(), "{path}");
    }
    // Unknown parameters are ignored rather than refused.
    let (status, _) = app.get_json("/v1/services?utm_source=sms").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn openapi_documents_the_endpoints() {
    let app = spawn_fixture_app().await;
    let (status, doc) = app.get_json("/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap_or_default().starts_with("3."));
    for path in ["/v1/agencies", "/v1/services", "/v1/services/{code}"] {
        assert!(doc["paths"][path]["get"].is_object(), "{path} documented");
    }
}

#[tokio::test]
async fn suggestions_for_the_search_box() {
    let app = spawn_fixture_app().await;
    let r = app.get("/api/catalogue/suggest?q=pass&lang=en").await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let body = r.text().await.unwrap();
    let first = app::catalogue::suggest::Suggestion::parse_lines(&body).remove(0);
    assert_eq!((first.code.as_str(), first.name.as_str()), ("immigration-passport-ordinary", "Ordinary passport"));
    assert_eq!(first.agency, "Department of Immigration Services");
    let (_, body) = app.get_text("/api/catalogue/suggest?q=leseni+ya+ude&lang=sw").await;
    assert!(body.starts_with("ntsa-driving-licence-renewal\tKuhuisha leseni ya udereva\t"), "{body}");
    let (status, body) = app.get_json("/api/catalogue/suggest?q=pass&lang=xx").await;
    assert_eq!((status, body["error"].as_str()), (400, Some("invalid_parameter")));
    let (status, _) = app.get_json(&format!("/api/catalogue/suggest?q={}", "a".repeat(201))).await;
    assert_eq!(status, 400);
    let (status, body) = app.get_text("/api/catalogue/suggest?q=").await;
    assert_eq!((status, body.as_str()), (200, ""));
}

#[tokio::test]
async fn serves_from_postgres_too() {
    let Some(db) = postgres_db().await else { return };
    let store = connect(&db).await;
    store.import_catalogue(&fixture()).await.unwrap();
    let app = TestApp::spawn(store, Some(db)).await;
    let (status, body) = app.get_json("/readyz").await;
    assert_eq!((status, body["database"].as_str()), (200, Some("postgres")));
    let (_, body) = app.get_json("/v1/services?q=drivng+licence").await;
    assert_eq!(body["items"][0]["code"], "ntsa-driving-licence-renewal");
}
