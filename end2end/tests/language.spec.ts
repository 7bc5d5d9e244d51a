// Journey: a citizen switches the portal to Kiswahili with the header link; the pages are in
// Kiswahili and stay so on the next page (the choice is kept in the mlango_lang cookie).
// Plain links and a cookie: works with and without JavaScript.
import { DEMO, TEXT, at } from "./fixtures/portal";
import { expect, test } from "./fixtures/test";

test.describe("language", { tag: "@no-js" }, () => {
  test("English by default for an English browser", async ({ home }) => {
    await home.goto();
    await home.expectLanguage("en");
    await expect(home.heading).toHaveText(TEXT.en.homeHeading);
  });

  test("switch to Kiswahili, and it is remembered on the next pages", async ({ home, agencies, service, page, context }) => {
    await home.goto();
    await home.switchLanguage("sw");
    await home.expectLanguage("sw");
    await expect(home.heading).toHaveText(TEXT.sw.homeHeading);
    await expect(page.locator("#popular-heading")).toHaveText("Huduma maarufu");

    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === "mlango_lang")?.value, "language cookie").toBe("sw");

    // The next page has no ?lang=: the cookie carries the choice.
    const agenciesLink = home.nav.locator('a[href="/agencies"]');
    await expect(agenciesLink).toHaveText(TEXT.sw.agencies);
    await Promise.all([page.waitForURL(at("/agencies")), agenciesLink.click()]);
    await agencies.expectLanguage("sw");
    await expect(agencies.heading).toHaveText(TEXT.sw.agenciesHeading);

    await service.goto(DEMO.passport);
    await service.expectLanguage("sw");
    await expect(service.heading).toContainText(/Pasipoti/i);
    await expect(page.locator("#cost-heading")).toHaveText(TEXT.sw.costHeading);
    await expect(page.locator("#timeline-heading")).toHaveText(TEXT.sw.timelineHeading);
    await expect(page.locator("#requirements-heading")).toHaveText(TEXT.sw.requirementsHeading);
    await service.expectItemisedCosts("sw");
    await service.expectTimeline("sw");
  });

  test("switching keeps the page and query, and switching back is remembered too", async ({ results, page, context }) => {
    await results.goto("licence", { page: 2 });
    await results.expectLanguage("en");
    await results.switchLanguage("sw");
    const url = new URL(page.url());
    expect(url.pathname).toBe("/search");
    expect(url.searchParams.get("q")).toBe("licence");
    expect(url.searchParams.get("page")).toBe("2");
    await expect(results.heading).toHaveText(TEXT.sw.resultsHeading);
    await expect(results.pagination.current).toHaveText(TEXT.sw.pageOf(2));

    await results.switchLanguage("en");
    await expect(results.heading).toHaveText(TEXT.en.resultsHeading);
    expect((await context.cookies()).find((c) => c.name === "mlango_lang")?.value).toBe("en");
    await results.open("/");
    await expect(results.heading).toHaveText(TEXT.en.homeHeading);
  });

  test("a Kiswahili browser gets Kiswahili without choosing", async ({ browser, baseURL, javaScriptEnabled }) => {
    const context = await browser.newContext({ baseURL, javaScriptEnabled, locale: "sw-KE" });
    try {
      const page = await context.newPage();
      await page.goto("/");
      await expect(page.locator("html")).toHaveAttribute("lang", "sw");
      await expect(page.locator("main h1")).toHaveText(TEXT.sw.homeHeading);
    } finally {
      await context.close();
    }
  });
});
