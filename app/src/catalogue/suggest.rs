//! Search-as-you-type: the server function behind the search box island.

use crate::error::AppError;
use crate::i18n::Lang;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Most suggestions returned at once.
pub const MAX_SUGGESTIONS: usize = 8;

/// One suggested service, already in the asker's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// Service code (link target `/services/{code}`).
    pub code: String,
    /// Service name.
    pub name: String,
    /// Agency name.
    pub agency: String,
}

/// Suggests services for a partly typed query (`lang` is `en` or `sw`). Read-only, so a
/// cacheable GET.
#[server(prefix = "/api", endpoint = "catalogue/suggest", input = server_fn::codec::GetUrl)]
pub async fn suggest_services(q: String, lang: String) -> Result<Vec<Suggestion>, AppError> {
    use crate::ssr::reject;
    let Some(lang) = Lang::parse(&lang) else {
        return reject(AppError::BadRequest("lang must be \"en\" or \"sw\"".into()));
    };
    if q.chars().count() > super::search_text::MAX_QUERY_CHARS {
        return reject(AppError::BadRequest("q must be at most 200 characters".into()));
    }
    let state = crate::ssr::state()?;
    let live = state.catalogue.current();
    let catalogue = &live.catalogue;
    let ids = live.search.suggest(&q, MAX_SUGGESTIONS);
    Ok(ids
        .into_iter()
        .filter_map(|id| catalogue.service_at(id))
        .map(|s| Suggestion {
            code: s.code.to_string(),
            name: s.name.get(lang).to_string(),
            agency: catalogue.agency(s.agency.as_str()).map(|a| a.name.get(lang).to_string()).unwrap_or_default(),
        })
        .collect())
}
