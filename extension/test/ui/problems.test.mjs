// UI test, as a person would use the packaged extension in code-server (VS Code 1.100) in
// Chromium: the Problems panel shows the dalint problem, Ctrl+. offers its quick fix, applying it
// clears the problem. Screenshots go to $ARTIFACTS (artifacts/extension/).
//
//   CODE_SERVER_URL=http://127.0.0.1:PORT/ WORKSPACE=/abs/folder ARTIFACTS=dir node --test test/ui/
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { launchChromium, workbenchUrl } from "../harness/browser.mjs";

const baseUrl = process.env.CODE_SERVER_URL;
const workspace = process.env.WORKSPACE;
const artifacts = process.env.ARTIFACTS || path.resolve("artifacts");
const FILE = "guide-static-key.json";
const FAKE_KEY = "sk_live_51Hx9fakeKeyForDalintDemo0nly7Qp";

let browser;
let page;

async function shot(name) {
  fs.mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `${name}.png`) });
}

before(async () => {
  assert.ok(baseUrl && workspace, "CODE_SERVER_URL and WORKSPACE must be set");
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(workbenchUrl(baseUrl, workspace));
  await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
  // The explorer shows the folder once the workbench has restored.
  await page.locator(".explorer-folders-view").waitFor({ timeout: 60_000 });
});

after(async () => {
  await browser?.close();
});

/** Runs `body`; on failure keeps a screenshot of what the page showed. */
async function withFailureShot(name, body) {
  try {
    await body();
  } catch (error) {
    await shot(`failed-${name}`).catch(() => {});
    throw error;
  }
}

test("Problems panel shows the dalint problem; Ctrl+. applies its fix and clears it", { timeout: 120_000 }, () =>
  withFailureShot("quick-fix", async () => {
  // Open the action with Quick Open.
  await page.locator(".monaco-workbench").click({ position: { x: 700, y: 400 } });
  await page.keyboard.press("Control+P");
  const quickInput = page.locator(".quick-input-widget input");
  await quickInput.waitFor();
  await quickInput.fill(FILE);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: FILE }).first().waitFor();
  await page.keyboard.press("Enter");
  await page.locator(".monaco-editor .view-lines", { hasText: "POST_Telemetry_Event" }).waitFor();

  // Problems panel (Ctrl+Shift+M): a dalint SEC001 row.
  await page.keyboard.press("Control+Shift+M");
  const problems = page.locator(".markers-panel");
  await problems.waitFor();
  const row = problems.locator(".monaco-list-row", { hasText: "SEC001" }).first();
  await row.waitFor({ timeout: 30_000 });
  const rowText = await row.innerText();
  assert.match(rowText, /dalint/);
  assert.ok(!rowText.includes(FAKE_KEY), "the Problems panel must not show the secret");
  // The status bar counts this file's problems: one error (SEC001), one warning (SEC005).
  const status = page.locator(".statusbar-item", { hasText: /^dalint/ }).first();
  await status.waitFor();
  assert.match((await status.innerText()).replace(/\s+/g, " "), /^dalint 1 1\b/);
  await shot("1-problems-panel");

  // Select the problem (the editor selects its range), then Ctrl+. in the editor.
  await row.dblclick();
  await page.waitForFunction(() => document.activeElement?.closest(".monaco-editor") !== null);
  await page.keyboard.press("Control+.");
  const menu = page.locator(".action-widget");
  const wanted = /^SEC001: /;
  await menu.locator(".monaco-list-row.action", { hasText: wanted }).first().waitFor({ timeout: 30_000 });
  await shot("2-quick-fix-menu");
  // Keyboard, as a person would: the context view blocks pointer events in headless Chromium.
  for (let i = 0; i < 20; i++) {
    const focused = await menu.locator(".monaco-list-row.action.focused").getAttribute("aria-label");
    if (wanted.test(focused ?? "") && !/Explain rule/.test(focused ?? "")) break;
    await page.keyboard.press("ArrowDown");
  }
  await page.keyboard.press("Enter");

  // The key is gone from the editor, the payload opened beside it, the problem cleared.
  await page.locator(".monaco-editor .view-lines", { hasText: "secureData" }).first().waitFor({ timeout: 30_000 });
  await page.locator(".tab", { hasText: "Untitled" }).first().waitFor({ timeout: 30_000 });
  await problems.locator(".monaco-list-row", { hasText: "SEC001" }).first().waitFor({ state: "detached", timeout: 30_000 });
  await shot("3-after-fix");

  // dalint: Preview Request from the command palette, beside the action: redacted, read-only.
  await page.locator(".tab", { hasText: FILE }).first().click();
  await page.keyboard.press("F1");
  await quickInput.waitFor();
  await quickInput.fill(">dalint: Preview Request");
  await page.locator(".quick-input-list .monaco-list-row", { hasText: "Preview Request" }).first().waitFor();
  await page.keyboard.press("Enter");
  await page.locator(".tab", { hasText: `${FILE}.http` }).first().waitFor({ timeout: 30_000 });
  const preview = page.locator(".monaco-editor .view-lines", { hasText: "POST https://api.partner.example.com/v1/events" });
  await preview.first().waitFor({ timeout: 30_000 });
  assert.ok(!(await preview.first().innerText()).includes(FAKE_KEY));
  await shot("4-preview");
  }),
);
