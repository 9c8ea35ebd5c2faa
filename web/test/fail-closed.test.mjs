// Redaction fails closed on the page: the action of tests/fail_closed/planted.json, pasted, holds
// values where a credential can go (a human password in a form body, a short vendor header, a
// `#set($token = "…")`, a cookie, a URL password, a secret-named input's default). None of them
// may appear anywhere the page shows text besides the editor (which shows the user's own file);
// the values that are not credentials must. The places come from tests/fail_closed/surfaces.json
// (the core's registry of displays): a `page.…` entry without a check here fails the test.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHarness, pasteIntoEditor, screenshot } from './harness.mjs';

const failClosed = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests', 'fail_closed');
const planted = JSON.parse(readFileSync(resolve(failClosed, 'planted.json'), 'utf8'));
const { displays } = JSON.parse(readFileSync(resolve(failClosed, 'surfaces.json'), 'utf8'));

let harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness?.stop();
});

/** Text, attributes and form values of the element with `data-testid=testid`. */
function panel(page, testid) {
  return page.evaluate((id) => {
    const root = document.querySelector(`[data-testid="${id}"]`);
    if (!root) return null;
    const values = [...root.querySelectorAll('input, textarea, select')].map((e) => e.value);
    return [root.outerHTML, root.innerText, ...values].join('\n');
  }, testid);
}

/** What the page shows for each `page.…` display, gathered with `shown` for the visible values. */
const checks = {
  'page.problems': async (page) => [await panel(page, 'problems')],
  'page.preview': async (page) => {
    const preview = page.getByTestId('preview');
    await preview.locator('pre').waitFor();
    const views = [];
    for (const name of ['HTTP', 'curl', 'JSON']) {
      await preview.getByRole('tab', { name }).click();
      views.push(await panel(page, 'preview'));
    }
    await preview.getByRole('tab', { name: 'HTTP' }).click();
    return views;
  },
};

test('every page display of the registry has a check here', () => {
  const pageDisplays = displays.filter((d) => d.id.startsWith('page.')).map((d) => d.id);
  assert.ok(pageDisplays.length >= 2, pageDisplays.join(' '));
  for (const id of pageDisplays) assert.ok(checks[id], `no browser check for the registered display ${id}`);
});

test('values planted in credential positions never appear outside the editor; the others do', async () => {
  const { page, context } = await harness.newPage();
  await pasteIntoEditor(page, planted.action);
  await page.locator('[data-testid="diagnostic"][data-code="SEC001"]').first().waitFor();
  const whole = await page.evaluate(() => {
    const copy = document.documentElement.cloneNode(true);
    copy.querySelector('[data-testid="editor"]')?.remove();
    const values = [...document.querySelectorAll('input, textarea, select')]
      .filter((e) => !e.closest('[data-testid="editor"]'))
      .map((e) => e.value);
    return [copy.outerHTML, ...values].join('\n');
  });
  for (const display of displays.filter((d) => d.id.startsWith('page.'))) {
    const shown = await checks[display.id](page);
    assert.ok(shown.every((s) => typeof s === 'string' && s.length > 0), `${display.id} is not on the page`);
    for (const [i, hidden] of planted.hidden.entries()) {
      // The message names the planted value's index, never the value.
      assert.ok(!shown.some((s) => s.includes(hidden)), `${display.id} shows planted value #${i}`);
    }
    if (display.shows.startsWith('preview')) {
      for (const visible of planted.shown) {
        assert.ok(shown.every((s) => s.includes(visible)), `${display.id} hides ${visible}`);
      }
    }
  }
  for (const [i, hidden] of planted.hidden.entries()) {
    assert.ok(!whole.includes(hidden), `planted value #${i} is in the page's DOM outside the editor`);
  }
  await screenshot(page, 'fail-closed-preview');
  await context.close();
});
