// Journey: a citizen types what they need into the home page's search form, with typos or in
// Kiswahili, and finds the service. The form is a plain GET form, so this runs with and
// without JavaScript (with it, the SearchBox island must not get in the way of submitting).
import { DEMO, TEXT, type Lang } from "./fixtures/portal";
import { expect, test } from "./fixtures/test";

/** How far down the list a citizen may reasonably have to look. */
const FIRST = 5;

const isDrivingLicence = (r: { name: string; href: string }) =>
  /driving licen[cs]e|leseni ya udereva/i.test(r.name) || /driving-licen[cs]e/.test(r.href);

test.describe("search from the home page", { tag: "@no-js" }, () => {
  test("a typo: “pasport” finds the ordinary passport", async ({ home, results }) => {
    await home.goto();
    await home.searchForm.search("pasport");
    await expect(results.heading).toHaveText(TEXT.en.resultsHeading);
    await expect(results.searchForm.input).toHaveValue("pasport");
    await expect(results.resultCount).toContainText("“pasport”");
    await results.expectInFirstResults(FIRST, (r) => r.href === `/services/${DEMO.passport}`, "the ordinary passport");
  });

  test("a typo: “drivng licence” finds an NTSA driving licence service", async ({ home, results }) => {
    await home.goto();
    await home.searchForm.search("drivng licence");
    await results.expectInFirstResults(
      FIRST,
      (r) => r.href.startsWith(`/services/${DEMO.ntsa}-`) && isDrivingLicence(r),
      "an NTSA driving licence service",
    );
  });

  for (const lang of ["en", "sw"] as Lang[]) {
    test(`Kiswahili words: “leseni ya udereva” finds a driving licence service (${lang} pages)`, async ({ home, results }) => {
      await home.goto(lang);
      await home.searchForm.search("leseni ya udereva");
      await expect(results.heading).toHaveText(TEXT[lang].resultsHeading);
      await results.expectInFirstResults(FIRST, isDrivingLicence, "a driving licence service");
    });
  }

  test("“good conduct” finds the certificate of good conduct (Enter key)", async ({ home, results }) => {
    await home.goto();
    await home.searchForm.searchWithEnter("good conduct");
    await results.expectInFirstResults(FIRST, (r) => r.href === `/services/${DEMO.goodConduct}`, "the certificate of good conduct");
  });

  test("next and previous pages of results", async ({ home, results, page }) => {
    await home.goto();
    await home.searchForm.search("licence");
    await expect(results.pagination.current).toHaveText(TEXT.en.pageOf(1));
    await expect(results.pagination.prev).toHaveCount(0);
    const page1 = await results.results.hrefs();
    expect(page1, "a full first page").toHaveLength(20);

    await Promise.all([page.waitForURL(/\/search\?q=licence&page=2$/), results.pagination.next.click()]);
    await expect(results.pagination.current).toHaveText(TEXT.en.pageOf(2));
    await expect(results.searchForm.input).toHaveValue("licence");
    const page2 = await results.results.hrefs();
    expect(page2.length).toBeGreaterThan(0);
    expect(page2.filter((h) => page1.includes(h)), "no result on both pages").toEqual([]);

    await Promise.all([page.waitForURL(/\/search\?q=licence&page=1$/), results.pagination.prev.click()]);
    await expect(results.pagination.current).toHaveText(TEXT.en.pageOf(1));
    expect(await results.results.hrefs(), "page 1 again, in the same order").toEqual(page1);
  });

  test("an empty query asks what to look for", async ({ home, results }) => {
    await home.goto();
    await home.searchForm.search("");
    await expect(results.heading).toHaveText(TEXT.en.resultsHeading);
    await expect(results.main).toContainText(TEXT.en.emptyQuery);
    await expect(results.results.cards).toHaveCount(0);
    await expect(results.searchForm.input).toBeVisible();
  });

  for (const lang of ["en", "sw"] as Lang[]) {
    test(`a nonsense query says nothing matched and how to go on (${lang})`, async ({ home, results, page }) => {
      const nonsense = "xqzvbnmkwpt";
      await home.goto(lang);
      await home.searchForm.search(nonsense);
      await expect(results.noResults).toHaveText(TEXT[lang].noResults(nonsense));
      await expect(results.main).toContainText(TEXT[lang].noResultsAdvice);
      await expect(results.results.cards).toHaveCount(0);
      await expect(results.pagination.nav).toHaveCount(0);
      await Promise.all([page.waitForURL((u) => u.pathname === "/agencies"), results.main.locator('a[href="/agencies"]').click()]);
    });
  }
});
