// Journey: Mlango by SMS. A citizen signs up, signs out and signs in again: the sign-in code
// arrives on their simulated phone (GET /sim/sms/messages?to=254…, the number as the provider
// writes it). They apply for the passport (48 pages): an "application received" SMS tells them
// how much to pay and how (paybill, account = the bill reference). They pay on the simulated
// phone (as in payments.spec.ts) and the receipt SMS follows, after the first one. Then they text
// the short code 20222 from the phone's page (/sim/sms?to=…, a plain form posting to
// /sim/sms/reply, 303 back): `STATUS <reference>` is answered with the state and the promised
// date, `HALI <reference>` the same in Kiswahili, and "hello" with how to use the short code.
// Another demo citizen's phone (0712000002) asking for the same reference learns nothing about
// it. Last, "Your messages" (/account/messages) lists the two notices as sent, then delivered
// (the simulator posts the delivery reports a moment after each send).
//
// Every form is a plain HTML form that posts and is redirected: the journey runs with and without
// JavaScript (@no-js). The axe scan of "Your messages" runs in the "js" project only (it runs a
// script in the page); the /sim pages are test tooling, outside the accessibility promise.
//
// Isolation: each test signs up a citizen of its own (random ID, phone `01` + ID), so their
// application, bill, phone and SMS inbox are their own. 0712000002 (demo citizen 10000002, whom
// no other spec uses) is shared by the js and no-js runs: each looks only for the reply naming
// its own reference, and the two texts are well within the short code's 10 replies an hour.
import { formatViolations, ruleIds, scan, WCAG_TAGS } from "./fixtures/a11y";
import { AccountPages, Inbox, newCitizen } from "./fixtures/accounts";
import { APPLY_TEXT as T, ApplicationPages, PASSPORT } from "./fixtures/applications";
import { applyForPassport, digits, msisdn, PAY_TEXT as P, PaymentSection, payTheBill, receiptSms } from "./fixtures/payments";
import {
  dateEn,
  dateSw,
  MESSAGES_TEXT as M,
  MessagesPage,
  onSimSmsPhone,
  SMS_TEXT as SMS,
  smsTo,
  waitForSms,
  waitForSmsMatching,
} from "./fixtures/sms";
import { expect, test } from "./fixtures/test";

/** Another demo citizen (server/src/accounts/demo.rs, 10000002): a phone that never applied. */
const OTHER_CITIZEN_PHONE = "0712000002";

test.describe("sms", { tag: "@no-js" }, () => {
  // A sign-up and a sign-in (Argon2), the passport form, a payment on the simulated phone and
  // the wait for its callback, four texts to the short code and their replies, on a shared
  // 2-core machine.
  test.describe.configure({ timeout: 180_000 });

  test("the sign-in code, the received and receipt SMS, STATUS and HALI answered on the short code, another number told nothing, Your messages delivered", async ({
    page,
    request,
    javaScriptEnabled,
    browserErrors,
  }, testInfo) => {
    const c = newCitizen();
    const phone = msisdn(c.phone);
    const account = new AccountPages(page);
    await account.signUp(request, c);
    await account.signOut();

    // Signing in: the code arrives on the simulated phone, addressed to 254…, from Mlango's sender.
    const inbox = await Inbox.open(request, "sms", phone);
    await account.signIn(inbox, c.idNumber, c.password, "/account");
    const codes = (await smsTo(request, phone)).filter((m) => SMS.signInCode.test(m.text));
    expect(codes, "one sign-in code SMS").toHaveLength(1);
    expect(codes[0].to).toBe(phone);
    expect(codes[0].from).toMatch(/^[A-Za-z0-9]{1,11}$/);
    expect(Date.parse(codes[0].sent_at)).toBeGreaterThan(Date.now() - 120_000);

    // Applied: the bill as the Payment section shows it, and what the SMS says to pay.
    const reference = await applyForPassport(page, c);
    const app = new ApplicationPages(page);
    const pay = new PaymentSection(page);
    const billRef = ((await pay.billValue(T.billRef).textContent()) ?? "").trim();
    const billDigits = digits(billRef);
    const total = ((await pay.billValue(T.total).textContent()) ?? "").trim();
    const paybill = ((await pay.paybillValue(P.businessNo).textContent()) ?? "").trim();
    const receivedText = SMS.receivedToPay(reference, PASSPORT.name, total, billDigits, paybill);
    await waitForSms(request, phone, receivedText);

    // Paid on the phone: the receipt by SMS, after the "received" one.
    await payTheBill(page, c, reference, { javaScriptEnabled, errors: browserErrors });
    await expect(app.summaryValue(T.status)).toHaveText(T.queued);
    await expect(app.summaryValue(T.due)).toHaveText(T.dueIn);
    const dueIso = ((await app.summaryValue(T.due).textContent()) ?? "").trim().split(" ")[0];
    const { text: receiptText, receipt } = await receiptSms(request, phone);
    expect(receiptText).toBe(SMS.receipt(total, reference, billDigits, receipt));
    const sent = await smsTo(request, phone); // newest first
    const receivedAt = sent.findIndex((m) => m.text === receivedText);
    const receiptAt = sent.findIndex((m) => m.text === receiptText);
    expect(receivedAt, "the received SMS is still there").toBeGreaterThanOrEqual(0);
    expect(receiptAt, "the receipt SMS came after the received one").toBeLessThan(receivedAt);
    expect(Date.parse(sent[receiptAt].sent_at)).toBeGreaterThanOrEqual(Date.parse(sent[receivedAt].sent_at));

    // The short code, from the citizen's phone (its SMS page in another tab): STATUS, then HALI
    // (answered in Kiswahili), then something it does not understand.
    const statusReply = SMS.status(reference, PASSPORT.name, T.queued, dateEn(dueIso));
    const opts = { javaScriptEnabled, errors: browserErrors };
    await onSimSmsPhone(page, phone, opts, async (mine) => {
      await mine.text(`STATUS ${reference}`);
      await waitForSms(request, phone, statusReply);
      await mine.open();
      await expect(mine.received.first().locator("p.text"), "the reply, on the phone").toHaveText(statusReply);

      await mine.text(`HALI ${reference}`);
      const hali = await waitForSmsMatching(request, phone, SMS.statusSw(reference, SMS.queuedSw, dateSw(dueIso)));
      expect(hali.text).toContain(SMS.queuedSw);

      expect((await smsTo(request, phone)).map((m) => m.text), "no help text before asking").not.toContain(SMS.help);
      await mine.text("hello");
      await waitForSms(request, phone, SMS.help);
    });

    // Another citizen's phone asks about this application: not theirs, so nothing is told.
    await onSimSmsPhone(page, msisdn(OTHER_CITIZEN_PHONE), opts, async (other) => {
      await other.text(`STATUS ${reference}`);
      await waitForSms(request, OTHER_CITIZEN_PHONE, SMS.statusUnknown(reference));
    });
    const leaked = (await smsTo(request, OTHER_CITIZEN_PHONE)).filter(
      (m) => m.text.includes(reference) && m.text !== SMS.statusUnknown(reference),
    );
    expect(leaked, "nothing else about the application reached the other phone").toEqual([]);

    // "Your messages": both notices, by SMS, as sent; delivered once the reports are in.
    const messages = new MessagesPage(page);
    await messages.open();
    await expect(messages.table.locator("thead th")).toHaveText([...M.columns]);
    for (const text of [receivedText, receiptText]) {
      const row = messages.row(text);
      await expect(row, `the row of ${JSON.stringify(text)}`).toHaveCount(1);
      await expect(row.locator("td")).toHaveText([/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$/, "SMS", text, M.sentOrDelivered]);
    }
    // Newest first: the receipt above the received notice.
    const bodies = (await messages.rows.locator("td:nth-child(3)").allTextContents()).map((t) => t.trim());
    expect(bodies.indexOf(receiptText)).toBeLessThan(bodies.indexOf(receivedText));
    await expect(async () => {
      await messages.open();
      await expect(messages.row(receivedText).locator("td").nth(3)).toHaveText(M.delivered, { timeout: 1_000 });
      await expect(messages.row(receiptText).locator("td").nth(3)).toHaveText(M.delivered, { timeout: 1_000 });
    }, "both messages delivered").toPass({ timeout: 30_000, intervals: [1_000, 2_000] });
    await expect(messages.row(receiptText)).toHaveAttribute("data-status", "delivered");

    if (javaScriptEnabled) {
      const { violations } = await scan(page, testInfo, "your messages");
      expect(ruleIds(violations), `axe violations (${WCAG_TAGS.join(", ")}) on ${page.url()}:\n\n${formatViolations(violations)}\n`).toEqual([]);
    }
  });
});
