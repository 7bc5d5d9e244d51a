// Journey: the documents of an application. The passport's form asks for four documents (a photo,
// JPEG or PNG; copies of the ID, the birth certificate and the recommender's ID, PDF, JPEG or PNG;
// all up to 2 MB) and one more that is optional (the old passport's bio-data page). They are chosen
// in the same form as the answers, which posts everything at once (multipart, to
// /applications/save), with or without JavaScript.
//
// Submitted with every answer but no document: back on the form, the error summary, "Upload this
// document." beside each required document (not the optional one), the answers kept in the draft.
// Files refused: a PDF chosen as the photo, a file over 2 MB, an empty file. Without JavaScript
// the server says why after the form is sent; with JavaScript the DocumentPicker island says it
// the moment the file is chosen, empties the input, and nothing is sent. Either way, a PDF
// renamed photo.jpg and declared as a JPEG is refused by the server, which judges the bytes. Then
// the right files: "Uploaded: <name> (<size>)" on the form, the application submitted, its page
// listing each document (a download link, size, type, the start of its SHA-256), and each
// download giving back the very bytes sent, to its applicant only (signed out: 401; another
// citizen: 404). After submission the documents cannot be replaced.
//
// Files are made in memory (fixtures/applications.ts `documentFile`): a few bytes with the
// signature the server looks for, named after the citizen.
//
// Isolation: each test signs up citizens of its own (fixtures/accounts.ts `newCitizen`).
import { createHash } from "node:crypto";
import { formatViolations, ruleIds, scan, WCAG_TAGS } from "./fixtures/a11y";
import { AccountPages, anotherBrowser, newCitizen } from "./fixtures/accounts";
import {
  APP_REFERENCE,
  APPLY_TEXT as T,
  ApplicationPages,
  documentFile,
  emptyFile,
  MB,
  PASSPORT,
  PASSPORT_REQUIRED,
  passportAnswers,
  passportDocuments,
  sizeLabel,
  typesLabel,
  type DocumentKind,
  type UploadFile,
} from "./fixtures/applications";
import { TEXT } from "./fixtures/portal";
import { documentPickersReady, expect, test } from "./fixtures/test";
import type { Page, Request } from "@playwright/test";

/** The `accept` attribute of a document's file input (uploads.rs `accept_attr`). */
const ACCEPT: Record<DocumentKind, string> = {
  pdf: "application/pdf,.pdf",
  jpeg: "image/jpeg,.jpg,.jpeg",
  png: "image/png,.png",
};
const acceptOf = (kinds: readonly DocumentKind[]) => kinds.map((k) => ACCEPT[k]).join(",");

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const KIND_LABEL: Record<string, string> = { "application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG" };

const PHOTO = PASSPORT.documents.find((d) => d.code === "passport_photo")!;
const PHOTO_TYPES = typesLabel(PHOTO.accepted);

/**
 * Presses `button` on the apply form and waits to be back on it with problems; returns the
 * reference. (Waits for the new page itself: the form it leaves may have the same kind of URL.)
 */
async function backWithProblems(page: Page, pages: ApplicationPages, button: string): Promise<string> {
  const back = page.waitForEvent("framenavigated", {
    predicate: (f) => {
      if (f !== page.mainFrame()) return false;
      const u = new URL(f.url());
      return u.pathname === PASSPORT.applyPath && APP_REFERENCE.test(u.searchParams.get("reference") ?? "") && u.searchParams.has("__err");
    },
  });
  await pages.button(button).click();
  await back;
  await page.waitForLoadState();
  await expect(pages.errorBox).toBeVisible();
  await expect(pages.errorBox.locator("h2")).toHaveText(T.errorSummary);
  return new URL(page.url()).searchParams.get("reference")!;
}

/** Checks that document `code` shows `message` as its problem, tied to its input. */
async function expectDocumentProblem(pages: ApplicationPages, code: string, message: string) {
  const problem = pages.problem(code);
  await expect(problem, `problem of ${code}`).toHaveText(message);
  await expect(problem).toBeVisible();
  // Inside the document's own block, with its label.
  await expect(pages.documentField(code).locator(".field-error")).toHaveText(message);
  const input = pages.document(code);
  await expect(input, `${code} marked invalid`).toHaveAttribute("aria-invalid", "true");
  await expect(input).toHaveAttribute("aria-describedby", `answer-${code}-hint answer-${code}-error`);
}

test.describe("uploading documents", { tag: "@no-js" }, () => {
  // Two sign-ups (Argon2), a dozen multipart posts, one of them over 2 MB, on a shared 2-core machine.
  test.describe.configure({ timeout: 150_000 });

  test("missing, refused and accepted documents; listed on the application and downloaded as sent, by the applicant only", async ({
    page,
    request,
    browser,
    baseURL,
    javaScriptEnabled,
    browserErrors,
  }) => {
    const c = newCitizen();
    const answers = passportAnswers(c);
    const files = passportDocuments(c);
    await new AccountPages(page).signUp(request, c);
    const form = new ApplicationPages(page);

    // The form: one multipart post, and a block per document saying what it accepts.
    const response = await page.goto(PASSPORT.applyPath);
    expect(response?.status(), `HTTP status of ${PASSPORT.applyPath}`).toBe(200);
    await expect(form.form).toHaveAttribute("method", "post");
    await expect(form.form).toHaveAttribute("enctype", "multipart/form-data");
    await expect(form.documents.locator("legend")).toHaveText(T.documentsHeading);
    await expect(form.documents.locator("p.hint").first()).toHaveText(T.documentsLead);
    await expect(form.documents.locator("input[type=file]")).toHaveCount(PASSPORT.documents.length);
    for (const d of PASSPORT.documents) {
      const id = `answer-${d.code}`;
      const input = form.document(d.code);
      await expect(input).toHaveAttribute("id", id);
      await expect(input).toHaveAttribute("accept", acceptOf(d.accepted));
      await expect(input).toHaveAttribute("aria-describedby", `${id}-hint`);
      await expect(input).not.toHaveAttribute("aria-invalid");
      await expect(form.documentField(d.code).locator(`label[for="${id}"]`)).toHaveText(d.label + (d.required ? "" : T.optional));
      await expect(form.documentField(d.code).locator(`#${id}-hint`)).toHaveText(T.documentRule(typesLabel(d.accepted), sizeLabel(d.maxBytes)));
      await expect(form.uploaded(d.code)).toHaveCount(0);
    }
    await expect(form.shownProblems).toHaveCount(0);

    // Every answer, no document, "Submit application": back on the form, a problem beside each
    // required document, the answers kept as a draft.
    await form.variant("32-pages").check();
    await form.fillPassport(answers);
    const reference = await backWithProblems(page, form, T.submit);
    await expect(form.errorBox.locator("p")).toHaveText(T.problems(PASSPORT_REQUIRED.length));
    for (const code of PASSPORT_REQUIRED) await expectDocumentProblem(form, code, T.noFile);
    await expect(form.problem("old_passport")).toBeHidden();
    await expect(form.document("old_passport")).not.toHaveAttribute("aria-invalid");
    await expect(form.shownProblems).toHaveCount(PASSPORT_REQUIRED.length);
    await expect(form.form.locator('input[type=hidden][name="reference"]')).toHaveValue(reference);
    await expect(form.variant("32-pages")).toBeChecked();
    await form.expectPassportFilled(answers);

    // Files of the wrong type, too large, empty.
    const refused: Record<string, { file: UploadFile; message: string }> = {
      passport_photo: { file: documentFile("pdf", `photo-${c.idNumber}.pdf`), message: T.fileType(PHOTO_TYPES) },
      id_copy: { file: documentFile("pdf", `id-large-${c.idNumber}.pdf`, { size: 2 * MB + 1 }), message: T.fileTooLarge("2 MB") },
      birth_certificate: { file: emptyFile(`birth-certificate-${c.idNumber}.pdf`, "application/pdf"), message: T.fileEmpty },
    };
    if (javaScriptEnabled) {
      // The island refuses each file the moment it is chosen: the message at once (role=alert),
      // the input emptied, nothing sent.
      await documentPickersReady(
        page,
        PASSPORT.documents.map((d) => `answer-${d.code}`),
      );
      const sent: Request[] = [];
      const watch = (r: Request) => {
        if (r.method() !== "GET") sent.push(r);
      };
      page.on("request", watch);
      const at = page.url();
      for (const [code, { file, message }] of Object.entries(refused)) {
        await form.document(code).setInputFiles(file);
        await expectDocumentProblem(form, code, message);
        await expect(form.problem(code)).toHaveAttribute("role", "alert");
        await expect(form.document(code), `${code} emptied`).toHaveJSProperty("value", "");
        expect(await form.document(code).evaluate((el: HTMLInputElement) => el.files?.length ?? 0)).toBe(0);
      }
      page.off("request", watch);
      expect(sent.map((r) => `${r.method()} ${r.url()}`), "requests sent while choosing refused files").toEqual([]);
      expect(page.url(), "still on the same page").toBe(at);
      // The one document not touched keeps the server's problem.
      await expect(form.problem("recommender_id_copy")).toHaveText(T.noFile);
      await expect(form.shownProblems).toHaveCount(PASSPORT_REQUIRED.length);
    } else {
      // Without JavaScript the files go with the form; the server says what is wrong with each
      // and keeps the one that is right.
      for (const [code, { file }] of Object.entries(refused)) await form.document(code).setInputFiles(file);
      await form.document("recommender_id_copy").setInputFiles(files.recommender_id_copy);
      expect(await backWithProblems(page, form, T.saveDraft)).toBe(reference);
      await expect(form.errorBox.locator("p")).toHaveText(T.problems(Object.keys(refused).length));
      for (const [code, { message }] of Object.entries(refused)) {
        await expectDocumentProblem(form, code, message);
        await expect(form.uploaded(code), `nothing kept for ${code}`).toHaveCount(0);
      }
      await expect(form.shownProblems).toHaveCount(Object.keys(refused).length);
      await form.expectUploaded({ recommender_id_copy: files.recommender_id_copy });
      await form.expectPassportFilled(answers);
    }

    // A PDF renamed photo.jpg and declared a JPEG: it passes what a browser can see, and the
    // server, which reads the bytes, refuses it; the other files are kept.
    const disguised: UploadFile = { ...documentFile("pdf", `photo-${c.idNumber}.jpg`), mimeType: "image/jpeg" };
    await form.document("passport_photo").setInputFiles(disguised);
    if (javaScriptEnabled) {
      // Accepted by the island: its message gone.
      await expect(form.problem("passport_photo")).toBeHidden();
      await expect(form.document("passport_photo")).not.toHaveAttribute("aria-invalid");
      await expect(form.document("passport_photo")).toHaveAttribute("aria-describedby", "answer-passport_photo-hint");
    }
    const others = { id_copy: files.id_copy, birth_certificate: files.birth_certificate, recommender_id_copy: files.recommender_id_copy };
    await form.chooseDocuments(others);
    expect(await backWithProblems(page, form, T.submit)).toBe(reference);
    await expect(form.errorBox.locator("p")).toHaveText(T.problems(1));
    await expectDocumentProblem(form, "passport_photo", T.fileType(PHOTO_TYPES));
    await expect(form.uploaded("passport_photo")).toHaveCount(0);
    await expect(form.shownProblems).toHaveCount(1);
    await form.expectUploaded(others);

    // The right photo: submitted, with nothing else to choose again.
    await form.document("passport_photo").setInputFiles(files.passport_photo);
    expect(await form.submitAndOpen()).toBe(reference);
    await expect(form.errorBox).toHaveCount(0);
    await expect(form.summaryValue(T.status)).toHaveText(T.awaitingPayment);

    // The application's page lists each document: a link to download it, its size and type,
    // and the start of its fingerprint; the optional one "Not uploaded".
    await expect(form.main.getByRole("heading", { level: 2, name: T.documentsHeading, exact: true })).toBeVisible();
    for (const d of PASSPORT.documents) {
      const row = form.uploadedDocument(d.label);
      await expect(row, `Documents row of ${d.code}`).toHaveCount(1);
      if (!d.required) {
        await expect(row).toHaveText(T.notUploaded);
        continue;
      }
      const file = files[d.code];
      const link = row.getByRole("link", { name: file.name, exact: true });
      await expect(link).toHaveAttribute("href", `/applications/${reference}/uploads/${d.code}`);
      await expect(link).toHaveAttribute("download", file.name);
      await expect(row).toHaveText(
        `${file.name} (${sizeLabel(file.buffer.length)}, ${KIND_LABEL[file.mimeType]}) ${sha256(file.buffer).slice(0, 12)}`,
      );
    }

    // Downloaded as sent, as an attachment, by the applicant; signed out: 401.
    for (const code of PASSPORT_REQUIRED) {
      const path = `/applications/${reference}/uploads/${code}`;
      const file = files[code];
      const got = await page.request.get(path);
      expect(got.status(), `GET ${path} as the applicant`).toBe(200);
      expect(got.headers()["content-type"], `type of ${code}`).toBe(file.mimeType);
      expect(got.headers()["content-disposition"], `disposition of ${code}`).toBe(`attachment; filename="${file.name}"`);
      const body = await got.body();
      expect(body.length, `size of ${code}`).toBe(file.buffer.length);
      expect(sha256(body), `bytes of ${code}`).toBe(sha256(file.buffer));
      const anonymous = await request.get(path);
      expect(anonymous.status(), `GET ${path} signed out`).toBe(401);
    }
    const none = await page.request.get(`/applications/${reference}/uploads/old_passport`);
    expect(none.status(), "a document never uploaded").toBe(404);

    // Submitted: the documents are frozen (the apply form's post, as a browser sends it, is refused).
    const replace = await page.request.post("/applications/save", {
      headers: { Origin: new URL(baseURL!).origin, Accept: "application/json" },
      multipart: {
        service: PASSPORT.code,
        reference,
        variant: "32-pages",
        "documents[passport_photo]": documentFile("jpeg", `other-${c.idNumber}.jpg`),
      },
    });
    expect(replace.status(), "replacing a document after submission").toBe(409);
    const still = await page.request.get(`/applications/${reference}/uploads/passport_photo`);
    expect(sha256(await still.body()), "the photo after a refused replacement").toBe(sha256(files.passport_photo.buffer));

    // Another citizen, signed in: no such document for them.
    const other = await anotherBrowser(browser, { baseURL, javaScriptEnabled, errors: browserErrors });
    try {
      await other.pages.signUp(request, newCitizen());
      for (const code of PASSPORT_REQUIRED) {
        const path = `/applications/${reference}/uploads/${code}`;
        const theirs = await other.page.request.get(path);
        expect(theirs.status(), `GET ${path} as another citizen`).toBe(404);
        expect(sha256(await theirs.body())).not.toBe(sha256(files[code].buffer));
      }
      const theirPage = await other.page.goto(`/applications/${reference}`);
      expect(theirPage?.status()).toBe(404);
      await expect(other.pages.heading).toHaveText(TEXT.en.notFoundHeading);
    } finally {
      await other.context.close();
    }
  });
});

test.describe(`documents on the apply form, axe-core: ${WCAG_TAGS.join(", ")}`, () => {
  test.describe.configure({ timeout: 120_000 });

  test("documents missing, a file refused in the browser, and the application's documents have no violations", async ({
    page,
    request,
  }, testInfo) => {
    // Every state is scanned even when an earlier one fails, so one run lists everything to fix.
    const check = async (name: string) => {
      const { violations } = await scan(page, testInfo, name);
      expect.soft(ruleIds(violations), `axe violations on ${name} (${page.url()}):\n\n${formatViolations(violations)}\n`).toEqual([]);
    };
    const c = newCitizen();
    await new AccountPages(page).signUp(request, c);
    const form = new ApplicationPages(page);

    await page.goto(PASSPORT.applyPath);
    await form.fillPassport(passportAnswers(c));
    await backWithProblems(page, form, T.submit);
    for (const code of PASSPORT_REQUIRED) await expect(form.problem(code)).toHaveText(T.noFile);
    await check("apply form, documents missing");

    await documentPickersReady(page, ["answer-passport_photo"]);
    await form.document("passport_photo").setInputFiles(documentFile("pdf", "photo.pdf"));
    await expect(form.problem("passport_photo")).toHaveText(T.fileType(PHOTO_TYPES));
    await check("apply form, a file refused in the browser");

    await form.chooseDocuments(passportDocuments(c));
    await form.submitAndOpen();
    await expect(form.main.getByRole("heading", { level: 2, name: T.documentsHeading, exact: true })).toBeVisible();
    await check("application with its documents");
  });
});
