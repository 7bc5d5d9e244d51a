//! `GET /api/catalogue/suggest?q=…&lang=en|sw`: search-as-you-type for the search box island,
//! one `code TAB name TAB agency` line per service (see `app::catalogue::suggest`).

use crate::http::json_error;
use app::catalogue::search_text::MAX_QUERY_CHARS;
use app::catalogue::suggest::{MAX_SUGGESTIONS, Suggestion};
use app::i18n::Lang;
use app::ssr::AppState;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Suggests services for a partly typed query.
pub async fn suggest(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let mut q = String::new();
    let mut lang = Lang::En;
    for (key, value) in form_urlencoded::parse(raw.as_deref().unwrap_or("").as_bytes()) {
        match key.as_ref() {
            "q" => q = value.into_owned(),
            "lang" => match Lang::parse(&value) {
                Some(l) => lang = l,
                None => {
                    return json_error(StatusCode::BAD_REQUEST, "invalid_parameter", "lang must be \"en\" or \"sw\"");
                }
            },
            _ => {}
        }
    }
    if q.chars().count() > MAX_QUERY_CHARS {
        let msg = format!("q must be at most {MAX_QUERY_CHARS} characters");
        return json_error(StatusCode::BAD_REQUEST, "invalid_parameter", msg);
    }
    let live = state.catalogue.current();
    let c = &live.catalogue;
    let body: String = live
        .search
        .suggest(&q, MAX_SUGGESTIONS)
        .into_iter()
        .filter_map(|id| c.service_at(id))
        .map(|s| {
            Suggestion {
                code: s.code.to_string(),
                name: s.name.get(lang).to_string(),
                agency: c.agency(s.agency.as_str()).map(|a| a.name.get(lang).to_string()).unwrap_or_default(),
            }
            .to_line()
        })
        .collect();
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=300")], body)
        .into_response()
}
