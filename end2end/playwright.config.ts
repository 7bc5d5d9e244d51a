// End-to-end tests of the citizen portal in Chromium. Run them with `make test-e2e` (or
// `scripts/e2e.sh`), which builds the release server, starts it on a free port with the
// demo catalogue and an empty temporary database, and sets MLANGO_E2E_BASE_URL.
//
// Against a server you started yourself:
//   MLANGO_E2E_BASE_URL=http://127.0.0.1:3000 npx playwright test
//
// Browser: Debian's chromium (apt `chromium`), because `npx playwright install` cannot
// download browsers on our build machines. Override the path with MLANGO_E2E_CHROMIUM.
import { defineConfig, devices } from "@playwright/test";

// Where the server under test listens; defaults to the address of `make run`.
const baseURL = process.env.MLANGO_E2E_BASE_URL ?? "http://127.0.0.1:3000";

const chromium = {
  ...devices["Desktop Chrome"],
  browserName: "chromium" as const,
  // Without this the language middleware reads Accept-Language; pin it so a test machine
  // set to Kiswahili does not change what the English tests see.
  locale: "en-KE",
  launchOptions: {
    executablePath: process.env.MLANGO_E2E_CHROMIUM ?? "/usr/bin/chromium",
    // No network besides the server under test: nothing that phones home.
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  },
};

export default defineConfig({
  testDir: "./tests",
  // Page objects and helpers live in tests/fixtures; only *.spec.ts are tests.
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // A flaky test is a bug to fix (in the test or the product), never something to retry.
  retries: 0,
  workers: process.env.CI ? 1 : undefined,
  reporter: "list",
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      // Everything, with the islands hydrated.
      name: "js",
      use: { ...chromium, javaScriptEnabled: true },
    },
    {
      // The journeys tagged @no-js: the server-rendered pages and plain GET forms must work
      // for people whose browser does not run (or has not yet loaded) the wasm.
      name: "no-js",
      grep: /@no-js/,
      use: { ...chromium, javaScriptEnabled: false },
    },
  ],
});
