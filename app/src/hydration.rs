//! Loading the islands' wasm only when a page needs it. Leptos's own `HydrationScripts`
//! preloads and runs the wasm on every page; most pages' only island is the search box, whose
//! plain GET form already works, so there the wasm (the largest download of a first visit) is
//! fetched when someone starts using the search box, and a phone on costly data that only
//! reads pages never pays for it. Pages with other islands (paying, uploading) load it at once.

use leptos::config::LeptosOptions;
use leptos::prelude::*;

/// The loader, adapted from Leptos 0.8's `island_script.js`: the same island traversal, with
/// the choice of when to start.
const LOADER: &str = r#"((pkg, js, wasm, v) => {
  const CHILDREN = [];
  async function hydrateIsland(el, mod) {
    const f = mod[el.dataset.component || ""];
    if (!f) return;
    const cb = CHILDREN[CHILDREN.length - 1];
    if (cb) cb();
    const r = f(el);
    if (r && r.then) await r;
  }
  async function traverse(node, mod) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const tag = node.tagName.toLowerCase();
    if (tag === "leptos-island") await hydrateIsland(node, mod);
    if (tag === "leptos-children") CHILDREN.push(node.$$on_hydrate);
    for (const child of node.children) await traverse(child, mod);
    if (tag === "leptos-children") CHILDREN.pop();
  }
  let loading = null;
  const load = () => loading || (loading = import(`/${pkg}/${js}.js${v}`).then((mod) =>
    mod.default({ module_or_path: `/${pkg}/${wasm}.wasm${v}` }).then(() => { mod.hydrate(); return traverse(document.body, mod); })));
  const islands = [...document.querySelectorAll("leptos-island")];
  const onDemand = (el) => (el.dataset.component || "").startsWith("SearchBox_");
  if (islands.some((el) => !onDemand(el))) {
    ("requestIdleCallback" in window ? requestIdleCallback : (c) => c())(() => load());
    return;
  }
  const wake = (ev) => {
    const input = ev.target instanceof HTMLInputElement ? ev.target : null;
    load().then(() => {
      // Whatever was typed while the wasm loaded gets its suggestions now.
      if (input && document.activeElement === input && input.value !== input.defaultValue) {
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
  };
  for (const el of islands) {
    el.addEventListener("focusin", wake, { once: true });
    el.addEventListener("pointerdown", wake, { once: true });
  }
})"#;

/// The islands' loader script for the document head (nonce'd for the CSP).
#[component]
pub fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    // As Leptos's HydrationScripts does in islands mode: only islands carry hydration markers.
    if let Some(sc) = Owner::current_shared_context() {
        sc.set_is_hydrating(false);
    }
    let nonce = leptos::nonce::use_nonce();
    let name = options.output_name.to_string();
    // cargo-leptos names the wasm `<name>.wasm` when it sets LEPTOS_OUTPUT_NAME at build time,
    // `<name>_bg.wasm` otherwise (as Leptos's own script decides).
    let wasm = if option_env!("LEPTOS_OUTPUT_NAME").is_some() { name.clone() } else { format!("{name}_bg") };
    // The site's version rides on the URLs (see `crate::ssr::asset`).
    let version = crate::ssr::asset("");
    let call = format!("{LOADER}({:?}, {name:?}, {wasm:?}, {version:?});", options.site_pkg_dir.to_string());
    view! { <script type="module" nonce=nonce>{call}</script> }
}
