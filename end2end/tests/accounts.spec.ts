// Journeys: a Kenyan citizen creates an account (checked with the demo identity registry, then a
// code by SMS and one by email), signs out, signs in with an SMS code, sees where they are signed
// in and signs the other devices out; an agency officer looks the citizen up, and the citizen sees
// that look-up under "Who viewed your data". The codes are read from the simulated inboxes
// (/sim/sms, /sim/mail) the demo server sends to.
//
// Every form is a plain HTML form that posts and is redirected, and errors come back through the
// URL (`__err`, `__path`): the journeys run with and without JavaScript (@no-js). The axe scans
// and the CSP check run in the "js" project only (they run scripts in the page).
//
// Isolation: each test signs up a citizen of its own (a random demo national ID in 11000000–
// 19999999, with a phone and email derived from it), so tests share nothing but the server.
// The demo staff accounts are shared, so each project signs in as a different officer (STAFF_FOR)
// and only one test per project uses each officer's phone and email.
//
// Budget: the server sends at most 30 codes per client address in 15 minutes (PER_ADDRESS in
// app/src/accounts/throttle.rs), and every browser here is 127.0.0.1. This file sends 11 codes in
// the js project and 9 in no-js; keep the whole suite under 30 (each sign-up sends 1, or 2 with
// an email address; each sign-in 1). The demo staff phones allow 3 codes in 15 minutes each.
import { formatViolations, ruleIds, scan, WCAG_TAGS } from "./fixtures/a11y";
import {
  ACCOUNT_TEXT as T,
  AccountPages,
  anotherBrowser,
  DEMO_PASSWORD,
  demoPerson,
  expectRegistryAgrees,
  Inbox,
  newCitizen,
  STAFF,
  type StaffLogin,
  wrongCode,
} from "./fixtures/accounts";
import { expect, test } from "./fixtures/test";

/** Which demo officer each project signs in as, so the two never read each other's codes. */
const staffFor = (javaScriptEnabled: boolean): StaffLogin =>
  javaScriptEnabled ? STAFF.immigrationOfficer : STAFF.ntsaOfficer;

/** How the account page shows a phone number: `+254 112 345 678`. */
const phoneDisplay = (phone: string) => {
  const n = phone.replace(/^0/, "");
  return `+254 ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
};
/** How a phone number is shown to staff and on the code page: `+254 1•• ••• 678`. */
const phoneMasked = (phone: string) => {
  const n = phone.replace(/^0/, "");
  return `+254 ${n[0]}•• ••• ${n.slice(6)}`;
};
/** `e2•••@example.org`. */
const emailMasked = (email: string) => `${email.slice(0, 2)}•••@${email.split("@")[1]}`;

test.describe("accounts", { tag: "@no-js" }, () => {
  // Each journey hashes a password (Argon2) once or twice and posts several forms.
  test.describe.configure({ timeout: 60_000 });

  test("the tests' copy of the demo registry agrees with the server's", async ({ request }) => {
    // The example pinned in server/src/gateways/demo_registry.rs.
    expect(demoPerson("12345678")).toEqual({ firstName: "Lokwang", otherNames: "Lengees", yearOfBirth: 1958 });
    for (const number of ["10000000", "10000004", "12345678", "19999999", newCitizen().idNumber]) {
      await expectRegistryAgrees(request, number, demoPerson(number));
    }
  });

  test("sign up as a Kenyan citizen, confirming the phone and the email with codes", async ({ page, request }) => {
    const c = newCitizen({ email: true });
    const pages = new AccountPages(page);

    await pages.startSignup(c);
    const sms = await pages.submitContact(request, c);
    await expect(pages.main.locator("p.lead")).toContainText(`We sent a 6-digit code to ${phoneMasked(c.phone)}.`);
    const mail = await Inbox.open(request, "mail", c.email!);
    await pages.enterCode(await sms.nextCode());

    await pages.expectHeading(T.checkEmail);
    await expect(pages.main.locator("p.lead")).toContainText(`We sent a 6-digit code to ${emailMasked(c.email!)}.`);
    await pages.enterCode(await mail.nextCode());

    await page.waitForURL((u) => u.pathname === "/account" && u.search === "?welcome=1");
    await pages.expectHeading(T.accountHeading);
    await expect(pages.notice).toHaveText(T.welcome(c.firstName));
    await expect(pages.summaryValue("Name")).toHaveText(c.fullName);
    await expect(pages.summaryValue("Account type")).toHaveText("Kenyan citizen");
    await expect(pages.summaryValue("Document")).toHaveText(`National ID card ${c.idNumber}`);
    await expect(pages.summaryValue("Mobile number")).toHaveText(phoneDisplay(c.phone));
    await expect(pages.summaryValue("Email address \\(optional\\)")).toHaveText(c.email!);
    await expect(pages.header.getByRole("link", { name: T.myAccount, exact: true })).toHaveAttribute("href", "/account");
    await expect(pages.signOutButton).toBeVisible();
  });

  test("details the registry does not confirm are refused, with the reason on the form", async ({ page }) => {
    const c = newCitizen();
    const pages = new AccountPages(page);
    await page.goto("/signup");
    // Right number and name, wrong year: the registry answers "no match".
    const otherYear = c.yearOfBirth === 1990 ? "1991" : "1990";
    await pages.fillIdentity(c.idNumber, c.firstName, otherYear);
    await pages.button("Continue").click();
    await expect(pages.errorBox).toBeVisible();
    await expect(pages.errorBox.locator("h2")).toHaveText(T.errorSummary);
    await expect(pages.errorBox).toContainText(T.identityNotConfirmed);
    await pages.expectHeading(T.signupHeading);
    expect(new URL(page.url()).pathname).toBe("/signup");
    // Nothing was created: the same person can still sign up.
    await pages.fillIdentity(c.idNumber, c.firstName, String(c.yearOfBirth));
    await pages.button("Continue").click();
    await pages.expectHeading(T.contactHeading);
  });

  test("sign out ends the session on the server, and the account pages ask to sign in", async ({
    page,
    context,
    request,
    playwright,
    baseURL,
  }) => {
    const c = newCitizen();
    const pages = new AccountPages(page);
    await pages.signUp(request, c);
    const session = (await context.cookies()).find((k) => k.name === "__Host-mlango_session");
    expect(session, "session cookie after sign-up").toBeDefined();
    expect(session!.secure && session!.httpOnly, "session cookie is Secure and HttpOnly").toBe(true);

    await pages.signOut();
    await expect(page.locator("main h1")).toHaveText("Find a government service");
    expect((await context.cookies()).find((k) => k.name === "__Host-mlango_session"), "cookie after sign-out").toBeUndefined();
    for (const path of ["/account", "/account/sessions", "/account/privacy"]) await pages.expectSignInRequired(path);

    // The old cookie is no good either: the session ended on the server, not just in the browser.
    // (Sent by hand: the browser will not take a __Host- cookie through addCookies.)
    const stale = await playwright.request.newContext({ baseURL });
    try {
      const response = await stale.get("/account", { headers: { Cookie: `${session!.name}=${session!.value}` } });
      expect(response.status(), "GET /account with the signed-out session's cookie").toBe(401);
      expect(await response.text()).toContain(T.signInRequired);
    } finally {
      await stale.dispose();
    }
  });

  test("sign in with an SMS code; a wrong password or code says what is wrong", async ({ page, request }) => {
    const c = newCitizen();
    const pages = new AccountPages(page);
    await pages.signUp(request, c);
    await pages.signOut();

    // A wrong password: back on the form with the reason (no code is sent).
    await page.goto("/login");
    await pages.field("login").fill(c.idNumber);
    await pages.field("password").fill("not my password at all");
    await pages.button("Sign in").click();
    await expect(pages.errorBox).toContainText(T.wrongCredentials);
    await pages.expectHeading(T.signIn);

    const sms = await Inbox.open(request, "sms", c.phone);
    await pages.startSignIn(c.idNumber, c.password);
    await expect(pages.main.locator("p.lead")).toContainText(phoneMasked(c.phone));
    const code = await sms.nextCode();

    await pages.enterCode(wrongCode(code));
    await expect(pages.errorBox).toBeVisible();
    await expect(pages.errorBox.locator("h2")).toHaveText(T.errorSummary);
    await expect(pages.errorBox.locator("p")).toHaveText(T.codeWrong(4));
    await pages.expectHeading(T.signInCode);

    await pages.enterCode(code);
    await page.waitForURL((u) => u.pathname === "/account" && u.search === "");
    await pages.expectHeading(T.accountHeading);
    await expect(pages.summaryValue("Name")).toHaveText(c.fullName);
    await expect(pages.errorBox).toHaveCount(0);
  });

  test("an officer looks a citizen up, and the citizen sees who viewed their data", async ({
    page,
    request,
    browser,
    baseURL,
    javaScriptEnabled,
    browserErrors,
  }) => {
    const c = newCitizen();
    const citizen = new AccountPages(page);
    await citizen.signUp(request, c);
    await page.goto("/account/privacy");
    await citizen.expectHeading(T.privacyHeading);
    await expect(citizen.main).toContainText(T.nobodyViewed);

    const officer = staffFor(javaScriptEnabled);
    const staff = await anotherBrowser(browser, { baseURL, javaScriptEnabled, errors: browserErrors });
    try {
      const sms = await Inbox.open(request, "sms", officer.phone);
      await staff.pages.signIn(sms, officer.idNumber, DEMO_PASSWORD, "/staff");
      await staff.pages.expectHeading(T.staffHeading);
      await expect(staff.pages.main.locator("p").first()).toHaveText(`${officer.fullName} · ${officer.role} · ${officer.agency}`);

      await staff.pages.field("document").fill(c.idNumber);
      await staff.pages.button("Find").click();
      await staff.page.waitForURL((u) => u.pathname === "/staff" && u.searchParams.get("document") === c.idNumber);
      const found = staff.pages.main.locator("dl#citizen");
      await expect(staff.pages.summaryValue("Name", found)).toHaveText(c.fullName);
      await expect(staff.pages.summaryValue("Document", found)).toHaveText(`national_id ${c.idNumber}`);
      await expect(staff.pages.summaryValue("Year of birth", found)).toHaveText(String(c.yearOfBirth));
      await expect(staff.pages.summaryValue("Mobile number", found)).toHaveText(phoneMasked(c.phone));

      // A number with no account: said plainly, and nothing shown.
      await staff.pages.field("document").fill("19999999");
      await staff.pages.button("Find").click();
      await expect(staff.pages.main.locator("[role=alert]")).toHaveText(T.noSuchCitizen);
      await expect(staff.pages.main.locator("dl#citizen")).toHaveCount(0);
    } finally {
      await staff.context.close();
    }

    await page.goto("/account/privacy");
    const viewed = citizen.main.getByRole("heading", { name: T.whoViewed }).locator("xpath=following-sibling::table[1]");
    const row = viewed.locator("tbody tr");
    await expect(row).toHaveCount(1);
    await expect(row.locator("td").nth(1)).toHaveText(`${officer.fullName} (${officer.agency})`);
    await expect(row.locator("td").nth(2)).toHaveText(T.lookedUp);
    await expect(citizen.main).not.toContainText(T.nobodyViewed);
  });

  test("sessions: this device is marked, and the other devices can be signed out", async ({
    page,
    request,
    browser,
    baseURL,
    javaScriptEnabled,
    browserErrors,
  }) => {
    const c = newCitizen();
    const phone = new AccountPages(page);
    await phone.signUp(request, c);

    const laptop = await anotherBrowser(browser, { baseURL, javaScriptEnabled, errors: browserErrors });
    try {
      const sms = await Inbox.open(request, "sms", c.phone);
      await laptop.pages.signIn(sms, c.idNumber, c.password, "/account");

      await page.goto("/account/sessions");
      await phone.expectHeading(T.sessionsHeading);
      const sessions = phone.main.locator("li.session");
      await expect(sessions).toHaveCount(2);
      // Each row also has a "Sign out this device" button: count the tags, not the text.
      await expect(sessions.locator(".tag")).toHaveCount(1);
      await expect(sessions.locator(".tag")).toHaveText(T.thisDevice);

      await phone.button(T.endOthers).click();
      await page.waitForURL((u) => u.pathname === "/account/sessions" && !u.searchParams.has("__err"));
      await expect(sessions).toHaveCount(1);
      await expect(sessions.first().locator(".tag")).toHaveText(T.thisDevice);

      await laptop.pages.expectSignInRequired("/account");
    } finally {
      await laptop.context.close();
    }
    // This device is still signed in.
    const response = await page.goto("/account");
    expect(response?.status()).toBe(200);
    await expect(phone.summaryValue("Name")).toHaveText(c.fullName);
  });
});

test.describe(`account pages, axe-core: ${WCAG_TAGS.join(", ")}`, () => {
  test.describe.configure({ timeout: 120_000 });

  test("sign-up, code, account, sessions, privacy, sign-in and staff pages have no violations", async ({
    page,
    request,
    browser,
    baseURL,
    javaScriptEnabled,
    browserErrors,
  }, testInfo) => {
    // Every page is scanned even when an earlier one fails, so one run lists everything to fix.
    const check = async (p: typeof page, name: string) => {
      const { violations } = await scan(p, testInfo, name);
      expect.soft(ruleIds(violations), `axe violations on ${name} (${p.url()}):\n\n${formatViolations(violations)}\n`).toEqual([]);
    };
    const c = newCitizen();
    const citizen = new AccountPages(page);

    await page.goto("/signup");
    await check(page, "signup");
    await citizen.fillIdentity(c.idNumber, c.firstName, c.yearOfBirth === 1990 ? "1991" : "1990");
    await citizen.button("Continue").click();
    await expect(citizen.errorBox).toBeVisible();
    await check(page, "signup with an error");

    await citizen.startSignup(c);
    await check(page, "signup contact");
    const sms = await citizen.submitContact(request, c);
    await check(page, "verify (sign-up)");
    const code = await sms.nextCode();
    await citizen.enterCode(wrongCode(code));
    await expect(citizen.errorBox).toBeVisible();
    await check(page, "verify with an error");
    await citizen.enterCode(code);
    await page.waitForURL((u) => u.pathname === "/account");
    await check(page, "account (welcome)");
    await page.goto("/account/sessions");
    await check(page, "account sessions");
    await page.goto("/account/privacy");
    await check(page, "account privacy (nobody viewed)");

    const officer = staffFor(javaScriptEnabled);
    const staff = await anotherBrowser(browser, { baseURL, javaScriptEnabled, errors: browserErrors });
    try {
      await staff.page.goto("/login");
      await check(staff.page, "login");
      await staff.pages.field("login").fill(officer.idNumber);
      await staff.pages.field("password").fill("not the password");
      await staff.pages.button("Sign in").click();
      await expect(staff.pages.errorBox).toBeVisible();
      await check(staff.page, "login with an error");
      // By email this time: the officer's phone is read by the look-up journey.
      const mail = await Inbox.open(request, "mail", officer.email);
      await staff.pages.startSignIn(officer.idNumber, DEMO_PASSWORD, "email");
      await check(staff.page, "verify (sign-in)");
      await staff.pages.enterCode(await mail.nextCode());
      await staff.page.waitForURL((u) => u.pathname === "/staff");
      await check(staff.page, "staff");
      await staff.page.goto(`/staff?document=${c.idNumber}`);
      await expect(staff.page.locator("dl#citizen")).toBeVisible();
      await check(staff.page, "staff, citizen found");
      await staff.page.goto("/staff?document=19999999");
      await expect(staff.page.locator("main [role=alert]")).toBeVisible();
      await check(staff.page, "staff, no such citizen");
    } finally {
      await staff.context.close();
    }

    await page.goto("/account/privacy");
    await expect(page.locator("main table tbody tr").first()).toBeVisible();
    await check(page, "account privacy (viewed)");
    await page.goto("/account");
    await citizen.signOut();
    await citizen.expectSignInRequired("/account");
    await check(page, "sign-in required (401)");
  });
});

test.describe("content security policy", () => {
  test("account pages send the CSP, and a violation fails the test through the browser-error guard", async ({
    page,
    browserErrors,
  }) => {
    for (const path of ["/signup", "/login"]) {
      const response = await page.goto(path);
      const csp = response?.headers()["content-security-policy"] ?? "";
      expect(csp, `CSP of ${path}`).toMatch(/script-src 'self' 'nonce-[0-9a-f]{32}'/);
      expect(csp).toContain("form-action 'self'");
    }
    // Cause one: an image from elsewhere (img-src 'self' data:). Nothing leaves the machine:
    // the browser refuses it before any request.
    const directive = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener("securitypolicyviolation", (e) => resolve(e.effectiveDirective), { once: true });
          const img = document.createElement("img");
          img.alt = "";
          img.src = "https://csp-check.invalid/pixel.png";
          document.body.append(img);
        }),
    );
    expect(directive).toBe("img-src");
    await expect
      .poll(() => browserErrors.filter((e) => /Content Security Policy/.test(e)).length, {
        message: "the guard saw the CSP violation",
      })
      .toBeGreaterThan(0);
    // Expected here; any other error still fails the test.
    browserErrors.splice(0, browserErrors.length, ...browserErrors.filter((e) => !/Content Security Policy/.test(e)));
  });
});
