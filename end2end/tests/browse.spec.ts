// Journey: a citizen browses from the home page to an agency and on to one of its services,
// and learns what it costs (itemised, convenience fee included), how long it takes and what
// they need. Server-rendered, so it must work without JavaScript too.
import { DEMO, TEXT, at, parseMoney } from "./fixtures/portal";
import { expect, test } from "./fixtures/test";

test.describe("browse the catalogue", { tag: "@no-js" }, () => {
  test("home → all agencies → NTSA → a service", async ({ home, agencies, agency, service, page }) => {
    await home.goto();
    await expect(home.heading).toHaveText(TEXT.en.homeHeading);
    await expect(home.popularServices.first()).toBeVisible();
    await expect(home.agencyLinks.first()).toBeVisible();

    await Promise.all([page.waitForURL(at("/agencies")), home.seeAllAgencies.click()]);
    await expect(agencies.heading).toHaveText(TEXT.en.agenciesHeading);
    expect(await agencies.groups.count(), "agencies are grouped by kind").toBeGreaterThan(1);

    await agencies.followLink(`/agencies/${DEMO.ntsa}`);
    await expect(agency.heading).toContainText("National Transport and Safety Authority");
    await expect(agency.breadcrumbs.locator('[aria-current="page"]')).toHaveText(await agency.heading.innerText());
    await expect(agency.services.cards.first()).toBeVisible();
    const count = await agency.services.cards.count();
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThanOrEqual(20);
    for (const href of await agency.services.hrefs()) expect(href).toMatch(/^\/services\/ntsa-[a-z0-9-]+$/);

    const first = agency.services.links.first();
    const name = (await first.innerText()).trim();
    const href = (await first.getAttribute("href"))!;
    await Promise.all([page.waitForURL(at(href)), first.click()]);
    await expect(service.heading).toHaveText(name);
    await expect(service.breadcrumbs.locator(`a[href="/agencies/${DEMO.ntsa}"]`)).toBeVisible();
    await service.expectItemisedCosts("en");
    await service.expectTimeline("en");
  });

  test("home → a county → a county service", async ({ home, agency, service, page }) => {
    await home.goto();
    await home.followLink(`/agencies/${DEMO.county}`);
    await expect(agency.heading).toContainText("Mombasa");
    await expect(agency.services.cards.first()).toBeVisible();

    const first = agency.services.links.first();
    const href = (await first.getAttribute("href"))!;
    expect(href).toMatch(new RegExp(`^/services/${DEMO.county}-`));
    await Promise.all([page.waitForURL(at(href)), first.click()]);
    await service.expectItemisedCosts("en");
    await service.expectTimeline("en");
  });

  test("agency pages are paginated", async ({ agency, page }) => {
    await agency.goto(DEMO.county);
    await expect(agency.pagination.current).toHaveText(TEXT.en.pageOf(1));
    await expect(agency.pagination.prev).toHaveCount(0);
    const page1 = await agency.services.hrefs();
    expect(page1).toHaveLength(20);

    await Promise.all([page.waitForURL(/[?&]page=2$/), agency.pagination.next.click()]);
    await expect(agency.pagination.current).toHaveText(TEXT.en.pageOf(2));
    const page2 = await agency.services.hrefs();
    expect(page2.length).toBeGreaterThan(0);
    expect(page2.filter((h) => page1.includes(h)), "no service on both pages").toEqual([]);

    await Promise.all([page.waitForURL(/[?&]page=1$/), agency.pagination.prev.click()]);
    expect(await agency.services.hrefs()).toEqual(page1);
  });

  test("the ordinary passport: itemised cost, timeline, requirements", async ({ home, service, page }) => {
    await home.goto();
    // The passport is the most popular service in the demo catalogue.
    await home.followLink(`/services/${DEMO.passport}`);
    await expect(service.heading).toContainText(/Ordinary passport/);
    await expect(service.summaryList).toContainText(DEMO.passport);

    await service.expectItemisedCosts("en");
    const rows = await service.costRows();
    const byPages = (pages: string) => {
      const row = rows.find((r) => r.option.includes(pages));
      expect(row, `a ${pages}-page option in ${JSON.stringify(rows)}`).toBeDefined();
      return row!;
    };
    expect(byPages("32")).toMatchObject({ fee: "KSh 4,550", convenience: "KSh 50", total: "KSh 4,600" });
    expect(byPages("48")).toMatchObject({ fee: "KSh 6,050", convenience: "KSh 50", total: "KSh 6,100" });
    expect(byPages("64")).toMatchObject({ fee: "KSh 7,550", convenience: "KSh 50", total: "KSh 7,600" });
    expect(rows.map((r) => parseMoney(r.total).amount).sort((a, b) => a - b)).toEqual(
      expect.arrayContaining([4600, 6100, 7600]),
    );

    await service.expectTimeline("en");
    await expect(service.requirementsSection.getByRole("heading", { level: 2 })).toHaveText(TEXT.en.requirementsHeading);
    expect(await service.requirements.count(), "requirements listed").toBeGreaterThan(0);

    // Back up the breadcrumb to the agency, which lists the passport among its services.
    const agencyLink = service.breadcrumbs.locator('a[href^="/agencies/"]');
    const agencyHref = (await agencyLink.getAttribute("href"))!;
    await Promise.all([page.waitForURL(at(agencyHref)), agencyLink.click()]);
    await expect(page.locator("main h1")).not.toBeEmpty();
  });

  test("an unknown service or agency is a 404 with a way on", async ({ notFound }) => {
    await notFound.open("/services/no-such-service", 404);
    await expect(notFound.heading).toHaveText(TEXT.en.notFoundHeading);
    await expect(notFound.searchForm.input).toBeVisible();
    await notFound.open("/agencies/no-such-agency", 404);
    await expect(notFound.heading).toHaveText(TEXT.en.notFoundHeading);
    await notFound.open("/no/such/page", 404);
    await expect(notFound.heading).toHaveText(TEXT.en.notFoundHeading);
  });
});
