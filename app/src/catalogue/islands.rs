//! Interactive widgets of the catalogue pages. These are the only catalogue code shipped to
//! the browser; without JavaScript the surrounding form still works.

use super::suggest::Suggestion;
use crate::i18n::Lang;
use leptos::prelude::*;

/// How long typing must pause before we ask for suggestions, in milliseconds.
#[cfg(feature = "hydrate")]
const DEBOUNCE_MS: u64 = 150;

/// The search input, enhanced into an accessible combobox that suggests services as you
/// type (ARIA 1.2 combobox with a listbox popup). It must sit inside a GET form to `/search`.
#[island]
pub fn SearchBox(
    /// Language of labels and suggestions.
    lang: Lang,
    /// What the input starts with (the current query on the results page).
    value: String,
) -> impl IntoView {
    let t = lang.t();
    let items = RwSignal::new(Vec::<Suggestion>::new());
    let active = RwSignal::new(None::<usize>);
    let open = RwSignal::new(false);
    let generation = StoredValue::new(0u64);

    let request = move |q: String| {
        let this = generation.get_value() + 1;
        generation.set_value(this);
        if q.trim().chars().count() < 2 {
            items.set(Vec::new());
            open.set(false);
            return;
        }
        #[cfg(feature = "hydrate")]
        set_timeout(
            move || {
                if generation.get_value() != this {
                    return;
                }
                leptos::task::spawn_local(async move {
                    if let Some(found) = fetch_suggestions(&q, lang).await
                        && generation.get_value() == this
                    {
                        open.set(!found.is_empty());
                        active.set(None);
                        items.set(found);
                    }
                });
            },
            std::time::Duration::from_millis(DEBOUNCE_MS),
        );
        #[cfg(not(feature = "hydrate"))]
        let _ = (q, this);
    };

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let n = items.with(|i| i.len());
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % n)));
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(n - 1, |i| (i + n - 1) % n)));
            }
            "Escape" => {
                // A search input clears itself on Escape; while the list is open, Escape only
                // closes the list (ARIA combobox pattern) and keeps what was typed.
                if open.get_untracked() {
                    ev.prevent_default();
                }
                open.set(false);
                active.set(None);
            }
            "Enter" => {
                if let Some(code) =
                    active.get().filter(|_| open.get()).and_then(|i| items.with(|s| s.get(i).map(|s| s.code.clone())))
                {
                    ev.prevent_default();
                    go_to_service(&code);
                }
            }
            _ => {}
        }
    };

    let count_text = move || if open.get() { (t.suggestions_count)(items.with(|i| i.len())) } else { String::new() };

    view! {
        <div class="search-box">
            <input
                id="q"
                name="q"
                type="search"
                class="search-input"
                autocomplete="off"
                spellcheck="false"
                maxlength="200"
                role="combobox"
                aria-autocomplete="list"
                aria-controls="search-suggestions"
                aria-describedby="q-hint"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-activedescendant=move || active.get().map(|i| format!("suggestion-{i}"))
                value=value
                on:input=move |ev| request(event_target_value(&ev))
                on:keydown=on_keydown
                on:blur=move |_| {
                    #[cfg(feature = "hydrate")]
                    set_timeout(move || open.set(false), std::time::Duration::from_millis(200));
                }
            />
            <ul
                id="search-suggestions"
                role="listbox"
                class="suggestions"
                aria-label=t.suggestions_label
                hidden=move || !open.get()
            >
                {move || {
                    items
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, s)| {
                            view! {
                                <li
                                    role="option"
                                    id=format!("suggestion-{i}")
                                    data-href=format!("/services/{}", s.code)
                                    aria-selected=move || if active.get() == Some(i) { "true" } else { "false" }
                                    class:active=move || active.get() == Some(i)
                                    // mousedown, not click: it fires before the input's blur closes the list.
                                    on:mousedown=move |ev| {
                                        ev.prevent_default();
                                        go_to_service(&s.code);
                                    }
                                >
                                    <span class="suggestion-name">{s.name}</span>
                                    <span class="suggestion-agency">{s.agency}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <p class="visually-hidden" role="status" aria-live="polite">{count_text}</p>
        </div>
    }
}

/// Asks the server for suggestions; `None` on any network or HTTP failure (the form still works).
#[cfg(feature = "hydrate")]
async fn fetch_suggestions(q: &str, lang: Lang) -> Option<Vec<Suggestion>> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let url = format!("/api/catalogue/suggest?lang={}&q={}", lang.tag(), js_sys::encode_uri_component(q));
    let resp: web_sys::Response = JsFuture::from(window().fetch_with_str(&url)).await.ok()?.dyn_into().ok()?;
    if !resp.ok() {
        return None;
    }
    let text = JsFuture::from(resp.text().ok()?).await.ok()?.as_string()?;
    Some(Suggestion::parse_lines(&text))
}

/// Opens a service page (browser only; the island never runs on the server).
fn go_to_service(code: &str) {
    #[cfg(feature = "hydrate")]
    let _ = window().location().set_href(&format!("/services/{code}"));
    #[cfg(not(feature = "hydrate"))]
    let _ = code;
}
