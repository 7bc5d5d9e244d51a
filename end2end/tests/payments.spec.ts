// Journey: paying for an application and getting the document. A citizen applies for the passport
// (48 pages) and sees the bill in the application's Payment section: the bill reference grouped
// 3-3-4, the government fee, the convenience fee and the total, "Pay with M-Pesa" with their own
// phone prefilled, and the paybill details. "Pay with M-Pesa" sends a PIN prompt to the simulated
// phone (/sim/phone/{msisdn}, opened in another tab); the citizen enters the PIN there. The
// application page learns of the payment by itself with JavaScript (the PaymentWatch island polls
// /api/payments/status; the page is not reloaded), and on reload without it: the bill is paid,
// the receipt listed, the application waiting for the agency with a promised date. The receipt
// arrives by SMS and checks out at GET /v1/receipts/{no}. An agency decider of the Department of
// Immigration sees the documents sent with the application and downloads the photo (the citizen
// sees that reading under "Who viewed your data"), starts the review, approves and issues the
// document; the citizen downloads the PDF and GET /v1/documents/{no} confirms it is genuine, for
// the option paid for.
//
// Every form is a plain HTML form that posts and is redirected: the journey runs with and without
// JavaScript (@no-js). The axe scans of the Payment section in its states run in the "js" project
// only (they run a script in the page).
//
// Isolation: each test signs up a citizen of its own (random ID, phone `01` + ID), so its bill,
// phone and SMS inbox are its own. The staff side uses the immigration agency administrator
// (10000005; admins decide applications like officers, DECIDERS in app/src/applications/api.rs):
// the immigration officer's phone and email are read by accounts.spec.ts, and the demo has no
// second immigration officer. The js project signs them in by SMS, no-js by email, so the two
// projects never read each other's codes (each sends 1 code: well within 3 per phone or email).
import { readFile } from "node:fs/promises";
import { formatViolations, ruleIds, scan, WCAG_TAGS } from "./fixtures/a11y";
import { ACCOUNT_TEXT, AccountPages, anotherBrowser, DEMO_PASSWORD, Inbox, newCitizen, STAFF } from "./fixtures/accounts";
import { APPLY_TEXT as T, ApplicationPages, BILL_REFERENCE, PASSPORT, passportDocuments } from "./fixtures/applications";
import {
  answerOnPhone,
  applyForPassport,
  digits,
  DOCUMENT_NO,
  msisdn,
  openWhenPaid,
  PAY_TEXT as P,
  PaymentSection,
  payWithMpesa,
  RECEIPT_NO,
  receiptSms,
  STAFF_APP_TEXT as S,
  StaffApplicationPages,
} from "./fixtures/payments";
import { parseMoney } from "./fixtures/portal";
import { expect, test } from "./fixtures/test";

declare global {
  interface Window {
    /** Set by the test on the application page; still there only if the page was never reloaded. */
    __mlangoPaymentPage?: string;
  }
}

/** How the account's phone is prefilled: `+254 112 345 678`. */
const phoneDisplay = (phone: string) => {
  const n = phone.replace(/^0/, "");
  return `+254 ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
};
/** How receipts show the payer: `2541******78`. */
const payerMasked = (m: string) => `${m.slice(0, 4)}${"*".repeat(m.length - 6)}${m.slice(-2)}`;
/** How document checks show the holder: `Wanjiku K. N.`. */
const holderShort = (fullName: string) => {
  const [first, ...rest] = fullName.split(/\s+/);
  return [first, ...rest.map((p) => `${p[0]}.`)].join(" ");
};

test.describe("paying", { tag: "@no-js" }, () => {
  // A sign-up and a staff sign-in (Argon2), some twenty forms, a payment on the simulated phone
  // and the wait for its callback, on a shared 2-core machine.
  test.describe.configure({ timeout: 180_000 });

  test("pay with M-Pesa on the phone, the application goes to the agency, the receipt checks out, the document is issued and verifiable", async ({
    page,
    request,
    browser,
    baseURL,
    javaScriptEnabled,
    browserErrors,
  }, testInfo) => {
    const c = newCitizen();
    await new AccountPages(page).signUp(request, c);
    const app = new ApplicationPages(page);
    const pay = new PaymentSection(page);

    // Submitted: the bill, itemised, and the two ways to pay it.
    const reference = await applyForPassport(page, c);
    await expect(pay.heading).toBeVisible();
    await expect(pay.billValue(T.billRef)).toHaveText(BILL_REFERENCE);
    const billRef = ((await pay.billValue(T.billRef).textContent()) ?? "").trim();
    const billDigits = digits(billRef);
    await expect(pay.billValue(T.fee)).toHaveText(PASSPORT.fee48);
    const fee = parseMoney((await pay.billValue(T.fee).textContent())!);
    const convenience = parseMoney((await pay.billValue(T.convenience).textContent())!);
    const totalText = ((await pay.billValue(T.total).textContent()) ?? "").trim();
    const total = parseMoney(totalText);
    expect(convenience).toEqual({ currency: "KSh", amount: expect.any(Number) });
    expect(convenience.amount).toBeGreaterThan(0);
    expect(total).toEqual({ currency: "KSh", amount: fee.amount + convenience.amount });
    await expect(pay.billValue(P.paidSoFar)).toHaveCount(0);
    await expect(pay.phoneField).toHaveValue(phoneDisplay(c.phone));
    await expect(pay.phoneField).toHaveAttribute("type", "tel");
    await expect(pay.payButton).toHaveText(P.payButton(totalText));
    await expect(pay.paybillHeading).toBeVisible();
    await expect(pay.paybillValue(P.businessNo)).toHaveText(/^\d{5,7}$/);
    const businessNo = ((await pay.paybillValue(P.businessNo).textContent()) ?? "").trim();
    await expect(pay.paybillValue(P.accountNo)).toHaveText(billRef);
    await expect(pay.paybillValue(P.amount)).toHaveText(totalText);
    await expect(pay.status).toHaveCount(0);
    await expect(pay.receiptsHeading).toHaveCount(0);
    await expect(pay.paidNotice).toHaveCount(0);

    // "Pay with M-Pesa": the prompt goes to the phone.
    await payWithMpesa(page, reference);
    const payingUrl = page.url();
    let navigations = 0;
    const marker = `paying-${Date.now()}`;
    if (javaScriptEnabled) {
      // Proof that the page below is never reloaded or left: a mark on this document's window,
      // and a count of main-frame navigations.
      await page.evaluate((m) => {
        window.__mlangoPaymentPage = m;
      }, marker);
      page.on("framenavigated", (frame) => {
        if (frame === page.mainFrame()) navigations += 1;
      });
    }

    // The PIN, entered on the phone (another tab of the same browser).
    const { mpesaReceipt, business } = await answerOnPhone(page, c, { digits: billDigits, total: totalText }, {
      javaScriptEnabled,
      errors: browserErrors,
    });
    expect(business, "the phone's Pay Bill menu and the page name the same business number").toBe(businessNo);

    let receipt: string;
    if (javaScriptEnabled) {
      // The status line updates by itself (a poll every 3 s): paid, with the receipt to check.
      await page.bringToFront();
      await expect(pay.status).toHaveAttribute("data-state", "paid", { timeout: 60_000 });
      await expect(pay.status).toContainText(P.paid);
      const link = pay.status.getByRole("link", { name: new RegExp(`^${P.verifyReceipt} R\\d{10}$`) });
      await expect(link).toHaveCount(1);
      receipt = ((await link.textContent()) ?? "").trim().split(" ").pop()!;
      await expect(link).toHaveAttribute("href", `/v1/receipts/${receipt}`);
      expect(await page.evaluate(() => window.__mlangoPaymentPage), "the page was not reloaded").toBe(marker);
      expect(navigations, "main-frame navigations while waiting for the payment").toBe(0);
      expect(page.url()).toBe(payingUrl);
    }

    // Reloaded (without JavaScript, the way to see the outcome): paid in full, the receipt
    // listed, nothing more to pay, and the application in the agency's queue with its date.
    await openWhenPaid(page, reference);
    await expect(app.summaryValue(T.status)).toHaveText(T.queued);
    await expect(app.summaryValue(T.due)).toHaveText(T.dueIn);
    await expect(app.summaryValue(T.due)).toContainText("(in 10 working days)");
    const dueDate = ((await app.summaryValue(T.due).textContent()) ?? "").trim().split(" ")[0];
    await expect(app.history.last()).toContainText(T.queued);
    await expect(pay.billValue(T.billRef)).toHaveText(billRef);
    await expect(pay.billValue(P.paidSoFar)).toHaveText(totalText);
    await expect(pay.payButton).toHaveCount(0);
    await expect(pay.phoneField).toHaveCount(0);
    await expect(pay.paybillHeading).toHaveCount(0);
    await expect(pay.status).toHaveCount(0);
    await expect(pay.receiptsHeading).toBeVisible();
    await expect(pay.receipts).toHaveCount(1);
    const row = pay.receipts.first();
    await expect(row.locator("code").first()).toHaveText(RECEIPT_NO);
    const listed = ((await row.locator("code").first().textContent()) ?? "").trim();
    if (javaScriptEnabled) expect(listed, "the receipt listed is the one the live status linked to").toBe(receipt!);
    receipt = listed;
    await expect(row).toHaveText(`${receipt} · ${totalText} · M-Pesa ${mpesaReceipt} · ${P.downloadReceipt} · ${P.verifyReceipt}`);
    await expect(row.getByRole("link", { name: P.downloadReceipt, exact: true })).toHaveAttribute(
      "href",
      `/receipts/${receipt}/receipt.pdf`,
    );
    await expect(row.getByRole("link", { name: P.verifyReceipt, exact: true })).toHaveAttribute("href", `/v1/receipts/${receipt}`);
    await expect(app.button(T.withdraw)).toBeVisible();

    // The receipt by SMS, and its public check (the payer's number masked).
    const sms = await receiptSms(request, c.phone);
    expect(sms.receipt).toBe(receipt);
    expect(sms.text).toContain(reference);
    expect(sms.text).toContain(billDigits);
    expect(sms.text).toContain(totalText);
    const check = await request.get(`/v1/receipts/${receipt}`);
    expect(check.status(), `GET /v1/receipts/${receipt}`).toBe(200);
    const r = await check.json();
    expect(r).toMatchObject({
      receipt_no: receipt,
      valid: true,
      status: "settled",
      amount: total.amount.toFixed(2),
      currency: "KES",
      bill_ref: billDigits,
      service: PASSPORT.name,
      payer: payerMasked(msisdn(c.phone)),
    });
    expect(JSON.stringify(r)).not.toContain(msisdn(c.phone));
    expect(JSON.stringify(r)).not.toContain(c.phone);

    // The agency: start the review, approve, issue.
    const decider = STAFF.immigrationAdmin;
    const channel = javaScriptEnabled ? "sms" : "email";
    const staff = await anotherBrowser(browser, { baseURL, javaScriptEnabled, errors: browserErrors });
    let fingerprint: string;
    try {
      const inbox = await Inbox.open(request, channel === "sms" ? "sms" : "mail", channel === "sms" ? decider.phone : decider.email);
      await staff.pages.signIn(inbox, decider.idNumber, DEMO_PASSWORD, "/staff", channel);
      await expect(staff.pages.main.locator("p").first()).toHaveText(`${decider.fullName} · ${decider.role} · ${decider.agency}`);
      const s = new StaffApplicationPages(staff.page);
      await staff.pages.main.getByRole("link", { name: S.queueHeading, exact: true }).click();
      await staff.page.waitForURL((u) => u.pathname === "/staff/applications");
      await expect(s.heading).toHaveText(S.queueHeading);
      // Find it by its reference, take it, and see it marked as the decider's.
      await s.queueFilters.getByLabel(S.searchLabel, { exact: true }).fill(reference.toLowerCase());
      await s.queueFilters.getByRole("button", { name: S.show, exact: true }).click();
      await staff.page.waitForURL((u) => u.pathname === "/staff/applications" && u.searchParams.get("q") === reference.toLowerCase());
      const queued = s.queueRow(reference);
      await expect(queued).toHaveCount(1);
      await expect(queued.locator("td")).toHaveText([reference, c.fullName, PASSPORT.name, T.queued, `${dueDate} ${S.onTime}`, S.take]);
      await queued.getByRole("button", { name: S.take, exact: true }).click();
      await expect(queued.locator("td").last()).toHaveText(`${decider.fullName} ${S.giveBack}`);
      await expect(staff.page).toHaveURL((u) => u.searchParams.get("q") === reference.toLowerCase() && !u.searchParams.has("__err"));
      if (javaScriptEnabled) {
        const { violations } = await scan(staff.page, testInfo, "officer queue");
        expect.soft(ruleIds(violations), `axe violations on the queue:\n\n${formatViolations(violations)}\n`).toEqual([]);
      }

      await queued.getByRole("link", { name: reference, exact: true }).click();
      await staff.page.waitForURL((u) => u.pathname === `/staff/applications/${reference}`);
      await expect(s.heading).toHaveText(PASSPORT.name);
      await expect(s.summaryValue(T.reference)).toHaveText(reference);
      await expect(s.summaryValue(S.applicant)).toHaveText(c.fullName);
      await expect(s.summaryValue(T.option)).toHaveText("48 pages");
      await expect(s.status).toHaveText(T.queued);
      await expect(s.summaryValue(T.due)).toHaveText(dueDate);
      await expect(s.summaryValue(S.snapshot)).toHaveText(/^[0-9a-f]{64}$/);
      fingerprint = ((await s.summaryValue(S.snapshot).textContent()) ?? "").trim();

      // The documents sent with the application, each a download for the agency; the photo
      // downloaded is the one the citizen sent.
      const sent = passportDocuments(c);
      const documents = new ApplicationPages(staff.page);
      for (const d of PASSPORT.documents) {
        const row = documents.uploadedDocument(d.label);
        if (!d.required) {
          await expect(row).toHaveText(T.notUploaded);
          continue;
        }
        await expect(row.getByRole("link", { name: sent[d.code].name, exact: true })).toHaveAttribute(
          "href",
          `/applications/${reference}/uploads/${d.code}`,
        );
      }
      const photoPath = `/applications/${reference}/uploads/passport_photo`;
      const photo = await staff.page.request.get(photoPath);
      expect(photo.status(), `GET ${photoPath} as the agency's decider`).toBe(200);
      expect((await photo.body()).equals(sent.passport_photo.buffer), "the photo's bytes").toBe(true);

      if (javaScriptEnabled) {
        const { violations } = await scan(staff.page, testInfo, "officer's application page");
        expect.soft(ruleIds(violations), `axe violations on the application:\n\n${formatViolations(violations)}\n`).toEqual([]);
      }
      await expect(s.summaryValue(S.officer)).toHaveText(`${decider.fullName} ${S.giveBack}`);
      // Only the step the state allows, each time.
      await expect(s.decisionForm.getByRole("button")).toHaveText([S.startReview]);
      await s.decide(S.startReview, S.inReview);
      await expect(s.decision(S.approve)).toBeVisible();
      await expect(s.decision(S.issue)).toHaveCount(0);
      await s.decide(S.approve, S.approved);
      await expect(s.decisionForm.getByRole("button")).toHaveText([S.issue]);
      await s.decide(S.issue, S.issued);
      await expect(s.issuedNotice).toHaveText(S.issued);
      await expect(s.decisionForm).toHaveCount(0);
    } finally {
      await staff.context.close();
    }

    // The decider's reading of the photo, where the citizen sees who viewed their data.
    await page.goto("/account/privacy");
    const viewed = app.main.getByRole("heading", { name: ACCOUNT_TEXT.whoViewed }).locator("xpath=following-sibling::table[1]");
    const read = viewed.locator("tbody tr").filter({ hasText: `Application ${reference} document passport_photo downloaded` });
    await expect(read).toHaveCount(1);
    await expect(read.locator("td").nth(1)).toHaveText(`${decider.fullName} (${decider.agency})`);

    // The citizen's document: downloadable by them (only), verifiable by anyone.
    await app.openApplication(reference);
    await expect(app.summaryValue(T.status)).toHaveText(S.issued);
    await expect(app.history.last()).toContainText(S.issued);
    await expect(app.button(T.withdraw)).toHaveCount(0);
    const doc = app.main
      .locator("section.notice")
      .filter({ has: page.getByRole("heading", { level: 2, name: S.documentHeading, exact: true }) });
    await expect(doc).toHaveCount(1);
    await expect(doc.locator("code")).toHaveText(DOCUMENT_NO);
    const number = ((await doc.locator("code").textContent()) ?? "").trim();
    const download = doc.getByRole("link", { name: S.download, exact: true });
    const pdfPath = `/applications/${reference}/document.pdf`;
    await expect(download).toHaveAttribute("href", pdfPath);
    await expect(doc.getByRole("link", { name: S.verifyLink, exact: true })).toHaveAttribute("href", `/v1/documents/${number}`);

    const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
    expect(file.suggestedFilename()).toBe(`${number}.pdf`);
    expect((await readFile(await file.path())).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const pdf = await page.request.get(pdfPath);
    expect(pdf.status(), `GET ${pdfPath} as the citizen`).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const anonymous = await request.get(pdfPath);
    expect(anonymous.status(), `GET ${pdfPath} signed out`).toBe(401);

    const verified = await request.get(`/v1/documents/${number}`);
    expect(verified.status(), `GET /v1/documents/${number}`).toBe(200);
    expect(await verified.json()).toMatchObject({
      number,
      valid: true,
      service: PASSPORT.name,
      class: "48 pages",
      holder: holderShort(c.fullName),
      fingerprint,
    });
  });
});

test.describe(`payment section, axe-core: ${WCAG_TAGS.join(", ")}`, () => {
  test.describe.configure({ timeout: 150_000 });

  test("the bill to pay, the prompt sent, paid (live and reloaded) have no violations", async ({
    page,
    request,
    javaScriptEnabled,
    browserErrors,
  }, testInfo) => {
    // Every state is scanned even when an earlier one fails, so one run lists everything to fix.
    const check = async (name: string) => {
      const { violations } = await scan(page, testInfo, name);
      expect.soft(ruleIds(violations), `axe violations on ${name} (${page.url()}):\n\n${formatViolations(violations)}\n`).toEqual([]);
    };
    const c = newCitizen();
    await new AccountPages(page).signUp(request, c);
    const pay = new PaymentSection(page);
    const reference = await applyForPassport(page, c);
    await expect(pay.payButton).toBeVisible();
    await check("application with the bill to pay (M-Pesa form, paybill)");

    const billRef = ((await pay.billValue(T.billRef).textContent()) ?? "").trim();
    const totalText = ((await pay.billValue(T.total).textContent()) ?? "").trim();
    await payWithMpesa(page, reference);
    await check("application, M-Pesa request sent");

    await answerOnPhone(page, c, { digits: digits(billRef), total: totalText }, { javaScriptEnabled, errors: browserErrors });
    await page.bringToFront();
    await expect(pay.status).toHaveAttribute("data-state", "paid", { timeout: 60_000 });
    await expect(pay.status.getByRole("link")).toBeVisible();
    await check("application, paid (live status)");

    await page.goto(`/applications/${reference}`);
    await expect(pay.paidNotice).toHaveText(P.paid);
    await expect(pay.receipts).toHaveCount(1);
    await check("application, paid (receipts)");
  });
});
