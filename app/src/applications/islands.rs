//! The document picker's check in the browser: as soon as a file is chosen, its declared type
//! and size are checked with the same rule the server applies to the bytes, so a citizen on
//! costly data never sends a 9 MB photo only to have it refused. Without JavaScript the plain
//! file input works and the server's check says the same.

use crate::catalogue::model::DocumentRequirement;
use leptos::prelude::*;

/// A file input that refuses, on the spot, files of the wrong type or size.
#[island]
pub fn DocumentPicker(
    /// What the form asks for: its code names the input, its types and size are checked.
    requirement: DocumentRequirement,
    /// Ids of the hint (and error) for `aria-describedby`.
    described: String,
    /// The server's message for this input, if it refused the last file.
    error: String,
    /// Message for a file of the wrong type.
    wrong_type: String,
    /// Message for a file too large.
    too_large: String,
    /// Message for an empty file.
    empty: String,
) -> impl IntoView {
    let error = RwSignal::new(error);
    let id = format!("answer-{}", requirement.code);
    let name = format!("documents[{}]", requirement.code);
    let accept = crate::applications::uploads::accept_attr(&requirement);
    let error_id = format!("{id}-error");
    #[cfg(feature = "hydrate")]
    let on_change = move |ev: leptos::ev::Event| {
        use crate::applications::form::FieldProblem;
        use wasm_bindgen::JsCast;
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            error.set(String::new());
            return;
        };
        let size = file.size().max(0.0) as u64;
        match crate::applications::uploads::check_declared(&requirement, &file.type_(), size) {
            Ok(()) => error.set(String::new()),
            Err(p) => {
                // The refused file is dropped, so the form cannot send it.
                input.set_value("");
                error.set(match p {
                    FieldProblem::FileTooLarge { .. } => too_large.clone(),
                    FieldProblem::FileEmpty => empty.clone(),
                    _ => wrong_type.clone(),
                });
            }
        }
    };
    #[cfg(not(feature = "hydrate"))]
    let on_change = {
        let _ = (&wrong_type, &too_large, &empty);
        |_: leptos::ev::Event| {}
    };
    let described_by = {
        let error_id = error_id.clone();
        move || {
            if error.with(String::is_empty) { described.clone() } else { format!("{described} {error_id}") }
        }
    };
    view! {
        <p class="field-error" id=error_id role="alert" hidden=move || error.with(String::is_empty)>{move || error.get()}</p>
        <input type="file" id=id name=name accept=accept aria-describedby=described_by
            aria-invalid=move || (!error.with(String::is_empty)).then_some("true") on:change=on_change />
    }
}
