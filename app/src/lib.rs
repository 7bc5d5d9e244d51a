//! Mlango's shared library: domain types (both builds), islands (both builds), and the
//! server-rendered pages, server functions and ports (`ssr` build only).
//!
//! In islands mode the browser hydrates only `#[island]` components, so pages, routing and
//! everything that reads server state compile only with the `ssr` feature.
#![recursion_limit = "256"]

pub mod accounts;
pub mod applications;
pub mod appointments;
pub mod catalogue;
pub mod contact;
pub mod error;
pub mod i18n;
pub mod money;
pub mod notifications;
pub mod paging;
pub mod payments;
#[cfg(feature = "ssr")]
pub mod staff;
pub mod status;

#[cfg(feature = "ssr")]
pub mod app;
#[cfg(feature = "ssr")]
pub mod clock;
#[cfg(feature = "ssr")]
pub mod hydration;
#[cfg(feature = "ssr")]
pub mod offline;
#[cfg(feature = "ssr")]
pub mod ssr;
#[cfg(feature = "ssr")]
pub mod store;

/// Browser entry point: hydrates the islands on the page and nothing else.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    leptos::mount::hydrate_islands();
}
