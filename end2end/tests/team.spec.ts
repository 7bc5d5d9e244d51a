// Back office for platform and agency admins: /staff/agencies and /staff/team.
//
// The platform administrator onboards a new agency (a code of its own per run and project) with a
// citizen who signed up moments before as its first admin (that citizen is signed out at once, to
// take the role); creates an API key for it, sees the key once (a reload shows it no more), and
// the key bills through `POST /v1/invoices` (201) until it is revoked (401). Then the new admin
// signs in, opens "Staff and roles", adds a second freshly signed-up citizen as an officer (who is
// signed out too), is told plainly when adding them twice, makes them a finance officer and
// removes them. axe scans both pages (js project only: axe is a script in the page).
//
// Every form is a plain HTML form that posts and is redirected (errors come back through the URL),
// so the journey runs with and without JavaScript (@no-js). Nothing here turns a demo account
// into staff: the two people are fresh citizens (newCitizen), because every spec shares one
// server and a demo citizen made staff would change for all of them.
//
// Codes: the platform administrator (0712000008, admin@demo.mlango.ke) signs in by email in the
// "js" project and by SMS in "no-js"; status.spec.ts signs in by SMS in "js". With CI's single
// worker the files run one after another, so no two runs read the same inbox at once. Each fresh
// citizen gets one code to sign up (and the first admin one more to sign in), well under the
// limit of 3 codes per phone in 15 minutes.
import { formatViolations, ruleIds, scan } from "./fixtures/a11y";
import { AccountPages, anotherBrowser, DEMO_PASSWORD, Inbox, newCitizen, STAFF } from "./fixtures/accounts";
import { expect, test } from "./fixtures/test";

/** Strings of app/src/staff/team_texts.rs (English) and the team problems of app/src/accounts/texts.rs. */
const T = {
  agencies: "Agencies",
  onboard: "Onboard the agency",
  onboarded: "The agency is onboarded. It appears on the public pages within a minute.",
  keysHeading: (name: string) => `API keys of ${name}`,
  teamLink: (staff: number) => `Staff of this agency (${staff})`,
  createKey: "Create the key",
  newKeyHeading: "The new API key",
  active: "Active",
  revoke: "Revoke",
  revoked: "The key is revoked: the API refuses it from now on.",
  search: "Search",
  team: "Staff and roles",
  teamOf: (name: string) => `Staff of ${name}`,
  you: "You",
  add: "Add to the staff",
  added: "Added. They will be asked to sign in again.",
  changeRole: "Change role",
  changed: "Role changed. They will be asked to sign in again.",
  remove: "Remove from the agency",
  removed: "Removed from the agency. Their account stays as a citizen's account.",
  newRoleFor: (name: string) => `New role for ${name}`,
  alreadyMember: "This person is already on this agency's team. Nothing was changed; to change their role, use the list.",
} as const;

/** How the team page shows an ID number: `*****678`. */
const maskedId = (id: string) => `${"*".repeat(Math.max(id.length - 3, 2))}${id.slice(-3)}`;

test.describe("agencies and their staff", { tag: "@no-js" }, () => {
  // Two sign-ups and two sign-ins (Argon2 each) and a dozen form posts.
  test.describe.configure({ timeout: 180_000 });

  test("a platform admin onboards an agency and manages its API keys; its new admin manages the staff", async ({
    page,
    request,
    browser,
    baseURL,
    javaScriptEnabled,
    browserErrors,
  }, testInfo) => {
    const axe = async (p: typeof page, name: string) => {
      if (!javaScriptEnabled) return;
      const { violations } = await scan(p, testInfo, name);
      expect.soft(ruleIds(violations), `axe violations on ${name} (${p.url()}):\n\n${formatViolations(violations)}\n`).toEqual([]);
    };
    const project = testInfo.project.name.replace(/[^a-z0-9]/g, "");
    const suffix = `${project}-${Date.now().toString(36)}`;
    const agency = { code: `e2e-${suffix}`, name: `Test Agency ${suffix}`, nameSw: `Idara ya Majaribio ${suffix}` };

    // The future admin signs up (and stays signed in on `page`); so does the future officer.
    const adminPerson = newCitizen();
    const admin = new AccountPages(page);
    await admin.signUp(request, adminPerson);
    const officerPerson = newCitizen();
    const officer = await anotherBrowser(browser, { baseURL, javaScriptEnabled, errors: browserErrors });
    const platform = await anotherBrowser(browser, { baseURL, javaScriptEnabled, errors: browserErrors });
    try {
      await officer.pages.signUp(request, officerPerson);

      // --- The platform administrator onboards the agency with its first admin. ---------------
      const pa = STAFF.platformAdmin;
      const channel = javaScriptEnabled ? "email" : "sms";
      const inbox = await Inbox.open(request, channel === "email" ? "mail" : "sms", channel === "email" ? pa.email : pa.phone);
      await platform.pages.signIn(inbox, pa.idNumber, DEMO_PASSWORD, "/staff", channel);
      const p = platform.pages;
      await p.main.getByRole("link", { name: T.agencies, exact: true }).click();
      await platform.page.waitForURL((u) => u.pathname === "/staff/agencies");
      await p.expectHeading(T.agencies);
      await axe(platform.page, "agencies list");

      await p.main.getByLabel("Code", { exact: true }).fill(agency.code);
      await p.main.getByLabel("Kind", { exact: true }).selectOption({ label: "State agency" });
      await p.main.getByLabel("Name in English", { exact: true }).fill(agency.name);
      await p.main.getByLabel("Name in Kiswahili", { exact: true }).fill(agency.nameSw);
      await p.main.getByLabel("What it does, in English", { exact: true }).fill("Permits for end-to-end tests.");
      await p.main.getByLabel("What it does, in Kiswahili", { exact: true }).fill("Vibali vya majaribio.");
      await p.main.getByLabel("National ID number of its first admin (optional)", { exact: true }).fill(adminPerson.idNumber);
      await p.button(T.onboard).click();
      await platform.page.waitForURL(
        (u) => u.pathname === "/staff/agencies" && u.searchParams.get("agency") === agency.code && u.searchParams.get("done") === "onboarded",
      );
      await expect(p.notice).toHaveText(T.onboarded);
      await p.expectHeading(T.keysHeading(agency.name));
      await expect(p.main.getByRole("link", { name: T.teamLink(1), exact: true })).toHaveAttribute(
        "href",
        `/staff/team?agency=${agency.code}`,
      );
      // The new admin's sessions ended: they sign in again to take the role.
      await admin.expectSignInRequired("/account");

      // --- An API key: shown once, bills through /v1, refused once revoked. -----------------------
      await p.main.getByLabel("What it is for", { exact: true }).fill("Billing system");
      await p.button(T.createKey).click();
      await platform.page.waitForURL(
        (u) => u.pathname === "/staff/agencies" && u.searchParams.get("agency") === agency.code && u.searchParams.has("new_key"),
      );
      const keyId = new URL(platform.page.url()).searchParams.get("new_key")!;
      expect(new URL(platform.page.url()).hash).toBe("#new-key");
      const shown = p.main.locator("#new-key");
      await expect(shown.locator("h2")).toHaveText(T.newKeyHeading);
      const key = (await p.summaryValue("API key", shown.locator("dl")).textContent())!.trim();
      const secret = (await p.summaryValue("Webhook signing secret", shown.locator("dl")).textContent())!.trim();
      expect(key).toMatch(/^mlg_[A-Za-z0-9]+_[A-Za-z0-9_]+$/);
      expect(secret).toMatch(/^whsec_[A-Za-z0-9_]+$/);
      expect(platform.page.url(), "the key is never in the address").not.toContain(key);
      const row = p.main.locator(`tr#key-${keyId}`);
      await expect(row.locator("th")).toHaveText(`${key.split("_").slice(0, 2).join("_")}_…`);
      await expect(row).toContainText("Billing system");
      await expect(row.locator("td").last()).toContainText(T.active);
      await axe(platform.page, "agency keys, new key shown once");

      await platform.page.reload();
      await p.expectHeading(T.keysHeading(agency.name));
      await expect(row).toBeVisible();
      await expect(p.main.locator("#new-key")).toHaveCount(0);
      await expect(p.main).not.toContainText(key);

      const invoice = () =>
        request.post("/v1/invoices", {
          headers: { Authorization: `Bearer ${key}` },
          data: { amount_kes: 500, description: "Test permit" },
        });
      const created = await invoice();
      expect(created.status(), `POST /v1/invoices with the new key: ${await created.text()}`).toBe(201);
      expect((await created.json()).amount_kes).toBe(500);

      // The list finds the agency, with its admin and its live key.
      await platform.page.goto("/staff/agencies");
      await p.main.getByLabel("Code or name", { exact: true }).fill(agency.code);
      await p.button(T.search).click();
      await platform.page.waitForURL((u) => u.pathname === "/staff/agencies" && u.searchParams.get("q") === agency.code);
      await expect(p.main.locator("p.result-count")).toHaveText("1 agency");
      const listed = p.main.locator("tbody tr");
      await expect(listed).toHaveCount(1);
      await expect(listed.locator("th")).toHaveText(agency.name);
      await expect(listed.locator("td")).toHaveText([agency.code, "State agency", "1", "1"]);
      await listed.getByRole("link", { name: agency.code, exact: true }).click();
      await platform.page.waitForURL((u) => u.pathname === "/staff/agencies" && u.searchParams.get("agency") === agency.code);

      await row.getByRole("button", { name: T.revoke, exact: true }).click();
      await platform.page.waitForURL((u) => u.searchParams.get("done") === "revoked" && u.hash === `#key-${keyId}`);
      await expect(p.notice).toHaveText(T.revoked);
      await expect(row.locator("td").last()).toContainText("Revoked ");
      await expect(row.getByRole("button", { name: T.revoke, exact: true })).toHaveCount(0);
      const refused = await invoice();
      expect(refused.status(), "POST /v1/invoices with the revoked key").toBe(401);
    } finally {
      await platform.context.close();
    }

    try {
      // --- The new admin manages the agency's staff. ------------------------------------------
      await admin.signIn(await Inbox.open(request, "sms", adminPerson.phone), adminPerson.idNumber, adminPerson.password, "/staff");
      await expect(admin.main.locator("p").first()).toHaveText(`${adminPerson.fullName} · Agency administrator · ${agency.code}`);
      await admin.main.getByRole("link", { name: T.team, exact: true }).click();
      await page.waitForURL((u) => u.pathname === "/staff/team");
      await admin.expectHeading(T.team);
      await expect(admin.main.getByRole("heading", { level: 2, name: T.teamOf(agency.name) })).toBeVisible();
      const members = admin.main.locator("tbody tr");
      await expect(members).toHaveCount(1);
      await expect(members.locator("th")).toHaveText(adminPerson.fullName);
      await expect(members.locator("td")).toHaveText([maskedId(adminPerson.idNumber), "Admin", /.+/, T.you]);
      await axe(page, "team, the admin alone");

      const addForm = async () => {
        await admin.main.getByLabel("National ID number", { exact: true }).fill(officerPerson.idNumber);
        await admin.main.getByLabel("Role", { exact: true }).selectOption({ label: "Officer" });
        await admin.button(T.add).click();
      };
      await addForm();
      await page.waitForURL(
        (u) => u.pathname === "/staff/team" && u.searchParams.get("done") === "added" && /^#member-\d+$/.test(u.hash),
      );
      const memberId = new URL(page.url()).hash.slice(1);
      await expect(admin.notice).toHaveText(T.added);
      const member = admin.main.locator(`tr#${memberId}`);
      await expect(member.locator("th")).toHaveText(officerPerson.fullName);
      await expect(member.locator("td").nth(0)).toHaveText(maskedId(officerPerson.idNumber));
      await expect(member.locator("td").nth(1)).toHaveText("Officer");
      await expect(members).toHaveCount(2);
      await axe(page, "team, an officer added");
      // The officer was signed out, to take the role from their next sign-in.
      await officer.pages.expectSignInRequired("/account");

      // The same person again: said plainly, nothing changed.
      await addForm();
      await expect(admin.errorBox).toBeVisible();
      await expect(admin.errorBox).toContainText(T.alreadyMember);
      await expect(members).toHaveCount(2);
      await expect(member.locator("td").nth(1)).toHaveText("Officer");
      await axe(page, "team, refused");

      await member.getByLabel(T.newRoleFor(officerPerson.fullName), { exact: true }).selectOption({ label: "Finance officer" });
      await member.getByRole("button", { name: T.changeRole, exact: true }).click();
      await page.waitForURL((u) => u.searchParams.get("done") === "changed" && u.hash === `#${memberId}`);
      await expect(admin.notice).toHaveText(T.changed);
      await expect(admin.errorBox).toHaveCount(0);
      await expect(member.locator("td").nth(1)).toHaveText("Finance officer");

      await member.getByRole("button", { name: T.remove, exact: true }).click();
      await page.waitForURL((u) => u.pathname === "/staff/team" && u.searchParams.get("done") === "removed");
      await expect(admin.notice).toHaveText(T.removed);
      await expect(member).toHaveCount(0);
      await expect(members).toHaveCount(1);
      await expect(members.locator("th")).toHaveText(adminPerson.fullName);
    } finally {
      await officer.context.close();
    }
  });
});
