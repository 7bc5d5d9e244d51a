// The installable app and the phone without a connection (issue 8): the manifest and its icons,
// the service worker registered and in control of the page, with nothing Chromium would refuse to
// install; offline, a catalogue page opened before still reads, one never opened shows the offline
// page (no axe violations, both languages), and a personal page is never served from a cache;
// answers saved on the apply form while offline are kept on the phone and, back online, become
// exactly one draft on the server, however often they are sent.
//
// The "js" project only: the service worker and public/drafts.js are JavaScript (without it every
// page is the server's and the form posts as it is, as the other journeys show).
//
// Isolation: each browser context has its own service worker and caches; the two tests that sign
// in sign up citizens of their own (fixtures/accounts.ts `newCitizen`).
import type { Page } from "@playwright/test";
import { formatViolations, ruleIds, scan } from "./fixtures/a11y";
import { ACCOUNT_TEXT, AccountPages, newCitizen } from "./fixtures/accounts";
import { APPLY_TEXT, APP_REFERENCE, ApplicationPages, PASSPORT, passportAnswers } from "./fixtures/applications";
import { DEMO, TEXT } from "./fixtures/portal";
import { expect, test } from "./fixtures/test";

/** Strings of app/src/offline.rs (English, and the offline page's Kiswahili part). */
const OFFLINE_TEXT = {
  heading: "You are offline",
  headingSw: "Huna mtandao",
  kept:
    "Mlango cannot be reached just now, so your answers are kept on this phone. They will be saved as a draft when you are " +
    "back online. Files you chose are not kept: choose them again then.",
  sent: "The answers kept on this phone have been saved as a draft.",
  open: "Open the draft",
} as const;

/** Where public/drafts.js keeps drafts. */
const DRAFTS_KEY = "mlango-drafts";

/** Waits until the service worker is active and controls `page` (it claims open pages). */
async function controlled(page: Page): Promise<void> {
  await page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, { timeout: 15_000 });
}

/** The paths of every response the page's origin holds in its caches, by cache name. */
async function cachedPaths(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    const out: Record<string, string[]> = {};
    for (const name of await caches.keys()) {
      const keys = await (await caches.open(name)).keys();
      out[name] = keys.map((r) => new URL(r.url).pathname + new URL(r.url).search);
    }
    return out;
  });
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(0, 8).toString("latin1"), "PNG signature").toBe("\x89PNG\r\n\x1a\n");
  expect(bytes.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

test.describe("installable app, offline", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "the service worker and drafts.js are JavaScript");
  // Sign-ups hash passwords (Argon2), and the draft journey posts and syncs several times.
  test.describe.configure({ timeout: 90_000 });

  test("the manifest and its icons are right, and the service worker is registered and in control", async ({ page }) => {
    await page.goto("/");
    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute("href");
    expect(manifestHref).toBe("/manifest.webmanifest");
    const themeColour = await page.locator('meta[name="theme-color"]').getAttribute("content");

    const manifestResponse = await page.request.get(manifestHref!);
    expect(manifestResponse.status()).toBe(200);
    expect(manifestResponse.headers()["content-type"]).toMatch(/^application\/manifest\+json/);
    const manifest = await manifestResponse.json();
    expect(manifest).toMatchObject({
      name: "Mlango",
      short_name: "Mlango",
      start_url: "/",
      scope: "/",
      display: "standalone",
      theme_color: themeColour,
      background_color: "#ffffff",
    });
    const icons = manifest.icons as { src: string; sizes: string; type: string; purpose: string }[];
    for (const [sizes, purpose] of [
      ["192x192", "any"],
      ["512x512", "any"],
      ["512x512", "maskable"],
    ]) {
      expect(icons.some((i) => i.sizes === sizes && i.purpose === purpose), `${purpose} icon of ${sizes}`).toBe(true);
    }
    const apple = await page.locator('link[rel="apple-touch-icon"]').getAttribute("href");
    for (const { src, sizes } of [...icons, { src: apple!, sizes: "180x180" }]) {
      const r = await page.request.get(src);
      expect(r.status(), src).toBe(200);
      expect(r.headers()["content-type"], src).toBe("image/png");
      expect(pngSize(await r.body()).join("x"), `size of ${src}`).toBe(sizes);
    }

    // Registered once the page has loaded, then in control of it (skipWaiting + clients.claim).
    await controlled(page);
    const registration = await page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      return { scope: r?.scope, script: r?.active?.scriptURL };
    });
    expect(new URL(registration.scope!).pathname).toBe("/");
    expect(new URL(registration.script!).pathname).toBe("/sw.js");

    // Chromium's own installability check (what Android Chrome asks before offering to install).
    // Playwright's contexts are off the record, which Chromium lists as a reason of its own
    // ("in-incognito"); any other (manifest, icons, service worker, start URL) fails the test.
    const cdp = await page.context().newCDPSession(page);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    const reasons = installabilityErrors.map((e) => e.errorId).filter((id) => id !== "in-incognito");
    expect(reasons, JSON.stringify(installabilityErrors)).toEqual([]);

    // The worker carries its version (a hash of the site's files), and its caches are named by it;
    // the app shell, offline page included, is kept at install.
    const sw = await page.request.get("/sw.js");
    expect(sw.headers()["content-type"]).toMatch(/javascript/);
    expect(sw.headers()["cache-control"]).toBe("no-cache");
    const version = (await sw.text()).match(/const VERSION = "([0-9a-f]{16})";/)?.[1];
    expect(version, "the version stamped into /sw.js").toBeTruthy();
    expect(sw.headers()["etag"]).toBe(`"${version}"`);
    const again = await page.request.get("/sw.js", { headers: { "If-None-Match": `"${version}"` } });
    expect(again.status(), "an update check while the version stands").toBe(304);
    const cached = await cachedPaths(page);
    for (const name of Object.keys(cached)) expect(name, "every cache is this version's").toMatch(new RegExp(`^mlango-(shell|pages)-${version}$`));
    const v = `?v=${version}`;
    expect(cached[`mlango-shell-${version}`]).toEqual(expect.arrayContaining(["/offline", `/pkg/mlango.css${v}`, `/drafts.js${v}`]));

    // A clean update: pages ask for the site's files by this version, so after a deploy no page
    // pairs new HTML with an old worker's (or the HTTP cache's) CSS, scripts or wasm; versioned
    // files are kept for a year, unversioned ones revalidated every time.
    await expect(page.locator('link[rel="stylesheet"]')).toHaveAttribute("href", `/pkg/mlango.css${v}`);
    await expect(page.locator('script[src^="/register-sw.js"]')).toHaveAttribute("src", `/register-sw.js${v}`);
    expect(await page.locator(`head script[type="module"]`).first().textContent(), "the islands loader").toContain(`"${v}"`);
    const css = await page.request.get(`/pkg/mlango.css${v}`);
    expect(css.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
    for (const url of ["/pkg/mlango.css", "/pkg/mlango.css?v=0000000000000000", "/register-sw.js"]) {
      expect((await page.request.get(url)).headers()["cache-control"], url).toBe("no-cache");
    }
  });

  test("offline: a page opened before still reads, others show the offline page, personal pages are never kept", async ({
    page,
    request,
  }, testInfo) => {
    const context = page.context();
    await page.goto("/");
    await controlled(page);
    // Opened while online (and anonymous): kept.
    await page.goto("/agencies");
    await expect(page.locator("main h1")).toHaveText(TEXT.en.agenciesHeading);
    await expect.poll(async () => Object.values(await cachedPaths(page)).flat()).toContain("/agencies");

    // Signed in, the citizen's own pages (and anything rendered for them) are never kept.
    const c = newCitizen();
    await new AccountPages(page).signUp(request, c);
    await expect(page.locator("main")).toContainText(c.firstName);
    await page.goto("/applications");
    await expect(page.locator("main h1")).toHaveText(APPLY_TEXT.mineHeading);
    await page.goto(`/agencies/${DEMO.ntsa}`);
    await page.goto("/account");
    await expect(page.locator("main h1")).toHaveText(ACCOUNT_TEXT.accountHeading);
    const kept = Object.values(await cachedPaths(page)).flat();
    for (const personal of ["/account", "/applications", `/agencies/${DEMO.ntsa}`, "/verify", "/signup"]) {
      expect(kept, `${personal} kept in a cache`).not.toContainEqual(expect.stringMatching(new RegExp(`^${personal}(\\?|$)`)));
    }

    await context.setOffline(true);
    try {
      // The page opened before, from the phone.
      const agencies = await page.goto("/agencies");
      expect(agencies?.fromServiceWorker()).toBe(true);
      await expect(page.locator("main h1")).toHaveText(TEXT.en.agenciesHeading);

      // A page never kept (the agency was opened signed in, so it was not kept either).
      await page.goto(`/agencies/${DEMO.ntsa}`);
      await expect(page.locator("main h1")).toHaveText(OFFLINE_TEXT.heading);
      await expect(page.locator("main h2")).toHaveText(OFFLINE_TEXT.headingSw);
      await expect(page.locator('main [lang="sw"]')).toContainText(OFFLINE_TEXT.headingSw);

      // The account page, opened a moment ago: not from any cache, nothing of the citizen's shown.
      await page.goto("/account");
      await expect(page.locator("main h1")).toHaveText(OFFLINE_TEXT.heading);
      await expect(page.locator("body")).not.toContainText(c.firstName);
      await expect(page.locator("body")).not.toContainText(c.idNumber);

      // The offline page itself is accessible.
      const { violations } = await scan(page, testInfo, "offline");
      expect(ruleIds(violations), `axe violations on the offline page:\n\n${formatViolations(violations)}\n`).toEqual([]);
    } finally {
      await context.setOffline(false);
    }
    // Back online, the account page is the server's again.
    await page.goto("/account");
    await expect(page.locator("main h1")).toHaveText(ACCOUNT_TEXT.accountHeading);
  });

  test("answers saved offline are kept on the phone and become exactly one draft when back online", async ({ page, request }) => {
    const context = page.context();
    const c = newCitizen();
    const answers = passportAnswers(c);
    await new AccountPages(page).signUp(request, c);
    const form = new ApplicationPages(page);
    await page.goto(PASSPORT.applyPath);
    await expect(form.heading).toHaveText(APPLY_TEXT.applyHeading(PASSPORT.name));
    const clientId = await form.form.locator('input[type=hidden][name="client_id"]').inputValue();
    expect(clientId).toMatch(/^[0-9A-Za-z_-]{16,64}$/);
    await form.variant("48-pages").check();
    await form.fillPassport(answers);
    const status = page.locator("#draft-status[role=status]");

    // No connection: "Save draft" keeps the answers on the phone and says so; nothing leaves it.
    await context.setOffline(true);
    let kept = "";
    try {
      await form.button(APPLY_TEXT.saveDraft).click();
      await expect(status).toHaveText(OFFLINE_TEXT.kept);
      await expect(page).toHaveURL((u) => u.pathname === PASSPORT.applyPath);
      kept = (await page.evaluate((key) => localStorage.getItem(key), DRAFTS_KEY)) ?? "";
      const drafts = JSON.parse(kept) as { id: string; fields: [string, string][] }[];
      expect(drafts.map((d) => d.id)).toEqual([clientId]);
      const fields = Object.fromEntries(drafts[0].fields);
      expect(fields).toMatchObject({ service: PASSPORT.code, variant: "48-pages", client_id: clientId });
      expect(fields["answers[place_of_birth]"]).toBe(answers.text.place_of_birth);
    } finally {
      await context.setOffline(false);
    }

    // Back online: sent by itself, forgotten on the phone, with a link to the draft.
    const open = status.getByRole("link", { name: OFFLINE_TEXT.open, exact: true });
    await expect(open).toHaveCount(1);
    await expect(status).toContainText(OFFLINE_TEXT.sent);
    const href = (await open.getAttribute("href")) ?? "";
    const reference = href.replace("/applications/", "");
    expect(reference).toMatch(APP_REFERENCE);
    expect(await page.evaluate((key) => localStorage.getItem(key), DRAFTS_KEY)).toBeNull();

    // The same kept copy sent again (its first answer lost on a bad line): still that one draft.
    await page.evaluate(([key, value]) => {
      localStorage.setItem(key, value);
      dispatchEvent(new Event("online"));
    }, [DRAFTS_KEY, kept] as const);
    await expect(open).toHaveCount(2);
    await expect(open.nth(1)).toHaveAttribute("href", href);
    // And the form itself saved now, online: the same draft again.
    await form.button(APPLY_TEXT.saveDraft).click();
    await page.waitForURL((u) => u.pathname === href);
    await expect(form.summaryValue(APPLY_TEXT.status)).toHaveText(APPLY_TEXT.draft);
    await expect(form.summaryValue(APPLY_TEXT.option)).toContainText("48");

    // My applications: exactly one application, that draft.
    await page.goto("/applications");
    const cards = page.locator("main li.card");
    await expect(cards).toHaveCount(1);
    await expect(cards).toContainText(reference);
    await expect(cards).toContainText(APPLY_TEXT.draft);
  });
});
