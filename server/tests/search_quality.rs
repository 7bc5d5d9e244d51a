//! Search quality over the full national demo catalogue: what citizens type, typos and
//! Kiswahili included, must put the right service at the top.

use app::catalogue::index::Catalogue;
use app::catalogue::ports::ServiceSearch;
use mlango::catalogue::demo::demo_catalogue;
use mlango::catalogue::search::SearchIndex;
use std::sync::LazyLock;

static INDEX: LazyLock<(Catalogue, SearchIndex)> = LazyLock::new(|| {
    let batch = demo_catalogue();
    let catalogue = Catalogue::new(batch.agencies, batch.services);
    let index = SearchIndex::build(&catalogue).expect("index builds");
    (catalogue, index)
});

fn top(query: &str, n: usize) -> Vec<String> {
    let (catalogue, index) = &*INDEX;
    index
        .search(query, None, 0, n)
        .ids
        .into_iter()
        .filter_map(|id| catalogue.service_at(id).map(|s| s.code.to_string()))
        .collect()
}

fn assert_top(query: &str, n: usize, pred: impl Fn(&str) -> bool, what: &str) {
    let hits = top(query, n);
    assert!(hits.iter().any(|c| pred(c)), "{query:?}: expected {what} in the top {n}, got {hits:?}");
}

#[test]
fn passport_even_misspelt() {
    for q in ["passport", "pasport", "Passport application", "pasipoti"] {
        assert_top(q, 3, |c| c == "immigration-passport-ordinary", "the ordinary passport");
    }
}

#[test]
fn driving_licence_in_english_kiswahili_and_typos() {
    for q in ["driving licence", "driving license", "drivng licence", "leseni ya udereva", "renew driving licence"] {
        assert_top(
            q,
            5,
            |c| c.starts_with("ntsa-") && c.contains("driving-licence"),
            "an NTSA driving licence service",
        );
    }
}

#[test]
fn good_conduct_and_business_names() {
    assert_top("good conduct", 3, |c| c == "dci-good-conduct", "the certificate of good conduct");
    assert_top("police clearance", 5, |c| c == "dci-good-conduct", "the certificate of good conduct");
    assert_top("tabia njema", 5, |c| c == "dci-good-conduct", "the certificate of good conduct");
    assert_top("business name registration", 5, |c| c.starts_with("brs-"), "a Business Registration Service service");
}

#[test]
fn county_services_are_findable_by_county() {
    assert_top("parking nairobi", 10, |c| c.starts_with("nairobi") && c.contains("parking"), "Nairobi parking");
    assert_top("land rates mombasa", 10, |c| c.starts_with("mombasa") && c.contains("rate"), "Mombasa land rates");
    assert_top(
        "liquor licence kisumu",
        10,
        |c| c.starts_with("kisumu") && c.contains("liquor"),
        "a Kisumu liquor licence",
    );
}

#[test]
fn suggestions_complete_the_last_word() {
    let (catalogue, index) = &*INDEX;
    let ids = index.suggest("pass", 8);
    assert!(!ids.is_empty());
    let names: Vec<String> =
        ids.iter().filter_map(|&id| catalogue.service_at(id)).map(|s| s.name.en.to_lowercase()).collect();
    assert!(names.iter().any(|n| n.contains("passport")), "{names:?}");
    assert!(index.suggest("", 8).is_empty());
    assert!(index.suggest("   ", 8).is_empty());
}

#[test]
fn nonsense_and_hostile_queries_are_harmless() {
    let (_, index) = &*INDEX;
    assert_eq!(index.search("qqqqzzzzxxxx", None, 0, 20).total, 0);
    for q in ["*", "\"", "AND OR NOT", "name:passport", "(((", "\u{0}", &"a".repeat(10_000), "🙂🙂"] {
        let hits = index.search(q, None, 0, 20);
        assert!(hits.ids.len() <= 20, "{q:?}");
    }
    assert!(index.search("passport", None, 1_000_000, 20).ids.is_empty(), "offsets beyond the depth return nothing");
}
