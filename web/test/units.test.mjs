// Unit tests of the page's pure helpers (no browser): settings, inventory parsing, preview
// formatting, the minimal change used for whole-document rewrites.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSettings, saveSettings, lintOptions, parseInventory } from '../src/settings.js';
import { actionAt, contractInputNames } from '../src/preview.js';
import { minimalChange } from '../src/editor.js';
import { startServer } from '../serve.mjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { get } from 'node:http';
import { join } from 'node:path';

function memoryStorage(initial = {}) {
  const data = { ...initial };
  return { getItem: (k) => data[k] ?? null, setItem: (k, v) => (data[k] = String(v)), data };
}

test('settings round-trip and malformed storage falls back to defaults', () => {
  const storage = memoryStorage();
  const settings = { ...loadSettings(storage), env: 'dev', rewriteTarget: 'credentials', inventory: ['a_dev'], rules: { SEC003: 'off' }, theme: 'dark' };
  saveSettings({ ...settings, documentText: 'never stored' }, storage);
  assert.ok(!storage.data['dalint.settings'].includes('never stored'));
  assert.deepEqual(loadSettings(storage), { ...settings, namingPattern: '', nonProductionPrefix: '' });
  const broken = loadSettings(memoryStorage({ 'dalint.settings': '{"rewriteTarget": "everywhere", "inventory": [1, "x"], "theme": 3' }));
  assert.equal(broken.rewriteTarget, 'auto');
  assert.equal(broken.theme, 'auto');
  const odd = loadSettings(memoryStorage({ 'dalint.settings': '{"rewriteTarget": "everywhere", "inventory": [1, "x"], "rules": {"SEC001": "loud", "SEC003": "off", "x": "off"}}' }));
  assert.deepEqual([odd.rewriteTarget, odd.inventory, odd.rules], ['auto', ['x'], { SEC003: 'off' }]);
});

test('lint options are the dalint.json object, leaving unset fields to the linter defaults', () => {
  const base = { env: '', rewriteTarget: 'auto', namingPattern: '', nonProductionPrefix: '', inventory: [], rules: {} };
  assert.deepEqual(lintOptions(base, 'a.json'), { rewriteTarget: 'auto', fileName: 'a.json' });
  assert.deepEqual(
    lintOptions({ ...base, env: ' dev ', inventory: ['x_dev'], namingPattern: '{service}_{env}', nonProductionPrefix: 'sbx_', rules: { ENV003: 'off' } }, 'b.jsonc'),
    { rewriteTarget: 'auto', env: 'dev', inventory: ['x_dev'], naming: { pattern: '{service}_{env}', nonProductionPrefix: 'sbx_' }, rules: { ENV003: 'off' }, fileName: 'b.jsonc' },
  );
});

test('inventory: names from arrays, Secure Data objects, list responses or lines; values dropped', () => {
  assert.deepEqual(parseInventory('["a_prod", "b_prod", "a_prod"]'), ['a_prod', 'b_prod']);
  assert.deepEqual(parseInventory('{"entities": [{"name": "x_prod", "secureData": {"value": "s3cr3t"}}]}'), ['x_prod']);
  assert.deepEqual(parseInventory('[{"name": "y_dev", "secureData": {"value": "v"}}]'), ['y_dev']);
  assert.deepEqual(parseInventory('one_prod\r\n two_prod \n\n'), ['one_prod', 'two_prod']);
  assert.deepEqual(parseInventory('  '), []);
});

test('preview: the action under the cursor is the one with the longest matching pointer', () => {
  const actions = [{ pointer: '/entities/0' }, { pointer: '/entities/1' }, { pointer: '/entities/10' }];
  assert.equal(actionAt(actions, '/entities/1/config/request').pointer, '/entities/1');
  assert.equal(actionAt(actions, '/entities/10').pointer, '/entities/10');
  assert.equal(actionAt(actions, '/pageSize').pointer, '/entities/0');
  assert.equal(actionAt([{ pointer: '' }], '/config/url').pointer, '');
  assert.equal(actionAt([], '/x'), null);
});

test('contract input names come from the action at its pointer', () => {
  const text = JSON.stringify({ entities: [{ contract: { input: { inputSchema: { properties: { a: {}, b: {} } } } } }] });
  assert.deepEqual(contractInputNames(text, '/entities/0'), ['a', 'b']);
  assert.deepEqual(contractInputNames(text, ''), []);
  assert.deepEqual(contractInputNames('{not json', ''), []);
});

test('minimalChange touches only the differing middle', () => {
  assert.deepEqual(minimalChange('Bearer sk_live_x", "y"', 'Bearer {{ref}}", "y"'), { from: 7, to: 16, insert: '{{ref}}' });
  assert.deepEqual(minimalChange('same', 'same'), { from: 4, to: 4, insert: '' });
  assert.deepEqual(minimalChange('aXa', 'aa'), { from: 1, to: 2, insert: '' });
  assert.deepEqual(minimalChange('', 'new'), { from: 0, to: 0, insert: 'new' });
});

test('the static server: next free port when taken, wasm MIME type, CSP header, no escape from its root', async () => {
  const root = mkdtempSync(join(tmpdir(), 'dalint-serve-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(root, 'm.wasm'), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
  const first = await startServer({ root, port: 0 });
  const second = await startServer({ root, port: first.port });
  try {
    assert.notEqual(second.port, first.port, 'a taken port is skipped');
    assert.ok(second.port > first.port);
    const index = await fetch(first.url);
    assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(index.headers.get('content-security-policy'), /script-src 'self' 'wasm-unsafe-eval'/);
    const wasm = await fetch(new URL('m.wasm', first.url));
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    assert.equal((await fetch(new URL('missing.js', first.url))).status, 404);
    // An encoded path that climbs out of the root (fetch would normalise a plain ../).
    const status = await new Promise((ok, fail) =>
      get({ host: '127.0.0.1', port: first.port, path: '/..%2f..%2f..%2fetc%2fpasswd' }, (r) => ok(r.statusCode)).on('error', fail),
    );
    assert.equal(status, 403);
    assert.equal((await fetch(first.url, { method: 'POST' })).status, 405);
  } finally {
    first.server.close();
    second.server.close();
  }
});
