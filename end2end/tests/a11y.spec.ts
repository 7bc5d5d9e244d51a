// Accessibility: axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on any kind of page,
// in English and in Kiswahili. axe only catches part of WCAG; the keyboard and screen-reader
// behaviour of the search box is covered in suggest.spec.ts.
// The axe scans run in the "js" project only: axe runs as a script in the page, which a
// browser with JavaScript off does not do. Without JavaScript the DOM is the server's HTML,
// which is what axe sees here apart from the island's live state.
import { WCAG_TAGS, formatViolations, ruleIds, scan } from "./fixtures/a11y";
import { DEMO, type Lang } from "./fixtures/portal";
import { expect, islandsReady, test } from "./fixtures/test";

const PAGES: { name: string; path: string; status?: number }[] = [
  { name: "home", path: "/" },
  { name: "agencies", path: "/agencies" },
  { name: "agency", path: `/agencies/${DEMO.ntsa}` },
  { name: "county agency, page 2", path: `/agencies/${DEMO.county}?page=2` },
  { name: "service", path: `/services/${DEMO.passport}` },
  { name: "search results", path: "/search?q=licence" },
  { name: "search results, page 2", path: "/search?q=licence&page=2" },
  { name: "search, no results", path: "/search?q=xqzvbnmkwpt" },
  { name: "search, empty query", path: "/search?q=" },
  { name: "404", path: "/no/such/page", status: 404 },
];

test.describe(`axe-core: ${WCAG_TAGS.join(", ")}`, () => {
  for (const lang of ["en", "sw"] as Lang[]) {
    for (const { name, path, status = 200 } of PAGES) {
      test(`${name} (${lang}) has no violations`, async ({ page }, testInfo) => {
        const sep = path.includes("?") ? "&" : "?";
        const response = await page.goto(`${path}${sep}lang=${lang}`);
        expect(response?.status()).toBe(status);
        await expect(page.locator("html")).toHaveAttribute("lang", lang);
        // Scan what people with JavaScript get: the page after the islands have hydrated.
        if ((await page.locator("input#q").count()) > 0) await islandsReady(page);
        const { violations } = await scan(page, testInfo, `${name}-${lang}`);
        expect(ruleIds(violations), `axe violations on ${path} (${lang}):\n\n${formatViolations(violations)}\n`).toEqual([]);
      });
    }
  }

  for (const lang of ["en", "sw"] as Lang[]) {
    test(`search box with suggestions open (${lang}) has no violations`, async ({ home, page }, testInfo) => {
      await home.goto(lang);
      await islandsReady(page);
      await home.searchForm.input.click();
      await home.searchForm.input.pressSequentially(lang === "en" ? "pass" : "pasi");
      await expect(home.searchForm.listbox).toBeVisible({ timeout: 2_000 });
      await home.searchForm.input.press("ArrowDown");
      await expect(home.searchForm.input).toHaveAttribute("aria-activedescendant", "suggestion-0");
      const { violations } = await scan(page, testInfo, `suggestions-${lang}`);
      expect(ruleIds(violations), `axe violations with suggestions open (${lang}):\n\n${formatViolations(violations)}\n`).toEqual([]);
    });
  }
});

test.describe("keyboard", { tag: "@no-js" }, () => {
  test("the first Tab reaches the skip link, which moves focus to the main content", async ({ home, page }) => {
    await home.goto();
    await page.keyboard.press("Tab");
    await expect(home.skipLink).toBeFocused();
    await expect(home.skipLink).toHaveText("Skip to main content");
    await home.skipLink.press("Enter");
    await expect(home.main).toBeFocused();
  });
});
