// Mlango's service worker (issue 8). The server sends this file as /sw.js with the version
// below replaced by a hash of every file in the site root (server/src/pwa.rs): a deploy that
// changes any of them is a new worker, whose caches replace the old ones the moment it takes
// over (skipWaiting + clients.claim: pages are rendered by the server and fetched network
// first, so no open page depends on the old worker's state).
"use strict";
const VERSION = "__MLANGO_VERSION__";
const SHELL = "mlango-shell-" + VERSION;
const PAGES = "mlango-pages-" + VERSION;
// What the offline page needs, and the scripts every page loads. The islands' wasm is not
// fetched ahead: most visits never need it (app/src/hydration.rs); it is kept once used.
// Pages ask for the CSS and scripts with this version in their URLs (app::ssr::asset), so a page
// of one version never gets another's files, whichever worker is in control.
const V = "?v=" + VERSION;
const PRECACHE = ["/offline", "/pkg/mlango.css" + V, "/register-sw.js" + V, "/drafts.js" + V, "/favicon.svg", "/manifest.webmanifest", "/icons/icon-192.png"];
// The only pages kept for reading offline: public catalogue pages. Personal pages (account,
// applications, apply forms, staff) are never kept: a shared phone must never show one
// person's page to the next. Pages the server marks private (anyone signed in) neither.
const PUBLIC = /^\/(agencies(\/[^/]+)?|services\/[^/]+|search|status)?$/;
const ASSET = /^\/(pkg|icons)\/|^\/[\w-]+\.(js|svg|webmanifest)$/;
// Machine endpoints and downloads go straight to the network, untouched.
const PASS = /^\/(api|v1|sim|callbacks)\/|\/uploads\/|\.(pdf|csv)$/;
const MAX_PAGES = 50;
const any = { ignoreVary: true };

self.addEventListener("install", (e) => {
  // Revalidated with the server (not taken from the HTTP cache), so a new version is whole.
  const requests = PRECACHE.map((u) => new Request(u, { credentials: "omit", cache: "no-cache" }));
  e.waitUntil(caches.open(SHELL).then((c) => c.addAll(requests)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (e) => {
  const old = (n) => n.startsWith("mlango-") && n !== SHELL && n !== PAGES;
  e.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter(old).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin || PASS.test(url.pathname)) return;
  if (req.mode === "navigate") e.respondWith(page(e, req, url));
  else if (ASSET.test(url.pathname) && url.pathname !== "/sw.js") e.respondWith(asset(e, req));
});

// Network first; offline (or the server failing), the copy kept from the last visit, else the
// offline page.
async function page(e, req, url) {
  // `?lang=` and `?data=` answers set a cookie: not pages to keep.
  const keep = PUBLIC.test(url.pathname) && !url.searchParams.has("lang") && !url.searchParams.has("data");
  const kept = () => (keep ? caches.open(PAGES).then((c) => c.match(req.url, any)) : undefined);
  try {
    const res = await fetch(req);
    if (keep && res.status === 200 && res.type === "basic" && !/private|no-store/i.test(res.headers.get("Cache-Control") || "")) {
      e.waitUntil(store(req.url, res.clone()));
    }
    return (res.status >= 500 && (await kept())) || res;
  } catch (err) {
    return (await kept()) || (await caches.open(SHELL).then((c) => c.match("/offline", any))) || Response.error();
  }
}

// Keeps a page, forgetting the oldest beyond MAX_PAGES (a put moves a page to the end).
async function store(key, res) {
  const cache = await caches.open(PAGES);
  await cache.put(key, res);
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_PAGES)).map((k) => cache.delete(k)));
}

// Cache first: this worker's version of an asset never changes (a new version is a new worker).
async function asset(e, req) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(req, any);
  if (hit) return hit;
  const res = await fetch(req);
  if (res.status === 200 && res.type === "basic") e.waitUntil(cache.put(req, res.clone()));
  return res;
}
