// Installs Mlango's service worker (sw.js) after the page has loaded, so it never competes with
// the page on a slow connection. Every page works without it (and without JavaScript).
if ("serviceWorker" in navigator) {
  addEventListener("load", () => navigator.serviceWorker.register("/sw.js").catch(() => {}));
}
