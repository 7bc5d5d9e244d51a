// Keyboard-only journeys (WCAG 2.2 AA: 2.1.1 Keyboard, 2.1.2 No Keyboard Trap, 2.4.1 Bypass
// Blocks, 2.4.3 Focus Order, 2.4.7 Focus Visible, 2.4.11 Focus Not Obscured). Everything a
// person does here goes through page.keyboard: Tab and Shift+Tab to move, Enter and Space to
// follow and press, arrow keys inside a radio group, keyboard.type into the field Tab reached.
// page.goto only opens the first page of a test, as typing an address would.
//
// At every Tab stop the focused element must show it: a visible outline (not the transparent
// one kept for forced-colours mode) or a box-shadow, on screen (not scrolled off or hidden
// under something). A whole page must be passable: Tab from the first stop comes back round
// to it, and Shift+Tab visits the same stops in reverse.
//
// The pages are server-rendered and every form posts without JavaScript, so the journeys run in
// both projects (@no-js). Each project signs in as its own demo citizen (server/src/accounts/
// demo.rs), whose phone gets one code per run (the demo phones allow 3 in 15 minutes).
import { Inbox } from "./fixtures/accounts";
import { DEMO } from "./fixtures/portal";
import { expect, test } from "./fixtures/test";
import type { Page } from "@playwright/test";

/** Demo citizens A and B: one per project, so the two never read each other's codes. */
const citizenFor = (javaScriptEnabled: boolean) =>
  javaScriptEnabled ? { idNumber: "10000001", phone: "0712000001" } : { idNumber: "10000002", phone: "0712000002" };
const DEMO_PASSWORD = "Harambee-Demo-2026";

/** What has the focus, and whether a sighted keyboard user can see that it has. */
interface Focus {
  /** A path that tells this element from every other on the page (`body` when nothing has focus). */
  path: string;
  /** For messages: tag, id, name or href and text. */
  label: string;
  tag: string;
  href: string | null;
  text: string;
  inMain: boolean;
  /** Outline or box-shadow that shows, and the element on screen and not covered. */
  indicated: boolean;
  onScreen: boolean;
  style: string;
}

async function focus(page: Page): Promise<Focus> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body || el === document.documentElement) {
      return { path: "body", label: "<body>", tag: "body", href: null, text: "", inMain: false, indicated: false, onScreen: false, style: "" };
    }
    const path: string[] = [];
    for (let n: Element | null = el; n && n !== document.documentElement; n = n.parentElement) {
      const parent: Element | null = n.parentElement;
      path.unshift(`${n.tagName.toLowerCase()}:${parent ? Array.prototype.indexOf.call(parent.children, n) : 0}`);
    }
    const cs = getComputedStyle(el);
    const px = (v: string) => parseFloat(v) || 0;
    const transparent = (c: string) => c === "transparent" || /^rgba\(.*,\s*0(\.0+)?\)$/.test(c);
    const outline = cs.outlineStyle !== "none" && px(cs.outlineWidth) > 0 && !transparent(cs.outlineColor);
    const shadow = cs.boxShadow !== "" && cs.boxShadow !== "none";
    // On screen and not covered: the middle of one of its boxes (a link that wraps has one per
    // line) is inside the viewport, and what is drawn there is the element or inside it (a
    // label drawn over its input counts as the input's own).
    const boxes = Array.from(el.getClientRects()).filter(
      (r) => r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight,
    );
    const shown = boxes.some((r) => {
      const x = Math.min(Math.max((Math.max(r.left, 0) + Math.min(r.right, innerWidth)) / 2, 0), innerWidth - 1);
      const y = Math.min(Math.max((Math.max(r.top, 0) + Math.min(r.bottom, innerHeight)) / 2, 0), innerHeight - 1);
      const top = document.elementFromPoint(x, y);
      return !!top && (top === el || el.contains(top) || (top instanceof HTMLLabelElement && top.control === el));
    });
    const name = el.getAttribute("name");
    const href = el.getAttribute("href");
    const text = (el.innerText || (el as HTMLInputElement).value || el.getAttribute("aria-label") || "").trim().replace(/\s+/g, " ").slice(0, 60);
    const label =
      `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${name ? ` name=${name}` : ""}${href ? ` href=${href}` : ""}>` +
      (text ? ` "${text}"` : "");
    return {
      path: path.join("/"),
      label,
      tag: el.tagName.toLowerCase(),
      href,
      text,
      inMain: !!el.closest("main"),
      indicated: outline || shadow,
      onScreen: shown,
      style: `outline ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}; box-shadow ${cs.boxShadow}`,
    };
  });
}

/** Fails unless the focus is on an element and shows it. */
function expectVisible(f: Focus, where: string) {
  expect(f.path, `${where}: nothing has the focus`).not.toBe("body");
  expect(f.indicated, `${where}: the focus on ${f.label} is not visible (${f.style})`).toBe(true);
  expect(f.onScreen, `${where}: ${f.label} has the focus but is off screen or covered`).toBe(true);
}

/** Presses `key` and returns the new focus, checked to be visible. */
async function press(page: Page, key: string): Promise<Focus> {
  await page.keyboard.press(key);
  const f = await focus(page);
  expectVisible(f, `after ${key} on ${new URL(page.url()).pathname}`);
  return f;
}

/** Tabs (forward, or back with Shift+Tab) until `wanted` has the focus; every stop on the way must show it. */
async function tabTo(page: Page, wanted: (f: Focus) => boolean, what: string, { back = false, max = 80 } = {}): Promise<Focus> {
  const trail: string[] = [];
  for (let i = 0; i < max; i++) {
    const f = await press(page, back ? "Shift+Tab" : "Tab");
    trail.push(f.label);
    if (wanted(f)) return f;
  }
  throw new Error(`${what} was not reached in ${max} presses of ${back ? "Shift+Tab" : "Tab"} on ${page.url()}; stops:\n  ${trail.join("\n  ")}`);
}

const link = (href: string) => (f: Focus) => f.tag === "a" && f.href === href;
const named = (tag: string, text: string) => (f: Focus) => f.tag === tag && f.text === text;
const field = (id: string) => (f: Focus) => f.label.startsWith(`<input#${id}`) || f.label.startsWith(`<textarea#${id}`);

/**
 * Tabs through the whole page from its first stop until the focus comes back round to it, then
 * Shift+Tabs all the way back round. Each stop must show the focus; the backward stops must be
 * the forward ones reversed (a date input's day, month and year are one stop here). Returns the stops.
 */
async function expectNoTrap(page: Page, max = 250): Promise<string[]> {
  const where = new URL(page.url()).pathname;
  const first = await press(page, "Tab");
  const forward = [first.path];
  const labels = new Map([[first.path, first.label]]);
  let leftPage = 0;
  for (let i = 0; ; i++) {
    expect(i, `Tab never came back to ${first.label} on ${where} (a keyboard trap?); stops:\n  ${forward.map((p) => labels.get(p)).join("\n  ")}`).toBeLessThan(max);
    await page.keyboard.press("Tab");
    const f = await focus(page);
    // Past the last stop the focus leaves the page for the browser, then comes back to the first.
    if (f.path === "body") {
      leftPage++;
      expect(leftPage, `on ${where} the focus stayed outside the page`).toBeLessThan(3);
      continue;
    }
    expectVisible(f, `Tab through ${where}`);
    if (f.path === first.path) break;
    if (f.path !== forward[forward.length - 1]) forward.push(f.path);
    labels.set(f.path, f.label);
  }
  const backward = [first.path];
  for (let i = 0; ; i++) {
    expect(i, `Shift+Tab never came back to ${first.label} on ${where}`).toBeLessThan(max);
    await page.keyboard.press("Shift+Tab");
    const f = await focus(page);
    if (f.path === "body") continue;
    expectVisible(f, `Shift+Tab through ${where}`);
    if (f.path === first.path) break;
    if (f.path !== backward[backward.length - 1]) backward.push(f.path);
  }
  const show = (paths: string[]) => paths.map((p) => labels.get(p) ?? p);
  expect(show([backward[0], ...backward.slice(1).reverse()]), `Shift+Tab visits the Tab stops of ${where} in reverse`).toEqual(show(forward));
  return forward.map((p) => labels.get(p) ?? p);
}

test.describe("keyboard only", { tag: "@no-js" }, () => {
  test("skip link, search by typing, a result, and the service's Apply online", async ({ page, home }) => {
    await home.goto();

    // 2.4.1: the skip link is the first stop, shows itself, and takes the focus to the content.
    const skip = await press(page, "Tab");
    expect(skip.label, "the first Tab stop").toBe('<a href=#main> "Skip to main content"');
    await page.keyboard.press("Enter");
    await expect(home.main).toBeFocused();
    const inMain = await press(page, "Tab");
    expect(inMain.inMain, `the Tab after the skip link stays in the main content, got ${inMain.label}`).toBe(true);

    // The search box: type, Enter (no suggestion chosen), the results page.
    const box = field("q")(inMain) ? inMain : await tabTo(page, field("q"), "the search box");
    expect(box.inMain).toBe(true);
    await page.keyboard.type("passport");
    await Promise.all([page.waitForURL(/\/search\?q=passport$/), page.keyboard.press("Enter")]);

    // A result, followed with Enter.
    const passport = `/services/${DEMO.passport}`;
    await tabTo(page, link(passport), "the ordinary passport among the results");
    await Promise.all([page.waitForURL((u) => u.pathname === passport), page.keyboard.press("Enter")]);
    await expect(page.locator("main h1")).toHaveText("Ordinary passport (new or renewal)");

    // Shift+Tab goes back the way it came: one step back, then forward to the same stop.
    const apply = await tabTo(page, named("a", "Apply online"), "“Apply online”");
    expect(apply.href).toBe(`${passport}/apply`);
    const before = await press(page, "Shift+Tab");
    expect(before.path).not.toBe(apply.path);
    expect((await press(page, "Tab")).path, "Tab after Shift+Tab returns to “Apply online”").toBe(apply.path);

    // Signed out, the apply page asks to sign in first, with a link the keyboard reaches.
    const [response] = await Promise.all([page.waitForResponse((r) => new URL(r.url()).pathname === `${passport}/apply`), page.keyboard.press("Enter")]);
    expect(response.status()).toBe(401);
    await expect(page.locator("main h1")).toHaveText("Apply: Ordinary passport (new or renewal)");
    await tabTo(page, link(`/login?next=${passport}/apply`), "“Sign in to apply”");
  });

  test("sign in with a code, reach My applications, and the apply form by keyboard", async ({ page, home, request, javaScriptEnabled }) => {
    test.setTimeout(90_000);
    const citizen = citizenFor(javaScriptEnabled);
    await home.goto();

    await tabTo(page, link("/login"), "“Sign in” in the header");
    await Promise.all([page.waitForURL((u) => u.pathname === "/login"), page.keyboard.press("Enter")]);
    await expect(page.locator("main h1")).toHaveText("Sign in");

    await tabTo(page, field("login"), "the ID number field");
    await page.keyboard.type(citizen.idNumber);
    await press(page, "Tab");
    expect(field("password")(await focus(page)), "Tab from the ID number goes to the password").toBe(true);
    await page.keyboard.type(DEMO_PASSWORD);

    // A radio group is one Tab stop; the arrow keys move the choice within it.
    const sms = page.locator("#channel-sms");
    const email = page.locator("#channel-email");
    expect(field("channel-sms")(await press(page, "Tab")), "Tab reaches the checked channel, SMS").toBe(true);
    await expect(sms).toBeChecked();
    expect(field("channel-email")(await press(page, "ArrowDown")), "ArrowDown moves to Email").toBe(true);
    await expect(email).toBeChecked();
    expect(field("channel-sms")(await press(page, "ArrowUp")), "ArrowUp moves back to SMS").toBe(true);
    await expect(sms).toBeChecked();

    const inbox = await Inbox.open(request, "sms", citizen.phone);
    const button = await press(page, "Tab");
    expect(button.label, "Tab from the channels goes to the Sign in button").toBe('<button> "Sign in"');
    // Space presses a button as Enter does.
    await Promise.all([page.waitForURL((u) => u.pathname === "/verify"), page.keyboard.press("Space")]);
    await expect(page.locator("main h1")).toHaveText("Enter your sign-in code");

    await tabTo(page, field("code"), "the code field");
    await page.keyboard.type(await inbox.nextCode());
    await Promise.all([page.waitForURL((u) => u.pathname === "/account"), page.keyboard.press("Enter")]);
    await expect(page.locator("main h1")).toHaveText("My account");

    await tabTo(page, link("/applications"), "“My applications” in the header");
    await Promise.all([page.waitForURL((u) => u.pathname === "/applications"), page.keyboard.press("Enter")]);
    await expect(page.locator("main h1")).toHaveText("My applications");

    // The apply form, signed in: every field, radio group, file input and button can be
    // reached, shows the focus, and lets the focus go again.
    await page.goto(`/services/${DEMO.passport}/apply`);
    await expect(page.locator("main h1")).toHaveText("Apply: Ordinary passport (new or renewal)");
    const stops = await expectNoTrap(page);
    for (const wanted of ['"Save draft"', '"Submit application"']) {
      expect(stops.some((s) => s.startsWith("<button") && s.endsWith(wanted)), `${wanted} among the Tab stops:\n  ${stops.join("\n  ")}`).toBe(true);
    }
    expect(stops.filter((s) => s.includes("name=answers[")).length, "the form's fields among the Tab stops").toBeGreaterThan(0);
  });

  for (const { name, path } of [
    { name: "home", path: "/" },
    { name: "search results", path: "/search?q=licence" },
    { name: "service", path: `/services/${DEMO.passport}` },
  ]) {
    test(`${name}: Tab and Shift+Tab go all the way round, the focus always visible`, async ({ page }) => {
      await page.goto(path);
      const stops = await expectNoTrap(page);
      expect(stops[0], "the first stop").toBe('<a href=#main> "Skip to main content"');
      expect(stops.length, `stops on ${path}:\n  ${stops.join("\n  ")}`).toBeGreaterThan(5);
    });
  }
});
