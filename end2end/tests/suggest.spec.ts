// The SearchBox island: search-as-you-type suggestions as an ARIA 1.2 combobox with a listbox
// popup, driven by keyboard and mouse. Needs JavaScript, so it runs in the "js" project only.
// No fixed sleeps: every wait is on a locator or on the island being hydrated.
import { HomePage, TEXT, at } from "./fixtures/portal";
import { expect, islandsReady, test } from "./fixtures/test";

/** Suggestions must show "within a couple of seconds" of typing (debounce 150 ms + request). */
const SUGGEST_WITHIN = { timeout: 2_000 };

async function typeAndWaitForSuggestions(home: HomePage, text: string) {
  const { input, listbox, options } = home.searchForm;
  await input.click();
  await input.pressSequentially(text);
  await expect(listbox).toBeVisible(SUGGEST_WITHIN);
  await expect(input).toHaveAttribute("aria-expanded", "true");
  await expect(options.first()).toBeVisible();
}

test.describe("search suggestions", () => {
  test.beforeEach(async ({ home, page }) => {
    await home.goto();
    await islandsReady(page);
  });

  test("the input is a combobox that starts closed", async ({ home }) => {
    const { input, listbox } = home.searchForm;
    await expect(input).toHaveAttribute("role", "combobox");
    await expect(input).toHaveAttribute("aria-controls", "search-suggestions");
    await expect(input).toHaveAttribute("aria-autocomplete", "list");
    await expect(input).toHaveAttribute("aria-expanded", "false");
    await expect(input).not.toHaveAttribute("aria-activedescendant");
    await expect(listbox).toBeHidden();
  });

  test("typing “pass” shows suggestions quickly, with a live count", async ({ home }) => {
    await typeAndWaitForSuggestions(home, "pass");
    const { options, status } = home.searchForm;
    const n = await options.count();
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(8);
    for (const href of await options.evaluateAll((lis) => lis.map((li) => li.getAttribute("data-href")))) {
      expect(href).toMatch(/^\/services\/[a-z0-9-]+$/);
    }
    await expect(options.filter({ hasText: /passport/i }).first()).toBeVisible();
    await expect(status).toHaveText(n === 1 ? "1 suggestion" : `${n} suggestions`);
  });

  test("one letter is not enough; two letters ask the server", async ({ home, page }) => {
    const { input, listbox, status } = home.searchForm;
    await input.pressSequentially("p");
    await expect(listbox).toBeHidden();
    await expect(status).toHaveText("");
    await expect(input).toHaveAttribute("aria-expanded", "false");
    const [request] = await Promise.all([page.waitForRequest(/\/api\/catalogue\/suggest\?/), input.pressSequentially("a")]);
    const asked = new URL(request.url()).searchParams;
    expect(asked.get("q")).toBe("pa");
    expect(asked.get("lang")).toBe("en");
  });

  test("ArrowDown / ArrowUp move the active option; Enter opens it", async ({ home, page }) => {
    await typeAndWaitForSuggestions(home, "pass");
    const { input, options } = home.searchForm;
    const n = await options.count();

    await input.press("ArrowDown");
    await expect(input).toHaveAttribute("aria-activedescendant", "suggestion-0");
    await expect(options.nth(0)).toHaveAttribute("aria-selected", "true");
    if (n > 1) {
      await input.press("ArrowDown");
      await expect(input).toHaveAttribute("aria-activedescendant", "suggestion-1");
      await expect(options.nth(1)).toHaveAttribute("aria-selected", "true");
      await expect(options.nth(0)).toHaveAttribute("aria-selected", "false");
      await input.press("ArrowUp");
    }
    await expect(input).toHaveAttribute("aria-activedescendant", "suggestion-0");
    await expect(page.locator("#suggestion-0")).toHaveAttribute("role", "option");

    const href = (await options.nth(0).getAttribute("data-href"))!;
    const name = (await options.nth(0).locator(".suggestion-name").innerText()).trim();
    await Promise.all([page.waitForURL(at(href)), input.press("Enter")]);
    expect(new URL(page.url()).pathname).toMatch(/^\/services\/[a-z0-9-]+$/);
    await expect(page.locator("main h1")).toHaveText(name);
  });

  test("ArrowUp from nothing wraps to the last option", async ({ home }) => {
    await typeAndWaitForSuggestions(home, "pass");
    const { input, options } = home.searchForm;
    const n = await options.count();
    await input.press("ArrowUp");
    await expect(input).toHaveAttribute("aria-activedescendant", `suggestion-${n - 1}`);
  });

  test("Escape closes the suggestions", async ({ home }) => {
    await typeAndWaitForSuggestions(home, "pass");
    const { input, listbox } = home.searchForm;
    await input.press("ArrowDown");
    await expect(input).toHaveAttribute("aria-activedescendant", "suggestion-0");
    await input.press("Escape");
    await expect(listbox).toBeHidden();
    await expect(input).toHaveAttribute("aria-expanded", "false");
    await expect(input).not.toHaveAttribute("aria-activedescendant");
    await expect(input).toBeFocused();
  });

  test("Escape keeps what was typed", async ({ home }) => {
    // ARIA APG combobox: Escape dismisses the popup if it is shown; only when it is not may it
    // clear the textbox. Chromium clears an <input type=search> on Escape unless the page
    // prevents it, so this needs the island's Escape handler to call preventDefault while open.
    await typeAndWaitForSuggestions(home, "pass");
    const { input, listbox } = home.searchForm;
    await input.press("Escape");
    await expect(listbox).toBeHidden();
    await expect(input).toHaveValue("pass");
  });

  test("Enter with no active option submits the search form", async ({ home, results, page }) => {
    await typeAndWaitForSuggestions(home, "pass");
    await Promise.all([page.waitForURL(/\/search\?q=pass$/), home.searchForm.input.press("Enter")]);
    await expect(results.heading).toHaveText(TEXT.en.resultsHeading);
  });

  test("clicking a suggestion opens it", async ({ home, page }) => {
    await typeAndWaitForSuggestions(home, "pass");
    const link = home.searchForm.options.first();
    const href = (await link.getAttribute("data-href"))!;
    await Promise.all([page.waitForURL(at(href)), link.click()]);
  });

  test("moving focus away closes the suggestions", async ({ home }) => {
    await typeAndWaitForSuggestions(home, "pass");
    await home.searchForm.submit.focus();
    await expect(home.searchForm.listbox).toBeHidden();
    await expect(home.searchForm.input).toHaveAttribute("aria-expanded", "false");
  });

  test("suggestions follow the page language", async ({ home, page }) => {
    await home.goto("sw");
    await islandsReady(page);
    const [request] = await Promise.all([
      page.waitForRequest(/\/api\/catalogue\/suggest\?/),
      typeAndWaitForSuggestions(home, "pasi"),
    ]);
    expect(new URL(request.url()).searchParams.get("lang")).toBe("sw");
    await expect(home.searchForm.options.filter({ hasText: /pasipoti/i }).first()).toBeVisible();
    await expect(home.searchForm.listbox).toHaveAttribute("aria-label", "Huduma zinazopendekezwa");
  });
});
