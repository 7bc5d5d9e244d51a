//! Interactive widgets of the catalogue pages. These are the only catalogue code shipped to
//! the browser; without JavaScript the surrounding form still works.

use super::suggest::{Suggestion, suggest_services};
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
                    if let Ok(found) = suggest_services(q, lang.tag().to_string()).await
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
        let _ = (q, this, suggest_services);
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
                open.set(false);
                active.set(None);
            }
            "Enter" => {
                if let Some(code) =
                    active.get().filter(|_| open.get()).and_then(|i| items.with(|s| s.get(i).map(|s| s.code.clone())))
                {
                    ev.prevent_default();
                    #[cfg(feature = "hydrate")]
                    let _ = window().location().set_href(&format!("/services/{code}"));
                    #[cfg(not(feature = "hydrate"))]
                    let _ = code;
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
                <For
                    each=move || items.get().into_iter().enumerate()
                    key=|(i, s)| (*i, s.code.clone())
                    children=move |(i, s)| {
                        view! {
                            <li
                                role="option"
                                id=format!("suggestion-{i}")
                                aria-selected=move || if active.get() == Some(i) { "true" } else { "false" }
                                class:active=move || active.get() == Some(i)
                            >
                                <a href=format!("/services/{}", s.code) tabindex="-1">
                                    <span class="suggestion-name">{s.name.clone()}</span>
                                    <span class="suggestion-agency">{s.agency.clone()}</span>
                                </a>
                            </li>
                        }
                    }
                />
            </ul>
            <p class="visually-hidden" role="status" aria-live="polite">{count_text}</p>
        </div>
    }
}
