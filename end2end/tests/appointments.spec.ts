// Journey: booking the in-person step of an application. A citizen applies for the passport, whose
// service has two in-person steps (biometrics, then collection); the application's Appointments
// section has a heading per step, and before the bill is paid each says it can be booked once
// the bill is paid, with no office to choose. The citizen pays on the simulated phone (as in
// payments.spec.ts). Now each step offers the Department of Immigration's offices; the citizen
// chooses Nairobi and "Show free times" (a GET form: `?step=0&office=immigration-nairobi#appointments`),
// sees the next working days (Monday to Friday legends, the 08:30–15:30 half hours, places left
// out of 4), and books the biometrics at the first time offered: the page says it is booked and
// shows "Booked: <when> — <office>, <address>" under the step, with "Cancel this appointment",
// and the chooser now offers to move it. The booking arrives by SMS. The citizen moves it to a
// later time (the first of the last day shown): the booked line changes, and a second SMS gives
// the new time. Then they cancel it: the booked line is gone and the step is back to "Choose a
// time". The collection step is never booked along the way.
//
// Every form is a plain HTML form (GET for the times, POST-and-redirect to book and cancel): the
// journey runs with and without JavaScript (@no-js). The axe scans of the Appointments section in
// its states run in the "js" project only (they run a script in the page).
//
// Isolation: each test signs up a citizen of its own (random ID, phone `01` + ID), so their
// application, bill, phone and SMS inbox are their own. The offices are shared: the js and no-js
// journeys and the axe test may book the same first time at Nairobi at once, 3 citizens for a
// slot of 4 places, so each always finds a place; the places left are checked to be 1 to 4, never
// a count another test can change. A time is offered only when it is at least an hour away, so
// the one picked is still bookable when the form is sent a moment later.
import { formatViolations, ruleIds, scan, WCAG_TAGS } from "./fixtures/a11y";
import { AccountPages, newCitizen } from "./fixtures/accounts";
import { APPLY_TEXT as T, ApplicationPages } from "./fixtures/applications";
import {
  APPOINTMENT_SMS,
  APPOINTMENT_TEXT as A,
  appointmentSms,
  AppointmentsSection,
  bookedLine,
  DAY_OF_SLOTS,
  DEMO_CAPACITY,
  eatClock,
  eatDayLabel,
  eatWhen,
  IMMIGRATION_OFFICES,
  NAIROBI_IMMIGRATION as NAIROBI,
  officeOption,
  PASSPORT_IN_PERSON_STEPS as STEPS,
  smsNamesOffice,
  type AppointmentStep,
  type Slot,
} from "./fixtures/appointments";
import { applyForPassport, payTheBill, PaymentSection } from "./fixtures/payments";
import { expect, test } from "./fixtures/test";

/** A day's legend as written on the page. */
const DAY_LEGEND = /^(Monday|Tuesday|Wednesday|Thursday|Friday) \d{1,2} [A-Z][a-z]+ \d{4}$/;

/**
 * Checks the free times listed for `step`: 4 or 5 working days (today drops out once its last
 * time is less than an hour away), in order, each legend the day of its times, each label the
 * clock time of its radio and its places left; the last day (no slot full there) shows the
 * whole grid. Returns the first time offered.
 */
async function expectFreeTimes(step: AppointmentStep): Promise<Slot> {
  await expect(step.bookButton).toBeVisible();
  const days = await step.days.count();
  expect(days, "working days of times shown").toBeGreaterThanOrEqual(4);
  expect(days).toBeLessThanOrEqual(5);
  const legends = (await step.days.locator("legend").allTextContents()).map((l) => l.trim());
  let previous = 0;
  for (const [i, legend] of legends.entries()) {
    expect(legend).toMatch(DAY_LEGEND);
    const first = await step.slot(step.days.nth(i).getByRole("radio").first());
    expect(first.day).toBe(legend);
    expect(eatDayLabel(first.startsAt), `the legend is the day of its times (${first.startsAt})`).toBe(legend);
    expect(first.startsAt, "the days are in order").toBeGreaterThan(previous);
    previous = first.startsAt;
  }
  const lastDay = step.days.last().getByRole("radio");
  await expect(lastDay).toHaveCount(DAY_OF_SLOTS.length);
  const labels = (await step.days.last().locator("label").allTextContents()).map((l) => l.trim());
  expect(labels.map((l) => l.match(A.slotLabel)?.[1]), "every half hour from 08:30 to 15:30").toEqual(DAY_OF_SLOTS);
  for (const label of labels) {
    const left = Number(label.match(A.slotLabel)![2]);
    expect(left).toBeGreaterThanOrEqual(1);
    expect(left).toBeLessThanOrEqual(DEMO_CAPACITY);
  }

  const first = await step.slot(step.radios.first());
  expect(first.time).toBe(eatClock(first.startsAt));
  expect(first.startsAt * 1000, "the first time is at least an hour away").toBeGreaterThan(Date.now() + 3_600_000 - 60_000);
  await expect(first.radio).toHaveAccessibleName(`${first.time} (${first.placesLeft} place${first.placesLeft === 1 ? "" : "s"} left)`);
  await expect(first.radio).not.toBeChecked();
  return first;
}

test.describe("appointments", { tag: "@no-js" }, () => {
  // A sign-up (Argon2), the passport form, a payment on the simulated phone and the wait for its
  // callback, then some ten page loads, on a shared 2-core machine.
  test.describe.configure({ timeout: 180_000 });

  test("book the biometrics once paid, get the SMS, move it to a later time, cancel it", async ({
    page,
    request,
    javaScriptEnabled,
    browserErrors,
  }) => {
    const c = newCitizen();
    await new AccountPages(page).signUp(request, c);
    const app = new ApplicationPages(page);
    const appointments = new AppointmentsSection(page);
    const biometrics = appointments.step(0);
    const collection = appointments.step(1);

    // Submitted, not paid: the steps are there, to book after paying.
    const reference = await applyForPassport(page, c);
    await expect(appointments.heading).toBeVisible();
    await expect(appointments.stepHeadings).toHaveText([...STEPS]);
    await expect(appointments.afterPaymentNotes).toHaveCount(STEPS.length);
    await expect(biometrics.heading.locator("xpath=following-sibling::p[1]")).toHaveText(A.afterPayment);
    await expect(appointments.section.locator("select")).toHaveCount(0);
    await expect(appointments.section.locator("form")).toHaveCount(0);
    await expect(appointments.bookedLines).toHaveCount(0);
    await expect(appointments.notice).toHaveCount(0);

    // Paid: each step offers the agency's offices, none chosen yet, so no times.
    await payTheBill(page, c, reference, { javaScriptEnabled, errors: browserErrors });
    await expect(app.summaryValue(T.status)).toHaveText(T.queued);
    await expect(appointments.afterPaymentNotes).toHaveCount(0);
    for (const step of [biometrics, collection]) {
      await expect(step.chooserHeading).toHaveText(A.chooseTime);
      await expect(step.officeSelect).toBeVisible();
      await expect(step.officeSelect.locator("option")).toHaveText(IMMIGRATION_OFFICES.map(officeOption));
      for (const [i, office] of IMMIGRATION_OFFICES.entries()) {
        await expect(step.officeSelect.locator("option").nth(i)).toHaveAttribute("value", office.code);
      }
      await expect(step.showTimesButton).toBeVisible();
      await expect(step.bookForm).toHaveCount(0);
      await expect(step.bookedLine).toHaveCount(0);
    }

    // Nairobi's free times; the first one booked.
    await biometrics.showTimes(NAIROBI);
    await expect(biometrics.officeSelect.locator("option:checked")).toHaveText(officeOption(NAIROBI));
    const first = await expectFreeTimes(biometrics);
    await biometrics.book(first);
    await expect(appointments.notice).toHaveText(A.bookedNotice);
    await expect(biometrics.bookedLine).toHaveText(bookedLine(first.startsAt, NAIROBI));
    await expect(biometrics.cancelButton).toBeVisible();
    await expect(biometrics.chooserHeading).toHaveText(A.chooseOtherTime);
    await expect(appointments.bookedLines).toHaveCount(1);
    await expect(collection.bookedLine).toHaveCount(0);
    await expect(collection.chooserHeading).toHaveText(A.chooseTime);
    await expect(collection.cancelButton).toHaveCount(0);

    // The booking by SMS: the application, the step, when and where.
    const [booked] = await appointmentSms(request, c.phone, reference, 1);
    const sms = booked.match(APPOINTMENT_SMS);
    expect(sms, `the booking SMS: ${booked}`).not.toBeNull();
    expect(sms![1]).toBe(reference);
    // A long step name is cut between words, with "..." (GSM-7 has no ellipsis character).
    const stepNamed = sms![2].replace(/(…|\.\.\.)$/, "");
    expect(stepNamed.length, `the SMS names the step (${sms![2]})`).toBeGreaterThan(10);
    expect(STEPS[0].startsWith(stepNamed), `the SMS names the step (${sms![2]})`).toBe(true);
    expect(sms![3]).toBe(eatWhen(first.startsAt));
    // The office's name and address, each cut between words with "..." when long.
    expect(smsNamesOffice(sms![4], NAIROBI), `the SMS names the office: ${sms![4]} (${NAIROBI.name}, ${NAIROBI.address})`).toBe(true);

    // Moved to a later time: the first of the last day shown.
    await biometrics.showTimes(NAIROBI);
    await expect(appointments.notice).toHaveCount(0);
    await expect(biometrics.bookedLine).toHaveText(bookedLine(first.startsAt, NAIROBI));
    await expect(biometrics.chooserHeading).toHaveText(A.chooseOtherTime);
    await expectFreeTimes(biometrics);
    const later = await biometrics.slot(biometrics.days.last().getByRole("radio").first());
    expect(later.startsAt).toBeGreaterThan(first.startsAt);
    expect(later.day).not.toBe(first.day);
    await biometrics.book(later);
    await expect(appointments.notice).toHaveText(A.bookedNotice);
    await expect(biometrics.bookedLine).toHaveText(bookedLine(later.startsAt, NAIROBI));
    await expect(appointments.bookedLines).toHaveCount(1);
    await expect(collection.bookedLine).toHaveCount(0);
    const [moved] = await appointmentSms(request, c.phone, reference, 2);
    expect(moved, "the newest SMS gives the new time").toMatch(APPOINTMENT_SMS);
    expect(moved.match(APPOINTMENT_SMS)![3]).toBe(eatWhen(later.startsAt));

    // Cancelled: nothing booked, the step back to choosing a time; it stays so on reload.
    await biometrics.cancel();
    await expect(appointments.notice).toHaveCount(0);
    await expect(biometrics.bookedLine).toHaveCount(0);
    await expect(biometrics.cancelButton).toHaveCount(0);
    await expect(appointments.bookedLines).toHaveCount(0);
    await expect(biometrics.chooserHeading).toHaveText(A.chooseTime);
    await expect(biometrics.officeSelect).toBeVisible();
    await app.openApplication(reference);
    await expect(appointments.bookedLines).toHaveCount(0);
    await expect(appointments.section.locator('form[action="/api/appointments/cancel"]')).toHaveCount(0);
  });
});

test.describe(`appointments section, axe-core: ${WCAG_TAGS.join(", ")}`, () => {
  test.describe.configure({ timeout: 150_000 });

  test("waiting for payment, the offices, the free times and booked have no violations", async ({
    page,
    request,
    javaScriptEnabled,
    browserErrors,
  }, testInfo) => {
    // Every state is scanned even when an earlier one fails, so one run lists everything to fix.
    const check = async (name: string) => {
      const { violations } = await scan(page, testInfo, name, { include: "section#appointments" });
      expect.soft(ruleIds(violations), `axe violations on ${name} (${page.url()}):\n\n${formatViolations(violations)}\n`).toEqual([]);
    };
    const c = newCitizen();
    await new AccountPages(page).signUp(request, c);
    const appointments = new AppointmentsSection(page);
    const biometrics = appointments.step(0);
    const reference = await applyForPassport(page, c);
    await expect(new PaymentSection(page).payButton).toBeVisible();
    await expect(appointments.afterPaymentNotes).toHaveCount(STEPS.length);
    await check("appointments before payment");

    await payTheBill(page, c, reference, { javaScriptEnabled, errors: browserErrors });
    await expect(biometrics.officeSelect).toBeVisible();
    await check("appointments, offices to choose");

    await biometrics.showTimes(NAIROBI);
    const first = await biometrics.slot(biometrics.radios.first());
    await check("appointments, free times at an office");

    await biometrics.book(first);
    await expect(biometrics.bookedLine).toHaveText(bookedLine(first.startsAt, NAIROBI));
    await expect(appointments.notice).toBeVisible();
    await check("appointments, booked (notice, booked line, cancel, move)");
  });
});
