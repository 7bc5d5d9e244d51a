//! The live payment status: while an M-Pesa request is open, it asks the server every few
//! seconds and shows the outcome as soon as it is known, without reloading the page. Without
//! JavaScript the page shows the status as of loading, and reloading updates it.

use leptos::prelude::*;

/// How often to ask, in milliseconds.
#[cfg(feature = "hydrate")]
const POLL_MS: u64 = 3000;
/// Stop asking after this many polls (3 minutes); the page still shows the last status.
#[cfg(feature = "hydrate")]
const MAX_POLLS: u32 = 60;

/// Live status of the latest payment attempt on a bill.
#[island]
pub fn PaymentWatch(
    /// The bill watched.
    bill_ref: String,
    /// The sentence shown when the page was rendered.
    message: String,
    /// The attempt state code when the page was rendered.
    state: String,
    /// Link text for the receipt check.
    verify_text: String,
) -> impl IntoView {
    let message = RwSignal::new(message);
    let state = RwSignal::new(state);
    let receipt = RwSignal::new(String::new());
    #[cfg(feature = "hydrate")]
    {
        fn schedule(
            bill: String,
            n: u32,
            message: RwSignal<String>,
            state: RwSignal<String>,
            receipt: RwSignal<String>,
        ) {
            if n >= MAX_POLLS || !matches!(state.get_untracked().as_str(), "requesting" | "pending" | "unknown") {
                return;
            }
            set_timeout(
                move || {
                    leptos::task::spawn_local(async move {
                        if let Some((s, m, r)) = fetch_status(&bill).await {
                            if !m.is_empty() {
                                message.set(m);
                            }
                            receipt.set(r);
                            state.set(s);
                        }
                        schedule(bill, n + 1, message, state, receipt);
                    });
                },
                std::time::Duration::from_millis(POLL_MS),
            );
        }
        schedule(bill_ref.clone(), 0, message, state, receipt);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = &bill_ref;
    view! {
        <p role="status" aria-live="polite" class="payment-status" data-state=move || state.get()>
            {move || message.get()}
            {move || {
                let r = receipt.get();
                (state.get() == "paid" && !r.is_empty()).then(|| view! {
                    " " <a href=format!("/v1/receipts/{r}")>{verify_text.clone()}" "{r.clone()}</a>
                })
            }}
        </p>
    }
}

#[cfg(feature = "hydrate")]
async fn fetch_status(bill: &str) -> Option<(String, String, String)> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let url = format!("/api/payments/status?bill_ref={}", js_sys::encode_uri_component(bill));
    let resp: web_sys::Response = JsFuture::from(window().fetch_with_str(&url)).await.ok()?.dyn_into().ok()?;
    if !resp.ok() {
        return None;
    }
    let text = JsFuture::from(resp.json().ok()?).await.ok()?.as_string()?;
    let mut lines = text.splitn(3, '\n');
    Some((lines.next()?.to_string(), lines.next().unwrap_or("").to_string(), lines.next().unwrap_or("").to_string()))
}
