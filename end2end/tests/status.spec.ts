// The public status page (/status): each service's state now, the incidents posted by platform
// administrators (open first, then those resolved in the last 14 days), in English and
// Kiswahili, linked from every page's footer. Server-rendered and usable without JavaScript
// (@no-js); the axe scans run in the "js" project only (axe is a script in the page).
//
// The platform administrator's journey (post an incident, see it on /status, resolve it) runs in
// the "js" project only: the demo administrator's phone (0712000008) receives the sign-in code,
// and one run at a time reads it. Its forms are plain HTML forms, covered without JavaScript by
// server/tests/api/status.rs.
import { formatViolations, ruleIds, scan } from "./fixtures/a11y";
import { AccountPages, DEMO_PASSWORD, Inbox, STAFF } from "./fixtures/accounts";
import type { Lang } from "./fixtures/portal";
import { expect, test } from "./fixtures/test";

/** Strings of app/src/status/texts.rs and the footer link of app/src/i18n.rs. */
const TEXT = {
  en: {
    heading: "Service status",
    footer: "Service status",
    components: ["Mlango website", "M-Pesa payments", "Text messages (SMS)", "Records and applications"],
    openHeading: "Current incidents",
    resolvedHeading: "Resolved in the last 14 days",
  },
  sw: {
    heading: "Hali ya huduma",
    footer: "Hali ya huduma",
    components: ["Tovuti ya Mlango", "Malipo ya M-Pesa", "Jumbe fupi (SMS)", "Kumbukumbu na maombi"],
    openHeading: "Matukio ya sasa",
    resolvedHeading: "Yaliyotatuliwa katika siku 14 zilizopita",
  },
} as const;

test.describe("status page", { tag: "@no-js" }, () => {
  for (const lang of ["en", "sw"] as Lang[]) {
    test(`shows every service and the incidents (${lang}), reached from the footer, with no axe violations`, async ({
      page,
      javaScriptEnabled,
    }, testInfo) => {
      const t = TEXT[lang];
      await page.goto(`/?lang=${lang}`);
      const footerLink = page.locator("footer.site-footer").getByRole("link", { name: t.footer, exact: true });
      await expect(footerLink).toHaveAttribute("href", "/status");
      await Promise.all([page.waitForURL((u) => u.pathname === "/status"), footerLink.click()]);

      const main = page.locator("main#main");
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      await expect(main.locator("h1")).toHaveText(t.heading);
      const rows = main.locator("dl#components > div");
      await expect(rows.locator("dt")).toHaveText([...t.components]);
      for (const row of await rows.all()) {
        await expect(row).toHaveAttribute("data-health", /^(operational|degraded|down)$/);
      }
      await expect(main.getByRole("heading", { name: t.openHeading, level: 2 })).toBeVisible();
      await expect(main.getByRole("heading", { name: t.resolvedHeading, level: 2 })).toBeVisible();

      if (javaScriptEnabled) {
        const { violations } = await scan(page, testInfo, `status-${lang}`);
        expect(ruleIds(violations), `axe violations on /status (${lang}):\n\n${formatViolations(violations)}\n`).toEqual([]);
      }
    });
  }

  test("GET /v1/status answers with every component", async ({ request }) => {
    const response = await request.get("/v1/status");
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.components.map((c: { component: string }) => c.component)).toEqual(["portal", "payments", "sms", "database"]);
    expect(body.incidents_available).toBe(true);
  });
});

test.describe("incidents", () => {
  test.describe.configure({ timeout: 90_000 });

  test("a platform administrator posts an incident, it shows on /status in both languages, and is resolved", async ({
    page,
    request,
  }, testInfo) => {
    const admin = STAFF.platformAdmin;
    const pages = new AccountPages(page);
    const sms = await Inbox.open(request, "sms", admin.phone);
    await pages.signIn(sms, admin.idNumber, DEMO_PASSWORD, "/staff");
    await pages.main.getByRole("link", { name: "Incidents", exact: true }).click();
    await expect(pages.heading).toHaveText("Incidents");
    const formScan = await scan(page, testInfo, "incidents-staff");
    expect(ruleIds(formScan.violations), formatViolations(formScan.violations)).toEqual([]);

    // A title of its own, so a rerun against the same server finds this one.
    const n = String(Date.now()).slice(-6);
    const title = { en: `Slow SMS ${n}`, sw: `SMS zinachelewa ${n}` };
    await pages.main.locator('select[name="component"]').selectOption("sms");
    await pages.main.locator('select[name="severity"]').selectOption("minor");
    await pages.field("title_en").fill(title.en);
    await pages.field("title_sw").fill(title.sw);
    await pages.field("message_en").fill("Sign-in codes may take a few minutes to arrive.");
    await pages.field("message_sw").fill("Nambari za kuingia zinaweza kuchelewa kwa dakika chache.");
    await pages.button("Post incident").click();
    await page.waitForURL((u) => u.pathname === "/staff/incidents" && u.searchParams.has("posted"));
    await expect(pages.notice).toContainText("is posted.");

    for (const lang of ["en", "sw"] as Lang[]) {
      await page.goto(`/status?lang=${lang}`);
      const open = page.locator("section#open-incidents");
      const card = open.locator("article", { hasText: title[lang] });
      await expect(card).toHaveCount(1);
      await expect(card).toHaveAttribute("data-component", "sms");
      await expect(page.locator('dl#components > div[data-component="sms"]')).not.toHaveAttribute("data-health", "operational");
      const { violations } = await scan(page, testInfo, `status-incident-${lang}`);
      expect(ruleIds(violations), `axe violations on /status with an incident (${lang}):\n\n${formatViolations(violations)}\n`).toEqual([]);
    }

    await page.goto("/staff/incidents?lang=en");
    await pages.main.getByRole("button", { name: `Mark as resolved: ${title.en}` }).click();
    await page.waitForURL((u) => u.pathname === "/staff/incidents" && u.searchParams.has("resolved"));
    await page.goto("/status");
    await expect(page.locator("section#resolved-incidents article", { hasText: title.en })).toHaveCount(1);
    await expect(page.locator("section#open-incidents article", { hasText: title.en })).toHaveCount(0);
  });
});
