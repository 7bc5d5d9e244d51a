// The service editor (/staff/services): one Immigration admin drafts a new service — details,
// its price, a choice question and a text question, reordered — and finds that another admin
// must publish a service whose prices they set; the second admin publishes it and the catalogue
// shows it. Plain HTML forms throughout, so it runs with and without JavaScript (@no-js); each
// project drafts its own service code. Refusals (bad input, stale forms, other agencies, other
// roles) are covered by server/tests/api/services.rs.
import { formatViolations, ruleIds, scan } from "./fixtures/a11y";
import { AccountPages, anotherBrowser, DEMO_PASSWORD, Inbox, STAFF } from "./fixtures/accounts";
import { expect, test } from "./fixtures/test";

/** Strings of app/src/staff/services_texts.rs (English). */
const T = {
  heading: "Services",
  code: "Service code",
  nameEn: "Name in English",
  category: "Category",
  start: "Start a draft",
  summaryEn: "What the service is, in English",
  timeline: "Charter timeline (working days)",
  saveDetails: "Save details",
  prices: "Prices",
  savePrices: "Save prices",
  kind: "Type of question to add",
  addQuestion: "Add a question",
  question: "Question in English",
  name: "Name used in records and exports",
  choices: "Choices",
  saveQuestion: "Save question",
  publish: "Publish",
  secondAdmin: "A new service sets its own prices, so another admin of your agency must publish it after you have changed it.",
  continueEditing: "Continue editing",
  published: "This draft has been published",
} as const;

test.describe("service editor @no-js", () => {
  test.describe.configure({ timeout: 150_000 });

  test("an admin drafts a new service with its form and a second admin publishes it", async ({
    page,
    request,
    browser,
    baseURL,
    javaScriptEnabled,
    browserErrors,
  }, testInfo) => {
    const code = `immigration-e2e-permit-${testInfo.project.name}-${Date.now() % 100000}`;
    // Codes are limited to 3 per phone or email in 15 minutes, and fees.spec.ts and
    // payments.spec.ts sign these admins in too: each project reads the other inbox.
    const [makerBy, checkerBy] = javaScriptEnabled ? (["email", "sms"] as const) : (["sms", "email"] as const);
    const maker = STAFF.immigrationAdmin2;
    const pages = new AccountPages(page);
    const makerInbox = await Inbox.open(request, makerBy === "sms" ? "sms" : "mail", makerBy === "sms" ? maker.phone : maker.email);
    await pages.signIn(makerInbox, maker.idNumber, DEMO_PASSWORD, "/staff", makerBy);
    await pages.main.getByRole("link", { name: T.heading, exact: true }).click();
    await expect(pages.heading).toHaveText(T.heading);

    await pages.main.getByLabel(T.code, { exact: true }).fill(code);
    await pages.main.getByLabel(T.nameEn, { exact: true }).fill("Special pass (e2e)");
    await pages.main.getByLabel(T.category, { exact: true }).selectOption("labour");
    await pages.main.getByRole("button", { name: T.start, exact: true }).click();
    await page.waitForURL((u) => /^\/staff\/services\/drafts\/\d+$/.test(u.pathname));
    const draftPath = new URL(page.url()).pathname;

    await pages.main.getByLabel(T.summaryEn, { exact: true }).fill("A short-term pass for visiting specialists.");
    await pages.main.getByLabel(T.timeline, { exact: true }).fill("14");
    await pages.main.getByRole("button", { name: T.saveDetails, exact: true }).click();
    await page.waitForURL((u) => u.pathname === draftPath && u.hash === "#details");

    await pages.main.getByLabel(T.prices, { exact: true }).fill("standard | Standard | Kawaida | 2,500");
    await pages.main.getByRole("button", { name: T.savePrices, exact: true }).click();
    await page.waitForURL((u) => u.pathname === draftPath && u.hash === "#fees");

    // A choice question, then a text question, then the text question moved above it.
    for (const q of [
      { kind: "choice", label: "Sector", name: "sector", choices: "ict | ICT | TEHAMA\nhealth | Health | Afya" },
      { kind: "text", label: "Employer", name: "employer", choices: "" },
    ]) {
      await pages.main.getByLabel(T.kind, { exact: true }).selectOption(q.kind);
      await pages.main.getByRole("button", { name: T.addQuestion, exact: true }).click();
      await page.waitForURL((u) => u.pathname === `${draftPath}/field`);
      await pages.main.getByLabel(T.question, { exact: true }).fill(q.label);
      await pages.main.getByLabel(T.name, { exact: true }).fill(q.name);
      if (q.choices) await pages.main.getByLabel(T.choices, { exact: true }).fill(q.choices);
      await pages.main.getByRole("button", { name: T.saveQuestion, exact: true }).click();
      await page.waitForURL((u) => u.pathname === draftPath && u.hash === "#form");
    }
    await pages.main.getByRole("button", { name: "Move up: Employer", exact: true }).click();
    await page.waitForURL((u) => u.pathname === draftPath && u.hash === "#form");
    const questions = pages.main.locator("#form table").first().locator("tbody tr td:first-child");
    await expect(questions).toHaveText(["Employer", "Sector"]);
    // axe runs as a script in the page, so only with JavaScript on.
    if (javaScriptEnabled) {
      const draftScan = await scan(page, testInfo, "service-draft");
      expect(ruleIds(draftScan.violations), formatViolations(draftScan.violations)).toEqual([]);
    }

    // The admin who set its price cannot publish it.
    await pages.main.getByRole("button", { name: T.publish, exact: true }).click();
    await expect(page.locator("#form-error")).toContainText(T.secondAdmin);

    const checker = STAFF.immigrationAdmin;
    const other = await anotherBrowser(browser, { baseURL, javaScriptEnabled, errors: browserErrors });
    try {
      const checkerInbox = await Inbox.open(request, checkerBy === "sms" ? "sms" : "mail", checkerBy === "sms" ? checker.phone : checker.email);
      await other.pages.signIn(checkerInbox, checker.idNumber, DEMO_PASSWORD, "/staff", checkerBy);
      await other.page.goto("/staff/services");
      await other.pages.main.locator(`a[href="${draftPath}"]`).click();
      await other.page.waitForURL((u) => u.pathname === draftPath);
      await other.pages.main.getByRole("button", { name: T.publish, exact: true }).click();
      await other.page.waitForURL((u) => u.pathname === draftPath);
      await expect(other.pages.main.getByRole("status")).toContainText(T.published);
    } finally {
      await other.context.close();
    }

    // Every server reloads the catalogue within its refresh interval.
    await expect
      .poll(async () => (await request.get(`/v1/services/${code}`)).status(), { timeout: 90_000, intervals: [1_000] })
      .toBe(200);
    const body = await (await request.get(`/v1/services/${code}`)).json();
    expect(body.name).toBe("Special pass (e2e)");
    expect(body.timeline_days).toBe(14);
  });
});
