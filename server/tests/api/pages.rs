//! Citizen pages, server-rendered and complete without JavaScript.

use crate::helpers::spawn_fixture_app;

#[tokio::test]
async fn home_lists_popular_services_and_agencies() {
    let app = spawn_fixture_app().await;
    let (status, html) = app.get_text("/").await;
    assert_eq!(status, 200);
    assert!(html.contains("<html lang=\"en\""), "language declared");
    assert!(html.contains("Find a government service"));
    assert!(html.contains("href=\"/services/immigration-passport-ordinary\""));
    assert!(html.contains("County Government of Mombasa"));
    assert!(html.contains("action=\"/search\""), "search works as a plain form");
}

#[tokio::test]
async fn service_page_itemises_the_cost() {
    let app = spawn_fixture_app().await;
    let (status, html) = app.get_text("/services/immigration-passport-ordinary").await;
    assert_eq!(status, 200);
    for needle in [
        "Ordinary passport",
        "KSh 4,550",
        "KSh 50",
        "KSh 4,600",
        "KSh 7,600",
        "10 working days",
        "National ID",
        "Biometrics",
        "Passport photo",
        "Department of Immigration Services",
    ] {
        assert!(html.contains(needle), "missing {needle:?}");
    }
    let (_, free) = app.get_text("/services/ntsa-driving-test-booking").await;
    assert!(free.contains("This service is free"));
    let (_, visa) = app.get_text("/services/immigration-visa-single-entry").await;
    assert!(visa.contains("USD 51"), "USD fee plus the one-dollar convenience fee");
}

#[tokio::test]
async fn search_results_paginate_and_tolerate_typos() {
    let app = spawn_fixture_app().await;
    let (status, html) = app.get_text("/search?q=pasport").await;
    assert_eq!(status, 200);
    assert!(html.contains("Ordinary passport"));
    assert!(html.contains("1 service matches"));
    let (_, html) = app.get_text("/search?q=zzzzqqq").await;
    assert!(html.contains("No services match"));
    let (_, html) = app.get_text("/search?q=").await;
    assert!(html.contains("Type what you are looking for"));
    let (status, _) = app.get_text("/search?q=passport&page=abc").await;
    assert_eq!(status, 404);
    let (status, _) = app.get_text("/search?q=passport&page=99").await;
    assert_eq!(status, 404);
    let long = "passport ".repeat(500);
    let (status, _) = app.get_text(&format!("/search?q={long}")).await;
    assert_eq!(status, 200, "overlong queries are cut, not an error");
}

#[tokio::test]
async fn unknown_pages_are_404_with_help() {
    let app = spawn_fixture_app().await;
    for path in ["/services/nope", "/agencies/nope", "/no/such/page", "/services/%00"] {
        let (status, html) = app.get_text(path).await;
        assert_eq!(status, 404, "{path}");
        assert!(html.contains("Page not found"), "{path}");
    }
}

#[tokio::test]
async fn low_data_pages_load_no_wasm_and_the_choice_is_remembered_apart_in_the_cache() {
    let app = spawn_fixture_app().await;
    // The islands' loader (app/src/hydration.rs); the rest of the page is the same.
    let scripted = |html: &str| html.contains("mod.hydrate()");
    // The usual page loads the islands' loader, and is cached for anonymous visitors.
    let (_, html) = app.get_text("/services/immigration-passport-ordinary").await;
    assert!(scripted(&html) && html.contains("href=\"/services/immigration-passport-ordinary?data=low\""));
    // Asking for low data: no islands to download, a cookie remembers it, and the page offers the way back.
    let r = app.get("/services/immigration-passport-ordinary?data=low").await;
    let cookie = r.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert!(cookie.starts_with("mlango_data=low"), "{cookie}");
    let html = r.text().await.unwrap();
    assert!(!scripted(&html) && html.contains("Use all features"), "{html}");
    for headers in [("cookie", "mlango_data=low"), ("save-data", "on")] {
        let r = app
            .client
            .get(format!("{}/services/immigration-passport-ordinary", app.address))
            .header(headers.0, headers.1);
        let html = r.send().await.unwrap().text().await.unwrap();
        assert!(!scripted(&html), "{headers:?}");
    }
    // The cache keeps the two apart: a visitor who did not ask still gets the full page.
    let (_, html) = app.get_text("/services/immigration-passport-ordinary").await;
    assert!(scripted(&html));
    let r = app.client.get(format!("{}/", app.address)).header("cookie", "mlango_data=low").header("save-data", "on");
    let r = r.send().await.unwrap();
    assert!(!scripted(&r.text().await.unwrap()));
    let r = app.client.get(format!("{}/?data=full", app.address)).header("save-data", "on").send().await.unwrap();
    assert!(r.headers().get("set-cookie").is_some_and(|c| c.to_str().unwrap_or("").starts_with("mlango_data=full")));
    assert!(scripted(&r.text().await.unwrap()), "an explicit choice beats the browser's hint");
}

#[tokio::test]
async fn kiswahili_is_chosen_and_remembered() {
    let app = spawn_fixture_app().await;
    let r = app.get("/services/immigration-passport-ordinary?lang=sw").await;
    let cookie = r.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert!(cookie.starts_with("mlango_lang=sw"), "{cookie}");
    let html = r.text().await.unwrap();
    assert!(html.contains("<html lang=\"sw\""));
    assert!(html.contains("Pasipoti ya kawaida") && html.contains("Gharama"));
    let r = app.client.get(format!("{}/", app.address)).header("cookie", "mlango_lang=sw").send().await.unwrap();
    assert!(r.text().await.unwrap().contains("Tafuta huduma ya serikali"));
    let r =
        app.client.get(format!("{}/", app.address)).header("accept-language", "sw-KE,sw;q=0.9").send().await.unwrap();
    assert!(r.text().await.unwrap().contains("Tafuta huduma ya serikali"));
}

#[tokio::test]
async fn agency_pages() {
    let app = spawn_fixture_app().await;
    let (status, html) = app.get_text("/agencies").await;
    assert_eq!(status, 200);
    assert!(html.contains("County governments") && html.contains("National Transport and Safety Authority"));
    let (status, html) = app.get_text("/agencies/ntsa").await;
    assert_eq!(status, 200);
    assert!(html.contains("Driving licence renewal") && html.contains("2 services"));
}
