// Journeys: applying for a service. A citizen follows "Apply online" from the passport's page while
// signed out, signs in through "Sign in to apply" and comes back to the form; a required answer
// left empty is shown beside its field, and what was typed and the documents chosen are kept as a
// draft; the draft is continued on another device (the documents still there), submitted, priced
// (bill reference, government fee, convenience fee, total) and withdrawn. (Documents refused or
// missing: uploads.spec.ts.) A free service goes straight to the agency's queue with a promised
// date. Another citizen cannot see an application that is not theirs. axe-core on every page.
//
// Every form is a plain HTML form that posts and is redirected, and problems come back through
// the URL (`reference`, `__err`, `__path`): the journeys run with and without JavaScript (@no-js).
// The axe scans run in the "js" project only (they run a script in the page).
//
// Isolation: each test signs up citizens of its own (fixtures/accounts.ts `newCitizen`).
//
// Budget: one-time codes are limited to 30 per client address in 15 minutes, shared with
// accounts.spec.ts (11 js + 9 no-js). This file sends 5 in the js project (sign-up + sign-in in
// the first journey, two sign-ups in the second, one in the axe test) and 4 in no-js: 29 for the
// whole suite. A new test here needs a code budget first: combine journeys rather than add
// sign-ups.
import { formatViolations, ruleIds, scan, WCAG_TAGS } from "./fixtures/a11y";
import { AccountPages, anotherBrowser, Inbox, newCitizen } from "./fixtures/accounts";
import {
  APP_REFERENCE,
  APPLY_TEXT as T,
  ApplicationPages,
  BILL_REFERENCE,
  fillAnyForm,
  findFreeService,
  PASSPORT,
  passportAnswers,
  passportDocuments,
} from "./fixtures/applications";
import { parseMoney, TEXT } from "./fixtures/portal";
import { expect, test } from "./fixtures/test";
import type { Locator, Page, Response } from "@playwright/test";

/** Clicks `link` and returns the response of the page it leads to (to check its HTTP status). */
async function follow(page: Page, link: Locator, pathname: string): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) => r.request().isNavigationRequest() && r.request().frame() === page.mainFrame() && new URL(r.url()).pathname === pathname,
    ),
    link.click(),
  ]);
  await page.waitForURL((u) => u.pathname === pathname);
  return response;
}

/** "in 10 working days", as the application pages say how long is left. */
const dueIn = (days: number) => (days === 0 ? "today" : days === 1 ? "in 1 working day" : `in ${days} working days`);

test.describe("applying", { tag: "@no-js" }, () => {
  // Sign-ups and sign-ins hash passwords (Argon2), and each journey posts a dozen forms.
  test.describe.configure({ timeout: 90_000 });

  test("sign in to apply, a missing answer shown beside its field, the draft continued on another device, submitted and withdrawn", async ({
    page,
    request,
    browser,
    baseURL,
    javaScriptEnabled,
    browserErrors,
  }) => {
    const c = newCitizen();
    const answers = passportAnswers(c);
    const documents = passportDocuments(c);
    // The citizen's phone: signed up, and signed in from then on.
    await new AccountPages(page).signUp(request, c);
    const phone = new ApplicationPages(page);

    // Their laptop, signed out.
    const laptop = await anotherBrowser(browser, { baseURL, javaScriptEnabled, errors: browserErrors });
    let reference: string;
    try {
      const l = new ApplicationPages(laptop.page);
      const servicePage = await laptop.page.goto(PASSPORT.path);
      expect(servicePage?.status()).toBe(200);
      await expect(l.heading).toHaveText(PASSPORT.name);
      const apply = l.main.getByRole("link", { name: T.apply, exact: true });
      await expect(apply).toHaveAttribute("href", PASSPORT.applyPath);

      const signedOut = await follow(laptop.page, apply, PASSPORT.applyPath);
      expect(signedOut.status(), `HTTP status of ${PASSPORT.applyPath} when signed out`).toBe(401);
      await expect(l.heading).toHaveText(T.applyHeading(PASSPORT.name));
      await expect(l.form).toHaveCount(0);
      const signIn = l.main.getByRole("link", { name: T.signInToApply, exact: true });
      await expect(signIn).toHaveAttribute("href", `/login?next=${PASSPORT.applyPath}`);

      const sms = await Inbox.open(request, "sms", c.phone);
      await follow(laptop.page, signIn, "/login");
      await l.signInHere(sms, c);
      await laptop.page.waitForURL((u) => u.pathname === PASSPORT.applyPath && u.search === "");

      // The form: every option with its full price, the first one chosen.
      await expect(l.heading).toHaveText(T.applyHeading(PASSPORT.name));
      const options = l.form.locator("fieldset").filter({ has: laptop.page.locator("legend", { hasText: T.optionLegend }) });
      await expect(options.locator('input[type=radio][name="variant"]')).toHaveCount(PASSPORT.variants.length);
      for (const code of PASSPORT.variants) {
        const price = (await options.locator(`label[for="variant-${code}"] .hint`).textContent()) ?? "";
        const m = price.match(/^(KSh [\d,]+) \+ (KSh [\d,]+) convenience fee = (KSh [\d,]+)$/);
        expect(m, `price of ${code}: ${JSON.stringify(price)}`).not.toBeNull();
        const [fee, convenience, total] = m!.slice(1).map((s) => parseMoney(s).amount);
        expect(total, `total of ${code}`).toBe(fee + convenience);
        if (code === "48-pages") expect(m![1]).toBe(PASSPORT.fee48);
      }
      await expect(l.variant(PASSPORT.variants[0])).toBeChecked();
      await expect(l.button(T.saveDraft)).toBeVisible();
      await expect(l.button(T.submit)).toBeVisible();

      // Submitted with the place of birth left out (the documents chosen): back on the form, the
      // problem beside the field.
      await l.variant("48-pages").check();
      await l.fillPassport(answers, ["place_of_birth"]);
      await l.chooseDocuments(documents);
      await l.button(T.submit).click();
      await laptop.page.waitForURL((u) => u.pathname === PASSPORT.applyPath && APP_REFERENCE.test(u.searchParams.get("reference") ?? ""));
      reference = new URL(laptop.page.url()).searchParams.get("reference")!;
      await expect(l.errorBox).toBeVisible();
      await expect(l.errorBox.locator("h2")).toHaveText(T.errorSummary);
      await expect(l.errorBox.locator("p")).toHaveText(T.problems(1));
      await expect(l.problem("place_of_birth")).toHaveText(T.required);
      await expect(l.shownProblems).toHaveCount(1);
      const placeOfBirth = l.answer("place_of_birth");
      await expect(placeOfBirth).toHaveAttribute("aria-invalid", "true");
      await expect(placeOfBirth).toHaveAttribute("aria-describedby", /(^| )answer-place_of_birth-error( |$)/);
      await expect(placeOfBirth).toHaveValue("");
      // The field's problem is inside the field's own block, with its label.
      await expect(l.form.locator('.field:has([name="answers[place_of_birth]"]) .field-error')).toHaveText(T.required);
      // What was typed and chosen is kept: it was saved as a draft.
      await expect(l.variant("48-pages")).toBeChecked();
      await l.expectPassportFilled(answers, ["place_of_birth"]);
      await expect(l.form.locator('input[type=hidden][name="reference"]')).toHaveValue(reference);
      // The documents were kept with the draft too.
      await l.expectUploaded(documents);

      // "Save draft": the draft's page, with the way back to the form.
      await l.button(T.saveDraft).click();
      await laptop.page.waitForURL((u) => u.pathname === `/applications/${reference}` && u.search === "");
      await expect(l.heading).toHaveText(PASSPORT.name);
      await expect(l.summaryValue(T.status)).toHaveText(T.draft);
      await expect(l.main.getByRole("link", { name: T.continueDraft, exact: true })).toHaveAttribute(
        "href",
        `${PASSPORT.applyPath}?reference=${reference}`,
      );
    } finally {
      await laptop.context.close();
    }

    // Continued on the phone: My applications → the draft → the form, as the laptop left it.
    await page.goto("/applications");
    await expect(phone.heading).toHaveText(T.mineHeading);
    const card = phone.card(reference);
    await expect(card).toHaveCount(1);
    await expect(card).toContainText(`${reference} · ${T.draft}`);
    await follow(page, card.getByRole("link", { name: PASSPORT.name, exact: true }), `/applications/${reference}`);
    await expect(phone.summaryValue(T.reference)).toHaveText(reference);
    await expect(phone.summaryValue(T.status)).toHaveText(T.draft);
    await expect(phone.main.getByRole("heading", { name: T.paymentHeading })).toHaveCount(0);
    await follow(page, phone.main.getByRole("link", { name: T.continueDraft, exact: true }), PASSPORT.applyPath);
    expect(new URL(page.url()).searchParams.get("reference")).toBe(reference);
    await expect(phone.errorBox).toHaveCount(0);
    await expect(phone.variant("48-pages")).toBeChecked();
    await phone.expectPassportFilled(answers, ["place_of_birth"]);
    await expect(phone.answer("place_of_birth")).toHaveValue("");
    await phone.expectUploaded(documents);

    // Completed and submitted: waiting for payment, with the bill.
    await phone.answer("place_of_birth").fill("Kisumu");
    expect(await phone.submitAndOpen()).toBe(reference);
    await expect(phone.heading).toHaveText(PASSPORT.name);
    await expect(phone.errorBox).toHaveCount(0);
    await expect(phone.summaryValue(T.reference)).toHaveText(reference);
    await expect(phone.summaryValue(T.option)).toContainText("48");
    await expect(phone.summaryValue(T.status)).toHaveText(T.awaitingPayment);
    await expect(phone.main.getByRole("link", { name: T.continueDraft })).toHaveCount(0);

    await expect(phone.main.getByRole("heading", { level: 2, name: T.paymentHeading, exact: true })).toBeVisible();
    await expect(phone.summaryValue(T.billRef, T.paymentHeading)).toHaveText(BILL_REFERENCE);
    await expect(phone.summaryValue(T.fee, T.paymentHeading)).toHaveText(PASSPORT.fee48);
    const fee = parseMoney((await phone.summaryValue(T.fee, T.paymentHeading).textContent())!);
    const convenience = parseMoney((await phone.summaryValue(T.convenience, T.paymentHeading).textContent())!);
    const total = parseMoney((await phone.summaryValue(T.total, T.paymentHeading).textContent())!);
    expect(convenience.currency).toBe("KSh");
    expect(convenience.amount).toBeGreaterThan(0);
    expect(total).toEqual({ currency: "KSh", amount: fee.amount + convenience.amount });

    await expect(phone.main.getByRole("heading", { level: 2, name: T.answersHeading, exact: true })).toBeVisible();
    await expect(phone.summaryValue("Surname", T.answersHeading)).toHaveText(answers.text.surname);
    await expect(phone.summaryValue("Place of birth \\(county or country\\)", T.answersHeading)).toHaveText("Kisumu");
    await expect(phone.summaryValue("National ID number", T.answersHeading)).toHaveText(c.idNumber);
    await expect(phone.history.last()).toContainText(T.awaitingPayment);
    await expect(phone.history.filter({ hasText: "Submitted" })).toHaveCount(1);
    const withdraw = phone.button(T.withdraw);
    await expect(withdraw).toBeVisible();

    await page.goto("/applications");
    await expect(phone.card(reference)).toContainText(`${reference} · ${T.awaitingPayment}`);
    await expect(phone.main.locator("li.card")).toHaveCount(1);

    // Withdrawn: the status says so, and there is nothing more to withdraw.
    await phone.openApplication(reference);
    await withdraw.click();
    await page.waitForURL((u) => u.pathname === `/applications/${reference}` && !u.searchParams.has("__err"));
    await expect(phone.summaryValue(T.status)).toHaveText(T.withdrawn);
    await expect(withdraw).toHaveCount(0);
    await expect(phone.history.last()).toContainText(T.withdrawn);
    await expect(phone.errorBox).toHaveCount(0);
    await page.goto("/applications");
    await expect(phone.card(reference)).toContainText(`${reference} · ${T.withdrawn}`);
  });

  test("a free service goes straight to the agency with a promised date; another citizen cannot see it", async ({
    page,
    request,
    browser,
    baseURL,
    javaScriptEnabled,
    browserErrors,
  }) => {
    const service = await findFreeService(request);
    const applyPath = `/services/${service.code}/apply`;
    const c = newCitizen();
    await new AccountPages(page).signUp(request, c);
    const mine = new ApplicationPages(page);

    await page.goto(`/services/${service.code}`);
    await follow(page, mine.main.getByRole("link", { name: T.apply, exact: true }), applyPath);
    await expect(mine.heading).toHaveText(T.applyHeading(service.name));
    await fillAnyForm(mine, service.fields, c, service.documents);
    const reference = await mine.submitAndOpen();
    expect(reference).toMatch(APP_REFERENCE);

    await expect(mine.heading).toHaveText(service.name);
    await expect(mine.summaryValue(T.status)).toHaveText(T.queued);
    await expect(mine.summaryValue(T.due)).toHaveText(T.dueIn);
    await expect(mine.summaryValue(T.due)).toContainText(`(${dueIn(service.timelineDays)})`);
    // Nothing to pay: no bill.
    await expect(mine.main.getByRole("heading", { name: T.paymentHeading })).toHaveCount(0);
    await expect(mine.main).not.toContainText(T.billRef);
    await expect(mine.history.last()).toContainText(T.queued);
    await expect(mine.button(T.withdraw)).toBeVisible();

    await page.goto("/applications");
    await expect(mine.card(reference)).toContainText(`${reference} · ${T.queued} · ${T.due} ${dueIn(service.timelineDays)}`);

    // Someone else, signed in: the application does not exist for them.
    const other = await anotherBrowser(browser, { baseURL, javaScriptEnabled, errors: browserErrors });
    try {
      const o = new ApplicationPages(other.page);
      await other.pages.signUp(request, newCitizen());
      for (const path of [`/applications/${reference}`, `${applyPath}?reference=${reference}`]) {
        const response = await other.page.goto(path);
        expect(response?.status(), `HTTP status of ${path} for another citizen`).toBe(404);
        // (The apply page keeps its own "Apply: …" h1 above the not-found heading.)
        await expect(o.main.getByRole("heading", { level: 1, name: TEXT.en.notFoundHeading, exact: true })).toBeVisible();
        await expect(o.main).not.toContainText(reference);
        await expect(o.form).toHaveCount(0);
      }
      await other.page.goto("/applications");
      await expect(o.heading).toHaveText(T.mineHeading);
      await expect(o.main).toContainText(T.mineEmpty);
    } finally {
      await other.context.close();
    }
    // Still there, unchanged, for its owner.
    await mine.openApplication(reference);
    await expect(mine.summaryValue(T.status)).toHaveText(T.queued);
  });
});

test.describe(`application pages, axe-core: ${WCAG_TAGS.join(", ")}`, () => {
  test.describe.configure({ timeout: 120_000 });

  test("apply (signed out, fresh, with problems), draft, submitted application and My applications have no violations", async ({
    page,
    request,
  }, testInfo) => {
    // Every page is scanned even when an earlier one fails, so one run lists everything to fix.
    const check = async (name: string) => {
      const { violations } = await scan(page, testInfo, name);
      expect.soft(ruleIds(violations), `axe violations on ${name} (${page.url()}):\n\n${formatViolations(violations)}\n`).toEqual([]);
    };
    const c = newCitizen();
    const answers = passportAnswers(c);
    const pages = new ApplicationPages(page);

    const response = await page.goto(PASSPORT.applyPath);
    expect(response?.status()).toBe(401);
    await check("apply, signed out (401)");

    await new AccountPages(page).signUp(request, c);
    await page.goto("/applications");
    await expect(pages.main).toContainText(T.mineEmpty);
    await check("my applications (none)");

    await page.goto(PASSPORT.applyPath);
    await expect(pages.form).toBeVisible();
    await check("apply form");

    // Nothing answered: a problem beside every required field, radio groups, the declaration and
    // the documents included.
    await pages.button(T.submit).click();
    await page.waitForURL((u) => u.pathname === PASSPORT.applyPath && u.searchParams.has("reference"));
    await expect(pages.errorBox).toBeVisible();
    await expect(pages.problem("marital_status")).toHaveText(T.required);
    await expect(pages.problem("declaration")).toBeVisible();
    await expect(pages.problem("passport_photo")).toHaveText(T.noFile);
    await check("apply form with problems");

    await pages.fillPassport(answers);
    await pages.chooseDocuments(passportDocuments(c));
    await pages.button(T.saveDraft).click();
    await page.waitForURL((u) => u.pathname.startsWith("/applications/APP-"));
    await expect(pages.summaryValue(T.status)).toHaveText(T.draft);
    await check("application (draft)");

    await pages.main.getByRole("link", { name: T.continueDraft, exact: true }).click();
    await expect(pages.answer("surname")).toHaveValue(answers.text.surname);
    const reference = await pages.submitAndOpen();
    await expect(pages.summaryValue(T.status)).toHaveText(T.awaitingPayment);
    await check("application (waiting for payment)");

    await page.goto("/applications");
    await expect(pages.card(reference)).toBeVisible();
    await check("my applications");

    await pages.openApplication(reference);
    await pages.button(T.withdraw).click();
    await expect(pages.summaryValue(T.status)).toHaveText(T.withdrawn);
    await check("application (withdrawn)");

    await page.goto(`/applications/APP-0000000000`);
    await expect(pages.heading).toHaveText(TEXT.en.notFoundHeading);
    await check("application not found (404)");
  });
});
