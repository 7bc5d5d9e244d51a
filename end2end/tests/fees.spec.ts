// Fee changes, maker-checker (/staff/fees): one Immigration admin proposes a new passport fee
// from tomorrow, and sees that only another admin can decide it; the second admin approves it.
// The catalogue keeps today's price until the date (the switch on the date is covered with a
// moved clock by server/tests/api/fees.rs).
//
// Runs in the "js" project only: the demo admins' phones receive the sign-in codes, and one
// run at a time reads them. The forms are plain HTML forms, covered without JavaScript by
// server/tests/api/fees.rs. The approving admin signs in by email, because payments.spec.ts
// reads the same admin's SMS.
import { formatViolations, ruleIds, scan } from "./fixtures/a11y";
import { AccountPages, anotherBrowser, DEMO_PASSWORD, Inbox, STAFF } from "./fixtures/accounts";
import { expect, test } from "./fixtures/test";

/** Strings of app/src/staff/texts.rs (FeeTexts, English). */
const T = {
  heading: "Fees",
  service: "Service",
  choose: "Choose",
  option: "Option",
  amount: "New fee",
  date: "Starts on",
  reason: "Reason",
  propose: "Propose the change",
  waiting: "Waiting for a second admin",
  onlyOther: "You proposed this; another admin must approve or reject it.",
  approved: "Approved: starts on its date",
  approve: "Approve",
  withdraw: "Withdraw",
} as const;

/** Tomorrow in East Africa Time, as YYYY-MM-DD. */
function tomorrowEat(): string {
  const eat = new Date(Date.now() + 3 * 3600_000 + 86_400_000);
  return eat.toISOString().slice(0, 10);
}

test.describe("fees, maker-checker", () => {
  test.describe.configure({ timeout: 120_000 });

  test("an admin proposes a new fee, only a second admin can approve it, and the price waits for its date", async ({
    page,
    request,
    browser,
    baseURL,
    javaScriptEnabled,
    browserErrors,
  }, testInfo) => {
    const maker = STAFF.immigrationAdmin2;
    const pages = new AccountPages(page);
    await pages.signIn(await Inbox.open(request, "sms", maker.phone), maker.idNumber, DEMO_PASSWORD, "/staff");
    await pages.main.getByRole("link", { name: T.heading, exact: true }).click();
    await expect(pages.heading).toHaveText(T.heading);

    // Step one: the service; step two: the option at today's price, the fee, date and reason.
    await pages.main.getByLabel(T.service, { exact: true }).selectOption("immigration-passport-ordinary");
    await pages.main.getByRole("button", { name: T.choose, exact: true }).click();
    await page.waitForURL((u) => u.pathname === "/staff/fees" && u.searchParams.get("service") === "immigration-passport-ordinary");
    const option = pages.main.getByLabel(T.option, { exact: true });
    await expect(option.locator("option")).toContainText(["32 pages (now KSh 4,550)", "48 pages (now KSh 6,050)", "64 pages (now KSh 7,550)"]);
    await option.selectOption({ label: "48 pages (now KSh 6,050)" });
    await pages.main.getByLabel(T.amount, { exact: true }).fill("6,500");
    await pages.main.getByLabel(T.date, { exact: true }).fill(tomorrowEat());
    await pages.main.getByLabel(T.reason, { exact: true }).fill("Finance Act 2026, section 12");
    const formScan = await scan(page, testInfo, "fees-propose");
    expect(ruleIds(formScan.violations), formatViolations(formScan.violations)).toEqual([]);
    await pages.main.getByRole("button", { name: T.propose, exact: true }).click();
    await page.waitForURL((u) => u.pathname === "/staff/fees" && /^#change-\d+$/.test(u.hash));
    const id = new URL(page.url()).hash.slice(1);
    const card = pages.main.locator(`li#${id}`);
    await expect(card.locator("strong")).toHaveText(T.waiting);
    await expect(card).toContainText(`KSh 6,050 → KSh 6,500 from ${tomorrowEat()}`);
    await expect(card).toContainText(T.onlyOther);
    await expect(card.getByRole("button", { name: T.approve, exact: true })).toHaveCount(0);
    await expect(card.getByRole("button", { name: T.withdraw, exact: true })).toBeVisible();

    // The second admin approves it.
    const checker = STAFF.immigrationAdmin;
    const other = await anotherBrowser(browser, { baseURL, javaScriptEnabled, errors: browserErrors });
    try {
      await other.pages.signIn(await Inbox.open(request, "mail", checker.email), checker.idNumber, DEMO_PASSWORD, "/staff", "email");
      await other.page.goto(`/staff/fees#${id}`);
      const theirs = other.pages.main.locator(`li#${id}`);
      await expect(theirs.locator("strong")).toHaveText(T.waiting);
      const listScan = await scan(other.page, testInfo, "fees-decide");
      expect(ruleIds(listScan.violations), formatViolations(listScan.violations)).toEqual([]);
      await theirs.getByRole("button", { name: T.approve, exact: true }).click();
      await other.page.waitForURL((u) => u.pathname === "/staff/fees" && u.hash === `#${id}`);
      await expect(other.pages.main.locator(`li#${id} strong`)).toHaveText(T.approved);
    } finally {
      await other.context.close();
    }

    // The maker sees it approved; the service page still shows today's price until the date.
    await page.reload();
    await expect(card.locator("strong")).toHaveText(T.approved);
    const service = await request.get("/v1/services/immigration-passport-ordinary");
    const body = await service.json();
    const v48 = body.variants.find((v: { code: string }) => v.code === "48-pages");
    expect(v48.amount_minor).toBe(605_000);
  });
});
